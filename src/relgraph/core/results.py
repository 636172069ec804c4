"""What a library call gives the CLI to render: one table (``Answer``) or several (``Report``).

Pure data. The column list is the JSON contract: ``--format json`` prints a list of objects with
exactly these keys (a Report: an object with one such list per section, plus its ``extra`` values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    title: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    empty_note: str = "nothing found"
    notes: tuple[str, ...] = ()
    # Tables may show each row as one line of text instead (``{file}:{line}:{col}: {field}: {message}``),
    # where a line is what people and editors read best. JSON, CSV and NDJSON are unaffected.
    line_format: str | None = None
    record: bool = False  # tables show a single row as one field per line


@dataclass(frozen=True)
class Report:
    """Several answers about one subject (a dyad's profile, a load's summary).

    ``extra`` holds values that are not tables (timings, totals): JSON shows them beside the sections;
    a table shows ``notes`` instead.
    """

    title: str
    sections: dict[str, Answer]
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Neighbourhood:
    """The facts around a dyad, for a picture: one row per edge (see the dyad_neighbourhood query)."""

    title: str
    a: str
    b: str
    rows: list[dict[str, Any]] = field(default_factory=list)
