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
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from . import __version__
from .errors import RelgraphError, UsageError
from .render import Format

if TYPE_CHECKING:
    from .answers import Answer, Report
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

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format: table, json, csv or ndjson.")]
AsOfOption = Annotated[Optional[int], typer.Option("--as-of", min=1000, max=2100, metavar="YEAR",
                                                   help="Only what held in YEAR: begun by then and not ended.")]
StateA = Annotated[str, typer.Argument(help="A state: ISO code, name or alias, any case (RUS, Russia, Moscow).")]
StateB = Annotated[str, typer.Argument(help="The other state.")]


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


def show(answer: "Answer | Report", fmt: Format) -> None:
    """Data to stdout in the chosen format; titles and notes to stderr (tables only)."""
    from .answers import Report
    from .render import render, render_sections

    if isinstance(answer, Report):
        if fmt is not Format.table:
            typer.echo(render_sections({k: (a.columns, a.rows) for k, a in answer.sections.items()}, fmt))
            return
        say(answer.title)
        for part in answer.sections.values():
            typer.echo("")
            show(part, fmt)
        return
    if fmt is Format.table:
        say(answer.title)
        for note in answer.notes:
            say(f"note: {note}")
        if not answer.rows:
            say(answer.empty_note)
            return
    if answer.rows or fmt in (Format.csv, Format.json):
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
def who_influences_cmd(a: StateA, b: StateB, as_of: AsOfOption = None, fmt: FormatOption = Format.table,
                       inferred: Annotated[int, typer.Option(min=0, max=50, help="How many inferred candidates (states tied to both) to add; 0 for none.")] = 5) -> None:
    """Third parties acting on the relationship between two states, with mechanism, direction and source;
    then states with strong ties to both, marked inferred.

    Example: relgraph who-influences Russia Pakistan --as-of 2013
    """
    from .answers import who_influences

    with open_graph() as graph:
        show(who_influences(graph, a, b, as_of=as_of, inferred=inferred), fmt)


