"""Seed files without a database: check them, and their JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import Format, FormatOption, say, seed_app, show


@seed_app.command("check")
def seed_check_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Seed files, or folders of them.")],
    alone: Annotated[
        bool,
        typer.Option(
            "--alone",
            help="Check the files named alone: do not read the other "
            "seed files in their folders to resolve references.",
        ),
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Validate seed files alone and together, without a database; list every problem with file, line,
    column and field. Exit code 1 when there is any.

    Example: relgraph seed check seed/
    """
    from ..seeds.files import check

    report = check(paths, with_neighbours=not alone)
    show(report, fmt)
    if not report.extra["ok"]:
        raise typer.Exit(1)


@seed_app.command("schema")
def seed_schema_cmd(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the schema to this file instead of stdout.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if the file given with -o differs from the models.")
    ] = False,
) -> None:
    """Print (or write, or check) the JSON Schema of seed files, generated from the models.

    Example: relgraph seed schema -o schema/seed.schema.json
    """
    from ..seeds.schema import check_file, schema_text, write_file

    if check:
        say(check_file(output))
    elif output is None:
        typer.echo(schema_text(), nl=False)
    else:
        say(write_file(output))
