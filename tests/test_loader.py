"""The loader against real Neo4j: all-or-nothing, idempotent, incremental, and able to say what changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.loading.loader import InvalidSeeds, load_all, unload
from relgraph.queries.stats import checksum, counts

from .conftest import SEED_DIR
from .synthetic import synthetic_seed
from .test_two_sources import seed as two_source_seed

runner = CliRunner()
SEED = SEED_DIR / "russia-pakistan.yaml"


def rows(graph, cypher, **params):
    records, _, _ = graph.driver.execute_query(cypher, params)
    return [r.data() for r in records]


def test_reload_is_skipped_with_zero_writes(graph):
    first = load_all(graph, [SEED_DIR])
    assert first.files[0].status == "new" and first.total("relationships_created") > 100
    before, digest = counts(graph), checksum(graph)
    again = load_all(graph, [SEED_DIR])
    assert [f.status for f in again.files] == ["unchanged"]
    assert again.files[0].counters == {} and again.files[0].changes == []
    assert counts(graph) == before and checksum(graph) == digest


def test_reload_through_the_cli_reports_zero_writes(graph, neo4j_env):
    assert runner.invoke(app, ["load", str(SEED_DIR)], env=neo4j_env).exit_code == 0
    result = runner.invoke(app, ["load", str(SEED_DIR), "--format", "json"], env=neo4j_env)
    report = json.loads(result.stdout)
    assert report["files"][0]["status"] == "unchanged" and report["totals"]["relationships_created"] == 0


def test_one_changed_fact_is_planned_then_applied_exactly(graph, tmp_path, neo4j_env):
    copy = tmp_path / "russia-pakistan.yaml"
    shutil.copy(SEED, copy)
    load_all(graph, [copy])
    text = copy.read_text()
    assert text.count("value: 730\n") == 1
    copy.write_text(text.replace("value: 730\n", "value: 740\n"))
    before = counts(graph)

    dry = runner.invoke(app, ["load", str(copy), "--dry-run", "--format", "json"], env=neo4j_env)
    assert dry.exit_code == 0, dry.output
    planned = json.loads(dry.stdout)["changes"]
    assert len(planned) == 1
    change = planned[0]
    assert (change["change"], change["what"], change["type"]) == ("changed", "fact", "TRADES_WITH")
    assert change["before"]["value"] == 730 and change["after"]["value"] == 740
    assert counts(graph) == before  # a dry run writes nothing
    assert rows(graph, "MATCH ()-[t:TRADES_WITH {date: '2018'}]->() RETURN t.value AS v") == [{"v": 730.0}]

    applied = load_all(graph, [copy]).files[0]
    assert [(c.change, c.type, c.before["value"], c.after["value"]) for c in applied.changes] == [
        ("changed", "TRADES_WITH", 730.0, 740.0)
    ]
    assert rows(graph, "MATCH ()-[t:TRADES_WITH {date: '2018'}]->() RETURN t.value AS v") == [{"v": 740.0}]
    assert counts(graph) == before
    assert applied.counters.get("relationships_created") == 1 and applied.counters.get("relationships_deleted") == 1


def test_a_fact_the_file_no_longer_asserts_is_retracted(graph, tmp_path):
    copy = tmp_path / "russia-pakistan.yaml"
    shutil.copy(SEED, copy)
    load_all(graph, [copy])
    text = copy.read_text()
    start = text.index("  - type: RIVALS\n    subject: IND\n    object: PAK\n    at: game-of-influence:4\n")
    copy.write_text(text[:start] + text[start:].split("\n", 4)[4])
    result = load_all(graph, [copy]).files[0]
    assert [(c.change, c.type) for c in result.changes] == [("updated", "RIVALS")]
    cited = rows(graph, "MATCH (:State {id: 'IND'})-[r:RIVALS]->(:State {id: 'PAK'}) RETURN r.cited AS c")[0]["c"]
    assert not any(c.endswith("game-of-influence:4") for c in cited) and len(cited) == 2


def test_unload_leaves_what_other_sources_assert(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(two_source_seed("source-a", 730))
    (tmp_path / "b.yaml").write_text(two_source_seed("source-b", 700))
    load_all(graph, [tmp_path])
    result = unload(graph, "source-a")
    assert result.count("retracted") == 2
    member = rows(
        graph,
        "MATCH (:State {id: 'PAK'})-[r:MEMBER_OF]->(:Organisation {id: 'sco'}) RETURN r.sources AS s, r.cited AS c",
    )
    assert member == [{"s": ["source-b"], "c": ["source-b@body:1"]}]
    trade = rows(graph, "MATCH ()-[t:TRADES_WITH]->() RETURN t.value AS v, t.sources AS s")
    assert trade == [{"v": 700.0, "s": ["source-b"]}]
    entities = rows(graph, "MATCH (n:Entity) RETURN n.id AS id, n.sources AS s ORDER BY id")
    assert entities == [
        {"id": "PAK", "s": ["source-b"]},
        {"id": "RUS", "s": ["source-b"]},
        {"id": "sco", "s": ["source-b"]},
    ]
    assert rows(graph, "MATCH (s:Source) RETURN s.id AS id") == [{"id": "source-b"}]
    unload(graph, "source-b")
    assert counts(graph) == {"nodes": 0, "relationships": 0}


def test_unload_unknown_source_is_a_usage_error(graph, neo4j_env):
    load_all(graph, [SEED_DIR])
    result = runner.invoke(app, ["unload", "no-such-source"], env=neo4j_env)
    assert result.exit_code == 2 and "essay-russia-pakistan-rapprochement" in result.stderr


def test_invalid_file_among_valid_ones_changes_nothing(graph, tmp_path, neo4j_env):
    load_all(graph, [SEED_DIR])
    before, digest = counts(graph), checksum(graph)
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.yaml").write_text(two_source_seed("source-a", 730))
    (folder / "b.yaml").write_text(two_source_seed("source-b", 700).replace("since: 2017", "since: 2017-02-30"))
    with pytest.raises(InvalidSeeds):
        load_all(graph, [folder])
    result = runner.invoke(app, ["load", str(folder)], env=neo4j_env)
    assert result.exit_code == 1 and "b.yaml:" in result.stderr and "nothing was written" in result.stderr
    assert counts(graph) == before and checksum(graph) == digest


def test_a_file_cannot_silently_take_over_another_files_source_id(graph, tmp_path):
    (tmp_path / "a.yaml").write_text(two_source_seed("source-a", 730))
    load_all(graph, [tmp_path / "a.yaml"])
    (tmp_path / "other.yaml").write_text(two_source_seed("source-a", 700))
    with pytest.raises(Exception, match="was loaded from"):
        load_all(graph, [tmp_path / "other.yaml"])
    assert load_all(graph, [tmp_path / "other.yaml"], force=True).files[0].count("changed") == 1


def test_two_concurrent_loads_of_overlapping_files_create_no_duplicates(graph, tmp_path, neo4j_env):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    text_a, n_a = synthetic_seed(states=40, years=range(2000, 2004), source_id="overlap-a")
    text_b, n_b = synthetic_seed(states=40, years=range(2002, 2006), source_id="overlap-b")
    (one / "a.yaml").write_text(text_a)
    (two / "b.yaml").write_text(text_b)
    env = {**os.environ, **neo4j_env}
    command = [sys.executable, "-m", "relgraph", "load"]
    # Both load the same seed file (one path: one source) besides their own.
    procs = [
        subprocess.Popen(
            [*command, str(folder), str(SEED)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for folder in (one, two)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert rows(graph, "MATCH (n:Entity) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN id") == []
    assert rows(graph, "MATCH (d:Dyad) WITH d.id AS id, count(*) AS c WHERE c > 1 RETURN id") == []
    assert (
        rows(
            graph,
            "MATCH ()-[r]->() WHERE r.fact_id IS NOT NULL "
            "WITH type(r) AS t, r.fact_id AS f, count(*) AS c WHERE c > 1 RETURN t, f",
        )
        == []
    )
    per_pair_year = n_a // 4
    trade = rows(
        graph,
        "MATCH ()-[t:TRADES_WITH]->() WHERE t.measure = 'trade' AND size(t.sources) = 2 "
        "AND 'overlap-a' IN t.sources RETURN count(t) AS shared",
    )
    assert trade == [{"shared": per_pair_year * 2}]  # 2002 and 2003 are in both files
    total = rows(
        graph,
        "MATCH ()-[t:TRADES_WITH]->() WHERE any(s IN t.sources WHERE s STARTS WITH 'overlap') RETURN count(t) AS n",
    )
    assert total == [{"n": n_a + n_b - per_pair_year * 2}]
    assert rows(graph, "MATCH (:Entity)-[r:INFLUENCES]->(:Dyad {id: 'PAK-RUS'}) RETURN count(r) AS n") == [{"n": 3}]


def test_a_file_of_100000_facts_loads_in_one_go_with_progress_and_throughput(graph, tmp_path, neo4j_env):
    text, facts = synthetic_seed(states=142, years=range(2000, 2010))
    assert facts >= 100_000
    big = tmp_path / "big.yaml"
    big.write_text(text)
    result = runner.invoke(app, ["load", str(big), "--format", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert "loading big.yaml" in result.stderr and "rows/s" in result.stderr  # progress
    report = json.loads(result.stdout)
    assert report["files"][0]["facts"] == facts and report["totals"]["added"] == facts
    assert rows(graph, "MATCH ()-[t:TRADES_WITH]->() RETURN count(t) AS n") == [{"n": facts}]
    assert rows(graph, "MATCH (s:Source {id: 'synthetic-trade'}) RETURN s.fact_count AS n") == [{"n": facts}]


def _visible_trade(graph, source):
    return rows(
        graph,
        "MATCH ()-[t:TRADES_WITH]->() WHERE $s IN t.sources AND t.pending IS NULL "
        "OR (t.pending IS NOT NULL AND NOT EXISTS { MATCH (l:Load {id: t.pending}) WHERE l.state = 'staging' } "
        "    AND $s IN t.sources) "
        "RETURN count(t) AS n",
        s=source,
    )[0]["n"]


def test_a_source_larger_than_a_transaction_is_staged_and_invisible_until_published(graph, tmp_path, neo4j_connection):
    from relgraph.db.graph import Graph

    text, facts = synthetic_seed(states=12, years=range(2000, 2005), source_id="staged")
    (tmp_path / "s.yaml").write_text(text)
    seen: list[int] = []
    with Graph(neo4j_connection) as reader:

        def peek(what, done, total):
            if done > 100 and not seen:  # the first part is committed; the load is not published
                seen.append(_visible_trade(reader, "staged"))

        summary = load_all(graph, [tmp_path], batch_size=50, transaction_size=100, progress=peek)
    assert summary.files[0].staged and summary.files[0].counts["added"] == facts
    assert seen[0] == 0, "a reader saw part of a staged load"
    assert _visible_trade(graph, "staged") == facts
    assert rows(graph, "MATCH ()-[r]->() WHERE r.pending IS NOT NULL RETURN count(r) AS n") == [{"n": 0}]
    assert rows(graph, "MATCH (l:Load) RETURN count(l) AS n") == [{"n": 0}]
    # A staged reload that changes part of it, then an unload, leave exactly what they should.
    (tmp_path / "s.yaml").write_text(text.replace("value: 1", "value: 2"))
    again = load_all(graph, [tmp_path], batch_size=50, transaction_size=20).files[0]
    assert again.status == "changed" and again.staged
    assert _visible_trade(graph, "staged") == facts
    unload(graph, "staged")
    assert counts(graph) == {"nodes": 0, "relationships": 0}


def test_a_staged_load_that_dies_is_undone_by_the_next_load(graph, tmp_path, monkeypatch):
    from relgraph.loading import loader

    load_all(graph, [SEED_DIR])
    before = checksum(graph)
    text, _ = synthetic_seed(states=12, years=range(2000, 2004), source_id="dies")
    (tmp_path / "d.yaml").write_text(text)

    def die(what, done, total):
        if done > 150:
            raise KeyboardInterrupt  # as if killed: nothing below runs

    monkeypatch.setattr(loader.Writer, "finish", lambda self, *a, **k: None)  # no clean-up either
    with pytest.raises(KeyboardInterrupt):
        load_all(graph, [tmp_path], batch_size=50, transaction_size=100, progress=die)
    monkeypatch.undo()
    assert rows(graph, "MATCH (l:Load) RETURN l.state AS s") == [{"s": "staging"}]
    assert rows(graph, "MATCH ()-[r]->() WHERE r.pending IS NOT NULL RETURN count(r) > 0 AS marked") == [
        {"marked": True}
    ]
    summary = load_all(graph, [tmp_path])  # the next load undoes the dead one first
    assert summary.files[0].status == "new"
    unload(graph, "dies")
    assert checksum(graph) == before
