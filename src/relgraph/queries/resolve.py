"""Turn what a user types (an id, a code, a name, an alias) into entities of the graph."""

from __future__ import annotations

from typing import Any

from ..core.errors import UsageError
from ..core.names import Candidate, key, resolve
from ..db.graph import Graph
from . import catalogue


def candidates(graph: Graph) -> list[Candidate]:
    """Every entity with its names (the loader's entity pool too)."""
    return [_candidate(r) for r in graph.read(catalogue.get("find_entities"))]


def _candidate(r: dict[str, Any]) -> Candidate:
    return Candidate(
        r["id"], r["kind"] or "", r["name"] or r["id"], tuple(r["aliases"]), tuple(r["sources"]), tuple(r["curated"])
    )


def resolve_names(graph: Graph, *texts: str | None, kinds: tuple[str, ...] | None = None) -> list[Candidate | None]:
    """Resolve each text (None stays None) to one entity; UsageError (exit 2) when unknown or ambiguous.

    The database is asked first for the entities the text may name (by a name's key, or an identifier such
    as a COW code); only a text that names none is compared with every entity, for suggestions."""
    out: list[Candidate | None] = []
    pool: list[Candidate] | None = None
    for text in texts:
        if text is None:
            out.append(None)
            continue
        near = [
            _candidate(r) for r in graph.read(catalogue.get("find_named"), {"key": key(text), "text": text.strip()})
        ]
        near = [c for c in near if kinds is None or c.kind in kinds]
        by_name = [c for c in near if key(text) in {key(n) for n in (c.id, c.name, *c.aliases)}]
        if by_name:
            out.append(resolve(text, by_name, kinds=kinds))  # an id first, then names; ambiguity reported
        elif len(near) == 1:
            out.append(near[0])  # an identifier: a COW code
        elif near:
            listed = ", ".join(c.label for c in near)
            raise UsageError(f"{text!r} is ambiguous: it names {listed}.", "Use the id instead.")
        else:
            pool = candidates(graph) if pool is None else pool
            out.append(resolve(text, pool, kinds=kinds))  # unknown: the message suggests close names
    return out


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
