"""The reviewed identity tables: one test per pitfall the datasets README names (no server)."""

from __future__ import annotations

import re

import pycountry
import pytest

from relgraph.datasets.crosswalk import load, state_definition

CROSS = load()


def test_ids_are_unique_three_capitals_and_relgraph_ids_never_collide_with_iso():
    assert all(re.fullmatch(r"[A-Z]{3}", i) for i in CROSS.states)
    for state in CROSS.states.values():
        iso = pycountry.countries.get(alpha_3=state.id) or pycountry.historic_countries.get(alpha_3=state.id)
        if state.id_kind == "relgraph":
            assert iso is None and state.id.startswith("X"), state.id
        else:
            assert iso is not None, state.id


def test_every_cow_code_maps_every_date_to_exactly_one_state():
    for ccode, periods in CROSS.cow.items():
        for earlier, later in zip(periods, periods[1:]):
            assert earlier.end < later.start, (ccode, earlier, later)
        assert all(p.id in CROSS.states for p in periods)
    assert len(CROSS.cow) == 217


@pytest.mark.parametrize(
    "date, expected",
    [
        ("1900", "XRE"),
        ("1917-11-07", "XRE"),
        ("1917-11-08", "SUN"),
        ("1950", "SUN"),
        ("1991-12-25", "SUN"),
        ("1991-12-26", "RUS"),
        ("2000", "RUS"),
    ],
)
def test_365_is_the_russian_empire_then_the_soviet_union_then_russia(date, expected):
    assert CROSS.cow_id(365, date) == expected


def test_the_soviet_union_and_russia_are_the_essays_nodes_linked_by_succession():
    assert ("RUS", "1991-12-26") in CROSS.states["SUN"].successors
    assert ("SUN", "1917-11-08") in CROSS.states["XRE"].successors
    assert CROSS.states["SUN"].name == "Soviet Union" and CROSS.states["RUS"].name == "Russia"


@pytest.mark.parametrize(
    "ccode, date, expected", [(255, "1900", "DEU"), (255, "1995", "DEU"), (260, "1970", "DEU"), (265, "1970", "DDR")]
)
def test_germany_255_260_265(ccode, date, expected):
    assert CROSS.cow_id(ccode, date) == expected
    assert ("DEU", "1990-10-03") in CROSS.states["DDR"].successors


@pytest.mark.parametrize("date, expected", [("1900", "XSB"), ("1950", "YUG"), ("2004", "SCG"), ("2010", "SRB")])
def test_345_is_serbia_yugoslavia_serbia_and_montenegro_then_serbia(date, expected):
    assert CROSS.cow_id(345, date) == expected


def test_czechoslovakia_315_and_the_czech_republic_316():
    assert CROSS.cow_id(315, "1950") == "CSK" and CROSS.cow_id(316, "2000") == "CZE"
    assert {s for s, _ in CROSS.states["CSK"].successors} == {"CZE", "SVK"}


@pytest.mark.parametrize("ccode, expected", [(678, "XYA"), (679, "YEM"), (680, "YMD")])
def test_three_yemens(ccode, expected):
    assert CROSS.cow_id(ccode, "1990-05-22" if ccode == 679 else "1980") == expected


def test_vietnam_816_north_then_unified_and_817_south():
    assert CROSS.cow_id(816, "1960") == "VDR" and CROSS.cow_id(816, "1980") == "VNM"
    assert CROSS.cow_id(817, "1960") == "XSV"  # not VNM, which some field libraries give the southern code


def test_before_1816_a_code_means_its_first_state():
    assert CROSS.cow_id(200, "1815-01-03") == "GBR" and CROSS.cow_id(365, "1815") == "XRE"


def test_cow_codes_and_abbreviations_are_identifiers_not_names():
    uk = state_definition("GBR", (200,))
    assert {"200", "COW 200", "UKG"} <= set(uk.props["identifiers"])
    assert "UKG" not in uk.aliases


def test_un_codes_split_by_date():
    assert CROSS.alpha2_id("RU", "Russia", "1980-01-01") == "SUN"
    assert CROSS.alpha2_id("RU", "Russia", "1995-01-01") == "RUS"
    assert CROSS.alpha2_id("", "Yemen Arab Republic", "1980-01-01") == "XYA"


def test_no_alias_names_two_states():
    owner: dict[str, str] = {}
    for state in CROSS.states.values():
        for name in (state.name, *state.aliases):
            key = name.casefold()
            assert owner.setdefault(key, state.id) == state.id, (name, owner[key], state.id)


def test_igos_the_seed_already_names_keep_its_ids():
    assert CROSS.igos["sco"][0] == "sco" and CROSS.igos["oic"][0] == "oic" and CROSS.igos["saarc"][0] == "saarc"
