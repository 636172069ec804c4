"""Guarantees that are not seed-file shaped (docs/security.md lists them with these tests).

- the managed server's folder: refused when another user owns or may write it, or a link sits in it;
  config never written through a link; a world-writable folder is refused, not silently chmodded;
- credentials: NEO4J_URI with a user, password or anything unparsable is never echoed;
- `relgraph cypher`: LOAD CSV, SHOW SETTINGS/TRANSACTIONS/..., TERMINATE, db.stats.*, procedures
  outside the allow-list (backticks or not) refused; dbms.components() and schema reads allowed;
- an automatic start uses the last start's ports, and fails with exit code 3 when it cannot start;
- the driver's retry warnings never reach stderr; transaction logs are pruned (retention setting).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.errors import ServerError, UsageError
from relgraph.db.connection import from_environment, redact
from relgraph.queries.stats import checksum
from relgraph.server import probes, process
from relgraph.server.config import ServerConfig, remember
from relgraph.server.install import is_installed
from relgraph.server.paths import check_home, write_private

runner = CliRunner()
OTHER_UID = 65534  # nobody


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "server"
    for sub in ("", "conf", "data", "logs", "run", "import", "plugins"):
        (home / sub).mkdir(mode=0o700, exist_ok=True)
    os.chmod(home, 0o700)
    return home


def _config(home: Path) -> ServerConfig:  # never started: every test here is refused before any port is used
    return ServerConfig(home=home, bolt_port=1, http_port=2, heap="512m", pagecache="64m")


def _refused(home: Path, fragment: str) -> ServerError:
    with pytest.raises(ServerError, match=fragment) as err:
        process.start(_config(home))
    assert not (home / "conf" / "neo4j.conf").exists() or (home / "conf" / "neo4j.conf").is_symlink()
    return err.value


# ---- the server's folder ------------------------------------------------------------------


@pytest.mark.skipif(os.getuid() != 0, reason="changing a folder's owner needs root")
@pytest.mark.parametrize("where", ["", "conf", "data", "plugins"])
def test_a_folder_another_user_owns_is_refused(tmp_path, where):
    home = _home(tmp_path)
    os.chown(home / where, OTHER_UID, OTHER_UID)
    error = _refused(home, "belongs to another user")
    assert f"uid {OTHER_UID}" in str(error)


@pytest.mark.skipif(os.getuid() != 0, reason="changing a folder's owner needs root")
def test_a_server_folder_inside_another_users_folder_is_refused(tmp_path):
    os.chown(tmp_path, OTHER_UID, OTHER_UID)  # they could rename "server" and put their own in its place
    home = _home(tmp_path)
    assert "holds the server folder" in str(_refused(home, "belongs to another user"))


def test_a_server_folder_inside_a_folder_others_may_write_is_refused_unless_sticky(tmp_path):
    home = _home(tmp_path)
    os.chmod(tmp_path, 0o777)
    assert "holds the server folder" in str(_refused(home, "may be written by other users"))
    os.chmod(tmp_path, 0o1777)  # sticky, as /tmp: others cannot rename what is yours
    check_home(home)


@pytest.mark.skipif(os.getuid() != 0, reason="changing a file's owner needs root")
def test_a_plugin_jar_planted_by_another_user_is_refused(tmp_path):
    home = _home(tmp_path)
    jar = home / "plugins" / "evil.jar"
    jar.write_bytes(b"PK\x03\x04")
    os.chown(jar, OTHER_UID, OTHER_UID)
    assert "evil.jar" in str(_refused(home, "belongs to another user"))


@pytest.mark.parametrize("where", ["", "plugins", "conf"])
def test_a_folder_others_may_write_is_refused_and_left_as_it_is(tmp_path, where):
    home = _home(tmp_path)
    os.chmod(home / where, 0o777)
    error = _refused(home, "may be written by other users")
    assert "chmod go-w" in str(error)
    assert stat.S_IMODE(os.stat(home / where).st_mode) == 0o777  # said why; not silently changed


def test_a_group_writable_plugin_is_refused(tmp_path):
    home = _home(tmp_path)
    jar = home / "plugins" / "x.jar"
    jar.write_bytes(b"PK\x03\x04")
    os.chmod(jar, 0o664)
    _refused(home, "may be written by other users")


@pytest.mark.parametrize("link", ["conf/neo4j.conf", "password", "data", "plugins/x.jar", "conf"])
def test_a_symbolic_link_in_the_folder_is_refused_and_not_followed(tmp_path, link):
    home = _home(tmp_path)
    target = tmp_path / "elsewhere"
    target.write_text("untouched\n")
    path = home / link
    if path.is_dir():
        path.rmdir()
    path.symlink_to(target)
    _refused(home, "symbolic link")
    assert target.read_text() == "untouched\n"


def test_config_is_never_written_through_a_link(tmp_path):
    target = tmp_path / "target"
    target.write_text("untouched\n")
    folder = tmp_path / "conf"
    folder.mkdir(mode=0o700)
    (folder / "neo4j.conf").symlink_to(target)
    with pytest.raises(ServerError, match="symbolic link"):
        write_private(folder / "neo4j.conf", "server.bolt.listen_address=0.0.0.0:7687\n")
    assert target.read_text() == "untouched\n"
    write_private(folder / "fresh.conf", "x=1\n")
    assert stat.S_IMODE(os.stat(folder / "fresh.conf").st_mode) == 0o600


def test_server_start_on_a_foreign_folder_says_why_with_exit_1(tmp_path):
    home = _home(tmp_path)
    os.chmod(home, 0o777)
    result = runner.invoke(app, ["server", "start"], env={"RELGRAPH_DATA_DIR": str(home)})
    assert result.exit_code == 1
    assert "may be written by other users" in result.stderr and str(home) in result.stderr


# ---- credentials --------------------------------------------------------------------------

SECRET = "s3cretPW"
LEAKY_URIS = [
    f"bolt://neo4j:{SECRET}@127.0.0.1:7687",
    f"neo4j+s://neo4j:{SECRET}@abc.databases.neo4j.io",
    f"neo4j:{SECRET}@127.0.0.1:7687",  # no //: the driver would take it, and messages quoted it
    f"bolt:/neo4j:{SECRET}@127.0.0.1:7687",
    f"bolt:///neo4j:{SECRET}@host",
    f"bolt://neo4j:{SECRET}@host:notaport",  # was an internal error
    f"bolt://neo4j:{SECRET}@[::1",
    f"http://neo4j:{SECRET}@host",
    f"bolt://127.0.0.1:7687/{SECRET}",
    f"{SECRET}",
]


@pytest.mark.parametrize("uri", LEAKY_URIS)
def test_a_bad_uri_is_refused_without_echoing_it(uri):
    with pytest.raises(UsageError) as err:
        from_environment({"NEO4J_URI": uri, "NEO4J_PASSWORD": "other-password"})
    assert SECRET not in str(err.value)
    assert SECRET not in redact(uri)


@pytest.mark.parametrize("uri", LEAKY_URIS[:4])
def test_the_cli_never_prints_a_password_from_the_uri(uri):
    result = runner.invoke(app, ["sources"], env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "other-password"})
    assert result.exit_code == 2
    assert SECRET not in result.output and "Traceback" not in result.output


def test_an_unreachable_uri_with_a_query_is_shown_without_it():
    port = probes.free_ports(1)[0]
    result = runner.invoke(
        app,
        ["sources"],
        env={
            "NEO4J_URI": f"neo4j://127.0.0.1:{port}?policy={SECRET}",
            "NEO4J_PASSWORD": "whatever1",
            "RELGRAPH_CONNECT_TIMEOUT": "2",
        },
    )
    assert result.exit_code == 3
    assert f"127.0.0.1:{port}" in result.stderr and SECRET not in result.output


def test_repr_of_a_connection_hides_the_password():
    conn = from_environment({"NEO4J_URI": "bolt://127.0.0.1:7687", "NEO4J_PASSWORD": SECRET})
    assert SECRET not in repr(conn) and SECRET not in str(conn)


# ---- the driver's warnings ----------------------------------------------------------------


def test_driver_retry_warnings_do_not_reach_stderr():
    code = (
        "import logging, relgraph.db.graph; "
        "logging.getLogger('neo4j.pool').warning('Transaction failed and will be retried in 1.0s'); "
        "logging.getLogger('neo4j').warning('deadlock detected')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == ""


# ---- transaction logs ---------------------------------------------------------------------


def test_transaction_logs_are_pruned_by_default(tmp_path):
    conf = ServerConfig(home=tmp_path, heap="1g", pagecache="128m").neo4j_conf()
    assert "db.tx_log.rotation.retention_policy=1G size" in conf
    assert "db.tx_log.rotation.size=256M" in conf


# ---- an automatic start uses the last start's ports ---------------------------------------


@pytest.mark.skipif(not is_installed(), reason="the managed server is not installed (relgraph server install)")
def test_an_automatic_start_that_fails_exits_3_naming_the_last_ports(tmp_path):
    home = _home(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        bolt = busy.getsockname()[1]
        http = probes.free_ports(1)[0]
        remember(ServerConfig(home=home, bolt_port=bolt, http_port=http, heap="512m", pagecache="64m"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        result = subprocess.run(
            [sys.executable, "-m", "relgraph", "who-influences", "Russia", "Pakistan"],
            env={**env, "RELGRAPH_DATA_DIR": str(home)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 3, result.stderr
    assert f"starting it (Bolt {bolt}, HTTP {http})" in result.stderr
    assert f"Bolt port {bolt}" in result.stderr and "could not be started" in result.stderr
    assert "7687" not in result.stderr
    assert process.status(home) is None


# ---- ad-hoc Cypher ------------------------------------------------------------------------

REFUSED = [
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("LOAD CSV FROM 'https://example.com/data.csv' AS row RETURN row", "LOAD CSV"),
    ("LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:7474/' AS row RETURN row", "LOAD CSV"),
    ("CALL () { LOAD CSV FROM 'http://169.254.169.254/latest/meta-data/' AS row RETURN row } RETURN 1", "LOAD CSV"),
    ("RETURN 1 AS x UNION LOAD CSV FROM 'file:///x' AS r RETURN r[0] AS x", "LOAD CSV"),
    ("SHOW SETTINGS", "SETTINGS"),
    ("SHOW SETTINGS YIELD name, value WHERE name CONTAINS 'password' RETURN name, value", "SETTINGS"),
    ("SHOW TRANSACTIONS", "TRANSACTIONS"),
    ("SHOW PROCEDURES", "PROCEDURES"),
    ("SHOW FUNCTIONS", "FUNCTIONS"),
    ("SHOW USERS", "administration"),
    ("SHOW DATABASES", "administration"),
    ("SHOW CURRENT USER", "administration"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    ("CALL db.stats.collect('QUERIES')", "db.stats.collect"),
    ("CALL db.stats.retrieve('GRAPH COUNTS')", "db.stats.retrieve"),
    ("CALL `db`.`stats`.`retrieve`('GRAPH COUNTS') YIELD data RETURN data", "db.stats.retrieve"),
    ("CALL `db.stats.retrieve`('GRAPH COUNTS')", "procedure"),
    ("CALL db.clearQueryCaches()", "db.clearQueryCaches"),
    ("CALL dbms.listConfig()", "dbms.listConfig"),
    ("CALL db.createLabel('Planted')", "db.createLabel"),
    ("CREATE (n:Planted) RETURN n", "writes"),
    ("MATCH (n) DETACH DELETE n", "writes"),
    ("MERGE (n:State {id: 'XXX'}) RETURN n.id AS id", "writes"),
    ("MATCH (n:State {id: 'RUS'}) SET n.name = 'Planted' RETURN n.name AS name", "writes"),
    ("CALL () { CREATE (:Planted) } IN TRANSACTIONS", "writes"),
    ("CREATE INDEX planted FOR (n:Planted) ON (n.x)", "schema"),
]
ALLOWED = [
    "CALL dbms.components()",
    "CALL `dbms`.`components`() YIELD name RETURN name",
    "CALL db.labels()",
    "SHOW INDEXES",
    "SHOW CONSTRAINTS",
    "MATCH (s:State) RETURN count(s) AS states",
    "RETURN 'LOAD CSV and CREATE are only words here' AS s",
]


def test_adhoc_cypher_refuses_what_is_not_a_plain_read_and_changes_nothing(loaded, neo4j_env):
    before = checksum(loaded)
    for statement, fragment in REFUSED:
        result = runner.invoke(app, ["cypher", statement], env=neo4j_env)
        assert result.exit_code == 2, (statement, result.output)
        assert fragment in result.stderr, (statement, result.stderr)
    assert checksum(loaded) == before


@pytest.mark.parametrize("statement", ALLOWED)
def test_adhoc_cypher_allows_reads_and_the_read_only_procedures(loaded, neo4j_env, statement):
    result = runner.invoke(app, ["cypher", statement, "-f", "json"], env=neo4j_env)
    assert result.exit_code == 0, result.output


# ---- text from the graph on a terminal ----------------------------------------------------

HOSTILE_TITLE = "T\x1b]0;owned\x07 \u202eevil\x9b2J"  # as a Browser user or an old relgraph could have stored it
INJECTED = ("\x1b]0;owned", "\u202e", "\x9b", "\x07")


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What `relgraph ARGS` writes to a terminal (a pseudo-terminal)."""
    import pty

    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "relgraph", *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    assert child.wait(60) == 0, data
    return data.decode(errors="replace")


