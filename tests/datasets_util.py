"""Helpers for the dataset adapter tests: read excerpts with an adapter (no server), pick facts."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

from relgraph.datasets import importer, registry
from relgraph.datasets.base import Output

from .conftest import DATA

EXCERPTS = DATA / "datasets"


def read(name: str, *paths: str | Path) -> Output:
    """What an adapter makes of files (excerpt names are looked up in tests/data/datasets)."""
    adapter = registry.get(name)
    files = [p if isinstance(p, Path) else EXCERPTS / p for p in paths]
    return importer.read(adapter, importer.match_files(adapter, files))


def facts(
    out: Output, type_: str | None = None, subject: str | None = None, object_: str | None = None, **props: Any
) -> list[dict[str, Any]]:
    """Fact rows of a plan, filtered by type, ends and property values."""
    return [
        row
        for row in out.plan.facts.values()
        if (type_ is None or row["type"] == type_)
        and (subject is None or row["subject"] == subject)
        and (object_ is None or row["object"] == object_)
        and all(row["props"].get(k) == v for k, v in props.items())
    ]


def one(
    out: Output, type_: str | None = None, subject: str | None = None, object_: str | None = None, **props: Any
) -> dict[str, Any]:
    found = facts(out, type_, subject, object_, **props)
    assert len(found) == 1, f"expected one fact, found {len(found)}: {found}"
    return found[0]


def gzipped(source: Path, folder: Path) -> Path:
    """A gzip copy of a file, named like the file plus .gz."""
    target = folder / (source.name + ".gz")
    with open(source, "rb") as raw, gzip.open(target, "wb") as packed:
        shutil.copyfileobj(raw, packed)
    return target


def plan_view(out: Output) -> tuple[Any, ...]:
    """What a plan asserts, comparable across file names (citations without the file name)."""
    rows = sorted((r["fact_id"], tuple(c.rsplit(":", 1)[1] for c in r["cited"])) for r in out.plan.facts.values())
    return tuple(rows), tuple(sorted(e.id for e in out.plan.entities))
