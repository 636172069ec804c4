"""What every command shares: the app, its options, error handling, output, and the graph.

The CLI is the only place that prints and sets exit codes. Data goes to stdout; titles, notes,
progress and errors go to stderr. Errors are handled once, here (``RelgraphGroup``), not per command.
Heavy modules (the driver, Pydantic, Rich) are imported inside functions so ``relgraph --help`` is fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from ..core.errors import RelgraphError

if TYPE_CHECKING:
    from typer._click import Context, HelpFormatter

    from ..core.results import Answer, Report
    from ..db.graph import Graph


class Format(str, Enum):  # the same values as output.render.Format, without importing it
    table = "table"
    json = "json"
    csv = "csv"
    ndjson = "ndjson"


@dataclass
class Settings:
    quiet: bool = False
    verbose: bool = False


settings = Settings()


def _colour(stream: Any) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def say(message: str, *, always: bool = False) -> None:
    """A message for the user on stderr (not with --quiet unless ``always``)."""
    if settings.quiet and not always:
        return
    from ..output.render import safe

    typer.echo(safe(message), err=True)


def debug(message: str) -> None:
    """Detail shown with --verbose only."""
    if settings.verbose:
        say(message)


def report_error(exc: RelgraphError) -> None:
    from ..output.render import safe

    prefix = typer.style("error:", fg="red", bold=True) if _colour(sys.stderr) else "error:"
    typer.echo(f"{prefix} {safe(exc.message)}", err=True)
    if exc.hint:
        typer.echo(safe(exc.hint), err=True)


class RelgraphGroup(TyperGroup):
    """Turns relgraph's errors into one or two lines on stderr and their exit code, for every command."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except RelgraphError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:  # a bug: one clear line, the traceback with --verbose
            if settings.verbose or type(exc).__module__.startswith("typer"):  # Exit, Abort, usage errors
                raise
            report_error(
                RelgraphError(
                    f"internal error: {type(exc).__name__}: {exc}",
                    "Run the command again with --verbose to see where; please report it.",
                )
            )
            raise typer.Exit(1) from None

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """Commands in panels (Questions, Loading and checking, ...), in the order they were added.

        Plain click help, without Rich, keeps ``relgraph --help`` fast."""
        from ..output.helptext import panels

        commands = [(n, c) for n in self.list_commands(ctx) if (c := self.get_command(ctx, n)) is not None]
        for panel, rows in panels(commands, formatter.width):
            with formatter.section(panel):
                formatter.write_dl(rows)


def new_app(help: str, **kwargs: Any) -> typer.Typer:
    return typer.Typer(
        help=help,
        cls=RelgraphGroup,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        **kwargs,
    )


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output: table, json, csv or ndjson.")]
AsOfOption = Annotated[
    int | None,
    typer.Option(
        "--as-of", min=1000, max=2100, metavar="YEAR", help="Only what held in YEAR: begun by then and not ended."
    ),
]
PredecessorsOption = Annotated[
    bool,
    typer.Option(
        "--predecessors/--no-predecessors",
        help="Cover the states a state continues (the Soviet Union for "
        "Russia), labelled with the state that held each fact.",
    ),
]
StateA = Annotated[
    str, typer.Argument(help="A state: ISO code, COW code, name or alias, any case (RUS, Russia, Moscow).")
]
StateB = Annotated[str, typer.Argument(help="The other state.")]
EntityA = Annotated[str, typer.Argument(help="An entity: id, name or alias.")]
EntityB = Annotated[str, typer.Argument(help="Another entity.")]


def show(result: Answer | Report, fmt: Format = Format.table) -> None:
    """Data to stdout in the chosen format; with tables, titles and notes to stderr; long tables paged."""
    from ..output.document import Terminal, document

    out = document(result, fmt.value, Terminal.of_stdout(), settings.quiet)
    if out.page and os.environ.get("RELGRAPH_PAGER", "on") != "off":  # the pager shows the data alone
        for message in out.messages:
            say(message)
        page(out.text())
        return
    for is_data, text in out.parts:  # each title just before its table
        if not is_data:
            say(text)
        elif text:
            sys.stderr.flush()
            typer.echo(text)
            sys.stdout.flush()


def page(text: str) -> None:
    """Long output on a terminal, through $PAGER (else ``less -RFX``: colours kept, no pager for one screen)."""
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less -RFX")
    try:
        subprocess.run(command, input=text.encode(), check=False)
    except OSError:
        typer.echo(text)


@contextmanager
def open_graph(start: bool = True) -> Iterator[Graph]:
    """The graph to work on: NEO4J_URI's server, else the managed one (started if installed and stopped)."""
    from ..db.graph import Graph
    from ..server.connect import connect

    with Graph(connect(progress=say, start=start)) as graph:
        yield graph


CONNECTION_HELP = (
    "Connection: NEO4J_URI (with NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) when set; otherwise the Neo4j "
    "server relgraph manages itself (`relgraph server --help`), started if it is installed but stopped."
)
QUESTIONS = "Questions"
LOADING = "Loading and checking"
EXPLORING = "Exploring"
ADMIN = "Queries and the server"

app = new_app(
    "relgraph: bilateral relations between states as cited, time-scoped claims in Neo4j.\n\n" + CONNECTION_HELP,
    name="relgraph",
    add_completion=True,
)
server_app = new_app(
    "Install, start, stop and inspect the local Neo4j server relgraph manages (for machines without Docker)."
)
seed_app = new_app("Work with seed files without a database: check them, print their JSON Schema.")
query_app = new_app("The query catalogue in cypher/: list, show and run any read query.")
app.add_typer(seed_app, name="seed", rich_help_panel=LOADING)
app.add_typer(query_app, name="query", rich_help_panel=ADMIN)
app.add_typer(server_app, name="server", rich_help_panel=ADMIN)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"relgraph {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only data and errors: no titles, notes or progress.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="More detail: timings and what is done.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    settings.quiet, settings.verbose = quiet, verbose and not quiet
