"""Regenerate every generated file, or check that none has drifted (``--check``, run in CI).

``python -m relgraph.generate [--check]``: the per-type Cypher in ``cypher/facts/``, the Browser
favorites in ``browser/favorites/`` and the seed JSON Schema in ``schema/seed.schema.json``.
Run it from the repository's top folder.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from .output import browserfiles
from .queries import catalogue, factqueries
from .seeds.schema import SCHEMA_PATH, schema_text

FOLDERS: dict[str, Callable[[], dict[str, str]]] = {
    "cypher/facts": factqueries.rendered,
    "browser/favorites": browserfiles.rendered,
}
FILES: dict[str, Callable[[], str]] = {SCHEMA_PATH: schema_text}


def relation_table() -> str:
    """The vocabulary as a Markdown table (docs/graph-model.md)."""
    from .core.vocabulary import SPECS

    lines = [
        "| type | meaning | subject | object | bilateral | symmetric | background |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, spec in SPECS.items():
        flags = ["yes" if flag else "" for flag in (spec.bilateral, spec.symmetric, spec.background)]
        lines.append(
            f"| `{name}` | {spec.description} | {', '.join(spec.subjects)} | {', '.join(spec.objects)} | "
            + " | ".join(flags)
            + " |"
        )
    return "\n".join(lines)


# Blocks of Markdown between <!-- generated:NAME ... --> and <!-- /generated:NAME --> markers.
BLOCKS: dict[str, dict[str, Callable[[], str]]] = {"docs/graph-model.md": {"relation-types": relation_table}}
_BLOCK = re.compile(
    r"(<!-- generated:(?P<name>[\w-]+)[^>]*-->\n)(?P<body>.*?)(<!-- /generated:(?P=name) -->)", re.DOTALL
)


def fill_blocks(text: str, renderers: dict[str, Callable[[], str]]) -> str:
    def one(match: re.Match[str]) -> str:
        render = renderers.get(match.group("name"))
        return match.group(0) if render is None else f"{match.group(1)}{render()}\n{match.group(4)}"

    return _BLOCK.sub(one, text)


def wanted(root: Path | None = None) -> dict[Path, str]:
    out = {Path(folder) / name: text for folder, render in FOLDERS.items() for name, text in render().items()}
    out.update({Path(path): render() for path, render in FILES.items()})
    base = root or Path.cwd()
    for path, renderers in BLOCKS.items():
        out[Path(path)] = fill_blocks((base / path).read_text(encoding="utf-8"), renderers)
    return out


def stale(root: Path) -> list[str]:
    """Generated files missing, different, or left over."""
    files = wanted(root)
    problems = [
        str(p) for p, text in files.items() if not (root / p).exists() or (root / p).read_text(encoding="utf-8") != text
    ]
    for folder in FOLDERS:
        for extra in sorted((root / folder).glob("*.cypher")):
            if extra.relative_to(root) not in files:
                problems.append(f"{extra.relative_to(root)} (not generated any more)")
    return problems


def write(root: Path) -> int:
    facts = Path("cypher/facts")
    for name, text in factqueries.rendered().items():  # first: the catalogue (and so the favorites) reads them
        (root / facts).mkdir(parents=True, exist_ok=True)
        (root / facts / name).write_text(text, encoding="utf-8")
    catalogue.reset()
    files = wanted(root)
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
        for extra in (root / folder).glob("*.cypher"):
            if extra.relative_to(root) not in files:
                extra.unlink()
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return len(files)


def main(argv: list[str]) -> int:
    root = Path.cwd()
    if "--check" in argv:
        problems = stale(root)
        for problem in problems:
            print(f"out of date: {problem}", file=sys.stderr)
        if problems:
            print("regenerate with: python -m relgraph.generate", file=sys.stderr)
        return 1 if problems else 0
    print(f"wrote {write(root)} generated files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
