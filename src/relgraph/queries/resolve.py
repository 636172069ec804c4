"""Turn what a user types (an id, a code, a name, an alias) into entities of the graph."""

from __future__ import annotations

from ..core.errors import UsageError
from ..core.names import Candidate, resolve
from ..db.graph import Graph
from . import catalogue


def candidates(graph: Graph) -> list[Candidate]:
    """Every entity with its names (the loader's entity pool too)."""
    rows = graph.read(catalogue.get("find_entities"))
    return [Candidate(r["id"], r["kind"] or "", r["name"] or r["id"], tuple(r["aliases"]), tuple(r["sources"]),
                      tuple(r["curated"])) for r in rows]


def resolve_names(graph: Graph, *texts: str | None, kinds: tuple[str, ...] | None = None) -> list[Candidate | None]:
    """Resolve each text (None stays None) to one entity; UsageError (exit 2) when unknown or ambiguous."""
    pool = candidates(graph)
    return [None if text is None else resolve(text, pool, kinds=kinds) for text in texts]


def one(graph: Graph, text: str, kinds: tuple[str, ...] | None = None) -> Candidate:
    (found,) = resolve_names(graph, text, kinds=kinds)
    assert found is not None
    return found


def pair(graph: Graph, a: str, b: str, kinds: tuple[str, ...] | None = ("state",)) -> tuple[Candidate, Candidate]:
    """Two different entities (states by default)."""
    first, second = resolve_names(graph, a, b, kinds=kinds)
    assert first and second
    if first.id == second.id:
        raise UsageError(f"{a!r} and {b!r} name the same entity ({first.label}); give two different ones.")
    return first, second


def lineage(graph: Graph, entity: Candidate, include: bool = True) -> tuple[list[str], dict[str, str]]:
    """The entity's id and, when ``include``, those of the states it continues (Russia: the Soviet Union and the
    Russian Empire), with their names."""
    if not include or entity.kind != "state":
        return [entity.id], {entity.id: entity.name}
    rows = graph.read(catalogue.get("lineage"), {"id": entity.id})
    before = rows[0]["predecessors"] if rows else []
    names = dict(zip(before, rows[0]["names"])) if rows else {}
    return [entity.id, *before], {entity.id: entity.name, **names}
