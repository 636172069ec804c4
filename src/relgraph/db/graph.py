"""The one module that talks to Neo4j.

It owns the driver, runs statements (reads in read transactions, writes in managed write
transactions), bounds every call in time, and turns driver errors into relgraph errors.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import neo4j
from neo4j import GraphDatabase, NotificationMinimumSeverity, RoutingControl, unit_of_work
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

from ..core.errors import DatabaseUnavailable, DataError, RelgraphError, TransactionMemoryError, UsageError
from .connection import Connection, redact

Row = dict[str, Any]
T = TypeVar("T")

SCHEMA_RACES = 5  # how often a schema batch is run again when a concurrent load created one of its objects first
_ALREADY_THERE = {
    f"Neo.ClientError.Schema.{code}"
    for code in (
        "EquivalentSchemaRuleAlreadyExists",
        "ConstraintAlreadyExists",
        "IndexAlreadyExists",
        "ConstraintWithNameAlreadyExists",
        "IndexWithNameAlreadyExists",
    )
}

# The driver logs retries of deadlocked transactions as warnings; they are routine, not news.
logging.getLogger("neo4j").setLevel(logging.ERROR)


class Statement(Protocol):
    """What the graph runs: a named statement with a mode (read, write or schema)."""

    @property
    def name(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def text(self) -> str: ...


class Deadline(Exception):
    """A call to Neo4j took longer than its time limit (the server may be frozen)."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Bound a blocking call in time. Works in the main thread only (elsewhere it does nothing)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise Deadline()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _driver(uri: str, user: str, password: str, timeout: float) -> neo4j.Driver:
    return GraphDatabase.driver(
        uri,
        auth=(user, password),
        connection_timeout=timeout,
        connection_acquisition_timeout=timeout,
        max_transaction_retry_time=timeout,
        user_agent="relgraph",
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


def probe(uri: str, user: str, password: str, timeout: float = 2.0) -> bool:
    """Does a Neo4j answer at ``uri`` and accept this login? (The managed server's readiness check.)"""
    try:
        with deadline(timeout * 3), _driver(uri, user, password, timeout) as driver:
            driver.verify_connectivity()
        return True
    except (Neo4jError, DriverError, OSError, Deadline):
        return False


def _hint(conn: Connection) -> str:
    if conn.managed:
        return "Start the managed server with `relgraph server start` (see `relgraph server logs`)."
    return "Check NEO4J_URI, that the server is up, and the network; unset NEO4J_URI to use the managed local server."


class Graph:
    """A connection to one Neo4j database. Use as a context manager."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._driver: neo4j.Driver | None = None

    def __enter__(self) -> Graph:
        try:
            with deadline(self.conn.connect_timeout * 2):
                self._driver = _driver(self.conn.uri, self.conn.user, self.conn.password, self.conn.connect_timeout)
                self._driver.verify_connectivity()
        except BaseException as exc:
            self.close()
            translated = self._translate(exc)
            if translated is exc and isinstance(exc, Exception):  # the driver's own text may quote the URI
                raise DatabaseUnavailable(
                    f"Cannot open a connection to Neo4j at {redact(self.conn.uri)} ({type(exc).__name__}).",
                    _hint(self.conn),
                ) from None
            raise translated from exc
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._driver is not None:
            try:
                self._driver.close()
            except Exception:  # closing a connection to a dead server must not hide the real error
                pass
            self._driver = None

    @property
    def driver(self) -> neo4j.Driver:
        if self._driver is None:
            raise RuntimeError("Graph is not open; use it in a with block")
        return self._driver

    def _translate(self, exc: BaseException) -> BaseException:
        uri = redact(self.conn.uri)
        if isinstance(exc, RelgraphError):
            return exc
        if isinstance(exc, Deadline):
            return DatabaseUnavailable(
                f"Neo4j at {uri} did not answer in time (the server may be frozen or overloaded).",
                "Check the server (`relgraph server status`); raise the limits with "
                "RELGRAPH_CONNECT_TIMEOUT or RELGRAPH_QUERY_TIMEOUT (seconds).",
            )
        if isinstance(exc, AuthError):
            return DatabaseUnavailable(
                f"Login to Neo4j at {uri} as {self.conn.user!r} failed.",
                "Check NEO4J_USER and NEO4J_PASSWORD."
                if not self.conn.managed
                else "The managed server's password file does not match its database.",
            )
        if isinstance(exc, (ServiceUnavailable, OSError)) or (
            isinstance(exc, DriverError) and not isinstance(exc, Neo4jError)
        ):
            return DatabaseUnavailable(f"Neo4j is not reachable at {uri}.", _hint(self.conn))
        if isinstance(exc, ClientError) and exc.code and "DatabaseNotFound" in exc.code:
            return UsageError(f"Neo4j at {uri} has no database {self.conn.database!r}.", "Check NEO4J_DATABASE.")
        if isinstance(exc, ClientError) and any(part in (exc.code or "") for part in (".Statement.", ".Procedure.")):
            return UsageError(f"Neo4j cannot run this statement: {exc.message or exc}")
        if isinstance(exc, Neo4jError) and "MemoryPoolOutOfMemoryError" in (exc.code or ""):
            return TransactionMemoryError(
                f"Neo4j ran out of transaction memory: {exc.message}",
                "Give Neo4j more heap (`relgraph server stop && relgraph server start --heap 8g`), "
                "or load with a smaller --transaction-size.",
            )
        if isinstance(exc, Neo4jError) and "TransactionTimedOut" in (exc.code or ""):
            return DataError(
                f"The query took longer than {self.conn.query_timeout:.0f} s and was stopped.",
                "Narrow it down, or raise RELGRAPH_QUERY_TIMEOUT (seconds).",
            )
        if isinstance(exc, Neo4jError):
            return DataError(f"Neo4j refused the query: {exc.message or exc}")
        return exc

    def _query(self, statement: Statement, timeout: float | None = None, explain: bool = False) -> neo4j.Query:
        text = ("EXPLAIN " + statement.text) if explain else statement.text
        return neo4j.Query(
            text,
            metadata={"app": "relgraph", "query": statement.name},  # type: ignore[arg-type]
            timeout=timeout or self.conn.query_timeout,
        )

    def _run(self, call: Callable[[], T]) -> T:
        try:
            with deadline(self.conn.query_timeout + self.conn.connect_timeout):
                return call()
        except Exception as exc:
            raise self._translate(exc) from exc

    def read(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a read statement in a read transaction; rows as plain dicts."""
        if statement.mode != "read":
            raise UsageError(f"query {statement.name!r} is a {statement.mode} query, not a read")
        records, _, _ = self._run(
            lambda: self.driver.execute_query(
                self._query(statement), dict(params or {}), routing_=RoutingControl.READ, database_=self.conn.database
            )
        )
        return [record.data() for record in records]

    def explain(self, statement: Statement, params: Mapping[str, Any] | None = None) -> neo4j.ResultSummary:
        """What Neo4j makes of a statement without running it (EXPLAIN): query type, plan, notifications."""
        return self._run(
            lambda: (
                self.driver.execute_query(
                    self._query(statement, explain=True),
                    dict(params or {}),
                    routing_=RoutingControl.READ,
                    database_=self.conn.database,
                ).summary
            )
        )

    def schema(self, statements: Iterable[Statement]) -> None:
        """Run schema statements (constraints, indexes), each on its own."""
        for statement in statements:
            if statement.mode != "schema":
                raise UsageError(f"query {statement.name!r} is not a schema statement")
            query = self._query(statement)
            self._run(lambda: self.driver.execute_query(query, database_=self.conn.database))  # noqa: B023

    def schema_batch(self, statements: Iterable[Statement], wait: float = 300.0) -> None:
        """Create several schema objects in one transaction (much faster than one by one), then wait
        until their indexes are online."""
        batch = list(statements)
        for statement in batch:
            if statement.mode != "schema":
                raise UsageError(f"query {statement.name!r} is not a schema statement")

        def create(tx: neo4j.ManagedTransaction) -> None:
            for statement in batch:
                tx.run(statement.text).consume()

        def call() -> None:
            with self.driver.session(database=self.conn.database) as session:
                # A managed transaction: loads starting together on an empty database deadlock on the schema
                # locks, and the driver retries the one Neo4j chose to stop. Two that both found an object
                # missing race to create it; the second is refused ("equivalent ... already exists"), and once
                # more finds it there (every statement says IF NOT EXISTS).
                for attempt in range(SCHEMA_RACES):
                    try:
                        session.execute_write(create)
                        break
                    except ClientError as exc:
                        if exc.code not in _ALREADY_THERE or attempt == SCHEMA_RACES - 1:
                            raise
                session.run(
                    neo4j.Query("CALL db.awaitIndexes($seconds)", timeout=wait + 10),  # type: ignore[arg-type]
                    {"seconds": int(wait)},
                ).consume()

        self._run(call)

    def write_in_transactions(
        self, statement: Statement, params: Mapping[str, Any] | None = None, timeout: float = 3600.0
    ) -> dict[str, int]:
        """Run a write statement that commits in parts itself (``CALL { ... } IN TRANSACTIONS``), which Neo4j
        runs only as an auto-commit query; bounded by ``timeout`` seconds as a whole. Returns its counters."""
        if statement.mode != "write":
            raise UsageError(f"query {statement.name!r} is not a write statement")
        query = neo4j.Query(
            statement.text,
            metadata={"app": "relgraph", "query": statement.name},  # type: ignore[arg-type]
            timeout=timeout,
        )

        def call() -> dict[str, int]:
            with self.driver.session(database=self.conn.database) as session:
                summary = session.run(query, dict(params or {})).consume()
            return {
                key.lstrip("_"): value
                for key, value in vars(summary.counters).items()
                if isinstance(value, int) and not isinstance(value, bool)
            }

        try:
            with deadline(timeout + self.conn.connect_timeout):
                return call()
        except Exception as exc:
            raise self._translate(exc) from exc

    def transaction(self, work: Callable[[Tx], T], write: bool, label: str) -> T:
        """Run ``work`` in one managed transaction (read or write). The driver may retry it on
        transient errors (deadlocks, leader changes), so ``work`` must be idempotent."""

        @unit_of_work(metadata={"app": "relgraph", "query": label}, timeout=self.conn.query_timeout)
        def run(tx: neo4j.ManagedTransaction) -> T:
            return work(Tx(tx, write))

        def call() -> T:
            with self.driver.session(database=self.conn.database) as session:
                return session.execute_write(run) if write else session.execute_read(run)

        return self._run(call)


def _forget_parameters(result: neo4j.Result) -> None:
    """Let a consumed result's parameters go. The driver keeps every result of a transaction until it ends,
    each with its parameters (in its metadata and its summary): a load's transaction of 100,000 facts kept
    every row it had sent, some 120 MB. Private attributes of the driver (6.x), so looked up with care."""
    metadata = getattr(result, "_metadata", None)
    if isinstance(metadata, dict):
        metadata.pop("parameters", None)
    summary = getattr(result, "_summary", None)
    if summary is not None and hasattr(summary, "parameters"):
        summary.parameters = None


class Tx:
    """A transaction handed to transaction functions: run statements, nothing else."""

    def __init__(self, tx: neo4j.ManagedTransaction, write: bool) -> None:
        self._tx = tx
        self._write = write
        self.counters: dict[str, int] = {}

    def read(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        if statement.mode != "read":
            raise UsageError(f"query {statement.name!r} is a {statement.mode} query, not a read")
        return [record.data() for record in self._tx.run(statement.text, dict(params or {}))]

    def write_rows(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a write statement that returns rows (a count to check); its counters are added too."""
        if statement.mode != "write" or not self._write:
            raise UsageError(f"query {statement.name!r} cannot run here (mode {statement.mode})")
        result = self._tx.run(statement.text, dict(params or {}))
        rows = [record.data() for record in result]
        self._count(result.consume())
        _forget_parameters(result)
        return rows

    def _count(self, summary: neo4j.ResultSummary) -> dict[str, int]:
        counters = {
            key.lstrip("_"): value
            for key, value in vars(summary.counters).items()
            if isinstance(value, int) and not isinstance(value, bool)
        }
        for key, value in counters.items():
            self.counters[key] = self.counters.get(key, 0) + value
        return counters

    def run(self, statement: Statement, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Run a write statement; its counters are added to ``self.counters`` and returned."""
        if statement.mode != "write" or not self._write:
            raise UsageError(f"query {statement.name!r} cannot run here (mode {statement.mode})")
        result = self._tx.run(statement.text, dict(params or {}))
        counters = self._count(result.consume())
        _forget_parameters(result)
        return counters
