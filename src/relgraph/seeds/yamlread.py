"""Read seed YAML fast and safely, and say where things are when something is wrong.

Two readers, each for what it does best:

- ``yaml_rs`` (Rust) builds the data: about 30 times faster than PyYAML's C loader, YAML 1.2 (``no``
  and ``010`` stay what they look like), with a hard limit on alias expansion ("billion laughs").
- PyYAML's event parser, which never expands aliases and never recurses, is used only when a problem
  must be placed: parse errors, duplicate keys, nesting too deep, and the line and column of any value
  the models reject.

Before either runs, the text is scanned for characters no seed file needs (NUL and other control
characters, bidirectional overrides), which could hide text or reach a terminal. Pure: text in, data
and problems out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
import yaml_rs

Path_ = tuple[Any, ...]

MAX_BYTES = 256 * 1024 * 1024  # a seed file larger than this is refused before parsing
MAX_DEPTH = 24  # a seed file is at most five levels deep; anything far deeper is an attack or a mistake
MAX_ALIAS_EVENTS = 200_000  # events replayed through aliases in one file (a billion laughs needs billions)
MAX_ALIAS_SIZE = 1_000_000  # values and characters that aliases may add to a file (a billion laughs adds billions)
MAX_POSITIONS = 5_000_000  # values whose positions are worked out for messages
DEPTH_MESSAGE = f"nested more than {MAX_DEPTH} levels deep; a seed file needs five"
ALIAS_MESSAGE = (
    f"aliases expand to more than the limit allowed ({MAX_ALIAS_SIZE:,} values and characters); "
    "a seed file needs few aliases or none"
)

# C0 controls but tab, newline and carriage return; DEL; C1 controls; bidirectional overrides and isolates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_RS_POSITION = re.compile(r"at line (\d+), column (\d+)")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, where it is, and what to do."""

    file: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:  # a file name may hold a newline or an escape: shown escaped, never sent
        return f"{escape(self.file)}:{self.line}:{self.col}: {self.field}: {self.message}"


def describe_char(char: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}
    return names.get(char, f"U+{ord(char):04X}")


def escape(text: str) -> str:
    """Control characters and direction overrides as visible escapes (for messages quoting input)."""
    return _FORBIDDEN.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) <= 0xFF else f"\\u{ord(m.group()):04x}",
        text.replace("\n", "\\n").replace("\t", "\\t"),
    )


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def forbidden_characters(text: str, path: str, limit: int = 5) -> list[Problem]:
    """Control characters and direction overrides, each placed (at most ``limit`` of them)."""
    problems = []
    for match in _FORBIDDEN.finditer(text):
        line, col = line_col(text, match.start())
        problems.append(
            Problem(
                path,
                line,
                col,
                "(text)",
                f"character {describe_char(match.group())} is not allowed in a seed file "
                "(control characters and text-direction overrides can hide text)",
            )
        )
        if len(problems) >= limit:
            break
    return problems


def events(text: str) -> Iterator[yaml.Event]:
    return yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# Tags a seed file may carry (YAML's core schema); any other (!!python/..., !!binary, !include, ...) is refused.
CORE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")) | {"!"}
# Plain scalars YAML 1.2 reads as something other than text (for keys, which must be text).
_NOT_TEXT = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
# Cheap signs that a file uses what only the event pass checks: anchors and aliases, tags, directives, documents.
ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},]")
_TAG_OR_DIRECTIVE = re.compile(r"(?:^|[\s\[{,])![^\s\[\]{},]|^%", re.MULTILINE)
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)
_CONTENT = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)


def needs_events(text: str) -> bool:
    """Does the text use anchors and aliases, tags, directives or more than one document (checked by
    ``diagnose``)? A single ``---`` before the content, as many files begin, does not count."""
    if _TAG_OR_DIRECTIVE.search(text) or (ANCHOR.search(text) and ALIAS.search(text)):
        return True
    markers = list(_DOCUMENT_MARKER.finditer(text, 0, len(text)))
    return len(markers) > 1 or (len(markers) == 1 and _CONTENT.search(text, 0, markers[0].start()) is not None)


