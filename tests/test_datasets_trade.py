"""cow-trade on the excerpt of COW Dyadic Trade 4.0 (real rows; tests/data/datasets/SOURCES.md): series per
directed pair, raw and smoothed apart, missing never zero, codes split by the 1 July rule. No server."""

from __future__ import annotations

import csv

import pytest

from relgraph.core.errors import DataError

from .datasets_util import EXCERPTS, facts, gzipped, one, plan_view, read

FILE = "cow_trade_ndy_4.0.csv"
UNIT = "USD million (current)"
# The excerpt's physical lines 13-34 are the India-Pakistan rows (original lines 660842-660908).
IND_PAK_YEARS = [1948, 1950, 1951, 1965, 1966, 1968, 1992, *range(2000, 2015)]
IND_FROM_PAK_2000 = [65, 70, 50, 54, 86, 158, 287, 297, 344, 274, 321, 363, 574, 374, 529]  # ANSWERS.md §6
PAK_FROM_IND_2000 = [178, 241, 163, 226, 455, 577, 1303, 1975, 1957, 1080, 2476, 1844, 1922, 2472, 2400]


@pytest.fixture(scope="module")
def out():
    return read("cow-trade", FILE)


def test_every_row_is_read_and_mapped(out):
    assert out.rows == 33 and out.rejects.count == 0


def test_india_imports_from_pakistan_is_one_series_citing_its_lines(out):
    fact = one(out, "IMPORTS_FROM", "IND", "PAK", measure="imports")
    props = fact["props"]
    assert props["years"] == IND_PAK_YEARS
    assert props["values"][-15:] == IND_FROM_PAK_2000 and sum(props["values"][-15:]) == 3846
    assert props["values"][:7] == [324.0, 86.0, 170.0, 27.0, 2.0, 0.0, 146.0]
    assert all(isinstance(v, float) for v in props["values"])
    assert props["lines"] == list(range(13, 35))
    assert (props["since"], props["until"], props["unit"], props["period"]) == ("1948", "2014", UNIT, "year")
    assert props["ccodes"] == [750, 770] and (props["year_from"], props["year_to"]) == (1948, 2014)
    assert fact["cited"] == ["cow-trade-4.0@cow_trade_ndy_4.0.csv:13-34"]
    assert "flow1" in fact["notes"][0]


def test_pakistan_imports_from_india_is_flow2(out):
    props = one(out, "IMPORTS_FROM", "PAK", "IND", measure="imports")["props"]
    assert props["values"][-15:] == PAK_FROM_IND_2000 and sum(props["values"][-15:]) == 19269
    assert props["ccodes"] == [770, 750]


def test_smoothed_flows_are_a_series_of_their_own(out):
    raw = one(out, "IMPORTS_FROM", "IND", "PAK", measure="imports")["props"]
    smooth = one(out, "IMPORTS_FROM", "IND", "PAK", measure="imports-smoothed")["props"]
    by_year = dict(zip(smooth["years"], smooth["values"]))
    assert (dict(zip(raw["years"], raw["values"]))[1950], by_year[1950]) == (86.0, 144.0)
    assert (dict(zip(raw["years"], raw["values"]))[1992], by_year[1992]) == (146.0, 52.0)
    assert {f["props"]["measure"] for f in facts(out, "IMPORTS_FROM")} == {"imports", "imports-smoothed"}


def test_a_zero_is_kept_and_a_missing_value_is_left_out(out):
    assert (
        dict(
            zip(*(one(out, "IMPORTS_FROM", "IND", "PAK", measure="imports")["props"][k] for k in ("years", "values")))
        )[1968]
        == 0.0
    )
    # USA-CAN 1930: flow1 (US imports from Canada) is empty, flow2 is 578.
    assert facts(out, "IMPORTS_FROM", "USA", "CAN") == []
    assert one(out, "IMPORTS_FROM", "CAN", "USA", measure="imports")["props"]["values"] == [578.0]
    # USA-42 1896: flow2 (the Dominican Republic's imports) is empty.
    assert one(out, "IMPORTS_FROM", "USA", "DOM", measure="imports")["props"]["values"] == [3.0]
    assert facts(out, "IMPORTS_FROM", "DOM", "USA") == []


