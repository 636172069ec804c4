"""How many facts one transaction may change, from the memory Neo4j allows its transactions.

A source changing more facts than that is staged (written in parts, invisible until published), which
writes each fact twice; one changing fewer is written in one transaction. Neo4j refuses a transaction
past ``dbms.memory.transaction.total.max`` (70% of the heap unless set) or ``db.memory.transaction.max``
(unlimited unless set). A synthetic trade fact takes about 7.5 KB of it (100,000 overflowed the 717 MiB a
1 GB heap gives); a UN-votes dyad-year with its per-issue lists between 15 and 21 KB (139,120 overflowed 2.1 GB, parts
of 100,000 did not). The loader counts 24 KB per fact; a source that still overflows is rolled back and written again in parts
half as large (the writer does that), so nothing fails for want of a better guess.
"""

from __future__ import annotations

import re

from ..core.errors import RelgraphError
from ..db.graph import Graph
from ..queries import catalogue

BYTES_PER_FACT = 24 * 1024
FALLBACK = 100_000  # when the server does not say (a user without the right to read its settings)
SMALLEST, LARGEST = 10_000, 500_000
_UNITS = {
    "": 1,
    "B": 1,
    "K": 1024,
    "KB": 1024,
    "KIB": 1024,
    "M": 1024**2,
    "MB": 1024**2,
    "MIB": 1024**2,
    "G": 1024**3,
    "GB": 1024**3,
    "GIB": 1024**3,
    "T": 1024**4,
    "TB": 1024**4,
    "TIB": 1024**4,
}
_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*$")


def parse_bytes(text: str | None) -> int | None:
    """'2.10GiB', '716.8m', '0B' -> bytes; None for what is not a size."""
    match = _SIZE.match(text or "")
    if not match or match.group(2).upper() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def fitting_size(settings: dict[str, str | None]) -> int:
    """Facts per transaction for these settings (name -> value, as SHOW SETTINGS gives them)."""
    limits = [
        parse_bytes(settings.get(name)) for name in ("dbms.memory.transaction.total.max", "db.memory.transaction.max")
    ]
    budget = [b for b in limits if b]  # 0 means unlimited
    if not budget:
        return FALLBACK
    return max(SMALLEST, min(LARGEST, min(budget) // BYTES_PER_FACT))


def transaction_size(graph: Graph) -> int:
    """Facts per transaction that fit the transaction memory of the server ``graph`` is connected to."""
    try:
        rows = graph.read(catalogue.get("transaction_memory"))
    except RelgraphError:  # a server that will not tell gets the default
        return FALLBACK
    return fitting_size({row["name"]: row["value"] for row in rows})
