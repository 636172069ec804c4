"""Find and read seed files (the I/O edge of validation), one at a time.

Files are checked as they are read; each file's document is handed on (to be planned) and then
dropped, so memory holds one file at a time, not every file's facts. A folder's symbolic links that
lead outside it are refused, and a link named on the command line must lead to a seed file: a seed
folder is never a way to read other files.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import UsageError
from ..core.names import Candidate
from ..core.results import Answer, Report
from .crosscheck import CrossCheck
from .validation import ParsedSeed, Problem, parse
from .yamlread import MAX_BYTES, escape

SUFFIXES = (".yaml", ".yml")


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # links refused


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # outside, broken, or a loop
        return False


def _kind_of(path: Path) -> str:
    """'file', 'folder', 'other' (a FIFO, device or socket) or 'missing', following links."""
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError):
        return "missing"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "other"


def collect_files(paths: Iterable[str | Path]) -> Collected:
    """Seed files named, or found (recursively, sorted) in the folders named.

    In a folder, symbolic links that lead outside it (to a file or a folder), broken links and anything
    that is not a regular file (a FIFO would block, a device never ends) are refused with a problem
    each, and never read. A file named on the command line must be a regular file with a seed file's
    suffix, also when it is a link (so a planted ``x.yaml -> /etc/shadow`` is not read).
    """
    out = Collected()
    names = [Path(raw) for raw in paths]
    for path in names:
        kind = _kind_of(path)
        if kind == "folder":
            _walk(path, out)
        elif kind == "file":
            target = path.resolve()
            if path.suffix not in SUFFIXES or target.suffix not in SUFFIXES:
                shown = f"{path} (a link to {target})" if path.is_symlink() else str(path)
                raise UsageError(f"{escape(shown)} is not a seed file (*.yaml, *.yml); it is not read.")
            out.files.append(path)
        elif kind == "other":
            raise UsageError(f"{escape(str(path))} is not a regular file or folder; it is not read.")
        else:
            raise UsageError(f"{escape(str(path))}: no such file or folder")
    if not out.files and not out.problems:
        raise UsageError(f"no seed files (*.yaml, *.yml) in {', '.join(escape(str(n)) for n in names)}")
    out.files = list(dict.fromkeys(out.files))
    return out


def _walk(folder: Path, out: Collected) -> None:
    """Seed files under ``folder``, sorted; links are not followed into other folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        here = Path(root)
        for name in dirs:
            if (here / name).is_symlink() and not _inside(here / name, folder):
                out.problems.append(
                    Problem(
                        str(here / name),
                        1,
                        1,
                        "(file)",
                        f"a symbolic link to a folder outside {folder}; it is not read",
                    )
                )
        found += [here / name for name in files if Path(name).suffix in SUFFIXES]
    for path in sorted(found):
        if path.is_symlink() and not _inside(path, folder):
            out.problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    "(file)",
                    f"a symbolic link to a file outside {folder} (or a broken link); it is not read",
                )
            )
        elif _kind_of(path) != "file":
            out.problems.append(Problem(str(path), 1, 1, "(file)", "not a regular file; it is not read"))
        else:
            out.files.append(path)


def collect(paths: Iterable[str | Path]) -> list[Path]:
    return collect_files(paths).files


def read_text(path: Path) -> tuple[str | None, str, Problem | None]:
    """A file's text and content hash, or the problem that stops it from being read.

    The file is opened without blocking (a FIFO put in its place cannot hang the load), and its size is
    checked before it is read, so a huge file costs no memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return None, "", Problem(str(path), 1, 1, "(file)", f"cannot read: {exc.strerror}")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "", Problem(str(path), 1, 1, "(file)", "not a regular file; it is not read")
        if info.st_size > MAX_BYTES:
            return (
                None,
                "",
                Problem(str(path), 1, 1, "(file)", f"the file is larger than {MAX_BYTES // 2**20} MB; split it"),
            )
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:  # it grew while being read
        return (
            None,
            "",
            Problem(str(path), 1, 1, "(file)", f"the file is larger than {MAX_BYTES // 2**20} MB; split it"),
        )
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            None,
            digest,
            Problem(
                str(path),
                line,
                col,
                "(file)",
                f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8",
            ),
        )
    return text.removeprefix("\ufeff"), digest, None


OnValid = Callable[[ParsedSeed], None]


def parse_file(path: str | Path) -> tuple[ParsedSeed, list[Problem]]:
    """One file read and validated on its own, its document kept (for tools and tests)."""
    text, digest, problem = read_text(Path(path))
    if problem is not None:
        return ParsedSeed(str(path)), [problem]
    assert text is not None
    seed, problems = parse(text, str(path))
    seed.digest = digest
    return seed, problems


def check_files(
    files: Iterable[Path],
    known: Mapping[str, Candidate] | None = None,
    timings: dict[str, float] | None = None,
    on_valid: OnValid | None = None,
    context: Iterable[Path] = (),
    where: str | None = None,
) -> tuple[list[ParsedSeed], list[Problem]]:
    """Check files one by one and together. ``on_valid`` receives each file whose document is valid on
    its own (before it is released). ``context`` files help resolve references and are not reported on.
    Problems come back sorted by place; the returned seeds have released their documents."""
    timings = timings if timings is not None else {}
    files = list(files)
    check = CrossCheck(known, where or _where(files, context, known))
    for path in context:
        text, _, problem = read_text(path)
        if text is not None:
            seed, _found = parse(text, str(path))
            check.add_context(seed)
    seeds: list[ParsedSeed] = []
    problems: list[Problem] = []
    for path in files:
        started = time.perf_counter()
        text, digest, problem = read_text(path)
        timings["parse"] = timings.get("parse", 0.0) + time.perf_counter() - started
        if problem is not None:
            problems.append(problem)
            continue
        assert text is not None
        seed, found = parse(text, str(path), timings)
        seed.digest = digest
        started = time.perf_counter()
        problems += found
        problems += check.add(seed)
        timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - started
        if seed.document is not None and not found and on_valid is not None:
            on_valid(seed)
        seed.release()
        seeds.append(seed)
    started = time.perf_counter()
    problems += check.finish()
    timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - started
    return seeds, sorted(problems)


def _where(files: list[Path], context: Iterable[Path], known: Mapping[str, Candidate] | None) -> str:
    places = [f"{len(files)} file(s) checked" if len(files) != 1 else str(files[0])]
    others = list(context)
    if others:
        places.append(f"{len(others)} other file(s) in the same folder")
    if known:
        places.append("the database")
    return ", ".join(places[:-1]) + (" and " if len(places) > 1 else "") + places[-1]


def read_and_check(
    paths: Iterable[str | Path], known: Mapping[str, Candidate] | None = None, timings: dict[str, float] | None = None
) -> tuple[list[ParsedSeed], list[Problem]]:
    """Collect, then check: the whole of ``seed check``'s work without the report."""
    collected = collect_files(paths)
    seeds, problems = check_files(collected.files, known, timings)
    return seeds, sorted(problems + collected.problems)


