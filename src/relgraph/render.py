"""Render rows as a table, JSON, CSV or NDJSON text.

Pure: takes column names and rows (dicts), returns a string. JSON is a list of
objects with the listed keys, stable to script against.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from enum import Enum
from typing import Any


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    ndjson = "ndjson"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table(columns: Sequence[str], rows: Sequence[dict[str, Any]], max_width: int = 60) -> str:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in line] for line in cells]
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    def fmt(line: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip()
    out = [fmt(columns), fmt(["-" * w for w in widths])]
    out += [fmt(line) for line in cells]
    return "\n".join(out)


def render(columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: Format | str = Format.table) -> str:
    fmt = Format(fmt)
    picked = [{c: row.get(c) for c in columns} for row in rows]
    if fmt is Format.json:
        return json.dumps(picked, ensure_ascii=False, indent=2, default=str)
    if fmt is Format.ndjson:
        return "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in picked)
    if fmt is Format.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(r[c]) for c in columns] for r in picked)
        return buffer.getvalue().rstrip("\n")
    return table(columns, picked)


def render_sections(sections: dict[str, tuple[Sequence[str], Sequence[dict[str, Any]]]], fmt: Format | str) -> str:
    """Several tables at once. JSON: an object of lists; CSV and NDJSON: one stream with a ``section`` column."""
    fmt = Format(fmt)
    if fmt is Format.json:
        return json.dumps({name: [{c: r.get(c) for c in cols} for r in rows] for name, (cols, rows) in sections.items()},
                          ensure_ascii=False, indent=2, default=str)
    columns = ["section"] + list(dict.fromkeys(c for cols, _ in sections.values() for c in cols))
    rows = [{"section": name, **row} for name, (_, section_rows) in sections.items() for row in section_rows]
    return render(columns, rows, fmt)
