"""Which Neo4j a command talks to, and getting it ready.

``describe`` only describes: NEO4J_URI's server, or the managed one (installed? running? where?).
``connect`` makes it usable: with NEO4J_URI set, that server as it is; else the managed server,
started (with the ports and sizes of its last start) if it is installed but stopped, saying so.
Nothing is ever downloaded here: when the managed server is not installed, the answer is an error
naming `relgraph server install` (exit code 3).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import DatabaseUnavailable, ServerError, ServerNotInstalled
from ..db.connection import Connection, from_environment
from . import process
from .config import ServerConfig, last_config
from .install import is_installed
from .paths import NEO4J_VERSION, data_dir

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Target:
    """Where relgraph would connect, without connecting."""

    connection: Connection | None  # set when NEO4J_URI names a server, or the managed one runs
    managed: bool
    home: Path | None = None
    installed: bool = False
    running: process.ServerStatus | None = None
    last: ServerConfig | None = None  # the managed server's last start settings

    @property
    def bolt_uri(self) -> str:
        if self.connection is not None:
            return self.connection.uri
        port = self.last.bolt_port if self.last else 7687
        return f"bolt://127.0.0.1:{port}"

    @property
    def browser_url(self) -> str | None:
        if self.connection is not None:
            return self.connection.browser_url
        return f"http://127.0.0.1:{self.last.http_port if self.last else 7474}/browser/" if self.managed else None


def describe(environ: dict[str, str] | None = None) -> Target:
    env = from_environment(os.environ if environ is None else environ)
    if env is not None:
        return Target(env, managed=False)
    home = data_dir()
    running = process.status(home)
    database = os.environ.get("NEO4J_DATABASE") or None
    conn = process.connection(running, database) if running else None
    return Target(conn, managed=True, home=home, installed=is_installed(), running=running, last=last_config(home))


def connect(progress: Progress, start: bool = True) -> Connection:
    """A usable connection: NEO4J_URI's server, or the managed one (started here if need be)."""
    target = describe()
    if target.connection is not None:
        return target.connection
    assert target.home is not None
    if not target.installed:
        raise ServerNotInstalled(
            f"No Neo4j to talk to: NEO4J_URI is not set and the managed server is not installed "
            f"(Neo4j {NEO4J_VERSION}).",
            "Run `relgraph server install` then `relgraph server start`, or set NEO4J_URI.",
        )
    if not start:
        raise DatabaseUnavailable(
            f"The relgraph-managed Neo4j is not running (data folder {target.home}).",
            "Start it with `relgraph server start`, or set NEO4J_URI.",
        )
    config = target.last or ServerConfig(home=target.home)
    progress(f"The managed Neo4j is not running; starting it (Bolt {config.bolt_port}, HTTP {config.http_port}) ...")
    try:
        running = process.start(config, progress=progress)
    except ServerError as exc:
        raise DatabaseUnavailable(
            f"The managed Neo4j could not be started: {exc.message}", exc.hint or "See `relgraph server logs`."
        ) from None
    return process.connection(running, os.environ.get("NEO4J_DATABASE") or None)
