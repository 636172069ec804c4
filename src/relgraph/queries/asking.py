"""What every answer does: ask a catalogue query and wrap its rows, note an as-of year, and widen a
state to its predecessors (the Soviet Union's facts for Russia)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.names import Candidate
from ..core.results import Answer
from ..db.graph import Graph
from . import catalogue
from .resolve import lineage


def as_of_note(as_of: int | None) -> tuple[str, ...]:
    return (f"as of {as_of}: facts begun by then and not ended; undated facts are kept",) if as_of else ()


def ask(
    graph: Graph,
    query: str,
    params: Mapping[str, Any],
    title: str,
    columns: tuple[str, ...],
    empty: str,
    as_of: int | None = None,
) -> Answer:
    rows = graph.read(catalogue.get(query), params)
    return Answer(title, columns, rows, empty, as_of_note(as_of))


def lineages(
    graph: Graph, first: Candidate, second: Candidate | None, predecessors: bool
) -> tuple[list[str], list[str] | None, dict[str, str], tuple[str, ...]]:
    """Both sides' ids with their predecessors, names, and a note saying whose facts are included."""
    a_ids, names = lineage(graph, first, predecessors)
    b_ids: list[str] | None = None
    if second is not None:
        b_ids, more = lineage(graph, second, predecessors)
        names.update(more)
    earlier = [names[i] for i in (*a_ids[1:], *(b_ids or [])[1:])]
    note = (
        (f"includes the facts of {', '.join(earlier)} (predecessor states; leave them out with --no-predecessors)",)
        if earlier
        else ()
    )
    return a_ids, b_ids, names, note
