"""The loader's transaction size follows the memory Neo4j gives its transactions."""

from __future__ import annotations

import pytest

from relgraph.loading.sizing import (
    BYTES_PER_FACT,
    FALLBACK,
    LARGEST,
    SMALLEST,
    fitting_size,
    parse_bytes,
    transaction_size,
)

neo4j = pytest.mark.neo4j


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.10GiB", int(2.10 * 1024**3)),
        ("716.8m", int(716.8 * 1024**2)),
        ("0B", 0),
        ("512", 512),
        ("1g", 1024**3),
        ("", None),
        (None, None),
        ("lots", None),
        ("1.5 parsecs", None),
    ],
)
def test_sizes_are_read_as_neo4j_writes_them(text, expected):
    assert parse_bytes(text) == expected


def test_the_smaller_limit_counts_and_zero_means_unlimited():
    total = "dbms.memory.transaction.total.max"
    one = "db.memory.transaction.max"
    assert fitting_size({total: "2.10GiB", one: "0B"}) == int(2.10 * 1024**3) // BYTES_PER_FACT
    assert fitting_size({total: "2.10GiB", one: "500MiB"}) == 500 * 1024**2 // BYTES_PER_FACT
    assert fitting_size({total: "0B", one: "0B"}) == FALLBACK  # unlimited: the default, not everything at once
    assert fitting_size({}) == FALLBACK
    assert fitting_size({total: "16MiB"}) == SMALLEST
    assert fitting_size({total: "64GiB"}) == LARGEST


def test_a_1g_heap_gets_fewer_than_the_100000_facts_that_overflowed_it():
    assert fitting_size({"dbms.memory.transaction.total.max": "716.8MiB", "db.memory.transaction.max": "0B"}) < 75_000
    # and a 3 GB heap (2.1 GB) fewer than the 139,120 UN-votes facts that overflowed it
    assert fitting_size({"dbms.memory.transaction.total.max": "2.10GiB"}) < 139_120


@neo4j
def test_the_server_says_how_much_memory_its_transactions_have(graph):
    size = transaction_size(graph)
    assert SMALLEST <= size <= LARGEST and size != FALLBACK


def test_a_source_that_overflows_transaction_memory_is_written_again_in_halves():
    # The policy alone (what Neo4j does with such a transaction is its own: it rolls it back; a staged load
    # that fails is undone by the writer, tests/test_loader.py): each overflow halves the part size.
    from types import SimpleNamespace

    from relgraph.core.errors import TransactionMemoryError
    from relgraph.loading.writer import SMALLEST_PART, Writer

    facts = {f"f{i}": {"type": "TRADES_WITH"} for i in range(10_000)}
    plan = SimpleNamespace(entities=[], facts=facts)
    diff = SimpleNamespace(added=list(facts), updated=[], retracted=[], size=len(facts))
    pending = SimpleNamespace(path="big.yaml")

    def attempts(fits: int) -> list:
        tried: list = []

        def direct(*args):
            tried.append(("direct", len(facts)))
            raise TransactionMemoryError("overflow")

        def staged(*args):
            tried.append(("staged", args[-1]))
            if args[-1] > fits:
                raise TransactionMemoryError("overflow")
            return "written"

        writer = Writer(
            graph=None,
            lock=None,
            names={},
            kinds={},
            transaction_size=50_000,  # type: ignore[arg-type]
            untouched=set(),
        )
        writer._direct, writer._staged = direct, staged  # type: ignore[method-assign]
        try:
            tried.append(writer.write(plan, pending, {}, diff))  # type: ignore[arg-type]
        except TransactionMemoryError:
            tried.append("gave up")
        return tried

    assert attempts(fits=3_000) == [("direct", 10_000), ("staged", 5_000), ("staged", 2_500), "written"]
    halves = attempts(fits=0)
    assert halves[-1] == "gave up" and min(size for _, size in halves[:-1]) >= SMALLEST_PART
