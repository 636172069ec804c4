"""Facts the graph does not hold yet are created with all their properties at once; the relationship must be
the one the general (merging) statement leaves, in a load written at once and in a staged one."""

from __future__ import annotations

import gc
import weakref

import pytest

from relgraph.loading.addfacts import add_facts, created_props
from relgraph.queries import catalogue
from relgraph.queries.factqueries import add_name

from .conftest import SEED_DIR

neo4j = pytest.mark.neo4j


def fact(fact_id: str) -> dict:
    return {
        "fact_id": fact_id,
        "type": "RIVALS",
        "subject": "RUS",
        "object": "PAK",
        "props": {"since": "1990", "until": None, "note_count": 2, "tags": ["a", "b"]},
        "cited": ["src@file.yaml:3"],
        "notes": ["src@a note"],
        "confidences": [],
    }


def test_created_props_leave_out_nulls_and_mark_a_staged_load():
    props = created_props(fact("f-1"), "src", None)
    assert props == {
        "since": "1990",
        "note_count": 2,
        "tags": ["a", "b"],
        "fact_id": "f-1",
        "sources": ["src"],
        "cited": ["src@file.yaml:3"],
        "notes": ["src@a note"],
        "confidences": [],
    }
    staged = created_props(fact("f-1"), "src", "load-1")
    assert staged["pending"] == "load-1"
    for key in ("prev_sources", "prev_cited", "prev_notes", "prev_confidences"):
        assert staged[key] == [], key


@neo4j
@pytest.mark.parametrize("pending", [None, "load-test"])
def test_a_created_fact_is_the_relationship_a_merge_leaves(graph, pending):
    from relgraph.loading.loader import load_all

    load_all(graph, [SEED_DIR])  # the states
    source = "src"

    def work(tx):
        assert add_facts(tx, "RIVALS", [fact("f-created")], source, pending, None) == 1
        assert add_facts(tx, "RIVALS", [fact("f-looked-up")], source, pending, graph) == 1
        merged = tx.write_rows(
            catalogue.get(add_name("RIVALS")), {"rows": [fact("f-merged")], "source_id": source, "pending": pending}
        )
        assert merged[0]["written"] == 1

    def again(tx):
        # A fact the graph holds is merged, not created again (the constraint would refuse a second one).
        assert add_facts(tx, "RIVALS", [fact("f-merged")], "other", pending, graph) == 1

    graph.transaction(work, write=True, label="test")
    graph.transaction(again, write=True, label="test")
    records, _, _ = graph.driver.execute_query(
        "MATCH (:State {id: 'RUS'})-[r:RIVALS]->(:State {id: 'PAK'}) WHERE r.fact_id STARTS WITH 'f-' "
        "RETURN r.fact_id AS id, properties(r) AS props"
    )
    props = {r["id"]: {k: v for k, v in r["props"].items() if k != "fact_id"} for r in records}
    assert set(props) == {"f-created", "f-looked-up", "f-merged"}
    assert props["f-created"] == props["f-looked-up"]
    merged = props["f-merged"]
    assert merged["sources"] == ["src", "other"]
    if pending:  # the second source's claim came in the same staged load: what was before it is kept
        assert merged["prev_sources"] == []
    merged = {**merged, **{k: props["f-created"][k] for k in ("sources", "cited", "notes", "confidences")}}
    assert merged == props["f-created"]


class _Text(str):
    """Text a weak reference can follow (a plain str cannot be weakly referenced)."""


def test_a_transaction_does_not_keep_the_rows_it_has_sent(graph):
    """The driver keeps each result of a transaction, with its parameters, until the transaction ends; a
    load's transaction of 100,000 facts kept every row. Tx lets them go once a statement has run."""
    seen: list[weakref.ref[_Text]] = []

    def work(tx):
        for n in range(3):
            note = _Text(f"row {n}")
            seen.append(weakref.ref(note))
            tx.run(catalogue.get("lock_release"), {"holder": note})
            tx.write_rows(
                catalogue.get("lock_acquire"), {"holder": _Text(f"asker {n}"), "host": "h", "pid": 1, "lease_ms": 1}
            )
            del note
        gc.collect()
        assert [ref() for ref in seen] == [None, None, None]  # gone while the transaction is still open

    graph.transaction(work, write=True, label="test")
