"""Load seed files into Neo4j: validate everything first, then one transaction per file.

A load is all-or-nothing per file and idempotent: entities, dyads and facts are
MERGEd on constrained ids in batches (``UNWIND``), inside managed write
transactions that the driver may retry. The Source node carries the manifest
(path, content hash, counts, load time): an unchanged file is skipped; a
changed one is compared with what its source asserted before, and only the
difference is applied: new facts added, changed ones replaced, facts it no
longer asserts retracted for that source alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..core.errors import DataError, UsageError
from ..core.vocabulary import SPECS
from ..db.graph import Graph, Tx
from ..queries import catalogue
from ..queries.factqueries import constraint_name, merge_name
from ..queries.resolve import candidates
from ..seeds.files import read_and_check
from ..seeds.validation import ParsedSeed, Problem
from .plan import CLAIM_LISTS, FilePlan, Rows, content_hash, derived_facts, diff, rows_for

SCHEMA = ("constraint_entity_id", "constraint_dyad_id", "constraint_source_id",
          *(constraint_name(relation) for relation in SPECS))
BATCH_SIZE = 5000
# Called with (file, done, total) as batches are written.
Progress = Callable[[str, int, int], None]
BOOKKEEPING = {"fact_id", "sources", *CLAIM_LISTS}


class InvalidSeeds(DataError):
    """Validation failed; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__("\n".join(map(str, problems)),
                         f"{len(problems)} {noun} found; nothing was written to the database.")
        self.problems = problems


@dataclass
class FileResult:
    plan: FilePlan
    entities: int
    facts: int
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    derived: int = 0  # facts the entity definitions imply (a historic state's successor)

    @property
    def path(self) -> str:
        return self.plan.path

    @property
    def source_id(self) -> str:
        return self.plan.source_id


@dataclass
class LoadSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    phases: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "validate": 0.0, "plan": 0.0, "write": 0.0})

    def total(self, counter: str) -> int:
        return sum(f.counters.get(counter, 0) for f in self.files)

    def changes(self, change: str, what: str = "fact") -> int:
        return sum(f.plan.count(change, what) for f in self.files)  # type: ignore[arg-type]

    @property
    def loaded(self) -> int:
        return sum(1 for f in self.files if f.plan.status != "unchanged")

    @property
    def skipped(self) -> int:
        return sum(1 for f in self.files if f.plan.status == "unchanged")

    @property
    def facts_written(self) -> int:
        return sum(f.facts for f in self.files if f.plan.status != "unchanged")

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "seconds": round(self.seconds, 3),
            "files": [{
                "path": f.path, "source_id": f.source_id, "status": f.plan.status,
                "entities": f.entities, "facts": f.facts, "counters": f.counters,
                "changes": [{"change": c.change, "what": c.what, "type": c.type, "subject": c.subject,
                             "object": c.object, "before": c.before, "after": c.after} for c in f.plan.changes],
            } for f in self.files],
        }


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _old_fact(row: dict[str, Any], source_id: str) -> dict[str, Any]:
    """A fact as the graph holds it, reduced to what this source asserted."""
    props = row["props"]
    mine = {k: [c for c in props.get(k) or [] if c.startswith(source_id + "@")] for k in CLAIM_LISTS}
    return {"fact_id": row["fact_id"], "type": row["type"], "subject": row["subject"], "object": row["object"],
            "props": {k: v for k, v in props.items() if k not in BOOKKEEPING}, **mine}


def _plan(tx: Tx, seed: ParsedSeed, rows: Rows, digest: str, force: bool) -> tuple[FilePlan, list[str], list[str]]:
    """What loading this file would change. Returns the plan, and the fact and entity ids to retract."""
    q = catalogue.get
    source_id = rows.source["id"]
    manifest = tx.read(q("source_manifest"), {"source_id": source_id})
    if not manifest:
        old_facts, old_entities = [], []
        status = "new"
    else:
        previous = manifest[0]["path"]
        if previous and Path(previous).name != Path(seed.path).name and not force:
            raise UsageError(
                f"{seed.path}: source id {source_id!r} was loaded from {previous}.",
                "Two files may not share a source id. Give this file its own source.id, or, if it replaces "
                "the old file, pass --force (what the old file asserted and this one does not is retracted).")
        if manifest[0]["content_hash"] == digest and not force:
            return FilePlan(seed.path, source_id, "unchanged"), [], []
        old_facts = [_old_fact(r, source_id) for r in tx.read(q("source_facts"), {"source_id": source_id})]
        old_entities = tx.read(q("source_entities"), {"source_id": source_id})
        status = "changed"
    changes = diff(source_id, old_facts, rows.facts, old_entities, rows.entities)
    new_facts = {f["fact_id"] for f in rows.facts}
    new_entities = {e["id"] for e in rows.entities}
    retract_facts = [f["fact_id"] for f in old_facts if f["fact_id"] not in new_facts]
    retract_entities = [e["id"] for e in old_entities if e["id"] not in new_entities]
    return FilePlan(seed.path, source_id, status, changes), retract_facts, retract_entities  # type: ignore[arg-type]


