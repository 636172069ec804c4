"""Writing one source's difference: in one transaction, or staged (written in parts, invisible to every
query until published in one small transaction, then settled); and finishing or undoing staged loads a
crash left behind."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import DataError, RelgraphError, TransactionMemoryError
from ..db.graph import Graph, Tx
from ..queries import catalogue
from ..queries.factqueries import (
    retract_name,
    rollback_name,
    settle_name,
    slot_name,
)
from .addfacts import add_facts
from .changes import Change, FactDiff, entity_changes, fact_changes
from .entities import StoredDef, defs_of, node_row, replace_def
from .lock import LoadLock
from .plan import CLAIM_LISTS, EntityDef, SourcePlan, chunks, dyads_of, source_params
from .results import FileResult, Progress, _quiet
from .spool import Pending

BATCH_SIZE = 5000  # rows per UNWIND
TRANSACTION_SIZE = 100_000  # facts changed in one transaction; a larger change is staged
SMALLEST_PART = 1_000  # a source that overflows transaction memory is retried in halves down to this
MAX_DETAILS = 2_000  # changes described one by one; beyond, counts only


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
    slots: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # type -> slot -> ends, touched
    marked: dict[str, list[str]] = field(default_factory=dict)  # type -> fact ids a staged load marked
    # Fact types that had no relationship when this load began and that no earlier source of it wrote: their
    # facts are created without a lookup. None until the first source is written.
    untouched: set[str] | None = None

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
                out.append(
                    {
                        "fact_id": row["fact_id"],
                        "type": row["type"],
                        "subject": row["subject"],
                        "object": row["object"],
                        **mine,
                        "props": {k: v for k, v in props.items() if k not in _BOOKKEEPING},
                    }
                )
        return out

    def describe(
        self, plan: SourcePlan, diff: FactDiff, old_entities: list[EntityDef]
    ) -> tuple[list[Change], dict[str, int]]:
        """The changes, described (up to MAX_DETAILS), and exact counts."""
        counts = {
            "added": len(diff.added),
            "changed": 0,
            "updated": len(diff.updated),
            "retracted": len(diff.retracted),
        }
        changes = entity_changes(old_entities, plan.entities)
        if diff.size and diff.size <= MAX_DETAILS:
            retracted = self.fact_rows(diff.retracted, plan.source_id)
            updated_before = {r["fact_id"]: r for r in self.fact_rows(diff.updated, plan.source_id)}
            facts = fact_changes(
                [plan.facts[i] for i in diff.added],
                retracted,
                [(updated_before[i], plan.facts[i]) for i in diff.updated if i in updated_before],
            )
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
            for d in defs_of(row):
                if d.source == source_id:
                    out.append(d.definition)
        return out

    # ---- entity rows

    def entity_rows(
        self, plan: SourcePlan, rank: int, pending: str | None = None, only_new: bool = False
    ) -> tuple[list[dict[str, Any]], list[str], set[str]]:
        """Node rows for every entity this source defines or stops defining, ids left without any
        definition, and the ids that are new to the graph."""
        source_id = plan.source_id
        before = {r["id"] for r in self.graph.read(catalogue.get("source_entities"), {"source_id": source_id})}
        ids = sorted({e.id for e in plan.entities} | before)
        stored = {row["id"]: defs_of(row) for row in self.graph.read(catalogue.get("entity_defs"), {"ids": ids})}
        new_ids = {i for i in ids if i not in stored}
        mine = {e.id: e for e in plan.entities}
        rows, orphans = [], []
        for eid in ids:
            if only_new and eid not in new_ids:
                continue
            definition = mine.get(eid)
            defs = replace_def(
                stored.get(eid, []), StoredDef(source_id, rank, definition) if definition else None, source_id
            )
            props = node_row(eid, defs)
            if props is None:
                orphans.append(eid)
                continue
            if pending and eid in new_ids:
                props.update({"pending": pending, "prev_sources": []})
            rows.append({"id": eid, "kind": props["kind"], "props": props})
        return rows, orphans, new_ids

    # ---- facts

    def _write_facts(
        self,
        tx: Tx,
        plan: SourcePlan,
        add: list[str],
        retract: list[str],
        pending: str | None,
        done: list[int],
        total: int,
    ) -> set[str]:
        """Add (or re-claim) and retract facts; returns dyads that may have lost their last fact."""
        source_id = plan.source_id
        rows = [plan.facts[i] for i in add]
        dyads = [d for did, d in dyads_of(rows, self.names, self.kinds).items() if did not in self.dyads_known]
        for batch in chunks(dyads, self.batch_size):
            tx.run(catalogue.get("merge_dyads"), {"rows": batch})
        self.dyads_known.update(d["id"] for d in dyads)
        self._note_slots(rows)
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_type[row["type"]].append(row)
        for relation, facts in sorted(by_type.items()):
            if pending:
                self.marked.setdefault(relation, []).extend(f["fact_id"] for f in facts)
            for batch in chunks(facts, self.batch_size):
                fresh = self.untouched is not None and relation in self.untouched
                written = add_facts(tx, relation, batch, source_id, pending, None if fresh else self.graph)
                if written != len(batch):
                    raise DataError(
                        f"{plan.source_id}: {len(batch) - written} {relation} facts name an entity or dyad "
                        "that is not in the graph; nothing of this source was written.",
                        "This should not happen after validation; please report it.",
                    )
                done[0] += len(batch)
                self.progress(self.label, done[0], total)
        touched: set[str] = set()
        if retract:
            old = self.fact_rows(retract, source_id)
            self._note_slots(old)
            touched = set(dyads_of(old, self.names, self.kinds))
            types: dict[str, list[str]] = defaultdict(list)
            for row in old:
                types[row["type"]].append(row["fact_id"])
            for relation, ids in sorted(types.items()):
                if pending:
                    self.marked.setdefault(relation, []).extend(ids)
                for batch in chunks(ids, self.batch_size):
                    tx.run(
                        catalogue.get(retract_name(relation)),
                        {"ids": batch, "source_id": source_id, "pending": pending},
                    )
                    done[0] += len(batch)
                    self.progress(self.label, done[0], total)
        return touched

    def _note_slots(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            slot = row["props"].get("slot")
            if slot:
                self.slots.setdefault(row["type"], {})[slot] = (row["subject"], row["object"])

    def record_disputes(self, tx: Tx) -> None:
        """Update the Dispute nodes of every slot this load touched: a slot is in dispute when it holds
        two or more facts whose sources are not the same."""
        rows: list[dict[str, Any]] = []
        gone: list[str] = []
        for relation, slots in sorted(self.slots.items()):
            facts: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
            for batch in chunks(sorted(slots), self.batch_size):
                for found in tx.read(catalogue.get(slot_name(relation)), {"slots": batch}):
                    facts[found["slot"]].append((found["fact_id"], tuple(sorted(found["sources"] or []))))
            for slot, (subject, obj) in slots.items():
                claims = facts.get(slot, [])
                if len(claims) > 1 and len({sources for _, sources in claims}) > 1:
                    rows.append(
                        {
                            "slot": slot,
                            "type": relation,
                            "subject": subject,
                            "object": obj,
                            "fact_ids": sorted(fid for fid, _ in claims),
                        }
                    )
                else:
                    gone.append(slot)
        for part in chunks(rows, self.batch_size) if rows else [[]]:
            tx.run(catalogue.get("write_disputes"), {"rows": part, "gone": gone})
            gone = []
        self.slots.clear()

    # ---- one source, end to end

    def write(self, plan: SourcePlan, pending_file: Pending, manifest: dict[str, Any], diff: FactDiff) -> FileResult:
        self.label = pending_file.path
        add = diff.added + diff.updated
        changed_entities = len(plan.entities)
        if self.untouched is None:
            counts = self.graph.read(catalogue.get("fact_counts"))[0]
            self.untouched = {relation for relation, n in counts.items() if n == 0}
        size = self.transaction_size
        try:
            while True:
                try:
                    if diff.size + changed_entities <= size:
                        return self._direct(plan, pending_file, manifest, diff, add)
                    return self._staged(plan, pending_file, manifest, diff, add, size)
                except TransactionMemoryError:
                    # Rolled back (a staged load is undone): try again in parts half as large.
                    size = min(size, diff.size + changed_entities) // 2
                    if size < SMALLEST_PART:
                        raise
        finally:
            # Later sources may assert the same facts: for them these types need the lookup.
            self.untouched -= {plan.facts[i]["type"] for i in add}

    def _source_params(self, plan: SourcePlan, manifest: dict[str, Any]) -> dict[str, Any]:
        return source_params(plan, manifest)

    def _direct(
        self, plan: SourcePlan, pf: Pending, manifest: dict[str, Any], diff: FactDiff, add: list[str]
    ) -> FileResult:
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
            self.record_disputes(tx)
            tx.run(catalogue.get("write_source"), self._source_params(plan, manifest))
            holder["counters"] = dict(tx.counters)

        known = set(self.dyads_known)
        try:
            self.graph.transaction(work, write=True, label=f"load {plan.source_id}")
        except BaseException:
            self.dyads_known = known  # the transaction rolled back
            raise
        return FileResult(pf.path, plan.source_id, "", counters=holder.get("counters", {}))

    def _staged(
        self, plan: SourcePlan, pf: Pending, manifest: dict[str, Any], diff: FactDiff, add: list[str], size: int
    ) -> FileResult:
        load_id = f"load-{secrets.token_hex(6)}"
        self.marked = {}
        total = len(add) + len(diff.retracted)
        counters: dict[str, int] = defaultdict(int)
        lock_params = {"holder": self.lock.holder if self.lock else ""}
        done = [0]

        def tx_run(work: Callable[[Tx], None], label: str) -> None:
            start = done[0]

            def wrapped(tx: Tx) -> None:
                done[0] = start  # a retried part counts its rows once
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
        try:
            for part in chunks(add, size):
                tx_run(
                    lambda tx, part=part: touched.update(  # type: ignore[misc]
                        self._write_facts(tx, plan, part, [], load_id, done, total)
                    ),
                    f"load {plan.source_id}: part",
                )
            for part in chunks(diff.retracted, size):
                tx_run(
                    lambda tx, part=part: touched.update(  # type: ignore[misc]
                        self._write_facts(tx, plan, [], part, load_id, done, total)
                    ),
                    f"load {plan.source_id}: part",
                )

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
                self.finish(load_id, self.marked, publish=False)
            except RelgraphError:
                pass  # the next load undoes it
            raise
        self.finish(load_id, self.marked, publish=True, touched=touched)
        return FileResult(pf.path, plan.source_id, "", counters=dict(counters), staged=True)

    def finish(
        self, load_id: str, marked: Mapping[str, list[str]] | None, publish: bool, touched: Iterable[str] = ()
    ) -> None:
        """Settle a published staged load, or undo one that was not published. ``marked``: the fact ids it
        marked, by type (None after a crash: they are found by a scan)."""
        by_type: dict[str, list[str]] = defaultdict(list)
        if marked is None:
            for row in self.graph.read(catalogue.get("pending_facts"), {"pending": load_id}):
                by_type[row["type"]].append(row["fact_id"])
        else:
            for relation, fids in marked.items():
                by_type[relation] += list(dict.fromkeys(fids))  # a retried part marks its facts twice
        name = settle_name if publish else rollback_name
        for relation, fids in sorted(by_type.items()):
            for batch in chunks(fids, self.transaction_size):
                self.graph.transaction(
                    lambda tx, b=batch, r=relation: tx.run(  # type: ignore[misc]
                        catalogue.get(name(r)), {"ids": b, "pending": load_id}
                    ),
                    write=True,
                    label=f"finish {load_id}",
                )

        def end(tx: Tx) -> None:
            tx.run(catalogue.get("pending_entities"), {"pending": load_id, "publish": publish})
            if touched:
                tx.run(catalogue.get("prune_dyads"), {"ids": sorted(touched)})
            if publish:
                self.record_disputes(tx)
            else:
                self.slots.clear()
            tx.run(catalogue.get("load_end"), {"id": load_id})

        self.graph.transaction(end, write=True, label=f"finish {load_id}")


_BOOKKEEPING = {"fact_id", "sources", "pending", *CLAIM_LISTS, *(f"prev_{k}" for k in ("sources", *CLAIM_LISTS))}
