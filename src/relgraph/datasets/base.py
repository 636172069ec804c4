"""What every dataset adapter shares: its description, reading files as users download them, and the
rows that could not be mapped.

An adapter reads its files (plain or gzipped, UTF-8 or Latin-1), streams their rows with the physical
line each starts on, and gives entity definitions and claims (facts with a ``file:line`` locator) to a
``SourcePlan``, the same plan a seed file becomes. Rows it cannot map are counted and the first few kept
with file, line and why; they are never silently dropped.
"""

from __future__ import annotations

import calendar
import codecs
import csv
import fnmatch
import gzip
import io
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from ..core.errors import DataError
from ..loading.plan import Claim, EntityDef, SourcePlan, with_years

KEEP_REJECTS = 10
T = TypeVar("T")
# Called with (what, rows read, total or 0) while files are read.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FileSpec:
    role: str
    names: tuple[str, ...]  # file names the adapter accepts (with or without .gz); may hold * wildcards
    required: bool = True
    about: str = ""

    def matches(self, path: Path) -> bool:
        name = (path.name[:-3] if path.name.endswith(".gz") else path.name).lower()
        return any(fnmatch.fnmatchcase(name, pattern.lower()) for pattern in self.names)


@dataclass(frozen=True)
class DatasetInfo:
    name: str  # what `relgraph import NAME` takes
    source_id: str
    title: str
    version: str
    citation: str
    terms: str
    url: str
    files: tuple[FileSpec, ...]
    coverage: tuple[str, str]  # since, until (partial dates)

    def source_row(self) -> dict[str, Any]:
        return {
            "id": self.source_id,
            "title": self.title,
            "kind": "dataset",
            "version": self.version,
            "citation": self.citation,
            "terms": self.terms,
            "document": self.url,
            "adapter": self.name,
            "coverage_since": self.coverage[0],
            "coverage_until": self.coverage[1],
        }


@dataclass
class Rejects:
    """Rows that could not be mapped: counted, the first few kept with file:line and why."""

    count: int = 0
    first: list[str] = field(default_factory=list)
    by_reason: dict[str, int] = field(default_factory=dict)

    def add(self, file: str, line: int, why: str) -> None:
        """``why`` reads "reason: detail"; reasons are counted."""
        self.count += 1
        reason = why.split(":")[0].strip()
        self.by_reason[reason] = self.by_reason.get(reason, 0) + 1
        if len(self.first) < KEEP_REJECTS:
            self.first.append(f"{file}:{line}: {why}")


@dataclass
class Output:
    """Where an adapter puts what it reads."""

    plan: SourcePlan
    rejects: Rejects = field(default_factory=Rejects)
    entities: dict[str, EntityDef] = field(default_factory=dict)
    rows: int = 0

    def entity(self, definition: EntityDef) -> None:
        if definition.id not in self.entities:
            self.entities[definition.id] = definition
            self.plan.entities.append(definition)

    def fact(
        self,
        type_: str,
        subject: str,
        object_: str,
        props: dict[str, Any],
        file: str,
        line: int | str,
        note: str | None = None,
    ) -> None:
        from ..loading.plan import ends

        subject, object_ = ends(type_, subject, object_)
        clean = {k: v for k, v in props.items() if v is not None and v != []}
        self.plan.add(Claim(type_, subject, object_, with_years(clean), f"{file}:{line}", note))
        self.plan.claims += 1


class Adapter:
    """One dataset. Subclasses set ``info`` and implement ``read``."""

    info: ClassVar[DatasetInfo]

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        raise NotImplementedError


# --- reading files ------------------------------------------------------------------------


def open_text(
    path: Path, encodings: tuple[str, ...] = ("utf-8", "latin-1"), probe: int | None = 1 << 16
) -> io.TextIOBase:
    """A file as text, gunzipped when it is gzip (by its first bytes, not its name), in the first encoding
    that decodes it (UTF-8 first; Latin-1 always decodes). Only the first ``probe`` bytes are tried, or the
    whole file, streamed, when ``probe`` is None (for files that may be Latin-1 after a long ASCII start)."""
    with open(path, "rb") as probe_handle:
        gzipped = probe_handle.read(2) == b"\x1f\x8b"

    def binary() -> io.BufferedIOBase:
        return gzip.open(path, "rb") if gzipped else open(path, "rb")  # type: ignore[return-value]

    encoding = encodings[-1]
    for candidate in encodings[:-1]:
        with binary() as raw:
            if _decodes(raw, candidate, probe):
                encoding = candidate
                break
    return io.TextIOWrapper(binary(), encoding=encoding, newline="", errors="strict")  # type: ignore[arg-type,type-var]


def _decodes(raw: io.BufferedIOBase, encoding: str, limit: int | None) -> bool:
    """Whether the stream decodes (its first ``limit`` bytes, or all of it), allowing a multi-byte
    character cut at the end of a limited sample."""
    decoder = codecs.getincrementaldecoder(encoding)()
    left = limit
    try:
        while left is None or left > 0:
            block = raw.read(1 << 20 if left is None else min(left, 1 << 20))
            if not block:
                decoder.decode(b"", final=True)
                return True
            decoder.decode(block)
            left = None if left is None else left - len(block)
    except UnicodeDecodeError:
        return False
    return True


