"""The load and unload commands' library calls: do the work, then say what it did (a Report)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..core.results import Report
from ..db.graph import Graph
from ..queries.stats import counts
from .loader import BATCH_SIZE, TRANSACTION_SIZE, Progress, Say, load_all, unload
from .results import _quiet
from .summary import load_report, unload_report


def load_paths(graph: Graph, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE, dry_run: bool = False,
               force: bool = False, progress: Progress | None = None, transaction_size: int = TRANSACTION_SIZE,
               say: Say | None = None) -> Report:
    summary = load_all(graph, paths, batch_size=batch_size, dry_run=dry_run, force=force, progress=progress,
                       transaction_size=transaction_size, say=say or _quiet)
    return load_report(summary, counts(graph))


def unload_source(graph: Graph, source_id: str, say: Say | None = None) -> Report:
    result = unload(graph, source_id, say=say or _quiet)
    return unload_report(result, counts(graph))