def test_365_is_the_soviet_union_in_1991_and_russia_in_1992(out):
    soviet = one(out, "IMPORTS_FROM", "USA", "SUN", measure="imports")
    russia = one(out, "IMPORTS_FROM", "USA", "RUS", measure="imports")
    assert (soviet["props"]["years"], soviet["props"]["values"]) == ([1991], [915.0])
    assert (russia["props"]["years"], russia["props"]["values"]) == ([1992], [511.0])
    assert soviet["cited"] == ["cow-trade-4.0@cow_trade_ndy_4.0.csv:7"]
    assert one(out, "IMPORTS_FROM", "SUN", "IND", measure="imports")["props"]["values"] == [1806.0]


def test_german_and_yugoslav_codes_meet_their_nodes(out):
    assert one(out, "IMPORTS_FROM", "DEU", "DDR", measure="imports")["props"]["values"] == [0.0]
    assert one(out, "IMPORTS_FROM", "BEL", "DEU", measure="imports")["props"]["ccodes"] == [211, 260]
    assert one(out, "IMPORTS_FROM", "USA", "DEU", measure="imports", ccodes=[2, 255])["props"]["years"] == [1990]
    assert one(out, "IMPORTS_FROM", "USA", "DEU", measure="imports", ccodes=[2, 260])["props"]["years"] == [1955]
    assert one(out, "IMPORTS_FROM", "YUG", "IND", measure="imports")["props"]["years"] == [1992]


def test_gzipped_file_gives_the_same_facts(out, tmp_path):
    packed = read("cow-trade", gzipped(EXCERPTS / FILE, tmp_path))
    assert plan_view(packed) == plan_view(out)
    assert one(packed, "IMPORTS_FROM", "IND", "PAK", measure="imports")["cited"] == [
        "cow-trade-4.0@cow_trade_ndy_4.0.csv.gz:13-34"
    ]


def official(rows: list[list[str]], folder) -> str:
    """The excerpt in the official file's layout: importer names, -9 for missing, more columns."""
    path = folder / "Dyadic_COW_4.0.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "ccode1",
                "ccode2",
                "year",
                "importer1",
                "importer2",
                "flow1",
                "flow2",
                "smoothflow1",
                "smoothflow2",
                "smoothtotrade",
                "spike1",
                "spike2",
                "version",
            ]
        )
        for r in rows:
            writer.writerow([*r[:3], "A", "B", *(v or "-9" for v in r[3:7]), "0", "0", "0", "4"])
    return path


def excerpt_rows() -> list[list[str]]:
    with open(EXCERPTS / FILE, newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_official_layout_with_minus_nine_gives_the_same_facts(out, tmp_path):
    same = read("cow-trade", official(excerpt_rows(), tmp_path))
    assert [r["fact_id"] for r in same.plan.facts.values()] == [r["fact_id"] for r in out.plan.facts.values()]
    assert same.rejects.count == 0


def test_bad_rows_are_rejected_with_line_and_reason(tmp_path):
    rows = excerpt_rows()
    rows[0][3] = "-5.0"  # line 2: a negative value
    rows.insert(2, rows[1][:])  # line 4: USA-42 1896 again
    rows.insert(3, ["2.0", "999.0", "1900.0", "1.0", "1.0", "1.0", "1.0"])  # line 5: no such COW code
    out = read("cow-trade", official(rows, tmp_path))
    assert out.rejects.count == 3
    assert out.rejects.first == [
        "Dyadic_COW_4.0.csv:2: unreadable: negative value '-5.0' (only -9, missing, is allowed)",
        "Dyadic_COW_4.0.csv:4: duplicate dyad-year: 2-42 in 1896 was given before",
        "Dyadic_COW_4.0.csv:5: no state for the COW code in that year: 999 in 1900",
    ]
    assert out.rejects.by_reason == {
        "unreadable": 1,
        "duplicate dyad-year": 1,
        "no state for the COW code in that year": 1,
    }


def test_rows_of_a_dyad_must_be_together(tmp_path):
    rows = excerpt_rows()
    rows.append(rows[-1][:2] + ["2015.0"] + rows[-1][3:])
    rows.append(rows[0])  # USA-CAN again after India-Pakistan
    with pytest.raises(DataError, match="rows of dyad 2-20 come again"):
        read("cow-trade", official(rows, tmp_path))


def test_a_file_without_the_flow_columns_is_refused(tmp_path):
    path = tmp_path / FILE
    path.write_text("ccode1,ccode2,year,trade\n2,20,1930,5\n")
    with pytest.raises(DataError, match="no column 'flow1'"):
        read("cow-trade", path)
