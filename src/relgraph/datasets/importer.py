"""``relgraph import DATASET PATH...``: read a dataset's files with its adapter, then load the result
like a seed file (manifest, unchanged files skipped, a new version applied as a diff, dry run, unload).

The files are named on the command line in any order; each is matched to the adapter's expected files
by name (``.gz`` or not). The source's content hash covers all of them: an unchanged re-import is
skipped after hashing, without reading a row.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import DataError, UsageError
from ..core.results import Answer
from ..db.graph import Graph
from ..loading.entities import DATASET
from ..loading.loader import (
    BATCH_SIZE,
    FileResult,
    LoadSummary,
    Pending,
    Progress,
    Say,
    Spool,
    write_pending,
)
from ..loading.plan import SourcePlan
from ..loading.results import _quiet
from ..queries import catalogue
from ..queries.resolve import candidates
from . import registry
from .base import Adapter, Output


def match_files(adapter: Adapter, paths: Iterable[str | Path]) -> dict[str, Path]:
    """Which given file is which of the adapter's files; a clear error for unknown or missing ones."""
    specs = adapter.info.files
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        spec = next((s for s in specs if s.matches(path)), None)
        if spec is None:
            expected = ", ".join(f"{n}[.gz]" for s in specs for n in s.names)
            raise UsageError(f"{path.name} is not a file of {adapter.info.name}; it takes {expected}.")
        if spec.role in found:
            raise UsageError(f"{path} and {found[spec.role]} are both the {spec.role} file of {adapter.info.name}.")
        found[spec.role] = path
    missing = [s for s in specs if s.required and s.role not in found]
    if missing:
        raise UsageError(
            f"{adapter.info.name} needs {', '.join(n for s in missing for n in s.names)} as well.",
            f"Its files: {describe_files(adapter)}",
        )
    return found


def describe_files(adapter: Adapter) -> str:
    return "; ".join(
        f"{'/'.join(s.names)} ({s.about or s.role}{'' if s.required else ', optional'})" for s in adapter.info.files
    )


def digest(files: dict[str, Path]) -> str:
    """One content hash for all of a dataset's files (by role, so the order given does not matter)."""
    total = hashlib.sha256()
    for role in sorted(files):
        total.update(role.encode() + b"\0")
        with open(files[role], "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                total.update(block)
    return "sha256:" + total.hexdigest()


def read(adapter: Adapter, files: dict[str, Path], progress: Progress = _quiet) -> Output:
    out = Output(SourcePlan(adapter.info.source_row()))
    adapter.read(files, out, progress)
    return out


def import_dataset(
    graph: Graph,
    name: str,
    paths: Iterable[str | Path],
    strict: bool = False,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    say: Say = _quiet,
    batch_size: int = BATCH_SIZE,
    transaction_size: int | None = None,
) -> tuple[LoadSummary, Output | None]:
    adapter = registry.get(name)
    started = time.perf_counter()
    files = match_files(adapter, paths)
    summary = LoadSummary(dry_run=dry_run)
    shown = "; ".join(str(files[r]) for r in sorted(files))
    absolute = "; ".join(str(files[r].resolve()) for r in sorted(files))
    t0 = time.perf_counter()
    content = digest(files)
    summary.phases["parse"] += time.perf_counter() - t0
    manifests = {row["id"]: row for row in graph.read(catalogue.get("manifests"))}
    before = manifests.get(adapter.info.source_id)
    if before and before["content_hash"] == content and not force:
        summary.files.append(FileResult(shown, adapter.info.source_id, "unchanged"))
        summary.seconds = time.perf_counter() - started
        return summary, None
    t0 = time.perf_counter()
    out = read(adapter, files, progress or _quiet)
    summary.phases["parse"] += time.perf_counter() - t0
    if strict and out.rejects.count:
        raise DataError(
            f"{out.rejects.count} rows of {name} could not be mapped (--strict): " + "; ".join(out.rejects.first[:5]),
            "Nothing was written.",
        )
    t0 = time.perf_counter()
    plan = out.plan
    notes = check_against_graph(plan, candidates(graph))
    summary.phases["validate"] += time.perf_counter() - t0
    spool = Spool()
    try:
        pending = Pending(
            shown,
            content,
            plan.source_id,
            spool.put(plan),
            DATASET,
            plan.claims,
            plan.derived,
            len(plan.entities),
            absolute=absolute,
        )
        # The writer reads the plan back from the spool: keep only what the report needs, so the facts
        # are not held twice while they are written.
        out.plan = SourcePlan(plan.source, plan.entities, {}, plan.claims, plan.derived)
        del plan
        write_pending(
            graph,
            [pending],
            manifests,
            summary,
            dry_run=dry_run,
            batch_size=batch_size,
            transaction_size=transaction_size,
            progress=progress,
            say=say,
            force=force,
            refuse_takeovers=False,
        )
    finally:
        spool.close()
    for note in notes:
        say(note)
    summary.seconds = time.perf_counter() - started
    return summary, out


def check_against_graph(plan: SourcePlan, known: list) -> list[str]:  # type: ignore[type-arg]
    """Refuse an entity the graph holds as another kind; drop aliases that already name another entity
    (the dataset's names are kept side by side with curated ones, never replacing them)."""
    by_id = {c.id: c for c in known}
    owner: dict[str, str] = {}
    for c in known:
        for alias in (c.id, c.name, *c.aliases):
            owner.setdefault(alias.casefold(), c.id)
    for e in plan.entities:  # within the dataset, an entity's own id and name come before others' aliases
        for alias in (e.id, str(e.props.get("name") or "")):
            if alias:
                owner.setdefault(alias.casefold(), e.id)
    notes: list[str] = []
    conflicts = [
        f"{e.id!r} is {there.kind} in the graph, not {e.kind}"
        for e in plan.entities
        if (there := by_id.get(e.id)) is not None and there.kind != e.kind
    ]
    if conflicts:
        raise DataError(
            "The dataset defines entities the graph holds as another kind: " + "; ".join(conflicts[:5]),
            "Nothing was written.",
        )
    dropped: list[str] = []
    for entity in plan.entities:
        kept = []
        for alias in entity.aliases:
            holder = owner.get(alias.casefold())
            if holder is not None and holder != entity.id:
                dropped.append(f"{alias!r} of {entity.id} (names {holder})")
                continue
            kept.append(alias)
            owner.setdefault(alias.casefold(), entity.id)
        entity.aliases = kept
    if dropped:
        notes.append(
            f"note: {len(dropped)} alias(es) that already name another entity were left out: "
            + "; ".join(dropped[:5])
            + (" ..." if len(dropped) > 5 else "")
        )
    return notes


def rejects_answer(out: Output | None) -> Answer:
    rows = [
        {"where": r.rsplit(": ", 1)[0], "why": r.rsplit(": ", 1)[1] if ": " in r else r}
        for r in (out.rejects.first if out else [])
    ]
    notes: tuple[str, ...] = ()
    if out and out.rejects.count:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(out.rejects.by_reason.items(), key=lambda kv: -kv[1]))
        notes = (f"{out.rejects.count} row(s) could not be mapped ({reasons}); the first are listed",)
    return Answer(
        "Rows not mapped", ("where", "why"), rows, "every row was mapped", notes, line_format="{where}: {why}"
    )
