"""sipri on a hand-written file in the SIPRI trade-register export layout (no SIPRI data; see
tests/data/datasets/SOURCES.md): preamble, Latin-1, '?' flags, split records repaired, names of states that
no longer exist, non-state actors. No server."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import DataError
from relgraph.datasets.importer import import_dataset

from .datasets_util import EXCERPTS, facts, gzipped, one, plan_view, read

FILE = "sipri_trade_register_test.csv"


@pytest.fixture(scope="module")
def out():
    return read("sipri", FILE)


@pytest.fixture(scope="module")
def entities(out):
    return {e.id: e for e in out.plan.entities}


def test_records_are_parsed_and_unmappable_ones_rejected_with_line_and_reason(out):
    assert out.rows == 26
    assert out.rejects.first == [
        "sipri_trade_register_test.csv:23: unidentified party: 'unknown supplier(s)'",
        "sipri_trade_register_test.csv:36: unidentified party: 'unknown rebel group*'",
        "sipri_trade_register_test.csv:39: unknown name: 'Ruritania' (not a state name; review it into "
        "data/sipri_names.csv)",
        "sipri_trade_register_test.csv:40: unreadable: an uncertainty column holds 'x' after order year, not '?' "
        "(columns shifted?)",
    ]
    assert len(out.plan.facts) == 22


def test_a_soviet_deal_is_on_the_soviet_unions_node_with_its_uncertainty_flags(out):
    fact = one(out, "SUPPLIES_ARMS_TO", "SUN", "IND", weapon="MiG-21MF")
    props = fact["props"]
    assert (props["order_year"], props["delivery_years"], props["since"], props["until"]) == (
        1971,
        [1975, 1976],
        "1971",
        "1976",
    )
    assert props["uncertain"] == ["order year", "number ordered", "number delivered"]
    assert (props["number_ordered"], props["number_delivered"], props["status"]) == (10, 10, "New")
    assert (props["tiv_per_unit"], props["tiv_total_order"], props["tiv_delivered"]) == (4.0, 40.0, 40.0)
    assert props["tiv_unit"] == "SIPRI TIV (millions)" and props["description"] == "fighter aircraft"
    assert fact["cited"] == ["sipri-arms-transfers@sipri_trade_register_test.csv:13"]


def test_only_the_flagged_numbers_are_uncertain(out):
    assert one(out, "SUPPLIES_ARMS_TO", "CHN", "PAK")["props"]["uncertain"] == ["order year"]
    assert "uncertain" not in one(out, "SUPPLIES_ARMS_TO", "DEU", "IND")["props"]


def test_a_quoted_comment_over_two_lines_is_one_record(out):
    props = one(out, "SUPPLIES_ARMS_TO", "SUN", "IND", weapon="MiG-21FL")["props"]
    assert props["comments"] == (
        "TEST ROW (not SIPRI data), quoted Comments field split across two physical lines inside the quotes"
    )
    assert (props["delivery_years"], props["tiv_total_order"]) == ([1963, 1964, 1965], 42.0)


def test_a_record_broken_by_a_raw_line_break_is_repaired_and_cites_both_lines(out):
    fact = one(out, "SUPPLIES_ARMS_TO", "UKR", "un")
    assert (fact["props"]["tiv_per_unit"], fact["props"]["tiv_total_order"], fact["props"]["tiv_delivered"]) == (
        1.5,
        3.0,
        3.0,
    )
    assert fact["props"]["comments"].endswith("record broken by a raw newline")
    assert fact["cited"] == ["sipri-arms-transfers@sipri_trade_register_test.csv:20-21"]


def test_latin1_text_is_read(out):
    assert "Wärtsilä diesel engine (±7200hp)" in one(out, "SUPPLIES_ARMS_TO", "FIN", "DZA")["props"]["comments"]


def test_empty_numbers_give_no_property_and_zero_stays_zero(out):
    props = one(out, "SUPPLIES_ARMS_TO", "IND", "NPL")["props"]
    assert "number_ordered" not in props and "delivery_years" not in props and "until" not in props
    assert (props["number_delivered"], props["tiv_total_order"], props["since"]) == (0, 0.0, "2022")


@pytest.mark.parametrize(
    "supplier, recipient, weapon",
    [
        ("DDR", "SYR", "Type-89"),
        ("YUG", "IND", "M-77 Oganj 128mm"),
        ("SUN", "YMD", "Su-22"),
        ("USA", "XSV", "A-1 Skyraider"),
        ("RUS", "IND", "Su-30MK"),
        ("DEU", "IND", "Type-209/1500"),
        ("RUS", "YUG", "MiG-29"),
        ("CHN", "SRB", "CH-92A"),
        ("SUN", "VDR", "MiG-17"),
        ("USA", "TUR", "F-16C"),
        ("FRA", "ARE", "Mirage-2000-5"),
    ],
)
def test_names_meet_the_crosswalks_states_by_date(out, supplier, recipient, weapon):
    one(out, "SUPPLIES_ARMS_TO", supplier, recipient, weapon=weapon)


def test_sipri_spellings_become_aliases_of_the_states(entities):
    assert "East Germany (GDR)" in entities["DDR"].aliases and "UAE" in entities["ARE"].aliases
    assert "Turkiye" in entities["TUR"].aliases


def test_non_state_actors_and_organisations_are_organisation_nodes(out, entities):
    one(out, "SUPPLIES_ARMS_TO", "IRN", "hezbollah-lebanon")
    one(out, "SUPPLIES_ARMS_TO", "RUS", "ukraine-rebels")
    one(out, "SUPPLIES_ARMS_TO", "nato", "AFG")
    one(out, "SUPPLIES_ARMS_TO", "USA", "mujahedin")
    one(out, "SUPPLIES_ARMS_TO", "JOR", "palestine")
    kinds = {
        i: (entities[i].kind, entities[i].props["type"], entities[i].props["name"])
        for i in ("hezbollah-lebanon", "ukraine-rebels", "nato", "un", "mujahedin", "palestine")
    }
    assert kinds == {
        "hezbollah-lebanon": ("organisation", "armed_group", "Hezbollah (Lebanon)"),
        "ukraine-rebels": ("organisation", "armed_group", "Ukraine Rebels"),
        "nato": ("organisation", "igo", "North Atlantic Treaty Org"),
        "un": ("organisation", "igo", "United Nations"),
        "mujahedin": ("organisation", "armed_group", "Mujahedin (Afghanistan)"),
        "palestine": ("organisation", "other", "Palestine"),
    }
    assert entities["nato"].aliases == ["NATO"]


def test_only_the_parties_of_accepted_deals_are_defined(entities):
    assert "AFG" in entities  # the NATO deal
    assert "LBY" not in entities and "PAK" in entities  # Libya only in a rejected deal; Pakistan in the China deal


def test_the_source_carries_the_generated_date_and_the_order_years(out):
    source = out.plan.source
    assert source["version"] == "trade register, data generated 01 Jan 2025 12:00:00 PM"
    assert source["citation"].endswith("data generated 01 Jan 2025 12:00:00 PM.")
    assert (source["coverage_since"], source["coverage_until"]) == ("1962", "2022")


def test_utf8_and_gzipped_copies_give_the_same_facts(out, tmp_path):
    utf8 = tmp_path / "trade-register.csv"
    utf8.write_text((EXCERPTS / FILE).read_bytes().decode("latin-1"), encoding="utf-8")
    assert plan_view(read("sipri", utf8)) == plan_view(out)
    assert plan_view(read("sipri", gzipped(EXCERPTS / FILE, tmp_path))) == plan_view(out)


def test_latin1_after_a_long_ascii_start_is_read(tmp_path):
    lines = (EXCERPTS / FILE).read_bytes().split(b"\n")
    plain = lines[12]  # an ASCII record, repeated past the first 64 KB
    path = tmp_path / "trade-register.csv"
    path.write_bytes(b"\n".join(lines[:12] + [plain] * 1000 + [lines[21], b""]))
    out = read("sipri", path)
    assert "Wärtsilä" in one(out, "SUPPLIES_ARMS_TO", "FIN", "DZA")["props"]["comments"]


def test_the_newer_transfers_export_is_refused(tmp_path):
    path = tmp_path / "trade-register.csv"
    path.write_text("Arms transfers\n\nSIPRI AT Database ID,Supplier,Recipient,Designation,Description\n1,A,B,C,D\n")
    with pytest.raises(DataError, match="newer 'transfers' export"):
        read("sipri", path)


def test_a_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "trade-register.csv"
    path.write_text("\n".join(["something else"] * 50) + "\n")
    with pytest.raises(DataError, match="no trade-register header"):
        read("sipri", path)


def test_identical_records_are_one_fact_citing_both_lines(tmp_path):
    lines = (EXCERPTS / FILE).read_bytes().split(b"\n")
    path = tmp_path / "trade-register.csv"
    path.write_bytes(b"\n".join(lines[:13] + [lines[12], b""]))
    found = facts(read("sipri", path), "SUPPLIES_ARMS_TO")
    assert [f["cited"] for f in found] == [
        ["sipri-arms-transfers@trade-register.csv:13", "sipri-arms-transfers@trade-register.csv:14"]
    ]


def test_the_reviewed_name_table_is_consistent():
    """data/sipri_names.csv: states exist in states.csv, organisations have slug ids and a known type, and
    the periods of one name follow each other without a gap or an overlap."""
    import datetime
    import re
    import typing

    from relgraph.core.models import Organisation
    from relgraph.datasets.crosswalk import load
    from relgraph.datasets.sipri import reviewed

    types = set(typing.get_args(Organisation.model_fields["type"].annotation))
    igo_ids = {ident for ident, _, _ in load().igos.values()}
    for name, rows in reviewed().items():
        for row in rows:
            if row.kind == "state":
                assert row.id in load().states and not row.type, (name, row)
            else:
                assert row.kind == "organisation" and row.type in types, (name, row)
                assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row.id), (name, row)
                assert row.type != "igo" or row.id in igo_ids, (name, row)
            datetime.date.fromisoformat(row.start), datetime.date.fromisoformat(row.end)
        periods = sorted((r.start, r.end) for r in rows)
        assert periods[0][0] == "0001-01-01" and periods[-1][1] == "9999-12-31", name
        for (_, end), (start, _) in zip(periods, periods[1:]):
            assert datetime.date.fromisoformat(end) + datetime.timedelta(days=1) == datetime.date.fromisoformat(
                start
            ), name


def test_strict_refuses_an_import_with_unmappable_rows_and_writes_nothing(graph):
    with pytest.raises(DataError, match=r"rows of sipri could not be mapped \(--strict\)"):
        import_dataset(graph, "sipri", [EXCERPTS / "sipri_trade_register_test.csv"], strict=True)
    assert rows(graph, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_the_cli_imports_and_lists_what_it_could_not_map(graph, neo4j_env):
    result = CliRunner().invoke(
        app, ["import", "sipri", str(EXCERPTS / "sipri_trade_register_test.csv"), "--format", "json"], env=neo4j_env
    )
    assert result.exit_code == 0, result.output
    assert '"rejected_count": 4' in result.output
    assert rows(graph, "MATCH ()-[r:SUPPLIES_ARMS_TO]->() RETURN count(r) AS n") == [{"n": 22}]
    strict = CliRunner().invoke(
        app, ["import", "sipri", str(EXCERPTS / "sipri_trade_register_test.csv"), "--strict", "--force"], env=neo4j_env
    )
    assert strict.exit_code == 1 and "could not be mapped (--strict)" in strict.output


def rows(graph, cypher: str, **params):
    return [r.data() for r in graph.driver.execute_query(cypher, params).records]
