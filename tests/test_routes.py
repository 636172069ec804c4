"""Paths between two entities: ranking and wording (pure), and the routes found in a real graph."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import UsageError
from relgraph.loading.loader import load_all
from relgraph.queries import answers
from relgraph.queries.routes import fold_step, rank, route_of

from .conftest import DATA, SEED_DIR
from .synthetic import synthetic_seed

runner = CliRunner()
INDIA_US = DATA / "seeds" / "india-united-states.yaml"


def fact(type_, forward=True, year_from=None, year_to=None, sources=("s1",)):
    return {"type": type_, "forward": forward, "year_from": year_from, "year_to": year_to, "sources": list(sources)}


def row(ids, kinds, steps):
    return {"hops": len(ids) - 1, "ids": ids, "names": [i.upper() for i in ids], "kinds": kinds, "steps": steps}


def test_a_step_folds_its_facts_by_type_and_direction_with_years():
    text = fold_step(
        "Pakistan",
        "India",
        [
            fact("RIVALS", False, 1947),
            fact("SUPPLIES_ARMS_TO", False, 1983, 2011),
            fact("SUPPLIES_ARMS_TO", False, 2014),
            fact("PRESSURES", True),
        ],
    )
    assert text == "Pakistan – India: PRESSURES →; RIVALS 1947; ← SUPPLIES_ARMS_TO ×2 1983–2014"


@pytest.mark.parametrize(
    "kinds, route",
    [
        (["organisation", "state"], "organisation"),
        (["state"], "third state"),
        (["state", "state"], "third state"),
        (["treaty"], "project/treaty/event"),
        (["state", "event"], "project/treaty/event"),
        (["place"], "region/place"),
        (["law", "state"], "law"),
    ],
)
def test_route_is_what_the_path_passes_through(kinds, route):
    assert route_of(kinds) == route


def test_shortest_first_then_each_route_s_best_then_strength_then_recency():
    one = [fact("MEMBER_OF", True, 2017)]
    two = [fact("MEMBER_OF", True, 2017), fact("SUPPORTS", True, 2018)]
    rows = [
        # three steps through third states, strong
        row(
            ["a", "x", "y", "b"],
            ["state", "state", "state", "organisation"],
            [[fact("TRADES_WITH")] * 5, [fact("ALIGNS_WITH", True, 2010)] * 3, two],
        ),
        row(
            ["a", "z", "y", "b"],
            ["state", "state", "state", "organisation"],
            [[fact("TRADES_WITH", True, 2015)] * 4, [fact("ALIGNS_WITH", True, 2012)] * 2, two],
        ),
        # three steps through an organisation: weaker, but the best of its route
        row(["a", "org", "y", "b"], ["state", "organisation", "state", "organisation"], [one, one, one]),
        # two steps: always first, the better supported one before the other
        row(["a", "y", "b"], ["state", "state", "organisation"], [[fact("RIVALS", True, 1947)], one]),
        row(
            ["a", "w", "b"],
            ["state", "state", "organisation"],
            [[fact("RIVALS", True, 1999, sources=("s1", "s2"))], one],
        ),
        # same strength as a-y-b but an undated step: after it
        row(["a", "v", "b"], ["state", "state", "organisation"], [[fact("RIVALS")], one]),
    ]
    ranked = rank(rows, limit=10)
    assert [r["ids"] for r in ranked] == [
        ["a", "w", "b"],
        ["a", "y", "b"],
        ["a", "v", "b"],
        # z before x (as strong, but x has an undated step); the organisation's best before x
        ["a", "z", "y", "b"],
        ["a", "org", "y", "b"],
        ["a", "x", "y", "b"],
    ]
    assert ranked[0]["sources"] == 2 and ranked[1]["latest"] == 1947 and ranked[2]["latest"] is None
    assert ranked[3]["facts"] == [4, 2, 2] and ranked[4]["route"] == "organisation" and ranked[3]["latest"] == 2012
    assert len(rank(rows, limit=2)) == 2


@pytest.fixture
def two_files(graph):
    load_all(graph, [SEED_DIR, INDIA_US])
    return graph


def test_pakistan_to_the_quad_through_the_sco_india_and_the_united_states(two_files, neo4j_env):
    result = runner.invoke(app, ["paths", "Pakistan", "Quad", "--format", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)[:10]
    paths = [r["ids"] for r in rows]
    for wanted in (["PAK", "sco", "IND", "quad"], ["PAK", "IND", "quad"], ["PAK", "USA", "quad"]):
        assert paths.count(wanted) == 1, (wanted, paths)
    assert len(paths) == len({tuple(p) for p in paths}), "one row per sequence of nodes"
    by_path = {tuple(r["ids"]): r for r in rows}
    assert by_path[("PAK", "sco", "IND", "quad")]["route"] == "organisation"
    assert by_path[("PAK", "IND", "quad")]["route"] == "third state"
    assert [r["hops"] for r in rows] == sorted(r["hops"] for r in rows)
    steps = by_path[("PAK", "sco", "IND", "quad")]["steps"]
    assert steps[0] == "Pakistan – Shanghai Cooperation Organisation: MEMBER_OF → 2017"
    assert by_path[("PAK", "sco", "IND", "quad")]["sources"] == 2  # the essay and the brief both say Pakistan joined
    table = runner.invoke(app, ["paths", "Pakistan", "Quad", "--limit", "3"], env=neo4j_env)
    assert table.exit_code == 0 and "ask for them with --limit" in table.stderr


def test_paths_leave_background_facts_out_and_respect_as_of(two_files):
    two_files.driver.execute_query(
        "MERGE (o:Entity:Organisation {id: 'state-system', kind: 'organisation', name: 'State system'}) "
        "WITH o MATCH (s:State) WHERE s.id IN ['PAK', 'JPN'] "
        "CREATE (s)-[:SYSTEM_MEMBER_OF {fact_id: 'f-bg-' + s.id, sources: ['cow'], cited: ['cow@x:1']}]->(o)"
    )
    rows = answers.paths(two_files, "Pakistan", "Japan", max_hops=2).rows
    assert all("state-system" not in r["ids"] for r in rows)
    early = answers.paths(two_files, "Pakistan", "Quad", as_of=2010, max_hops=3).rows
    assert all(r["latest"] is None or r["latest"] <= 2010 for r in early)
    assert ["PAK", "sco", "IND", "quad"] not in [r["ids"] for r in early]  # both joined the SCO in 2017


def test_paths_stay_fast_where_every_state_is_tied_to_every_other(graph, tmp_path):
    """150 states all trading with each other: 148 middles, ~22,000 three-step and (from each end's 40 most
    tied neighbours) ~230,000 four-step sequences; the answer stays bounded and quick."""
    text, _ = synthetic_seed(states=150, years=range(2000, 2001), source_id="dense")
    (tmp_path / "dense.yaml").write_text(text)
    load_all(graph, [tmp_path])
    a, b = text.split("id: ")[2].split()[0], text.split("id: ")[3].split()[0]
    for hops, budget in ((3, 20.0), (4, 40.0)):
        started = time.perf_counter()
        rows = answers.paths(graph, a, b, max_hops=hops, limit=25).rows
        took = time.perf_counter() - started
        assert len(rows) == 25 and rows[0]["hops"] == 2 and took < budget, (hops, took)


def test_shared_is_grouped_by_kind_with_each_side_s_years(two_files, neo4j_env):
    answer = answers.shared(two_files, "India", "Pakistan")
    groups = [r["group"] for r in answer.rows]
    order = ["organisations", "treaties", "projects", "events", "third states"]
    assert groups == sorted(groups, key=lambda g: order.index(g) if g in order else 99)
    sco = next(r for r in answer.rows if r["id"] == "sco")
    assert (sco["group"], sco["a_ties"], sco["b_ties"]) == ("organisations", ["MEMBER_OF → 2017"], ["MEMBER_OF → 2017"])
    assert (sco["first_year"], sco["last_year"]) == (2017, 2017)
    usa = next(r for r in answer.rows if r["id"] == "USA")
    assert usa["group"] == "third states" and "← PRESSURES ×2 2018" in usa["b_ties"]
    result = runner.invoke(app, ["shared", "India", "Pakistan", "--format", "json"], env=neo4j_env)
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and set(data[0]) == set(answer.columns)
    assert any(r["group"] == "organisations" and r["a_ties"] == ["MEMBER_OF → 2017"] for r in data)


def test_background_facts_are_not_ties_in_shared_and_partners(two_files):
    two_files.driver.execute_query(
        "MERGE (o:Entity:Organisation {id: 'state-system', kind: 'organisation', name: 'State system'}) "
        "WITH o MATCH (s:State) WHERE s.id IN ['PAK', 'JPN'] "
        "CREATE (s)-[:SYSTEM_MEMBER_OF {fact_id: 'f-bg-' + s.id, sources: ['cow'], cited: ['cow@x:1']}]->(o)"
    )
    assert "state-system" not in {r["id"] for r in answers.shared(two_files, "Pakistan", "Japan").rows}
    assert "state-system" not in {r["id"] for r in answers.partners(two_files, "Pakistan").rows}
    seen = two_files.driver.execute_query("MATCH (:State {id: 'PAK'})-[r:SYSTEM_MEMBER_OF]->() RETURN count(r) AS n")
    assert seen.records[0]["n"] == 1  # it is there, and left out on purpose


# --- series: one value or a yearly series, symmetric or directed, curated and dataset side by side ----------

DATASET_FACTS = """
MATCH (p:State {id: 'PAK'}), (r:State {id: 'RUS'})
CREATE (p)-[:IMPORTS_FROM {fact_id: 'f-test-imports', measure: 'imports', unit: 'USD million', period: 'year',
        years: [2017, 2018, 2019], values: [610.5, 702.25, 655.0], lines: [1201, 1202, 1203],
        year_from: 2017, year_to: 2019, sources: ['cow-trade-test'], cited: ['cow-trade-test@Dyadic_COW.csv'],
        notes: [], confidences: []}]->(r)