def neighbours(files: list[Path], named: Iterable[str | Path]) -> list[Path]:
    """Other seed files in the folders of files named one by one (so a file may refer to its neighbours)."""
    explicit = [Path(p) for p in named if Path(p).is_file()]
    folders = {p.absolute().parent for p in explicit}  # where the name is, not where a link leads
    chosen = {p.resolve() for p in files}
    found: list[Path] = []
    for folder in sorted(folders):
        for candidate in sorted(folder.glob("*")):
            if (
                candidate.suffix in SUFFIXES
                and candidate.is_file()
                and not candidate.is_symlink()
                and candidate.resolve() not in chosen
            ):
                found.append(candidate)
    return found


PROBLEM_COLUMNS = ("file", "line", "col", "field", "message")


@dataclass
class Counted:
    entities: int = 0
    facts: int = 0
    derived: int = 0


def check(
    paths: Iterable[str | Path], known: Mapping[str, Candidate] | None = None, with_neighbours: bool = True
) -> Report:
    """``relgraph seed check``: every problem in the files, alone and together, and what they hold.

    A file named alone may refer to entities other files in its folder define (they are read for
    that, not reported on), and to the database's when ``known`` is given.
    Warnings (an alias that looks like half of a name split at a comma) are listed apart and do not make
    the check fail. JSON shape: ``{"problems": [{file, line, col, field, message}], "warnings": [the same],
    "files": int, "entities": int, "facts": int, "derived_facts": int, "looked_in": str, "ok": bool}``.
    """
    named = list(paths)
    collected = collect_files(named)
    context = neighbours(collected.files, named) if with_neighbours else []
    counted = Counted()

    def count(seed: ParsedSeed) -> None:
        doc = seed.document
        assert doc is not None
        counted.entities += len(doc.entities)
        counted.facts += len(doc.facts)
        counted.derived += sum(1 for e in doc.entities if getattr(e, "successor", None))

    where = _where(collected.files, context, known)
    seeds, problems = check_files(collected.files, known, on_valid=count, context=context, where=where)
    problems = sorted(problems + collected.problems)
    warnings = sorted(w for seed in seeds for w in seed.warnings)
    files = len(collected.files)
    if problems:
        note = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file(s)"
    else:
        note = (
            f"ok: {files} file(s), {counted.entities} entities, {counted.facts} facts"
            + (f" (and {counted.derived} derived from successor: fields)" if counted.derived else "")
            + f"; references resolved against {where}"
        )
    if warnings:
        note += (
            f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''} (worth a look; they do not fail the check)"
        )
    return Report(
        "Seed check",
        {
            "problems": Answer(
                "Problems",
                PROBLEM_COLUMNS,
                _rows(problems),
                "no problems",
                line_format="{file}:{line}:{col}: {field}: {message}",
            ),
            "warnings": Answer(
                "Warnings",
                PROBLEM_COLUMNS,
                _rows(warnings),
                "no warnings",
                line_format="{file}:{line}:{col}: {field}: warning: {message}",
            ),
        },
        (note,),
        {
            "files": files,
            "entities": counted.entities,
            "facts": counted.facts,
            "derived_facts": counted.derived,
            "looked_in": where,
            "ok": not problems,
        },
    )


def _rows(found: list[Problem]) -> list[dict[str, object]]:
    return [{"file": p.file, "line": p.line, "col": p.col, "field": p.field, "message": p.message} for p in found]
