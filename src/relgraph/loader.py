"""Load seed files into Neo4j: validate everything first, then one transaction per file."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogue
from .errors import DataError
from .graph import Graph
from .answers import candidates
from .plan import rows_for
from .seedfiles import read_and_check
from .validation import Problem

SCHEMA = ("constraint_entity_id", "constraint_dyad_id", "constraint_source_id")
BATCH_SIZE = 5000


class InvalidSeeds(DataError):
    """Validation failed; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__("\n".join(map(str, problems)),
                         f"{len(problems)} {noun} found; nothing was written to the database.")
        self.problems = problems


@dataclass
class FileResult:
    path: str
    source_id: str
    entities: int
    facts: int
    counters: dict[str, int] = field(default_factory=dict)


@dataclass
class LoadSummary:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def total(self, counter: str) -> int:
        return sum(f.counters.get(counter, 0) for f in self.files)


def _batches(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def load(graph: Graph, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE) -> Iterator[FileResult]:
    """Validate all files, ensure the schema, then write each file in one transaction. Yields per file."""
    in_graph = {c.id: c for c in candidates(graph)}
    seeds, problems = read_and_check(paths, known={i: c.kind for i, c in in_graph.items()})
    if problems:
        raise InvalidSeeds(problems)
    graph.schema(catalogue.get(name) for name in SCHEMA)
    names = {i: c.name for i, c in in_graph.items()}
    kinds = {i: c.kind for i, c in in_graph.items()}
    for seed in seeds:
        for entity in seed.document.entities:  # type: ignore[union-attr]
            names[entity.id], kinds[entity.id] = entity.name, entity.kind
    q = catalogue.get
    for seed in seeds:
        doc = seed.document
        assert doc is not None
        rows = rows_for(doc, names, kinds)
        steps: list[tuple[catalogue.Query, dict]] = [(q("merge_source"), {"source": rows.source})]
        steps += [(q("merge_entities"), {"rows": b, "source_id": doc.source.id}) for b in _batches(rows.entities, batch_size)]
        steps += [(q("merge_dyads"), {"rows": b}) for b in _batches(rows.dyads, batch_size)]
        steps += [(q("merge_facts"), {"rows": b, "source_id": doc.source.id}) for b in _batches(rows.facts, batch_size)]
        counters = graph.write(steps, label=f"load {doc.source.id}")
        yield FileResult(seed.path, doc.source.id, len(rows.entities), len(rows.facts), counters)


def load_all(graph: Graph, paths: Iterable[str | Path], batch_size: int = BATCH_SIZE) -> LoadSummary:
    started = time.perf_counter()
    summary = LoadSummary(files=list(load(graph, paths, batch_size)))
    summary.seconds = time.perf_counter() - started
    return summary