def _apply(tx: Tx, seed: ParsedSeed, rows: Rows, digest: str, force: bool, batch_size: int,
           progress: Progress | None) -> FilePlan:
    plan, retract_facts, retract_entities = _plan(tx, seed, rows, digest, force)
    if plan.status == "unchanged":
        return plan
    q = catalogue.get
    source_id = rows.source["id"]
    total = len(rows.entities) + len(rows.dyads) + len(rows.facts) + len(retract_facts)
    done = 0

    def step(query: str, params: dict[str, Any], size: int) -> None:
        nonlocal done
        tx.run(q(query), params)
        done += size
        if progress:
            progress(seed.path, done, total)

    for batch in _batches([{"id": i} for i in retract_facts], batch_size):
        step("retract_facts", {"fact_ids": [b["id"] for b in batch], "source_id": source_id}, len(batch))
    manifest = {"path": seed.path, "content_hash": digest, "relgraph_version": __version__,
                "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "entity_count": len(rows.entities), "fact_count": len(rows.facts)}
    tx.run(q("merge_source"), {"source": {**rows.source, **manifest}})
    for batch in _batches(sorted(rows.entities, key=lambda e: e["id"]), batch_size):
        step("merge_entities", {"rows": batch, "source_id": source_id}, len(batch))
    for batch in _batches(rows.dyads, batch_size):
        step("merge_dyads", {"rows": batch}, len(batch))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for fact in sorted(rows.facts, key=lambda f: f["fact_id"]):
        by_type.setdefault(fact["type"], []).append(fact)
    for relation, facts in sorted(by_type.items()):
        for batch in _batches(facts, batch_size):
            step(merge_name(relation), {"rows": batch, "source_id": source_id}, len(batch))
    if retract_entities:
        tx.run(q("retract_entities"), {"ids": retract_entities, "source_id": source_id})
    if retract_facts or retract_entities:
        tx.run(q("prune_dyads"))
    return plan


def load(graph: Graph, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE, dry_run: bool = False,
         force: bool = False, progress: Progress | None = None,
         phases: dict[str, float] | None = None) -> Iterator[FileResult]:
    """Validate all files, ensure the schema, then load (or with ``dry_run``, plan) each file in one transaction."""
    phases = phases if phases is not None else {}
    in_graph = {c.id: c for c in candidates(graph)}
    seeds, problems = read_and_check(paths, known=in_graph, timings=phases)
    if problems:
        raise InvalidSeeds(problems)
    if not dry_run:
        graph.schema(catalogue.get(name) for name in SCHEMA)
    names = {i: c.name for i, c in in_graph.items()}
    kinds = {i: c.kind for i, c in in_graph.items()}
    for seed in seeds:
        for entity in seed.document.entities:  # type: ignore[union-attr]
            names[entity.id], kinds[entity.id] = entity.name, entity.kind
    for seed in seeds:
        assert seed.document is not None
        started = time.perf_counter()
        rows = rows_for(seed.document, names, kinds)
        digest = content_hash(seed.text)
        planned = time.perf_counter()
        phases["plan"] = phases.get("plan", 0.0) + planned - started
        label = f"load {rows.source['id']}"
        if dry_run:
            plan = graph.transaction(lambda tx: _plan(tx, seed, rows, digest, force)[0], write=False, label=label)
            counters: dict[str, int] = {}
        else:
            holder: dict[str, dict[str, int]] = {}

            def work(tx: Tx) -> FilePlan:
                result = _apply(tx, seed, rows, digest, force, batch_size, progress)
                holder["counters"] = dict(tx.counters)
                return result

            plan = graph.transaction(work, write=True, label=label)
            counters = holder.get("counters", {})
        phases["write"] = phases.get("write", 0.0) + time.perf_counter() - planned
        derived = len(derived_facts(seed.document))
        yield FileResult(plan, len(seed.document.entities), len(seed.document.facts), counters,
                         time.perf_counter() - started, derived)


def load_all(graph: Graph, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE, dry_run: bool = False,
             force: bool = False, progress: Progress | None = None) -> LoadSummary:
    started = time.perf_counter()
    summary = LoadSummary(dry_run=dry_run)
    summary.files = list(load(graph, paths, batch_size, dry_run, force, progress, summary.phases))
    summary.seconds = time.perf_counter() - started
    return summary


def unload(graph: Graph, source_id: str) -> FileResult:
    """Remove exactly what one source contributed; what other sources also assert stays."""
    q = catalogue.get
    started = time.perf_counter()

    def work(tx: Tx) -> tuple[FilePlan, dict[str, int]]:
        manifest = tx.read(q("source_manifest"), {"source_id": source_id})
        if not manifest:
            known = [r["id"] for r in tx.read(q("list_sources"))]
            raise UsageError(f"No source {source_id!r} is loaded.",
                             f"Loaded sources: {', '.join(known)}" if known else "Nothing is loaded.")
        old_facts = [_old_fact(r, source_id) for r in tx.read(q("source_facts"), {"source_id": source_id})]
        old_entities = tx.read(q("source_entities"), {"source_id": source_id})
        changes = diff(source_id, old_facts, [], old_entities, [])
        fact_ids = [f["fact_id"] for f in old_facts]
        for batch in _batches([{"id": i} for i in fact_ids], BATCH_SIZE):
            tx.run(q("retract_facts"), {"fact_ids": [b["id"] for b in batch], "source_id": source_id})
        tx.run(q("retract_entities"), {"ids": [e["id"] for e in old_entities], "source_id": source_id})
        tx.run(q("prune_dyads"))
        tx.run(q("delete_source"), {"source_id": source_id})
        return FilePlan(manifest[0]["path"] or "", source_id, "changed", changes), dict(tx.counters)

    plan, counters = graph.transaction(work, write=True, label=f"unload {source_id}")
    return FileResult(plan, 0, 0, counters, time.perf_counter() - started)
