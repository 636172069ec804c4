"""Read a large seed file part by part: everything but its facts at once, then its facts a chunk at a time.

A file of 150,000 facts read as one structure holds some 1,200 bytes a fact before validation begins;
read in chunks of ``FACTS_PER_CHUNK`` facts, each chunk can be validated and dropped before the next is
read, so the raw data never holds more than one chunk.

Only the plainest layout is read this way: one top-level ``facts:`` key whose value is a block list, no
anchors, aliases, merge keys, tags or second documents. The list is cut only where an item begins (a
``-`` at the list's own indentation), so each chunk is itself a YAML list; a cut that lands inside a
quoted scalar makes the chunk fail to parse. Anything unexpected, and any problem at all, makes the caller
read the file whole with ``yamlread.load``, which places problems exactly. Pure: text in, data out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml_rs

from . import yamlread

PARTS_FROM = 2 * 2**20  # files at least this long (characters) are read in parts when their layout allows
FACTS_PER_CHUNK = 5_000

_FACTS_KEY = re.compile(r"^facts:[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_ITEM = re.compile(r"^( *)-(?: |$)")


class NotInParts(Exception):
    """The file cannot be read in parts (or a part did not read): read it whole instead."""


@dataclass
class Parts:
    """The file without its facts (``head``, with ``facts: []``) and its facts, chunk by chunk."""

    head: dict[str, Any]
    text: str
    start: int  # where the facts list begins in the text
    end: int  # where it ends
    indent: str  # the items' indentation
    reading: float = 0.0  # seconds spent reading chunks (parsing, as against validating)

    def chunks(self, size: int | None = None) -> Iterator[list[Any]]:
        """The facts, ``size`` (FACTS_PER_CHUNK) at a time. Raises NotInParts when a chunk does not read as a
        list of that many items."""
        size = size or FACTS_PER_CHUNK
        item = re.compile(rf"^{self.indent}-(?: |$)", re.MULTILINE)
        starts = [m.start() for m in item.finditer(self.text, self.start, self.end)]
        for n in range(0, len(starts), size):
            stop = starts[n + size] if n + size < len(starts) else self.end
            began = time.perf_counter()
            try:
                chunk = yaml_rs.loads(self.text[starts[n] : stop], parse_datetime=False)
            except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError) as exc:
                raise NotInParts(str(exc)) from None
            finally:
                self.reading += time.perf_counter() - began
            if (
                not isinstance(chunk, list)
                or len(chunk) != min(size, len(starts) - n)
                or yamlread.shape_problem(chunk) is not None
            ):
                raise NotInParts("a chunk of facts did not read as that many list items")
            yield chunk


def in_parts(text: str) -> Parts | None:
    """The file's parts, or None when it is short or its layout is not the plainest (read it whole)."""
    if len(text) < PARTS_FROM or len(text) > yamlread.MAX_BYTES or "<<" in text or yamlread.needs_events(text):
        return None
    if yamlread.forbidden_characters(text, "", limit=1) or yamlread.ANCHOR.search(text) or yamlread.ALIAS.search(text):
        return None
    keys = list(_FACTS_KEY.finditer(text))
    if len(keys) != 1:
        return None
    start = keys[0].end() + 1
    end, indent = _block_end(text, start)
    if indent is None:
        return None
    head_text = text[: keys[0].start()] + "facts: []\n" + text[end:]
    try:
        head = yaml_rs.loads(head_text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError):
        return None
    if not isinstance(head, dict) or head.get("facts") != [] or yamlread.shape_problem(head) is not None:
        return None
    return Parts(head, text, start, end, indent)


def _block_end(text: str, start: int) -> tuple[int, str | None]:
    """Where the list that begins at ``start`` ends (the next line at the top level), and its items'
    indentation (None when what follows ``facts:`` is not a block list)."""
    indent: str | None = None
    position = start
    while position < len(text):
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        line = text[position:line_end]
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            if indent is None:
                found = _ITEM.match(line)
                if found is None:
                    return position, None
                indent = found.group(1)
            elif not line.startswith(" ") and not (indent == "" and _ITEM.match(line)):
                return position, indent  # the next top-level key (or a document marker)
        position = line_end + 1
    return len(text), indent
