"""Query latency on a loaded world: every read query in relgraph's catalogue, and the CLI's questions.

    python benchmarks/run.py --size 100k --repeat 1 --only relgraph --keep   # load a world and keep it
    python benchmarks/queries.py [--runs 20] [--year 2010] [--relgraph "relgraph"]

Needs NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD (or --data-dir), like run.py.

1. Each ``// mode: read`` query in ``cypher/`` runs warm through the driver (``execute_query``, routing
   READ): two warm-up runs, then ``--runs`` timed ones (fewer if a query exceeds ``--budget`` seconds),
   reported as p50 / p95 in ms; queries with an ``as_of`` parameter run twice, with null and with
   ``--year``. Parameters come from the query's header and get sensible values from the graph: the two
   states with the most relationships as ``a`` and ``b``, measure 'trade', limit 25, max_hops 3, a fact
   between them, the source with the most facts. ``RETURN 1`` is the floor.
   Each query is also PROFILEd once; a plan that scans all nodes, all Entity or State nodes by label, or
   all relationships is flagged.
2. The command line end to end: ``relgraph --help`` and each question (who-influences, dyad, timeline,
   ...) as a subprocess, median of 5 wall times.

Prints two markdown tables and writes results/queries-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (
    REPO_DIR,
    RESULTS_DIR,
    fmt,
    graph_counts,
    log,
    markdown_table,
    percentile,
    split_command,
    target_from_env,
    terminate_other_transactions,
)

FLAGGED_OPERATORS = ("AllNodesScan", "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan")
FLAGGED_LABEL_SCANS = ("Entity", "State")


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    mode: str
    params: tuple[str, ...]
    text: str


def read_catalogue(folder: Path) -> list[CatalogueQuery]:
    """The queries in ``folder`` and its ``influence/`` rules (not the generated ``facts/`` and the loader's
    ``load/``), parsed by relgraph's own catalogue parser, so that the macros (``{{visible r}}`` ...) are
    expanded as relgraph runs them. The graph-wide dump (``graph_content``, for tests) is left out."""
    from relgraph.queries.catalogue import parse_query

    queries = []
    paths = [*sorted(folder.glob("*.cypher")), *sorted((folder / "influence").glob("*.cypher"))]
    for path in paths:
        prefix = "influence/" if path.parent.name == "influence" else ""
        q = parse_query(path.read_text(encoding="utf-8"), prefix + path.name)
        if q.name != "graph_content":
            queries.append(CatalogueQuery(q.name, q.mode, tuple(p.name for p in q.params), q.text))
    return queries


# --- parameter values ----------------------------------------------------------------------------


def pick_values(driver: Any, database: str | None, year: int) -> dict[str, Any]:
    """Sensible parameter values from the loaded graph."""

    def one(query: str, **params: Any) -> Any:
        records, _, _ = driver.execute_query(query, params, database_=database)
        return records[0][0] if records else None

    states, _, _ = driver.execute_query(
        "MATCH (s:State) RETURN s.id AS id ORDER BY COUNT { (s)--() } DESC, id LIMIT 2", database_=database
    )
    if len(states) < 2:
        raise SystemExit("The graph has fewer than two states: load a world first (run.py --keep).")
    a, b = states[0]["id"], states[1]["id"]
    return {
        "a": a,
        "b": b,
        "a_ids": [a],
        "b_ids": [b],
        "id": a,
        "key": a.casefold(),
        "text": a,
        "measures": ["trade", "imports", "exports"],
        "per_route": 50,
        "fanout": 40,
        "per_middle": 5,
        "measure": "trade",
        "limit": 25,
        "max_hops": 3,
        "from": year - 10,
        "to": year,
        "fact_id": one(
            "MATCH (:State {id: $a})-[r]-(:State {id: $b}) WHERE r.fact_id IS NOT NULL "
            "RETURN r.fact_id ORDER BY r.fact_id LIMIT 1",
            a=a,
            b=b,
        ),
        "source_id": one("MATCH (s:Source) RETURN s.id ORDER BY s.fact_count DESC, s.id LIMIT 1"),
    }


def variants(query: CatalogueQuery, values: dict[str, Any], year: int) -> list[tuple[str, dict[str, Any]]]:
    """(label, parameters) to time: one set, or two (as_of null and as_of YEAR) when the query takes as_of."""
    base = {p: values.get(p) for p in query.params}
    missing = [p for p in query.params if p not in values and p != "as_of"]
    if missing:
        log(f"note: {query.name}: no value for {', '.join(missing)}; passing null")
    if "as_of" not in query.params:
        return [(query.name, base)]
    return [(query.name, {**base, "as_of": None}), (f"{query.name} (as_of {year})", {**base, "as_of": year})]


# --- timing ------------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    runs: int
    p50_ms: float
    p95_ms: float
    rows: int
    db_hits: int | None = None
    flags: list[str] = field(default_factory=list)
    timed_out: bool = False


def time_query(
    driver: Any,
    database: str | None,
    label: str,
    text: str,
    params: dict[str, Any],
    runs: int,
    budget: float,
    timeout: float,
    warmup: int = 2,
) -> Timing:
    """p50/p95 of ``runs`` warm runs (at least 3, fewer than ``runs`` once ``budget`` seconds are spent).
    A run longer than ``timeout`` seconds is stopped by the server; the query is then reported as timed out."""
    from neo4j import Query, RoutingControl
    from neo4j.exceptions import ClientError, TransientError

    query = Query(text, timeout=timeout)  # type: ignore[arg-type]

    def once() -> tuple[float, int]:
        started = time.perf_counter()
        records, _, _ = driver.execute_query(query, params, routing_=RoutingControl.READ, database_=database)
        return (time.perf_counter() - started) * 1000, len(records)

    samples: list[float] = []
    spent = 0.0
    rows = 0
    try:
        for _ in range(warmup):
            _, rows = once()
        while len(samples) < runs and (spent < budget or len(samples) < 3):
            ms, rows = once()
            samples.append(ms)
            spent += ms / 1000
    except (ClientError, TransientError) as exc:
        if not any(word in (exc.code or "") for word in ("TimedOut", "Terminated", "Timeout")):
            raise
        log(f"    timed out after {timeout:.0f} s ({exc.code})")
        return Timing(label, len(samples), timeout * 1000, timeout * 1000, rows, timed_out=True)
    return Timing(label, len(samples), percentile(samples, 50), percentile(samples, 95), rows)


def plan_flags(
    driver: Any, database: str | None, text: str, params: dict[str, Any], timeout: float, profile: bool = True
) -> tuple[list[str], int | None]:
    """Operators in the query's plan that read everything (see FLAGGED_*), and (PROFILE) its total db hits.
    With ``profile`` False the plan comes from EXPLAIN, which does not run the query."""
    from neo4j import Query, RoutingControl

    prefix = "PROFILE " if profile else "EXPLAIN "
    summary = driver.execute_query(
        Query(prefix + text, timeout=timeout),
        params,  # type: ignore[arg-type]
        routing_=RoutingControl.READ,
        database_=database,
    ).summary
    flags: list[str] = []
    hits = 0
    root = summary.profile if profile else summary.plan
    stack = [root] if root else []
    while stack:
        op = stack.pop()
        name = str(op.get("operatorType", "")).split("@")[0]
        details = str((op.get("args") or {}).get("Details", ""))
        hits += int(op.get("dbHits") or 0)
        if name in FLAGGED_OPERATORS:
            flags.append(name)
        elif name.startswith("NodeByLabelScan") and any(
            re.search(rf":{label}\b", details) for label in FLAGGED_LABEL_SCANS
        ):
            flags.append(f"NodeByLabelScan {details}")
        stack.extend(op.get("children") or [])
    return sorted(set(flags)), hits if profile else None


def catalogue_timings(
    driver: Any,
    database: str | None,
    queries: list[CatalogueQuery],
    values: dict[str, Any],
    year: int,
    runs: int,
    budget: float,
    timeout: float,
) -> list[Timing]:
    timings = [time_query(driver, database, "RETURN 1 (floor)", "RETURN 1", {}, runs, budget, timeout)]
    for query in queries:
        if query.mode != "read":
            continue
        for label, params in variants(query, values, year):
            log(f"  {label} ...")
            timing = time_query(driver, database, label, query.text, params, runs, budget, timeout)
            timing.flags, timing.db_hits = plan_flags(
                driver, database, query.text, params, timeout, profile=not timing.timed_out
            )
            if timing.timed_out:
                timing.flags.insert(0, f"timed out (> {timeout:.0f} s)")
            timings.append(timing)
    return timings


def cli_questions(a: str, b: str, year: int) -> list[list[str]]:
    """The command-line questions to time, as argument lists after the relgraph command."""
    return [
        ["--help"],
        ["who-influences", a, b],
        ["who-influences", a, b, "--as-of", str(year)],
        ["dyad", a, b],
        ["timeline", a, b],
        ["agreements", a, b],
        ["projects", a, b],
        ["memberships", a],
        ["shared", a, b],
        ["series", a, b, "--measure", "trade"],
        ["paths", a, b, "--max-hops", "3"],
        ["partners", a],
        ["disputes"],
        ["sources"],
    ]


def cli_timings(
    relgraph: str,
    driver: Any,
    database: str | None,
    env: dict[str, str],
    a: str,
    b: str,
    year: int,
    repeat: int,
    timeout: float,
) -> list[dict[str, Any]]:
    """Median wall time of each question as a subprocess. One that exceeds ``timeout`` is killed (and its
    query stopped on the server) and not repeated."""
    extra_env, argv = split_command(relgraph)
    full_env = {**os.environ, **env, **extra_env}
    out = []
    for question in cli_questions(a, b, year):
        label = "relgraph " + " ".join(question)
        samples: list[float] = []
        codes: set[int | str] = set()
        for _ in range(repeat):
            started = time.perf_counter()
            try:
                done = subprocess.run(
                    [*argv, *question],
                    env=full_env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=timeout,
                    cwd=REPO_DIR,
                )
                codes.add(done.returncode)
            except subprocess.TimeoutExpired:
                codes.add("timeout")
                terminate_other_transactions(driver, database)
            samples.append(time.perf_counter() - started)
            if "timeout" in codes:
                break
        log(f"  {label}: {statistics.median(samples):.2f} s")
        out.append(
            {
                "command": label,
                "median_s": round(statistics.median(samples), 3),
                "runs": len(samples),
                "min_s": round(min(samples), 3),
                "exit_codes": sorted(codes, key=str),
            }
        )
    return out


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per query, after 2 warm-up runs")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per query before it stops early")
    parser.add_argument("--year", type=int, default=2010, help="the year for as_of (and timeline's --from/--to)")
    parser.add_argument("--cli-repeat", type=int, default=5, help="runs per CLI question (the median is shown)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds after which one query (or one CLI question) is stopped and reported as timed out",
    )
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line timings")
    parser.add_argument("--relgraph", default="relgraph", help="the relgraph command (as in run.py)")
    parser.add_argument("--cypher-dir", type=Path, default=REPO_DIR / "cypher", help="relgraph's query catalogue")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get("RELGRAPH_DATA_DIR") or None,
        help="the managed server's folder (for its password)",
    )
    parser.add_argument(
        "--output", type=Path, help="the results JSON (default: benchmarks/results/queries-<timestamp>.json)"
    )
    args = parser.parse_args(argv)
    target = target_from_env(args.data_dir)
    started = datetime.now(UTC)
    queries = read_catalogue(args.cypher_dir)
    with target.driver() as driver:
        driver.verify_connectivity()
        counts = graph_counts(driver, target.database)
        values = pick_values(driver, target.database, args.year)
        log(
            f"graph: {counts['nodes']:,} nodes, {counts['fact_relationships']:,} facts; a={values['a']}, b={values['b']}"
        )
        timings = catalogue_timings(
            driver, target.database, queries, values, args.year, args.runs, args.budget, args.timeout
        )
        cli = (
            []
            if args.no_cli
            else cli_timings(
                args.relgraph,
                driver,
                target.database,
                target.env(),
                values["a"],
                values["b"],
                args.year,
                args.cli_repeat,
                args.timeout,
            )
        )
    print(
        f"\nQuery latency, warm, through the driver: {counts['fact_relationships']:,} facts, "
        f"a={values['a']}, b={values['b']}, {started:%Y-%m-%d %H:%M} UTC\n"
    )
    print(
        markdown_table(
            ("query", "runs", "p50 ms", "p95 ms", "rows", "db hits", "flags"),
            [
                [
                    t.label,
                    t.runs,
                    "-" if t.timed_out else fmt(t.p50_ms, 1),
                    "-" if t.timed_out else fmt(t.p95_ms, 1),
                    fmt(t.rows),
                    fmt(t.db_hits),
                    "; ".join(t.flags) or "",
                ]
                for t in timings
            ],
        )
    )
    if cli:
        print(f"\nThe command line end to end (median of {args.cli_repeat})\n")
        print(
            markdown_table(
                ("command", "median s", "min s", "exit"),
                [
                    [c["command"], fmt(c["median_s"], 2), fmt(c["min_s"], 2), ",".join(map(str, c["exit_codes"]))]
                    for c in cli
                ],
            )
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS_DIR / f"queries-{started:%Y%m%dT%H%M%SZ}.json"
    output.write_text(
        json.dumps(
            {
                "started": started.isoformat(timespec="seconds"),
                "graph": counts,
                "values": values,
                "queries": [asdict(t) for t in timings],
                "cli": cli,
                "relgraph_command": args.relgraph,
            },
            indent=2,
            default=str,
        )
        + "\n"
    )
    log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
