"""Every command has help with an example and is documented in the README; --help starts fast."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from relgraph.cli import app

from .conftest import ROOT

README = (ROOT / "README.md").read_text()
runner = CliRunner()


def all_commands() -> list[tuple[str, ...]]:
    found = []

    def walk(group, prefix: tuple[str, ...]) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):  # a group
                walk(command, prefix + (name,))
            else:
                found.append(prefix + (name,))

    walk(typer.main.get_command(app), ())
    return sorted(found)


COMMANDS = all_commands()


def test_there_are_commands():
    assert len(COMMANDS) > 20


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_an_example(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: relgraph " + " ".join(command) in " ".join(result.output.split())


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_command_is_in_the_readme(command):
    assert "relgraph " + " ".join(command) in README


def test_help_imports_no_heavy_module():
    code = (
        "import sys, relgraph.cli; "
        "print(','.join(m for m in ('neo4j', 'pydantic', 'yaml', 'pycountry') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_generated_command_outputs_are_current(graph, neo4j_env, monkeypatch):
    """docs/commands.md and README.md show what the commands print today (the blocks are regenerated against
    the test server, each file from the shipped seed, and compared)."""
    from relgraph import gendocs
    from relgraph.loading.loader import load_all

    from .conftest import wipe

    def reset() -> None:
        wipe(graph)
        load_all(graph, [ROOT / "seed"])

    monkeypatch.chdir(ROOT)  # the blocks name files relative to the repository
    import difflib

    for path, text in gendocs.regenerate(ROOT, neo4j_env, reset).items():
        committed = path.read_text(encoding="utf-8")
        diff = "".join(
            list(difflib.unified_diff(committed.splitlines(True), text.splitlines(True), "committed", "now"))[:60]
        )
        assert text == committed, (
            f"{path.name} is out of date: run `python -m relgraph.gendocs --wipe-database` "
            f"against a throwaway Neo4j\n{diff}"
        )
