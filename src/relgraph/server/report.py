"""The managed server's state as answers the CLI renders (``server status``, ``server start``, ``browse``).

JSON shape of ``relgraph server status --format json``: a list with one object: running, uri, user,
password_file, pid, data_folder, browser, neo4j, java, heap, pagecache, installed.
"""

from __future__ import annotations

from urllib.parse import quote

from ..core.results import Answer
from .connect import Target
from .install import is_installed
from .paths import NEO4J_VERSION, data_dir, password_file
from .process import USER, ServerStatus

STATUS_COLUMNS = (
    "running",
    "uri",
    "user",
    "password_file",
    "pid",
    "data_folder",
    "browser",
    "neo4j",
    "java",
    "heap",
    "pagecache",
    "installed",
)


def status_answer(info: ServerStatus | None) -> Answer:
    if info is not None:
        row = {**info.as_row(), "installed": True}
        return Answer("The managed Neo4j is running", STATUS_COLUMNS, [row], record=True)
    home = data_dir()
    installed = is_installed()
    row = {
        "running": False,
        "uri": None,
        "user": USER,
        "password_file": str(password_file(home)),
        "pid": None,
        "data_folder": str(home),
        "browser": None,
        "neo4j": NEO4J_VERSION,
        "java": None,
        "heap": None,
        "pagecache": None,
        "installed": installed,
    }
    note = "installed" if installed else "not installed (run `relgraph server install`)"
    return Answer(
        "The managed Neo4j is not running",
        STATUS_COLUMNS,
        [row],
        record=True,
        notes=(f"data folder {home}; Neo4j {NEO4J_VERSION} {note}",),
    )


def browse_answer(target: Target, browser_url: str | None) -> Answer:
    """Browser's address with the connect URL and user filled in (never the password), and what to do next."""
    base = browser_url or target.browser_url
    user = target.connection.user if target.connection else USER
    scheme, _, rest = target.bolt_uri.partition("://")
    url = f"{base.rstrip('/')}/?connectURL={quote(f'{scheme}://{user}@{rest}', safe='')}" if base else None
    database = target.connection.database if target.connection else None
    if url and database:
        url += f"&db={quote(database, safe='')}"
    notes = []
    if target.managed:
        notes.append(f"user {USER}; the password is in {password_file(target.home or data_dir())}")
        if not target.installed:
            notes.append(
                "the managed server is not installed: run `relgraph server install`, then `relgraph server start`"
            )
        elif target.running is None:
            notes.append("the managed server is not running: start it with `relgraph server start`")
    else:
        notes.append(f"user {user}; the password is your NEO4J_PASSWORD")
    notes.append(
        "style: drag browser/relgraph.grass onto the Browser window; queries: drag "
        "browser/favorites/*.cypher onto the Favorites drawer"
    )
    return Answer(
        "Neo4j Browser",
        ("url",),
        [{"url": url}] if url else [],
        empty_note="Where is Neo4j Browser for this server? Pass --browser-url (or set RELGRAPH_BROWSER_URL).",
        notes=tuple(notes),
    )
