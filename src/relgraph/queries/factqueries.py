"""Generate the per-relation-type statements in ``cypher/facts/`` from the vocabulary.

Neo4j 5.26 cannot plan a MERGE on a parameterised relationship type with an index: ``MERGE
(a)-[r:$(type) {fact_id: ...}]->(b)`` scans every relationship for every row. So each relation type
gets its own fixed-type statements and its own uniqueness constraint on ``fact_id`` (which also
gives every lookup of a fact by id its index). The files are generated from the closed vocabulary and
committed; a test fails when they drift. Regenerate with ``python -m relgraph.generate``.

Every writing statement takes ``$pending``: null for a load written in one transaction; a load id
for a staged load, whose changes stay invisible (queries read ``prev_*``) until it is published.
"""

from __future__ import annotations

from ..core.vocabulary import DYAD, SPECS, RelationSpec
from .factnames import (
    GENERATED,
    add_name,
    constraint_name,
    create_name,
    existing_name,
    retract_name,
    rollback_name,
    settle_name,
    slot_index_name,
    slot_name,
    statement_header,
)
from .factreads import (
    disputes_query,
    fact_counts_query,
    fact_sources_query,
    facts_by_id_query,
    slot_index_query,
    slot_query,
)

__all__ = [
    "add_name",
    "constraint_name",
    "create_name",
    "existing_name",
    "rendered",
    "retract_name",
    "rollback_name",
    "settle_name",
    "slot_index_name",
    "slot_name",
]

FOLDER = "facts"
CLAIMS = ("sources", "cited", "notes", "confidences")


def _rows_and_ends(spec: RelationSpec) -> list[str]:
    """Each row of $rows with its two ends bound to a and b (entities, or dyads where the type allows)."""
    lines = ["UNWIND $rows AS row", *_end("a", "subject", spec.subjects), *_end("b", "object", spec.objects)]
    coalesced = [
        f"coalesce({v}e, {v}d) AS {v}" if DYAD in kinds and kinds != (DYAD,) else v
        for v, kinds in (("a", spec.subjects), ("b", spec.objects))
    ]
    if coalesced != ["a", "b"]:
        lines.append(f"WITH row, {', '.join(coalesced)}")
    return lines


def _end(var: str, key: str, kinds: tuple[str, ...]) -> list[str]:
    """MATCH lines binding ``var`` to the entity, or (where the type allows it) the dyad, named by row.key."""
    if DYAD not in kinds:
        return [f"MATCH ({var}:Entity {{id: row.{key}}})"]
    if kinds == (DYAD,):
        return [f"MATCH ({var}:Dyad {{id: row.{key}}})"]
    return [f"OPTIONAL MATCH ({var}e:Entity {{id: row.{key}}})", f"OPTIONAL MATCH ({var}d:Dyad {{id: row.{key}}})"]


def _keep_previous() -> list[str]:
    """In a staged load, the first time it touches a fact: keep what queries must go on seeing."""
    return [
        "SET r.prev_sources = CASE WHEN $pending IS NULL OR r.pending = $pending THEN r.prev_sources ELSE r.sources END,",
        "    r.prev_cited = CASE WHEN $pending IS NULL OR r.pending = $pending THEN r.prev_cited ELSE r.cited END,",
        "    r.prev_notes = CASE WHEN $pending IS NULL OR r.pending = $pending THEN r.prev_notes ELSE r.notes END,",
        "    r.prev_confidences = CASE WHEN $pending IS NULL OR r.pending = $pending THEN r.prev_confidences "
        "ELSE r.confidences END,",
        "    r.pending = coalesce($pending, r.pending)",
    ]


PENDING = "//   pending: str  a staged load's id, or null when the load is one transaction"
SOURCE = "//   source_id: str  the source whose claims these are"


def add_query(relation: str, spec: RelationSpec) -> str:
    lines = statement_header(
        add_name(relation),
        "write",
        [
            "//   rows: list[map]  one per fact: fact_id, subject and object (entity or dyad ids), props, and",
            "//     this source's claim lists: cited (source@place), notes, confidences",
            SOURCE,
            PENDING,
        ],
        "one row: written (facts found or created, to check against the rows sent)",
        [
            f"Add or re-claim {relation} facts in one batch, keyed by fact_id (unique per type), so the",
            "same fact from two sources is one relationship listing both. This source's citations, notes and",
            f"confidences replace its earlier ones and leave other sources' alone ({GENERATED}).",
        ],
    )
    lines += _rows_and_ends(spec)
    lines += [
        f"MERGE (a)-[r:{relation} {{fact_id: row.fact_id}}]->(b)",
        "ON CREATE SET r += row.props, r.sources = [], r.cited = [], r.notes = [], r.confidences = []",
        *_keep_previous(),
        "SET r.sources = [s IN r.sources WHERE s <> $source_id] + $source_id,",
        "    r.cited = [c IN r.cited WHERE NOT c STARTS WITH $source_id + '@'] + row.cited,",
        "    r.notes = [c IN r.notes WHERE NOT c STARTS WITH $source_id + '@'] + row.notes,",
        "    r.confidences = [c IN r.confidences WHERE NOT c STARTS WITH $source_id + '@'] + row.confidences",
        "RETURN count(r) AS written",
    ]
    return "\n".join(lines) + "\n"


