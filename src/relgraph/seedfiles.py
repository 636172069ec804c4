"""Find and read seed files (the I/O edge of validation)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import UsageError
from .names import Candidate
from .validation import ParsedSeed, Problem, check_together, parse

SUFFIXES = (".yaml", ".yml")


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Seed files named, or found (recursively, sorted) in the folders named."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if not found:
        raise UsageError(f"no seed files (*.yaml, *.yml) in {', '.join(map(str, paths))}")
    return list(dict.fromkeys(found))


def read_and_check(paths: Iterable[str | Path], known: Mapping[str, Candidate] | None = None
                   ) -> tuple[list[ParsedSeed], list[Problem]]:
    """Parse every file, then check them together (with ``known`` ids from the database). Problems sorted by place."""
    seeds: list[ParsedSeed] = []
    problems: list[Problem] = []
    for path in collect(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), 1, 1, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        except OSError as exc:
            problems.append(Problem(str(path), 1, 1, "(file)", f"cannot read: {exc.strerror}"))
            continue
        seed, found = parse(text, str(path))
        seeds.append(seed)
        problems += found
    # Cross-file rules run over every file that parsed, so one run reports all it can.
    problems += check_together(seeds, known)
    return seeds, sorted(problems)
