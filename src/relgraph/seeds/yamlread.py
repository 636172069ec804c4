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
MAX_POSITIONS = 5_000_000  # values whose positions are worked out for messages

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

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.field}: {self.message}"


def describe_char(char: str) -> str:
    names = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}
    return names.get(char, f"U+{ord(char):04X}")


def escape(text: str) -> str:
    """Control characters and direction overrides as visible escapes (for messages quoting input)."""
    return _FORBIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) <= 0xff else f"\\u{ord(m.group()):04x}",
                          text.replace("\n", "\\n").replace("\t", "\\t"))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def forbidden_characters(text: str, path: str, limit: int = 5) -> list[Problem]:
    """Control characters and direction overrides, each placed (at most ``limit`` of them)."""
    problems = []
    for match in _FORBIDDEN.finditer(text):
        line, col = line_col(text, match.start())
        problems.append(Problem(path, line, col, "(text)",
                                f"character {describe_char(match.group())} is not allowed in a seed file "
                                "(control characters and text-direction overrides can hide text)"))
        if len(problems) >= limit:
            break
    return problems


def _events(text: str) -> Iterator[yaml.Event]:
    return yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def diagnose(text: str, path: str) -> Problem | None:
    """Find the first structural problem with PyYAML's event stream: a parse error, a key given twice
    (a merge key ``<<`` may be overridden), or nesting deeper than ``MAX_DEPTH``. Never expands aliases."""
    # Per open collection: is it a mapping, the keys seen, and whether the next scalar is a key.
    stack: list[list[Any]] = []
    try:
        for event in _events(text):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                _value_seen(stack)
                if len(stack) >= MAX_DEPTH:
                    line, col = _at(event.start_mark)
                    return Problem(path, line, col, "(yaml)",
                                   f"nested more than {MAX_DEPTH} levels deep; a seed file needs five")
                stack.append([isinstance(event, yaml.MappingStartEvent), set(), True])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                top = stack[-1] if stack else None
                if top is not None and top[0] and top[2] and isinstance(event, yaml.ScalarEvent):
                    key = event.value
                    if key in top[1] and key != "<<":
                        line, col = _at(event.start_mark)
                        return Problem(path, line, col, key, f"key {key!r} appears twice")
                    top[1].add(key)
                _value_seen(stack)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(path, line, col, "(yaml)", f"malformed YAML: {exc.problem or exc.context}")
    except yaml.YAMLError as exc:
        return Problem(path, 1, 1, "(yaml)", f"malformed YAML: {exc}")
    return None


def _at(mark: Any) -> tuple[int, int]:
    """1-based line and column of a PyYAML mark (1, 1 when there is none)."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _value_seen(stack: list[list[Any]]) -> None:
    """In a mapping, keys and values alternate."""
    if stack and stack[-1][0]:
        stack[-1][2] = not stack[-1][2]


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
    limits = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS, max_replay_stack_depth=MAX_DEPTH)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
        if "<<" in text:
            data = _apply_merge_keys(data)
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError) as exc:
        found = diagnose(text, path)
        if found is not None:
            return None, [found]
        reason = str(exc).splitlines()[-1] if str(exc) else type(exc).__name__
        where = _RS_POSITION.search(str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        if "alias" in str(exc) or "replay" in str(exc):
            reason = ("aliases expand to more than the limit allowed "
                      f"({MAX_ALIAS_EVENTS:,} values); a seed file needs few or none")
        return None, [Problem(path, line, col, "(yaml)", f"YAML not allowed: {reason}")]
    if isinstance(data, list) and len(data) > 1 and all(isinstance(d, dict) for d in data):
        return None, [Problem(path, 1, 1, "(yaml)", "the file holds several YAML documents (---); "
                              "a seed file is one document")]
    return data, []


def positions(text: str) -> dict[Path_, tuple[int, int]]:
    """Where each value stands, by its path (``('facts', 3, 'since')``), from PyYAML's event stream.
    Aliases are placed at the alias, and never followed. Stops after ``MAX_POSITIONS`` values."""
    out: dict[Path_, tuple[int, int]] = {}
    # Per open collection: its path, is it a mapping, next index (sequence) or pending key (mapping).
    stack: list[list[Any]] = []

    def place(mark: Any) -> Path_ | None:
        if not stack:
            loc: Path_ = ()
        else:
            path, is_map, state = stack[-1]
            if is_map:
                if state is _KEY:
                    return None  # this scalar is a key
                loc = path + (state,)
            else:
                loc = path + (state,)
        out.setdefault(loc, _at(mark))
        return loc

    def advance(key: Any = None) -> None:
        if not stack:
            return
        top = stack[-1]
        if top[1]:
            top[2] = key if top[2] is _KEY else _KEY
        else:
            top[2] += 1

    try:
        for event in _events(text):
            if len(out) >= MAX_POSITIONS:
                break
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                loc = place(event.start_mark)
                if loc is None:  # a complex key: not addressable; skip its contents
                    loc = ("(key)",)
                stack.append([loc, isinstance(event, yaml.MappingStartEvent),
                              _KEY if isinstance(event, yaml.MappingStartEvent) else 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                advance()
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                if stack and stack[-1][1] and stack[-1][2] is _KEY:
                    value = event.value if isinstance(event, yaml.ScalarEvent) else "*"
                    advance(_as_key(value))
                    continue
                place(event.start_mark)
                advance()
    except yaml.YAMLError:
        pass
    return out


class _Key:
    def __repr__(self) -> str:
        return "<key>"


_KEY = _Key()


def _as_key(value: str) -> Any:
    """A mapping key as the data reader gives it: digits are ints (``1: a``), the rest text."""
    return int(value) if value.isdigit() else value
