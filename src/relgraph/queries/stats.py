"""How big the graph is, and a checksum of everything in it (tests check that refused loads change nothing)."""

from __future__ import annotations

import hashlib
import json

from ..db.graph import Graph
from . import catalogue


def counts(graph: Graph) -> dict[str, int]:
    return graph.read(catalogue.get("count_graph"))[0]


def checksum(graph: Graph) -> str:
    """A hash of everything in the graph (labels, ends, properties), independent of internal ids and order."""
    rows = graph.read(catalogue.get("graph_content"))
    lines = sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