def _at(path: str, mark: Any, field: str, message: str) -> Problem:
    return Problem(path, mark.line + 1, mark.column + 1, field, message)


def diagnose(text: str, path: str) -> Problem | None:
    """The first structural problem, placed, from PyYAML's event stream (which never expands aliases and
    never recurses): a parse error, a second document, a tag outside YAML's core schema, an alias to no
    anchor (or to its own node), aliases that would expand past ``MAX_ALIAS_SIZE``, a key given twice (a
    merge key ``<<`` may be overridden), a key that is not text, a merge key naming a scalar, or nesting
    deeper than ``MAX_DEPTH``."""
    # Per open collection: is it a mapping, the keys seen, whether the next node is a key, its anchor,
    # its expanded size, and (a mapping) the last key read.
    stack: list[list[Any]] = []
    sizes: dict[str, int] = {}  # anchor -> expanded size of its node (values and collections counted)
    added = 0  # size that aliases add to the document
    documents = 0
    try:
        for event in events(text):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return _at(
                        path,
                        event.start_mark,
                        "(yaml)",
                        "the file holds several YAML documents (---); a seed file is one document",
                    )
                continue
            if (
                isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent))
                and event.tag is not None
                and event.tag not in CORE_TAGS
            ):
                return _at(
                    path,
                    event.start_mark,
                    "(yaml)",
                    f"YAML tag {escape(event.tag)!r} is not allowed; "
                    "a seed file holds plain text, numbers, lists and mappings",
                )
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                _, _, _, anchor, size, _ = stack.pop()
                if anchor is not None:
                    sizes[anchor] = size
                _add(stack, size)
                continue
            if not isinstance(
                event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
            ):
                continue
            top = stack[-1] if stack else None
            if top is not None and top[0] and top[2]:  # a key
                if not isinstance(event, yaml.ScalarEvent):
                    what = "an alias" if isinstance(event, yaml.AliasEvent) else "a list or mapping"
                    return _at(path, event.start_mark, "(yaml)", f"a key here is {what}; keys are plain words")
                key = event.value
                if not event.style and event.tag is None and _NOT_TEXT.match(key):  # plain: "" (C parser) or None
                    return _at(
                        path,
                        event.start_mark,
                        "(yaml)",
                        f"the key {escape(key)!r} is read as a number, "
                        "boolean or null; keys are plain words (put it in quotes if you mean it)",
                    )
                if key in top[1] and key != "<<":
                    return _at(path, event.start_mark, excerpt_key(key), f"key {escape(key)!r} appears twice")
                top[1].add(key)
                top[5] = key
            elif top is not None and top[0] and top[5] == "<<" and isinstance(event, yaml.ScalarEvent):
                return _at(
                    path, event.start_mark, "(yaml)", "a merge key (<<) must name a mapping or a list of mappings"
                )
            if isinstance(event, yaml.AliasEvent):
                size = sizes.get(event.anchor or "")
                if size is None:
                    return _at(
                        path,
                        event.start_mark,
                        "(yaml)",
                        f"alias *{escape(str(event.anchor))} names no anchor "
                        "defined before it (or names the node it is in)",
                    )
                added += size
                if added > MAX_ALIAS_SIZE:
                    return _at(path, event.start_mark, "(yaml)", ALIAS_MESSAGE)
                _add(stack, size)
            elif isinstance(event, yaml.ScalarEvent):
                size = len(event.value) + 1
                if event.anchor is not None:
                    sizes[event.anchor] = size
                _add(stack, size)
            else:
                if len(stack) >= MAX_DEPTH:
                    return _at(path, event.start_mark, "(yaml)", DEPTH_MESSAGE)
                stack.append([isinstance(event, yaml.MappingStartEvent), set(), True, event.anchor, 1, None])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = str(exc.problem or exc.context)
        if "nesting depth" in problem:
            return Problem(path, line, col, "(yaml)", DEPTH_MESSAGE)
        return Problem(path, line, col, "(yaml)", f"malformed YAML: {escape(problem)}")
    except yaml.YAMLError as exc:
        return Problem(path, 1, 1, "(yaml)", f"malformed YAML: {escape(str(exc))}")
    return None


