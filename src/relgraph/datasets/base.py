"""What every dataset adapter shares: its description, reading files as users download them, and the
rows that could not be mapped.

An adapter reads its files (plain or gzipped, UTF-8 or Latin-1), streams their rows with the physical
line each starts on, and gives entity definitions and claims (facts with a ``file:line`` locator) to a
``SourcePlan``, the same plan a seed file becomes. Rows it cannot map are counted and the first few kept
with file, line and why; they are never silently dropped.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..core.errors import DataError
from ..loading.plan import Claim, EntityDef, SourcePlan, with_years

KEEP_REJECTS = 10
# Called with (what, rows read, total or 0) while files are read.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FileSpec:
    role: str
    names: tuple[str, ...]  # file names the adapter accepts (with or without .gz)
    required: bool = True
    about: str = ""

    def matches(self, path: Path) -> bool:
        name = path.name[:-3] if path.name.endswith(".gz") else path.name
        return name.lower() in {n.lower() for n in self.names}


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
        return {"id": self.source_id, "title": self.title, "kind": "dataset", "version": self.version,
                "citation": self.citation, "terms": self.terms, "document": self.url, "adapter": self.name,
                "coverage_since": self.coverage[0], "coverage_until": self.coverage[1]}


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

    def fact(self, type_: str, subject: str, object_: str, props: dict[str, Any], file: str, line: int | str,
             note: str | None = None) -> None:
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


def open_text(path: Path, encodings: tuple[str, ...] = ("utf-8", "latin-1")) -> io.TextIOBase:
    """A file as text, gunzipped when it is gzip (by its first bytes, not its name), in the first encoding
    that decodes its start (UTF-8 first; Latin-1 always decodes)."""
    with open(path, "rb") as probe:
        head = probe.read(2)
    gzipped = head == b"\x1f\x8b"
    raw = gzip.open(path, "rb") if gzipped else open(path, "rb")
    sample = raw.read(1 << 16)
    raw.close()
    encoding = encodings[-1]
    for candidate in encodings:
        try:
            sample.decode(candidate) if candidate != "utf-8" else _decode_prefix(sample)
            encoding = candidate
            break
        except UnicodeDecodeError:
            continue
    binary = gzip.open(path, "rb") if gzipped else open(path, "rb")
    return io.TextIOWrapper(binary, encoding=encoding, newline="", errors="strict")  # type: ignore[arg-type]


def _decode_prefix(sample: bytes) -> None:
    """Decode as UTF-8, allowing a multi-byte character cut at the end of the sample."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 3:
            raise
        sample[:exc.start].decode("utf-8")


@dataclass
class Row:
    line: int  # the physical line the record starts on (the header is line 1)
    values: dict[str, str]


def csv_rows(path: Path, skip_until: Callable[[list[str]], bool] | None = None) -> Iterator[Row]:
    """Records of a CSV file as dicts, each with the physical line it starts on (a quoted field may span
    lines). ``skip_until`` (optional) is asked of each record before the header and says whether it is the
    header (for files with a preamble). Blank records are skipped."""
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header: list[str] | None = None
        consumed = 0
        for record in reader:
            start, consumed = consumed + 1, reader.line_num
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
