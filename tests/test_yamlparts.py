"""A large seed file read part by part gives exactly what reading it whole gives, and any layout the part
reader does not expect is read whole. Pure: no server."""

from __future__ import annotations

import re

import pytest

from relgraph.seeds import validation, yamlparts
from relgraph.seeds.yamlparts import NotInParts, in_parts

from .synthetic import synthetic_seed


@pytest.fixture
def big(monkeypatch: pytest.MonkeyPatch) -> str:
    """A "large" file: the thresholds are lowered so that a small one (2,340 facts) is read in five parts."""
    monkeypatch.setattr(yamlparts, "PARTS_FROM", 100_000)
    monkeypatch.setattr(yamlparts, "FACTS_PER_CHUNK", 500)
    text, facts = synthetic_seed(states=40, years=range(2000, 2003))
    assert facts > 3 * yamlparts.FACTS_PER_CHUNK and len(text) > yamlparts.PARTS_FROM
    return text


def whole(text: str, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(yamlparts, "PARTS_FROM", 10**12)
        return validation.parse(text, "big.yaml")


def by_parts(text: str):
    return validation.parse(text, "big.yaml")


def same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (a, pa), (b, pb) = whole(text, monkeypatch), by_parts(text)
    assert pa == [] and pb == []
    assert a.document == b.document
    assert len(b.document.facts) > yamlparts.FACTS_PER_CHUNK


def test_the_plainest_layout_is_read_in_parts_and_gives_the_same_document(big, monkeypatch):
    parts = in_parts(big)
    assert parts is not None and parts.indent == "  "
    chunks = list(parts.chunks())
    assert [len(c) for c in chunks[:-1]] == [yamlparts.FACTS_PER_CHUNK] * (len(chunks) - 1)
    same(big, monkeypatch)


def test_items_at_the_margin_block_mappings_comments_and_a_key_after_the_list(big, monkeypatch):
    head, facts = big.split("facts:\n")
    items = facts.splitlines()
    block = []
    for n, line in enumerate(items):
        fields = dict(re.findall(r"(\w+): ('[^']*'|[^,}]+)", line))
        block.append(
            f"- type: {fields['type']}  # item {n}\n"
            + "".join(f"  {k}: {v}\n" for k, v in fields.items() if k != "type")
        )
        if n % 997 == 0:
            block.append("# a comment between items\n\n")
    text = "facts:\n" + "".join(block) + head  # facts first: the list ends at the next top-level key
    assert in_parts(text) is not None and in_parts(text).indent == ""
    same(text, monkeypatch)


def test_a_quoted_note_that_runs_over_a_cut_is_read_whole(big, monkeypatch):
    lines = big.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("  - {"))
    cut = first + yamlparts.FACTS_PER_CHUNK  # the first line of the second chunk
    lines[cut - 1] = lines[cut - 1].replace("}\n", ", note: 'runs over\n")
    lines[cut] = "  - and on' }\n"  # a continuation line that looks like an item
    lines[cut + 1 : cut + 1] = []
    text = "".join(lines)
    parts = in_parts(text)
    assert parts is not None
    with pytest.raises(NotInParts):
        list(parts.chunks())
    (a, pa), (b, pb) = whole(text, monkeypatch), by_parts(text)
    assert (a.document, pa) == (b.document, pb)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("facts:\n", "facts: &all\n", 1) + "again: *all\n",  # anchors and aliases
        lambda t: t.replace("  - {type: TRADES_WITH", "  - !!map {type: TRADES_WITH", 1),  # a tag
        lambda t: t + "facts:\n  - {}\n",  # the key twice
        lambda t: t.replace("facts:\n", "facts: [\n", 1),  # not a block list
        lambda t: t.replace("facts:\n  - {", "facts:\n  -  {", 1) + "---\nsource: {}\n",  # a second document
    ],
)
def test_a_layout_it_does_not_expect_is_read_whole(big, change):
    assert in_parts(change(big)) is None


def test_a_wrong_fact_in_a_large_file_is_placed_as_when_read_whole(big, monkeypatch):
    text = big.replace("period: year, at: 'page-1:1717'", "period: yearly, at: 'page-1:1717'")
    assert text != big
    (_, pa), (_, pb) = whole(text, monkeypatch), by_parts(text)
    assert pa == pb and len(pb) == 1 and pb[0].field == "facts[1716].period" and pb[0].line > 1716