def test_text_from_the_graph_reaches_a_terminal_escaped_in_every_format(graph, neo4j_env, tmp_path):
    import json

    from relgraph.loading.loader import load_all

    from .test_two_sources import seed

    (tmp_path / "a.yaml").write_text(seed("source-a", 730))
    load_all(graph, [tmp_path])
    graph.driver.execute_query("MATCH (s:Source {id: 'source-a'}) SET s.title = $t", {"t": HOSTILE_TITLE})
    for fmt in ("table", "json", "ndjson"):
        result = runner.invoke(app, ["sources", "-f", fmt], env=neo4j_env)
        assert result.exit_code == 0
        assert not any(bad in result.output for bad in INJECTED), (fmt, result.output)
    assert json.loads(runner.invoke(app, ["sources", "-f", "json"], env=neo4j_env).stdout)[0]["title"] == HOSTILE_TITLE
    piped = runner.invoke(app, ["sources", "-f", "csv"], env=neo4j_env).stdout
    assert HOSTILE_TITLE in piped  # CSV in a pipe is data, kept exact
    env = {**os.environ, **neo4j_env, "RELGRAPH_PAGER": "off", "NO_COLOR": "1"}
    for fmt in ("table", "csv"):
        shown = _on_a_terminal(["sources", "-f", fmt], env)
        assert "source-a" in shown and not any(bad in shown for bad in INJECTED), (fmt, shown)
