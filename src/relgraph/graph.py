"""The one module that talks to Neo4j.

It owns the driver, runs catalogue queries (reads in read transactions, writes
in managed write transactions) and turns driver errors into relgraph errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, NotificationMinimumSeverity, RoutingControl, unit_of_work
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

from .catalogue import Query
from .connection import Connection
from .errors import DatabaseUnavailable, DataError, RelgraphError, UsageError

Row = dict[str, Any]
T = TypeVar("T")


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
        if isinstance(exc, Neo4jError) and "MemoryPoolOutOfMemoryError" in (exc.code or ""):
            return DataError(f"Neo4j ran out of transaction memory: {exc.message}",
                             "One seed file is written in one transaction. Give Neo4j more heap "
                             "(`relgraph server stop && relgraph server start --heap 4g`), or split the file.")
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

    def query_type(self, query: Query, params: Mapping[str, Any] | None = None) -> str:
        """What Neo4j says a statement does, without running it (EXPLAIN): 'r', 'w', 'rw' or 's'."""
        try:
            summary = self.driver.execute_query(
                neo4j.Query("EXPLAIN " + query.text, metadata={"app": "relgraph", "query": query.name}),  # type: ignore[arg-type]
                dict(params or {}), routing_=RoutingControl.READ, database_=self.conn.database).summary
        except Exception as exc:
            raise self._translate(exc) from exc
        return summary.query_type or ""

    def schema(self, queries: Iterable[Query]) -> None:
        """Run schema statements (constraints, indexes), each on its own."""
        for query in queries:
            if query.mode != "schema":
                raise UsageError(f"query {query.name!r} is not a schema statement")
            try:
                self.driver.execute_query(self._query(query), database_=self.conn.database)
            except Exception as exc:
                raise self._translate(exc) from exc

    def transaction(self, work: Callable[["Tx"], T], write: bool, label: str) -> T:
        """Run ``work`` in one managed transaction (read or write). The driver may retry it on
        transient errors (deadlocks, leader changes), so ``work`` must be idempotent."""

        @unit_of_work(metadata={"app": "relgraph", "query": label})
        def run(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx, write))

        try:
            with self.driver.session(database=self.conn.database) as session:
                return session.execute_write(run) if write else session.execute_read(run)
        except RelgraphError:
            raise
        except Exception as exc:
            raise self._translate(exc) from exc


class Tx:
    """A transaction handed to transaction functions: run catalogue queries, nothing else."""

    def __init__(self, tx: neo4j.ManagedTransaction, write: bool) -> None:
        self._tx = tx
        self._write = write
        self.counters: dict[str, int] = {}

    def read(self, query: Query, params: Mapping[str, Any] | None = None) -> list[Row]:
        if query.mode != "read":
            raise UsageError(f"query {query.name!r} is a {query.mode} query, not a read")
        return [record.data() for record in self._tx.run(query.text, dict(params or {}))]

    def run(self, query: Query, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Run a write query; its counters are added to ``self.counters`` and returned."""
        if query.mode != "write" or not self._write:
            raise UsageError(f"query {query.name!r} cannot run here (mode {query.mode})")
        summary = self._tx.run(query.text, dict(params or {})).consume()
        counters = {key.lstrip("_"): value for key, value in vars(summary.counters).items()
                    if isinstance(value, int) and not isinstance(value, bool)}
        for key, value in counters.items():
            self.counters[key] = self.counters.get(key, 0) + value
        return counters
