"""Seed validation without a database, and what an invalid file does to a load."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from relgraph.answers import counts
from relgraph.cli import app
from relgraph.loader import InvalidSeeds, load_all
from relgraph.seedfiles import read_and_check
from relgraph.validation import parse

from .conftest import SEED_DIR

runner = CliRunner()
SEED = (SEED_DIR / "russia-pakistan.yaml").read_text()


def problems_of(text: str) -> list[str]:
    seed, problems = parse(text, "t.yaml")
    if not problems:
        from relgraph.validation import check_together
        problems = check_together([seed])
    return [str(p) for p in problems]


def test_the_shipped_seed_is_valid():
    seeds, problems = read_and_check([SEED_DIR])
    assert problems == []
    assert seeds and all(s.document for s in seeds)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("old, new, bad_line, field, message", [
    ("object: sco\n    since: 2017", "object: scoo\n    since: 2017", "object: scoo", "facts[0].object", "did you mean 'sco'"),
    ("object: sco\n    since: 2017", "object: sco\n    since: 2017-02-30", "since: 2017-02-30", "facts[0].since",
     "day 30 does not exist"),
    ("type: MEMBER_OF", "type: MEMBER\n", "type: MEMBER\n", "facts[0].type", "did you mean 'MEMBER_OF'"),
    ("id: KGZ", "id: XKG", "id: XKG", "entities[10].id", "not an ISO 3166"),
    ("subject: CHN\n    object: cpec", "subject: CHN\n    object: oic", "object: oic", "facts[8].object",
     "must be a project or an event"),
])
def test_problems_name_file_line_and_field(old, new, bad_line, field, message):
    text = SEED.replace(old, new, 1)
    found = problems_of(text)
    assert len(found) == 1, found
    assert found[0].startswith(f"t.yaml:{line_of(text, bad_line)}:"), found
    assert f": {field}: " in found[0] and message in found[0]


def test_malformed_yaml_names_the_line():
    found = problems_of("source:\n  id: x\n  title: [unclosed\n")
    assert found and found[0].startswith("t.yaml:") and "malformed YAML" in found[0]


def test_check_command_exit_codes(tmp_path):
    ok = runner.invoke(app, ["seed", "check", str(SEED_DIR)])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEED.replace("type: MEMBER_OF", "type: MEMBERSHIP", 1))
    result = runner.invoke(app, ["seed", "check", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:" in result.stdout and "facts[0].type" in result.stdout


def test_invalid_file_among_valid_ones_writes_nothing(graph, tmp_path):
    shutil.copy(SEED_DIR / "russia-pakistan.yaml", tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text(SEED.replace("essay-russia-pakistan-rapprochement", "other-source", 1)
                                     .replace("type: MEMBER_OF", "type: MEMBERSHIP", 1))
    before = counts(graph)
    with pytest.raises(InvalidSeeds) as err:
        load_all(graph, [tmp_path])
    assert "b.yaml" in str(err.value)
    assert counts(graph) == before == {"nodes": 0, "relationships": 0}
