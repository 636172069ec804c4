"""Each file in tests/data/invalid breaks one rule; it must fail naming file, line and field.

A file's second line says what is expected (``# expect: FIELD: MESSAGE``) and the line
the problem must be reported on carries the comment ``# <- error``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.seeds.files import read_and_check

INVALID = sorted((Path(__file__).parent / "data" / "invalid").glob("*.yaml"))
runner = CliRunner()


def expectation(path: Path) -> tuple[int, str, str]:
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "# <- error" in text)
    field, message = lines[1].removeprefix("# expect: ").split(": ", 1)
    return line, field, message


def test_there_are_enough_cases():
    assert len(INVALID) >= 25


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_is_reported_at_its_line_and_field(path):
    line, field, message = expectation(path)
    _, problems = read_and_check([path])
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.file, problem.line, problem.field) == (str(path), line, field), str(problem)
    assert message in problem.message, str(problem)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_seed_check_exits_1_with_file_line_and_field(path):
    line, field, _ = expectation(path)
    result = runner.invoke(app, ["seed", "check", "--alone", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}:" in result.stdout and f": {field}: " in result.stdout
    assert "Traceback" not in result.output


def test_all_problems_are_reported_at_once():
    _, problems = read_and_check(INVALID)
    assert len(problems) >= len(INVALID)
    assert {p.file for p in problems} == {str(p) for p in INVALID}
