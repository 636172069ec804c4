"""Where each value of a seed file stands (line and column by path), worked out from PyYAML's event stream
only when a problem must be placed. Pure: text in, positions out."""

from __future__ import annotations

from typing import Any

import yaml

from .yamlread import MAX_POSITIONS, Path_, events, mark_at


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
        out.setdefault(loc, mark_at(mark))
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
        for event in events(text):
            if len(out) >= MAX_POSITIONS:
                break
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                loc = place(event.start_mark)
                if loc is None:  # a complex key: not addressable; skip its contents
                    loc = ("(key)",)
                stack.append(
                    [
                        loc,
                        isinstance(event, yaml.MappingStartEvent),
                        _KEY if isinstance(event, yaml.MappingStartEvent) else 0,
                    ]
                )
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
