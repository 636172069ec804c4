"""relgraph's errors and the exit code each one maps to.

Every error a user can cause or meet is one of these; the CLI prints its message (no traceback)
and exits with its ``exit_code``: 0 ok, 1 data or query error, 2 usage error, 3 database unreachable.
"""

from __future__ import annotations

OK = 0
DATA_ERROR = 1
USAGE_ERROR = 2
UNREACHABLE = 3


class RelgraphError(Exception):
    """Base class: a message meant for the user, an optional hint (what to do), and an exit code."""

    exit_code = DATA_ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class DataError(RelgraphError):
    """Bad seed or dataset input, or a query that failed on the data."""

    exit_code = DATA_ERROR


class TransactionMemoryError(DataError):
    """Neo4j refused a transaction for want of memory (it was rolled back: nothing of it was written)."""


class UsageError(RelgraphError):
    """The command was asked for something it cannot do (unknown name, bad option)."""

    exit_code = USAGE_ERROR


class DatabaseUnavailable(RelgraphError):
    """Neo4j could not be reached, or refused the login."""

    exit_code = UNREACHABLE


class ServerNotInstalled(DatabaseUnavailable):
    """The managed server is needed but its jars were never fetched (relgraph never downloads on its own)."""


class ServerError(RelgraphError):
    """The managed local Neo4j server could not be installed, started or stopped."""

    exit_code = DATA_ERROR
