"""The analyst's questions, answered from the loaded Russia–Pakistan seed (real Neo4j)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import UsageError
from relgraph.loading.loader import load_all
from relgraph.queries import answers
from relgraph.queries.stats import counts

from .conftest import SEED_DIR

runner = CliRunner()


@pytest.fixture
def loaded(graph):
    load_all(graph, [SEED_DIR])
    return graph


def cli(env, *args):
    result = runner.invoke(app, list(args), env=env)
    return result


def test_who_influences_names_the_three_with_mechanisms_then_inferred(loaded):
    answer = answers.who_influences(loaded, "Russia", "Pakistan")
    stated = [r for r in answer.rows if r["kind"] == "stated"]
    assert [r["influencer_id"] for r in stated] == ["CHN", "IND", "USA"]
    assert all(r["mechanism"] and r["cited"] for r in stated)
    inferred = [r for r in answer.rows if r["kind"] == "inferred"]
    assert all(r["influencer_id"] not in {"CHN", "IND", "USA", "RUS", "PAK"} for r in inferred)


def test_timeline_is_in_time_order_and_bounded(loaded):
    rows = answers.timeline(loaded, "Russia", "Pakistan").rows
    years = [r["year"] for r in rows if r["year"] is not None]
    assert years == sorted(years) and years[0] <= 2003 and years[-1] >= 2018
    undated = [i for i, r in enumerate(rows) if r["year"] is None]
    assert undated == list(range(len(years), len(rows)))  # undated last
    bounded = answers.timeline(loaded, "Russia", "Pakistan", 2010, 2014).rows
    assert bounded and all(2010 <= r["year"] <= 2014 for r in bounded)


def test_as_of_2013_leaves_out_what_began_in_2014_or_later(loaded):
    everything = answers.timeline(loaded, "Russia", "Pakistan").rows
    earlier = answers.timeline(loaded, "Russia", "Pakistan", as_of=2013).rows
    assert any(r["year"] and r["year"] >= 2014 for r in everything)
    assert earlier and all(r["year"] is None or r["year"] <= 2013 for r in earlier)
    assert not any(r["until"] and int(r["until"][:4]) < 2013 for r in earlier)
    agreements = answers.agreements(loaded, "Russia", "Pakistan", as_of=2013).rows
    assert [r["year"] for r in agreements if r["year"]] == []
    assert answers.memberships(loaded, "Pakistan", as_of=2016).rows == [
        r for r in answers.memberships(loaded, "Pakistan").rows if r["id"] != "sco"
    ]


def test_trade_series_2003_and_2018_with_unit(loaded):
    answer = answers.series(loaded, "Russia", "Pakistan", "trade")
    assert [(r["year"], r["value"], r["unit"]) for r in answer.rows] == [
        (2003, 89.0, "USD million"),
        (2018, 730.0, "USD million"),
    ]
    assert "USD million" in answer.title
    with pytest.raises(UsageError, match="No 'tourism' values") as err:
        answers.series(loaded, "Russia", "Pakistan", "tourism")
    assert "trade (USD million, 2 points)" in str(err.value)


def test_agreements_list_2014_agreement_and_2018_memorandum_in_order(loaded):
    rows = answers.agreements(loaded, "Russia", "Pakistan").rows
    dated = [(r["year"], r["type"]) for r in rows if r["year"]]
    assert dated == [(2014, "agreement"), (2018, "memorandum")]
    assert all(set(r["parties"]) == {"Russia", "Pakistan"} for r in rows)


def test_projects_list_every_project_the_essay_ties_to_russia_and_pakistan(loaded):
    rows = answers.projects(loaded, "Russia", "Pakistan").rows
    assert sorted(r["id"] for r in rows) == [
        "bri",
        "casa-1000",
        "cpec",
        "ipi-gas-pipeline",
        "karachi-lahore-lng-pipeline",
        "tapi-gas-pipeline",
    ]
    casa = next(r for r in rows if r["id"] == "casa-1000")
    assert sorted(casa["flows_from"]) == ["Kyrgyzstan", "Tajikistan"]


def test_dyad_profile_and_shared(loaded):
    report = answers.dyad(loaded, "Russia", "Pakistan")
    types = {r["type"] for r in report.sections["facts"].rows}
    assert {"INFLUENCES", "EXERCISES_WITH", "EMBARGOES", "SUPPORTS"} <= types
    assert {r["value"] for r in report.sections["quantities"].rows} >= {89.0, 730.0, 10.0}
    shared = {r["id"] for r in answers.shared(loaded, "Russia", "Pakistan").rows}
    assert {"cpec", "russia-china-pakistan-trio", "karachi-port-call-2014"} <= shared


def test_paths_and_partners(loaded):
    paths = answers.paths(loaded, "Russia", "Pakistan", max_hops=2).rows
    assert paths and all(p["hops"] == 2 for p in paths)
    assert any("China" in p["path"] for p in paths)
    with pytest.raises(UsageError):
        answers.paths(loaded, "Russia", "Pakistan", max_hops=7)
    partners = answers.partners(loaded, "Pakistan").rows
    assert partners[0]["id"] == "RUS" and partners[0]["ties"] >= partners[-1]["ties"]


def test_disputes_side_by_side(graph, tmp_path):
    from .test_two_sources import seed

    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    (tmp_path / "b.yaml").write_text(seed("source-b", 700))
    load_all(graph, [tmp_path])
    rows = answers.disputes(graph).rows
    assert [(r["dispute"], r["value"], r["sources"]) for r in rows] == [
        (1, 700.0, ["source-b"]),
        (1, 730.0, ["source-a"]),
    ]


def test_sources_of_a_fact(loaded):
    fact = next(r for r in answers.timeline(loaded, "Russia", "Pakistan").rows if r["type"] == "TRADES_WITH")
    rows = answers.sources(loaded, fact["fact_id"]).rows
    assert [(r["source"], r["cited"]) for r in rows] == [
        ("essay-russia-pakistan-rapprochement", ["essay-russia-pakistan-rapprochement@convergence-of-interest:1"])
    ]


def test_ambiguous_and_unknown_names(loaded):
    with pytest.raises(UsageError, match="No state or organisation named 'Atlantis'"):
        answers.agreements(loaded, "Atlantis")


def test_adhoc_write_is_refused_and_changes_nothing(loaded, neo4j_env):
    before = counts(loaded)
    for statement in [
        "CREATE (n) RETURN n",
        "MATCH (n) DETACH DELETE n",
        "match (n) set n.x = 1",
        "CALL apoc.create.node(['X'], {})",
        "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS",
    ]:
        result = cli(neo4j_env, "cypher", statement)
        assert result.exit_code == 2, (statement, result.output)
        assert "Refused" in result.stderr or "cannot run" in result.stderr
    assert counts(loaded) == before


def test_adhoc_read_runs_with_parameters(loaded, neo4j_env):
    result = cli(neo4j_env, "cypher", "MATCH (s:State {id: $id}) RETURN s.name AS name", "-p", "id=PAK", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == [{"name": "Pakistan"}]
    text = cli(neo4j_env, "cypher", "RETURN 'CREATE is only a word here' AS s", "-f", "json")
    assert text.exit_code == 0


def test_query_run_and_show(loaded, neo4j_env):
    result = cli(
        neo4j_env, "query", "run", "series", "-p", "a=RUS", "-p", "b=PAK", "-p", 'measures=["trade"]', "-f", "json"
    )
    assert result.exit_code == 0, result.output
    assert [r["value"] for r in json.loads(result.stdout)] == [89.0, 730.0]
    refused = cli(neo4j_env, "query", "run", "write_entities", "-p", "rows=[]")
    assert refused.exit_code == 2 and "only read queries" in refused.stderr
    shown = cli(neo4j_env, "query", "show", "who_influences")
    assert ":param a => null" in shown.stdout and "MATCH" in shown.stdout


COMMANDS = [
    ["who-influences", "Russia", "Pakistan"],
    ["dyad", "Russia", "Pakistan"],
    ["timeline", "Russia", "Pakistan"],
    ["agreements", "Russia", "Pakistan"],
    ["projects", "Russia"],
    ["memberships", "Pakistan"],
    ["shared", "Russia", "Pakistan"],
    ["series", "Russia", "Pakistan", "--measure", "trade"],
    ["paths", "Russia", "Pakistan"],
    ["partners", "Russia"],
    ["disputes"],
    ["sources"],
    ["query", "list"],
    ["query", "run", "memberships", "-p", 'a_ids=["PAK"]'],
    ["cypher", "MATCH (s:State) RETURN s.id AS id"],
    ["partners", "Pakistan", "--by", "arms"],
    ["partners", "Pakistan", "--by", "disputes"],
    ["arms", "Pakistan"],
    ["who-influences", "--rules"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_speaks_json_csv_and_ndjson(loaded, neo4j_env, command):
    as_json = cli(neo4j_env, *command, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    as_csv = cli(neo4j_env, *command, "--format", "csv")
    assert as_csv.exit_code == 0
    header = next(csv.reader(io.StringIO(as_csv.stdout)), None)
    if isinstance(data, list):  # the contract: a list of objects with the table's columns, in order
        assert header and all(header)
        assert all(list(row) == header for row in data)
    as_ndjson = cli(neo4j_env, *command, "--format", "ndjson")
    for line in as_ndjson.stdout.splitlines():
        json.loads(line)
    table = cli(neo4j_env, *command)
    assert table.exit_code == 0 and "Traceback" not in table.output


def test_inferred_influencers_are_states_tied_to_both_and_marked(loaded):
    rows = answers.who_influences(loaded, "Pakistan", "India").rows
    assert rows and all(r["kind"] == "inferred" for r in rows)  # no source states influences on Pakistan–India
    by_id = {r["influencer_id"]: r for r in rows}
    assert {"RUS", "USA"} <= set(by_id)
    assert "ties-to-both" in by_id["USA"]["rules"] and "ties (cooperation" in by_id["USA"]["mechanism"]
    assert answers.who_influences(loaded, "Pakistan", "India", inferred=0).rows == []
