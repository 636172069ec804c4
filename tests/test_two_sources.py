"""Claims from two sources: agreement merges, disagreement is kept side by side."""

from __future__ import annotations

import textwrap

import pytest

from relgraph.loading.loader import InvalidSeeds, load_all


def seed(source_id: str, trade_2018: float, extra_entity: str = "") -> str:
    return textwrap.dedent(f"""\
        source:
          id: {source_id}
          title: Source {source_id}
          kind: article
          sections: [body]
        entities:
          - kind: state
            id: RUS
            name: Russia
          - kind: state
            id: PAK
            name: Pakistan
          - kind: organisation
            id: sco
            name: Shanghai Cooperation Organisation
        {extra_entity}
        facts:
          - type: MEMBER_OF
            subject: PAK
            object: sco
            since: 2017
            at: body:1
          - type: TRADES_WITH
            subject: RUS
            object: PAK
            date: 2018
            measure: trade
            value: {trade_2018}
            unit: USD million
            period: year
            at: body:2
        """)


def source_c(body: str) -> str:
    """A small seed file of a third source, adding ``body`` (entities or facts) to its source block."""
    return "source:\n  id: source-c\n  title: Source C\n  kind: article\n  sections: [intro]\n" + textwrap.dedent(body)


def rows(graph, cypher):
    records, _, _ = graph.driver.execute_query(cypher)
    return [r.data() for r in records]


def test_same_fact_from_two_files_is_one_relationship_with_both_sources(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    (tmp_path / "b.yaml").write_text(seed("source-b", 730))
    load_all(graph, [tmp_path])
    found = rows(
        graph,
        "MATCH (:State {id: 'PAK'})-[r:MEMBER_OF]->(:Organisation {id: 'sco'}) "
        "RETURN r.sources AS sources, r.cited AS cited",
    )
    assert len(found) == 1
    assert sorted(found[0]["sources"]) == ["source-a", "source-b"]
    assert sorted(found[0]["cited"]) == ["source-a@body:1", "source-b@body:1"]
    states = rows(graph, "MATCH (s:State) RETURN s.id AS id, s.sources AS sources ORDER BY id")
    assert [s["id"] for s in states] == ["PAK", "RUS"]
    assert all(sorted(s["sources"]) == ["source-a", "source-b"] for s in states)


def test_sources_that_disagree_are_both_kept(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    (tmp_path / "b.yaml").write_text(seed("source-b", 700))
    load_all(graph, [tmp_path])
    found = rows(
        graph,
        "MATCH (:State)-[r:TRADES_WITH {date: '2018'}]->(:State) "
        "RETURN r.value AS value, r.sources AS sources ORDER BY value",
    )
    assert found == [{"value": 700.0, "sources": ["source-b"]}, {"value": 730.0, "sources": ["source-a"]}]


def test_a_file_may_refer_to_entities_already_in_the_graph(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    load_all(graph, [tmp_path / "a.yaml"])
    (tmp_path / "c.yaml").write_text(
        source_c("""\
        facts:
          - type: SUPPORTS
            subject: RUS
            object: PAK
            regarding: sco
            at: intro:1
        """)
    )
    load_all(graph, [tmp_path / "c.yaml"])
    found = rows(graph, "MATCH (:State {id: 'RUS'})-[r:SUPPORTS]->(:State {id: 'PAK'}) RETURN r.sources AS s")
    assert found == [{"s": ["source-c"]}]


def test_a_file_may_not_rename_an_entity_another_source_defines(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    load_all(graph, [tmp_path / "a.yaml"])
    (tmp_path / "b.yaml").write_text(seed("source-b", 730).replace("name: Russia", "name: Russian Federation"))
    with pytest.raises(InvalidSeeds, match=r"'RUS' is named 'Russia' in the database \(defined by source-a\)"):
        load_all(graph, [tmp_path / "b.yaml"])
    assert rows(graph, "MATCH (s:State {id: 'RUS'}) RETURN s.name AS n") == [{"n": "Russia"}]
    # The source that defines it alone may rename it.
    (tmp_path / "a.yaml").write_text(seed("source-a", 730).replace("name: Russia", "name: Russian Federation"))
    load_all(graph, [tmp_path / "a.yaml"])
    assert rows(graph, "MATCH (s:State {id: 'RUS'}) RETURN s.name AS n") == [{"n": "Russian Federation"}]


def test_an_alias_taken_in_the_database_is_refused(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    load_all(graph, [tmp_path / "a.yaml"])
    (tmp_path / "c.yaml").write_text(
        source_c("""\
        entities:
          - kind: state
            id: IND
            name: India
            aliases: [pakistan]
        """)
    )
    with pytest.raises(InvalidSeeds, match="'pakistan' already names 'PAK'"):
        load_all(graph, [tmp_path / "c.yaml"])
