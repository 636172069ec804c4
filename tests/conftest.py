"""One real Neo4j for the whole test session, started only when a test needs it.

In order: the server NEO4J_URI names (with NEO4J_USER/NEO4J_PASSWORD); else a testcontainers Neo4j
when a Docker engine answers; else the managed local server on free ports with a temporary data
folder. Nothing here mocks the database.

Every test that uses a database fixture is marked ``neo4j`` automatically, so
``python -m pytest -m "not neo4j"`` runs the pure tests in seconds without a server.
``graph`` gives an empty database; ``loaded`` the shipped seed, loaded once and shared by the
read-only tests that follow (a test that empties the database makes the next ``loaded`` reload).

Tests that read ``../shared`` (the source essay, the datasets) skip with the reason when it is
absent, except under ``CI``, where they must run (``shared_dir``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from relgraph.core.errors import ServerError
from relgraph.db.connection import Connection, from_environment
from relgraph.db.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "seed"
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
NEO4J_FIXTURES = {"neo4j_backend", "neo4j_connection", "graph", "loaded", "neo4j_env"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if NEO4J_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.neo4j)


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test when it is missing, fails under CI (where it must be there)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is not present (../shared is beside the repository in CI)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI is set: this test must run in CI")
        pytest.skip(reason)
    return path


def _docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        client.ping()
        client.close()
        return True
    except Exception:
        return False


@dataclass(frozen=True)
class Backend:
    connection: Connection
    home: Path | None = None  # set when relgraph manages the server


@pytest.fixture(scope="session")
def neo4j_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    env = from_environment(os.environ)
    if env is not None:
        yield Backend(env)
        return
    if _docker_answers():
        from testcontainers.community.neo4j import Neo4jContainer

        password = "relgraph-test-password"
        with Neo4jContainer("neo4j:5.26-community", password=password) as container:
            yield Backend(Connection(uri=container.get_connection_url(), user="neo4j", password=password))
        return
    from relgraph.server import probes, process
    from relgraph.server.config import ServerConfig
    from relgraph.server.install import is_installed

    if not is_installed():
        pytest.fail(
            "Neo4j is not installed for the managed server: run `relgraph server install` first "
            "(or set NEO4J_URI, or run a Docker engine)."
        )
    for attempt in (1, 2):  # a port taken between choosing and binding it gets one more try
        home = tmp_path_factory.mktemp("managed-neo4j")
        bolt, http = probes.free_ports(2)
        config = ServerConfig(
            home=home, bolt_port=bolt, http_port=http, heap="3g", pagecache="512m", tx_log_retention="false"
        )
        try:
            info = process.start(config, progress=print, timeout=240)
            break
        except ServerError as exc:
            if attempt == 2 or "port" not in str(exc):
                raise
    try:
        yield Backend(process.connection(info), home)
    finally:
        process.stop(home, timeout=90)


@pytest.fixture(scope="session")
def neo4j_connection(neo4j_backend: Backend) -> Connection:
    return neo4j_backend.connection


class _State:
    seed_loaded = False  # the database holds exactly seed/ (and nothing else) right now


def wipe(graph: Graph) -> None:
    """Empty the graph (the schema stays). Relationships go first, in parts: detaching 10,000 nodes at once
    can mean millions of relationships in one transaction (the states, after the dataset imports), more than
    the server's transaction memory."""
    with graph.driver.session(database=graph.conn.database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    _State.seed_loaded = False


@pytest.fixture
def graph(neo4j_connection: Connection) -> Iterator[Graph]:
    """An open Graph on an empty database."""
    with Graph(neo4j_connection) as g:
        wipe(g)
        yield g
        _State.seed_loaded = False


@pytest.fixture
def loaded(neo4j_connection: Connection) -> Iterator[Graph]:
    """The shipped seed, loaded; shared by read-only tests (do not change the graph in them)."""
    from relgraph.loading.loader import load_all

    with Graph(neo4j_connection) as g:
        if not _State.seed_loaded:
            wipe(g)
            load_all(g, [SEED_DIR])
            _State.seed_loaded = True
        yield g


@pytest.fixture
def neo4j_env(neo4j_connection: Connection) -> dict[str, str]:
    """Environment variables that point relgraph's CLI at the test server."""
    env = {
        "NEO4J_URI": neo4j_connection.uri,
        "NEO4J_USER": neo4j_connection.user,
        "NEO4J_PASSWORD": neo4j_connection.password,
    }
    if neo4j_connection.database:
        env["NEO4J_DATABASE"] = neo4j_connection.database
    return env
