"""Which Neo4j to talk to, described: the server NEO4J_URI names, or the managed local one.

Describing a connection has no side effects: nothing is installed, started or opened here.
``NEO4J_URI`` (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``) may name any server, a
cluster or Aura (bolt://, neo4j://, neo4j+s://, ...).
"""

from __future__ import annotations

import os
import re
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
        return f"Connection(uri={redact(self.uri)!r}, user={self.user!r}, database={self.database!r}, managed={self.managed})"


def redact(uri: str) -> str:
    """What of a URI may be shown: scheme, host and port. Never a user or password, nor a path or query
    (a password pasted there would be shown too); an unparsable URI is not shown at all."""
    hidden = "(not shown: it cannot be parsed)"
    try:
        parts = urlsplit(uri.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return hidden
    if not re.fullmatch(r"[a-z][a-z0-9+.-]{0,15}", parts.scheme) or not host:
        return hidden
    host = f"[{host}]" if ":" in host else host
    shown = f"{parts.scheme}://{'***@' if '@' in parts.netloc else ''}{host}{f':{port}' if port else ''}"
    return shown + ("/…" if parts.path.strip("/") or parts.query or parts.fragment else "")


def timeouts(environ: Mapping[str, str]) -> dict[str, float]:  # connect_timeout, query_timeout
    """RELGRAPH_CONNECT_TIMEOUT and RELGRAPH_QUERY_TIMEOUT (seconds), checked."""
    out = {}
    for key, name, default in (
        ("connect_timeout", "RELGRAPH_CONNECT_TIMEOUT", CONNECT_TIMEOUT),
        ("query_timeout", "RELGRAPH_QUERY_TIMEOUT", QUERY_TIMEOUT),
    ):
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
    shown = redact(uri)
    usage = "NEO4J_URI takes scheme://host:port, e.g. bolt://127.0.0.1:7687 or neo4j+s://xxxx.databases.neo4j.io"
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018  (raises for a port that is not a number)
    except ValueError:
        raise UsageError(f"NEO4J_URI {shown} is not a URI.", usage) from None
    if "@" in uri:  # a user and password, or part of one (the whole URI is never shown then)
        raise UsageError(
            f"NEO4J_URI {shown} must not carry a user or password; set NEO4J_USER and NEO4J_PASSWORD instead."
        )
    if parts.scheme not in SCHEMES:
        raise UsageError(f"NEO4J_URI {shown} does not start with one of {', '.join(s + '://' for s in SCHEMES)}", usage)
    if not parts.hostname or parts.path.strip("/"):
        raise UsageError(f"NEO4J_URI {shown} names no host, or has a path.", usage)
    password = environ.get("NEO4J_PASSWORD")
    if not password:
        raise UsageError(
            "NEO4J_URI is set but NEO4J_PASSWORD is not.",
            "Export NEO4J_PASSWORD (it is never read from the command line).",
        )
    limits = timeouts(environ)
    return Connection(
        uri=uri,
        user=environ.get("NEO4J_USER") or "neo4j",
        password=password,
        database=environ.get("NEO4J_DATABASE") or None,
        connect_timeout=limits["connect_timeout"],
        query_timeout=limits["query_timeout"],
    )
