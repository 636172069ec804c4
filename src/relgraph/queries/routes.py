"""Rank the paths between two entities the way an analyst would defend, and fold each step into words.

Pure: rows in (one per sequence of nodes, with every fact on each step, from the ``paths`` query), rows
out. The order:

1. **Shortest first**: fewer steps mean a closer connection.
2. **Kinds of route apart, each kind's best first**: a path's route is what it passes through (an
   organisation, a third state, a project, treaty or event, a law, a region or place, a person). Within a
   length, the strongest path of each route comes before the second strongest of any, so that many
   routes through third states cannot hide the one through an organisation.
3. **Strength**: the facts on the weakest step (a chain holds as well as its thinnest link), then the
   number of sources behind the whole path, then every fact on it.
4. **Recency**: the latest year of the stalest step (each step dated by the latest year its facts
   name: when they began, happened or ended); a path with an undated step comes after dated ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from ..core.vocabulary import SPECS

# What a path passes through, and which kind names the route when it passes through several.
ROUTES = {
    "organisation": "organisation",
    "project": "project/treaty/event",
    "treaty": "project/treaty/event",
    "event": "project/treaty/event",
    "law": "law",
    "region": "region/place",
    "place": "region/place",
    "person": "person",
    "state": "third state",
}
ROUTE_ORDER = ("organisation", "project/treaty/event", "law", "region/place", "person", "third state")
RANKING_HELP = (
    "Paths are grouped by their sequence of nodes and ranked: shortest first; within a length, the "
    "best path of each route (what it passes through: organisation, third state, "
    "project/treaty/event, law, region/place, person) before the second best of any, so one kind "
    "cannot crowd out the others; then by strength: the facts on its weakest step, the sources "
    "behind it, all its facts; then by recency: the latest year of its stalest step (undated steps last)."
)


def route_of(kinds: Sequence[str]) -> str:
    """The route of a path from the kinds of its inner nodes: the first of ROUTE_ORDER it passes through."""
    found = {ROUTES.get(kind, "region/place") for kind in kinds}
    return next((route for route in ROUTE_ORDER if route in found), "third state")


def _years(facts: Iterable[Mapping[str, Any]]) -> str:
    years = sorted({y for f in facts for y in (f.get("year_from"), f.get("year_to")) if y is not None})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def fold_facts(facts: Sequence[Mapping[str, Any]]) -> list[str]:
    """Facts between one node and another, folded by type and direction: ``MEMBER_OF → 2017``,
    ``← SUPPLIES_ARMS_TO ×2 1983–2014``, ``RIVALS 1947``.

    ``TYPE →``: the first node is the subject (``forward``); ``← TYPE``: the other one is; symmetric types
    have no arrow. ``×N`` counts facts of one type and direction; years span their beginnings and ends.
    """
    groups: dict[tuple[str, bool], list[Mapping[str, Any]]] = {}
    for fact in facts:
        symmetric = SPECS[fact["type"]].symmetric if fact["type"] in SPECS else False
        groups.setdefault((fact["type"], True if symmetric else bool(fact["forward"])), []).append(fact)
    parts = []
    for (type_, forward), group in sorted(groups.items()):
        symmetric = SPECS[type_].symmetric if type_ in SPECS else False
        text = type_ if symmetric else (f"{type_} →" if forward else f"← {type_}")
        if len(group) > 1:
            text += f" ×{len(group)}"
        years = _years(group)
        parts.append(f"{text} {years}" if years else text)
    return parts


def fold_step(left: str, right: str, facts: Sequence[Mapping[str, Any]]) -> str:
    """One step in words: ``Pakistan – India: RIVALS 1947; ← SUPPLIES_ARMS_TO ×2 1983–2014``."""
    return f"{left} – {right}: " + "; ".join(fold_facts(facts))


def year_span(*fact_lists: Iterable[Mapping[str, Any]]) -> tuple[int | None, int | None]:
    """The first and last year the facts name (beginnings, points and ends)."""
    years = [y for facts in fact_lists for f in facts for y in (f.get("year_from"), f.get("year_to")) if y is not None]
    return (min(years), max(years)) if years else (None, None)


@dataclass(frozen=True)
class Path:
    row: dict[str, Any]
    route: str
    weakest: int
    sources: int
    facts: int
    latest: int | None

    @property
    def strength(self) -> tuple[Any, ...]:
        """Sort key within a route: strongest, then most recent, then by name (stable)."""
        return (-self.weakest, -self.sources, -(self.latest or 0), -self.facts, tuple(self.row["path"]))


def describe(row: Mapping[str, Any]) -> Path:
    """A ``paths`` query row as an answer row, with what ranking needs."""
    names = [name or ident for name, ident in zip(row["names"], row["ids"])]
    steps = row["steps"]
    per_step = [len(facts) for facts in steps]
    sources = {s for facts in steps for f in facts for s in (f.get("sources") or [])}
    stale: list[int | None] = []  # per step: the latest year its facts are dated to (None: none is dated)
    for facts in steps:
        years = [y for f in facts for y in (f.get("year_to") or f.get("year_from"),) if y is not None]
        stale.append(max(years) if years else None)
    latest = None if not stale or None in stale else min(y for y in stale if y is not None)
    route = route_of(row["kinds"][1:-1])
    out = {
        "hops": row["hops"],
        "route": route,
        "path": names,
        "ids": list(row["ids"]),
        "steps": [fold_step(names[i], names[i + 1], facts) for i, facts in enumerate(steps)],
        "facts": per_step,
        "sources": len(sources),
        "latest": latest,
    }
    return Path(out, route, min(per_step) if per_step else 0, len(sources), sum(per_step), out["latest"])


def rank(rows: Iterable[Mapping[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Answer rows, ranked (see the module's docstring), at most ``limit``."""
    by_length: dict[int, dict[str, list[Path]]] = {}
    for row in rows:
        path = describe(row)
        by_length.setdefault(path.row["hops"], {}).setdefault(path.route, []).append(path)
    ranked: list[dict[str, Any]] = []
    for hops in sorted(by_length):
        routes = [sorted(paths, key=lambda p: p.strength) for paths in by_length[hops].values()]
        routes.sort(key=lambda paths: paths[0].strength)  # the route with the strongest path goes first
        for turn in zip_longest(*routes):
            ranked += [p.row for p in turn if p is not None]
    return ranked[:limit]
