"""Resolve what a user types (code, name, alias; any case) to one entity, and suggest when it names none.

Pure: works on a list of candidates. One way of suggesting serves the command line and seed
validation alike: by id, name and alias, exact (``India`` where the id ``IND`` is wanted) or close
(``Inida``).
"""

from __future__ import annotations

import difflib
import unicodedata
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
    curated: tuple[str, ...] = ()  # of those, the curated ones (seed files, not datasets)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id}, {self.kind})"


def key(text: str) -> str:
    """How names are compared: compatibility-normalised, case-folded, trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _names(candidate: Candidate) -> tuple[str, ...]:
    return (candidate.id, candidate.name, *candidate.aliases)


def suggest(text: str, candidates: Iterable[Candidate], limit: int = 3) -> str:
    """'IND' (India), or '…' or '…': the ids ``text`` most likely means; empty when nothing is close."""
    pool = list(candidates)
    wanted = key(text)
    exact = [c for c in pool if wanted in {key(n) for n in _names(c)}]
    if exact:
        return " or ".join(f"{c.id!r} ({c.name})" for c in exact[:limit])
    labels: dict[str, Candidate] = {}
    for c in pool:
        for n in _names(c):
            labels.setdefault(key(n), c)
    close = difflib.get_close_matches(wanted, list(labels), n=limit * 2, cutoff=0.6)
    seen = list(dict.fromkeys(labels[k].id for k in close))[:limit]
    by_id = {c.id: c for c in pool}
    return " or ".join(f"{i!r} ({by_id[i].name})" for i in seen)


def resolve(text: str, candidates: Iterable[Candidate], kinds: tuple[str, ...] | None = None) -> Candidate:
    """The one entity ``text`` names. Unknown: UsageError with suggestions; ambiguous: UsageError listing candidates."""
    pool = [c for c in candidates if kinds is None or c.kind in kinds]
    wanted = key(text)
    by_id = [c for c in pool if key(c.id) == wanted]
    if len(by_id) == 1:
        return by_id[0]
    hits = {c.id: c for c in pool if wanted in {key(n) for n in (c.name, *c.aliases)}}
    if len(hits) == 1:
        return next(iter(hits.values()))
    if len(hits) > 1:
        listed = ", ".join(c.label for c in sorted(hits.values(), key=lambda c: c.id))
        raise UsageError(f"{text!r} is ambiguous: it names {listed}.", "Use the id instead.")
    what = " or ".join(kinds) if kinds else "entity"
    close = suggest(text, pool)
    if close:
        hint = f"Did you mean {close}?"
    elif not pool:
        hint = "The graph holds none yet: load seed files first (`relgraph load seed/`)."
    else:
        hint = "Is the seed file or dataset that defines it loaded? (`relgraph sources`)"
    raise UsageError(f"No {what} named {text!r} in the graph.", hint)
