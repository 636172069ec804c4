"""unvotes on the excerpts of the UN General Assembly votes (real rows; tests/data/datasets/SOURCES.md) and
on made-up votes checked against a plain Python count: agreement = same vote / joint votes per year,
abstentions agree, absences are not votes; codes mapped by date. No server."""

from __future__ import annotations

import csv
import random
from itertools import combinations

import pytest

from .datasets_util import EXCERPTS, facts, gzipped, one, plan_view, read

VOTES, CALLS, ISSUES = "un_votes.csv", "un_roll_calls.csv", "un_roll_call_issues.csv"


@pytest.fixture(scope="module")
def out():
    return read("unvotes", VOTES, CALLS, ISSUES)


def series(fact):
    p = fact["props"]
    return dict(zip(p["years"], zip(p["values"], p["counts"])))


def test_rows_are_read_and_issues_of_roll_calls_not_in_the_excerpt_are_rejected(out):
    assert out.rows == 26 + 8 + 9
    assert out.rejects.first == [
        "un_roll_call_issues.csv:2: no such roll call or no issue: '77', 'me'",
        "un_roll_call_issues.csv:9: no such roll call or no issue: '77', 'ec'",
    ]


def test_india_pakistan_disagree_in_1983_and_agree_in_1994(out):
    fact = one(out, "VOTES_WITH", "IND", "PAK", measure="un-agreement", issue=None)
    props = fact["props"]
    assert series(fact) == {1983: (0.0, 1), 1994: (1.0, 1)}
    assert (props["unit"], props["period"], props["since"], props["until"]) == (
        "share of joint votes",
        "year",
        "1983",
        "1994",
    )
    assert props["line_ranges"] == ["2-15", "16-27"]
    assert fact["cited"] == ["unvotes@un_votes.csv:2-27"]
    assert "absences are not" in fact["notes"][0]


def test_abstentions_agree_and_yes_against_abstain_does_not(out):
    assert series(one(out, "VOTES_WITH", "DEU", "GBR", issue=None)) == {1983: (1.0, 1), 1994: (1.0, 1)}
    assert series(one(out, "VOTES_WITH", "CHN", "IND", issue=None)) == {1983: (0.0, 1)}


def test_an_absence_is_not_a_vote(out):
    # China and Yugoslavia have no row on 3843 (1994): no 1994 value with anyone, not a disagreement.
    assert all(
        1994 not in f["props"]["years"] for f in facts(out, "VOTES_WITH") if "CHN" in (f["subject"], f["object"])
    )
    assert all(
        1994 not in f["props"]["years"] for f in facts(out, "VOTES_WITH") if "YUG" in (f["subject"], f["object"])
    )


def test_codes_map_to_states_by_date(out):
    states = {e.id for e in out.plan.entities}
    assert {"SUN", "RUS", "DDR", "CSK", "CZE", "YUG", "YMD", "YEM", "XYA", "NAM", "DEU", "VNM"} <= states
    assert series(one(out, "VOTES_WITH", "IND", "SUN", issue=None)) == {1983: (1.0, 1)}
    assert series(one(out, "VOTES_WITH", "IND", "RUS", issue=None)) == {1994: (0.0, 1)}
    assert series(one(out, "VOTES_WITH", "NAM", "PAK", issue=None)) == {1994: (1.0, 1)}  # "NA" is Namibia
    assert series(one(out, "VOTES_WITH", "USA", "XYA", issue=None)) == {1983: (0.0, 1)}  # blank code, by name


def test_one_series_per_issue_over_its_roll_calls(out):
    human_rights = one(out, "VOTES_WITH", "IND", "PAK", issue="hr")
    assert series(human_rights) == {1983: (0.0, 1)} and human_rights["props"]["issue_label"] == "Human rights"
    assert series(one(out, "VOTES_WITH", "IND", "PAK", issue="nu")) == {1994: (1.0, 1)}
    assert {f["props"].get("issue") for f in facts(out, "VOTES_WITH", "IND", "PAK")} == {None, "hr", "ec", "nu", "di"}


def test_gzipped_files_give_the_same_facts(out, tmp_path):
    packed = read("unvotes", gzipped(EXCERPTS / VOTES, tmp_path), gzipped(EXCERPTS / CALLS, tmp_path), ISSUES)
    assert plan_view(packed) == plan_view(out)


def made_up_votes(folder, seed: int = 7):
    """Random votes of six states on 30 roll calls over two years, with absences and a repeated vote."""
    rng = random.Random(seed)
    codes = ["US", "GB", "FR", "IN", "PK", "CN"]
    calls = [(100 + i, f"{2000 + i % 2}-0{1 + i % 9}-15") for i in range(30)]
    with open(folder / CALLS, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rcid", "session", "date"])
        writer.writerows([(rcid, 55, date) for rcid, date in calls])
    cast: dict[tuple[int, str], str] = {}
    with open(folder / VOTES, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rcid", "country", "country_code", "vote"])
        for rcid, _ in calls:
            for code in codes:
                if rng.random() < 0.2:
                    continue  # absent: no row
                cast[(rcid, code)] = rng.choice(["yes", "yes", "no", "abstain"])
                writer.writerow([f"{rcid}.0", code, code, cast[(rcid, code)]])
        writer.writerow(["101.0", "India", "IN", "no"])  # a second vote of India on roll call 101
    return calls, codes, cast


def test_agreement_equals_a_plain_count(tmp_path):
    calls, codes, cast = made_up_votes(tmp_path)
    out = read("unvotes", tmp_path / VOTES, tmp_path / CALLS)
    ids = {"US": "USA", "GB": "GBR", "FR": "FRA", "IN": "IND", "PK": "PAK", "CN": "CHN"}
    for a, b in combinations(codes, 2):
        expected = {}
        for year in (2000, 2001):
            both = [
                (cast[(r, a)], cast[(r, b)])
                for r, d in calls
                if d.startswith(str(year)) and (r, a) in cast and (r, b) in cast
            ]
            if both:
                expected[year] = (sum(x == y for x, y in both) / len(both), len(both))
        assert series(one(out, "VOTES_WITH", *sorted((ids[a], ids[b])))) == expected
    assert out.rejects.first == [f"un_votes.csv:{len(cast) + 2}: second vote of one state on one roll call: rcid 101"]
