"""Checked sources waiting to be written, kept on disk so memory holds one source's facts at a time."""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .plan import SourcePlan


def _absolute(path: str | Path) -> str:
    return str(Path(path).resolve())


class Spool:
    """Plans pickled to a temporary folder, so memory holds one source's facts at a time."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="relgraph-load-")
        self.count = 0

    def put(self, plan: SourcePlan) -> Path:
        path = Path(self.folder.name) / f"{self.count:05d}.pickle"
        self.count += 1
        with open(path, "wb") as handle:
            pickle.dump(plan, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path

    @staticmethod
    def get(path: Path) -> SourcePlan:
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


