"""Load sources into Neo4j: check everything first, then write each source's difference.

The guarantees (docs/loading.md says more):

- **Nothing is written if any input is invalid**: every file is parsed and checked, alone, together
  and against the database, before the first write.
- **Unchanged files are skipped without being read**: a file whose path and content hash match its
  source's manifest costs one hash.
- **A reload writes its difference**: the facts a source asserts are recorded beside the graph
  (``SourceFacts``: fact ids and claim digests), so a changed file is compared without scanning the
  graph, and only added, re-claimed and retracted facts are written.
- **Each source is all-or-nothing, and no reader sees half of it**: a source whose change fits in one
  transaction (``transaction_size`` facts) is written in one; a larger one is *staged*: written in parts
  marked with its load's id, invisible to every query, then published in one small transaction, then
  settled. A crash before publishing is undone by the next load; after publishing, finished.
- **One load writes at a time** (a lock in the database with a lease), so concurrent loads of
  overlapping files never interleave; the waiting one says so, and once it holds the lock reads again
  what each source held (a file another load has just written is skipped, a source id another file
  has just taken is refused).
- If the server fails part way through a multi-source load, the sources already committed are named
  (``LoadSummary.committed``); running the same load again completes it.
"""

from __future__ import annotations

import ctypes
import gc
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.errors import RelgraphError, UsageError
from ..db.graph import Graph, Tx
from ..queries import catalogue
from ..queries.resolve import candidates
from ..seeds.files import check_files, collect_files, read_text
from ..seeds.validation import ParsedSeed
from .changes import diff_ids
from .entities import CURATED
from .lock import LoadLock
from .plan import SourcePlan, chunks, plan_document
from .results import FileResult, InvalidSeeds, LoadSummary, Progress, Say, _quiet
from .schema import ensure_schema
from .sizing import transaction_size as fitting_transaction_size
from .spool import Pending, Spool, _absolute
from .writer import BATCH_SIZE, TRANSACTION_SIZE, Writer

__all__ = [
    "BATCH_SIZE",
    "TRANSACTION_SIZE",
    "Checked",
    "FileResult",
    "InvalidSeeds",
    "LoadSummary",
    "Pending",
    "Progress",
    "Say",
    "Spool",
    "Writer",
    "check_and_plan",
    "load_all",
    "manifest_of",
    "names_and_kinds",
    "unload",
    "write_pending",
]


def load_all(
    graph: Graph,
    paths: Iterable[str | Path],
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
    transaction_size: int | None = None,
    say: Say = _quiet,
    rank: int = CURATED,
) -> LoadSummary:
    """Check every file, then write (or with ``dry_run``, plan) each changed source. See the module doc."""
    started = time.perf_counter()
    summary = LoadSummary(dry_run=dry_run)
    spool = Spool()
    try:
        checked = check_and_plan(graph, paths, summary, spool, force=force, rank=rank)
        write_pending(
            graph,
            checked.pending,
            checked.manifests,
            summary,
            dry_run=dry_run,
            batch_size=batch_size,
            transaction_size=transaction_size,
            progress=progress,
            say=say,
            known=checked.known,
            force=force,
        )
    finally:
        spool.close()
    summary.files.sort(key=lambda f: f.path)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass
class Checked:
    """Files checked and planned, waiting to be written: their plans are in the spool."""

    pending: list[Pending]
    manifests: dict[str, dict[str, Any]]  # source id -> its manifest in the database
    known: list[Any]  # the entities the database holds (candidates)


def check_and_plan(
    graph: Graph,
    paths: Iterable[str | Path],
    summary: LoadSummary,
    spool: Spool,
    force: bool = False,
    rank: int = CURATED,
) -> Checked:
    """Everything a load does before its first write: collect the files, skip those unchanged since their
    manifest (recorded in ``summary``), check the others alone, together and against the database, and plan
    each into ``spool``. Raises InvalidSeeds (nothing is written) on any problem."""
    phases = summary.phases
    collected = collect_files(paths)
    manifests = {row["id"]: row for row in graph.read(catalogue.get("manifests"))}
    by_path = {row["path"]: row for row in manifests.values() if row["path"]}

    to_check: list[Path] = []
    for path in collected.files:
        t0 = time.perf_counter()
        text, digest, problem = read_text(path)
        phases["parse"] += time.perf_counter() - t0
        known_file = by_path.get(_absolute(path))
        if problem is None and not force and known_file and known_file["content_hash"] == digest:
            summary.files.append(FileResult(str(path), known_file["id"], "unchanged"))
        else:
            to_check.append(path)

    known = {c.id: c for c in candidates(graph)} if to_check else {}
    pending: list[Pending] = []

    def plan_file(seed: ParsedSeed) -> None:
        t0 = time.perf_counter()
        doc = seed.document
        assert doc is not None
        plan = plan_document(doc)
        pending.append(
            Pending(
                seed.path,
                seed.digest,
                plan.source_id,
                spool.put(plan),
                rank,
                plan.claims,
                plan.derived,
                len(plan.entities),
            )
        )
        phases["plan"] += time.perf_counter() - t0

    _, problems = check_files(to_check, known, phases, on_valid=plan_file)
    problems = sorted(problems + collected.problems)
    if problems:
        raise InvalidSeeds(problems)
    _refuse_takeovers(pending, manifests, force)
    return Checked(pending, manifests, list(known.values()))


