"""What a load did: per file and in all, and the error for input that is refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import DataError
from ..seeds.validation import Problem
from .changes import Change

# Called with (what, done, total) as rows are written.
Progress = Callable[[str, int, int], None]
Say = Callable[[str], None]


SHOWN = 50  # problems printed by a refused load


def _quiet(*_: Any) -> None:
    pass


class InvalidSeeds(DataError):
    """Validation failed; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        noun = "problem" if len(problems) == 1 else "problems"
        shown = problems[:SHOWN]
        more = (
            f"\n... and {len(problems) - SHOWN} more (all of them: `relgraph seed check`)"
            if len(problems) > SHOWN
            else ""
        )
        super().__init__(
            "\n".join(map(str, shown)) + more, f"{len(problems)} {noun} found; nothing was written to the database."
        )
        self.problems = problems


@dataclass
class FileResult:
    path: str
    source_id: str
    status: str  # new, changed, unchanged, unloaded
    entities: int = 0
    facts: int = 0  # facts as the file lists them
    derived: int = 0  # facts implied by entity definitions (a successor)
    counts: dict[str, int] = field(default_factory=dict)  # added, changed, updated, retracted
    changes: list[Change] = field(default_factory=list)  # described one by one (at most MAX_DETAILS)
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    staged: bool = False

    def count(self, change: str, what: str = "fact") -> int:
        if what == "fact":
            return self.counts.get(change, 0)
        return sum(1 for c in self.changes if c.change == change and c.what == what)


@dataclass
class LoadSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    phases: dict[str, float] = field(default_factory=lambda: {"parse": 0.0, "validate": 0.0, "plan": 0.0, "write": 0.0})
    committed: list[str] = field(default_factory=list)

    def total(self, counter: str) -> int:
        return sum(f.counters.get(counter, 0) for f in self.files)

    def changes(self, change: str, what: str = "fact") -> int:
        return sum(f.count(change, what) for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(1 for f in self.files if f.status != "unchanged")

    @property
    def skipped(self) -> int:
        return sum(1 for f in self.files if f.status == "unchanged")

    @property
    def facts_written(self) -> int:
        return sum(
            f.counts.get("added", 0)
            + f.counts.get("changed", 0)
            + f.counts.get("updated", 0)
            + f.counts.get("retracted", 0)
            for f in self.files
            if f.status != "unchanged"
        )
