"""The seed format's newer parts: places, laws, meetings, approximate figures and ranges, how a fact ended,
and the YAML traps seed check warns about. Pure: no database."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.models import FACT_ADAPTER, Fact
from relgraph.loading.plan import ENDED_NOTE, claim_of, fact_id, plan_document
from relgraph.seeds.files import check, parse_file
from relgraph.seeds.validation import parse

from .conftest import DATA, ROOT

runner = CliRunner()
INDIA_US = DATA / "seeds" / "india-united-states.yaml"


def _docs_example() -> str:
    text = (ROOT / "docs" / "seed-format.md").read_text()
    return re.search(r"## A complete example.*?```yaml\n(.*?)```", text, re.S).group(1)


def test_the_worked_example_in_the_docs_is_valid_and_uses_the_new_parts():
    seed, problems = parse(_docs_example(), "docs/seed-format.md")
    assert problems == [] and seed.warnings == []
    doc = seed.document
    assert {e.kind for e in doc.entities} >= {"place", "law", "event"}
    assert any(f.approximate for f in doc.facts) and any(f.value_low is not None for f in doc.facts)
    assert any(f.ended and f.until_note for f in doc.facts)
    assert re.search(r'aliases: \["', _docs_example()), "inline lists in the example are quoted"


def test_the_test_brief_uses_every_new_part_of_the_format():
    seed, problems = parse_file(INDIA_US)
    assert problems == [] and seed.warnings == []
    doc = seed.document
    kinds = {e.kind for e in doc.entities}
    event_types = {e.type for e in doc.entities if e.kind == "event"}
    assert {"place", "law"} <= kinds and {"meeting", "summit", "dialogue"} <= event_types
    assert any(f.approximate for f in doc.facts)
    assert any(f.value_low is not None and f.value is None for f in doc.facts)
    assert {f.ended for f in doc.facts if f.ended} == {"formally"} and all(f.until for f in doc.facts if f.ended)
    assert any(f.type.value == "ENACTS" for f in doc.facts) and any(f.type.value == "SANCTIONS" for f in doc.facts)


def _fact(**extra) -> Fact:
    base = {
        "type": "TRADES_WITH",
        "subject": "RUS",
        "object": "PAK",
        "date": 2018,
        "measure": "trade",
        "unit": "USD million",
        "at": "intro:1",
    }
    return FACT_ADAPTER.validate_python({**base, **extra})


def _id(fact: Fact) -> str:
    claim = claim_of(fact)
    return fact_id(claim.type, claim.subject, claim.object, claim.props)


def test_identity_of_approximate_figures_and_ranges():
    exact, said_exact = _fact(value=730), _fact(value=730, approximate=False)
    about, ranged = _fact(value=730, approximate=True), _fact(value_low=700, value_high=800)
    assert said_exact.approximate is None and _id(exact) == _id(said_exact)  # false says nothing more
    assert len({_id(exact), _id(about), _id(ranged), _id(_fact(value_low=700, value_high=750))}) == 4
    assert _id(_fact(value=730, note="one source's words")) == _id(exact)  # notes belong to the claim


def test_how_it_ended_is_part_of_the_fact_and_its_note_part_of_the_claim():
    base = {"type": "MEMBER_OF", "subject": "PAK", "object": "seato", "since": 1954, "until": 1973, "at": "p:4"}
    plain = FACT_ADAPTER.validate_python(base)
    ended = FACT_ADAPTER.validate_python({**base, "ended": "formally", "until_note": "withdrew after the war"})
    worded = FACT_ADAPTER.validate_python({**base, "ended": "formally", "until_note": "left in 1973", "note": "n"})
    assert _id(plain) != _id(ended) == _id(worded)
    assert claim_of(ended).note == ENDED_NOTE + "withdrew after the war"
    assert claim_of(worded).note == "n " + ENDED_NOTE + "left in 1973"


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"value_low": 1}, "a range needs both"),
        ({"value_low": 2, "value_high": 2}, "must be below"),
        ({"value": 3, "value_low": 1, "value_high": 2}, "outside the range"),
        ({"approximate": True, "unit": None, "measure": None}, "approximate qualifies a value"),
    ],
)
def test_ranges_and_approximations_are_checked(extra, message):
    with pytest.raises(ValueError, match=message):
        _fact(**extra)


def test_places_and_laws_load_with_their_kinds_and_dates():
    seed, _ = parse_file(INDIA_US)
    plan = plan_document(seed.document)
    by_id = {e.id: e for e in plan.entities}
    assert by_id["tokyo"].kind == "place" and by_id["tokyo"].props["type"] == "city"
    assert by_id["caatsa"].kind == "law" and by_id["caatsa"].props["year"] == 2017
    located = {(f["subject"], f["object"]) for f in plan.facts.values() if f["type"] == "LOCATED_IN"}
    assert ("tokyo", "JPN") in located and ("quad-leaders-summit-2022", "tokyo") in located


# --- YAML traps ---------------------------------------------------------------------


def _seed(aliases: str, name: str = "Indo-Soviet Treaty of Peace, Friendship and Cooperation", note: str = "") -> str:
    return (
        f"source:\n  id: t\n  title: T\n  kind: article\nentities:\n  - kind: treaty\n    id: t1\n"
        f"    name: {name}\n{aliases}{note}facts: []\n"
    )


@pytest.mark.parametrize(
    "aliases, name",
    [
        ("    aliases: [Treaty of Peace, Friendship and Cooperation]\n", None),  # part of the name
        ("    aliases: [Treaty of, Amity]\n", "Amity Treaty"),  # ends with a joining word
        ("    aliases: [Kingdom, of the Netherlands]\n", "Netherlands"),  # begins with one
        ("    aliases: [Treaty of Amity, Commerce and Navigation]\n", "1955 treaty"),  # A of B, C and D
    ],
)
def test_an_alias_that_looks_like_half_a_name_is_a_warning_with_its_line(aliases, name):
    seed, problems = parse(_seed(aliases, name or "Indo-Soviet Treaty of Peace, Friendship and Cooperation"), "w.yaml")
    assert problems == []
    assert len(seed.warnings) == 1, seed.warnings
    warning = seed.warnings[0]
    assert (warning.file, warning.line, warning.field) == ("w.yaml", 9, "entities[0].aliases[0]")
    assert "split at its comma" in warning.message and "quote it" in warning.message


@pytest.mark.parametrize(
    "aliases",
    [
        '    aliases: ["Treaty of Peace, Friendship and Cooperation"]\n',  # quoted: one alias, as meant
        "    aliases:\n      - Treaty of Peace\n      - Friendship and Cooperation\n",  # one per line: meant as two
        "    aliases: [9/11, attacks of 2001]\n",  # two real aliases
        "    aliases: [IPI, IPI pipeline, Peace pipeline]\n",
        "    aliases: [Moscow, Russian]\n",
    ],
)
def test_aliases_that_are_whole_names_give_no_warning(aliases):
    seed, problems = parse(_seed(aliases), "w.yaml")
    assert problems == [] and seed.warnings == []


def test_seed_check_shows_warnings_apart_and_still_passes(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(_seed("    aliases: [Treaty of Peace, Friendship and Cooperation]\n"))
    report = check([path])
    assert report.extra["ok"] is True and report.sections["problems"].rows == []
    assert [r["line"] for r in report.sections["warnings"].rows] == [9]
    table = runner.invoke(app, ["seed", "check", str(path)])
    assert table.exit_code == 0, table.output
    assert f"{path}:9:15: entities[0].aliases[0]: warning: 'Treaty of Peace' and" in table.stdout
    assert "1 warning" in table.stderr
    as_json = runner.invoke(app, ["seed", "check", str(path), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert as_json.exit_code == 0 and data["ok"] is True and data["problems"] == []
    assert data["warnings"][0]["line"] == 9 and "split at its comma" in data["warnings"][0]["message"]


def test_a_name_cut_by_a_comma_in_a_flow_mapping_says_so():
    text = (
        "source:\n  id: t\n  title: T\n  kind: article\nentities:\n"
        "  - {kind: treaty, id: t1, name: Treaty of Amity, Commerce and Navigation}\nfacts: []\n"
    )
    _, problems = parse(text, "m.yaml")
    assert len(problems) == 1 and "a comma inside {...} ends a value" in problems[0].message


def test_the_shipped_seed_has_no_warnings():
    report = check([ROOT / "seed"])
    assert report.extra["ok"] and report.sections["warnings"].rows == []