def mark_at(mark: Any) -> tuple[int, int]:
    """1-based line and column of a PyYAML mark (1, 1 when there is none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _add(stack: list[list[Any]], size: int) -> None:
    """A node of ``size`` is complete: count it in its collection; in a mapping, keys and values alternate."""
    if stack:
        stack[-1][4] += size
        if stack[-1][0]:
            stack[-1][2] = not stack[-1][2]


def excerpt_key(key: str, limit: int = 40) -> str:
    return escape(key if len(key) <= limit else key[: limit - 1] + "…")


def shape_problem(data: Any) -> str | None:
    """What the reader's data breaks, if anything: nesting deeper than ``MAX_DEPTH``, or a key that is not
    text. Iterative, and it looks only at collections."""
    todo: list[tuple[Any, int]] = [(data, 1)]
    while todo:
        node, depth = todo.pop()
        if depth > MAX_DEPTH:
            return DEPTH_MESSAGE
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    return "a key is not a word (a number, boolean, null, list or mapping); keys are plain words"
                if isinstance(value, (dict, list)):
                    todo.append((value, depth + 1))
        elif isinstance(node, list):
            todo.extend((value, depth + 1) for value in node if isinstance(value, (dict, list)))
    return None


def _apply_merge_keys(data: Any) -> Any:
    """YAML 1.1 merge keys (``<<: *base``), which the YAML 1.2 reader keeps as a plain key: the mapping's
    own keys win over merged ones, and earlier merged mappings over later ones."""
    todo = [data]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if "<<" in node:
                merged = node.pop("<<")
                sources = merged if isinstance(merged, list) else [merged]
                combined: dict[Any, Any] = {}
                for source in reversed(sources):
                    if not isinstance(source, dict):
                        raise ValueError("a merge key (<<) must name a mapping or a list of mappings")
                    combined.update(source)
                own = dict(node)
                node.clear()
                node.update({**combined, **own})
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return data


def load(text: str, path: str) -> tuple[Any, list[Problem]]:
    """The data in ``text``, or None and the problems that stop it from being read. Never raises for bad input."""
    if len(text) > MAX_BYTES:
        return None, [Problem(path, 1, 1, "(file)", f"the file is larger than {MAX_BYTES // 2**20} MB; split it")]
    bad = forbidden_characters(text, path)
    if bad:
        return None, bad
    if needs_events(text):  # what the fast reader would accept or expand: checked and placed first
        found = diagnose(text, path)
        if found is not None:
            return None, [found]
    limits = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS, max_replay_stack_depth=MAX_DEPTH)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
        wrong = shape_problem(data)
        if wrong is None and "<<" in text:
            data = _apply_merge_keys(data)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError) as exc:
        found = diagnose(text, path)
        if found is not None:
            return None, [found]
        reason = escape(str(exc).splitlines()[-1] if str(exc) else type(exc).__name__)
        where = _RS_POSITION.search(str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else _first(text, "<<")
        if "alias" in str(exc) or "replay" in str(exc):
            reason = ALIAS_MESSAGE
        return None, [Problem(path, line, col, "(yaml)", f"YAML not allowed: {reason}")]
    if wrong is not None:
        found = diagnose(text, path)
        return None, [found or Problem(path, 1, 1, "(yaml)", wrong)]
    return data, []


def _first(text: str, needle: str) -> tuple[int, int]:
    """Where ``needle`` first occurs (1, 1 when it does not)."""
    offset = text.find(needle)
    return line_col(text, offset) if offset >= 0 else (1, 1)
