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
  overlapping files never interleave; the waiting one says so.
- If the server fails part way through a multi-source load, the sources already committed are named
  (``LoadSummary.committed``); running the same load again completes it.
"""

from __future__ import annotations

import os
import pickle
import secrets
import socket
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil

from .. import __version__
from ..core.errors import DataError, RelgraphError, UsageError
from ..core.vocabulary import SPECS
from ..db.graph import Graph, Tx
from ..queries import catalogue
from ..queries.factqueries import add_name, constraint_name, retract_name, rollback_name, settle_name
from ..queries.resolve import candidates
from ..seeds.files import check_files, collect_files, read_text
from ..seeds.validation import ParsedSeed, Problem
from .entities import CURATED, StoredDef, node_row, replace_def, stored_defs
from .plan import (CLAIM_LISTS, Change, EntityDef, FactDiff, SourcePlan, chunks, diff_ids, dyads_of, entity_changes,
                   fact_changes, plan_document)

BATCH_SIZE = 5000  # rows per UNWIND
TRANSACTION_SIZE = 100_000  # facts changed in one transaction; a larger change is staged
CHUNK = 50_000  # fact ids per SourceFacts node
LEASE_MS = 180_000  # the load lock's lease, renewed as the load goes
MAX_DETAILS = 2_000  # changes described one by one; beyond, counts only
SCHEMA = ("constraint_entity_id", "constraint_dyad_id", "constraint_source_id", "schema_load_lock", "schema_load_id",
          "schema_source_facts_source", *(constraint_name(relation) for relation in SPECS))

# Called with (what, done, total) as rows are written.
Progress = Callable[[str, int, int], None]
Say = Callable[[str], None]


def _quiet(*_: Any) -> None:
    pass


class InvalidSeeds(DataError):
    """Validation failed; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__("\n".join(map(str, problems)),
                         f"{len(problems)} {noun} found; nothing was written to the database.")
        self.problems = problems


@dataclass
class FileResult:
    path: str
    source_id: str
    status: str  # new, changed, unchanged, unloaded
    entities: int = 0
    facts: int = 0  # facts as the file lists them
    derived: int = 0  # facts implied by entity definitions (a successor)
    counts: dict[str, int] = field(default_factory=dict)  # added, changed, updated, retracted
    changes: list[Change] = field(default_factory=list)  # described one by one (at most MAX_DETAILS)
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    staged: bool = False

    def count(self, change: str, what: str = "fact") -> int:
        if what == "fact":
            return self.counts.get(change, 0)
        return sum(1 for c in self.changes if c.change == change and c.what == what)