def create_query(relation: str, spec: RelationSpec) -> str:
    lines = statement_header(
        create_name(relation),
        "write",
        [
            "//   rows: list[map]  one per fact no relationship holds yet: subject and object (entity or dyad ids)",
            "//     and props (every property the fact gets: fact_id, its own properties, the claim lists)",
        ],
        "one row: written (facts created, to check against the rows sent)",
        [
            f"Create {relation} facts that are not in the graph yet (the loader has checked), with all their",
            "properties at once: the same relationship add_fact leaves, for a fraction of its work. The",
            f"uniqueness constraint on fact_id still refuses a second one ({GENERATED}).",
        ],
    )
    lines += _rows_and_ends(spec)
    lines += [f"CREATE (a)-[r:{relation}]->(b)", "SET r = row.props", "RETURN count(r) AS written"]
    return "\n".join(lines) + "\n"


def existing_query(relation: str) -> str:
    lines = statement_header(
        existing_name(relation),
        "read",
        ["//   ids: list[str]  fact ids (f-...)"],
        "one row per id a relationship holds: fact_id",
        [
            f"Which of these {relation} facts the graph holds already, visible or not (an index lookup each;",
            f"the loader creates the others) ({GENERATED}).",
        ],
    )
    lines += [
        "UNWIND $ids AS id",
        f"MATCH ()-[r:{relation} {{fact_id: id}}]->()",
        f"USING INDEX SEEK r:{relation}(fact_id)",
        "RETURN id AS fact_id",
    ]
    return "\n".join(lines) + "\n"


def retract_query(relation: str) -> str:
    lines = statement_header(
        retract_name(relation),
        "write",
        ["//   ids: list[str]  fact ids the source no longer asserts", SOURCE, PENDING],
        "one row: deleted (when not staged), withdrawn",
        [
            f"Withdraw one source's claim to these {relation} facts: its id, citations, notes and confidences",
            "leave the lists; a fact no source asserts any more is deleted (a staged load leaves it, invisible,",
            f"for settling), one other sources assert stays ({GENERATED}).",
        ],
    )
    lines += [
        "UNWIND $ids AS id",
        f"MATCH ()-[r:{relation} {{fact_id: id}}]->()",
        f"USING INDEX SEEK r:{relation}(fact_id)",
        "WHERE $source_id IN r.sources",
        *_keep_previous(),
        "SET r.sources = [s IN r.sources WHERE s <> $source_id],",
        "    r.cited = [c IN r.cited WHERE NOT c STARTS WITH $source_id + '@'],",
        "    r.notes = [c IN r.notes WHERE NOT c STARTS WITH $source_id + '@'],",
        "    r.confidences = [c IN r.confidences WHERE NOT c STARTS WITH $source_id + '@']",
        "WITH r, size(r.sources) = 0 AND $pending IS NULL AS gone",
        "CALL (r, gone) {",
        "  WITH r, gone",
        "  WHERE gone",
        "  DELETE r",
        "}",
        "RETURN count(CASE WHEN gone THEN 1 END) AS deleted, count(*) AS withdrawn",
    ]
    return "\n".join(lines) + "\n"


def _finish_query(name: str, relation: str, restore: bool) -> str:
    verb = "Undo" if restore else "Settle"
    lines = statement_header(
        name,
        "write",
        ["//   ids: list[str]  fact ids the staged load touched", "//   pending: str  the staged load's id"],
        "nothing",
        [
            f"{verb} a staged load's marks on {relation} facts: "
            + ("put back what was there before it" if restore else "keep what it wrote, now that it is published")
            + ",",
            f"and delete facts no source asserts ({GENERATED}).",
        ],
    )
    lines += [
        "UNWIND $ids AS id",
        f"MATCH ()-[r:{relation} {{fact_id: id}}]->()",
        f"USING INDEX SEEK r:{relation}(fact_id)",
        "WHERE r.pending = $pending",
    ]
    if restore:
        lines += ["SET " + ",\n    ".join(f"r.{c} = coalesce(r.prev_{c}, [])" for c in CLAIMS)]
    lines += [
        "REMOVE r.pending, " + ", ".join(f"r.prev_{c}" for c in CLAIMS),
        "WITH r",
        "WHERE size(r.sources) = 0",
        "DELETE r",
    ]
    return "\n".join(lines) + "\n"


def constraint_query(relation: str) -> str:
    return (
        "\n".join(
            statement_header(
                constraint_name(relation),
                "schema",
                [],
                "nothing",
                [
                    f"One {relation} relationship per fact_id; gives the index every lookup of a fact uses and makes",
                    f"concurrent loads safe ({GENERATED}).",
                ],
            )
            + [
                f"CREATE CONSTRAINT {constraint_name(relation)} IF NOT EXISTS "
                f"FOR ()-[r:{relation}]-() REQUIRE r.fact_id IS UNIQUE"
            ]
        )
        + "\n"
    )


def rendered() -> dict[str, str]:
    """File name (under cypher/facts/) -> text, for every relation type."""
    files: dict[str, str] = {
        "facts_by_id.cypher": facts_by_id_query(),
        "fact_sources.cypher": fact_sources_query(),
        "disputes.cypher": disputes_query(),
        "fact_counts.cypher": fact_counts_query(),
    }
    for relation, spec in SPECS.items():
        files[f"{constraint_name(relation)}.cypher"] = constraint_query(relation)
        files[f"{add_name(relation)}.cypher"] = add_query(relation, spec)
        files[f"{create_name(relation)}.cypher"] = create_query(relation, spec)
        files[f"{existing_name(relation)}.cypher"] = existing_query(relation)
        files[f"{retract_name(relation)}.cypher"] = retract_query(relation)
        files[f"{settle_name(relation)}.cypher"] = _finish_query(settle_name(relation), relation, restore=False)
        files[f"{rollback_name(relation)}.cypher"] = _finish_query(rollback_name(relation), relation, restore=True)
        files[f"{slot_index_name(relation)}.cypher"] = slot_index_query(relation)
        files[f"{slot_name(relation)}.cypher"] = slot_query(relation)
    return files
