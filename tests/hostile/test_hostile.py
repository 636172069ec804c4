"""Hostile and broken seed files, each loaded through the CLI against a loaded database.

Every file in ``cases/`` is one case. Its comment header says what it is and what must happen::

    # hostile: what the file tries
    # exit: 1                     the exit code of `relgraph load FILE`
    # message: appears twice      a fragment of what stderr must say
    # field: facts[0].value       the field the message names (optional)
    # verbatim: entities[0].note  exit 0: this value is stored exactly as the file has it (optional)
    # graph: CYPHER => JSON       exit 0: a read returning `v` gives this value (optional)
    # filename: NAME.yaml         load the file under this name (optional)

and the line the problem must be reported on carries the comment ``# <- here``. Cases a committed file
cannot carry (thirty thousand levels of nesting, a 20 MB line, a 300 MB file, symbolic links, FIFOs,
names with escapes, an empty file) are made by ``GENERATED`` below.

For every case the test checks: the exit code; the message, file, line and field; that no control or
direction character reaches the terminal; that the graph's checksum is what it was (a case that loads
is checked, then unloaded, and must leave the graph exactly as before: unload restores); and that the
``relgraph`` process stayed within ``SECONDS`` of wall time and ``MEGABYTES`` of memory (its peak
resident size, from ``wait4``).
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as listed
from pathlib import Path

import pytest
import yaml

from relgraph.loading.loader import unload
from relgraph.queries.stats import checksum

from ..conftest import _State

CASES = Path(__file__).parent / "cases"
SECONDS = 10.0
MEGABYTES = 500
SAFETY_AS = 3 * 1024**3  # address-space cap on the child, so a regression cannot take the machine down
# What must never reach a terminal: C0 controls but tab and newline, DEL, C1 controls, direction overrides.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SECRET = "root:$6$HOSTILE-SECRET-HASH$"  # stands in for /etc/shadow's lines


@dataclass
class Case:
    name: str
    exit: int
    message: str = ""
    field: str | None = None
    line: int | None = None
    verbatim: list[str] = listed(default_factory=list)
    graph: list[str] = listed(default_factory=list)
    absent: list[str] = listed(default_factory=list)  # text that must appear in no output
    filename: str | None = None
    command: tuple[str, ...] = ("load",)
    make: Callable[[Path], list[Path]] | None = None  # writes the case's input under a folder, returns the arguments
    source: Path | None = None  # the committed file


def read_case(path: Path) -> Case:
    raw = path.read_bytes()
    case = Case(path.stem, exit=-1, source=path)
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if b"# <- here" in line:
            case.line = number
            break
    for line in raw.decode("utf-8", "replace").splitlines():
        if not line.startswith("# "):
            break
        key, sep, value = line[2:].partition(": ")
        if not sep:
            continue
        if key == "exit":
            case.exit = int(value)
        elif key in ("message", "field", "filename"):
            setattr(case, key, value)
        elif key in ("verbatim", "graph"):
            getattr(case, key).append(value)
    assert case.exit >= 0, f"{path}: no '# exit:' line"
    return case


# ---- cases made at test time -------------------------------------------------------------

BASE = (CASES / "value_nan.yaml").read_text().split("source:", 1)[1]
BASE = "source:" + BASE.replace("value: .nan  # <- here", "value: 10")


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def _deep_flow(folder: Path) -> list[Path]:
    note = "[" * 30_000 + "]" * 30_000
    return [_write(folder, "deep.yaml", BASE.replace("    name: Sweden\n", f"    name: Sweden\n    note: {note}\n"))]


def _deep_block(folder: Path) -> list[Path]:
    lines = "".join("  " * (i + 2) + f"k{i}:\n" for i in range(250))
    return [_write(folder, "deep.yaml", BASE.replace("    name: Sweden\n", "    name: Sweden\n    note:\n" + lines))]


def _quadratic(folder: Path) -> list[Path]:
    aliases = ", ".join(["*big"] * 5000)
    text = BASE.replace(
        "    name: Sweden\n", f"    name: Sweden\n    note: &big {'A' * 100_000}\n    aliases: [{aliases}]\n"
    )
    return [_write(folder, "quadratic.yaml", text)]


def _huge_line(folder: Path) -> list[Path]:
    return [
        _write(
            folder, "huge.yaml", BASE.replace("    name: Sweden\n", f"    name: Sweden\n    note: {'n' * 20_000_000}\n")
        )
    ]


def _too_large(folder: Path) -> list[Path]:
    path = folder / "large.yaml"
    with open(path, "wb") as handle:  # sparse: costs no disk, reads as 300 MB of NULs
        handle.truncate(300 * 1024**2)
    return [path]


def _many_problems(folder: Path) -> list[Path]:
    fact = (
        "  - {type: TRADES_WITH, subject: NOR, object: SWE, date: 2015, measure: trade, value: .nan, "
        "unit: USD million, at: 'body:1'}\n"
    )
    return [_write(folder, "many.yaml", BASE + fact * 5000)]


def _many_unknown_ids(folder: Path) -> list[Path]:
    facts = "".join(f"  - {{type: SUPPORTS, subject: NOR, object: unknown-{i}, at: 'body:1'}}\n" for i in range(3000))
    return [_write(folder, "unknown.yaml", BASE + facts)]


def _empty(folder: Path) -> list[Path]:
    return [_write(folder, "empty.yaml", b"")]


def _secret(folder: Path) -> Path:
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir()
    # Shaped like /etc/shadow: as YAML each line is a key, which a careless reader would print as a field.
    return _write(outside, "shadow", f"{SECRET}19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n")


def _link_in_folder(folder: Path) -> list[Path]:
    (folder / "link.yaml").symlink_to(_secret(folder))
    _write(folder, "ok.yaml", BASE)
    return [folder]


def _link_to_etc_shadow(folder: Path) -> list[Path]:
    (folder / "shadow.yaml").symlink_to("/etc/shadow")
    _write(folder, "ok.yaml", BASE)
    return [folder]


def _linked_folder(folder: Path) -> list[Path]:
    secret = _secret(folder)
    (secret.parent / "leak.yaml").write_text(secret.read_text())
    (folder / "sub").symlink_to(secret.parent, target_is_directory=True)
    _write(folder, "ok.yaml", BASE)
    return [folder]


def _link_named(folder: Path) -> list[Path]:
    link = folder / "named.yaml"
    link.symlink_to(_secret(folder))
    return [link]


def _link_loop(folder: Path) -> list[Path]:
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    _write(folder, "ok.yaml", BASE)
    return [folder]


def _fifo_named(folder: Path) -> list[Path]:
    os.mkfifo(folder / "fifo.yaml")
    return [folder / "fifo.yaml"]


def _fifo_in_folder(folder: Path) -> list[Path]:
    os.mkfifo(folder / "fifo.yaml")
    return [folder]


def _device(folder: Path) -> list[Path]:
    (folder / "zero.yaml").symlink_to("/dev/zero")
    return [folder / "zero.yaml"]


def _escape_in_filename(folder: Path) -> list[Path]:
    return [_write(folder, "bad\x1b]0;owned\x07\x1b[2J.yaml", BASE.replace("value: 10", "value: .nan"))]


def _newline_in_filename(folder: Path) -> list[Path]:
    return [_write(folder, "a\nok: 1 file(s) loaded.yaml", BASE.replace("value: 10", "value: .nan"))]


GENERATED = [
    Case("deep_flow_lists_30000", 1, "nested more than", "(yaml)", make=_deep_flow),
    Case("deep_block_mappings_250", 1, "nested more than", "(yaml)", make=_deep_block),
    Case("alias_quadratic_large", 1, "aliases expand", "(yaml)", make=_quadratic),
    Case("huge_line_20_mb", 1, "at most 2000 characters", "entities[1].note", make=_huge_line),
    Case("file_larger_than_the_limit", 1, "larger than", "(file)", make=_too_large),
    Case("many_problems", 1, "problems found; nothing was written", make=_many_problems),
    Case("many_unknown_ids", 1, "and 2950 more (all of them: `relgraph seed check`)", make=_many_unknown_ids),
    Case("empty_zero_bytes", 1, "the file is empty", "(document)", make=_empty),
    Case("symlink_out_of_the_folder", 1, "symbolic link", absent=[SECRET, "daemon"], make=_link_in_folder),
    Case(
        "symlink_out_of_the_folder_seed_check",
        1,
        "symbolic link",
        absent=[SECRET, "daemon"],
        command=("seed", "check"),
        make=_link_in_folder,
    ),
    Case("symlink_to_etc_shadow", 1, "symbolic link", absent=["root:"], make=_link_to_etc_shadow),
    Case(
        "symlink_to_etc_shadow_seed_check",
        1,
        "symbolic link",
        absent=["root:"],
        command=("seed", "check"),
        make=_link_to_etc_shadow,
    ),
    Case("symlinked_folder_out_of_the_folder", 1, "symbolic link", absent=[SECRET, "daemon"], make=_linked_folder),
    Case("symlink_named_to_a_non_seed_file", 2, "not a seed file", absent=[SECRET, "daemon"], make=_link_named),
    Case(
        "symlink_named_to_a_non_seed_file_seed_check",
        2,
        "not a seed file",
        absent=[SECRET, "daemon"],
        command=("seed", "check"),
        make=_link_named,
    ),
    Case("symlink_loop", 1, "symbolic link", make=_link_loop),
    Case("fifo_named", 2, "not a regular file", make=_fifo_named),
    Case("fifo_in_folder", 1, "not a regular file", make=_fifo_in_folder),
    Case("device_named", 2, "not a regular file", make=_device),
    Case("escape_in_file_name", 1, "finite", "facts[0].value", make=_escape_in_filename),
    Case("newline_in_file_name", 1, "finite", "facts[0].value", absent=["\nok: 1 file(s)"], make=_newline_in_filename),
]

ALL = sorted((read_case(p) for p in CASES.glob("*.yaml")), key=lambda c: c.name) + GENERATED


def test_the_corpus_is_large_and_every_case_says_what_it_expects():
    assert len(ALL) >= 100
    assert len({c.name for c in ALL}) == len(ALL)
    for case in ALL:
        assert case.exit == 0 or case.message, case.name


# ---- running one case --------------------------------------------------------------------


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> Run:
    """`relgraph ARGS` in a child process: exit code, output, wall time and peak resident memory."""
    out, err = cwd / ".stdout", cwd / ".stderr"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "relgraph", *args],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            env=env,
            cwd=cwd,
        )
        resource.prlimit(child.pid, resource.RLIMIT_AS, (SAFETY_AS, SAFETY_AS))
        killer = threading.Timer(SECONDS * 3, child.kill)  # well past the limit: fail, do not hang
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        child.returncode,
        out.read_text(errors="replace"),
        err.read_text(errors="replace"),
        seconds,
        usage.ru_maxrss / 1024,
    )


def _value_at(document: object, path: str) -> object:
    for part in re.findall(r"[^.\[\]]+", path):
        document = document[int(part)] if part.isdigit() else document[part]  # type: ignore[index]
    return document


def _stored(graph, path: str, document: dict) -> object:
    """The graph's value for a path of the file: an entity's or the source's property."""
    parts = re.findall(r"[^.\[\]]+", path)
    if parts[0] == "entities":
        entity = document["entities"][int(parts[1])]
        query = "MATCH (n:Entity {id: $id}) RETURN n[$key] AS v"
        params = {"id": entity["id"], "key": parts[2]}
    else:
        query = "MATCH (n:Source {id: $id}) RETURN n[$key] AS v"
        params = {"id": document["source"]["id"], "key": parts[1]}
    records, _, _ = graph.driver.execute_query(query, params)
    return records[0]["v"]


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.name)
def test_hostile_file(case: Case, loaded, neo4j_env, tmp_path):
    graph = loaded
    before = checksum(graph)
    folder = tmp_path / "in"
    folder.mkdir()
    if case.make is not None:
        args = case.make(folder)
    else:
        assert case.source is not None
        target = folder / (case.filename or case.source.name)
        target.write_bytes(case.source.read_bytes())
        args = [target]
    env = {**os.environ, **neo4j_env, "RELGRAPH_PAGER": "off"}
    try:
        run = run_cli([*case.command, *map(str, args)], env, tmp_path)
        shown = f"exit {run.code}, {run.seconds:.1f} s, {run.megabytes:.0f} MB\nstdout:\n{run.stdout[-3000:]}\nstderr:\n{run.stderr[-3000:]}"
        assert run.code == case.exit, shown
        assert run.seconds <= SECONDS, shown
        assert run.megabytes <= MEGABYTES, shown
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr, shown
        bad = UNSAFE.search(run.stdout + run.stderr)
        assert bad is None, f"{bad.group()!r} reached the terminal\n{shown}"
        for text in case.absent:
            assert text not in run.stdout + run.stderr, shown
        if case.exit != 0:
            assert case.message in run.stderr or case.message in run.stdout, shown
            where = str(args[0])
            if case.line is not None:
                assert f"{where}:{case.line}:" in run.stderr + run.stdout, shown
            if case.field is not None:
                assert f": {case.field}: " in run.stderr + run.stdout, shown
            assert checksum(graph) == before, "a refused load changed the graph"
            return
        document = yaml.safe_load(Path(args[0]).read_text())
        for path in case.verbatim:
            assert _stored(graph, path, document) == _value_at(document, path), path
        for check in case.graph:
            query, expected = check.split(" => ")
            records, _, _ = graph.driver.execute_query(query)
            assert records[0]["v"] == json.loads(expected), check
        unload(graph, document["source"]["id"])
        assert checksum(graph) == before, "unloading the source did not restore the graph"
    finally:
        if checksum(graph) != before:
            _State.seed_loaded = False  # the next test that needs the seed loads it again
