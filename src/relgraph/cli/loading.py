"""Loading seed files into the graph, and taking a source out again."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import LOADING, Format, FormatOption, app, open_graph, say, settings, show


@app.command("load", rich_help_panel=LOADING)
def load_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Seed files, or folders of them (*.yaml).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added, changed and retracted; write nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Reload files even if unchanged; let a file take over a source id loaded from another file."
        ),
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=100_000, help="Rows per UNWIND batch.")] = 5000,
    transaction_size: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=10_000_000,
            show_default="what fits Neo4j's transaction memory, about 24 KB a fact",
            help="Facts changed in one transaction; a source changing more is staged (written in parts, published "
            "at once). Lower it when Neo4j runs out of memory.",
        ),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="First load into an EMPTY managed database, many times "
            "faster: checks and plans as a normal load, then stops the managed server, "
            "imports with neo4j-admin and starts it again; the graph, manifests and "
            "constraints are those a normal load makes. Refused with NEO4J_URI or a "
            "database that holds anything; on failure the database is put back as "
            "it was. See docs/loading.md.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Validate seed files, then load them: one transaction per file, unchanged files skipped, changed ones diffed.

    Nothing is written if any file is invalid. Example: relgraph load seed/ --dry-run
    """
    from ..output.progress import progress_display

    if bulk:
        from ..core.errors import UsageError
        from ..loading.run import bulk_load_paths

        if dry_run:
            raise UsageError(
                "--bulk and --dry-run do not go together.", "A dry run without --bulk shows what a load would add."
            )
        with progress_display(enabled=not settings.quiet, unit="rows") as progress:
            show(bulk_load_paths(paths, progress=progress, say=say), fmt)
        return
    from ..loading.run import load_paths

    with open_graph() as graph, progress_display(enabled=not settings.quiet, unit="rows") as progress:
        show(
            load_paths(
                graph,
                paths,
                batch_size=batch_size,
                dry_run=dry_run,
                force=force,
                progress=progress,
                transaction_size=transaction_size,
                say=say,
            ),
            fmt,
        )


@app.command("unload", rich_help_panel=LOADING)
def unload_cmd(
    source: Annotated[str, typer.Argument(help="A source id (see `relgraph sources`).")],
    fmt: FormatOption = Format.table,
) -> None:
    """Remove exactly what one source contributed; entities and facts other sources also assert stay.

    Example: relgraph unload essay-russia-pakistan-rapprochement
    """
    from ..loading.run import unload_source

    with open_graph() as graph:
        show(unload_source(graph, source, say=say), fmt)


@app.command("import", rich_help_panel=LOADING)
def import_cmd(
    dataset: Annotated[
        str | None, typer.Argument(help="A dataset adapter: cow-states, atop, cow-igo, ... (see --list).")
    ] = None,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="The dataset's files, as downloaded (plain or .gz), in any order.")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="Describe the adapters: files, citation, terms.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Refuse the import if any row cannot be mapped.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Import again even if the files are unchanged.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Import a dataset (Correlates of War, ATOP, UN votes, ...) as one source, beside the seed files:
    validated, diffed against its last import, every fact citing file and line; rows that cannot be mapped
    are reported.

    Example: relgraph import cow-states states2016.csv majors2016.csv system2016.csv
    """
    from ..datasets.report import adapters_answer, import_and_report
    from ..output.progress import progress_display

    if list_ or dataset is None:
        show(adapters_answer(), fmt)
        return
    if not paths:
        from ..core.errors import UsageError

        raise UsageError(
            f"Name the files of {dataset}: relgraph import {dataset} FILE...",
            "`relgraph import --list` says which files each adapter takes.",
        )
    with open_graph() as graph, progress_display(enabled=not settings.quiet, unit="rows") as progress:
        show(
            import_and_report(
                graph, dataset, paths, strict=strict, dry_run=dry_run, force=force, progress=progress, say=say
            ),
            fmt,
        )