def names_and_kinds(known: Iterable[Any], pending: Iterable[Pending]) -> tuple[dict[str, str], dict[str, str]]:
    """Every entity's name and kind, from the database and then the checked files (dyads are named from
    these; a file's entity kind wins over the database's)."""
    known = list(known)
    names = {c.id: c.name for c in known}
    kinds = {c.id: c.kind for c in known}
    for p in pending:
        for e in Spool.header(p.spooled).entities:
            names.setdefault(e.id, str(e.props.get("name") or e.id))
            kinds[e.id] = e.kind
    return names, kinds


def write_pending(
    graph: Graph,
    pending: list[Pending],
    manifests: Mapping[str, Mapping[str, Any]],
    summary: LoadSummary,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    transaction_size: int | None = None,
    progress: Progress | None = None,
    say: Say = _quiet,
    known: list[Any] | None = None,
    force: bool = False,
    refuse_takeovers: bool = True,
) -> None:
    """Write (or with ``dry_run``, plan) checked sources, each all-or-nothing, under the load lock.

    Another load may have written while this one was checking: under the lock, what each source holds is
    read again, so its diff retracts the right facts, a source just written by the other load is skipped as
    unchanged, and (``refuse_takeovers``) a source id another file has just taken is refused."""
    names, kinds = names_and_kinds(candidates(graph) if known is None else known, pending)
    if transaction_size is None:
        transaction_size = fitting_transaction_size(graph) if pending else TRANSACTION_SIZE
    writer = Writer(graph, None, names, kinds, batch_size, transaction_size, progress or _quiet)
    if dry_run:
        for p in pending:
            summary.files.append(_dry(writer, p, manifests.get(p.source_id)))
    elif pending:
        with LoadLock(graph, say) as lock:
            ensure_schema(graph)  # under the lock: no load writes while another creates the schema
            writer.lock = lock
            recover(graph, writer, say)
            manifests = {row["id"]: row for row in graph.read(catalogue.get("manifests"))}
            if refuse_takeovers:
                _refuse_takeovers(pending, manifests, force)
            for p in pending:
                now = manifests.get(p.source_id)
                if not force and now and now["path"] == p.origin and now["content_hash"] == p.digest:
                    summary.files.append(FileResult(p.path, p.source_id, "unchanged"))
                    continue
                summary.files.append(_write_one(writer, p, now, summary.phases, summary))
                give_back_memory()  # the source's plan is gone; the next may be the largest


def recover(graph: Graph, writer: Writer, say: Say) -> None:
    """Finish or undo staged loads a crash left behind (under the load lock)."""
    for row in graph.read(catalogue.get("loads")):
        publish = row["state"] == "published"
        say(f"{'finishing' if publish else 'undoing'} an interrupted load of {', '.join(row['sources'] or [])} ...")
        writer.finish(row["id"], None, publish=publish)


