"""Pictures of a dyad's neighbourhood, and Neo4j Browser."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import EXPLORING, AsOfOption, Format, FormatOption, StateA, StateB, app, open_graph, say, show


@app.command("draw", rich_help_panel=EXPLORING)
def draw_cmd(
    a: StateA,
    b: StateB,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="Where to write the picture: .png or .svg.")
    ],
    limit: Annotated[
        int,
        typer.Option(
            min=1,
            max=1000,
            help="Edges to draw at most: the pair's own facts, "
            "influences, memberships and shared ties, the most tied first.",
        ),
    ] = 40,
    as_of: AsOfOption = None,
) -> None:
    """Draw the dyad's neighbourhood (PNG or SVG): the two states, who influences them, their organisations,
    shared projects, treaties, events and laws. Parallel facts between two nodes are one edge whose label
    names their types and years; labels never overlap (one that fits nowhere is numbered and listed beside
    the graph); long names wrap. With more edges than --limit, the least tied are left out, and the
    picture and the command say how many.

    Example: relgraph draw Russia Pakistan -o dyad.svg --limit 60
    """
    from ..output.pictures import draw_scene, scene
    from ..queries.answers import neighbourhood

    with open_graph() as graph:
        picture = scene(neighbourhood(graph, a, b, as_of), limit=limit)
    say(draw_scene(picture, output))


@app.command("browse", rich_help_panel=EXPLORING)
def browse_cmd(
    open_: Annotated[bool, typer.Option("--open", help="Open it in the default web browser.")] = False,
    browser_url: Annotated[
        str | None,
        typer.Option(
            envvar="RELGRAPH_BROWSER_URL", help="Neo4j Browser's address when NEO4J_URI names another server."
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Print the Neo4j Browser URL, with the connect URL and user filled in (never the password).
    Starts nothing: with the managed server stopped or not installed, it says what to run.

    Example: relgraph browse --open
    """
    from ..server.connect import describe
    from ..server.report import browse_answer

    answer = browse_answer(describe(), browser_url)
    show(answer, fmt)
    if open_ and answer.rows:
        import webbrowser

        webbrowser.open(answer.rows[0]["url"])
