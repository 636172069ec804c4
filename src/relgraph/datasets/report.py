"""What `relgraph import` did, and what the adapters are, as reports the CLI renders.

JSON shape of ``relgraph import ... --format json``: the load report's (files, changes, dry_run, seconds,
phases, totals, graph, committed) plus ``rejected`` (rows not mapped: where, why) and ``rejected_count``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.results import Answer, Report
from ..loading.loader import LoadSummary
from ..loading.summary import load_report
from .base import Output
from .importer import describe_files, rejects_answer
from .registry import adapters

if TYPE_CHECKING:
    from ..db.graph import Graph
    from ..loading.loader import Progress, Say


def import_report(
    summary: LoadSummary, out: Output | None, graph_counts: dict[str, int], rows_per_second: float
) -> Report:
    base = load_report(summary, graph_counts)
    rejected = rejects_answer(out)
    notes = base.notes  # the rejected rows' own note says how many
    if out is not None:
        notes += (
            f"read {out.rows:,} rows ({rows_per_second:,.0f} rows/s) into {out.plan.claims:,} facts "
            f"and {len(out.plan.entities):,} entities",
        )
    return Report(
        base.title.replace("Load", "Import"),
        {**base.sections, "rejected": rejected},
        notes,
        {**base.extra, "rejected_count": out.rejects.count if out else 0},
    )


def adapters_answer() -> Answer:
    rows = []
    for name, adapter in sorted(adapters().items()):
        info = adapter.info
        rows.append(
            {
                "name": name,
                "source_id": info.source_id,
                "title": info.title,
                "version": info.version,
                "files": describe_files(adapter()),
                "citation": info.citation,
                "terms": info.terms,
            }
        )
    return Answer("Dataset adapters", ("name", "source_id", "title", "version", "files", "citation", "terms"), rows)


def import_and_report(
    graph: Graph,
    name: str,
    paths: Iterable[str | Path],
    strict: bool = False,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    say: Say | None = None,
) -> Report:
    """`relgraph import`'s one library call: import, then say what it did."""
    import time

    from ..queries.stats import counts
    from .importer import import_dataset

    started = time.perf_counter()
    from ..loading.results import _quiet

    summary, out = import_dataset(
        graph, name, paths, strict=strict, dry_run=dry_run, force=force, progress=progress, say=say or _quiet
    )
    rate = out.rows / max(summary.phases["parse"], 1e-9) if out else 0.0
    summary.seconds = time.perf_counter() - started
    return import_report(summary, out, counts(graph), rate)
