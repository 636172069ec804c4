"""Adding one batch of facts of one type: those no relationship holds yet are created with all their
properties in one SET; the others (asserted by another source, or re-claimed by this one) are merged,
which keeps the other sources' claims. Creating does about half the work of merging."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..db.graph import Graph, Tx
from ..queries import catalogue
from ..queries.factqueries import add_name, create_name, existing_name
from .plan import CLAIM_LISTS


def add_facts(
    tx: Tx, relation: str, batch: list[dict[str, Any]], source_id: str, pending: str | None, lookup: Graph | None
) -> int:
    """Write ``batch`` (facts of type ``relation``) for ``source_id``. ``lookup``: where to ask which of the
    facts the graph holds, outside this transaction (None: the graph holds no fact of this type that this load
    did not write for this source, so nothing to ask). Returns how many facts were written.

    The question goes to committed data, not through ``tx``: the facts of one source are distinct, and
    earlier sources and parts have committed (the load lock keeps other loads out), so the transaction's
    own uncommitted writes never change the answer."""
    held: set[str] = set()
    if lookup is not None:
        held = {
            row["fact_id"]
            for row in lookup.read(catalogue.get(existing_name(relation)), {"ids": [f["fact_id"] for f in batch]})
        }
    new = [f for f in batch if f["fact_id"] not in held]
    old = [f for f in batch if f["fact_id"] in held]
    written = 0
    if new:
        rows = [
            {"subject": f["subject"], "object": f["object"], "props": created_props(f, source_id, pending)} for f in new
        ]
        written += tx.write_rows(catalogue.get(create_name(relation)), {"rows": rows})[0]["written"]
    if old:
        written += tx.write_rows(
            catalogue.get(add_name(relation)), {"rows": old, "source_id": source_id, "pending": pending}
        )[0]["written"]
    return written


def created_props(fact: Mapping[str, Any], source_id: str, pending: str | None) -> dict[str, Any]:
    """Every property of a fact no relationship holds yet, as add_fact leaves it: its own properties, its
    id, this source's claim lists; in a staged load, the load's mark and empty previous lists (the fact stays
    invisible until the load is published)."""
    props = {k: v for k, v in fact["props"].items() if v is not None}
    props.update({"fact_id": fact["fact_id"], "sources": [source_id]})
    props.update({k: list(fact[k]) for k in CLAIM_LISTS})
    if pending:
        props["pending"] = pending
        props.update({f"prev_{k}": [] for k in ("sources", *CLAIM_LISTS)})
    return props
