"""The dataset adapters, by the name `relgraph import` takes."""

from __future__ import annotations

from ..core.errors import UsageError
from .base import Adapter


def adapters() -> dict[str, type[Adapter]]:
    from .atop import Atop
    from .cow_contiguity import CowContiguity
    from .cow_igo import CowIgo
    from .cow_mid import CowMid
    from .cow_states import CowStates
    from .cow_trade import CowTrade
    from .sipri import Sipri
    from .unvotes import UnVotes

    found: list[type[Adapter]] = [CowStates, Atop, CowIgo, CowTrade, CowMid, CowContiguity, UnVotes, Sipri]
    return {a.info.name: a for a in found}


def get(name: str) -> Adapter:
    known = adapters()
    if name not in known:
        raise UsageError(
            f"No dataset adapter named {name!r}.",
            f"Adapters: {', '.join(sorted(known))} (`relgraph import --list` describes them).",
        )
    return known[name]()
