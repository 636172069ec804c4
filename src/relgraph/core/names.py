"""Resolve what a user types (code, name, alias; any case) to one entity.

Pure: works on a list of candidates fetched from the graph.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Candidate:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # the sources that define it

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id}, {self.kind})"


def resolve(text: str, candidates: Iterable[Candidate], kinds: tuple[str, ...] | None = None) -> Candidate:
    """The one entity ``text`` names. Unknown: UsageError with suggestions; ambiguous: UsageError listing candidates."""
    pool = [c for c in candidates if kinds is None or c.kind in kinds]
    key = text.strip().casefold()
    by_id = [c for c in pool if c.id.casefold() == key]
    if len(by_id) == 1:
        return by_id[0]
    hits = {c.id: c for c in pool if key in {n.casefold() for n in (c.name, *c.aliases)}}
    if len(hits) == 1:
        return next(iter(hits.values()))
    if len(hits) > 1:
        listed = ", ".join(c.label for c in sorted(hits.values(), key=lambda c: c.id))
        raise UsageError(f"{text!r} is ambiguous: it names {listed}.", "Use the id instead.")
    what = " or ".join(kinds) if kinds else "entity"
    labels = {n.casefold(): c for c in pool for n in (c.id, c.name, *c.aliases)}
    close = difflib.get_close_matches(key, list(labels), n=3, cutoff=0.6)
    seen = list(dict.fromkeys(labels[k].label for k in close))
    if seen:
        hint = f"Did you mean {' or '.join(seen)}?"
    elif not pool:
        hint = "The graph holds none yet: load seed files first (`relgraph load seed/`)."
    else:
        hint = "Is the seed file that defines it loaded? (`relgraph load PATH`)"
    raise UsageError(f"No {what} named {text!r} in the graph.", hint)