@app.command("dyad")
@handled
def dyad_cmd(a: StateA, b: StateB, as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """The relationship's profile: facts between A and B by type, quantities, agreements, shared ties.

    Example: relgraph dyad Russia Pakistan --format json
    """
    from .answers import dyad

    with open_graph() as graph:
        show(dyad(graph, a, b, as_of=as_of), fmt)


@app.command("timeline")
@handled
def timeline_cmd(a: StateA, b: StateB,
                 year_from: Annotated[Optional[int], typer.Option("--from", metavar="YEAR", help="Earliest year.")] = None,
                 year_to: Annotated[Optional[int], typer.Option("--to", metavar="YEAR", help="Latest year.")] = None,
                 as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """Facts and events between A and B in time order (undated ones last).

    Example: relgraph timeline Russia Pakistan --from 2010 --to 2018
    """
    from .answers import timeline

    with open_graph() as graph:
        show(timeline(graph, a, b, year_from, year_to, as_of), fmt)


@app.command("agreements")
@handled
def agreements_cmd(a: StateA, b: Annotated[Optional[str], typer.Argument(help="Another party (optional).")] = None,
                   as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """Treaties, agreements and memoranda binding A (and B), in order of signature.

    Example: relgraph agreements Russia Pakistan
    """
    from .answers import agreements

    with open_graph() as graph:
        show(agreements(graph, a, b, as_of), fmt)


@app.command("projects")
@handled
def projects_cmd(a: StateA, b: Annotated[Optional[str], typer.Argument(help="Another state (optional).")] = None,
                 as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """Projects tied to A (and B), with everyone else in them and what flows where.

    Example: relgraph projects Russia Pakistan
    """
    from .answers import projects

    with open_graph() as graph:
        show(projects(graph, a, b, as_of), fmt)


@app.command("memberships")
@handled
def memberships_cmd(a: StateA, as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """Organisations and groupings A belongs to, and since when.

    Example: relgraph memberships Pakistan --as-of 2016
    """
    from .answers import memberships

    with open_graph() as graph:
        show(memberships(graph, a, as_of), fmt)


@app.command("shared")
@handled
def shared_cmd(a: Annotated[str, typer.Argument(help="An entity: code, name or alias.")],
               b: Annotated[str, typer.Argument(help="Another entity.")],
               as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """What A and B are both tied to: organisations, treaties, projects, events, third states.

    Example: relgraph shared Russia Pakistan
    """
    from .answers import shared

    with open_graph() as graph:
        show(shared(graph, a, b, as_of), fmt)


@app.command("series")
@handled
def series_cmd(a: StateA, b: StateB,
               measure: Annotated[str, typer.Option("--measure", "-m", help="What is measured: trade, recipient-rank, ...")] = "trade",
               plot: Annotated[Optional[Path], typer.Option("--plot", metavar="FILE", help="Also draw the series to FILE (.png or .svg).")] = None,
               as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """A quantity between A and B over time, with its unit (values of different units are never added).

    Example: relgraph series Russia Pakistan --measure trade --plot trade.png
    """
    from .answers import series

    with open_graph() as graph:
        answer = series(graph, a, b, measure, as_of)
    show(answer, fmt)
    if plot:
        from .pictures import plot_series

        say(f"wrote {plot_series(answer.rows, answer.title, plot)}")


@app.command("draw")
@handled
def draw_cmd(a: StateA, b: StateB,
             output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="Where to write the picture: .png or .svg.")],
             as_of: AsOfOption = None) -> None:
    """Draw the dyad's neighbourhood: the two states, who influences them, their organisations, shared
    projects, treaties and events, with edges labelled by type and year.

    Example: relgraph draw Russia Pakistan -o dyad.png
    """
    from .answers import neighbourhood
    from .pictures import draw_scene

    with open_graph() as graph:
        picture = neighbourhood(graph, a, b, as_of)
    draw_scene(picture, output)
    say(f"wrote {output} ({len(picture.nodes)} nodes, {len(picture.edges)} edges)")


@app.command("browse")
@handled
def browse_cmd(
    open_: Annotated[bool, typer.Option("--open", help="Open it in the default web browser.")] = False,
    browser_url: Annotated[Optional[str], typer.Option(envvar="RELGRAPH_BROWSER_URL", help="Neo4j Browser's address when NEO4J_URI names another server.")] = None,
) -> None:
    """Print the Neo4j Browser URL, with the connect URL and user filled in (never the password).

    Example: relgraph browse --open
    """
    from urllib.parse import quote

    from .connection import resolve

    conn = resolve(progress=say)
    base = browser_url or conn.browser_url
    if not base:
        raise UsageError("Where is Neo4j Browser for this server? Pass --browser-url (or set RELGRAPH_BROWSER_URL).")
    scheme, _, rest = conn.uri.partition("://")
    url = f"{base.rstrip('/')}/?connectURL={quote(f'{scheme}://{conn.user}@{rest}', safe='')}"
    if conn.database:
        url += f"&db={quote(conn.database, safe='')}"
    typer.echo(url)
    if conn.managed:
        from . import managed

        say(f"user {conn.user}; the password is in {managed.password_file(managed.data_dir())}")
    else:
        say(f"user {conn.user}; the password is your NEO4J_PASSWORD")
    say("style: drag browser/relgraph.grass onto the Browser window; queries: drag browser/favorites/*.cypher "
        "onto the Favorites drawer")
    if open_:
        import webbrowser

        webbrowser.open(url)


@app.command("paths")
@handled
def paths_cmd(a: Annotated[str, typer.Argument(help="An entity: code, name or alias.")],
              b: Annotated[str, typer.Argument(help="Another entity.")],
              max_hops: Annotated[int, typer.Option("--max-hops", help="Longest path, 2 to 4.")] = 3,
              limit: Annotated[int, typer.Option(min=1, max=500, help="How many paths at most.")] = 25,
              as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """How A and B connect beyond their direct ties, with the facts along each path (shortest first).

    Example: relgraph paths Russia Pakistan --max-hops 2
    """
    from .answers import paths

    with open_graph() as graph:
        show(paths(graph, a, b, max_hops, as_of, limit), fmt)


@app.command("partners")
@handled
def partners_cmd(a: StateA, as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:
    """A's relations ranked by how many facts tie them.

    Example: relgraph partners Pakistan
    """
    from .answers import partners

    with open_graph() as graph:
        show(partners(graph, a, as_of), fmt)


@app.command("disputes")
@handled
def disputes_cmd(fmt: FormatOption = Format.table) -> None:
    """Facts on which sources disagree, side by side (one row per claim, grouped by dispute number).

    Example: relgraph disputes --format csv
    """
    from .answers import disputes

    with open_graph() as graph:
        show(disputes(graph), fmt)


@app.command("sources")
@handled
def sources_cmd(fact: Annotated[Optional[str], typer.Option("--fact", metavar="FACT_ID", help="A fact id (f-...) from JSON output.")] = None,
                fmt: FormatOption = Format.table) -> None:
    """The loaded sources; with --fact, where one fact comes from (each source and place).

    Example: relgraph sources --fact f-043058cc999567791052
    """
    from .answers import sources

    with open_graph() as graph:
        show(sources(graph, fact), fmt)


query_app = typer.Typer(help="The query catalogue in cypher/: list, show and run any read query.", no_args_is_help=True)
app.add_typer(query_app, name="query")
ParamOption = Annotated[Optional[list[str]], typer.Option("--param", "-p", metavar="KEY=VALUE",
                                                          help="A parameter; JSON values (numbers, lists, null) are read as such.")]


@query_app.command("list")
@handled
def query_list_cmd(fmt: FormatOption = Format.table) -> None:
    """Every query in the catalogue, with its mode and parameters.

    Example: relgraph query list
    """
    from . import catalogue
    from .answers import Answer

    rows = [{"name": q.name, "mode": q.mode, "params": [p.name for p in q.params], "purpose": q.purpose}
            for q in sorted(catalogue.catalogue().values(), key=lambda q: (q.mode != "read", q.name))]
    show(Answer("The query catalogue (cypher/)", ("name", "mode", "params", "purpose"), rows), fmt)


@query_app.command("show")
@handled
def query_show_cmd(name: Annotated[str, typer.Argument(help="A query name from `relgraph query list`.")]) -> None:
    """Print a query's file: its header (the contract) and its Cypher, ready to paste into Browser.

    Example: relgraph query show who_influences
    """
    from . import catalogue

    try:
        query = catalogue.get(name)
    except KeyError:
        raise UsageError(f"No query named {name!r}.", "List them with `relgraph query list`.") from None
    for param in query.params:
        typer.echo(f":param {param.name} => null  // {param.type}: {param.doc}")
    typer.echo(f"// {query.file} ({query.mode}): {query.purpose}")
    typer.echo(query.text)


@query_app.command("run")
@handled
def query_run_cmd(name: Annotated[str, typer.Argument(help="A read query name from `relgraph query list`.")],
                  param: ParamOption = None, fmt: FormatOption = Format.table) -> None:
    """Run a read query from the catalogue with parameters (missing ones are null).

    Example: relgraph query run series -p a=RUS -p b=PAK -p measure=trade
    """
    from .answers import parse_params, run_catalogue_query

    params = parse_params(param or [])
    with open_graph() as graph:
        show(run_catalogue_query(graph, name, params), fmt)


@app.command("cypher")
@handled
def cypher_cmd(statement: Annotated[str, typer.Argument(help="A read-only Cypher statement.")],
               param: ParamOption = None, fmt: FormatOption = Format.table) -> None:
    """Run ad-hoc read-only Cypher; a statement that would write is refused before it runs.

    Example: relgraph cypher "MATCH (s:State) RETURN s.id AS id, s.name AS name" -f csv
    """
    from .answers import parse_params, run_cypher

    params = parse_params(param or [])
    with open_graph() as graph:
        show(run_cypher(graph, statement, params), fmt)


# --- loading -------------------------------------------------------------------


class LoadFormat(str, Enum):
    table = "table"
    json = "json"


@app.command("load")
@handled
def load_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Seed files, or folders of them (*.yaml).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added, changed and retracted; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Reload files even if unchanged; let a file take over a source id loaded from another file.")] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=100_000, help="Rows per UNWIND batch.")] = 5000,
    fmt: Annotated[LoadFormat, typer.Option("--format", "-f", help="table: readable; json: the plan and summary for scripts.")] = LoadFormat.table,
) -> None:
    """Validate seed files, then load them: one transaction per file, unchanged files skipped, changed ones diffed.

    Nothing is written if any file is invalid. Example: relgraph load seed/ --dry-run
    """
    import json

    from .answers import counts
    from .loader import load_all

    with open_graph() as graph, _progress_bar() as progress:
        summary = load_all(graph, paths, batch_size=batch_size, dry_run=dry_run, force=force, progress=progress)
        total = counts(graph)
    if fmt is LoadFormat.json:
        typer.echo(json.dumps({**summary.as_dict(), "graph": total}, ensure_ascii=False, indent=2))
        return
    for result in summary.files:
        plan = result.plan
        if plan.status == "unchanged":
            say(f"{result.path}: unchanged since last load, skipped")
            continue
        verb = "would load" if dry_run else "loaded"
        say(f"{result.path} ({plan.source_id}, {plan.status}): {verb} {result.entities} entities, {result.facts} facts "
            f"in {result.seconds:.2f} s")
        if dry_run or plan.status == "changed":
            for change in plan.changes if dry_run else [c for c in plan.changes if c.what == "fact"]:
                typer.echo(f"  {change.describe()}")
    _print_load_summary(summary, total)


def _print_load_summary(summary: Any, total: dict[str, int]) -> None:
    c = summary.total
    facts = {k: summary.changes(k) for k in ("added", "changed", "updated", "retracted")}
    lead = "dry run, nothing written: " if summary.dry_run else ""
    say(f"{lead}{summary.loaded} file(s) to load, {summary.skipped} unchanged (skipped); facts "
        + ", ".join(f"{n} {k}" for k, n in facts.items()))
    if not summary.dry_run:
        writing = sum(f.seconds for f in summary.files if f.plan.status != "unchanged")
        rate = summary.facts_written / writing if writing and summary.facts_written else 0
        say(f"nodes: {c('nodes_created')} created, {c('nodes_deleted')} deleted; relationships: "
            f"{c('relationships_created')} created, {c('relationships_deleted')} deleted; "
            f"{c('properties_set')} properties set; {summary.seconds:.2f} s"
            + (f" ({rate:,.0f} facts/s written)" if rate else ""))
    say(f"graph now holds {total['nodes']} nodes and {total['relationships']} relationships")


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr, shown only for large files and only on a terminal or when forced."""
    bars: dict[str, Any] = {}

    def update(path: str, done: int, total: int) -> None:
        if total < 2000:
            return
        bar = bars.get(path)
        if bar is None:
            bar = typer.progressbar(length=total, label=f"loading {Path(path).name}", file=sys.stderr,
                                    show_pos=True, show_percent=True)
            bar.__enter__()
            bars[path] = bar
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)


@app.command("unload")
@handled
def unload_cmd(
    source: Annotated[str, typer.Argument(help="A source id (see `relgraph sources`).")],
) -> None:
    """Remove exactly what one source contributed; entities and facts other sources also assert stay.

    Example: relgraph unload essay-russia-pakistan-rapprochement
    """
    from .answers import counts
    from .loader import unload

    with open_graph() as graph:
        result = unload(graph, source)
        total = counts(graph)
    c = result.counters
    say(f"unloaded {source}: {result.plan.count('retracted')} facts and {result.plan.count('retracted', 'entity')} "
        f"entity definitions withdrawn; {c.get('relationships_deleted', 0)} relationships and "
        f"{c.get('nodes_deleted', 0)} nodes deleted (the rest is asserted by other sources)")
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
    heap: Annotated[str, typer.Option(help="JVM heap size (one seed file loads in one transaction: 2g holds ~100,000 facts).")] = "2g",
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
