"""The generated statements that read facts (by id, by slot, by source; disputes; counts per type) and
the slot indexes they use. Part of ``factqueries.rendered``."""

from __future__ import annotations

from ..core.vocabulary import SPECS
from .factnames import GENERATED, slot_index_name, slot_name, statement_header


def slot_index_query(relation: str) -> str:
    return (
        "\n".join(
            statement_header(
                slot_index_name(relation),
                "schema",
                [],
                "nothing",
                [
                    f"Finds the {relation} facts that answer the same question (one slot), so disagreements are found",
                    f"when a source is loaded instead of by scanning every fact ({GENERATED}).",
                ],
            )
            + [f"CREATE INDEX {slot_index_name(relation)} IF NOT EXISTS FOR ()-[r:{relation}]-() ON (r.slot)"]
        )
        + "\n"
    )


def slot_query(relation: str) -> str:
    lines = statement_header(
        slot_name(relation),
        "read",
        ["//   slots: list[str]  slot keys (s-...)"],
        "one row per visible fact in those slots: slot, fact_id, sources",
        [f"The {relation} facts in these slots, to see which slots sources disagree on ({GENERATED})."],
    )
    # The hint: a plan cached while the type had few facts scans all of them for every slot (it took minutes
    # after a load of 100,000 facts).
    lines += [
        "UNWIND $slots AS slot",
        f"MATCH ()-[r:{relation} {{slot: slot}}]->()",
        f"USING INDEX SEEK r:{relation}(slot)",
        "WHERE {{visible r}}",
        "RETURN slot, r.fact_id AS fact_id, {{sources r}} AS sources",
    ]
    return "\n".join(lines) + "\n"


def disputes_query() -> str:
    """Facts on which sources disagree, from the Dispute nodes loads keep (never a scan of every fact)."""
    lines = statement_header(
        "disputes",
        "read",
        [],
        "one row per claim in dispute: dispute (number of the group), type, "
        "subject, object, slot (measure, date, role, domain), value, unit, direction, since, until, "
        "sources, cited",
        [
            "Facts on which sources disagree, side by side: facts in the same slot (same type, ends, measure,",
            "date, role and domain) that differ, asserted by different sources. Loads record such slots as",
            f"Dispute nodes; each fact is found through its type's index ({GENERATED}).",
        ],
    )
    lines += [
        "MATCH (d:Dispute)",
        "WITH d ORDER BY d.type, d.subject, d.object, d.slot",
        "WITH collect(d) AS groups",
        "UNWIND range(0, size(groups) - 1) AS i",
        "WITH i, groups[i] AS d",
        "UNWIND d.fact_ids AS id",
        "CALL (id) {",
    ]
    for i, relation in enumerate(SPECS):
        if i:
            lines.append("  UNION")
        lines += [f"  MATCH (x)-[r:{relation} {{fact_id: id}}]->(y)", "  RETURN x, r, y"]
    lines += [
        "}",
        "WITH i, x, r, y",
        "WHERE {{visible r}}",
        "RETURN i + 1 AS dispute, type(r) AS type, coalesce(x.name, x.id) AS subject, "
        "coalesce(y.name, y.id) AS object,",
        "       [s IN [r.measure, r.date, r.role, r.domain] WHERE s IS NOT NULL] AS slot, r.value AS value, "
        "r.unit AS unit,",
        "       r.direction AS direction, r.since AS since, r.until AS until, {{sources r}} AS sources, "
        "{{cited r}} AS cited",
        "ORDER BY dispute, value",
    ]
    return "\n".join(lines) + "\n"


def fact_counts_query() -> str:
    lines = statement_header(
        "fact_counts",
        "read",
        [],
        "one row: one column per relation type, its number of relationships",
        [
            "How many relationships of each fact type the graph holds, from Neo4j's count store (no scan):",
            f"a type with none needs no lookup before its facts are created ({GENERATED}).",
        ],
    )
    lines += ["RETURN " + ",\n       ".join(f"COUNT {{ ()-[:{relation}]->() }} AS {relation}" for relation in SPECS)]
    return "\n".join(lines) + "\n"


def facts_by_id_query() -> str:
    """One statement that finds facts by id whatever their type (an index lookup per type)."""
    lines = statement_header(
        "facts_by_id",
        "read",
        ["//   ids: list[str]  fact ids (f-...)"],
        "one row per fact found: fact_id, type, subject, object, props (all properties)",
        [
            "Facts by id, whatever their type: each type's index is asked, never a scan of every relationship",
            f"({GENERATED}).",
        ],
    )
    lines += ["UNWIND $ids AS id", "CALL (id) {"]
    for i, relation in enumerate(SPECS):
        if i:
            lines.append("  UNION")
        lines += [f"  MATCH (a)-[r:{relation} {{fact_id: id}}]->(b)", "  RETURN a, r, b"]
    lines += [
        "}",
        "RETURN r.fact_id AS fact_id, type(r) AS type, a.id AS subject, b.id AS object, properties(r) AS props",
    ]
    return "\n".join(lines) + "\n"


def fact_sources_query() -> str:
    """Where one fact comes from: each source asserting it, and the places (an index lookup per type)."""
    lines = statement_header(
        "fact_sources",
        "read",
        ["//   fact_id: str  a fact id (f-...), as shown in JSON output"],
        "one row per source asserting the fact: fact_id, type, subject, object, source, title, kind, "
        "cited (places in that source), notes",
        [
            "Where a fact comes from: each source that asserts it and the places it says so; each type's index",
            f"is asked, never a scan ({GENERATED}).",
        ],
    )
    lines += ["CALL () {"]
    for i, relation in enumerate(SPECS):
        if i:
            lines.append("  UNION")
        lines += [f"  MATCH (x)-[r:{relation} {{fact_id: $fact_id}}]->(y)", "  RETURN x, r, y"]
    lines += [
        "}",
        "WITH x, r, y",
        "WHERE {{visible r}}",
        "UNWIND {{sources r}} AS sid",
        "OPTIONAL MATCH (s:Source {id: sid})",
        "RETURN r.fact_id AS fact_id, type(r) AS type, coalesce(x.name, x.id) AS subject, "
        "coalesce(y.name, y.id) AS object,",
        "       sid AS source, s.title AS title, s.kind AS kind,",
        "       [c IN {{cited r}} WHERE c STARTS WITH sid + '@'] AS cited,",
        "       [n IN coalesce({{notes r}}, []) WHERE n STARTS WITH sid + '@'] AS notes",
        "ORDER BY source",
    ]
    return "\n".join(lines) + "\n"
