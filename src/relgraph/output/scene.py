"""A dyad's neighbourhood as a scene to draw: which nodes, where, which edges with what labels, and what was
left out. Pure: rows in, a Scene out (``pictures.figure`` draws it)."""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field

from ..core.errors import UsageError
from ..core.results import Neighbourhood

DRAW_LIMIT = 40  # edges drawn by default, the most relevant first
ROLE_ORDER = {"side": 0, "bilateral": 1, "influence": 2, "membership": 3, "tie": 4}
NAME_WIDTH = 18  # characters per line of a node's name
PER_ROW = 8  # nodes per row below the pair


@dataclass
class Node:
    id: str
    name: str
    kind: str
    x: float = 0.0
    y: float = 0.0

    @property
    def big(self) -> bool:
        return self.kind in ("state", "dyad") and abs(self.y) < 0.01

    @property
    def caption(self) -> str:
        """The name, wrapped to lines of about NAME_WIDTH characters (at most three, the last cut with …)."""
        spaced = self.name.replace("–", "–\x00 ")  # a line may break after a dash joining names
        lines = [
            line.replace("\x00 ", "").replace("\x00", "").strip() for line in textwrap.wrap(spaced, NAME_WIDTH)
        ] or [self.id]
        if len(lines) > 3:
            lines = lines[:2] + [lines[2][: NAME_WIDTH - 1] + "…"]
        return "\n".join(lines)


@dataclass
class Edge:
    source: str
    target: str
    label: str
    role: str
    facts: int = 1
    latest: int | None = None


@dataclass
class Scene:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    left_out_edges: int = 0
    left_out_facts: int = 0
    limit: int = DRAW_LIMIT

    @property
    def note(self) -> str:
        """What was left out, and how to ask for it ('' when nothing was)."""
        if not self.left_out_edges:
            return ""
        return (
            f"left out {self.left_out_facts} fact(s) on {self.left_out_edges} edge(s), the least tied; "
            f"draw them with --limit {self.limit + self.left_out_edges}"
        )


def _spread(count: int, width: float) -> list[float]:
    if count == 1:
        return [0.0]
    return [-width / 2 + i * width / (count - 1) for i in range(count)]


def _label(types: list[tuple[str, int | None]]) -> str:
    """Facts of one edge in one label: types (×N when repeated), then the years they span."""
    counts: dict[str, int] = defaultdict(int)
    for t, _ in types:
        counts[t] += 1
    names = [t + (f" ×{n}" if n > 1 else "") for t, n in sorted(counts.items())]
    years = sorted({y for _, y in types if y})
    when = f" {years[0]}" if len(years) == 1 else (f" {years[0]}–{years[-1]}" if years else "")
    if len(names) > 3:  # many kinds of fact: say how many
        return f"{len(types)} facts, {len(names)} types{when}"
    return "; ".join(names) + when


def scene(found: Neighbourhood, limit: int = DRAW_LIMIT) -> Scene:
    """Place the nodes: A left, B right, their relationship between them, influencers above,
    organisations, projects, treaties, events and laws below. Parallel facts between two nodes (either
    way) are one edge with one label. Only the ``limit`` most relevant edges are kept: the pair's own
    facts, then influences, memberships and shared ties, each the most tied and most recent first."""
    rows, a, b = found.rows, found.a, found.b
    out = Scene(found.title, limit=limit)
    names: dict[str, Node] = {}
    grouped: dict[tuple[str, str, str], list[tuple[str, int | None]]] = defaultdict(list)
    for row in rows:
        for key in ("source", "target"):
            nid = row[f"{key}_id"]
            names.setdefault(nid, Node(nid, row[key] or nid, row[f"{key}_kind"] or "dyad"))
        first, second = sorted((row["source_id"], row["target_id"]))
        if row["role"] == "bilateral":  # one edge for everything between the two, whichever way
            first, second = a, b
        elif row["role"] == "influence":
            first, second = row["source_id"], row["target_id"]
        grouped[(first, second, row["role"])].append((row["type"], row["year"]))
    if a not in names or b not in names:
        raise UsageError("Nothing to draw: the two states share no facts in the graph.")
    # One edge per pair of nodes: a pair met under two roles keeps the more telling one.
    by_pair: dict[frozenset[str], tuple[str, str, str]] = {}
    for edge_key in sorted(grouped, key=lambda k: ROLE_ORDER.get(k[2], 9)):
        pair = frozenset(edge_key[:2])
        if pair in by_pair:
            grouped[by_pair[pair]] += grouped.pop(edge_key)
        else:
            by_pair[pair] = edge_key
    edges = [
        Edge(s, t, _label(types), role, len(types), max((y for _, y in types if y), default=None))
        for (s, t, role), types in grouped.items()
    ]
    edges.sort(key=lambda e: (ROLE_ORDER.get(e.role, 9), -e.facts, -(e.latest or 0), e.source, e.target))
    kept, dropped = edges[:limit], edges[limit:]
    out.left_out_edges, out.left_out_facts = len(dropped), sum(e.facts for e in dropped)
    used = {a, b} | {n for e in kept for n in (e.source, e.target)}
    out.nodes = {nid: node for nid, node in names.items() if nid in used}
    out.nodes[a].x, out.nodes[b].x = -4.0, 4.0
    dyads = [n for n in out.nodes.values() if n.kind == "dyad"]
    for n in dyads:
        n.x, n.y = 0.0, 1.3
    influencers = sorted({e.source for e in kept if e.role == "influence"})
    for x, nid in zip(_spread(len(influencers), 7.0), influencers):
        out.nodes[nid].x, out.nodes[nid].y = x, 3.0
    placed = {a, b, *influencers, *(n.id for n in dyads)}
    sides: dict[str, set[str]] = defaultdict(set)
    for e in kept:
        for end, other in ((e.source, e.target), (e.target, e.source)):
            if end in (a, b):
                sides[other].add(end)
    # Tied to A only on the left, to both in the middle, to B only on the right.
    order = {frozenset({a}): 0, frozenset({a, b}): 1, frozenset({b}): 2}
    below = sorted(
        (n for n in out.nodes.values() if n.id not in placed),
        key=lambda n: (order.get(frozenset(sides[n.id]), 1), n.kind, n.name),
    )
    levels = max(1, math.ceil(len(below) / PER_ROW))
    for level in range(levels):
        group = below[level::levels]
        for x, node in zip(_spread(len(group), 10.0), group):
            node.x, node.y = x + (0.5 if level % 2 else 0.0), -2.4 - 1.5 * level
    for n in dyads:  # the relationship node hangs between its two states
        out.edges += [Edge(a, n.id, "", "side"), Edge(b, n.id, "", "side")]
    out.edges += [e for e in kept if e.role != "side"]
    return out
