"""The house's shape, read from the source (no server): imports run downward only, the pure core opens
nothing, no module is too long, and the CLI holds no Cypher, rendering or arithmetic."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "relgraph"
# Lower rank = lower layer. A module may import its own subpackage and lower ranks, never higher or beside.
RANKS = {
    "core": 0,
    "seeds": 1,
    "db": 1,
    "queries": 2,
    "server": 2,
    "loading": 3,
    "output": 3,
    "datasets": 4,
    "generate": 8,
    "cli": 9,
    "gendocs": 10,
    "__main__": 11,
    "data": 0,
    "cypher": 0,
}
PURE = {"neo4j", "typer", "click", "rich", "subprocess", "socket", "shutil", "psutil", "platformdirs", "matplotlib"}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0].removesuffix(".py") if parts[0] != "__init__.py" else "core"


def imports(path: Path) -> list[tuple[str, int]]:
    """Absolute names of the relgraph modules (and the third-party modules) a file imports, with lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("relgraph", *path.relative_to(PACKAGE).parts[:-1]))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.append((".".join(base + ([node.module] if node.module else [])), node.lineno))
            else:
                found.append((node.module or "", node.lineno))
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_downward(path):
    mine = layer(path)
    for name, line in imports(path):
        if not name.startswith("relgraph.") or name == "relgraph":
            continue
        target = name.split(".")[1]
        if target == mine:
            continue
        assert RANKS[target] < RANKS[mine], f"{path.name}:{line} ({mine}) imports {name} ({target}): not downward"


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").glob("*.py")), ids=lambda p: p.name)
def test_the_core_is_pure(path):
    for name, line in imports(path):
        assert name.split(".")[0] not in PURE, f"core/{path.name}:{line} imports {name}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "open"
    ]
    assert not calls, f"core/{path.name} opens files"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_longer_than_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


CYPHER = re.compile(r"^\s*(MATCH|OPTIONAL MATCH|MERGE|UNWIND|CREATE|CALL|WITH|RETURN)\b")
ARITHMETIC = (ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Pow, ast.Mod)


@pytest.mark.parametrize("path", sorted((PACKAGE / "cli").glob("*.py")), ids=lambda p: p.name)
def test_the_cli_holds_no_cypher_rendering_or_arithmetic(path):
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in strings if CYPHER.match(s)], "Cypher in the CLI"
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ARITHMETIC)], (
        "arithmetic in the CLI"
    )
    assert not [name for name, _ in imports(path) if name.split(".")[0] in ("rich", "matplotlib")], (
        "rendering libraries in the CLI"
    )


def test_the_version_is_written_once():
    root = PACKAGE.parents[1]
    assert "version" not in (root / "pyproject.toml").read_text().split("[project]")[1].split("[")[0].replace(
        'dynamic = ["version"]', ""
    )
