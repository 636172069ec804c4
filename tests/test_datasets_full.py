"""The full datasets in ../shared/datasets imported into Neo4j, checked against figures computed from the
raw files (ANSWERS.md in the dataset spec; the UN agreement recomputed here from the raw votes). Skipped
with the reason when ../shared is absent, required under CI. Then the questions of issue 13 through the CLI."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.datasets.importer import import_dataset
from relgraph.db.graph import Graph
from relgraph.loading.loader import load_all

from .conftest import ROOT, shared_path, wipe
from .datasets_util import EXCERPTS

PART_1 = ("cow-states", "atop", "cow-igo")
# ANSWERS.md §6: India's imports from Pakistan (flow1) and Pakistan's from India (flow2), 2000-2014.
IND_FROM_PAK = [65, 70, 50, 54, 86, 158, 287, 297, 344, 274, 321, 363, 574, 374, 529]
PAK_FROM_IND = [178, 241, 163, 226, 455, 577, 1303, 1975, 1957, 1080, 2476, 1844, 1922, 2472, 2400]


def rows(graph: Graph, cypher: str, **params):
    records, _, _ = graph.driver.execute_query(cypher, params)
    return [r.data() for r in records]


def full(*parts: str) -> str:
    return str(shared_path("datasets", *parts))


@pytest.fixture(scope="module")
def imported(neo4j_connection) -> Iterator[Graph]:
    files = {
        "cow-states": [full("cow-states-2016", f) for f in ("states2016.csv", "system2016.csv", "majors2016.csv")],
        "atop": [full("atop-4.01", "atop4.01_member_level.csv"), full("atop-4.01", "atop4.01_alliance_level.csv")],
        "cow-igo": [full("cow-igo-3.0", "state_year_format3.csv.gz"), full("cow-igo-3.0", "igo_year_format3.csv.gz")],
        "cow-trade": [full("cow-trade-4.0", "cow_trade_ndy_4.0.csv.gz")],
        "cow-mid": [full("cow-mid-4.3", "MIDA 4.3.csv"), full("cow-mid-4.3", "MIDB 4.3.csv")],
        "cow-contiguity": [full("cow-contiguity-3.2", "contdir.csv"), full("cow-contiguity-3.2", "contdird.csv")],
        "unvotes": [
            full("unvotes", "un_votes.csv.gz"),
            full("unvotes", "un_roll_calls.csv.gz"),
            full("unvotes", "un_roll_call_issues.csv"),
        ],
    }
    with Graph(neo4j_connection) as graph:
        wipe(graph)
        load_all(graph, [ROOT / "seed"])  # the essay beside the datasets, on the same nodes
        for name, paths in files.items():
            # every row of these files maps (part 1's have known unmappable rows, reported, not refused)
            summary, out = import_dataset(graph, name, paths, strict=name not in PART_1)
            assert out is not None and (name in PART_1 or out.rejects.count == 0)
            assert summary.files[0].status == "new"
        summary, out = import_dataset(graph, "sipri", [EXCERPTS / "sipri_trade_register_test.csv"])
        assert out is not None and out.rejects.count == 4
        yield graph
        wipe(graph)


def test_india_pakistan_trade_both_ways_2000_to_2014(imported):
    found = rows(
        imported,
        "MATCH (a:State)-[r:IMPORTS_FROM {measure: 'imports'}]->(b:State) "
        "WHERE a.id IN ['IND', 'PAK'] AND b.id IN ['IND', 'PAK'] "
        "RETURN a.id AS importer, r.years AS years, r.values AS values, r.lines AS lines, "
        "r.unit AS unit, r.cited AS cited",
    )
    by_importer = {r["importer"]: r for r in found}
    assert sorted(by_importer) == ["IND", "PAK"]
    for importer, expected in (("IND", IND_FROM_PAK), ("PAK", PAK_FROM_IND)):
        series = by_importer[importer]
        values = dict(zip(series["years"], series["values"]))
        assert [values[y] for y in range(2000, 2015)] == expected
        assert series["years"] == list(range(1948, 2015)) and series["unit"] == "USD million (current)"
        assert dict(zip(series["years"], series["lines"]))[2000] == 660894
        assert series["cited"] == ["cow-trade-4.0@cow_trade_ndy_4.0.csv.gz:660842-660908"]


def test_india_pakistan_disputes_of_1965_and_1999(imported):
    found = rows(
        imported,
        "MATCH (:State {id: 'IND'})-[:PARTICIPATES_IN]->(e:Event)<-[:PARTICIPATES_IN]-"
        "(:State {id: 'PAK'}) WITH DISTINCT e "
        "RETURN e.mid_id AS mid, e.hostility AS hostility, e.type AS type, e.start AS start, "
        "e.end AS end ORDER BY mid",
    )
    assert len(found) == 40  # ANSWERS.md §4
    active = {
        r["mid"]: (r["hostility"], r["type"])
        for r in found
        if any(r["start"][:4] <= year <= (r["end"] or r["start"])[:4] for year in ("1965", "1999"))
    }
    assert active == {1312: (5, "war"), 2631: (4, "dispute"), 4007: (5, "war"), 4223: (4, "dispute")}
    sides = rows(
        imported,
        "MATCH (s:State)-[p:PARTICIPATES_IN]->(:Event {id: 'mid-4007'}) "
        "RETURN s.id AS state, p.role AS role, p.hostility AS hostility ORDER BY state",
    )
    assert sides == [
        {"state": "IND", "role": "side B", "hostility": 4},
        {"state": "PAK", "role": "side A", "hostility": 5},
    ]


def test_india_pakistan_land_border_since_august_1947(imported):
    found = rows(
        imported,
        "MATCH (:State {id: 'IND'})-[r:BORDERS]-(:State {id: 'PAK'}) "
        "RETURN r.since AS since, r.until AS until, r.contiguity AS type, r.cited AS cited",
    )
    assert found == [{"since": "1947-08", "until": None, "type": 1, "cited": ["cow-contiguity-3.2@contdir.csv:791"]}]


def agreement_from_raw_votes(a: str, b: str, year: int) -> tuple[float, int]:
    """Recomputed without the adapter: roll calls of the year (by date) both voted on, and how many agreed."""
    with gzip.open(full("unvotes", "un_roll_calls.csv.gz"), "rt", encoding="utf-8", newline="") as handle:
        calls = {int(r["rcid"]) for r in csv.DictReader(handle) if r["date"].startswith(str(year))}
    cast: dict[str, dict[int, str]] = {a: {}, b: {}}
    with gzip.open(full("unvotes", "un_votes.csv.gz"), "rt", encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            rcid = int(float(r["rcid"]))
            if r["country_code"] in cast and rcid in calls:
                cast[r["country_code"]][rcid] = r["vote"]
    joint = set(cast[a]) & set(cast[b])
    return sum(cast[a][c] == cast[b][c] for c in joint) / len(joint), len(joint)


def test_un_agreement_of_india_and_pakistan_in_2000_matches_the_raw_votes(imported):
    share, joint = agreement_from_raw_votes("IN", "PK", 2000)
    found = rows(
        imported,
        "MATCH (:State {id: 'IND'})-[r:VOTES_WITH]-(:State {id: 'PAK'}) WHERE r.issue IS NULL "
        "RETURN r.years AS years, r.values AS values, r.counts AS counts, r.measure AS measure",
    )
    assert len(found) == 1 and found[0]["measure"] == "un-agreement"
    by_year = dict(zip(found[0]["years"], zip(found[0]["values"], found[0]["counts"])))
    assert by_year[2000][1] == joint and by_year[2000][0] == pytest.approx(share, abs=1e-12)
    assert 0 < share < 1 and 1964 not in by_year


# --- the questions of issue 13's acceptance, through the CLI, on everything imported together ---------


def cli_json(neo4j_env, *args: str):
    import json

    result = CliRunner().invoke(app, [*args, "--format", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_series_india_pakistan_trade_shows_cows_flows_both_ways_with_citations(imported, neo4j_env):
    found = cli_json(neo4j_env, "series", "India", "Pakistan", "--measure", "trade")
    flows = {}
    for row in found:
        if row["measure"] == "imports":
            flows.setdefault(row["relation"], {})[row["year"]] = row["value"]
            assert row["cited"][0].startswith("cow-trade-4.0@cow_trade_ndy_4.0.csv.gz:") and row["line"]
    assert sorted(flows) == ["India imports from Pakistan", "Pakistan imports from India"]
    assert [flows["India imports from Pakistan"][y] for y in range(2000, 2015)] == IND_FROM_PAK
    assert [flows["Pakistan imports from India"][y] for y in range(2000, 2015)] == PAK_FROM_IND


def test_timeline_india_pakistan_has_the_disputes_of_1965_and_1999_with_hostility(imported, neo4j_env):
    found = cli_json(neo4j_env, "timeline", "India", "Pakistan")
    disputes = {
        row["object"].rsplit("(MID ", 1)[1].rstrip(")"): row
        for row in found
        if (row["object"] or "").endswith(")") and "(MID " in row["object"]
    }
    for mid, year, hostility in (("1312", 1965, 5), ("2631", 1965, 4), ("4007", 1999, 5), ("4223", 1999, 4)):
        assert mid in disputes, sorted(disputes)
        assert disputes[mid]["year"] <= year and f"hostility {hostility}" in disputes[mid]["detail"]


def test_who_influences_india_pakistan_names_china_and_the_united_states_with_facts(imported, neo4j_env):
    report = cli_json(neo4j_env, "who-influences", "India", "Pakistan", "--explain")
    by_name = {row["influencer"]: row for row in report["influencers"]}
    assert {"China", "United States"} <= set(by_name)
    for state in ("China", "United States"):
        evidence = [e for e in report["evidence"] if e["influencer"] == state]
        assert evidence and all(e["cited"] for e in evidence), state
        assert {e["rule"] for e in evidence} == set(by_name[state]["rules"]) and by_name[state]["score"] > 0


def test_partners_and_arms_answer_on_the_full_data(imported, neo4j_env):
    votes = cli_json(neo4j_env, "partners", "India", "--by", "votes", "--from", "2000", "--to", "2000")
    share, joint = agreement_from_raw_votes("IN", "PK", 2000)
    pakistan = next(row for row in votes if row["partner"] == "Pakistan")
    assert pakistan["joint_votes"] == joint and pakistan["agreement"] == pytest.approx(share, abs=5e-4)
    trade = cli_json(neo4j_env, "partners", "Pakistan", "--by", "trade", "--from", "2000", "--to", "2014")
    india = next(row for row in trade if row["partner"] == "India")
    assert (india["imports"], india["exports"]) == (sum(PAK_FROM_IND), sum(IND_FROM_PAK))
    arms = cli_json(neo4j_env, "arms", "India")
    assert {(row["decade"], row["supplier"]) for row in arms} >= {("1960s", "Soviet Union"), ("1990s", "Russia")}
