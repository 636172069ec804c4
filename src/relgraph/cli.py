"""relgraph's command line: the one module that prints and sets exit codes.

Every command is a few lines: call a library function, render its result.
Data goes to stdout; progress and messages go to stderr. Exit codes:
0 ok, 1 data or query error, 2 usage error, 3 database unreachable.
Heavy modules (the driver, Pydantic models) are imported inside commands so
that ``relgraph --help`` starts fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from . import __version__
from .errors import RelgraphError, UsageError
from .render import Format

if TYPE_CHECKING:
    from .answers import Answer
    from .graph import Graph

F = TypeVar("F", bound=Callable[..., Any])

CONNECTION_HELP = (
    "Connection: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE when NEO4J_URI is set; "
    "otherwise the Neo4j server relgraph manages itself (see `relgraph server --help`), started on demand."
)

app = typer.Typer(
    name="relgraph",
    help="relgraph: bilateral relations between states as cited, time-scoped claims in Neo4j.\n\n" + CONNECTION_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
server_app = typer.Typer(help="Install, start, stop and inspect the local Neo4j server relgraph manages "
                              "(for machines without Docker).", no_args_is_help=True)
seed_app = typer.Typer(help="Work with seed files without a database.", no_args_is_help=True)
app.add_typer(server_app, name="server")
app.add_typer(seed_app, name="seed")

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def say(message: str) -> None:
    """A message for the user (stderr)."""
    typer.echo(message, err=True)


def fail(exc: RelgraphError) -> None:
    say(f"error: {exc.message}")
    if exc.hint:
        say(exc.hint)
    raise typer.Exit(exc.exit_code)


def handled(fn: F) -> F:
    """Turn relgraph errors into a short message and the right exit code (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RelgraphError as exc:
            fail(exc)

    return wrapper  # type: ignore[return-value]


@contextmanager
def open_graph() -> Iterator["Graph"]:
    from .connection import resolve
    from .graph import Graph

    with Graph(resolve(progress=say)) as graph:
        yield graph


def show(answer: "Answer", fmt: Format) -> None:
    from .render import render

    if fmt is Format.table:
        say(answer.title)
        if not answer.rows:
            say(answer.empty_note)
            return
    typer.echo(render(answer.columns, answer.rows, fmt))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"relgraph {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    pass


# --- questions -------------------------------------------------------------------


@app.command("who-influences")
@handled
def who_influences_cmd(
    a: Annotated[str, typer.Argument(help="One state: ISO code, name or alias (any case).")],
    b: Annotated[str, typer.Argument(help="The other state.")],
    fmt: FormatOption = Format.table,
) -> None:
    """Third parties acting on the relationship between two states, with mechanism, direction and source.

    Example: relgraph who-influences Russia Pakistan
    """
    from .answers import who_influences

    with open_graph() as graph:
        show(who_influences(graph, a, b), fmt)


# --- loading -------------------------------------------------------------------


@app.command("load")
@handled
def load_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Seed files, or folders of them (*.yaml).")],
    batch_size: Annotated[int, typer.Option(min=1, max=100_000, help="Rows per UNWIND batch.")] = 5000,
) -> None:
    """Validate seed files, then load them into Neo4j (one transaction per file; nothing is written if any file is invalid).

    Example: relgraph load seed/
    """
    from .answers import counts
    from .loader import load

    with open_graph() as graph:
        for result in load(graph, paths, batch_size=batch_size):
            c = result.counters
            say(f"loaded {result.path} ({result.source_id}): {result.entities} entities, {result.facts} facts; "
                f"created {c.get('nodes_created', 0)} nodes, {c.get('relationships_created', 0)} relationships, "
                f"set {c.get('properties_set', 0)} properties")
        total = counts(graph)
        say(f"graph now holds {total['nodes']} nodes and {total['relationships']} relationships")


@seed_app.command("check")
@handled
def seed_check_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Seed files, or folders of them.")],
) -> None:
    """Validate seed files alone and together, without a database; list every problem as file:line:col: field: message.

    Example: relgraph seed check seed/
    """
    from .seedfiles import collect, read_and_check

    files = collect(paths)
    seeds, problems = read_and_check(files)
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {len(files)} file(s)")
        raise typer.Exit(1)
    facts = sum(len(s.document.facts) for s in seeds if s.document)
    entities = sum(len(s.document.entities) for s in seeds if s.document)
    say(f"ok: {len(files)} file(s), {entities} entities, {facts} facts")


