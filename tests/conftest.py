"""One real Neo4j for the whole test session.

In order: the server NEO4J_URI names (with NEO4J_USER/NEO4J_PASSWORD); else a
testcontainers Neo4j when a Docker engine answers; else the managed local
server on free ports with a temporary data folder. Nothing here mocks the
database. Each test that asks for ``graph`` starts from an empty database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from relgraph import managed
from relgraph.connection import Connection, from_environment
from relgraph.errors import ServerError
from relgraph.graph import Graph

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "seed"


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
    server: managed.ServerStatus | None = None  # set when relgraph manages the server


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
    if not managed.is_installed():
        pytest.fail("Neo4j is not installed for the managed server: run `relgraph server install` first "
                    "(or set NEO4J_URI, or run a Docker engine).")
    for attempt in (1, 2):  # a port taken between choosing and binding it gets one more try
        home = tmp_path_factory.mktemp("managed-neo4j")
        bolt, http = managed.free_ports(2)
        config = managed.ServerConfig(home=home, bolt_port=bolt, http_port=http,
                                      heap="2g", pagecache="128m", keep_tx_logs=False)
        try:
            info = managed.start(config, progress=print, timeout=240)
            break
        except ServerError as exc:
            if attempt == 2 or "port" not in str(exc):
                raise
    try:
        yield Backend(Connection(uri=info.uri, user=managed.USER, password=managed.read_password(home),
                                 managed=True, browser_url=info.browser_url), info)
    finally:
        managed.stop(home, timeout=90)


@pytest.fixture(scope="session")
def neo4j_connection(neo4j_backend: Backend) -> Connection:
    return neo4j_backend.connection


@pytest.fixture
def graph(neo4j_connection: Connection) -> Iterator[Graph]:
    """An open Graph on an empty database."""
    with Graph(neo4j_connection) as g:
        g.driver.execute_query("MATCH (n) DETACH DELETE n", database_=neo4j_connection.database)
        yield g


@pytest.fixture
def neo4j_env(neo4j_connection: Connection) -> dict[str, str]:
    """Environment variables that point relgraph's CLI at the test server."""
    env = {"NEO4J_URI": neo4j_connection.uri, "NEO4J_USER": neo4j_connection.user,
           "NEO4J_PASSWORD": neo4j_connection.password}
    if neo4j_connection.database:
        env["NEO4J_DATABASE"] = neo4j_connection.database
    return env
