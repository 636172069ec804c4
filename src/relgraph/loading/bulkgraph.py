"""The graph a normal load of checked sources into an empty database leaves, worked out without the database
(for ``relgraph load --bulk``, which hands it to Neo4j's offline importer).

A normal load writes each source in turn (``writer.py``): its entities (every source's definition kept,
the node's properties from ``entities.node_row``), a Dyad node with two SIDE_OF relationships for each pair of
states its facts concern, one relationship per fact (the sources asserting it and their claim lists, in load
order), its Source node with the manifest and the SourceFacts record of its facts, the Dispute nodes of the
slots sources disagree on, and the load lock's node. ``build`` works out the same, source by source in the
same order, with the same functions, and hands each node and relationship to a ``Sink``.

Facts are streamed: a first pass over the plans finds, by 64-bit hashes, the facts more than one source
asserts and the slots holding more than one fact; only those are kept in memory until the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ..core.errors import DataError
from ..core.models import is_dyad
from ..core.vocabulary import ENTITY_KINDS
from .entities import StoredDef, node_row, replace_def
from .plan import CLAIM_LISTS, SourcePlan, dyads_of, source_params
from .results import Progress, _quiet
from .spool import Pending

# The label each entity kind gets besides Entity (as cypher/load/write_entities.cypher sets them).
KIND_LABELS = {kind: kind.capitalize() for kind in ENTITY_KINDS}
LOCK_ID = "relgraph"  # the load lock's node (cypher/load/lock_acquire.cypher), released
PROGRESS_EVERY = 20_000  # facts between progress reports


class Sink(Protocol):
    """Where the graph goes: nodes by a key of their own, relationships between those keys."""

    def node(self, key: str, labels: tuple[str, ...], props: Mapping[str, Any]) -> None: ...

    def relationship(self, type_: str, start: str, end: str, props: Mapping[str, Any]) -> None: ...


def node_key(ref: str) -> str:
    """The key of the node a fact's end names: an entity, or (``PAK-RUS``) a dyad."""
    return f"d:{ref}" if is_dyad(ref) else f"e:{ref}"


@dataclass
class Built:
    """What was handed to the sink, counted as a normal load's counters count it."""

    nodes_created: int = 0
    relationships_created: int = 0
    labels_added: int = 0
    properties_set: int = 0
    per_source: dict[str, int] = field(default_factory=dict)  # source id -> facts written

    def counters(self) -> dict[str, int]:
        return {
            "nodes_created": self.nodes_created,
            "relationships_created": self.relationships_created,
            "labels_added": self.labels_added,
            "properties_set": self.properties_set,
        }


class _Counting:
    def __init__(self, sink: Sink, built: Built) -> None:
        self.sink, self.built = sink, built

    def node(self, key: str, labels: tuple[str, ...], props: Mapping[str, Any]) -> None:
        self.built.nodes_created += 1
        self.built.labels_added += len(labels)
        self.built.properties_set += sum(1 for v in props.values() if v is not None)
        self.sink.node(key, labels, props)

    def relationship(self, type_: str, start: str, end: str, props: Mapping[str, Any]) -> None:
        self.built.relationships_created += 1
        self.built.properties_set += sum(1 for v in props.values() if v is not None)
        self.sink.relationship(type_, start, end, props)


def _fact_hash(fact_id: str) -> int:
    return int(fact_id[2:18], 16)  # f-<20 hex digits>: the first 64 bits


def _slot_hash(slot: str) -> int:
    return int(slot[2:18], 16)  # s-<16 hex digits>


def _repeated(parts: list[np.ndarray]) -> set[int]:
    """Hashes that occur more than once across the parts."""
    if not parts:
        return set()
    values, counts = np.unique(np.concatenate(parts), return_counts=True)
    return set(values[counts > 1].tolist())


def _first_pass(plans: Iterator[SourcePlan]) -> tuple[set[int], set[int]]:
    """Hashes of fact ids more than one source asserts, and of slots holding more than one fact."""
    facts: list[np.ndarray] = []
    slots: list[np.ndarray] = []
    for plan in plans:
        facts.append(np.fromiter((_fact_hash(f) for f in plan.facts), dtype=np.uint64, count=len(plan.facts)))
        slots.append(
            np.fromiter(
                (_slot_hash(r["props"]["slot"]) for r in plan.facts.values()), dtype=np.uint64, count=len(plan.facts)
            )
        )
    return _repeated(facts), _repeated(slots)


@dataclass
class _Slot:
    type: str
    subject: str
    object: str
    facts: dict[str, str] = field(default_factory=dict)  # fact id -> the source that first asserted it


