"""The query catalogue: headers are the contract, and Neo4j agrees on read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from relgraph.queries.catalogue import CatalogueError, catalogue, parse_query, used_parameters

from .conftest import ROOT

QUERIES = sorted(catalogue().values(), key=lambda q: q.name)


def expected_name(file: str) -> str:
    """A query is named after its file; in ``influence/`` (one rule per file), after the folder too."""
    path = Path(file)
    return f"influence_{path.stem}" if path.parent.name == "influence" else path.stem


def test_every_file_is_in_the_catalogue():
    files = sorted(
        expected_name(str(p.relative_to(ROOT / "cypher")))
        for folder in ("", "facts", "load", "influence")
        for p in (ROOT / "cypher" / folder).glob("*.cypher")
    )
    assert files == sorted(catalogue())


def test_generated_fact_queries_match_the_vocabulary():
    from relgraph.queries.factqueries import rendered

    folder = ROOT / "cypher" / "facts"
    on_disk = {p.name: p.read_text() for p in folder.glob("*.cypher")}
    assert on_disk == rendered(), "run: python -m relgraph.generate"


def test_fact_merges_use_the_unique_index(graph):
    """A fixed type lets Neo4j seek the fact_id index; a parameterised type would scan every relationship."""
    from relgraph.loading.schema import ensure_schema

    ensure_schema(graph)
    checked = 0
    for query in QUERIES:
        if query.name.startswith(("add_fact_", "retract_fact_", "settle_fact_", "rollback_fact_")):
            params = {name: None for name in query.param_names} | {"rows": [], "ids": []}
            plan = str(graph.driver.execute_query("EXPLAIN " + query.text, params).summary.plan)
            assert "RelationshipUniqueIndexSeek" in plan and "AllRelationshipsScan" not in plan, query.name
            checked += 1
    assert checked >= 4 * 23


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_header_matches_body(query):
    assert query.name == expected_name(query.file)
    assert query.param_names == used_parameters(query.text)
    assert query.purpose and query.returns


def test_used_parameters_ignores_strings_and_comments():
    text = "MATCH (n {id: $id}) // $not_this\nRETURN '$nor_this' AS x, $limit AS l"
    assert used_parameters(text) == {"id", "limit"}


@pytest.mark.parametrize(
    "text, message",
    [
        ("MATCH (n) RETURN n", "header lacks"),
        ("// name: x\n// mode: maybe\n// params:\n// returns: r\n// purpose: p\nRETURN 1", "mode 'maybe'"),
        (
            "// name: x\n// mode: read\n// params:\n//   a str no colon\n// returns: r\n// purpose: p\nRETURN $a",
            "not 'name: type",
        ),
        ("// name: x\n// mode: read\n// params:\n// returns: r\n// purpose: p\n", "no statement"),
    ],
)
def test_bad_headers_are_refused(text, message):
    with pytest.raises(CatalogueError, match=message):
        parse_query(text, "x.cypher")


@pytest.mark.parametrize("query", [q for q in QUERIES if q.mode == "read"], ids=lambda q: q.name)
def test_read_queries_are_read_only_by_explain(graph, query):
    params = {p.name: None for p in query.params}
    summary = graph.driver.execute_query("EXPLAIN " + query.text, params).summary
    assert summary.query_type == "r"


@pytest.mark.parametrize("query", [q for q in QUERIES if q.mode == "write"], ids=lambda q: q.name)
def test_write_queries_are_writes_by_explain(graph, query):
    params = {p.name: None for p in query.params}
    summary = graph.driver.execute_query("EXPLAIN " + query.text, params).summary
    assert summary.query_type in ("w", "rw")
