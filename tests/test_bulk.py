"""`relgraph load --bulk`: the first load into an empty managed database through neo4j-admin's importer
leaves the graph a normal load leaves, and refuses what it cannot do without touching anything.

The module starts two throwaway managed servers in turn (never the session's): one gets a normal load of
`seed/`, a synthetic file and two small sources that share a fact and disagree on another; the other a bulk
load of the same files. Their whole graphs are dumped canonically and compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import ServerError
from relgraph.db.graph import Graph
from relgraph.loading.loader import load_all
from relgraph.queries.stats import checksum
from relgraph.server import probes, process
from relgraph.server.config import ServerConfig

from .conftest import DATA, SEED_DIR
from .synthetic import synthetic_seed
from .test_two_sources import seed as small_seed

neo4j = pytest.mark.neo4j
runner = CliRunner()
# The only properties the comparison leaves out: when each load ran.
IGNORED = {"Source": {"loaded_at"}}
BAD = DATA / "invalid" / "unknown_reference.yaml"


def rows(graph: Graph, cypher: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = graph.driver.execute_query(cypher, params)
    return [r.data() for r in records]


def _ignored(labels: list[str]) -> set[str]:
    return set().union(*(IGNORED.get(label, set()) for label in labels))


def dump(graph: Graph) -> dict[str, list[str]]:
    """The whole graph, canonically: every node (labels, properties), every relationship (type, properties,
    the labels and id of each end), every constraint and index (name, type, what it covers)."""
    nodes = [
        json.dumps(
            {
                "labels": sorted(r["labels"]),
                "props": {k: v for k, v in r["props"].items() if k not in _ignored(r["labels"])},
            },
            sort_keys=True,
        )
        for r in rows(graph, "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    ]
    relationships = [
        json.dumps(r, sort_keys=True)
        for r in rows(
            graph,
            """
        MATCH (a)-[r]->(b)
        RETURN type(r) AS type, properties(r) AS props, [labels(a), a.id] AS start, [labels(b), b.id] AS end""",
        )
    ]
    for r in relationships:
        assert '"start": [[' in r  # every end has an id
    schema = [
        json.dumps(r, sort_keys=True)
        for r in rows(
            graph,
            """
        SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, state
        RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint, state""",
        )
    ]
    schema += [
        json.dumps(r, sort_keys=True)
        for r in rows(
            graph,
            """
        SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties, ownedIndex
        RETURN name, type, entityType, labelsOrTypes, properties, ownedIndex""",
        )
    ]
    return {"nodes": sorted(nodes), "relationships": sorted(relationships), "schema": sorted(schema)}


def differences(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    only_a, only_b = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    return only_a[:5], only_b[:5]


def cli(args: list[str], home: Path, timeout: float = 900, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(RELGRAPH_DATA_DIR=str(home), RELGRAPH_PAGER="off", **extra)
    return subprocess.run(
        [sys.executable, "-m", "relgraph", *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def start_server(home: Path) -> process.ServerStatus:
    bolt, http = probes.free_ports(2)
    config = ServerConfig(
        home=home, bolt_port=bolt, http_port=http, heap="1g", pagecache="256m", tx_log_retention="false"
    )
    return process.start(config, timeout=240)


@dataclass
class World:
    paths: list[str]
    folder: Path  # the synthetic and small files
    home: Path  # the bulk-loaded server's
    normal: dict[str, list[str]]
    bulk: dict[str, list[str]]
    result: subprocess.CompletedProcess[str]

    def graph(self) -> Graph:
        info = process.status(self.home)
        assert info is not None
        return Graph(process.connection(info))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from relgraph.server.install import is_installed

    if not is_installed():
        pytest.fail("Neo4j is not installed for the managed server: run `relgraph server install` first")
    folder = tmp_path_factory.mktemp("bulk-seeds")
    text, _ = synthetic_seed(states=40, years=range(2000, 2005))  # 3,900 facts
    (folder / "synthetic.yaml").write_text(text)
    (folder / "a.yaml").write_text(small_seed("source-a", 730))
    (folder / "b.yaml").write_text(small_seed("source-b", 740))  # the same membership; another 2018 trade figure
    paths = [str(SEED_DIR), str(folder)]

    normal_home = tmp_path_factory.mktemp("bulk-normal") / "server"
    info = start_server(normal_home)
    try:
        with Graph(process.connection(info)) as graph:
            # A smaller transaction size than the default stages the synthetic source, as a large one is staged.
            load_all(graph, paths, transaction_size=1000)
            normal = dump(graph)
    finally:
        process.stop(normal_home)

    home = tmp_path_factory.mktemp("bulk-bulk") / "server"
    start_server(home)
    try:
        result = cli(["load", "--bulk", *paths, "--format", "json"], home)
        with Graph(process.connection(process.status(home))) as graph:  # type: ignore[arg-type]
            bulk = dump(graph)
        yield World(paths, folder, home, normal, bulk, result)
    finally:
        process.stop(home)


@neo4j
def test_bulk_leaves_exactly_the_graph_a_normal_load_leaves(world):
    assert world.result.returncode == 0, world.result.stderr
    for phase in (
        "Checking and planning",
        "Writing the graph as CSV files",
        "Stopping the managed Neo4j",
        "neo4j-admin: step 1 of 4",
        "neo4j-admin: import done",
        "Starting the managed Neo4j again",
        "Setting the empty lists",
        "Creating the constraints and indexes",
        "Bulk load done",
    ):
        assert phase in world.result.stderr, phase
    report = json.loads(world.result.stdout)
    assert {f["status"] for f in report["files"]} == {"new"} and len(report["files"]) == 4
    assert world.normal["nodes"] and world.normal["relationships"]
    for part in ("nodes", "relationships", "schema"):
        assert differences(world.normal[part], world.bulk[part]) == ([], []), part
        assert len(world.normal[part]) == len(world.bulk[part]), part
    # The files exercise what the comparison is about: a fact two sources assert, and a disagreement.
    sources = [json.loads(r)["props"].get("sources", []) for r in world.bulk["relationships"]]
    assert any(s[-2:] == ["source-a", "source-b"] for s in sources)
    assert any('"Dispute"' in n for n in world.bulk["nodes"])
    assert any('"notes": []' in r for r in world.bulk["relationships"])


@neo4j
def test_a_normal_load_after_bulk_finds_every_file_unchanged(world):
    with world.graph() as graph:
        before = checksum(graph)
        result = cli(["load", *world.paths, "--format", "json"], world.home)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert {f["status"] for f in report["files"]} == {"unchanged"} and len(report["files"]) == 4
        assert report["totals"]["files_loaded"] == 0
        assert checksum(graph) == before


@neo4j
def test_a_changed_file_after_bulk_is_diffed(world):
    changed = world.folder / "b.yaml"
    changed.write_text(small_seed("source-b", 750))
    dry = cli(["load", *world.paths, "--dry-run", "--format", "json"], world.home)
    assert dry.returncode == 0, dry.stderr
    details = [c["detail"] for c in json.loads(dry.stdout)["changes"]]
    assert details == ["changed fact TRADES_WITH PAK -> RUS: value '740.0' -> '750.0'"]
    result = cli(["load", *world.paths, "--format", "json"], world.home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {(f["source_id"], f["status"]) for f in report["files"] if f["status"] != "unchanged"} == {
        ("source-b", "changed")
    }
    assert report["totals"]["changed"] == 1
    assert report["totals"]["added"] == report["totals"]["retracted"] == 0
    with world.graph() as graph:
        trade = rows(
            graph,
            "MATCH (:State {id: 'PAK'})-[t:TRADES_WITH {date: '2018'}]->(:State {id: 'RUS'}) "
            "RETURN t.value AS value, t.sources AS sources ORDER BY value",
        )
        assert trade == [
            {"value": 730.0, "sources": ["essay-russia-pakistan-rapprochement", "source-a"]},
            {"value": 750.0, "sources": ["source-b"]},
        ]
        disputes = rows(graph, "MATCH (d:Dispute {type: 'TRADES_WITH'}) RETURN size(d.fact_ids) AS n")
        assert disputes == [{"n": 2}]


@neo4j
def test_bulk_refuses_a_database_that_is_not_empty_and_names_what_is_there(world):
    pid = process.status(world.home).pid  # type: ignore[union-attr]
    with world.graph() as graph:
        before = checksum(graph)
        result = cli(["load", "--bulk", str(SEED_DIR)], world.home)
        assert result.returncode == 2, result.stderr
        assert "--bulk loads only into an empty database, and this one holds" in result.stderr
        assert "Entity:State" in result.stderr and "Source" in result.stderr
        assert "Stopping" not in result.stderr and "Traceback" not in result.stderr
        assert checksum(graph) == before
    assert process.status(world.home).pid == pid  # type: ignore[union-attr]


def test_bulk_refuses_a_server_named_by_neo4j_uri():
    result = runner.invoke(
        app, ["load", "--bulk", str(SEED_DIR)], env={"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "not-used"}
    )
    assert result.exit_code == 2, result.output
    assert "--bulk loads only into the Neo4j server relgraph manages; NEO4J_URI names another server." in result.output
    assert "Unset NEO4J_URI" in result.output


def test_bulk_and_dry_run_do_not_go_together():
    result = runner.invoke(app, ["load", "--bulk", "--dry-run", str(SEED_DIR)])
    assert result.exit_code == 2 and "--bulk and --dry-run do not go together" in result.output


@neo4j
def test_a_bad_file_stops_a_bulk_load_before_anything_is_touched(world):
    with world.graph() as graph:
        rows(graph, "MATCH (n) DETACH DELETE n")  # empty again (the schema stays)
        before = checksum(graph)
    pid = process.status(world.home).pid  # type: ignore[union-attr]
    normal = cli(["load", str(SEED_DIR), str(BAD)], world.home)
    bulk = cli(["load", "--bulk", str(SEED_DIR), str(BAD)], world.home)
    assert normal.returncode == bulk.returncode == 1, bulk.stderr
    errors = [line for line in bulk.stderr.splitlines() if not line.startswith("Checking and planning")]
    assert errors == normal.stderr.splitlines()  # the same checks, the same messages
    assert f"{BAD}:20:" in bulk.stderr and "facts[0].subject: unknown id 'PAKS'" in bulk.stderr
    assert "nothing was written to the database" in bulk.stderr and "Stopping" not in bulk.stderr
    with world.graph() as graph:
        assert checksum(graph) == before
        assert rows(graph, "MATCH (n) WHERE NOT n:LoadLock RETURN count(n) AS n") == [{"n": 0}]
    assert process.status(world.home).pid == pid  # type: ignore[union-attr]


@neo4j
def test_a_failed_import_puts_the_database_back_and_restarts_the_server(world, monkeypatch):
    from relgraph.loading import bulk

    real = bulk.import_csv

    def import_then_fail(*args: Any, **kwargs: Any) -> list[str]:
        real(*args, **kwargs)  # the new store is written, then the import "fails"
        raise ServerError("simulated failure after the import")

    monkeypatch.setattr(bulk, "import_csv", import_then_fail)
    for key in [k for k in os.environ if k.startswith("NEO4J_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("RELGRAPH_DATA_DIR", str(world.home))
    with world.graph() as graph:
        assert rows(graph, "MATCH (n) WHERE NOT n:LoadLock RETURN count(n) AS n") == [{"n": 0}]
    with pytest.raises(ServerError) as failed:
        bulk.bulk_load([str(SEED_DIR)])
    assert "simulated failure after the import" in failed.value.message
    assert "put back as it was" in (failed.value.hint or "")
    assert process.status(world.home) is not None  # running again
    with world.graph() as graph:
        assert rows(graph, "MATCH (n) WHERE NOT n:LoadLock RETURN count(n) AS n") == [{"n": 0}]
        assert rows(graph, "SHOW CONSTRAINTS YIELD name WHERE name = 'entity_id' RETURN name") == [
            {"name": "entity_id"}
        ]
    assert not list((world.home / "data").glob("bulk-aside-*"))
    assert not (world.home / process.IMPORT_MARK).exists()


def test_while_a_bulk_load_imports_no_other_command_starts_the_server(tmp_path):
    home = tmp_path / "server"
    home.mkdir(mode=0o700)
    (home / "run").mkdir(mode=0o700)
    importer = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (home / process.IMPORT_MARK).write_text(str(importer.pid))
        config = ServerConfig(home=home, bolt_port=probes.free_ports(1)[0], http_port=probes.free_ports(1)[0])
        with pytest.raises(ServerError, match=f"A bulk load \\(process {importer.pid}\\) is importing into"):
            process.start(config)
    finally:
        importer.kill()
        importer.wait()
    assert process.importing(home) is None  # a mark left by a process that is gone counts for nothing
