"""The COW state system, ATOP and COW IGO adapters: on short real excerpts (no server), then the full files
into Neo4j beside the seed (from ../shared/datasets: skipped with the reason elsewhere, required in CI)."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import UsageError
from relgraph.datasets import registry
from relgraph.datasets.importer import import_dataset, match_files, read

from .conftest import DATA, SEED_DIR, shared_path

EXCERPTS = DATA / "datasets"
runner = CliRunner()


def facts_of(out, type_=None):
    return [r for r in out.plan.facts.values() if type_ is None or r["type"] == type_]


def excerpt_files(name: str, *files: str) -> dict[str, Path]:
    return match_files(registry.get(name), [EXCERPTS / f for f in files])


# --- COW state system ------------------------------------------------------------------------


def test_cow_states_spells_split_365_and_cite_the_row():
    out = read(registry.get("cow-states"), excerpt_files("cow-states", "states2016.csv", "majors2016.csv"))
    system = [
        (r["subject"], r["props"].get("since"), r["props"].get("until")) for r in facts_of(out, "SYSTEM_MEMBER_OF")
    ]
    assert ("XRE", "1816-01-01", "1917-11-07") in system
    assert ("SUN", "1917-11-08", "1991-12-25") in system
    assert ("RUS", "1991-12-26", None) in system  # still in the system when the data end
    russia = next(r for r in facts_of(out, "SYSTEM_MEMBER_OF") if r["subject"] == "RUS")
    assert russia["cited"] == ["cow-states-2016@states2016.csv:13"]
    majors = {(r["subject"], r["props"].get("since")) for r in facts_of(out, "MAJOR_POWER_IN")}
    assert ("SUN", "1922-01-01") in majors and ("RUS", "1991-12-26") in majors
    assert out.rejects.count == 0


def test_cow_states_successions_and_state_definitions():
    out = read(registry.get("cow-states"), excerpt_files("cow-states", "states2016.csv"))
    succession = {(r["subject"], r["object"], r["props"]["date"]) for r in facts_of(out, "SUCCEEDED_BY")}
    assert {("SUN", "RUS", "1991-12-26"), ("DDR", "DEU", "1990-10-03"), ("XYA", "YEM", "1990-05-22")} <= succession
    sun = out.entities["SUN"]
    assert sun.props["name"] == "Soviet Union" and "365" in sun.props["identifiers"]


def test_system_years_are_checked_against_the_spells():
    out = read(registry.get("cow-states"), excerpt_files("cow-states", "states2016.csv", "system2016.csv"))
    assert out.rejects.count == 0  # every state-year of the excerpt is covered by a spell of the excerpt


def test_files_are_matched_by_name_gzipped_or_not(tmp_path):
    plain = tmp_path / "states2016.csv.gz"
    with open(EXCERPTS / "states2016.csv", "rb") as src, gzip.open(plain, "wb") as dst:
        shutil.copyfileobj(src, dst)
    files = match_files(registry.get("cow-states"), [plain])
    assert read(registry.get("cow-states"), files).plan.claims > 10
    with pytest.raises(UsageError, match="is not a file of cow-states"):
        match_files(registry.get("cow-states"), [EXCERPTS / "contdir.csv"])
    with pytest.raises(UsageError, match="needs states2016.csv"):
        match_files(registry.get("cow-states"), [EXCERPTS / "majors2016.csv"])


# --- ATOP ----------------------------------------------------------------------------------


def test_atop_members_phases_obligations_and_open_ends():
    out = read(registry.get("atop"), excerpt_files("atop", "atop4.01_member_level.csv", "atop4.01_alliance_level.csv"))
    nato = out.entities["atop-3180"]
    assert nato.props["name"] == "North Atlantic Treaty (NATO)" and nato.props["bilateral"] is False
    assert len(nato.props["phases"]) == 2 and nato.props["in_force"]
    us_nato = sorted(
        (r["props"].get("since"), r["props"].get("until"), r["props"]["phase"])
        for r in facts_of(out, "PARTY_TO")
        if r["subject"] == "USA" and r["object"] == "atop-3180"
    )
    assert us_nato == [("1949-04-04", "1951-06-19", 1), ("1951-06-19", None, 2)]  # yrexit 0: still in force
    indo_soviet = [r for r in facts_of(out, "PARTY_TO") if r["object"] == "atop-3675"]
    assert {r["subject"] for r in indo_soviet} >= {"SUN", "IND"}
    assert all(r["props"]["obligations"] == ["neutrality", "nonaggression", "consultation"] for r in indo_soviet)
    assert not any(r["props"]["defense"] for r in indo_soviet)


def test_atop_a_member_that_rejoined_gives_two_facts():
    out = read(registry.get("atop"), excerpt_files("atop", "atop4.01_member_level.csv", "atop4.01_alliance_level.csv"))
    egypt = [r for r in facts_of(out, "PARTY_TO") if r["subject"] == "EGY" and r["object"] == "atop-3015"]
    assert len(egypt) == 2


def test_atop_unknown_member_code_is_reported_with_file_and_line(tmp_path):
    members = (EXCERPTS / "atop4.01_member_level.csv").read_text().splitlines()
    header, row = members[0], members[1].split(",")
    row[3] = "8152"
    (tmp_path / "atop4.01_member_level.csv").write_text("\n".join([header, ",".join(row)]) + "\n")
    shutil.copy(EXCERPTS / "atop4.01_alliance_level.csv", tmp_path)
    out = read(registry.get("atop"), match_files(registry.get("atop"), list(tmp_path.iterdir())))
    assert out.rejects.count == 1 and out.rejects.first[0].startswith("atop4.01_member_level.csv:2:")
    assert "8152" in out.rejects.first[0]


# --- COW IGO -------------------------------------------------------------------------------


def test_igo_years_collapse_into_spells_by_status():
    out = read(registry.get("cow-igo"), excerpt_files("cow-igo", "state_year_format3.csv", "igo_year_format3.csv"))
    india_cern = [
        (r["props"]["role"], r["props"].get("since"), r["props"].get("until"))
        for r in facts_of(out, "MEMBER_OF")
        if r["subject"] == "IND" and r["object"] == "cern"
    ]
    assert india_cern and all(role == "observer" for role, _, _ in india_cern)
    roles = {r["props"]["role"] for r in facts_of(out, "MEMBER_OF")}
    assert roles <= {"full", "associate", "observer"} and "associate" in roles
    sco = [r for r in facts_of(out, "MEMBER_OF") if r["object"] == "sco"]
    assert all(r["subject"] not in ("IND", "PAK") for r in sco)  # 0 and -1 are not memberships


def test_igo_citations_name_the_first_and_last_line_of_a_run():
    out = read(registry.get("cow-igo"), excerpt_files("cow-igo", "state_year_format3.csv"))
    cited = [c for r in facts_of(out, "MEMBER_OF") for c in r["cited"]]
    assert cited and all(c.startswith("cow-igo-3.0@state_year_format3.csv:") for c in cited)


# --- the full files, into Neo4j, beside the seed --------------------------------------------


def full(name: str, *parts: str) -> list[Path]:
    folder = shared_path("datasets", *parts)
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and registry.get(name).info.files
        and any(s.matches(p) for s in registry.get(name).info.files)
    )


@pytest.fixture(scope="module")
def imported(neo4j_connection):
    from relgraph.db.graph import Graph
    from relgraph.loading.loader import load_all

    from .conftest import wipe

    with Graph(neo4j_connection) as graph:
        wipe(graph)
        load_all(graph, [SEED_DIR])
        for name, folder in (("cow-states", "cow-states-2016"), ("atop", "atop-4.01"), ("cow-igo", "cow-igo-3.0")):
            summary, out = import_dataset(graph, name, full(name, folder))
            assert summary.files[0].status == "new" and out is not None
        yield graph
        wipe(graph)


def rows(graph, cypher, **params):
    return [r.data() for r in graph.driver.execute_query(cypher, params).records]


@pytest.mark.parametrize("year, expected", [(1816, 23), (1950, 75), (2016, 195)])
def test_states_in_the_system_equal_cows_counts(imported, year, expected):
    found = rows(
        imported,
        "MATCH (:State)-[r:SYSTEM_MEMBER_OF]->() WHERE r.year_from <= $y "
        "AND coalesce(r.year_to, 9999) >= $y RETURN count(DISTINCT r.ccode) AS n",
        y=year,
    )
    assert found == [{"n": expected}]


def test_us_and_uk_in_1950_have_nato_a_defense_alliance(imported, neo4j_env):
    result = runner.invoke(app, ["agreements", "USA", "United Kingdom", "--as-of", "1950", "-f", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    import json

    rows_ = json.loads(result.stdout)
    nato = next(r for r in rows_ if "NATO" in r["agreement"])
    assert any("defense" in o for o in nato["obligations"])


def test_russia_india_1975_shows_the_1971_treaty_and_no_defense_pact(imported, neo4j_env):
    import json

    result = runner.invoke(app, ["agreements", "Russia", "India", "--as-of", "1975", "-f", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    treaty = next(r for r in found if r["signed"] == "1971-08-09")
    assert any("Soviet Union: neutrality, nonaggression, consultation" in o for o in treaty["obligations"])
    assert not any("defense" in o for r in found for o in r["obligations"])


def test_states_and_organisations_are_one_node_each(imported):
    for eid in ("RUS", "PAK", "CHN", "IND", "USA", "sco", "oic", "saarc"):
        assert rows(imported, "MATCH (n:Entity {id: $id}) RETURN count(n) AS n", id=eid) == [{"n": 1}], eid
    assert rows(imported, "MATCH (n:Entity) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN id") == []
    assert rows(imported, "MATCH (n:Entity) WHERE toLower(n.name) = 'russia' RETURN n.id AS id") == [{"id": "RUS"}]


def test_sources_lists_each_dataset_with_its_citation(imported, neo4j_env):
    import json

    result = runner.invoke(app, ["sources", "-f", "json"], env=neo4j_env)
    listed = {r["id"]: r for r in json.loads(result.stdout)}
    assert {"cow-states-2016", "atop-4.01", "cow-igo-3.0", "essay-russia-pakistan-rapprochement"} <= set(listed)


def test_shared_igos_of_india_and_pakistan_in_2014(imported):
    from relgraph.queries.answers import shared

    ids = {r["id"] for r in shared(imported, "India", "Pakistan", as_of=2014).rows}
    assert {"saarc", "un"} <= ids


def test_unchanged_reimport_is_skipped_and_unloading_a_dataset_leaves_the_essays_answers(imported, neo4j_env):
    from relgraph.loading.loader import unload
    from relgraph.queries.answers import who_influences

    summary, out = import_dataset(imported, "cow-states", full("cow-states", "cow-states-2016"))
    assert summary.files[0].status == "unchanged" and out is None
    before = who_influences(imported, "Russia", "Pakistan", inferred=0).rows
    unload(imported, "cow-igo-3.0")
    assert who_influences(imported, "Russia", "Pakistan", inferred=0).rows == before
    summary, _ = import_dataset(imported, "cow-igo", full("cow-igo", "cow-igo-3.0"))
    assert summary.files[0].status == "new"