@dataclass
class Row:
    line: int  # the physical line the record starts on (the header is line 1)
    values: dict[str, str]


def csv_records(
    path: Path, encodings: tuple[str, ...] = ("utf-8", "latin-1"), probe: int | None = 1 << 16
) -> Iterator[tuple[int, list[str]]]:
    """Records of a CSV file as lists of fields, each with the physical line it starts on (a quoted field
    may span lines; line 1 is the file's first line)."""
    with open_text(path, encodings, probe) as handle:
        reader = csv.reader(handle)
        consumed = 0
        for record in reader:
            start, consumed = consumed + 1, reader.line_num
            yield start, record


def csv_rows(path: Path, skip_until: Callable[[list[str]], bool] | None = None) -> Iterator[Row]:
    """Records of a CSV file as dicts, each with the physical line it starts on (a quoted field may span
    lines). ``skip_until`` (optional) is asked of each record before the header and says whether it is the
    header (for files with a preamble). Blank records are skipped."""
    header: list[str] | None = None
    for start, record in csv_records(path):
        if header is None:
            if skip_until is None or skip_until(record):
                header = [h.strip() for h in record]
            continue
        if not record or all(not v.strip() for v in record):
            continue
        yield Row(start, dict(zip(header, record)))
    if header is None:
        raise DataError(f"{path}: no header row found", "Is this the right file for this dataset?")


def integer(text: str | None) -> int | None:
    """'2', '2.0' and ' 2 ' -> 2; '' and 'NA' -> None. A number that is not whole raises ValueError."""
    if text is None:
        return None
    text = text.strip()
    if text in ("", "NA", "."):
        return None
    value = float(text)
    if not math.isfinite(value) or not value.is_integer():
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


def memo(function: Callable[..., T]) -> Callable[..., T]:
    """``function`` remembering its answers, for arguments whose few distinct values recur (codes, years,
    a roll call's date). An argument that raises is not remembered."""
    known: dict[tuple[Any, ...], T] = {}

    def remembered(*args: Any) -> T:
        try:
            return known[args]
        except KeyError:
            value = known[args] = function(*args)
            return value

    return remembered


def number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.strip()
    if text in ("", "NA", "."):
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def day(year: int | None, month: int | None = None, dom: int | None = None) -> str | None:
    """A partial date from parts; unknown (missing, 0 or negative) parts are left out."""
    if not year or year <= 0:
        return None
    if not month or month <= 0:
        return f"{year:04d}"
    if not dom or dom <= 0:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{dom:02d}"


def first_day(date: str) -> str:
    """A partial date's first day (YYYY -> YYYY-01-01, YYYY-MM -> YYYY-MM-01)."""
    return date if len(date) == 10 else f"{date}-01-01" if len(date) == 4 else f"{date}-01"


def last_day(date: str) -> str:
    """A partial date's last day (YYYY -> YYYY-12-31, YYYY-MM -> the month's last day)."""
    if len(date) == 7:
        return f"{date}-{calendar.monthrange(int(date[:4]), int(date[5:7]))[1]:02d}"
    return date if len(date) == 10 else f"{date}-12-31"


def piece(date: str | None, cut: str | None, whole: Callable[[str], str]) -> str | None:
    """A spell's end as given when a split left it where it was (``cut`` is its whole day), else the day of
    the cut: partial dates survive splitting unless a split moved them."""
    if date is None or cut is None:
        return cut
    return date if cut == whole(date) else cut


def require_columns(path: Path, line: int, header: Iterable[str], columns: tuple[str, ...]) -> None:
    """Refuse a file whose header lacks columns the adapter reads (every row would be rejected otherwise)."""
    missing = [c for c in columns if c not in set(header)]
    if missing:
        raise DataError(
            f"{path.name}:{line}: no column {', '.join(map(repr, missing))} in the header",
            "Is this the right file for this dataset?",
        )


def table_records(
    path: Path, columns: tuple[str, ...], out: Output
) -> tuple[list[int], Iterator[tuple[int, list[str]]]]:
    """For large files read by position rather than as dicts: where ``columns`` are in the header (a file
    without them is refused), and the records after it, each with its line and counted in ``out.rows``.
    Blank records are skipped; a record too short to hold the columns is rejected."""
    records = csv_records(path)
    header = [h.strip() for h in next(records, (1, []))[1]]
    require_columns(path, 1, header, columns)
    at = [header.index(c) for c in columns]

    def rows() -> Iterator[tuple[int, list[str]]]:
        width = max(at) + 1
        for line, record in records:
            if not any(v.strip() for v in record):
                continue
            out.rows += 1
            if len(record) < width:
                out.rejects.add(path.name, line, f"short row: {len(record)} fields, the header has {len(header)}")
                continue
            yield line, record

    return at, rows()
