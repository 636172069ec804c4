"""A result as what goes to each stream: the data (stdout) and the messages around it (stderr).

Tables: titles and notes are messages; the rows are data, as lines (``line_format``), a bare value, a
record (one field per line), a plain aligned table when piped, or a Rich table fitted to the terminal.
JSON, CSV and NDJSON are data only. Nothing here prints: the CLI prints what this returns.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..core.results import Answer, Report
from . import render


@dataclass
class Terminal:
    """What the output goes to: a terminal (its width and height, colour) or a pipe."""

    tty: bool = False
    width: int = 100
    height: int = 40
    colour: bool = False

    @staticmethod
    def of_stdout() -> Terminal:
        import shutil
        import sys

        if not sys.stdout.isatty():
            return Terminal()
        size = shutil.get_terminal_size()
        return Terminal(
            True, size.columns, size.lines, "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        )


@dataclass
class Document:
    """Blocks for stdout (data) and lines for stderr (titles, notes), in the order they are to be shown, so
    that on a terminal each table follows its own title."""

    parts: list[tuple[bool, str]] = field(default_factory=list)  # (is data, text)
    page: bool = False  # long enough to page on this terminal

    def add_data(self, text: str) -> None:
        self.parts.append((True, text))

    def add_message(self, *lines: str) -> None:
        self.parts += [(False, line) for line in lines]

    @property
    def data(self) -> list[str]:
        return [text for is_data, text in self.parts if is_data]

    @property
    def messages(self) -> list[str]:
        return [text for is_data, text in self.parts if not is_data]

    def text(self) -> str:
        return "\n".join(block for block in self.data if block)


def document(result: Answer | Report, fmt: str, terminal: Terminal, quiet: bool = False) -> Document:
    out = Document()
    if fmt != "table":
        writer = {"json": render.to_json, "csv": render.to_csv, "ndjson": render.to_ndjson}[fmt]
        text = writer(result)
        if text and fmt == "csv" and terminal.tty:
            text = render.safe(text)  # CSV cannot escape: on a terminal, controls are shown, not obeyed
        out.add_data(text)
        return out
    if isinstance(result, Report):
        out.add_message(result.title)
        for part in result.sections.values():
            if part.rows or not quiet:
                _table(part, terminal, out)
        out.add_message(*result.notes)
        return out
    _table(result, terminal, out)
    return out


def _table(answer: Answer, terminal: Terminal, out: Document) -> None:
    out.add_message(answer.title, *(f"note: {note}" for note in answer.notes))
    if not answer.rows:
        out.add_message(answer.empty_note)
        return
    if answer.line_format:
        out.add_data(render.lines(answer))
    elif len(answer.rows) == 1 and len(answer.columns) == 1:  # one value: bare (a URL, a path)
        out.add_data(render.safe(render.cell(answer.rows[0].get(answer.columns[0]))))
    elif len(answer.rows) == 1 and answer.record:
        out.add_data(render.record(answer.columns, answer.rows[0]))
    elif not terminal.tty:
        out.add_data(render.plain_table(answer.columns, answer.rows))
    else:
        out.add_data(rich_text(answer, terminal))
        out.page = out.page or len(answer.rows) + 4 > terminal.height
    return


def rich_text(answer: Answer, terminal: Terminal) -> str:
    """The answer as a Rich table fitted to the terminal's width, as text (with colour codes if allowed)."""
    from rich.console import Console

    console = Console(
        width=terminal.width,
        force_terminal=terminal.colour,
        no_color=not terminal.colour,
        color_system="standard" if terminal.colour else None,
        highlight=False,
    )
    with console.capture() as captured:
        console.print(render.rich_table(answer.columns, answer.rows))
    return captured.get().rstrip("\n")