@seed_app.command("schema")
@handled
def seed_schema_cmd(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the schema to this file instead of stdout.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the file given with -o differs from the models.")] = False,
) -> None:
    """Print (or write, or check) the JSON Schema of seed files, generated from the models.

    Example: relgraph seed schema -o schema/seed.schema.json
    """
    from .schema import drifted, schema_text

    if check:
        if output is None:
            raise UsageError("--check needs the committed file: relgraph seed schema --check -o schema/seed.schema.json")
        if not output.exists() or drifted(output.read_text(encoding="utf-8")):
            say(f"{output} is out of date; regenerate it with: relgraph seed schema -o {output}")
            raise typer.Exit(1)
        say(f"{output} matches the models")
        return
    if output is None:
        typer.echo(schema_text(), nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(schema_text(), encoding="utf-8")
        say(f"wrote {output}")


# --- the managed server ------------------------------------------------------------


@server_app.command("install")
@handled
def server_install_cmd() -> None:
    """Fetch Neo4j Community 5.26 and Neo4j Browser from Maven Central with mvn into the user cache (idempotent).

    Example: relgraph server install
    """
    from . import managed

    managed.install(progress=say)


@server_app.command("start")
@handled
def server_start_cmd(
    bolt_port: Annotated[int, typer.Option(envvar="RELGRAPH_BOLT_PORT", min=1, max=65535, help="Bolt port on 127.0.0.1.")] = 7687,
    http_port: Annotated[int, typer.Option(envvar="RELGRAPH_HTTP_PORT", min=1, max=65535, help="HTTP (Browser) port on 127.0.0.1.")] = 7474,
    heap: Annotated[str, typer.Option(help="JVM heap size.")] = "1g",
    pagecache: Annotated[str, typer.Option(help="Neo4j page cache size.")] = "256m",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 180.0,
) -> None:
    """Start the managed Neo4j in the background (127.0.0.1 only) and wait until it answers.

    Example: relgraph server start --bolt-port 7687 --http-port 7474
    """
    from . import managed

    config = managed.ServerConfig(home=managed.data_dir(), bolt_port=bolt_port, http_port=http_port,
                                  heap=heap, pagecache=pagecache)
    _print_status(managed.start(config, progress=say, timeout=timeout))


@server_app.command("stop")
@handled
def server_stop_cmd() -> None:
    """Stop the managed Neo4j cleanly.

    Example: relgraph server stop
    """
    from . import managed

    managed.stop(progress=say)


@server_app.command("status")
@handled
def server_status_cmd() -> None:
    """Show whether the managed Neo4j runs: URI, process id, data folder, Browser URL. Exit 3 when it is not running.

    Example: relgraph server status
    """
    from . import managed

    running = managed.status()
    if running is None:
        installed = "installed" if managed.is_installed() else "not installed (run `relgraph server install`)"
        say(f"not running (data folder {managed.data_dir()}; Neo4j {managed.NEO4J_VERSION} {installed})")
        raise typer.Exit(3)
    _print_status(running)


def _print_status(info: Any) -> None:
    from . import managed

    typer.echo(f"uri:          {info.uri}")
    typer.echo(f"user:         {managed.USER} (password in {managed.password_file(Path(info.home))})")
    typer.echo(f"pid:          {info.pid}")
    typer.echo(f"data folder:  {info.home}")
    typer.echo(f"browser:      {info.browser_url}")
    typer.echo(f"neo4j:        {info.version} on Java {info.java}")


@server_app.command("logs")
@handled
def server_logs_cmd(
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="How many lines.")] = 40,
) -> None:
    """Show the last lines of the managed server's log.

    Example: relgraph server logs -n 100
    """
    from . import managed

    for line in managed.logs(lines=lines):
        typer.echo(line)


def main() -> None:
    try:
        app()
    except RelgraphError as exc:  # raised outside a command (should not happen), still no traceback
        say(f"error: {exc}")
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
