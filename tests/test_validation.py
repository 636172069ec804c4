"""Seed validation without a database, and what an invalid file does to a load."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from relgraph.answers import counts
from relgraph.cli import app
from relgraph.loader import InvalidSeeds, load_all
from relgraph.seedfiles import read_and_check

from .conftest import SEED_DIR

runner = CliRunner()
SEED = (SEED_DIR / "russia-pakistan.yaml").read_text()


def test_the_shipped_seed_is_valid():
    seeds, problems = read_and_check([SEED_DIR])
    assert problems == []
    assert seeds and all(s.document for s in seeds)


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
    (tmp_path / "b.yaml").write_text(SEED.replace("essay-russia-pakistan-rapprochement", "other-source", 1)
                                     .replace("type: MEMBER_OF", "type: MEMBERSHIP", 1))
    before = counts(graph)
    with pytest.raises(InvalidSeeds) as err:
        load_all(graph, [tmp_path])
    assert "b.yaml" in str(err.value)
    assert counts(graph) == before == {"nodes": 0, "relationships": 0}
