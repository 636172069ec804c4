"""cow-contiguity on the excerpts of COW Direct Contiguity 3.2 (real rows; tests/data/datasets/SOURCES.md):
borders as dated spells, open when still contiguous in 2016, split where a code changes state. No server."""

from __future__ import annotations

import pytest

from .datasets_util import EXCERPTS, facts, one, read


@pytest.fixture(scope="module")
def out():
    return read("cow-contiguity", "contdir.csv", "contdird.csv")


def test_every_row_is_read_and_every_dyad_year_is_covered(out):
    assert out.rows == 18 + 12 and out.rejects.count == 0


def test_india_pakistan_land_border_since_august_1947_and_still_open(out):
    fact = one(out, "BORDERS", "IND", "PAK")
    props = fact["props"]
    assert (props["since"], props.get("until"), props["year_from"]) == ("1947-08", None, 1947)
    assert (props["contiguity"], props["contiguity_label"], props["ccodes"]) == (1, "land or river border", [750, 770])
    assert fact["cited"] == ["cow-contiguity-3.2@contdir.csv:19"]
    assert fact["notes"] == ["cow-contiguity-3.2@contdir.csv:19: Begins with IND system entry"]


def test_a_water_border_across_the_bering_strait_is_split_at_the_end_of_the_soviet_union(out):
    soviet = one(out, "BORDERS", "SUN", "USA")["props"]
    russia = one(out, "BORDERS", "RUS", "USA")["props"]
    assert (soviet["since"], soviet["until"], soviet["contiguity"]) == ("1959-01", "1991-12-25", 2)
    assert soviet["contiguity_label"] == "separated by up to 12 miles of water"
    assert (russia["since"], russia.get("until")) == ("1991-12-26", None)


def test_spells_that_touch_keep_their_months(out):
    spells = sorted(
        (f["props"]["since"], f["props"]["until"], f["props"]["contiguity"])
        for f in facts(out, "BORDERS", "FRA", "NLD")
    )
    assert spells == [("1816-01", "1830-12", 1), ("1830-12", "1940-07", 5)]
    assert one(out, "BORDERS", "FRA", "NLD", contiguity=5)["props"]["contiguity_label"] == (
        "separated by up to 400 miles of water"
    )


def test_a_broken_spell_gives_two_facts(out):
    channel = sorted((f["props"]["since"], f["props"].get("until")) for f in facts(out, "BORDERS", "FRA", "GBR"))
    assert channel == [("1816-01", "1940-06"), ("1944-08", None)]
    assert {f["props"]["contiguity"] for f in facts(out, "BORDERS", "FRA", "GBR")} == {3}


def test_german_czech_yemeni_and_vietnamese_codes(out):
    assert one(out, "BORDERS", "CSK", "DEU")["props"]["until"] == "1992-12"
    assert one(out, "BORDERS", "CZE", "DEU")["props"]["since"] == "1993-01"
    assert one(out, "BORDERS", "DDR", "DEU")["props"]["ccodes"] == [260, 265]
    assert {f["subject"] for f in facts(out, "BORDERS", object_="XYA")} == {"ETH"}
    assert {f["subject"] for f in facts(out, "BORDERS", object_="YMD")} == {"ETH"}
    assert one(out, "BORDERS", "ETH", "YEM")["props"]["until"] == "1993-05"
    vietnam = sorted(
        (f["object"], f["props"]["since"], f["props"].get("until"))
        for f in facts(out, "BORDERS", "CHN")
        if f["object"] in ("VDR", "VNM", "XSV")
    )
    assert vietnam == [("VDR", "1954-07", "1976-07-01"), ("VNM", "1976-07-02", None), ("XSV", "1954-06", "1975-04")]


def test_a_dyad_year_no_spell_covers_is_rejected(tmp_path):
    text = (EXCERPTS / "contdird.csv").read_text()
    (tmp_path / "contdird.csv").write_text(
        text + '750770,750,"IND",770,"PAK",1946,1,3.2\n2365,2,"USA",365,"RUS",1960,1,3.2\n'
    )
    out = read("cow-contiguity", EXCERPTS / "contdir.csv", tmp_path / "contdird.csv")
    assert out.rejects.first == [
        "contdird.csv:14: dyad-year not covered by a spell of its type: 750-770 in 1946, type 1",
        "contdird.csv:15: dyad-year not covered by a spell of its type: 2-365 in 1960, type 1",
    ]


def test_the_directed_file_is_optional_and_adds_no_facts(out):
    alone = read("cow-contiguity", "contdir.csv")
    assert sorted(alone.plan.facts) == sorted(out.plan.facts) and alone.rows == 18


def test_an_unknown_type_is_rejected(tmp_path):
    text = (
        (EXCERPTS / "contdir.csv").read_text().replace('750770,750,"IND",770,"PAK",1,', '750770,750,"IND",770,"PAK",7,')
    )
    (tmp_path / "contdir.csv").write_text(text)
    out = read("cow-contiguity", tmp_path / "contdir.csv")
    assert out.rejects.first == ["contdir.csv:19: unknown contiguity type: '7'"]
    assert facts(out, "BORDERS", "IND", "PAK") == []