def give_back_memory() -> None:
    """Return freed memory to the system between sources (glibc keeps freed pages of a large plan otherwise,
    and the process's peak is the sum of what it kept and the next source)."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _refuse_takeovers(pending: list[Pending], manifests: Mapping[str, Mapping[str, Any]], force: bool) -> None:
    for p in pending:
        before = manifests.get(p.source_id)
        if before and before["path"] and before["path"] != p.origin and not force:
            raise UsageError(
                f"{p.path}: source id {p.source_id!r} was loaded from {before['path']}.",
                "Two files may not share a source id. Give this file its own source.id, or, if it replaces "
                "the old file, pass --force (what the old file asserted and this one does not is retracted).",
            )


def manifest_of(p: Pending, plan: SourcePlan) -> dict[str, Any]:
    return {
        "path": p.origin,
        "content_hash": p.digest,
        "relgraph_version": __version__,
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rank": p.rank,
        "entity_count": len(plan.entities),
        "fact_count": len(plan.facts),
    }


def _dry(writer: Writer, p: Pending, before: Mapping[str, Any] | None) -> FileResult:
    t0 = time.perf_counter()
    plan = Spool.get(p.spooled)
    old = writer.old_digests(writer.graph, p.source_id) if before else {}
    diff = diff_ids(old, plan.digests())
    changes, counts = writer.describe(plan, diff, writer.old_entities(p.source_id) if before else [])
    return FileResult(
        p.path,
        p.source_id,
        "changed" if before else "new",
        p.entities,
        p.claims,
        p.derived,
        counts,
        changes,
        {},
        time.perf_counter() - t0,
    )


def _write_one(
    writer: Writer, p: Pending, before: Mapping[str, Any] | None, phases: dict[str, float], summary: LoadSummary
) -> FileResult:
    t0 = time.perf_counter()
    plan = Spool.get(p.spooled)
    old = writer.old_digests(writer.graph, p.source_id) if before else {}
    diff = diff_ids(old, plan.digests())
    changes, counts = writer.describe(plan, diff, writer.old_entities(p.source_id) if before else [])
    t1 = time.perf_counter()
    phases["plan"] += t1 - t0
    try:
        result = writer.write(plan, p, manifest_of(p, plan), diff)
    except RelgraphError as exc:
        if summary.committed:
            exc.hint = ((exc.hint + "\n") if exc.hint else "") + (
                f"Committed before this failure: {', '.join(summary.committed)}; run the same load again to finish."
            )
        raise
    phases["write"] += time.perf_counter() - t1
    summary.committed.append(p.source_id)
    result.status = "changed" if before else "new"
    result.entities, result.facts, result.derived = p.entities, p.claims, p.derived
    result.counts, result.changes, result.seconds = counts, changes, time.perf_counter() - t0
    return result


# --- unloading --------------------------------------------------------------------------


def unload(graph: Graph, source_id: str, say: Say = _quiet, progress: Progress | None = None) -> FileResult:
    """Remove exactly what one source contributed; what other sources also assert stays."""
    started = time.perf_counter()
    manifests = {row["id"]: row for row in graph.read(catalogue.get("manifests"))}
    if source_id not in manifests:
        known = sorted(manifests)
        raise UsageError(
            f"No source {source_id!r} is loaded.",
            f"Loaded sources: {', '.join(known)}" if known else "Nothing is loaded.",
        )
    known = candidates(graph)
    writer = Writer(
        graph,
        None,
        {c.id: c.name for c in known},
        {c.id: c.kind for c in known},
        progress=progress or _quiet,
        label=source_id,
    )
    with LoadLock(graph, say) as lock:
        ensure_schema(graph)
        writer.lock = lock
        recover(graph, writer, say)
        old = writer.old_digests(graph, source_id)
        empty = SourcePlan({"id": source_id})
        diff = diff_ids(old, {})
        changes, counts = writer.describe(empty, diff, writer.old_entities(source_id))
        pf = Pending(
            manifests[source_id]["path"] or "", "", source_id, Path(), int(manifests[source_id]["rank"] or 0), 0, 0, 0
        )
        holder: dict[str, Any] = {}

        def finish(tx: Tx) -> None:
            tx.run(catalogue.get("delete_source"), {"source_id": source_id})
            holder["counters"] = dict(tx.counters)

        if diff.size <= writer.transaction_size:

            def work(tx: Tx) -> None:
                lock.renew(tx)
                rows, orphans, _ = writer.entity_rows(empty, pf.rank)
                for batch in chunks(rows, writer.batch_size):
                    tx.run(catalogue.get("write_entities"), {"rows": batch})
                touched = writer._write_facts(tx, empty, [], diff.retracted, None, [0], diff.size)
                if orphans:
                    tx.run(catalogue.get("delete_entities"), {"ids": orphans})
                if touched:
                    tx.run(catalogue.get("prune_dyads"), {"ids": sorted(touched)})
                writer.record_disputes(tx)
                finish(tx)

            graph.transaction(work, write=True, label=f"unload {source_id}")
            counters = holder["counters"]
        else:
            result = writer._staged(empty, pf, {}, diff, [], writer.transaction_size)
            graph.transaction(finish, write=True, label=f"unload {source_id}")
            counters = {**result.counters, **{k: result.counters.get(k, 0) + v for k, v in holder["counters"].items()}}
    return FileResult(
        pf.path,
        source_id,
        "unloaded",
        counts=counts,
        changes=changes,
        counters=counters,
        seconds=time.perf_counter() - started,
    )
