"""Helpers shared by the benchmark scripts: sizes, the Neo4j target, processes, sizes on disk, tables.

Nothing here imports relgraph: the benchmarks must run against any relgraph
(old or new loader), so they talk to it only through its command line and
to Neo4j only through the official driver.
"""

from __future__ import annotations

import os
import re
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
WORLDS_DIR = BENCH_DIR / "worlds"
RESULTS_DIR = BENCH_DIR / "results"

SIZES: dict[str, int] = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}

# Relationship types that are not facts (structural). Every other relationship both loaders write is a fact.
STRUCTURAL_TYPES = ("SIDE_OF",)


def size_label(text: str) -> str:
    """'10k', '100K', '1M' -> the canonical label ('10k', '100k', '1m'); anything else is an error."""
    label = text.strip().lower()
    if label not in SIZES:
        raise ValueError(f"size {text!r} is not one of {', '.join(SIZES)}")
    return label


# --- the Neo4j server under test ----------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where the benchmark's Neo4j is, and how to log in. Never printed with its password."""

    uri: str
    user: str
    password: str
    database: str | None = None
    data_dir: Path | None = None  # the server's home (RELGRAPH_DATA_DIR), when known: for store sizes

    def __repr__(self) -> str:
        return f"Target(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, data_dir={self.data_dir})"

    @property
    def bolt_port(self) -> int:
        match = re.search(r":(\d+)/?$", self.uri)
        return int(match.group(1)) if match else 7687

    def env(self) -> dict[str, str]:
        """NEO4J_* variables that point relgraph (or the baseline) at this server."""
        env = {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}
        if self.database:
            env["NEO4J_DATABASE"] = self.database
        return env

    def driver(self) -> Any:
        from neo4j import GraphDatabase, NotificationMinimumSeverity

        return GraphDatabase.driver(
            self.uri,
            auth=(self.user, self.password),
            connection_timeout=10,
            user_agent="relgraph-benchmarks",
            notifications_min_severity=NotificationMinimumSeverity.OFF,
        )


def target_from_env(data_dir: str | Path | None = None, environ: dict[str, str] | None = None) -> Target:
    """The server named by NEO4J_URI (required: there is no default, so a benchmark never wipes a server
    by accident). The password is NEO4J_PASSWORD, else the ``password`` file in ``data_dir``."""
    environ = dict(os.environ if environ is None else environ)
    uri = environ.get("NEO4J_URI", "").strip()
    if not uri:
        raise SystemExit(
            "Set NEO4J_URI (e.g. bolt://127.0.0.1:7690) to the benchmark's own Neo4j; "
            "there is no default, because the benchmark wipes that database."
        )
    home = Path(data_dir).expanduser() if data_dir else None
    password = environ.get("NEO4J_PASSWORD")
    if not password and home and (home / "password").exists():
        password = (home / "password").read_text().strip()
    if not password:
        raise SystemExit("Set NEO4J_PASSWORD, or pass --data-dir with the server's folder (it holds `password`).")
    return Target(
        uri=uri,
        user=environ.get("NEO4J_USER") or "neo4j",
        password=password,
        database=environ.get("NEO4J_DATABASE") or None,
        data_dir=home,
    )


def fact_counts(driver: Any, database: str | None = None) -> dict[str, int]:
    """Relationships per type (from Neo4j's count store: cheap at any size), structural types included."""
    records, _, _ = driver.execute_query(
        "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType", database_=database
    )
    counts: dict[str, int] = {}
    for record in records:
        rel_type = record["relationshipType"]
        rows, _, _ = driver.execute_query(f"MATCH ()-[r:`{rel_type}`]->() RETURN count(r) AS n", database_=database)
        if rows[0]["n"]:
            counts[rel_type] = rows[0]["n"]
    return counts


def graph_counts(driver: Any, database: str | None = None) -> dict[str, Any]:
    """What a load left in the graph: nodes per label of interest, fact relationships, SIDE_OF edges."""
    out: dict[str, Any] = {}
    for label in ("Entity", "State", "Dyad", "Source"):
        rows, _, _ = driver.execute_query(f"MATCH (n:`{label}`) RETURN count(n) AS n", database_=database)
        out[label.lower()] = rows[0]["n"]
    rows, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
    out["nodes"] = rows[0]["n"]
    by_type = fact_counts(driver, database)
    out["fact_relationships"] = sum(n for t, n in by_type.items() if t not in STRUCTURAL_TYPES)
    out["side_of"] = sum(n for t, n in by_type.items() if t in STRUCTURAL_TYPES)
    out["by_type"] = dict(sorted(by_type.items()))
    return out