@dataclass
class LoadSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    phases: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "validate": 0.0, "plan": 0.0, "write": 0.0})
    committed: list[str] = field(default_factory=list)

    def total(self, counter: str) -> int:
        return sum(f.counters.get(counter, 0) for f in self.files)

    def changes(self, change: str, what: str = "fact") -> int:
        return sum(f.count(change, what) for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(1 for f in self.files if f.status != "unchanged")

    @property
    def skipped(self) -> int:
        return sum(1 for f in self.files if f.status == "unchanged")

    @property
    def facts_written(self) -> int:
        return sum(f.counts.get("added", 0) + f.counts.get("changed", 0) + f.counts.get("updated", 0)
                   + f.counts.get("retracted", 0) for f in self.files if f.status != "unchanged")


def ensure_schema(graph: Graph) -> None:
    """Create the constraints and indexes that are missing, in one transaction, and wait for them."""
    existing = {row["name"] for row in graph.read(catalogue.get("schema_names"))}
    wanted = [catalogue.get(name) for name in SCHEMA]
    missing = [q for q in wanted if _schema_object(q.text) not in existing]
    if missing:
        graph.schema_batch(missing)


def _schema_object(text: str) -> str:
    return text.split()[2]  # CREATE CONSTRAINT <name> / CREATE INDEX <name>


# --- the lock ---------------------------------------------------------------------------


class LoadLock:
    """One load writes at a time: a lock node with a lease, renewed while the load runs."""

    def __init__(self, graph: Graph, say: Say = _quiet, wait: float = 3600.0) -> None:
        self.graph = graph
        self.say = say
        self.wait = wait
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.holder = f"{self.host}:{self.pid}:{secrets.token_hex(4)}"

    def params(self) -> dict[str, Any]:
        return {"holder": self.holder, "host": self.host, "pid": self.pid, "lease_ms": LEASE_MS}

    def renew(self, tx: Tx) -> None:
        rows = tx.write_rows(catalogue.get("lock_acquire"), self.params())
        if rows[0]["holder"] != self.holder:
            raise DataError("Another load took the load lock while this one was writing (its lease ran out).",
                            "Run the load again; if a server is very slow, see docs/loading.md.")

    def __enter__(self) -> "LoadLock":
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            row = self.graph.transaction(lambda tx: tx.write_rows(catalogue.get("lock_acquire"), self.params())[0],
                                         write=True, label="lock")
            if row["holder"] == self.holder:
                return self
            if row["host"] == self.host and row["pid"] and not psutil.pid_exists(int(row["pid"])):
                self.graph.transaction(lambda tx: tx.write_rows(
                    catalogue.get("lock_steal"), {**self.params(), "gone": row["holder"]}), write=True, label="lock")
                continue
            if not told:
                self.say(f"waiting for another load to finish (process {row['pid']} on {row['host']}) ...")
                told = True
            if time.monotonic() > deadline:
                raise DataError(f"Another load (process {row['pid']} on {row['host']}) held the load lock for more "
                                f"than {self.wait:.0f} s.", "Try again when it has finished.")
            time.sleep(0.5)

    def __exit__(self, *exc: object) -> None:
        try:
            self.graph.transaction(lambda tx: tx.run(catalogue.get("lock_release"), {"holder": self.holder}),
                                   write=True, label="lock")
        except RelgraphError:
            pass  # the lease runs out on its own


# --- spooling: one source's plan kept on disk until it is written -----------------------


class Spool:
    """Plans pickled to a temporary folder, so memory holds one source's facts at a time."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="relgraph-load-")
        self.count = 0

    def put(self, plan: SourcePlan) -> Path:
        path = Path(self.folder.name) / f"{self.count:05d}.pickle"
        self.count += 1
        with open(path, "wb") as handle:
            pickle.dump(plan, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    @staticmethod
    def get(path: Path) -> SourcePlan:
        with open(path, "rb") as handle:
            plan: SourcePlan = pickle.load(handle)
        return plan

    def close(self) -> None:
        self.folder.cleanup()


@dataclass
class Pending:
    """A checked file waiting to be written."""

    path: str
    digest: str
    source_id: str
    spooled: Path
    rank: int
    claims: int
    derived: int
    entities: int
    absolute: str = ""  # where it was loaded from, as the manifest records it (default: the path, resolved)

    @property
    def origin(self) -> str:
        return self.absolute or _absolute(self.path)


# --- writing one source -----------------------------------------------------------------


def _absolute(path: str | Path) -> str:
    return str(Path(path).resolve())


@dataclass
class Writer:
    graph: Graph
    lock: LoadLock | None
    names: dict[str, str]
    kinds: dict[str, str]
    batch_size: int = BATCH_SIZE
    transaction_size: int = TRANSACTION_SIZE
    progress: Progress = _quiet
    dyads_known: set[str] = field(default_factory=set)
    label: str = ""  # what progress is reported for (the file being written)

    # ---- reading what a source asserted before

    def old_digests(self, tx_or_graph: Any, source_id: str) -> dict[str, str]:
        rows = tx_or_graph.read(catalogue.get("source_chunks"), {"source_id": source_id})
        return {fid: digest for row in rows for fid, digest in zip(row["ids"], row["digests"])}

    def fact_rows(self, ids: list[str], source_id: str) -> list[dict[str, Any]]:
        """Facts as the graph holds them, reduced to what ``source_id`` claims."""
        out = []
        for batch in chunks(ids, self.batch_size):
            for row in self.graph.read(catalogue.get("facts_by_id"), {"ids": batch}):
                props = row["props"]
                mine = {k: [c for c in props.get(k) or [] if c.startswith(source_id + "@")] for k in CLAIM_LISTS}
                out.append({"fact_id": row["fact_id"], "type": row["type"], "subject": row["subject"],
                            "object": row["object"], **mine,
                            "props": {k: v for k, v in props.items() if k not in _BOOKKEEPING}})
        return out

    def describe(self, plan: SourcePlan, diff: FactDiff, old_entities: list[EntityDef]) -> tuple[list[Change], dict[str, int]]:
        """The changes, described (up to MAX_DETAILS), and exact counts."""
        counts = {"added": len(diff.added), "changed": 0, "updated": len(diff.updated), "retracted": len(diff.retracted)}
        changes = entity_changes(old_entities, plan.entities)
        if diff.size and diff.size <= MAX_DETAILS:
            retracted = self.fact_rows(diff.retracted, plan.source_id)
            updated_before = {r["fact_id"]: r for r in self.fact_rows(diff.updated, plan.source_id)}
            facts = fact_changes([plan.facts[i] for i in diff.added], retracted,
                                 [(updated_before[i], plan.facts[i]) for i in diff.updated if i in updated_before])
            changes = facts + changes
            paired = sum(1 for c in facts if c.change == "changed")
            counts["changed"] = paired
            counts["added"] -= paired
            counts["retracted"] -= paired
        return changes, counts

    def old_entities(self, source_id: str) -> list[EntityDef]:
        ids = [r["id"] for r in self.graph.read(catalogue.get("source_entities"), {"source_id": source_id})]
        out = []
        for row in self.graph.read(catalogue.get("entity_defs"), {"ids": ids}):
            for d in _defs_of(row):
                if d.source == source_id:
                    out.append(d.definition)
        return out

    # ---- entity rows

    def entity_rows(self, plan: SourcePlan, rank: int, pending: str | None = None,
                    only_new: bool = False) -> tuple[list[dict[str, Any]], list[str], set[str]]:
        """Node rows for every entity this source defines or stops defining, ids left without any
        definition, and the ids that are new to the graph."""
        source_id = plan.source_id
        before = {r["id"] for r in self.graph.read(catalogue.get("source_entities"), {"source_id": source_id})}
        ids = sorted({e.id for e in plan.entities} | before)
        stored = {row["id"]: _defs_of(row) for row in self.graph.read(catalogue.get("entity_defs"), {"ids": ids})}
        new_ids = {i for i in ids if i not in stored}
        mine = {e.id: e for e in plan.entities}
        rows, orphans = [], []
        for eid in ids:
            if only_new and eid not in new_ids:
                continue
            definition = mine.get(eid)
            defs = replace_def(stored.get(eid, []), StoredDef(source_id, rank, definition) if definition else None,
                               source_id)
            props = node_row(eid, defs)
            if props is None:
                orphans.append(eid)
                continue
            if pending and eid in new_ids:
                props.update({"pending": pending, "prev_sources": []})
            rows.append({"id": eid, "kind": props["kind"], "props": props})
        return rows, orphans, new_ids

    # ---- facts

    def _write_facts(self, tx: Tx, plan: SourcePlan, add: list[str], retract: list[str], pending: str | None,
                     done: list[int], total: int) -> set[str]:
        """Add (or re-claim) and retract facts; returns dyads that may have lost their last fact."""
        source_id = plan.source_id
        rows = [plan.facts[i] for i in add]
        dyads = [d for did, d in dyads_of(rows, self.names, self.kinds).items() if did not in self.dyads_known]
        for batch in chunks(dyads, self.batch_size):
            tx.run(catalogue.get("merge_dyads"), {"rows": batch})
        self.dyads_known.update(d["id"] for d in dyads)
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_type[row["type"]].append(row)
        for relation, facts in sorted(by_type.items()):
            for batch in chunks(facts, self.batch_size):
                written = tx.write_rows(catalogue.get(add_name(relation)),
                                        {"rows": batch, "source_id": source_id, "pending": pending})[0]["written"]
                if written != len(batch):
                    raise DataError(f"{plan.source_id}: {len(batch) - written} {relation} facts name an entity or dyad "
                                    "that is not in the graph; nothing of this source was written.",
                                    "This should not happen after validation; please report it.")
                done[0] += len(batch)
                self.progress(self.label, done[0], total)
        touched: set[str] = set()
        if retract:
            old = self.fact_rows(retract, source_id)
            touched = set(dyads_of(old, self.names, self.kinds))
            types: dict[str, list[str]] = defaultdict(list)
            for row in old:
                types[row["type"]].append(row["fact_id"])
            for relation, ids in sorted(types.items()):
                for batch in chunks(ids, self.batch_size):
                    tx.run(catalogue.get(retract_name(relation)), {"ids": batch, "source_id": source_id,
                                                                   "pending": pending})
                    done[0] += len(batch)
                    self.progress(self.label, done[0], total)
        return touched

    def _types_of(self, ids: list[str]) -> Iterator[tuple[str, str]]:
        for batch in chunks(ids, self.batch_size):
            for row in self.graph.read(catalogue.get("facts_by_id"), {"ids": batch}):
                yield row["type"], row["fact_id"]

    # ---- one source, end to end

    def write(self, plan: SourcePlan, pending_file: Pending, manifest: dict[str, Any], diff: FactDiff) -> FileResult:
        self.label = pending_file.path
        add = diff.added + diff.updated
        changed_entities = len(plan.entities)
        if diff.size + changed_entities <= self.transaction_size:
            return self._direct(plan, pending_file, manifest, diff, add)
        return self._staged(plan, pending_file, manifest, diff, add)

    def _source_params(self, plan: SourcePlan, manifest: dict[str, Any]) -> dict[str, Any]:
        digests = plan.digests()
        ids = sorted(digests)
        chunk_rows = [{"chunk": n, "ids": part, "digests": [digests[i] for i in part]}
                      for n, part in enumerate(chunks(ids, CHUNK))]
        return {"source": {**plan.source, **manifest}, "chunks": chunk_rows}

    def _direct(self, plan: SourcePlan, pf: Pending, manifest: dict[str, Any], diff: FactDiff,
                add: list[str]) -> FileResult:
        total = len(add) + len(diff.retracted)
        holder: dict[str, Any] = {}

        def work(tx: Tx) -> None:
            if self.lock:
                self.lock.renew(tx)
            rows, orphans, _ = self.entity_rows(plan, pf.rank)
            for batch in chunks(rows, self.batch_size):
                tx.run(catalogue.get("write_entities"), {"rows": batch})
            done = [0]
            touched = self._write_facts(tx, plan, add, diff.retracted, None, done, total)
            if orphans:
                tx.run(catalogue.get("delete_entities"), {"ids": orphans})
            if touched:
                tx.run(catalogue.get("prune_dyads"), {"ids": sorted(touched)})
            tx.run(catalogue.get("write_source"), self._source_params(plan, manifest))
            holder["counters"] = dict(tx.counters)

        known = set(self.dyads_known)
        try:
            self.graph.transaction(work, write=True, label=f"load {plan.source_id}")
        except BaseException:
            self.dyads_known = known  # the transaction rolled back
            raise
        return FileResult(pf.path, plan.source_id, "", counters=holder.get("counters", {}))

    def _staged(self, plan: SourcePlan, pf: Pending, manifest: dict[str, Any], diff: FactDiff,
                add: list[str]) -> FileResult:
        load_id = f"load-{secrets.token_hex(6)}"
        total = len(add) + len(diff.retracted)
        types = {fid: plan.facts[fid]["type"] for fid in add}  # finishing need not read them back
        counters: dict[str, int] = defaultdict(int)
        lock_params = {"holder": self.lock.holder if self.lock else ""}

        def tx_run(work: Callable[[Tx], None], label: str) -> None:
            def wrapped(tx: Tx) -> None:
                if self.lock:
                    self.lock.renew(tx)
                work(tx)
                for key, value in tx.counters.items():
                    counters[key] += value
            self.graph.transaction(wrapped, write=True, label=label)

        def begin(tx: Tx) -> None:
            tx.run(catalogue.get("load_begin"), {"id": load_id, "sources": [plan.source_id], **lock_params})
            rows, _, _ = self.entity_rows(plan, pf.rank, pending=load_id, only_new=True)
            for batch in chunks(rows, self.batch_size):
                tx.run(catalogue.get("write_entities"), {"rows": batch})

        tx_run(begin, f"load {plan.source_id}: begin")
        touched: set[str] = set()
        done = [0]
        try:
            for part in chunks(add, self.transaction_size):
                tx_run(lambda tx, part=part: touched.update(  # type: ignore[misc]
                    self._write_facts(tx, plan, part, [], load_id, done, total)), f"load {plan.source_id}: part")
            for part in chunks(diff.retracted, self.transaction_size):
                tx_run(lambda tx, part=part: touched.update(  # type: ignore[misc]
                    self._write_facts(tx, plan, [], part, load_id, done, total)), f"load {plan.source_id}: part")

            def publish(tx: Tx) -> None:
                rows, orphans, _ = self.entity_rows(plan, pf.rank)
                for batch in chunks(rows, self.batch_size):
                    tx.run(catalogue.get("write_entities"), {"rows": batch})
                if orphans:
                    tx.run(catalogue.get("delete_entities"), {"ids": orphans})
                tx.run(catalogue.get("write_source"), self._source_params(plan, manifest))
                tx.run(catalogue.get("load_publish"), {"id": load_id})

            tx_run(publish, f"load {plan.source_id}: publish")
        except BaseException:
            try:
                self.finish(load_id, add + diff.retracted, publish=False, types=types)
            except RelgraphError:
                pass  # the next load undoes it
            raise
        self.finish(load_id, add + diff.retracted, publish=True, touched=touched, types=types)
        return FileResult(pf.path, plan.source_id, "", counters=dict(counters), staged=True)

    def finish(self, load_id: str, ids: list[str] | None, publish: bool, touched: Iterable[str] = (),
               types: Mapping[str, str] | None = None) -> None:
        """Settle a published staged load, or undo one that was not published. ``types`` (fact id -> type, for
        facts the plan holds) spares reading those facts back; the others are looked up."""
        if ids is None:  # after a crash: find what it marked
            found = self.graph.read(catalogue.get("pending_facts"), {"pending": load_id})
            by_type: dict[str, list[str]] = defaultdict(list)
            for row in found:
                by_type[row["type"]].append(row["fact_id"])
        else:
            by_type = defaultdict(list)
            known = types or {}
            for fid in ids:
                if fid in known:
                    by_type[known[fid]].append(fid)
            for relation, fid in self._types_of([fid for fid in ids if fid not in known]):
                by_type[relation].append(fid)
        name = settle_name if publish else rollback_name
        for relation, fids in sorted(by_type.items()):
            for batch in chunks(fids, self.transaction_size):
                self.graph.transaction(lambda tx, b=batch, r=relation: tx.run(  # type: ignore[misc]
                    catalogue.get(name(r)), {"ids": b, "pending": load_id}), write=True, label=f"finish {load_id}")

        def end(tx: Tx) -> None:
            tx.run(catalogue.get("pending_entities"), {"pending": load_id, "publish": publish})
            if touched:
                tx.run(catalogue.get("prune_dyads"), {"ids": sorted(touched)})
            tx.run(catalogue.get("load_end"), {"id": load_id})

        self.graph.transaction(end, write=True, label=f"finish {load_id}")


_BOOKKEEPING = {"fact_id", "sources", "pending", *CLAIM_LISTS, *(f"prev_{k}" for k in ("sources", *CLAIM_LISTS))}


def _defs_of(row: Mapping[str, Any]) -> list[StoredDef]:
    """An entity's definitions; a node written by an older relgraph (no defs) counts as its sources' own."""
    if row.get("defs"):
        return stored_defs(row["id"], row["defs"])
    props = dict(row.get("props") or {})
    aliases = list(props.pop("aliases", []) or [])
    sources = list(props.pop("sources", []) or [])
    kind = str(props.pop("kind", row.get("kind") or ""))
    for key in ("id", "keys", "defs"):
        props.pop(key, None)
    return [StoredDef(s, CURATED, EntityDef(row["id"], kind, props, aliases)) for s in sources]


def recover(graph: Graph, writer: Writer, say: Say) -> None:
    """Finish or undo staged loads a crash left behind (under the load lock)."""
    for row in graph.read(catalogue.get("loads")):
        publish = row["state"] == "published"
        say(f"{'finishing' if publish else 'undoing'} an interrupted load of {', '.join(row['sources'] or [])} ...")
        writer.finish(row["id"], None, publish=publish)


# --- the whole load ---------------------------------------------------------------------


def load_all(graph: Graph, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE, dry_run: bool = False,
             force: bool = False, progress: Progress | None = None, transaction_size: int = TRANSACTION_SIZE,
             say: Say = _quiet, rank: int = CURATED) -> LoadSummary:
    """Check every file, then write (or with ``dry_run``, plan) each changed source. See the module doc."""
    started = time.perf_counter()
    summary = LoadSummary(dry_run=dry_run)
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
    spool = Spool()
    pending: list[Pending] = []

    def plan_file(seed: ParsedSeed) -> None:
        t0 = time.perf_counter()
        doc = seed.document
        assert doc is not None
        plan = plan_document(doc)
        pending.append(Pending(seed.path, seed.digest, plan.source_id, spool.put(plan), rank, plan.claims,
                               plan.derived, len(plan.entities)))
        phases["plan"] += time.perf_counter() - t0

    try:
        _, problems = check_files(to_check, known, phases, on_valid=plan_file)
        problems = sorted(problems + collected.problems)
        if problems:
            raise InvalidSeeds(problems)
        _refuse_takeovers(pending, manifests, force)
        write_pending(graph, pending, manifests, summary, dry_run=dry_run, batch_size=batch_size,
                      transaction_size=transaction_size, progress=progress, say=say, known=list(known.values()))
    finally:
        spool.close()
    summary.files.sort(key=lambda f: f.path)
    summary.seconds = time.perf_counter() - started
    return summary


def write_pending(graph: Graph, pending: list[Pending], manifests: Mapping[str, Mapping[str, Any]],
                  summary: LoadSummary, dry_run: bool = False, batch_size: int = BATCH_SIZE,
                  transaction_size: int = TRANSACTION_SIZE, progress: Progress | None = None, say: Say = _quiet,
                  known: list[Any] | None = None) -> None:
    """Write (or with ``dry_run``, plan) checked sources, each all-or-nothing, under the load lock."""
    known = candidates(graph) if known is None else known
    names = {c.id: c.name for c in known}
    kinds = {c.id: c.kind for c in known}
    for p in pending:
        for e in Spool.get(p.spooled).entities:
            names.setdefault(e.id, str(e.props.get("name") or e.id))
            kinds[e.id] = e.kind
    if not dry_run and pending:
        ensure_schema(graph)
    writer = Writer(graph, None, names, kinds, batch_size, transaction_size, progress or _quiet)
    if dry_run:
        for p in pending:
            summary.files.append(_dry(writer, p, manifests.get(p.source_id)))
    elif pending:
        with LoadLock(graph, say) as lock:
            writer.lock = lock
            recover(graph, writer, say)
            for p in pending:
                summary.files.append(_write_one(writer, p, manifests.get(p.source_id), summary.phases, summary))


def _refuse_takeovers(pending: list[Pending], manifests: Mapping[str, Mapping[str, Any]], force: bool) -> None:
    for p in pending:
        before = manifests.get(p.source_id)
        if before and before["path"] and before["path"] != p.origin and not force:
            raise UsageError(
                f"{p.path}: source id {p.source_id!r} was loaded from {before['path']}.",
                "Two files may not share a source id. Give this file its own source.id, or, if it replaces "
                "the old file, pass --force (what the old file asserted and this one does not is retracted).")


def _manifest(p: Pending, plan: SourcePlan) -> dict[str, Any]:
    return {"path": p.origin, "content_hash": p.digest, "relgraph_version": __version__,
            "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rank": p.rank,
            "entity_count": len(plan.entities), "fact_count": len(plan.facts)}


def _dry(writer: Writer, p: Pending, before: Mapping[str, Any] | None) -> FileResult:
    t0 = time.perf_counter()
    plan = Spool.get(p.spooled)
    old = writer.old_digests(writer.graph, p.source_id) if before else {}
    diff = diff_ids(old, plan.digests())
    changes, counts = writer.describe(plan, diff, writer.old_entities(p.source_id) if before else [])
    return FileResult(p.path, p.source_id, "changed" if before else "new", p.entities, p.claims, p.derived, counts,
                      changes, {}, time.perf_counter() - t0)


def _write_one(writer: Writer, p: Pending, before: Mapping[str, Any] | None,
               phases: dict[str, float], summary: LoadSummary) -> FileResult:
    t0 = time.perf_counter()
    plan = Spool.get(p.spooled)
    old = writer.old_digests(writer.graph, p.source_id) if before else {}
    diff = diff_ids(old, plan.digests())
    changes, counts = writer.describe(plan, diff, writer.old_entities(p.source_id) if before else [])
    t1 = time.perf_counter()
    phases["plan"] += t1 - t0
    try:
        result = writer.write(plan, p, _manifest(p, plan), diff)
    except RelgraphError as exc:
        if summary.committed:
            exc.hint = ((exc.hint + "\n") if exc.hint else "") + (
                f"Committed before this failure: {', '.join(summary.committed)}; run the same load again to finish.")
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
        raise UsageError(f"No source {source_id!r} is loaded.",
                         f"Loaded sources: {', '.join(known)}" if known else "Nothing is loaded.")
    ensure_schema(graph)
    known = candidates(graph)
    writer = Writer(graph, None, {c.id: c.name for c in known}, {c.id: c.kind for c in known},
                    progress=progress or _quiet, label=source_id)
    with LoadLock(graph, say) as lock:
        writer.lock = lock
        recover(graph, writer, say)
        old = writer.old_digests(graph, source_id)
        empty = SourcePlan({"id": source_id})
        diff = diff_ids(old, {})
        changes, counts = writer.describe(empty, diff, writer.old_entities(source_id))
        pf = Pending(manifests[source_id]["path"] or "", "", source_id, Path(), int(manifests[source_id]["rank"] or 0),
                     0, 0, 0)
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
                finish(tx)
            graph.transaction(work, write=True, label=f"unload {source_id}")
            counters = holder["counters"]
        else:
            result = writer._staged(empty, pf, {}, diff, [])
            graph.transaction(finish, write=True, label=f"unload {source_id}")
            counters = {**result.counters, **{k: result.counters.get(k, 0) + v for k, v in holder["counters"].items()}}
    return FileResult(pf.path, source_id, "unloaded", counts=counts, changes=changes, counters=counters,
                      seconds=time.perf_counter() - started)

