"""Command outputs in the docs, produced by running the commands themselves.

Markdown files hold blocks between ``<!-- generated:KIND ARGS -->`` and ``<!-- /generated:KIND -->``:

- ``help relgraph load``: the command's ``--help``;
- ``run relgraph who-influences Russia Pakistan``: the command run against a database that holds the
  shipped seed (and whatever earlier ``run`` blocks of the same file imported), shown as a console
  session: the command, then its messages (stderr) and its data (stdout) as a terminal shows them.

Generating needs a throwaway Neo4j (it is emptied first): ``python -m relgraph.gendocs --wipe-database``
with NEO4J_URI/NEO4J_PASSWORD pointing at it. ``tests/test_docs.py`` regenerates the blocks against the
test server and fails when the committed files differ. Run from the repository's top folder.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

DOCS = ("docs/commands.md", "README.md")
_BLOCK = re.compile(
    r"(<!-- generated:(?P<kind>help|run) (?P<args>[^\n]*?) -->\n)(?P<body>.*?)(<!-- /generated:(?P=kind) -->)",
    re.DOTALL,
)
# What changes from run to run: durations, rates, timestamps, temporary folders.
_VOLATILE = [
    (re.compile(r"\b\d+(?:\.\d+)? s\b"), "… s"),
    (re.compile(r"\b[\d,]+ (facts|rows)/s\b"), r"… \1/s"),
    (re.compile(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\b"), "2026-01-01T00:00:00+00:00"),
    (re.compile(r"/tmp/[^\s;\"']+"), "/tmp/…"),
    (re.compile(r"(\"seconds\": )[\d.]+"), r"\g<1>0.0"),
    (re.compile(r"\b\d+ properties set\b"), "… properties set"),  # depends on what the store held before
]


def normalise(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def run_cli(args: list[str], env: Mapping[str, str]) -> tuple[str, str]:
    """A relgraph command in this process (as `relgraph ARGS` would run it): its stdout, and what a
    terminal would show (stdout and stderr interleaved as written)."""
    from typer.testing import CliRunner

    from .cli import app

    result = CliRunner().invoke(app, args, env={**env, "COLUMNS": "120", "NO_COLOR": "1"})
    return result.stdout, result.output


def block(kind: str, args: str, env: Mapping[str, str], root: Path | None = None) -> str:
    words = shlex.split(args)
    assert words and words[0] == "relgraph", f"a generated block runs relgraph, not {args!r}"
    if kind == "help":
        out, _ = run_cli([*words[1:], "--help"], env)
        return "```text\n" + out.rstrip() + "\n```\n"
    _, shown = run_cli(words[1:], env)
    lines = [f"$ {args}", *shown.rstrip("\n").splitlines()]
    text = "\n".join(line.rstrip() for line in lines)
    if root is not None:
        text = text.replace(f"{root.resolve()}/", "")
    return "```console\n" + normalise(text) + "\n```\n"


def fill(text: str, env: Mapping[str, str], root: Path | None = None) -> str:
    def one(match: re.Match[str]) -> str:
        return f"{match.group(1)}{block(match.group('kind'), match.group('args'), env, root)}{match.group(5)}"

    return _BLOCK.sub(one, text)


def regenerate(root: Path, env: Mapping[str, str], reset: Callable[[], None]) -> dict[Path, str]:
    """Each doc with its blocks filled, each file from a database reset to the shipped seed."""
    out = {}
    for name in DOCS:
        path = root / name
        reset()
        out[path] = fill(path.read_text(encoding="utf-8"), env, root)
    return out


def main(argv: list[str]) -> int:
    if "--wipe-database" not in argv:
        print(
            "This empties the database NEO4J_URI names, then loads seed/ into it: pass --wipe-database.",
            file=sys.stderr,
        )
        return 2
    from .db.connection import from_environment
    from .db.graph import Graph
    from .loading.loader import load_all

    conn = from_environment()
    if conn is None:
        print("Set NEO4J_URI and NEO4J_PASSWORD to a throwaway Neo4j.", file=sys.stderr)
        return 2
    root = Path.cwd()
    with Graph(conn) as graph:

        def reset() -> None:
            with graph.driver.session(database=conn.database) as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
            load_all(graph, [root / "seed"])

        for path, text in regenerate(root, dict(os.environ), reset).items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