# --- commands and processes ----------------------------------------------------------------

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def split_command(command: str) -> tuple[dict[str, str], list[str]]:
    """'PYTHONPATH=src python -m relgraph.cli' -> ({'PYTHONPATH': 'src'}, ['python', '-m', 'relgraph.cli']).

    Leading NAME=value words are environment assignments, as in a shell."""
    words = shlex.split(command)
    env: dict[str, str] = {}
    while words and _ASSIGNMENT.match(words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    if not words:
        raise ValueError(f"command {command!r} has nothing to run")
    if words[0] == "python":
        words[0] = sys.executable  # the interpreter running the benchmark, with its packages
    return env, words


def tree_rss(process: Any) -> int:
    """Resident memory of a psutil process and all its descendants, in bytes (0 once it is gone)."""
    import psutil

    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def bolt_listener(port: int) -> Any | None:
    """The psutil process listening on ``port`` on this machine (the Neo4j JVM), or None."""
    import psutil

    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
            return psutil.Process(conn.pid)
    return None


@dataclass
class Measured:
    """One subprocess run: its exit code, output, wall time and peak memory."""

    returncode: int
    seconds: float
    peak_rss: int | None  # the command's process tree (None: it ended before the first sample)
    peak_server_rss: int | None  # the Neo4j JVM, if watched
    stdout_path: Path
    stderr_tail: str


def run_measured(
    argv: Sequence[str],
    env: dict[str, str],
    stdout_path: Path,
    server: Any | None = None,
    interval: float = 0.05,
    cwd: Path | None = None,
) -> Measured:
    """Run ``argv`` to completion, polling its process tree's RSS (and the server's) every ``interval`` s.

    stdout goes to ``stdout_path`` (a load's JSON can be large); stderr is kept in memory, its tail returned."""
    import psutil

    stdout_path.parent.mkdir(parents=True, exist_ok=True)
    stderr_path = stdout_path.with_suffix(".stderr")
    peak = peak_server = 0
    sampled = False
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(list(argv), env=env, stdout=out, stderr=err, cwd=cwd)
        watched = psutil.Process(child.pid)
        while child.poll() is None:
            peak = max(peak, tree_rss(watched))
            sampled = True
            if server is not None:
                try:
                    peak_server = max(peak_server, server.memory_info().rss)
                except psutil.Error:
                    server = None
            time.sleep(interval)
        seconds = time.perf_counter() - started
    tail = "\n".join(stderr_path.read_text(errors="replace").splitlines()[-15:])
    return Measured(
        child.returncode, seconds, peak if sampled else None, peak_server if sampled else None, stdout_path, tail
    )


# --- files, numbers and tables -------------------------------------------------------------


def dir_bytes(path: Path) -> int:
    """Disk usage of a folder (allocated blocks, as `du` counts them); 0 when it does not exist."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def mib(n: int | None) -> float | None:
    return None if n is None else n / 2**20


def fmt(value: Any, digits: int = 1) -> str:
    """A table cell: '-' for missing, numbers with thousands separators and ``digits`` decimals."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-flavoured markdown table with columns padded for reading in a terminal."""
    text_rows = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in text_rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, text_rows)])


def log(message: str) -> None:
    """Progress for the person running a benchmark (stderr, so stdout stays the result)."""
    print(message, file=sys.stderr, flush=True)


# --- an empty database ------------------------------------------------------------------------


def wipe(driver: Any, database: str | None = None, batch: int = 10_000) -> None:
    """Empty the database: every relationship and node (in batches, in an auto-commit session, so a
    million-fact graph never needs one huge transaction), then every constraint and index except the
    two token lookup indexes a new Neo4j database starts with."""
    with driver.session(database=database) as session:
        session.run(f"MATCH ()-[r]->() CALL (r) {{ DELETE r }} IN TRANSACTIONS OF {batch} ROWS").consume()
        session.run(f"MATCH (n) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF {batch} ROWS").consume()
        for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
            session.run(f"DROP CONSTRAINT `{record['name']}` IF EXISTS").consume()
        for record in list(session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")):
            session.run(f"DROP INDEX `{record['name']}` IF EXISTS").consume()


def terminate_other_transactions(driver: Any, database: str | None = None) -> list[str]:
    """Stop every transaction on the server but this one (a query left running by a killed client keeps
    a core busy until it ends). Only for the benchmark's own server."""
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE NOT currentQuery CONTAINS 'SHOW TRANSACTIONS' "
        "RETURN transactionId",
        database_=database,
    )
    ids = [r["transactionId"] for r in records]
    if ids:
        driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=ids, database_=database)
    return ids
