"""Load the same synthetic world with relgraph and with the hand-written baseline, alternately, and compare.

    python benchmarks/run.py --size 10k [--repeat 3] [--relgraph "relgraph"] [--data-dir DIR]
    python benchmarks/run.py --size 10k --repeat 1 --smoke      # CI: exit 1 if a load fails or the graphs differ

Needs NEO4J_URI (no default: every run wipes that database), NEO4J_USER and NEO4J_PASSWORD (or
``--data-dir``, the managed server's folder, which holds the password and lets the store be measured).

For each repetition and each contender (the order alternates between repetitions), the database is
emptied completely, then the contender runs as a subprocess on the world's folder. Measured: wall
time (the whole process, interpreter start included), facts/s, the peak RSS of the contender's process
tree and of the Neo4j JVM (the process listening on the Bolt port), both polled every 50 ms, and the
store's size afterwards (with --data-dir). relgraph runs as ``<relgraph> load DIR --format json``; its
phase split is read from a ``phases`` object in that output when it has one ('-' otherwise).

Prints one markdown table (one row per run, then each contender's median) and the ratio
baseline time / relgraph time (above 1: relgraph is faster), and writes results/<size>-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import world as world_gen
from common import (
    BENCH_DIR,
    REPO_DIR,
    RESULTS_DIR,
    WORLDS_DIR,
    Target,
    bolt_listener,
    dir_bytes,
    fmt,
    graph_counts,
    log,
    markdown_table,
    median,
    mib,
    run_measured,
    size_label,
    split_command,
    target_from_env,
    wipe,
)

CONTENDERS = ("relgraph", "baseline")
PHASES = ("parse", "validate", "plan", "write")


@dataclass
class RunResult:
    """One contender's load in one repetition."""

    contender: str
    repetition: int
    ok: bool
    seconds: float
    facts_per_s: float | None
    peak_rss_mib: float | None
    server_peak_rss_mib: float | None
    store_mib: float | None  # data/databases/neo4j after the run
    txlog_mib: float | None  # data/transactions/neo4j after the run
    phases: dict[str, float] = field(default_factory=dict)
    graph: dict[str, Any] = field(default_factory=dict)
    error: str = ""


# --- the world --------------------------------------------------------------------------------


def ensure_world(size: str, seed: int, folder: Path | None) -> tuple[Path, dict[str, Any]]:
    """The world's folder, generated (or regenerated, when world.py changed) if needed; and its manifest."""
    folder = folder or WORLDS_DIR / f"{size}-s{seed}"
    manifest_path = folder / "MANIFEST.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        wanted = (world_gen.generator_digest(), size, seed)
        if (manifest.get("generator"), manifest.get("size"), manifest.get("seed")) == wanted:
            return folder, manifest
    log(f"generating the {size} world (seed {seed}) in {folder} ...")
    started = time.perf_counter()
    manifest = world_gen.write_world(size, folder, seed)
    log(f"  {len(manifest['files'])} files, {manifest['facts']:,} facts in {time.perf_counter() - started:.1f} s")
    return folder, manifest


# --- one run ----------------------------------------------------------------------------------


def command(contender: str, args: argparse.Namespace, folder: Path) -> tuple[dict[str, str], list[str]]:
    """Environment additions and argv for a contender's load of ``folder``."""
    batch = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    if contender == "relgraph":
        env, argv = split_command(args.relgraph)
        return env, [*argv, "load", str(folder), "--format", "json", *batch]
    return {}, [sys.executable, str(BENCH_DIR / "baseline.py"), str(folder), "--format", "json", *batch]


_PHASES_KEY = re.compile(r'"phases"\s*:\s*\{')


