"""cow-mid on the excerpts of MID 4.3 (real rows; tests/data/datasets/SOURCES.md): disputes as events,
participants as dated facts with their own values, joined on ccode. No server."""

from __future__ import annotations

import pytest

from relgraph.core.errors import DataError

from .datasets_util import EXCERPTS, facts, one, read

A, B = "MIDA 4.3.csv", "MIDB 4.3.csv"
# MIDB excerpt rows whose disputes the MIDA excerpt does not hold (lines 2-4, 11, 12, 18, 21-23, 26, 27).
NOT_IN_MIDA = {27, 365, 3551, 3552, 4004, 4095, 4344, 4345}


@pytest.fixture(scope="module")
def out():
    return read("cow-mid", A, B)


@pytest.fixture(scope="module")
def events(out):
    return {e.id: e for e in out.plan.entities if e.kind == "event"}


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The MIDA excerpt plus a row for each dispute only the MIDB excerpt names (copied from dispute 2's
    row with the number changed: these rows are made up, only their participants are real)."""
    folder = tmp_path_factory.mktemp("mid")
    text = (EXCERPTS / A).read_bytes().decode()
    template = text.splitlines()[1]
    extra = "".join(f"{n}{template[template.index(',') :]}\r\n" for n in sorted(NOT_IN_MIDA))
    (folder / A).write_bytes((text + extra).encode())
    return read("cow-mid", folder / A, EXCERPTS / B)


def test_participants_of_disputes_missing_from_mida_are_rejected_with_their_lines(out):
    assert out.rows == 10 + 26
    assert out.rejects.by_reason == {"dispute not in MIDA": 11}
    assert out.rejects.first[0] == "MIDB 4.3.csv:2: dispute not in MIDA: '27'"


@pytest.mark.parametrize(
    "dispute, kind, hostility, action, fatality, line",
    [
        (1312, "war", 5, "begin interstate war", "more than 999 deaths", 5),
        (2631, "dispute", 4, "clash", "251-500 deaths", 7),
        (4007, "war", 5, "begin interstate war", "more than 999 deaths", 10),
        (4223, "dispute", 4, "clash", "26-100 deaths", 11),
    ],
)
def test_india_pakistan_disputes_of_1965_and_1999(events, dispute, kind, hostility, action, fatality, line):
    props = events[f"mid-{dispute}"].props
    assert (props["type"], props["hostility"], props["highest_action"], props["fatality"]) == (
        kind,
        hostility,
        action,
        fatality,
    )
    assert props["hostility_label"] == {4: "use of force", 5: "war"}[hostility]
    assert (props["outcome"], props["mid_id"], props["source_line"]) == ("stalemate", dispute, f"{A}:{line}")
    assert props["reciprocated"] is True and props["ongoing_2010"] is False


def test_partial_dates_leave_unknown_days_out(events):
    assert (events["mid-1312"].props["start"], events["mid-1312"].props["end"]) == ("1964-08", "1966-01-25")
    assert events["mid-1312"].props["year"] == 1964 and events["mid-2"].props["start"] == "1902-07"
    assert events["mid-1312"].props["name"] == "Interstate war Pakistan v. India, 1964–1966 (MID 1312)"
    assert events["mid-1312"].aliases == ["MID 1312"]


def test_missing_codes_give_no_property_and_links_are_kept(events):
    assert "fatality" not in events["mid-3558"].props and "fatal_deaths" not in events["mid-3558"].props
    assert events["mid-4007"].props["links"] == ["147W", "166W", "4223"]
    assert (events["mid-4007"].props["settlement"], events["mid-1312"].props["settlement"]) == ("none", "negotiated")


def test_participants_carry_their_own_values(out):
    india = one(out, "PARTICIPATES_IN", "IND", "mid-4007")
    pakistan = one(out, "PARTICIPATES_IN", "PAK", "mid-4007")
    assert (india["props"]["hostility"], india["props"]["highest_action"]) == (4, "clash")
    assert (pakistan["props"]["hostility"], pakistan["props"]["highest_action"]) == (5, "begin interstate war")
    assert india["props"]["fatality"] == pakistan["props"]["fatality"] == "501-999 deaths"
    assert (india["props"]["role"], pakistan["props"]["role"]) == ("side B", "side A")
    assert pakistan["props"]["revisionist"] is True and pakistan["props"]["revision_types"] == ["territory"]
    assert india["props"]["revisionist"] is False and "revision_types" not in india["props"]
    assert india["props"]["originator"] is True
    assert (india["props"]["since"], india["props"]["until"]) == ("1993-09-17", "1999-07-17")
    assert india["cited"] == ["cow-mid-4.3@MIDB 4.3.csv:19"]


def test_side_a_is_not_always_the_revisionist(out):
    india = one(out, "PARTICIPATES_IN", "IND", "mid-4223")["props"]
    assert india["role"] == "side A" and india["revisionist"] is False


def test_1312_participant_dates_keep_the_unknown_day(out):
    props = one(out, "PARTICIPATES_IN", "PAK", "mid-1312")["props"]
    assert (props["since"], props["until"], props["hostility"]) == ("1964-08", "1966-01-25", 5)
    assert one(out, "PARTICIPATES_IN", "IND", "mid-2631")["props"]["fatality"] == "101-250 deaths"


def test_a_dispute_without_side_a_is_still_an_event(events, out):
    assert events["mid-3834"].props["name"].startswith("Militarized dispute (no state) v. Uruguay, Germany, Argentina")
    assert {f["props"]["role"] for f in facts(out, "PARTICIPATES_IN", object_="mid-3834")} == {"side B"}


def test_joined_on_ccode_not_on_stabb(whole):
    # USR for 365 in 1992 is Russia by date; RUS in 1993 too; RUM is Romania; VTM (816) in 1996 is Vietnam.
    assert one(whole, "PARTICIPATES_IN", "RUS", "mid-3558")["cited"] == ["cow-mid-4.3@MIDB 4.3.csv:13"]
    assert one(whole, "PARTICIPATES_IN", "RUS", "mid-3552")["props"]["ccode"] == 365
    assert one(whole, "PARTICIPATES_IN", "ROU", "mid-3551")["props"]["ccode"] == 360
    assert one(whole, "PARTICIPATES_IN", "VNM", "mid-4004")["props"]["ccode"] == 816
    assert one(whole, "PARTICIPATES_IN", "DDR", "mid-27")["props"]["role"] == "side B"
    assert one(whole, "PARTICIPATES_IN", "DEU", "mid-27")["props"]["ccode"] == 260
    assert one(whole, "PARTICIPATES_IN", "SUN", "mid-365")["props"]["until"] == "1976-11"
    assert whole.rejects.count == 0


def test_a_state_with_three_spells_in_one_dispute_gives_three_facts(whole):
    greece = facts(whole, "PARTICIPATES_IN", "GRC", "mid-4095")
    assert sorted(f["props"]["since"] for f in greece) == ["1996-08-17", "1999-07-21", "2000-10-20"]
    assert sorted(f["cited"][0] for f in greece) == [f"cow-mid-4.3@MIDB 4.3.csv:{n}" for n in (21, 22, 23)]


def test_anomalies_are_kept_as_coded(whole):
    soviet = one(whole, "PARTICIPATES_IN", "SUN", "mid-365")["props"]
    assert (soviet["hostility"], soviet["highest_action"]) == (0, "no militarized action")
    turkey = one(whole, "PARTICIPATES_IN", "TUR", "mid-4344")["props"]
    assert (turkey["hostility"], turkey["highest_action"]) == (1, "fortify border")


def test_a_code_outside_the_codebook_rejects_the_row(tmp_path):
    text = (
        (EXCERPTS / A)
        .read_bytes()
        .decode()
        .replace("1312,-9,-9,8,1964,25,1,1966,5,1,6,-9,543,513,20,", "1312,-9,-9,8,1964,25,1,1966,5,1,6,-9,543,513,23,")
    )
    (tmp_path / A).write_bytes(text.encode())
    out = read("cow-mid", tmp_path / A, EXCERPTS / B)
    assert "MIDA 4.3.csv:5: unreadable: hiact 23 is not in the codebook" in out.rejects.first
    assert "mid-1312" not in {e.id for e in out.plan.entities}


def test_files_of_another_dataset_are_refused(tmp_path):
    (tmp_path / A).write_text("ccode,year\n2,1900\n")
    with pytest.raises(DataError, match="no column 'dispnum3'"):
        read("cow-mid", tmp_path / A, EXCERPTS / B)