CREATE (p)-[:VOTES_WITH {fact_id: 'f-test-votes', measure: 'un-vote-agreement', unit: 'share', period: 'year',
        years: [2018, 2019], values: [0.71, 0.74], lines: [88, 89], year_from: 2018, year_to: 2019,
        sources: ['unga-test'], cited: ['unga-test@votes.csv'], notes: [], confidences: []}]->(r)
"""


@pytest.fixture
def with_series(two_files):
    two_files.driver.execute_query(DATASET_FACTS)
    return two_files


def test_trade_lists_curated_figures_and_dataset_flows_side_by_side(with_series, neo4j_env):
    answer = answers.series(with_series, "Russia", "Pakistan", "trade")
    got = [(r["year"], r["relation"], r["measure"], r["value"], r["line"], r["sources"]) for r in answer.rows]
    assert got == [
        (2003, "Pakistan–Russia", "trade", 89.0, None, ["essay-russia-pakistan-rapprochement"]),
        (2017, "Pakistan imports from Russia", "imports", 610.5, 1201, ["cow-trade-test"]),
        (2018, "Pakistan imports from Russia", "imports", 702.25, 1202, ["cow-trade-test"]),
        (2018, "Pakistan–Russia", "trade", 730.0, None, ["essay-russia-pakistan-rapprochement"]),
        (2019, "Pakistan imports from Russia", "imports", 655.0, 1203, ["cow-trade-test"]),
    ]
    assert any("2 series side by side" in note and "never summed" in note for note in answer.notes)
    assert [r["year"] for r in answers.series(with_series, "Russia", "Pakistan", "trade", as_of=2017).rows] == [
        2003,
        2017,
    ]
    result = runner.invoke(
        app, ["series", "Pakistan", "Russia", "--measure", "trade", "--format", "json"], env=neo4j_env
    )
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 5
    assert set(json.loads(result.stdout)[0]) == set(answer.columns)


def test_a_symmetric_yearly_series_shows_the_pair(with_series, tmp_path, neo4j_env):
    rows = answers.series(with_series, "PAK", "RUS", "un-vote-agreement").rows
    assert [(r["year"], r["relation"], r["value"], r["unit"]) for r in rows] == [
        (2018, "Pakistan–Russia", 0.71, "share"),
        (2019, "Pakistan–Russia", 0.74, "share"),
    ]
    with pytest.raises(UsageError, match="No 'tourism' values") as err:
        answers.series(with_series, "PAK", "RUS", "tourism")
    assert "imports (USD million, 3 points)" in str(err.value) and "un-vote-agreement (share, 2 points)" in str(
        err.value
    )
    out = tmp_path / "trade.png"
    result = runner.invoke(app, ["series", "PAK", "RUS", "--plot", str(out)], env=neo4j_env)
    assert result.exit_code == 0 and out.read_bytes().startswith(b"\x89PNG")


def test_ranges_and_approximate_figures_in_a_series(two_files):
    rows = answers.series(two_files, "India", "United States", "trade").rows
    assert [(r["year"], r["value"], r["low"], r["high"], r["approximate"]) for r in rows] == [
        (2019, None, 140.0, 150.0, None),
        (2022, 190.0, None, None, True),
    ]


def test_the_brief_loads_places_laws_ranges_and_how_facts_ended(two_files):
    records, _, _ = two_files.driver.execute_query("""
        MATCH (p:Place:Entity {id: 'tokyo'})-[:LOCATED_IN]->(:State {id: 'JPN'})
        MATCH (l:Law:Entity {id: 'caatsa'})<-[:ENACTS]-(:State {id: 'USA'})
        MATCH (l)-[s:SANCTIONS]->(:State {id: 'IND'})
        MATCH (:State {id: 'PAK'})-[m:MEMBER_OF]->(:Organisation {id: 'seato'})
        MATCH (:Event {id: 'quad-leaders-summit-2022'})-[:LOCATED_IN]->(p)
        MATCH (:State {id: 'IND'})-[t:TRADES_WITH {date: '2019'}]-(:State {id: 'USA'})
        RETURN p.type AS place, l.type AS law, l.year AS enacted, s.role AS role, m.ended AS ended,
               m.year_to AS until, m.notes AS notes, t.value_low AS low, t.value_high AS high, t.value AS value""")
    assert [r.data() for r in records] == [
        {
            "place": "city",
            "law": "sanctions_regime",
            "enacted": 2017,
            "role": "threatened",
            "ended": "formally",
            "until": 1973,
            "notes": ["brief-india-united-states@pakistan:4: how it ended: Pakistan withdrew after the 1971 war"],
            "low": 140.0,
            "high": 150.0,
            "value": None,
        }
    ]