def build(
    pending: list[Pending],
    plan_of: Callable[[Pending], SourcePlan],
    names: Mapping[str, str],
    kinds: Mapping[str, str],
    manifest_of: Callable[[Pending, SourcePlan], dict[str, Any]],
    sink: Sink,
    progress: Progress = _quiet,
) -> Built:
    """Hand ``sink`` the graph a normal load of ``pending`` (in this order) into an empty database leaves.

    ``names`` and ``kinds`` are the loader's (``loader.names_and_kinds``); ``plan_of`` reads a plan back from
    the spool. A fact whose end is not in the graph when its source is written fails as in a normal load."""
    built = Built()
    out = _Counting(sink, built)
    shared_hashes, slot_hashes = _first_pass(plan_of(p) for p in pending)
    defs: dict[str, list[StoredDef]] = {}
    labels: dict[str, set[str]] = {}
    states: set[str] = set()
    dyads: dict[str, dict[str, Any]] = {}
    shared: dict[str, dict[str, Any]] = {}  # facts more than one source may assert, merged as loads merge them
    slots: dict[str, _Slot] = {}
    total = sum(p.claims + p.derived for p in pending)
    done = 0
    for p in pending:
        plan = plan_of(p)
        source_id = plan.source_id
        for entity in plan.entities:
            defs[entity.id] = replace_def(defs.get(entity.id, []), StoredDef(source_id, p.rank, entity), source_id)
            row = node_row(entity.id, defs[entity.id])
            assert row is not None
            labels.setdefault(entity.id, set()).add(KIND_LABELS[row["kind"]])
            if row["kind"] == "state":
                states.add(entity.id)
        rows = list(plan.facts.values())
        for did, dyad in dyads_of(rows, names, kinds).items():
            if did not in dyads and dyad["a"] in states and dyad["b"] in states:
                dyads[did] = dyad
        _refuse_missing_ends(source_id, rows, defs, dyads)
        for n, row in enumerate(rows, start=1):
            fid = row["fact_id"]
            claims = {"sources": [source_id], **{k: list(row[k]) for k in CLAIM_LISTS}}
            if _fact_hash(fid) in shared_hashes:
                kept = shared.get(fid)
                if kept is None:
                    shared[fid] = {
                        "type": row["type"],
                        "subject": row["subject"],
                        "object": row["object"],
                        "props": {**row["props"], "fact_id": fid, **claims},
                    }
                else:
                    for key, values in claims.items():
                        kept["props"][key] += values
            else:
                out.relationship(
                    row["type"],
                    node_key(row["subject"]),
                    node_key(row["object"]),
                    {**row["props"], "fact_id": fid, **claims},
                )
            slot = row["props"]["slot"]
            if _slot_hash(slot) in slot_hashes:
                slots.setdefault(slot, _Slot(row["type"], row["subject"], row["object"])).facts.setdefault(
                    fid, source_id
                )
            if n % PROGRESS_EVERY == 0:
                progress(p.path, done + n, total)
        done += len(rows)
        progress(p.path, done, total)
        built.per_source[source_id] = len(rows)
        params = source_params(plan, manifest_of(p, plan))
        out.node(f"s:{source_id}", ("Source",), params["source"])
        for chunk in params["chunks"]:
            out.node(f"c:{source_id}:{chunk['chunk']}", ("SourceFacts",), {"source": source_id, **chunk})
    for fact in shared.values():
        out.relationship(fact["type"], node_key(fact["subject"]), node_key(fact["object"]), fact["props"])
    for eid, entity_defs in defs.items():
        props = node_row(eid, entity_defs)
        assert props is not None
        out.node(f"e:{eid}", ("Entity", *sorted(labels[eid])), props)
    for did, dyad in dyads.items():
        out.node(f"d:{did}", ("Dyad",), {"id": did, "name": dyad["name"], "a": dyad["a"], "b": dyad["b"]})
        out.relationship("SIDE_OF", f"e:{dyad['a']}", f"d:{did}", {})
        out.relationship("SIDE_OF", f"e:{dyad['b']}", f"d:{did}", {})
    for slot, found in slots.items():
        sources = {
            fid: tuple(sorted(shared[fid]["props"]["sources"] if fid in shared else [first]))
            for fid, first in found.facts.items()
        }
        if len(sources) > 1 and len(set(sources.values())) > 1:
            out.node(
                f"x:{slot}",
                ("Dispute",),
                {
                    "slot": slot,
                    "type": found.type,
                    "subject": found.subject,
                    "object": found.object,
                    "fact_ids": sorted(sources),
                },
            )
    out.node(f"l:{LOCK_ID}", ("LoadLock",), {"id": LOCK_ID})
    return built


def _refuse_missing_ends(
    source_id: str, rows: Sequence[Mapping[str, Any]], defs: Mapping[str, Any], dyads: Mapping[str, Any]
) -> None:
    """A normal load writes a source's facts only between nodes already in the graph; so does this."""

    def there(ref: str) -> bool:
        return ref in dyads if is_dyad(ref) else ref in defs

    missing = Counter(row["type"] for row in rows if not (there(row["subject"]) and there(row["object"])))
    if missing:
        relation, count = sorted(missing.items())[0]
        raise DataError(
            f"{source_id}: {count} {relation} facts name an entity or dyad that is not in the graph; "
            "nothing of this source was written.",
            "An entity it names is defined only by a file loaded after it (a normal load stops here "
            "too): name the file that defines it first. Nothing was written.",
        )
