"""How relgraph picks its Neo4j, and what it says when it cannot reach one."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import UsageError
from relgraph.db.connection import from_environment
from relgraph.server.probes import free_ports

runner = CliRunner()


@pytest.mark.parametrize(
    "uri", ["bolt://db.example:7687", "neo4j://cluster.example", "neo4j+s://abc.databases.neo4j.io"]
)
def test_environment_uri_schemes(uri):
    conn = from_environment({"NEO4J_URI": uri, "NEO4J_PASSWORD": "secret-pass", "NEO4J_DATABASE": "relations"})
    assert conn is not None
    assert (conn.uri, conn.user, conn.database, conn.managed) == (uri, "neo4j", "relations", False)
    assert "secret-pass" not in repr(conn)


def test_no_uri_means_managed():
    assert from_environment({}) is None


@pytest.mark.parametrize(
    "env, message",
    [
        ({"NEO4J_URI": "http://localhost:7474", "NEO4J_PASSWORD": "x" * 8}, "does not start with one of bolt://"),
        ({"NEO4J_URI": "bolt://neo4j:pw@localhost"}, "must not carry a user or password"),
        ({"NEO4J_URI": "bolt://localhost:7687"}, "NEO4J_PASSWORD is not"),
    ],
)
def test_bad_environment_is_a_usage_error(env, message):
    with pytest.raises(UsageError, match=message):
        from_environment(env)


def test_unreachable_server_exits_3_naming_the_uri():
    port = free_ports(1)[0]  # nothing listens there
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "whatever1"}
    result = runner.invoke(app, ["who-influences", "Russia", "Pakistan"], env=env)
    assert result.exit_code == 3
    assert f"127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.output


def test_wrong_password_exits_3(neo4j_connection):
    env = {
        "NEO4J_URI": neo4j_connection.uri,
        "NEO4J_USER": neo4j_connection.user,
        "NEO4J_PASSWORD": neo4j_connection.password + "-wrong",
    }
    result = runner.invoke(app, ["who-influences", "Russia", "Pakistan"], env=env)
    assert result.exit_code == 3
    assert "Login" in result.stderr


def test_missing_database_is_named(neo4j_env):
    result = runner.invoke(
        app, ["who-influences", "Russia", "Pakistan"], env={**neo4j_env, "NEO4J_DATABASE": "nosuchdb"}
    )
    assert result.exit_code == 2
    assert "nosuchdb" in result.stderr
