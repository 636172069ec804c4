"""What a load or an unload did, as a report the CLI renders (and scripts read as JSON).

JSON shape of ``relgraph load --format json`` (a documented contract, tested):
``{"files": [...], "changes": [...], "dry_run": bool, "seconds": float, "phases": {...}, "totals": {...},
"graph": {"nodes": int, "relationships": int}}``.
"""

from __future__ import annotations

from typing import Any

from ..core.results import Answer, Report
from .loader import FileResult, LoadSummary

FILE_COLUMNS = (
    "path",
    "source_id",
    "status",
    "entities",
    "facts",
    "derived_facts",
    "added",
    "changed",
    "updated",
    "retracted",
    "seconds",
)
CHANGE_COLUMNS = ("path", "source_id", "change", "what", "type", "subject", "object", "detail", "before", "after")
CHANGE_KINDS = ("added", "changed", "updated", "retracted")
FILE_LINE = (
    "{path} ({source_id}, {status}): {entities} entities, {facts} facts, {derived_facts} derived; "
    "{added} added, {changed} changed, {updated} updated, {retracted} retracted; {seconds} s"
)


def _file_row(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "source_id": result.source_id,
        "status": result.status,
        "entities": result.entities,
        "facts": result.facts,
        "derived_facts": result.derived,
        "seconds": round(result.seconds, 3),
        **{kind: result.count(kind) for kind in CHANGE_KINDS},
    }


def _change_rows(result: FileResult, all_changes: bool) -> list[dict[str, Any]]:
    changes = result.changes if all_changes else [c for c in result.changes if c.what == "fact"]
    return [
        {
            "path": result.path,
            "source_id": result.source_id,
            "change": c.change,
            "what": c.what,
            "type": c.type,
            "subject": c.subject,
            "object": c.object,
            "detail": c.describe(),
            "before": c.before,
            "after": c.after,
        }
        for c in changes
    ]


def load_report(summary: LoadSummary, graph_counts: dict[str, int]) -> Report:
    files = [_file_row(f) for f in summary.files]
    changed = [f for f in summary.files if f.status != "unchanged"]
    # Every planned change for a dry run; the changed facts of a reload (a new file's are all "added").
    changes = [
        row for f in changed if summary.dry_run or f.status == "changed" for row in _change_rows(f, summary.dry_run)
    ]
    totals = {
        **{kind: summary.changes(kind) for kind in CHANGE_KINDS},
        **{
            key: summary.total(key)
            for key in (
                "nodes_created",
                "nodes_deleted",
                "relationships_created",
                "relationships_deleted",
                "properties_set",
            )
        },
        "files_loaded": summary.loaded,
        "files_skipped": summary.skipped,
        "facts_written": summary.facts_written,
    }
    rate = (
        summary.facts_written / summary.phases["write"] if summary.phases.get("write") and summary.facts_written else 0
    )
    lead = "dry run, nothing written: " if summary.dry_run else ""
    notes = [
        f"{lead}{summary.loaded} file(s) to load, {summary.skipped} unchanged (skipped); facts "
        + ", ".join(f"{totals[k]} {k}" for k in CHANGE_KINDS)
    ]
    if not summary.dry_run:
        notes.append(
            f"nodes: {totals['nodes_created']} created, {totals['nodes_deleted']} deleted; relationships: "
            f"{totals['relationships_created']} created, {totals['relationships_deleted']} deleted; "
            f"{totals['properties_set']} properties set; {summary.seconds:.2f} s"
            + (f" ({rate:,.0f} facts/s written)" if rate else "")
        )
    described = sum(1 for f in changed for c in f.changes if c.what == "fact")
    if summary.facts_written > described and (summary.dry_run or any(f.status == "changed" for f in changed)):
        notes.append(f"{summary.facts_written - described} fact changes are counted, not listed one by one")
    notes.append(f"graph now holds {graph_counts['nodes']} nodes and {graph_counts['relationships']} relationships")
    title = "Load plan (dry run)" if summary.dry_run else "Load"
    return Report(
        title,
        {
            "files": Answer("Files", FILE_COLUMNS, files, "no files", line_format=FILE_LINE),
            "changes": Answer(
                "Changes" + (" planned" if summary.dry_run else ""),
                CHANGE_COLUMNS,
                changes,
                "no changes",
                line_format="  {detail}",
            ),
        },
        tuple(notes),
        {
            "dry_run": summary.dry_run,
            "seconds": round(summary.seconds, 3),
            "phases": {k: round(v, 3) for k, v in summary.phases.items()},
            "totals": totals,
            "graph": graph_counts,
            "committed": summary.committed,
        },
    )


def unload_report(result: FileResult, graph_counts: dict[str, int]) -> Report:
    c = result.counters
    notes = (
        f"unloaded {result.source_id}: {result.count('retracted')} facts and "
        f"{result.count('retracted', 'entity')} entity definitions withdrawn; "
        f"{c.get('relationships_deleted', 0)} relationships and {c.get('nodes_deleted', 0)} nodes deleted "
        "(the rest is asserted by other sources)",
        f"graph now holds {graph_counts['nodes']} nodes and {graph_counts['relationships']} relationships",
    )
    return Report(
        f"Unload {result.source_id}",
        {
            "changes": Answer(
                "Withdrawn", CHANGE_COLUMNS, _change_rows(result, True), "nothing withdrawn", line_format="  {detail}"
            ),
        },
        notes,
        {"source_id": result.source_id, "counters": c, "graph": graph_counts},
    )
