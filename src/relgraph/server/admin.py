"""Neo4j's offline importer for the managed server, and swapping the server's database for what it imports.

``import_csv`` runs ``neo4j-admin database import full`` (``org.neo4j.cli.AdminTool``, in the jars relgraph
installs) with the Java and the environment the server gets (``process.jvm_env``: no NEO4J_* variable but
the home's), its arguments in a private argument file, its output kept in ``logs/import.log``.

``replace_database`` does the swap: it stops the server, moves the ``neo4j`` database's store and
transaction logs aside, imports, starts the server and runs ``finish``; on any failure (or an interrupt)
it stops the server, puts the moved folders back and starts it again, so the database is as it was.
Meanwhile a mark in the home (``process.IMPORT_MARK``, this process's id) keeps any other command from
starting the server on the half-imported store.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..core.errors import RelgraphError, ServerError
from .config import ServerConfig
from .install import classpath
from .java import find_java
from .paths import write_private
from .process import ADMIN_TOOL, IMPORT_MARK, JVM_FLAGS, ServerStatus, jvm_env, start, status, stop

DATABASE = "neo4j"
IMPORT_LOG = "logs/import.log"
_PHASE = re.compile(r"^\((\d+)/(\d+)\)\s+(.*?)(?:\s+\d{4}-\d\d-\d\d .*)?$")
T = TypeVar("T")
Say = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class ImportFiles:
    """The CSV files to import, each with its own header, and how to read them."""

    nodes: list[Path]
    relationships: list[Path]
    multiline: list[Path]  # files with a line break inside a value
    delimiter: str  # between the elements of an array (and labels)
    folder: Path  # a private folder for the argument file and the importer's report


def _quoted(arg: str) -> str:
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def import_command(files: ImportFiles, heap: str, off_heap: str) -> list[str]:
    """The JVM options and the admin tool's arguments (what goes in the argument file)."""
    args = [
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        classpath(),
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        DATABASE,
        "--overwrite-destination=true",
        f"--array-delimiter=U+{ord(files.delimiter):04X}",
        "--bad-tolerance=0",
        f"--max-off-heap-memory={off_heap}",
        f"--report-file={files.folder / 'import.report'}",
    ]
    args += [f"--nodes={path}" for path in files.nodes]
    args += [f"--relationships={path}" for path in files.relationships]
    if files.multiline:
        if any("," in str(path) for path in files.multiline):
            raise ServerError(
                f"The import folder {files.folder} has a comma in its path; neo4j-admin would misread it.",
                "Point TMPDIR at a folder without one.",
            )
        args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(map(str, files.multiline))]
    return args


def import_csv(home: Path, files: ImportFiles, heap: str, off_heap: str, say: Say = _quiet) -> list[str]:
    """Run ``neo4j-admin database import full`` into the (stopped) server's ``neo4j`` database. Returns the
    importer's closing lines (what it imported, its peak memory)."""
    java = find_java()
    argfile = files.folder / "import.args"
    write_private(argfile, "\n".join(_quoted(a) for a in import_command(files, heap, off_heap)) + "\n")
    log_path = home / IMPORT_LOG
    summary: list[str] = []
    tail: list[str] = []
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as log:
        process = subprocess.Popen(
            [java.path, f"@{argfile}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=jvm_env(home),
            cwd=home,
        )
        assert process.stdout is not None
        in_summary = False
        for line in process.stdout:
            log.write(line)
            text = line.rstrip()
            phase = _PHASE.match(text)
            if phase:
                say(f"  neo4j-admin: step {phase.group(1)} of {phase.group(2)}, {phase.group(3).lower()} ...")
            elif text.startswith("IMPORT DONE") or text.startswith("IMPORT FAILED"):
                say(f"  neo4j-admin: {text.rstrip('. ').lower()}")
                in_summary = True
            elif in_summary and text.strip() and not text.rstrip().endswith(":"):
                summary.append(text.strip())
            if text.strip() and not text.lstrip().startswith(("at ", "... ", ".....")):
                tail = (tail + [text])[-12:]
        code = process.wait()
    if code != 0:
        raise ServerError(
            f"neo4j-admin database import failed (exit code {code}):\n" + "\n".join(tail),
            f"Its whole output is in {log_path}.",
        )
    return summary


def _folders(home: Path) -> list[Path]:
    """The database's store and its transaction logs (server.directories.data is home/data)."""
    return [home / "data" / "databases" / DATABASE, home / "data" / "transactions" / DATABASE]


def replace_database(
    config: ServerConfig, do_import: Callable[[], object], finish: Callable[[ServerStatus], T], say: Say = _quiet
) -> T:
    """Stop the managed server, import its ``neo4j`` database anew, start it and ``finish``; on any failure
    put the database back as it was and start the server again (the error then says so)."""
    home = config.home
    running = status(home)
    if running is None:
        raise ServerError(f"The managed Neo4j is not running (data folder {home}).", "Start it: relgraph server start")
    mark = home / IMPORT_MARK
    write_private(mark, str(os.getpid()))
    try:
        return _replace(config, running, do_import, finish, say)
    finally:
        mark.unlink(missing_ok=True)


def _replace(
    config: ServerConfig,
    running: ServerStatus,
    do_import: Callable[[], object],
    finish: Callable[[ServerStatus], T],
    say: Say,
) -> T:
    home = config.home
    say(f"Stopping the managed Neo4j (pid {running.pid}) for the import ...")
    stop(home, progress=say)
    aside = home / "data" / f"bulk-aside-{secrets.token_hex(4)}"
    aside.mkdir(mode=0o700)
    for folder in _folders(home):
        if folder.exists():
            folder.rename(aside / folder.parent.name)
    try:
        do_import()
        say("Starting the managed Neo4j again ...")
        info = start(config, progress=say)
        result = finish(info)
    except BaseException as exc:
        _put_back(config, aside, exc, say)
        if isinstance(exc, RelgraphError):
            raise ServerError(
                f"The bulk load failed: {exc.message}",
                (f"{exc.hint}\n" if exc.hint else "") + "The database was put back as it was before "
                "the load and the server started again; nothing was loaded.",
            ) from exc
        if isinstance(exc, Exception):
            raise ServerError(
                f"The bulk load failed: internal error: {type(exc).__name__}: {exc}",
                "The database was put back as it was before the load and the server started again; "
                "nothing was loaded. Please report it.",
            ) from exc
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return result


def _put_back(config: ServerConfig, aside: Path, exc: BaseException, say: Say) -> None:
    home = config.home
    say(f"The import failed ({type(exc).__name__}); putting the database back as it was ...")
    try:
        stop(home, progress=say)
        for folder in _folders(home):
            if folder.exists():
                shutil.rmtree(folder)
            kept = aside / folder.parent.name
            if kept.exists():
                kept.rename(folder)
        shutil.rmtree(aside, ignore_errors=True)
        start(config, progress=say)
    except Exception as again:
        raise ServerError(
            f"The bulk load failed ({exc}), and putting the database back failed too: {again}",
            f"The database as it was before the load is in {aside}: stop the server, move its "
            f"databases/ and transactions/ folders back to {home / 'data'}/*/{DATABASE}, start it.",
        ) from exc
