"""Answers to analysts' questions: resolve names, run catalogue queries, return rows.

No printing here: each function returns an ``Answer`` that the CLI renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import catalogue
from .graph import Graph
from .names import Candidate, resolve


@dataclass(frozen=True)
class Answer:
    title: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    empty_note: str = "nothing found"


def candidates(graph: Graph) -> list[Candidate]:
    rows = graph.read(catalogue.get("find_entities"))
    return [Candidate(r["id"], r["kind"] or "", r["name"] or r["id"], tuple(r["aliases"])) for r in rows]


def resolve_states(graph: Graph, *texts: str) -> list[Candidate]:
    pool = candidates(graph)
    return [resolve(text, pool, kinds=("state",)) for text in texts]


def who_influences(graph: Graph, a: str, b: str) -> Answer:
    first, second = resolve_states(graph, a, b)
    rows = graph.read(catalogue.get("who_influences"), {"a": first.id, "b": second.id})
    return Answer(
        title=f"Who influences the {first.name}–{second.name} relationship",
        columns=("influencer", "influencer_id", "direction", "mechanism", "via", "since", "until", "cited"),
        rows=rows,
        empty_note=f"No third party is recorded as acting on the {first.name}–{second.name} relationship.",
    )


def counts(graph: Graph) -> dict[str, int]:
    return graph.read(catalogue.get("count_graph"))[0]


def checksum(graph: Graph) -> str:
    """A hash of everything in the graph (labels, ends, properties), independent of internal ids and order."""
    import hashlib
    import json

    rows = graph.read(catalogue.get("graph_content"))
    lines = sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
