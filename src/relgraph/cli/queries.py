"""The query catalogue, and ad-hoc read-only Cypher."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import ADMIN, Format, FormatOption, app, open_graph, query_app, show

ParamOption = Annotated[
    list[str] | None,
    typer.Option(
        "--param", "-p", metavar="KEY=VALUE", help="A parameter; JSON values (numbers, lists, null) are read as such."
    ),
]


@query_app.command("list")
def query_list_cmd(fmt: FormatOption = Format.table) -> None:
    """Every query in the catalogue, with its mode and parameters.

    Example: relgraph query list
    """
    from ..queries.catalogue import listing

    show(listing(), fmt)


@query_app.command("show")
def query_show_cmd(name: Annotated[str, typer.Argument(help="A query name from `relgraph query list`.")]) -> None:
    """Print a query's file: its :param lines for Neo4j Browser, its purpose and its Cypher, ready to paste.

    Example: relgraph query show who_influences
    """
    from ..queries.catalogue import for_browser

    typer.echo(for_browser(name))


@query_app.command("run")
def query_run_cmd(
    name: Annotated[str, typer.Argument(help="A read query name from `relgraph query list`.")],
    param: ParamOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Run a read query from the catalogue with parameters (missing ones are null).

    Example: relgraph query run series -p a=RUS -p b=PAK -p 'measures=["trade"]'
    """
    from ..queries.adhoc import parse_params, run_catalogue_query

    params = parse_params(param or [])
    with open_graph() as graph:
        show(run_catalogue_query(graph, name, params), fmt)


@app.command("cypher", rich_help_panel=ADMIN)
def cypher_cmd(
    statement: Annotated[str, typer.Argument(help="A read-only Cypher statement.")],
    param: ParamOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Run ad-hoc read-only Cypher. Neo4j is asked first (EXPLAIN) what the statement does; one that
    writes, loads CSV, shows server internals or calls a procedure outside a read-only list is refused.

    Example: relgraph cypher "MATCH (s:State) RETURN s.id AS id, s.name AS name" -f csv
    """
    from ..queries.adhoc import parse_params, run_cypher

    params = parse_params(param or [])
    with open_graph() as graph:
        show(run_cypher(graph, statement, params), fmt)
