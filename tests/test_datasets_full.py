"""The full datasets in ../shared/datasets imported into Neo4j, checked against figures computed from the
raw files (ANSWERS.md in the dataset spec; the UN agreement recomputed here from the raw votes). Skipped
with the reason when ../shared is absent, required under CI. Also: --strict refuses and writes nothing."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import DataError
from relgraph.datasets.importer import import_dataset
from relgraph.db.graph import Graph

from .conftest import shared_path, wipe
from .datasets_util import EXCERPTS

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
        "cow-trade": [full("cow-trade-4.0", "cow_trade_ndy_4.0.csv.gz")],
        "cow-mid": [full("cow-mid-4.3", "MIDA 4.3.csv"), full("cow-mid-4.3", "MIDB 4.3.csv")],
        "cow-contiguity": [full("cow-contiguity-3.2", "contdir.csv"), full("cow-contiguity-3.2", "contdird.csv")],
        "unvotes": [full("unvotes", "un_votes.csv.gz"), full("unvotes", "un_roll_calls.csv.gz"),
                    full("unvotes", "un_roll_call_issues.csv")],
    }
    with Graph(neo4j_connection) as graph:
        wipe(graph)
        for name, paths in files.items():
            summary, out = import_dataset(graph, name, paths, strict=True)  # every row of these files maps
            assert out is not None and out.rejects.count == 0
            assert summary.files[0].status == "new"
        yield graph
        wipe(graph)


def test_india_pakistan_trade_both_ways_2000_to_2014(imported):
    found = rows(imported, "MATCH (a:State)-[r:IMPORTS_FROM {measure: 'imports'}]->(b:State) "
                           "WHERE a.id IN ['IND', 'PAK'] AND b.id IN ['IND', 'PAK'] "
                           "RETURN a.id AS importer, r.years AS years, r.values AS values, r.lines AS lines, "
                           "r.unit AS unit, r.cited AS cited")
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
    found = rows(imported, "MATCH (:State {id: 'IND'})-[:PARTICIPATES_IN]->(e:Event)<-[:PARTICIPATES_IN]-"
                           "(:State {id: 'PAK'}) WITH DISTINCT e "
                           "RETURN e.mid_id AS mid, e.hostility AS hostility, e.type AS type, e.start AS start, "
                           "e.end AS end ORDER BY mid")
    assert len(found) == 40  # ANSWERS.md §4
    active = {r["mid"]: (r["hostility"], r["type"]) for r in found
              if any(r["start"][:4] <= year <= (r["end"] or r["start"])[:4] for year in ("1965", "1999"))}
    assert active == {1312: (5, "war"), 2631: (4, "dispute"), 4007: (5, "war"), 4223: (4, "dispute")}
    sides = rows(imported, "MATCH (s:State)-[p:PARTICIPATES_IN]->(:Event {id: 'mid-4007'}) "
                           "RETURN s.id AS state, p.role AS role, p.hostility AS hostility ORDER BY state")
    assert sides == [{"state": "IND", "role": "side B", "hostility": 4}, {"state": "PAK", "role": "side A", "hostility": 5}]


def test_india_pakistan_land_border_since_august_1947(imported):
    found = rows(imported, "MATCH (:State {id: 'IND'})-[r:BORDERS]-(:State {id: 'PAK'}) "
                           "RETURN r.since AS since, r.until AS until, r.contiguity AS type, r.cited AS cited")
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
    found = rows(imported, "MATCH (:State {id: 'IND'})-[r:VOTES_WITH]-(:State {id: 'PAK'}) WHERE r.issue IS NULL "
                           "RETURN r.years AS years, r.values AS values, r.counts AS counts, r.measure AS measure")
    assert len(found) == 1 and found[0]["measure"] == "un-agreement"
    by_year = dict(zip(found[0]["years"], zip(found[0]["values"], found[0]["counts"])))
    assert by_year[2000][1] == joint and by_year[2000][0] == pytest.approx(share, abs=1e-12)
    assert 0 < share < 1 and 1964 not in by_year


def test_strict_refuses_an_import_with_unmappable_rows_and_writes_nothing(graph):
    with pytest.raises(DataError, match=r"rows of sipri could not be mapped \(--strict\)"):
        import_dataset(graph, "sipri", [EXCERPTS / "sipri_trade_register_test.csv"], strict=True)
    assert rows(graph, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_the_cli_imports_and_lists_what_it_could_not_map(graph, neo4j_env):
    result = CliRunner().invoke(app, ["import", "sipri", str(EXCERPTS / "sipri_trade_register_test.csv"),
                                      "--format", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert '"rejected_count": 4' in result.output
    assert rows(graph, "MATCH ()-[r:SUPPLIES_ARMS_TO]->() RETURN count(r) AS n") == [{"n": 22}]
    strict = CliRunner().invoke(app, ["import", "sipri", str(EXCERPTS / "sipri_trade_register_test.csv"), "--strict",
                                      "--force"], env=neo4j_env)
    assert strict.exit_code == 1 and "could not be mapped (--strict)" in strict.output
