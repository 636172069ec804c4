"""The hand-written loader relgraph has to beat: what a competent engineer writes in an afternoon.

    python benchmarks/baseline.py PATHS... [--batch-size 5000] [--format text|json]

Connection: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD (and NEO4J_DATABASE) as for relgraph.

It reads every seed file with PyYAML (libyaml's CSafeLoader when available), trusts what YAML gives
(no validation), then writes with the official driver: unique constraints first (entity id, dyad id,
source id, and fact_id for every relationship type it meets), then ``UNWIND $rows AS row MERGE ...``
in batches, each batch its own transaction: entities (one query per kind, for the label), sources,
dyads with their SIDE_OF edges, then facts (one query per relationship type and kind of ends).

It builds the graph relgraph builds, near enough for the catalogue's queries to work on it:
Entity nodes with a label per kind and unique ``id``; a relationship per distinct fact with
``fact_id``, ``sources``, ``cited``, partial dates as text and ``year_from``/``year_to``; a Dyad node
per pair of states with a bilateral fact (or named as a dyad), joined by SIDE_OF; a Source node per
file. The differences (docs/benchmarks.md lists them): its own fact_id hash, no ``historic`` flag on
states, no empty ``notes``/``confidences`` lists, no manifest hash, no per-file atomicity, no
incremental reload (every run rewrites everything), and nothing is checked.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import target_from_env

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# From docs/graph-model.md: which types join two states in a Dyad, and which read the same both ways.
BILATERAL = {
    "TRADES_WITH",
    "SUPPLIES_ARMS_TO",
    "EMBARGOES",
    "COOPERATES_WITH",
    "EXERCISES_WITH",
    "RIVALS",
    "ALIGNS_WITH",
    "DISTANCES_FROM",
    "PRESSURES",
    "INVADES",
}
SYMMETRIC = {"TRADES_WITH", "COOPERATES_WITH", "EXERCISES_WITH", "RIVALS"}
LABELS = {
    "state": "State",
    "organisation": "Organisation",
    "project": "Project",
    "treaty": "Treaty",
    "event": "Event",
    "person": "Person",
    "region": "Region",
}
DYAD = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")
NOT_CONTENT = ("at", "note", "confidence")  # about the claim (where, why, how sure), not what it asserts
DATES = ("date", "since", "until")
Row = dict[str, Any]


@dataclass
class Plan:
    """Everything to write, deduplicated across files."""

    entities: dict[str, Row] = field(default_factory=dict)  # id -> row
    sources: list[Row] = field(default_factory=list)
    dyads: dict[str, Row] = field(default_factory=dict)  # id -> row
    facts: dict[tuple[str, str, str], dict[str, Row]] = field(default_factory=dict)  # (type, end labels) -> id -> row

    @property
    def fact_count(self) -> int:
        return sum(len(rows) for rows in self.facts.values())


def seed_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
    return found


def parse(files: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    docs = []
    for path in files:
        with open(path, encoding="utf-8") as handle:
            docs.append((path, yaml.load(handle, Loader=Loader)))
    return docs


def dyad_id(a: str, b: str) -> str:
    return "-".join(sorted((a, b)))


def year(value: Any) -> int | None:
    return None if value is None else int(str(value)[:4])


def plan(docs: list[tuple[Path, dict[str, Any]]]) -> Plan:
    out = Plan()
    for path, doc in docs:
        source = doc["source"]
        for entity in doc.get("entities") or []:
            add_entity(out, entity, source["id"])
        out.sources.append(source_row(source, path, doc))
    names = {eid: e["props"]["name"] for eid, e in out.entities.items()}
    kinds = {eid: e["kind"] for eid, e in out.entities.items()}
    for _, doc in docs:
        for fact in doc.get("facts") or []:
            add_fact(out, fact, doc["source"]["id"], names, kinds)
    return out


def add_entity(out: Plan, entity: dict[str, Any], source_id: str) -> None:
    props = {k: v for k, v in entity.items() if k not in ("id", "kind", "aliases")}
    for key in ("signed", "date"):
        if key in props:
            props[key] = str(props[key])
            props["year"] = year(props[key])
    row = out.entities.setdefault(
        entity["id"], {"id": entity["id"], "kind": entity["kind"], "props": {}, "aliases": [], "sources": []}
    )
    row["props"].update(props)
    row["aliases"] += [a for a in entity.get("aliases") or [] if a not in row["aliases"]]
    if source_id not in row["sources"]:
        row["sources"].append(source_id)


def source_row(source: dict[str, Any], path: Path, doc: dict[str, Any]) -> Row:
    props = {k: v for k, v in source.items() if k != "coverage"}
    for key, value in (source.get("coverage") or {}).items():
        props[f"coverage_{key}"] = str(value)
    if "published" in props:
        props["published"] = str(props["published"])
    props.update(path=str(path), entity_count=len(doc.get("entities") or []), fact_count=len(doc.get("facts") or []))
    return props


def add_fact(out: Plan, fact: dict[str, Any], source_id: str, names: dict[str, str], kinds: dict[str, str]) -> None:
    subject, obj = fact["subject"], fact["object"]
    if DYAD.match(subject):
        subject = dyad_id(*subject.split("-"))
    if DYAD.match(obj):
        obj = dyad_id(*obj.split("-"))
    if fact["type"] in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    content = {k: v for k, v in fact.items() if k not in NOT_CONTENT}
    content.update(subject=subject, object=obj)
    fact_id = "f-" + hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:20]
    ends = ("Dyad" if DYAD.match(subject) else "Entity", "Dyad" if DYAD.match(obj) else "Entity")
    rows = out.facts.setdefault((fact["type"], *ends), {})
    row = rows.get(fact_id)
    if row is None:
        props = {k: v for k, v in content.items() if k not in ("type", "subject", "object")}
        for key in DATES:
            if key in props:
                props[key] = str(props[key])
        props.update(
            year_from=year(props.get("date") or props.get("since")),
            year_to=year(props.get("until")),
            sources=[],
            cited=[],
        )
        row = rows[fact_id] = {
            "id": fact_id,
            "s": subject,
            "o": obj,
            "props": {k: v for k, v in props.items() if v is not None},
        }
    place = f"{source_id}@{fact['at']}"
    props = row["props"]
    if source_id not in props["sources"]:
        props["sources"].append(source_id)
    props["cited"].append(place)
    if fact.get("note"):
        props.setdefault("notes", []).append(f"{place}: {fact['note']}")
    if fact.get("confidence") is not None:
        props.setdefault("confidences", []).append(f"{place}: {fact['confidence']}")
    pairs = [ref.split("-") for ref in (subject, obj) if DYAD.match(ref)]
    if fact["type"] in BILATERAL and kinds.get(subject) == kinds.get(obj) == "state":
        pairs.append([subject, obj])
    for a, b in pairs:
        did = dyad_id(a, b)
        if did not in out.dyads:
            first, second = sorted((a, b))
            out.dyads[did] = {
                "id": did,
                "a": first,
                "b": second,
                "name": f"{names.get(first, first)}–{names.get(second, second)}",
            }


# --- writing ---------------------------------------------------------------------------------

ENTITY_QUERY = """UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:%s, n += row.props, n.kind = row.kind, n.aliases = row.aliases, n.sources = row.sources"""
SOURCE_QUERY = "UNWIND $rows AS row MERGE (s:Source {id: row.id}) SET s += row"
DYAD_QUERY = """UNWIND $rows AS row
MATCH (a:State {id: row.a}), (b:State {id: row.b})
MERGE (d:Dyad {id: row.id}) SET d.name = row.name
MERGE (a)-[:SIDE_OF]->(d)
MERGE (b)-[:SIDE_OF]->(d)"""
FACT_QUERY = """UNWIND $rows AS row
MATCH (a:%s {id: row.s})
MATCH (b:%s {id: row.o})
MERGE (a)-[r:%s {fact_id: row.id}]->(b)
SET r += row.props"""


def batches(rows: list[Row], size: int) -> Iterator[list[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write(driver: Any, database: str | None, todo: Plan, batch_size: int) -> None:
    def run(query: str, rows: list[Row]) -> None:
        for batch in batches(rows, batch_size):
            driver.execute_query(query, rows=batch, database_=database)

    schema = [
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT dyad_id IF NOT EXISTS FOR (d:Dyad) REQUIRE d.id IS UNIQUE",
        "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
    ]
    schema += [
        f"CREATE CONSTRAINT fact_{t.lower()} IF NOT EXISTS FOR ()-[r:{t}]-() REQUIRE r.fact_id IS UNIQUE"
        for t in sorted({key[0] for key in todo.facts})
    ]
    for statement in schema:
        driver.execute_query(statement, database_=database)
    by_kind: dict[str, list[Row]] = {}
    for row in todo.entities.values():
        by_kind.setdefault(row["kind"], []).append(row)
    for kind, rows in sorted(by_kind.items()):
        run(ENTITY_QUERY % LABELS[kind], rows)
    run(SOURCE_QUERY, todo.sources)
    run(DYAD_QUERY, sorted(todo.dyads.values(), key=lambda d: d["id"]))
    for (rel_type, subject_label, object_label), rows in sorted(todo.facts.items()):
        run(FACT_QUERY % (subject_label, object_label, rel_type), list(rows.values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="seed files or folders of them")
    parser.add_argument("--batch-size", type=int, default=5000, help="rows per UNWIND batch (and transaction)")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: print the timings as one JSON object on stdout",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    target = target_from_env()
    files = seed_files(args.paths)
    docs = parse(files)
    parsed = time.perf_counter()
    todo = plan(docs)
    del docs
    planned = time.perf_counter()
    with target.driver() as driver:
        driver.verify_connectivity()
        write(driver, target.database, todo, args.batch_size)
    done = time.perf_counter()
    seconds = done - started
    facts = todo.fact_count
    summary = {
        "loader": "baseline",
        "files": len(files),
        "entities": len(todo.entities),
        "dyads": len(todo.dyads),
        "facts": facts,
        "seconds": round(seconds, 3),
        "facts_per_s": round(facts / seconds, 1),
        "phases": {
            "parse": round(parsed - started, 3),
            "plan": round(planned - parsed, 3),
            "write": round(done - planned, 3),
        },
    }
    print(
        f"baseline: {facts:,} facts, {len(todo.entities):,} entities, {len(todo.dyads):,} dyads from {len(files)} "
        f"file(s) in {seconds:.2f} s ({facts / seconds:,.0f} facts/s); parse {parsed - started:.2f} s, "
        f"plan {planned - parsed:.2f} s, write {done - planned:.2f} s",
        file=sys.stderr,
    )
    if args.format == "json":
        print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
