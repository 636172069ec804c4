"""Help text laid out: commands grouped in panels (Questions, Loading and checking, ...), each with a
short description that fits the width."""

from __future__ import annotations

from typing import Any


def panels(commands: list[tuple[str, Any]], width: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """(panel, [(command, short help)]) in the order commands were added; hidden ones left out."""
    shown = [(name, command) for name, command in commands if not command.hidden]
    limit = max(30, width - max((len(name) for name, _ in shown), default=0) - 6)
    grouped: dict[str, list[tuple[str, str]]] = {}
    for name, command in shown:
        panel = getattr(command, "rich_help_panel", None) or "Commands"
        grouped.setdefault(panel, []).append((name, command.get_short_help_str(limit)))
    return list(grouped.items())
