"""Progress of long work on stderr: a Rich bar with rows/s on a terminal, a few plain lines otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .render import safe

# Called with (what, done, total) as work advances; total 0 when unknown.
Progress = Callable[[str, int, int], None]
MIN_TOTAL = 2000  # smaller jobs finish before a bar is worth showing
PLAIN_EVERY = 5.0  # seconds between plain progress lines


@contextmanager
def progress_display(enabled: bool = True, unit: str = "rows") -> Iterator[Progress]:
    if not enabled:
        yield lambda what, done, total: None
        return
    if sys.stderr.isatty():
        with _rich(unit) as update:
            yield update
    else:
        yield _plain(unit)


def _name(what: str) -> str:
    """A file's name for a progress line: controls and newlines shown as escapes, never sent."""
    return safe(Path(what).name).replace("\n", "\\n")


def _plain(unit: str) -> Progress:
    started: dict[str, float] = {}
    last: dict[str, float] = {}

    def update(what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if what not in started:
            if total and total < MIN_TOTAL:
                return
            started[what] = last[what] = now
            print(
                f"loading {_name(what)}: {total:,} {unit}" if total else f"loading {_name(what)}",
                file=sys.stderr,
                flush=True,
            )
            return
        if now - last[what] >= PLAIN_EVERY or (total and done >= total):
            rate = done / max(now - started[what], 1e-9)
            share = f" of {total:,} ({100 * done / total:.0f}%)" if total else ""
            print(f"  {_name(what)}: {done:,}{share} {unit}, {rate:,.0f} {unit}/s", file=sys.stderr, flush=True)
            last[what] = now

    return update


@contextmanager
def _rich(unit: str) -> Iterator[Progress]:
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    class Rate(TextColumn):
        def render(self, task: Any) -> Any:  # rows per second
            from rich.text import Text

            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else "")

    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(""),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def update(what: str, done: int, total: int) -> None:
        if what not in tasks:
            if total and total < MIN_TOTAL:
                return
            tasks[what] = bar.add_task(f"loading {escape(_name(what))}", total=total or None)
        bar.update(tasks[what], completed=done, total=total or None)

    with bar:
        yield update
