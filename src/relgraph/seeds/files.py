"""Find and read seed files (the I/O edge of validation)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..core.errors import UsageError
from ..core.names import Candidate
from ..core.results import Answer, Report
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


def read_and_check(paths: Iterable[str | Path], known: Mapping[str, Candidate] | None = None,
                   timings: dict[str, float] | None = None) -> tuple[list[ParsedSeed], list[Problem]]:
    """Parse every file, then check them together (with ``known`` ids from the database). Problems sorted by place.

    ``timings`` (when given) accumulates seconds spent parsing (reading and YAML) and validating.
    """
    timings = timings if timings is not None else {}
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
        seed, found = parse(text, str(path), timings)
        seeds.append(seed)
        problems += found
    # Cross-file rules run over every file that parsed, so one run reports all it can.
    started = time.perf_counter()
    problems += check_together(seeds, known)
    timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - started
    return seeds, sorted(problems)


PROBLEM_COLUMNS = ("file", "line", "col", "field", "message")


def check(paths: Iterable[str | Path]) -> Report:
    """``relgraph seed check``: every problem in the files, alone and together, and what they hold.

    JSON shape: ``{"problems": [{file, line, col, field, message}], "files": int, "entities": int,
    "facts": int, "derived_facts": int, "ok": bool}``.
    """
    files = collect(paths)
    seeds, problems = read_and_check(files)
    documents = [s.document for s in seeds if s.document is not None]
    entities = sum(len(d.entities) for d in documents)
    facts = sum(len(d.facts) for d in documents)
    derived = sum(1 for d in documents for e in d.entities if getattr(e, "successor", None))
    rows = [{"file": p.file, "line": p.line, "col": p.col, "field": p.field, "message": p.message} for p in problems]
    if problems:
        note = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {len(files)} file(s)"
    else:
        note = (f"ok: {len(files)} file(s), {entities} entities, {facts} facts"
                + (f" (and {derived} derived from successor: fields)" if derived else ""))
    return Report("Seed check", {"problems": Answer("Problems", PROBLEM_COLUMNS, rows, "no problems",
                                                        line_format="{file}:{line}:{col}: {field}: {message}")}, (note,),
                  {"files": len(files), "entities": entities, "facts": facts, "derived_facts": derived,
                   "ok": not problems})
