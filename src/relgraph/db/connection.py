"""Which Neo4j to talk to, described: the server NEO4J_URI names, or the managed local one.

Describing a connection has no side effects: nothing is installed, started or opened here.
``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) may name any server, a
cluster or Aura (bolt://, neo4j://, neo4j+s://, ...).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..core.errors import UsageError

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECT_TIMEOUT = 10.0  # seconds to open a connection (RELGRAPH_CONNECT_TIMEOUT)
QUERY_TIMEOUT = 300.0  # seconds a query or write transaction may take (RELGRAPH_QUERY_TIMEOUT)


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str
    password: str = field(repr=False)
    database: str | None = None
    managed: bool = False
    browser_url: str | None = None
    connect_timeout: float = CONNECT_TIMEOUT
    query_timeout: float = QUERY_TIMEOUT

    def __repr__(self) -> str:  # never show the password
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, managed={self.managed})"


def redact(uri: str) -> str:
    """The URI without any user or password it carries (for messages)."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "(an unparsable URI)"
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return parts._replace(netloc=f"***@{host}{port}").geturl()


def timeouts(environ: Mapping[str, str]) -> dict[str, float]:  # connect_timeout, query_timeout
    """RELGRAPH_CONNECT_TIMEOUT and RELGRAPH_QUERY_TIMEOUT (seconds), checked."""
    out = {}
    for key, name, default in (("connect_timeout", "RELGRAPH_CONNECT_TIMEOUT", CONNECT_TIMEOUT),
                               ("query_timeout", "RELGRAPH_QUERY_TIMEOUT", QUERY_TIMEOUT)):
        raw = environ.get(name, "").strip()
        try:
            value = float(raw) if raw else default
        except ValueError:
            raise UsageError(f"{name} must be a number of seconds, not {raw!r}") from None
        if not 0 < value <= 86_400:
            raise UsageError(f"{name} must be between 0 and 86400 seconds, not {raw}")
        out[key] = value
    return out


def from_environment(environ: Mapping[str, str] | None = None) -> Connection | None:
    """The connection NEO4J_* variables describe, or None when NEO4J_URI is unset."""
    environ = os.environ if environ is None else environ
    uri = environ.get("NEO4J_URI", "").strip()
    if not uri:
        return None
    try:
        parts = urlsplit(uri)
        has_credentials = parts.username is not None or parts.password is not None
    except ValueError:
        raise UsageError(f"NEO4J_URI {redact(uri)!r} is not a URI.") from None
    if has_credentials:
        raise UsageError(f"NEO4J_URI {redact(uri)!r} must not carry a user or password; "
                         "set NEO4J_USER and NEO4J_PASSWORD instead.")
    if parts.scheme not in SCHEMES:
        raise UsageError(f"NEO4J_URI {uri!r} has scheme {parts.scheme!r}; use one of {', '.join(s + '://' for s in SCHEMES)}")
    password = environ.get("NEO4J_PASSWORD")
    if not password:
        raise UsageError("NEO4J_URI is set but NEO4J_PASSWORD is not.",
                         "Export NEO4J_PASSWORD (it is never read from the command line).")
    limits = timeouts(environ)
    return Connection(uri=uri, user=environ.get("NEO4J_USER") or "neo4j", password=password,
                      database=environ.get("NEO4J_DATABASE") or None, connect_timeout=limits["connect_timeout"],
                      query_timeout=limits["query_timeout"])