def read_phases(stdout: Path) -> dict[str, float]:
    """The ``phases`` object in a contender's JSON output, without parsing the rest (a relgraph load's
    JSON lists every fact it added, hundreds of MB at 1m). The last one wins; {} when there is none."""
    try:
        text = stdout.read_text(errors="replace")
    except OSError:
        return {}
    matches = list(_PHASES_KEY.finditer(text))
    if not matches:
        return {}
    start = matches[-1].end() - 1
    try:
        value, _ = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError:
        return {}
    return {k: float(v) for k, v in value.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def store_sizes(target: Target) -> tuple[float | None, float | None]:
    if target.data_dir is None:
        return None, None
    data = target.data_dir / "data"
    db = target.database or "neo4j"
    return mib(dir_bytes(data / "databases" / db)), mib(dir_bytes(data / "transactions" / db))


def run_one(
    contender: str, repetition: int, args: argparse.Namespace, target: Target, folder: Path, facts: int, driver: Any
) -> RunResult:
    log(f"[{repetition}] {contender}: emptying the database ...")
    wipe(driver, target.database)
    extra_env, argv = command(contender, args, folder)
    env = {**os.environ, **target.env(), **extra_env}
    server = bolt_listener(target.bolt_port)
    log(f"[{repetition}] {contender}: {' '.join(argv)}")
    measured = run_measured(argv, env, RESULTS_DIR / "logs" / f"{contender}.out", server=server, cwd=REPO_DIR)
    ok = measured.returncode == 0
    store, txlog = store_sizes(target)
    graph = graph_counts(driver, target.database) if ok else {}
    result = RunResult(
        contender=contender,
        repetition=repetition,
        ok=ok,
        seconds=round(measured.seconds, 3),
        facts_per_s=round(facts / measured.seconds, 1) if ok else None,
        peak_rss_mib=None if measured.peak_rss is None else round(mib(measured.peak_rss), 1),
        server_peak_rss_mib=None
        if server is None or measured.peak_server_rss is None
        else round(mib(measured.peak_server_rss), 1),
        store_mib=None if store is None else round(store, 1),
        txlog_mib=None if txlog is None else round(txlog, 1),
        phases=read_phases(measured.stdout_path),
        graph=graph,
        error="" if ok else f"exit {measured.returncode}: {measured.stderr_tail}",
    )
    log(
        f"[{repetition}] {contender}: "
        + (
            f"{result.seconds:.1f} s, {result.facts_per_s:,.0f} facts/s, "
            f"{graph.get('fact_relationships', 0):,} fact relationships"
            if ok
            else f"FAILED ({result.error})"
        )
    )
    return result


# --- the table --------------------------------------------------------------------------------

HEADERS = (
    "run",
    "contender",
    "ok",
    "wall s",
    "facts/s",
    "peak RSS MiB",
    "JVM peak MiB",
    "db MiB",
    "txlog MiB",
    *(f"{p} s" for p in PHASES),
    "fact rels",
)


def row_for(label: str, r: RunResult) -> list[str]:
    return [
        label,
        r.contender,
        fmt(r.ok),
        fmt(r.seconds, 2),
        fmt(r.facts_per_s, 0),
        fmt(r.peak_rss_mib, 0),
        fmt(r.server_peak_rss_mib, 0),
        fmt(r.store_mib, 0),
        fmt(r.txlog_mib, 0),
        *(fmt(r.phases.get(p), 2) for p in PHASES),
        fmt(r.graph.get("fact_relationships")),
    ]


def summarise(results: list[RunResult], contender: str) -> RunResult | None:
    """The contender's median over its successful runs (None when it has none)."""
    runs = [r for r in results if r.contender == contender and r.ok]
    if not runs:
        return None

    def med(attr: str) -> Any:
        value = median(getattr(r, attr) for r in runs)
        return None if value is None else round(value, 3)

    phases = {p: round(v, 3) for p in PHASES if (v := median(r.phases.get(p) for r in runs)) is not None}
    facts = median(r.graph.get("fact_relationships") for r in runs)
    return RunResult(
        contender,
        0,
        True,
        med("seconds"),
        med("facts_per_s"),
        med("peak_rss_mib"),
        med("server_peak_rss_mib"),
        med("store_mib"),
        med("txlog_mib"),
        phases,
        {"fact_relationships": None if facts is None else int(facts)},
    )


def report(results: list[RunResult]) -> tuple[str, dict[str, Any]]:
    rows = [row_for(str(r.repetition), r) for r in results]
    medians = {c: s for c in CONTENDERS if (s := summarise(results, c)) is not None}
    rows += [row_for("median", s) for s in medians.values()]
    text = markdown_table(HEADERS, rows)
    ratio = None
    if "relgraph" in medians and "baseline" in medians:
        ratio = medians["baseline"].seconds / medians["relgraph"].seconds
        verdict = "relgraph is faster" if ratio > 1 else "the baseline is faster"
        text += f"\n\nbaseline_time / relgraph_time = {ratio:.2f} (median wall time; >1 means relgraph is faster: {verdict})"
    return text, {
        "medians": {c: asdict(s) for c, s in medians.items()},
        "ratio_baseline_over_relgraph": None if ratio is None else round(ratio, 3),
    }


def smoke_problems(results: list[RunResult], expected: int) -> list[str]:
    """Why a smoke run fails: a contender that failed, or graphs that differ in fact relationships."""
    problems = [f"{r.contender} (run {r.repetition}) failed: {r.error}" for r in results if not r.ok]
    counts = {(r.contender, r.repetition): r.graph.get("fact_relationships") for r in results if r.ok}
    if len(set(counts.values())) > 1:
        problems.append(
            "the graphs differ in fact relationships: " + ", ".join(f"{c} run {i}: {n}" for (c, i), n in counts.items())
        )
    for (c, i), n in counts.items():
        if n != expected:
            log(f"note: {c} run {i} left {n} fact relationships; the world has {expected:,} facts")
    return problems


def machine() -> dict[str, Any]:
    import psutil

    return {
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# --- main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=size_label, default="10k", help="world size: 10k, 100k or 1m")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (each runs every contender once)")
    parser.add_argument(
        "--relgraph",
        default="relgraph",
        help="the relgraph command, run from the repository's root; leading NAME=value words set "
        'its environment. A source tree: "python benchmarks/relgraph_from.py TREE"',
    )
    parser.add_argument("--only", choices=CONTENDERS, help="run one contender only")
    parser.add_argument("--keep", action="store_true", help="leave the last load in the database (default: empty it)")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="CI check: exit 1 if a contender fails or the graphs differ in fact relationships",
    )
    parser.add_argument("--seed", type=int, default=1, help="the world's seed")
    parser.add_argument("--world", type=Path, help="the world's folder (default: benchmarks/worlds/<size>-s<seed>)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=os.environ.get("RELGRAPH_DATA_DIR") or None,
        help="the managed server's folder (password, store sizes); default $RELGRAPH_DATA_DIR",
    )
    parser.add_argument(
        "--batch-size", type=int, help="pass --batch-size N to both contenders (default: their own, 5000)"
    )
    parser.add_argument(
        "--output", type=Path, help="the results JSON (default: benchmarks/results/<size>-<timestamp>.json)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    target = target_from_env(args.data_dir)
    folder, manifest = ensure_world(args.size, args.seed, args.world)
    facts = manifest["facts"]
    contenders = [args.only] if args.only else list(CONTENDERS)
    started = datetime.now(UTC)
    results: list[RunResult] = []
    with target.driver() as driver:
        driver.verify_connectivity()
        for repetition in range(1, args.repeat + 1):
            order = contenders if repetition % 2 else contenders[::-1]
            for contender in order:
                results.append(run_one(contender, repetition, args, target, folder, facts, driver))
        if not args.keep:
            log("emptying the database (pass --keep to leave the last load)")
            wipe(driver, target.database)
    text, summary = report(results)
    print(
        f"\n{args.size} world ({facts:,} facts, {len(manifest['files'])} files), {args.repeat} repetition(s), "
        f"{started:%Y-%m-%d %H:%M} UTC\n"
    )
    print(text)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = args.output or RESULTS_DIR / f"{args.size}-{started:%Y%m%dT%H%M%SZ}.json"
    output.write_text(
        json.dumps(
            {
                "size": args.size,
                "facts": facts,
                "seed": args.seed,
                "world": str(folder),
                "files": len(manifest["files"]),
                "started": started.isoformat(timespec="seconds"),
                "relgraph_command": args.relgraph,
                "batch_size": args.batch_size,
                "machine": machine(),
                "server": str(target.uri),
                "runs": [asdict(r) for r in results],
                **summary,
            },
            indent=2,
        )
        + "\n"
    )
    log(f"wrote {output}")
    if args.smoke:
        problems = smoke_problems(results, facts)
        for problem in problems:
            log(f"SMOKE FAILURE: {problem}")
        return 1 if problems else 0
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
