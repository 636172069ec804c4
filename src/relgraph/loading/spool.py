"""Checked sources waiting to be written, kept on disk so memory holds one source's facts at a time."""

from __future__ import annotations

import itertools
import pickle
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from .plan import SourcePlan

PART = 10_000  # facts to a pickle in the spool


def _absolute(path: str | Path) -> str:
    return str(Path(path).resolve())


class Spool:
    """Plans pickled to a temporary folder, so memory holds one source's facts at a time."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="relgraph-load-")
        self.count = 0

    def put(self, plan: SourcePlan) -> Path:
        """Spool a plan: first everything but its facts, then its facts PART at a time (one pickle of a
        whole large plan keeps a memo entry for each of its millions of objects while it writes)."""
        path = Path(self.folder.name) / f"{self.count:05d}.pickle"
        self.count += 1
        with open(path, "wb") as handle:
            pickle.dump(replace(plan, facts={}), handle, protocol=pickle.HIGHEST_PROTOCOL)
            rows = iter(plan.facts.items())
            while part := dict(itertools.islice(rows, PART)):
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    @staticmethod
    def get(path: Path) -> SourcePlan:
        with open(path, "rb") as handle:
            plan: SourcePlan = pickle.load(handle)
            while True:
                try:
                    plan.facts.update(pickle.load(handle))
                except EOFError:
                    return plan

    @staticmethod
    def header(path: Path) -> SourcePlan:
        """A spooled plan without its facts (its source and entities): cheap to read."""
        with open(path, "rb") as handle:
            plan: SourcePlan = pickle.load(handle)
        return plan

    def close(self) -> None:
        self.folder.cleanup()


@dataclass
class Pending:
    """A checked file waiting to be written."""

    path: str
    digest: str
    source_id: str
    spooled: Path
    rank: int
    claims: int
    derived: int
    entities: int
    absolute: str = ""  # where it was loaded from, as the manifest records it (default: the path, resolved)

    @property
    def origin(self) -> str:
        return self.absolute or _absolute(self.path)
