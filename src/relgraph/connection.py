"""Which Neo4j to talk to: the one named by NEO4J_URI, else the managed local server.

``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) may
name any server, a cluster or Aura (bolt://, neo4j://, neo4j+s://, ...). Without
it, relgraph uses the server it manages itself, installing and starting it on
demand.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import managed
from .errors import DatabaseUnavailable, UsageError

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str
    password: str
    database: str | None = None
    managed: bool = False
    browser_url: str | None = None

    def __repr__(self) -> str:  # never show the password
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, managed={self.managed})"


def from_environment(environ: Mapping[str, str]) -> Connection | None:
    """The connection NEO4J_* variables describe, or None when NEO4J_URI is unset."""
    uri = environ.get("NEO4J_URI", "").strip()
    if not uri:
        return None
    parts = urlsplit(uri)
    if parts.scheme not in SCHEMES:
        raise UsageError(f"NEO4J_URI {uri!r} has scheme {parts.scheme!r}; use one of {', '.join(s + '://' for s in SCHEMES)}")
    if parts.username or parts.password:
        raise UsageError("NEO4J_URI must not carry a user or password; set NEO4J_USER and NEO4J_PASSWORD instead.")
    password = environ.get("NEO4J_PASSWORD")
    if not password:
        raise UsageError("NEO4J_URI is set but NEO4J_PASSWORD is not.", "Export NEO4J_PASSWORD (it is never read from the command line).")
    return Connection(uri=uri, user=environ.get("NEO4J_USER") or "neo4j", password=password,
                      database=environ.get("NEO4J_DATABASE") or None)


def managed_connection(progress: managed.Progress, start: bool = True) -> Connection:
    """The managed local server, installed and started if it is not running (when ``start``)."""
    home = managed.data_dir()
    running = managed.status(home)
    if running is None:
        if not start:
            raise DatabaseUnavailable(f"The relgraph-managed Neo4j is not running (data folder {home}).",
                                      "Start it with `relgraph server start`, or set NEO4J_URI.")
        if not managed.is_installed():
            managed.install(progress)
        running = managed.start(managed.ServerConfig(home=home), progress)
    return Connection(uri=running.uri, user=managed.USER, password=managed.read_password(home),
                      database=os.environ.get("NEO4J_DATABASE") or None, managed=True,
                      browser_url=running.browser_url)


def resolve(progress: managed.Progress, environ: Mapping[str, str] | None = None, start: bool = True) -> Connection:
    """NEO4J_URI when set, else the managed server (started on demand)."""
    environ = os.environ if environ is None else environ
    return from_environment(environ) or managed_connection(progress, start=start)
