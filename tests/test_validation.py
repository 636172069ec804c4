"""Seed validation without a database, and what an invalid file does to a load."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.loading.loader import InvalidSeeds, load_all
from relgraph.queries.stats import counts
from relgraph.seeds.files import read_and_check

from .conftest import SEED_DIR

runner = CliRunner()
SEED = (SEED_DIR / "russia-pakistan.yaml").read_text()


def test_the_shipped_seed_is_valid():
    seeds, problems = read_and_check([SEED_DIR])
    assert problems == [] and seeds


def test_check_command_exit_codes(tmp_path):
    ok = runner.invoke(app, ["seed", "check", str(SEED_DIR)])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEED.replace("type: MEMBER_OF", "type: MEMBERSHIP", 1))
    result = runner.invoke(app, ["seed", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stdout and "].type: 'MEMBERSHIP' is not a relation type" in result.stdout


def test_invalid_file_among_valid_ones_writes_nothing(graph, tmp_path):
    shutil.copy(SEED_DIR / "russia-pakistan.yaml", tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text(
        SEED.replace("essay-russia-pakistan-rapprochement", "other-source", 1).replace(
            "type: MEMBER_OF", "type: MEMBERSHIP", 1
        )
    )
    before = counts(graph)
    with pytest.raises(InvalidSeeds) as err:
        load_all(graph, [tmp_path])
    assert "b.yaml" in str(err.value)
    assert counts(graph) == before == {"nodes": 0, "relationships": 0}


def _mini(source_id: str, entities: str, facts: str = "facts: []\n") -> str:
    return f"source:\n  id: {source_id}\n  title: T\n  kind: article\n  sections: [x]\n{entities}{facts}"


RUS = "entities:\n  - kind: state\n    id: RUS\n    name: Russia\n"


def test_cross_file_reference_is_resolved(tmp_path):
    (tmp_path / "a.yaml").write_text(_mini("a", RUS))
    (tmp_path / "b.yaml").write_text(
        _mini(
            "b",
            "entities:\n  - kind: state\n    id: PAK\n    name: Pakistan\n",
            "facts:\n  - type: TRADES_WITH\n    subject: RUS\n    object: PAK\n    at: x:1\n",
        )
    )
    _, problems = read_and_check([tmp_path])
    assert problems == []
    _, alone = read_and_check([tmp_path / "b.yaml"])
    assert [p.message.split(";")[0] for p in alone] == ["unknown id 'RUS'"]


def test_conflicting_definitions_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(_mini("a", RUS))
    (tmp_path / "b.yaml").write_text(_mini("b", "entities:\n  - kind: state\n    id: RUS\n    name: Russian Empire\n"))
    _, problems = read_and_check([tmp_path])
    assert len(problems) == 1
    assert problems[0].file.endswith("b.yaml") and problems[0].line == 7
    assert "defined here as state 'Russian Empire' but as state 'Russia'" in problems[0].message
    assert "a.yaml:" in problems[0].message


def test_duplicate_source_id_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(_mini("same", RUS))
    (tmp_path / "b.yaml").write_text(_mini("same", RUS))
    _, problems = read_and_check([tmp_path])
    assert [(p.field, p.file.endswith("b.yaml")) for p in problems] == [("source.id", True)]


def test_alias_claimed_by_entities_in_two_files(tmp_path):
    (tmp_path / "a.yaml").write_text(_mini("a", RUS + "    aliases: [Moscow]\n"))
    (tmp_path / "b.yaml").write_text(
        _mini("b", "entities:\n  - kind: state\n    id: PAK\n    name: Pakistan\n    aliases: [moscow]\n")
    )
    _, problems = read_and_check([tmp_path])
    assert len(problems) == 1 and "already names 'RUS'" in problems[0].message


def test_hostile_strings_are_stored_verbatim(graph, tmp_path):
    hostile = "x'}) DETACH DELETE n //"
    (tmp_path / "h.yaml").write_text(_mini("h", RUS + f'    note: "{hostile}"\n    aliases: ["$where", "`tick`"]\n'))
    load_all(graph, [tmp_path])
    records, _, _ = graph.driver.execute_query(
        "MATCH (n:State {id: 'RUS'}) RETURN n.note AS note, n.aliases AS aliases"
    )
    assert records[0]["note"] == hostile and records[0]["aliases"] == ["$where", "`tick`"]
