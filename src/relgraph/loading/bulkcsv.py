"""The CSV files ``neo4j-admin database import full`` reads, written from the graph ``bulkgraph`` works out.

Every node and relationship goes to a file with a header that types each property (``name:string``,
``count:long``, ``value:double``, ``approximate:boolean``, ``aliases:string[]``, ...): rows with the same
properties of the same types share a file, so no value is ever missing or coerced. Every field is quoted
(RFC 4180: a quote inside is doubled), so commas, quotes and spaces are kept as they are; rows with a line
break in a value go to files the importer is told may hold them (reading every file that way is slow). The
array delimiter is a character no array element holds (``Clash`` says otherwise, and the caller picks
another).

The importer cannot write an empty list (it leaves the property out). A normal load writes some: a fact's
claim lists (``notes``, ``confidences``) are often empty, an entity may have no ``aliases``, a source no
``sections``. Those are left out of the files and counted (``Files.fills`` for nodes, by id;
``Files.empty_claims`` for facts) so they can be set once the server runs again.
"""

from __future__ import annotations

import csv
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..core.errors import DataError
from .plan import CLAIM_LISTS

# Array delimiters tried in turn: characters no seed file's text can hold (control characters are refused),
# then private-use ones.
DELIMITERS = ("\x1f", "\x1e", "\x1d", "\x1c", "\ue000", "\ue001")
OPEN_FILES = 128  # files kept open at once (others are reopened to append)
FILLED = {"e": "Entity", "s": "Source"}  # node keys whose empty lists are set afterwards, by label and id
FACT_LISTS = ("sources", *CLAIM_LISTS)


class Clash(Exception):
    """An array element holds the array delimiter: write the files again with another."""


@dataclass
class Files:
    """What was written: the files for the importer, and what it cannot write (set afterwards)."""

    folder: Path
    delimiter: str
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: list[Path] = field(default_factory=list)
    fills: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # label -> [{id, props}] of empty lists
    empty_claims: int = 0  # facts with an empty claim list


def _type(value: Any) -> str | None:
    """The importer's type for a value; None for a list it cannot write (empty, or one empty string)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        if not value or list(value) == [""]:
            return None
        kinds = {_type(v) for v in value}
        if kinds <= {"long", "double"}:
            return "double[]" if "double" in kinds else "long[]"
        if len(kinds) == 1 and kinds <= {"boolean", "string"}:
            return f"{kinds.pop()}[]"
    raise DataError(
        f"A value of type {type(value).__name__} cannot be written by the bulk import: {value!r:.80}",
        "This should not happen after validation; please report it, and load without --bulk.",
    )


def _text(value: Any, type_: str, delimiter: str) -> str:
    if type_.endswith("[]"):
        element = type_[:-2]
        parts = [_text(v, element, delimiter) for v in value]
        if any(delimiter in part for part in parts):
            raise Clash(delimiter)
        return delimiter.join(parts)
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ == "long":
        return str(int(value))
    if type_ == "double":
        return repr(float(value))  # the shortest text that reads back as the same double
    return str(value)


def _multiline(texts: list[str]) -> bool:
    return any("\n" in t or "\r" in t for t in texts)


class CsvSink:
    """Writes nodes and relationships as the importer's CSV files, one file per shape of row."""

    def __init__(self, folder: Path, delimiter: str) -> None:
        self.files = Files(folder, delimiter)
        self.delimiter = delimiter
        self._groups: dict[tuple[str, tuple[str, ...], bool], Path] = {}
        self._open: OrderedDict[Path, tuple[IO[str], Any]] = OrderedDict()

    def node(self, key: str, labels: tuple[str, ...], props: Mapping[str, Any]) -> None:
        columns, values, empty = self._columns(props)
        if empty:
            label = FILLED.get(key.split(":", 1)[0])
            if label is None:
                raise DataError(
                    f"A {labels[0]} node has lists the bulk import cannot write ({', '.join(empty)}).",
                    "Please report it, and load without --bulk.",
                )
            self.files.fills.setdefault(label, []).append({"id": props["id"], "props": empty})
        label_text = self.delimiter.join(labels)
        self._write("n", [":ID", ":LABEL", *columns], [key, label_text, *values])

    def relationship(self, type_: str, start: str, end: str, props: Mapping[str, Any]) -> None:
        columns, values, empty = self._columns(props)
        if empty:
            if "fact_id" not in props or set(empty) - set(FACT_LISTS) or any(empty.values()):
                raise DataError(
                    f"A {type_} relationship has lists the bulk import cannot write ({', '.join(empty)}).",
                    "Please report it, and load without --bulk.",
                )
            self.files.empty_claims += 1
        self._write("r", [":START_ID", ":END_ID", ":TYPE", *columns], [start, end, type_, *values])

    def _columns(self, props: Mapping[str, Any]) -> tuple[list[str], list[str], dict[str, Any]]:
        columns: list[str] = []
        values: list[str] = []
        empty: dict[str, Any] = {}
        for name in sorted(props):
            value = props[name]
            if value is None:
                continue  # SET n = {name: null} sets nothing either
            type_ = _type(value)
            if type_ is None:
                empty[name] = list(value)
                continue
            columns.append(f"{name}:{type_}")
            values.append(_text(value, type_, self.delimiter))
        return columns, values, empty

    def _write(self, what: str, header: list[str], row: list[str]) -> None:
        multiline = _multiline(row)
        group = (what, tuple(header), multiline)
        path = self._groups.get(group)
        if path is None:
            path = self.files.folder / f"{what}{len(self._groups):05d}{'-multiline' if multiline else ''}.csv"
            self._groups[group] = path
            (self.files.nodes if what == "n" else self.files.relationships).append(path)
            if multiline:
                self.files.multiline.append(path)
            self._handle(path, create=True).writerow(header)
        self._handle(path).writerow(row)

    def _handle(self, path: Path, create: bool = False) -> Any:
        if path in self._open:
            self._open.move_to_end(path)
            return self._open[path][1]
        if len(self._open) >= OPEN_FILES:
            _, (old, _) = self._open.popitem(last=False)
            old.close()
        handle = open(path, "w" if create else "a", encoding="utf-8", newline="")
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
        self._open[path] = (handle, writer)
        return writer

    def close(self) -> Files:
        for handle, _ in self._open.values():
            handle.close()
        self._open.clear()
        return self.files
