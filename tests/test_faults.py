"""Faults: a loader killed mid-transaction, a server killed mid-load, a frozen server, four loads at once.

After each crash the graph must hold all of a source or none of it (never part), and running the same
load again must complete. A frozen server must make a load and a question fail within their time limits
with exit code 3. The tests that kill or freeze Neo4j start their own throwaway managed server (never the
session's); the ones that kill the loader use the session's server.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from relgraph.db.connection import Connection
from relgraph.db.graph import Graph, probe
from relgraph.loading.loader import load_all
from relgraph.loading.lock import LoadLock
from relgraph.queries.stats import checksum
from relgraph.server import probes, process
from relgraph.server.config import ServerConfig

from .conftest import SEED_DIR
from .synthetic import synthetic_seed
from .test_two_sources import seed as small_seed

neo4j = pytest.mark.neo4j
BIG = "synthetic-trade"


def rows(graph: Graph, cypher: str, **params: object) -> list[dict]:
    records, _, _ = graph.driver.execute_query(cypher, params)
    return [r.data() for r in records]


def cli_env(conn: Connection, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEO4J_URI": conn.uri,
        "NEO4J_USER": conn.user,
        "NEO4J_PASSWORD": conn.password,
        "RELGRAPH_PAGER": "off",
        **extra,
    }


def start_load(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "relgraph", "load", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(proc: subprocess.Popen[str], pattern: str, timeout: float = 300) -> list[str]:
    """stderr lines up to the first that matches (the child's own progress says when writing began)."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stderr is not None
    for line in proc.stderr:
        seen.append(line)
        if re.search(pattern, line):
            return seen
        assert time.monotonic() < deadline, "".join(seen)
    raise AssertionError(f"the load ended before {pattern!r} appeared:\n{''.join(seen)}")


def source_facts(graph: Graph, source: str) -> int:
    """Facts readers see as claimed by ``source`` (a staged, unpublished load is invisible)."""
    return rows(
        graph,
        """
        MATCH ()-[t:TRADES_WITH]->() WHERE $s IN t.sources
          AND (t.pending IS NULL OR NOT EXISTS { MATCH (l:Load {id: t.pending}) WHERE l.state = 'staging' })
        RETURN count(t) AS n""",
        s=source,
    )[0]["n"]


def all_or_nothing(graph: Graph, before: str, source: str, facts: int) -> str:
    """'none' when the graph is as it was, 'all' when it holds the whole source; anything else fails."""
    if checksum(graph) == before:
        return "none"
    seen = source_facts(graph, source)
    published = rows(graph, "MATCH (s:Source {id: $s}) RETURN s.fact_count AS n", s=source)
    if seen == 0 and not published:
        return "none"  # only invisible staged parts, undone by the next load
    assert (seen, published) == (facts, [{"n": facts}]), f"part of {source} is in the graph: {seen} of {facts}"
    return "all"


def big_file(folder: Path, states: int, name: str = "big.yaml") -> tuple[Path, int]:
    text, facts = synthetic_seed(states=states, years=range(2000, 2006), source_id=BIG)
    path = folder / name
    path.write_text(text)
    return path, facts


# ---- the loader killed (the session's server) ---------------------------------------------


def test_loader_killed_mid_transaction_leaves_all_or_nothing_and_a_rerun_completes(graph, neo4j_connection, tmp_path):
    load_all(graph, [SEED_DIR])
    before = checksum(graph)
    path, facts = big_file(tmp_path, states=80)
    env = cli_env(neo4j_connection)
    loader = start_load([str(path), "--batch-size", "1000"], env)
    wait_for_line(loader, r"loading big\.yaml")  # the first batch is in the transaction
    loader.send_signal(signal.SIGKILL)
    loader.wait(30)
    assert all_or_nothing(graph, before, BIG, facts) in ("none", "all")
    again = subprocess.run(
        [sys.executable, "-m", "relgraph", "load", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert source_facts(graph, BIG) == facts
    assert rows(
        graph, "MATCH ()-[r:TRADES_WITH]->() WITH r.fact_id AS f, count(*) AS c WHERE c > 1 RETURN count(f) AS n"
    ) == [{"n": 0}]


def test_loader_killed_during_a_staged_load_leaves_nothing_visible_and_the_next_load_undoes_it(
    graph, neo4j_connection, tmp_path
):
    load_all(graph, [SEED_DIR])
    before = checksum(graph)
    path, facts = big_file(tmp_path, states=60)
    env = cli_env(neo4j_connection)
    loader = start_load([str(path), "--batch-size", "500", "--transaction-size", "1000"], env)
    deadline = time.monotonic() + 300
    while not rows(graph, "MATCH ()-[t:TRADES_WITH]->() WHERE t.pending IS NOT NULL RETURN count(t) > 0 AS parts")[0][
        "parts"
    ]:
        assert loader.poll() is None, "the load ended before a staged part was committed"
        assert time.monotonic() < deadline
        time.sleep(0.05)  # polls the condition: a part of the staged load is committed
    loader.send_signal(signal.SIGKILL)
    loader.wait(30)
    assert source_facts(graph, BIG) == 0  # committed parts are invisible
    assert all_or_nothing(graph, before, BIG, facts) == "none"
    again = subprocess.run(
        [sys.executable, "-m", "relgraph", "load", str(path), "--transaction-size", "1000"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert "undoing an interrupted load of synthetic-trade" in again.stderr
    assert source_facts(graph, BIG) == facts
    assert rows(graph, "MATCH ()-[r]->() WHERE r.pending IS NOT NULL RETURN count(r) AS n") == [{"n": 0}]
    assert rows(graph, "MATCH (l:Load) RETURN count(l) AS n") == [{"n": 0}]


# ---- four loads at once (the session's server) ---------------------------------------------

QUIET_LINES = (
    r"^loading \S+: [\d,]+ rows$",
    r"^  \S+: [\d,]+ of [\d,]+ \(\d+%\) rows, [\d,]+ rows/s$",
    r"^waiting for another load to finish \(process \d+ on \S+\) \.\.\.$",
    r"^(undoing|finishing) an interrupted load of .*$",
)


def drop_schema(graph: Graph) -> None:
    """Back to a fresh database: no constraints, no indexes (the next load creates them)."""
    for row in rows(graph, "SHOW CONSTRAINTS YIELD name"):
        rows(graph, f"DROP CONSTRAINT `{row['name']}`")
    for row in rows(graph, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'"):
        rows(graph, f"DROP INDEX `{row['name']}`")


def test_the_load_lock_goes_to_one_of_many_asking_at_once(graph, neo4j_connection):
    """Loads asking for a free lock at the same moment, before its node exists: exactly one gets it, round
    after round (reading the holder before taking the node's write lock let two through; the node created
    twice at once made the second fail)."""
    drop_schema(graph)
    askers, rounds = 6, 25
    graphs = [Graph(neo4j_connection).__enter__() for _ in range(askers)]
    locks = [LoadLock(g) for g in graphs]
    locks[0].__enter__()  # creates the lock's constraint first, as every load does
    locks[0].__exit__()
    start = threading.Barrier(askers)
    won: list[list[str]] = []

    def ask(lock: LoadLock, got: list[str]) -> None:
        start.wait(timeout=60)
        row = lock.ask()
        if row["holder"] == lock.holder:
            got.append(lock.holder)

    try:
        for _ in range(rounds):
            rows(graph, "MATCH (l:LoadLock) DELETE l")  # each round also races to create the node
            got: list[str] = []
            threads = [threading.Thread(target=ask, args=(lock, got)) for lock in locks]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            won.append(got)
    finally:
        for g in graphs:
            g.close()
    assert [len(got) for got in won] == [1] * rounds, won
    assert rows(graph, "MATCH (l:LoadLock) RETURN count(l) AS n") == [{"n": 1}]


def test_four_concurrent_loads_of_overlapping_folders(graph, neo4j_connection, tmp_path):
    drop_schema(graph)  # a fresh database: the four also race to create the schema
    root = tmp_path / "seeds"
    years = {"s1": range(2000, 2004), "s2": range(2002, 2006), "s3": range(2004, 2008)}
    facts = {}
    for folder, span in years.items():
        (root / folder).mkdir(parents=True)
        text, facts[folder] = synthetic_seed(states=40, years=span, source_id=f"overlap-{folder}")
        (root / folder / f"{folder}.yaml").write_text(text)
    shutil.copy(SEED_DIR / "russia-pakistan.yaml", root / "s3" / "russia-pakistan.yaml")
    runs = [[root], [root / "s1", root / "s2"], [root / "s2", root / "s3"], [root / "s3", root / "s1"]]
    env = cli_env(neo4j_connection)
    procs = [start_load([*map(str, paths), "--format", "json", "--batch-size", "2000"], env) for paths in runs]
    outputs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outputs
    for _, stderr in outputs:
        for line in stderr.splitlines():
            assert any(re.match(pattern, line) for pattern in QUIET_LINES), f"unexpected on stderr: {line!r}"
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
    pairs = 40 * 39 // 2
    total = rows(
        graph,
        "MATCH ()-[t:TRADES_WITH]->() WHERE any(s IN t.sources WHERE s STARTS WITH 'overlap') "
        "RETURN count(t) AS n, sum(size(t.sources)) AS claims",
    )[0]
    assert total == {"n": pairs * 8, "claims": sum(facts.values())}  # 2000-2007; 2002-2005 claimed twice
    assert rows(graph, "MATCH (s:Source) RETURN count(s) AS n") == [{"n": 4}]
    assert rows(graph, "MATCH (n:State) WHERE n.name STARTS WITH 'State ' RETURN count(n) AS n") == [{"n": 40}]
    assert rows(graph, "MATCH (l:LoadLock) WHERE l.holder IS NOT NULL RETURN count(l) AS n") == [{"n": 0}]


def test_two_files_racing_for_one_source_id_one_is_refused(graph, neo4j_connection, tmp_path):
    """Identity is the file's full path, decided again under the load lock: whichever load comes second is
    refused (it would need --force), however the two interleave."""
    paths = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        text, _ = synthetic_seed(states=30, years=range(2000, 2003), source_id="contested")
        paths.append(tmp_path / name / "contested.yaml")
        paths[-1].write_text(text.replace("Synthetic bilateral trade", f"Synthetic trade from {name}"))
    env = cli_env(neo4j_connection)
    procs = [start_load([str(path)], env) for path in paths]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert sorted(p.returncode for p in procs) == [0, 2], outputs
    refused = outputs[[p.returncode for p in procs].index(2)][1]
    assert "was loaded from" in refused and "--force" in refused
    winner = paths[[p.returncode for p in procs].index(0)]
    assert rows(graph, "MATCH (s:Source {id: 'contested'}) RETURN s.path AS p") == [{"p": str(winner.resolve())}]


# ---- a throwaway server: frozen, then killed mid-load, then started automatically ----------


@dataclass
class Throwaway:
    config: ServerConfig
    info: process.ServerStatus

    @property
    def connection(self) -> Connection:
        return process.connection(self.info)

    def restart(self) -> None:
        self.info = process.start(self.config, timeout=240)


@pytest.fixture(scope="module")
def throwaway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Throwaway]:
    from relgraph.server.install import is_installed

    if not is_installed():
        pytest.fail("Neo4j is not installed for the managed server: run `relgraph server install` first")
    home = tmp_path_factory.mktemp("throwaway-neo4j")
    bolt, http = probes.free_ports(2)
    config = ServerConfig(home=home, bolt_port=bolt, http_port=http, heap="768m", pagecache="64m")
    server = Throwaway(config, process.start(config, timeout=240))
    try:
        yield server
    finally:
        jvm = process.status(home)
        if jvm is not None:
            try:
                psutil.Process(jvm.pid).resume()  # in case a test stopped it and failed before resuming
            except psutil.NoSuchProcess:
                pass
        process.stop(home, timeout=90)


@neo4j
def test_load_csv_is_closed_by_the_server_config_too(throwaway):
    """Even a client that bypasses `relgraph cypher`'s guard cannot read files or addresses with LOAD CSV."""
    conn = throwaway.connection
    with Graph(conn) as graph:
        for url in (
            "file:///etc/passwd",
            f"file://{throwaway.config.home}/password",
            f"http://127.0.0.1:{throwaway.config.http_port}/",
        ):
            with pytest.raises(Exception, match="ExternalResourceFailed|blocked|not allowed|file URL") as err:
                rows(graph, f"LOAD CSV FROM '{url}' AS row RETURN row LIMIT 1")
            assert "root:" not in str(err.value)
        settings = {
            r["name"]: r["value"]
            for r in rows(
                graph,
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                names=["dbms.security.allow_csv_import_from_file_urls", "db.tx_log.rotation.retention_policy"],
            )
        }
    assert settings == {
        "dbms.security.allow_csv_import_from_file_urls": "false",
        "db.tx_log.rotation.retention_policy": "1G size",
    }


@neo4j
def test_a_frozen_server_makes_load_and_questions_fail_in_time_with_exit_3(throwaway):
    conn = throwaway.connection
    with Graph(conn) as graph:  # with the usual limits (a first load creates the schema)
        load_all(graph, [SEED_DIR])
    env = cli_env(conn, RELGRAPH_CONNECT_TIMEOUT="2", RELGRAPH_QUERY_TIMEOUT="4")
    jvm = psutil.Process(throwaway.info.pid)
    jvm.suspend()  # SIGSTOP: the port still accepts connections, nothing answers
    try:
        for args in (["load", str(SEED_DIR), "--force"], ["who-influences", "Russia", "Pakistan"]):
            started = time.monotonic()
            result = subprocess.run(
                [sys.executable, "-m", "relgraph", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            seconds = time.monotonic() - started
            assert result.returncode == 3, (args, result.stderr)
            assert seconds < 30, (args, seconds)
            assert "did not answer in time" in result.stderr or "not reachable" in result.stderr, result.stderr
            assert "RELGRAPH_QUERY_TIMEOUT" in result.stderr or "server is up" in result.stderr, result.stderr
            assert "Traceback" not in result.stderr
    finally:
        jvm.resume()  # SIGCONT
    deadline = time.monotonic() + 120
    while not probe(conn.uri, conn.user, conn.password):
        assert time.monotonic() < deadline, "the server did not answer again after SIGCONT"
    with Graph(conn) as graph:
        assert rows(graph, "MATCH (s:Source) RETURN s.id AS id") == [{"id": "essay-russia-pakistan-rapprochement"}]


@neo4j
def test_server_killed_mid_load_names_what_was_committed_and_a_rerun_completes(throwaway, tmp_path):
    conn = throwaway.connection
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a-small.yaml").write_text(small_seed("small-source", 730))
    _, facts = big_file(folder, states=60, name="b-big.yaml")
    env = cli_env(conn, RELGRAPH_CONNECT_TIMEOUT="5", RELGRAPH_QUERY_TIMEOUT="60")
    with Graph(conn) as graph:
        before = checksum(graph)
    loader = start_load([str(folder), "--batch-size", "500"], env)
    wait_for_line(loader, r"loading b-big\.yaml")  # a-small.yaml is committed, b-big.yaml is being written
    psutil.Process(throwaway.info.pid).kill()  # kill -9 of the JVM
    _, stderr = loader.communicate(timeout=120)
    assert loader.returncode == 3, stderr
    assert "Committed before this failure: small-source; run the same load again to finish." in stderr
    assert "Traceback" not in stderr
    throwaway.restart()  # Neo4j recovers from its transaction log
    with Graph(throwaway.connection) as graph:
        assert rows(graph, "MATCH (s:Source {id: 'small-source'}) RETURN s.fact_count AS n") == [{"n": 2}]
        assert all_or_nothing(graph, before, BIG, facts) in ("none", "all")
    again = subprocess.run(
        [sys.executable, "-m", "relgraph", "load", str(folder)],
        env=cli_env(throwaway.connection),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    with Graph(throwaway.connection) as graph:
        assert source_facts(graph, BIG) == facts
        assert {"small-source", BIG} <= {r["id"] for r in rows(graph, "MATCH (s:Source) RETURN s.id AS id")}
        assert rows(graph, "MATCH (s:Source {id: 'small-source'}) RETURN s.fact_count AS n") == [{"n": 2}]


@neo4j
def test_a_question_with_the_managed_server_down_starts_it_on_its_last_ports(throwaway):
    home = throwaway.config.home
    with Graph(throwaway.connection) as graph:
        load_all(graph, [SEED_DIR])
    process.stop(home)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(RELGRAPH_DATA_DIR=str(home), RELGRAPH_PAGER="off")
    result = subprocess.run(
        [sys.executable, "-m", "relgraph", "who-influences", "Russia", "Pakistan", "-f", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    bolt, http = throwaway.config.bolt_port, throwaway.config.http_port
    assert f"starting it (Bolt {bolt}, HTTP {http})" in result.stderr
    assert "China" in result.stdout
    running = process.status(home)
    assert running is not None and (running.bolt_port, running.http_port) == (bolt, http)
    throwaway.info = running
