"""The load and unload commands' library calls: do the work, then say what it did (a Report)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..core.results import Report
from ..db.graph import Graph
from ..queries.stats import counts
from .loader import BATCH_SIZE, Progress, Say, load_all, unload
from .results import _quiet
from .summary import load_report, unload_report


def load_paths(
    graph: Graph,
    paths: Iterable[str | Path],
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    transaction_size: int | None = None,
    say: Say | None = None,
) -> Report:
    summary = load_all(
        graph,
        paths,
        batch_size=batch_size,
        dry_run=dry_run,
        force=force,
        progress=progress,
        transaction_size=transaction_size,
        say=say or _quiet,
    )
    return load_report(summary, counts(graph))


def bulk_load_paths(paths: Iterable[str | Path], progress: Progress | None = None, say: Say | None = None) -> Report:
    """The first load into an empty managed database, through Neo4j's importer (``bulk.bulk_load``); its report
    is a normal load's, with a note on the import."""
    from .bulk import bulk_load

    summary, graph_counts, imported = bulk_load(paths, progress=progress, say=say or _quiet)
    report = load_report(summary, graph_counts)
    note = (
        (
            "bulk: imported offline by neo4j-admin (" + "; ".join(imported) + "); the managed server was stopped "
            "and started again"
        )
        if imported
        else "bulk: nothing to import"
    )
    return replace(report, notes=(*report.notes, note))


def unload_source(graph: Graph, source_id: str, say: Say | None = None) -> Report:
    result = unload(graph, source_id, say=say or _quiet)
    return unload_report(result, counts(graph))
