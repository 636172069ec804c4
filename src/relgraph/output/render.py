"""Render results (``Answer`` and ``Report``) as tables, JSON, CSV or NDJSON.

Tables: on a terminal, Rich tables that fit its width (long cells wrap, never cut), in colour unless
NO_COLOR is set; piped, plain aligned text without styles, one row per line. JSON is a list of
objects with exactly the answer's columns (a report: an object with one list per section and its
extra values), stable to script against. Text that came from the data is made safe for a terminal:
control characters are shown as escapes, never sent.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from ..core.results import Answer, Report

Result = Answer | Report


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    ndjson = "ndjson"


# C0/C1 controls, DEL, and the bidirectional overrides and isolates that reorder what a terminal shows.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text for a terminal: control characters and direction overrides become visible escapes."""
    return _UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text
    )


def cell(value: Any) -> str:
    """A value as a table or CSV cell: lists joined with '; ', whole floats without '.0', None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _json_value(value: Any) -> Any:
    """JSON has no NaN or Infinity: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def pick(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{c: _json_value(row.get(c)) for c in columns} for row in rows]


# What json.dumps leaves as it is but a terminal obeys: DEL, C1 controls and direction overrides.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _dumps(data: Any, indent: int | None = 2) -> str:
    """JSON with non-ASCII text as it is, but every control and direction character as a \\u escape
    (in JSON they can only stand inside strings, so the data is unchanged for any JSON reader)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str, allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(result: Result) -> str:
    if isinstance(result, Report):
        data: dict[str, Any] = {name: pick(a.columns, a.rows) for name, a in result.sections.items()}
        data.update({k: _json_value(v) for k, v in result.extra.items()})
        return _dumps(data)
    return _dumps(pick(result.columns, result.rows))


def _flat(result: Result) -> tuple[list[str], list[dict[str, Any]]]:
    """One stream of rows; a report's rows carry a ``section`` column."""
    if isinstance(result, Answer):
        return list(result.columns), list(result.rows)
    columns = ["section"] + list(dict.fromkeys(c for a in result.sections.values() for c in a.columns))
    rows = [{"section": name, **row} for name, a in result.sections.items() for row in a.rows]
    return columns, rows


def to_ndjson(result: Result) -> str:
    columns, rows = _flat(result)
    return "\n".join(_dumps(r, indent=None) for r in pick(columns, rows))


def to_csv(result: Result) -> str:
    columns, rows = _flat(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(r[c]) for c in columns] for r in pick(columns, rows))
    return buffer.getvalue().rstrip("\n")


def plain_table(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """Aligned plain text, one row per line, nothing cut: for pipes and files."""
    cells = [[safe(cell(row.get(c))).replace("\n", " ") for c in columns] for row in rows]
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]

    def fmt(line: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip()

    return "\n".join([fmt(columns), fmt(["-" * w for w in widths]), *(fmt(line) for line in cells)])


def rich_table(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> Any:
    """A Rich table that wraps long cells to fit the terminal. Rich is imported only here."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(safe(cell(row.get(c)))) for c in columns))
    return table


def record(columns: Sequence[str], row: dict[str, Any]) -> str:
    """One row as ``field: value`` lines."""
    width = max(len(c) for c in columns) + 1
    return "\n".join(f"{(c + ':').ljust(width)} {safe(cell(row.get(c)))}".rstrip() for c in columns)


def lines(answer: Answer) -> str:
    """Each row as one line, by the answer's ``line_format``."""
    assert answer.line_format
    return "\n".join(
        safe(answer.line_format.format(**{c: cell(row.get(c)) for c in answer.columns})) for row in answer.rows
    )
