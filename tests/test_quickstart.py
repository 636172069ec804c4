"""The first vertical slice, end to end against real Neo4j: load seed/, ask who influences Russia–Pakistan."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.loading.loader import load_all
from relgraph.queries.answers import who_influences
from relgraph.queries.stats import counts

from .conftest import SEED_DIR

runner = CliRunner()


def test_load_then_who_influences_names_the_three_powers(graph):
    load_all(graph, [SEED_DIR])
    answer = who_influences(graph, "Russia", "Pakistan")
    by_id = {row["influencer_id"]: row for row in answer.rows}
    assert set(by_id) == {"CHN", "IND", "USA"}
    assert "China–Pakistan Economic Corridor" in by_id["CHN"]["via"]
    assert by_id["CHN"]["direction"] == "reinforces"
    assert all(row["cited"] and "@game-of-influence:" in row["cited"][0] for row in answer.rows)


def test_order_and_aliases_do_not_matter(graph):
    load_all(graph, [SEED_DIR])
    forward = who_influences(graph, "RUS", "PAK").rows
    backward = who_influences(graph, "islamabad", "moscow").rows
    assert forward == backward and len(forward) == 3


def test_loading_twice_changes_no_counts(graph):
    load_all(graph, [SEED_DIR])
    first = counts(graph)
    again = load_all(graph, [SEED_DIR])
    assert counts(graph) == first
    assert first["nodes"] > 15 and first["relationships"] > 10
    assert again.total("nodes_created") == 0 and again.total("relationships_created") == 0


def test_one_entity_node_per_id(graph):
    load_all(graph, [SEED_DIR])
    load_all(graph, [SEED_DIR])
    records, _, _ = graph.driver.execute_query("MATCH (n:Entity) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN id")
    assert records == []


def test_cli_load_and_who_influences(graph, neo4j_env):
    loaded = runner.invoke(app, ["load", str(SEED_DIR)], env=neo4j_env)
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(app, ["who-influences", "Russia", "Pakistan", "--format", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert sorted(r["influencer"] for r in rows) == ["China", "India", "United States"]


def test_cli_table_output_names_influencers(graph, neo4j_env):
    runner.invoke(app, ["load", str(SEED_DIR)], env=neo4j_env)
    result = runner.invoke(app, ["who-influences", "Russia", "Pakistan"], env=neo4j_env)
    assert result.exit_code == 0
    for name in ("China", "India", "United States"):
        assert name in result.stdout


def test_unknown_state_is_a_usage_error_with_a_suggestion(graph, neo4j_env):
    runner.invoke(app, ["load", str(SEED_DIR)], env=neo4j_env)
    result = runner.invoke(app, ["who-influences", "Rusia", "Pakistan"], env=neo4j_env)
    assert result.exit_code == 2
    assert "Rusia" in result.stderr and "'RUS' (Russia)" in result.stderr


@pytest.mark.parametrize("text", ["Pakistan", "PAK", "pak", "Islamabad", "Pakistani"])
def test_names_resolve_case_insensitively(graph, text):
    load_all(graph, [SEED_DIR])
    assert len(who_influences(graph, "Russia", text).rows) == 3
