"""The local Neo4j server relgraph manages (for machines without Docker)."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import Format, FormatOption, say, server_app, show


@server_app.command("install")
def server_install_cmd() -> None:
    """Fetch Neo4j Community 5.26 and Neo4j Browser from Maven Central with mvn into the user cache (idempotent).

    Example: relgraph server install
    """
    from ..server.install import install

    install(progress=say)


@server_app.command("start")
def server_start_cmd(
    bolt_port: Annotated[
        int, typer.Option(envvar="RELGRAPH_BOLT_PORT", min=1, max=65535, help="Bolt port on 127.0.0.1.")
    ] = 7687,
    http_port: Annotated[
        int, typer.Option(envvar="RELGRAPH_HTTP_PORT", min=1, max=65535, help="HTTP (Browser) port on 127.0.0.1.")
    ] = 7474,
    heap: Annotated[
        str | None,
        typer.Option(
            help="JVM heap (e.g. 4g); default: a quarter of this machine's memory, at most 8g (RELGRAPH_HEAP)."
        ),
    ] = None,
    pagecache: Annotated[
        str | None,
        typer.Option(help="Page cache (e.g. 2g); default: a quarter of memory, at most 8g (RELGRAPH_PAGECACHE)."),
    ] = None,
    tx_log_retention: Annotated[
        str,
        typer.Option(
            envvar="RELGRAPH_TX_LOG_RETENTION",
            help=(
                "How much transaction log to keep (Neo4j's retention policy: '1G size', '2 files', 'false' for only "
                "what recovery needs)."
            ),
        ),
    ] = "1G size",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 180.0,
    fmt: FormatOption = Format.table,
) -> None:
    """Start the managed Neo4j in the background (127.0.0.1 only) and wait until it answers.

    Example: relgraph server start --bolt-port 7687 --http-port 7474
    """
    from ..server.config import ServerConfig, default_heap, default_pagecache
    from ..server.paths import data_dir
    from ..server.process import start
    from ..server.report import status_answer

    config = ServerConfig(
        home=data_dir(),
        bolt_port=bolt_port,
        http_port=http_port,
        heap=heap or default_heap(),
        pagecache=pagecache or default_pagecache(),
        tx_log_retention=tx_log_retention,
    )
    show(status_answer(start(config, progress=say, timeout=timeout)), fmt)


@server_app.command("stop")
def server_stop_cmd() -> None:
    """Stop the managed Neo4j cleanly.

    Example: relgraph server stop
    """
    from ..server.process import stop

    stop(progress=say)


@server_app.command("status")
def server_status_cmd(fmt: FormatOption = Format.table) -> None:
    """Show whether the managed Neo4j runs: URI, process id, data folder, Browser URL, memory. Exit code 3
    when it is not running.

    Example: relgraph server status --format json
    """
    from ..server.process import status
    from ..server.report import status_answer

    answer = status_answer(status())
    show(answer, fmt)
    if not answer.rows[0]["running"]:
        raise typer.Exit(3)


@server_app.command("logs")
def server_logs_cmd(
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="How many lines.")] = 40,
) -> None:
    """Show the last lines of the managed server's log.

    Example: relgraph server logs -n 100
    """
    from ..output.render import safe
    from ..server.process import logs

    for line in logs(lines=lines):  # a log quotes queries and names: shown, never obeyed
        typer.echo(safe(line))
