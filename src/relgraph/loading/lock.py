"""One load writes at a time: a lock node in the database with a lease, renewed while the load runs.

A waiting load says so once; a holder on this host whose process is gone is replaced at once; one on
another host is replaced when its lease runs out.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from typing import Any

import psutil

from ..core.errors import DataError, RelgraphError
from ..db.graph import Graph, Tx
from ..queries import catalogue
from .results import Say, _quiet

LEASE_MS = 180_000  # the load lock's lease, renewed as the load goes
CREATED_TWICE = "Neo.ClientError.Schema.ConstraintValidationFailed"
LOCK_CONSTRAINT = "load_lock"  # cypher/load/schema_load_lock.cypher


def ensure_lock_schema(graph: Graph) -> None:
    """The lock node's uniqueness constraint, created first and alone: without it, loads starting together
    on an empty database could each MERGE a lock node of their own. The rest of the schema is created under
    the lock (``schema.ensure_schema``), so that no load writes while another changes the schema."""
    existing = {row["name"] for row in graph.read(catalogue.get("schema_names"))}
    if LOCK_CONSTRAINT not in existing:
        graph.schema_batch([catalogue.get("schema_load_lock")])


class LoadLock:
    """One load writes at a time: a lock node with a lease, renewed while the load runs."""

    def __init__(self, graph: Graph, say: Say = _quiet, wait: float = 3600.0) -> None:
        self.graph = graph
        self.say = say
        self.wait = wait
        self.host = socket.gethostname()
        self.pid = os.getpid()
        self.holder = f"{self.host}:{self.pid}:{secrets.token_hex(4)}"

    def params(self) -> dict[str, Any]:
        return {"holder": self.holder, "host": self.host, "pid": self.pid, "lease_ms": LEASE_MS}

    def renew(self, tx: Tx) -> None:
        rows = tx.write_rows(catalogue.get("lock_acquire"), self.params())
        if rows[0]["holder"] != self.holder:
            row = rows[0]
            raise DataError(
                f"Another load (process {row['pid']} on {row['host']}) holds the load lock this one "
                f"was writing under (lease until {row['expires']}, server time {row['now']}; ms).",
                "Run the load again; if a server is very slow, see docs/loading.md.",
            )

    def ask(self) -> dict[str, Any]:
        """Take the lock if it is free (or renew it), and say who holds it. Loads asking at the same moment
        while the lock's node does not exist yet both create it; the uniqueness constraint refuses the
        second, which then asks again and finds the node."""
        for attempt in (1, 2):
            try:
                return self.graph.transaction(
                    lambda tx: tx.write_rows(catalogue.get("lock_acquire"), self.params())[0], write=True, label="lock"
                )
            except RelgraphError as exc:
                if attempt == 2 or getattr(exc.__cause__, "code", None) != CREATED_TWICE:
                    raise
        raise AssertionError("unreachable")

    def __enter__(self) -> LoadLock:
        ensure_lock_schema(self.graph)
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            row = self.ask()
            if row["holder"] == self.holder:
                return self
            if row["host"] == self.host and row["pid"] and not psutil.pid_exists(int(row["pid"])):
                gone = row["holder"]
                steal: dict[str, Any] = {**self.params(), "gone": gone}
                self.graph.transaction(
                    lambda tx: tx.write_rows(catalogue.get("lock_steal"), steal),  # noqa: B023 (called at once)
                    write=True,
                    label="lock",
                )
                continue
            if not told:
                self.say(f"waiting for another load to finish (process {row['pid']} on {row['host']}) ...")
                told = True
            if time.monotonic() > deadline:
                raise DataError(
                    f"Another load (process {row['pid']} on {row['host']}) held the load lock for more "
                    f"than {self.wait:.0f} s.",
                    "Try again when it has finished.",
                )
            time.sleep(0.5)

    def __exit__(self, *exc: object) -> None:
        try:
            self.graph.transaction(
                lambda tx: tx.run(catalogue.get("lock_release"), {"holder": self.holder}), write=True, label="lock"
            )
        except RelgraphError:
            pass  # the lease runs out on its own
