"""The one module that talks to Neo4j.

It owns the driver, runs catalogue queries (reads in read transactions, writes
in managed write transactions) and turns driver errors into relgraph errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import neo4j
from neo4j import GraphDatabase, NotificationMinimumSeverity, RoutingControl, unit_of_work
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

from .catalogue import Query
from .connection import Connection
from .errors import DatabaseUnavailable, DataError, UsageError

Row = dict[str, Any]


def _hint(conn: Connection) -> str:
    if conn.managed:
        return "Start the managed server with `relgraph server start` (see `relgraph server logs`)."
    return "Check NEO4J_URI, that the server is up, and the network; unset NEO4J_URI to use the managed local server."


class Graph:
    """A connection to one Neo4j database. Use as a context manager."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._driver: neo4j.Driver | None = None

    def __enter__(self) -> "Graph":
        try:
            self._driver = GraphDatabase.driver(
                self.conn.uri, auth=(self.conn.user, self.conn.password), connection_timeout=10,
                user_agent="relgraph", notifications_min_severity=NotificationMinimumSeverity.OFF)
            self._driver.verify_connectivity()
        except BaseException as exc:
            self.close()
            raise self._translate(exc) from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            raise RuntimeError("Graph is not open; use it in a with block")
        return self._driver

    def _translate(self, exc: BaseException) -> BaseException:
        uri = self.conn.uri
        if isinstance(exc, AuthError):
            return DatabaseUnavailable(f"Login to Neo4j at {uri} as {self.conn.user!r} failed.",
                                       "Check NEO4J_USER and NEO4J_PASSWORD." if not self.conn.managed else
                                       "The managed server's password file does not match its database.")
        if isinstance(exc, (ServiceUnavailable, OSError)) or (isinstance(exc, DriverError) and not isinstance(exc, Neo4jError)):
            return DatabaseUnavailable(f"Neo4j is not reachable at {uri}.", _hint(self.conn))
        if isinstance(exc, ClientError) and exc.code and "DatabaseNotFound" in exc.code:
            return UsageError(f"Neo4j at {uri} has no database {self.conn.database!r}.", "Check NEO4J_DATABASE.")
        if isinstance(exc, Neo4jError):
            return DataError(f"Neo4j refused the query: {exc.message or exc}")
        return exc

    def _query(self, query: Query) -> neo4j.Query:
        return neo4j.Query(query.text, metadata={"app": "relgraph", "query": query.name})  # type: ignore[arg-type]

    def read(self, query: Query, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a read query in a read transaction; rows as plain dicts."""
        if query.mode != "read":
            raise UsageError(f"query {query.name!r} is a {query.mode} query, not a read")
        try:
            records, _, _ = self.driver.execute_query(
                self._query(query), dict(params or {}), routing_=RoutingControl.READ, database_=self.conn.database)
        except Exception as exc:
            raise self._translate(exc) from exc
        return [record.data() for record in records]

    def schema(self, queries: Iterable[Query]) -> None:
        """Run schema statements (constraints, indexes), each on its own."""
        for query in queries:
            if query.mode != "schema":
                raise UsageError(f"query {query.name!r} is not a schema statement")
            try:
                self.driver.execute_query(self._query(query), database_=self.conn.database)
            except Exception as exc:
                raise self._translate(exc) from exc

    def write(self, steps: list[tuple[Query, Mapping[str, Any]]], label: str = "write") -> dict[str, int]:
        """Run write steps in ONE managed write transaction (retried as a whole; steps must be idempotent).

        Returns the summed counters (nodes_created, relationships_created, properties_set, ...).
        """
        for query, _ in steps:
            if query.mode != "write":
                raise UsageError(f"query {query.name!r} is not a write query")

        @unit_of_work(metadata={"app": "relgraph", "query": label})
        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            totals: dict[str, int] = {}
            for query, params in steps:
                summary = tx.run(query.text, dict(params)).consume()
                for key, value in vars(summary.counters).items():
                    if isinstance(value, int) and not isinstance(value, bool):
                        totals[key.lstrip("_")] = totals.get(key.lstrip("_"), 0) + value
            return totals

        try:
            with self.driver.session(database=self.conn.database) as session:
                return session.execute_write(work)
        except Exception as exc:
            raise self._translate(exc) from exc
