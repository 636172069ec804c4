"""The analysts' questions about states and their relationships.

(No ``from __future__ import annotations`` here: the question factories build annotations at run time.)
"""

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..queries.routes import RANKING_HELP
from .common import (
    QUESTIONS,
    AsOfOption,
    EntityA,
    EntityB,
    Format,
    FormatOption,
    PredecessorsOption,
    StateA,
    StateB,
    app,
    open_graph,
    say,
    show,
)

OtherParty = Annotated[str | None, typer.Argument(help="Another party (optional).")]


def _answers() -> Any:
    from ..queries import answers

    return answers


def _pair_question(name: str, function: str, doc: str, entities: bool = False, lineage: bool = False) -> None:
    """A question about two states (or entities) and a year: dyad, shared."""
    A, B = (EntityA, EntityB) if entities else (StateA, StateB)
    if lineage:

        def command(
            a: A,  # type: ignore[valid-type]
            b: B,  # type: ignore[valid-type]
            as_of: AsOfOption = None,
            predecessors: PredecessorsOption = True,
            fmt: FormatOption = Format.table,
        ) -> None:
            with open_graph() as graph:
                show(getattr(_answers(), function)(graph, a, b, as_of=as_of, predecessors=predecessors), fmt)
    else:

        def command(a: A, b: B, as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:  # type: ignore[valid-type,misc]
            with open_graph() as graph:
                show(getattr(_answers(), function)(graph, a, b, as_of=as_of), fmt)

    command.__doc__ = doc
    app.command(name, rich_help_panel=QUESTIONS)(command)


def _one_question(name: str, function: str, doc: str, optional_second: bool = False, lineage: bool = False) -> None:
    """A question about one state or organisation (memberships, partners), or one and maybe another
    (agreements, projects)."""
    if optional_second and lineage:

        def command(
            a: StateA,
            b: OtherParty = None,
            as_of: AsOfOption = None,
            predecessors: PredecessorsOption = True,
            fmt: FormatOption = Format.table,
        ) -> None:
            with open_graph() as graph:
                show(getattr(_answers(), function)(graph, a, b, as_of=as_of, predecessors=predecessors), fmt)
    elif lineage:

        def command(  # type: ignore[misc]
            a: StateA,
            as_of: AsOfOption = None,
            predecessors: PredecessorsOption = True,
            fmt: FormatOption = Format.table,
        ) -> None:
            with open_graph() as graph:
                show(getattr(_answers(), function)(graph, a, as_of=as_of, predecessors=predecessors), fmt)
    elif optional_second:

        def command(  # type: ignore[misc]
            a: StateA,
            b: OtherParty = None,
            as_of: AsOfOption = None,
            fmt: FormatOption = Format.table,
        ) -> None:
            with open_graph() as graph:
                show(getattr(_answers(), function)(graph, a, b, as_of=as_of), fmt)
    else:

        def command(a: StateA, as_of: AsOfOption = None, fmt: FormatOption = Format.table) -> None:  # type: ignore[misc]
            with open_graph() as graph:
                show(getattr(_answers(), function)(graph, a, as_of=as_of), fmt)

    command.__doc__ = doc
    app.command(name, rich_help_panel=QUESTIONS)(command)


@app.command("who-influences", rich_help_panel=QUESTIONS)
def who_influences_cmd(
    a: Annotated[str | None, typer.Argument(help="A state: ISO code, COW code, name or alias.")] = None,
    b: Annotated[str | None, typer.Argument(help="The other state.")] = None,
    as_of: AsOfOption = None,
    inferred: Annotated[
        int, typer.Option(min=0, max=50, help="How many inferred influencers to add, best first; 0 for none.")
    ] = 5,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also list the facts behind each inferred influencer.")
    ] = False,
    since: Annotated[
        int | None, typer.Option("--since", metavar="YEAR", help="Only disputes, deliveries and trade from YEAR on.")
    ] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List the rules and their weights.")] = False,
    predecessors: PredecessorsOption = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Third parties acting on the relationship between two states: those the sources name (mechanism,
    direction, citation), then those the facts place to influence it, by documented rules with weights
    (an ally of one side at odds with the other, an arms supplier of one side, a neighbour of both, a great
    power next door, a large trade partner of both ...), ranked by score, each citing its facts.

    Example: relgraph who-influences India Pakistan --explain
    """
    if rules or a is None or b is None:
        show(_answers().influence_rules(), fmt)
        return
    with open_graph() as graph:
        show(
            _answers().who_influences(
                graph, a, b, as_of=as_of, inferred=inferred, explain=explain, since=since, predecessors=predecessors
            ),
            fmt,
        )


_pair_question(
    "dyad",
    "dyad",
    """The relationship's profile: facts between A and B by type, quantities, agreements, shared ties.

    Example: relgraph dyad Russia Pakistan --format json
    """,
    lineage=True,
)
_pair_question(
    "shared",
    "shared",
    """What A and B are both tied to: organisations, treaties, projects, events, third states.

    Example: relgraph shared Russia Pakistan
    """,
    entities=True,
)
_one_question(
    "agreements",
    "agreements",
    """Treaties, agreements and memoranda binding A (and B), in order of signature.

    Example: relgraph agreements Russia Pakistan
    """,
    optional_second=True,
    lineage=True,
)
_one_question(
    "projects",
    "projects",
    """Projects tied to A (and B), with everyone else in them and what flows where.

    Example: relgraph projects Russia Pakistan
    """,
    optional_second=True,
)
_one_question(
    "memberships",
    "memberships",
    """Organisations and groupings A belongs to, and since when.

    Example: relgraph memberships Pakistan --as-of 2016
    """,
    lineage=True,
)


class By(str, Enum):
    ties = "ties"
    trade = "trade"
    votes = "votes"
    arms = "arms"
    disputes = "disputes"


@app.command("partners", rich_help_panel=QUESTIONS)
def partners_cmd(
    a: StateA,
    by: Annotated[
        By,
        typer.Option(
            "--by",
            help="Rank by: ties (facts), trade (total, both ways), votes (UN agreement), arms (transfers), disputes.",
        ),
    ] = By.ties,
    year_from: Annotated[int | None, typer.Option("--from", metavar="YEAR", help="First year counted.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", metavar="YEAR", help="Last year counted.")] = None,
    as_of: AsOfOption = None,
    predecessors: PredecessorsOption = True,
    fmt: FormatOption = Format.table,
) -> None:
    """A's partners ranked: by how many facts tie them, or by trade, UN votes, arms transfers or disputes over a
    year (--as-of) or a period (--from/--to).

    Example: relgraph partners India --by trade --from 2010 --to 2014
    """
    with open_graph() as graph:
        show(
            _answers().partners(
                graph, a, as_of=as_of, by=by.value, year_from=year_from, year_to=year_to, predecessors=predecessors
            ),
            fmt,
        )


@app.command("arms", rich_help_panel=QUESTIONS)
def arms_cmd(
    a: StateA,
    year_from: Annotated[int | None, typer.Option("--from", metavar="YEAR", help="First order year counted.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", metavar="YEAR", help="Last order year counted.")] = None,
    predecessors: PredecessorsOption = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Arms supplied to A by supplier and decade of order: deals, items delivered, SIPRI trend-indicator values
    and the commonest weapons, each row cited.

    Example: relgraph arms India --from 1990
    """
    with open_graph() as graph:
        show(_answers().arms(graph, a, year_from, year_to, predecessors), fmt)


@app.command("timeline", rich_help_panel=QUESTIONS)
def timeline_cmd(
    a: StateA,
    b: StateB,
    year_from: Annotated[int | None, typer.Option("--from", metavar="YEAR", help="Earliest year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", metavar="YEAR", help="Latest year.")] = None,
    as_of: AsOfOption = None,
    predecessors: PredecessorsOption = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Facts and events between A and B in time order (undated ones last).

    Example: relgraph timeline Russia Pakistan --from 2010 --to 2018
    """
    with open_graph() as graph:
        show(_answers().timeline(graph, a, b, year_from, year_to, as_of, predecessors), fmt)


@app.command("series", rich_help_panel=QUESTIONS)
def series_cmd(
    a: StateA,
    b: StateB,
    measure: Annotated[
        str, typer.Option("--measure", "-m", help="What is measured: trade, recipient-rank, ...")
    ] = "trade",
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="FILE", help="Also draw the series to FILE (.png or .svg).")
    ] = None,
    issue: Annotated[
        str | None,
        typer.Option(
            "--issue", help="For UN votes: one issue's series (me, nu, di, hr, co, ec); by default all roll calls."
        ),
    ] = None,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """A quantity between A and B over time, with its unit (values of different units are never added).

    Example: relgraph series Russia Pakistan --measure trade --plot trade.png
    """
    with open_graph() as graph:
        answer = _answers().series(graph, a, b, measure, as_of, issue)
    show(answer, fmt)
    if plot:
        from ..output.pictures import plot_series

        say(f"wrote {plot_series(answer, plot)}")


@app.command(
    "paths",
    rich_help_panel=QUESTIONS,
    help=(
        "How A and B connect beyond their direct ties: one row per sequence of nodes, with each step's facts "
        "folded into one text (TYPE → from the earlier node to the later, ← the other way, ×N facts, years) and "
        "the route (what the path passes through).\n\n" + RANKING_HELP + "\n\n"
        "Example: relgraph paths Pakistan Quad --limit 10"
    ),
)
def paths_cmd(
    a: EntityA,
    b: EntityB,
    max_hops: Annotated[int, typer.Option("--max-hops", help="Longest path, 2 to 4.")] = 3,
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many paths at most.")] = 25,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    with open_graph() as graph:
        show(_answers().paths(graph, a, b, max_hops, as_of, limit), fmt)


@app.command("disputes", rich_help_panel=QUESTIONS)
def disputes_cmd(fmt: FormatOption = Format.table) -> None:
    """Facts on which sources disagree, side by side (one row per claim, grouped by dispute number).

    Example: relgraph disputes --format csv
    """
    with open_graph() as graph:
        show(_answers().disputes(graph), fmt)


@app.command("sources", rich_help_panel=QUESTIONS)
def sources_cmd(
    fact: Annotated[
        str | None, typer.Option("--fact", metavar="FACT_ID", help="A fact id (f-...) from JSON output.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The loaded sources; with --fact, where one fact comes from (each source and place).

    Example: relgraph sources --fact f-043058cc999567791052
    """
    with open_graph() as graph:
        show(_answers().sources(graph, fact), fmt)
