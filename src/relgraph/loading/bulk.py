"""``relgraph load --bulk``: the first load into an empty managed database, through Neo4j's offline importer.

1. Only the managed server (never NEO4J_URI's), only its ``neo4j`` database, only when it holds no node (the
   load lock's aside): otherwise it refuses, naming what is there.
2. Every file is checked and planned exactly as a normal load does (``loader.check_and_plan``): bad input
   stops here with the same messages; nothing is written and the server is not touched.
3. The graph a normal load would leave is worked out (``bulkgraph``) and written as CSV files in a private
   temporary folder (``bulkcsv``).
4. Under the load lock, the database is checked to be still empty; then the server is stopped, the files are
   imported with ``neo4j-admin database import full``, and the server started again (``server.admin``).
5. What the importer cannot write is set (empty lists), and the constraints and indexes a normal load
   creates are created (``schema.ensure_schema``).

From the moment the server stops, any failure puts the database back as it was and starts the server again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import DataError, UsageError
from ..db.graph import Graph, Tx
from ..queries import catalogue
from ..queries.stats import counts
from ..server import process
from ..server.admin import DATABASE, ImportFiles, import_csv, replace_database
from ..server.config import ServerConfig, last_config
from ..server.connect import connect, describe
from .bulkcsv import DELIMITERS, Clash, CsvSink, Files
from .bulkgraph import Built, build
from .loader import check_and_plan, manifest_of, names_and_kinds
from .lock import LoadLock
from .plan import chunks
from .results import FileResult, LoadSummary, Progress, Say, _quiet
from .schema import ensure_schema
from .spool import Pending, Spool
from .writer import BATCH_SIZE

FILL_BATCH = 10_000  # facts given their empty claim lists per transaction
SHOWN_LABELS = 6  # kinds of node named when a database is not empty


def bulk_load(
    paths: Iterable[str | Path], progress: Progress | None = None, say: Say = _quiet
) -> tuple[LoadSummary, dict[str, int], list[str]]:
    """Load ``paths`` into the empty managed database with Neo4j's importer. Returns what a normal load's
    summary says, the graph's size after it, and the importer's closing lines. See the module doc."""
    started = time.perf_counter()
    config = _managed()
    conn = connect(progress=say)
    summary = LoadSummary()
    spool = Spool()
    try:
        with Graph(conn) as graph:
            refuse_unless_empty(graph)
            say("Checking and planning the files as a normal load does ...")
            checked = check_and_plan(graph, paths, summary, spool)
            if not checked.pending:
                return summary, counts(graph), []
            t0 = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix="relgraph-bulk-") as folder:
                files, built = write_files(checked.pending, checked.known, Path(folder), progress or _quiet, say)
                summary.phases["csv"] = time.perf_counter() - t0
                with LoadLock(graph, say):
                    refuse_unless_empty(graph)  # nothing may have arrived while the files were written
                    imported, graph_counts = _import(config, files, summary, say)
            summary.phases["write"] = time.perf_counter() - t0
    finally:
        spool.close()
    _record(summary, checked.pending, built)
    summary.seconds = time.perf_counter() - started
    say(f"Bulk load done in {summary.seconds:.1f} s.")
    return summary, graph_counts, imported


def _managed() -> ServerConfig:
    """The managed server's settings; refuses NEO4J_URI's server and any database but ``neo4j``."""
    target = describe()
    if not target.managed or target.home is None:
        raise UsageError(
            "--bulk loads only into the Neo4j server relgraph manages; NEO4J_URI names another server.",
            "Unset NEO4J_URI to use the managed server, or load without --bulk.",
        )
    database = os.environ.get("NEO4J_DATABASE") or DATABASE
    if database != DATABASE:
        raise UsageError(
            f"--bulk loads only into the managed server's {DATABASE!r} database, not {database!r}.",
            "Unset NEO4J_DATABASE, or load without --bulk.",
        )
    config = last_config(target.home)
    if config is None and target.running is not None:
        info = target.running
        config = ServerConfig(
            home=target.home,
            bolt_port=info.bolt_port,
            http_port=info.http_port,
            heap=info.heap or ServerConfig(home=target.home).heap,
            pagecache=info.pagecache or ServerConfig(home=target.home).pagecache,
        )
    return config or ServerConfig(home=target.home)


def refuse_unless_empty(graph: Graph) -> None:
    """A bulk load replaces the whole database: refuse one that holds any node (the load lock's aside)."""
    rows = graph.read(catalogue.get("graph_labels"))
    if not rows:
        return
    total = sum(int(r["nodes"]) for r in rows)
    shown = ", ".join(f"{r['nodes']} {':'.join(sorted(r['labels'])) or '(no label)'}" for r in rows[:SHOWN_LABELS])
    more = f" and {len(rows) - SHOWN_LABELS} more kinds" if len(rows) > SHOWN_LABELS else ""
    raise UsageError(
        f"--bulk loads only into an empty database, and this one holds {total} nodes: {shown}{more}.",
        "Load without --bulk (it adds to what is there and skips unchanged files), or bulk-load into a "
        "new data folder (RELGRAPH_DATA_DIR).",
    )


def write_files(
    pending: list[Pending], known: list[Any], folder: Path, progress: Progress, say: Say
) -> tuple[Files, Built]:
    """The importer's CSV files for the graph a normal load of ``pending`` leaves, in ``folder``."""
    names, kinds = names_and_kinds(known, pending)
    say(f"Writing the graph as CSV files for neo4j-admin in {folder} ...")
    for n, delimiter in enumerate(DELIMITERS):
        target = folder / f"csv-{n}"
        target.mkdir(mode=0o700)
        sink = CsvSink(target, delimiter)
        try:
            built = build(pending, lambda p: Spool.get(p.spooled), names, kinds, manifest_of, sink, progress)
        except Clash:
            sink.close()
            shutil.rmtree(target)
            continue
        files = sink.close()
        size = sum(p.stat().st_size for p in files.nodes + files.relationships)
        say(
            f"  {built.nodes_created:,} nodes and {built.relationships_created:,} relationships in "
            f"{len(files.nodes) + len(files.relationships)} files ({size / 1e6:,.0f} MB)"
        )
        return files, built
    raise DataError("Every array delimiter the bulk import tries occurs in the data.", "Load without --bulk.")


def _import(config: ServerConfig, files: Files, summary: LoadSummary, say: Say) -> tuple[list[str], dict[str, int]]:
    """Stop, import, start, finish; the database is put back as it was on any failure."""
    phases = summary.phases
    spec = ImportFiles(files.nodes, files.relationships, files.multiline, files.delimiter, files.folder)
    imported: list[str] = []

    marks: dict[str, float] = {}

    def do_import() -> None:
        t0 = time.perf_counter()
        say(f"Importing with neo4j-admin database import full (heap {config.heap}, off-heap {config.pagecache}) ...")
        imported.extend(import_csv(config.home, spec, config.heap, config.pagecache, say))
        marks["imported"] = time.perf_counter()
        phases["import"] = marks["imported"] - t0

    def finish(info: process.ServerStatus) -> dict[str, int]:
        t0 = time.perf_counter()
        phases["start"] = t0 - marks["imported"]
        with Graph(process.connection(info)) as graph:
            fill_empty_lists(graph, files, say)
            say("Creating the constraints and indexes a load creates, and waiting for them ...")
            ensure_schema(graph)
            phases["schema"] = time.perf_counter() - t0
            return counts(graph)

    graph_counts = replace_database(config, do_import, finish, say)
    return imported, graph_counts


def fill_empty_lists(graph: Graph, files: Files, say: Say) -> None:
    """Set the empty lists the importer cannot write, as a normal load leaves them."""
    nodes = sum(len(rows) for rows in files.fills.values())
    if not nodes and not files.empty_claims:
        return
    say(f"Setting the empty lists the importer cannot write ({files.empty_claims:,} facts, {nodes:,} nodes) ...")
    for label, query in (("Entity", "bulk_fill_entities"), ("Source", "bulk_fill_sources")):
        for batch in chunks(files.fills.get(label, []), BATCH_SIZE):

            def work(tx: Tx, rows: list[dict[str, Any]] = batch, name: str = query) -> None:
                tx.run(catalogue.get(name), {"rows": rows})

            graph.transaction(work, write=True, label=query)
    if files.empty_claims:
        graph.write_in_transactions(catalogue.get("bulk_fill_claims"), {"batch": FILL_BATCH})


def _record(summary: LoadSummary, pending: list[Pending], built: Built) -> None:
    """Each file as a normal load of a new file reports it; the whole import's counters on the first."""
    for n, p in enumerate(pending):
        facts = built.per_source.get(p.source_id, 0)
        summary.files.append(
            FileResult(
                p.path,
                p.source_id,
                "new",
                p.entities,
                p.claims,
                p.derived,
                {"added": facts, "changed": 0, "updated": 0, "retracted": 0},
                counters=built.counters() if n == 0 else {},
            )
        )
        summary.committed.append(p.source_id)
    summary.files.sort(key=lambda f: f.path)
