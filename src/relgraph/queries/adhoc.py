"""Any catalogue query by name, and ad-hoc Cypher, read-only.

Neo4j decides what a statement does, not a pattern over its text: ``relgraph cypher`` asks the server
to EXPLAIN the statement and runs it only if the plan reads (query type ``r``), calls no procedure
outside a short allow-list of read-only ones, loads no CSV (a server-side file or network read),
shows no server internals (``SHOW SETTINGS``, ``SHOW TRANSACTIONS``, ...) and stops no one's work
(``TERMINATE TRANSACTIONS``, which Neo4j's plan calls a read). Then it runs in a read
transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..core.errors import UsageError
from ..core.results import Answer
from ..db.graph import Graph
from . import catalogue

# Read-only procedures an analyst may call from `relgraph cypher` (schema introspection, the server's version).
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "dbms.components",
        "db.ping",
    }
)
# SHOW commands about the graph's own schema; every other SHOW (settings, transactions, users, ...) is refused.
SHOW_ALLOWED = frozenset({"ShowIndexes", "ShowConstraints"})
REFUSAL_HINT = "Change the graph by editing seed files and `relgraph load`; `relgraph cypher` only reads."


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``-p key=value`` pairs; a value that reads as JSON (numbers, true, null, lists) is taken as such."""
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise UsageError(f"parameter {pair!r} is not key=value")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


def run_catalogue_query(graph: Graph, name: str, params: dict[str, Any]) -> Answer:
    try:
        query = catalogue.get(name)
    except KeyError:
        raise UsageError(f"No query named {name!r}.", "List them with `relgraph query list`.") from None
    if query.mode != "read":
        raise UsageError(
            f"{name!r} is a {query.mode} query; only read queries run from the command line.",
            "Writes go through `relgraph load`.",
        )
    unknown = sorted(params.keys() - query.param_names)
    if unknown:
        raise UsageError(
            f"{name!r} takes no parameter {', '.join(unknown)}; it takes: "
            f"{', '.join(sorted(query.param_names)) or 'none'}"
        )
    full = {key: params.get(key) for key in query.param_names}  # optional ones default to null
    rows = graph.read(query, full)
    return Answer(f"{name}: {query.purpose}", tuple(rows[0]) if rows else (), rows, "no rows")


def _operators(plan: Any) -> Iterator[tuple[str, str]]:
    """(operator, details) for every step of an EXPLAIN plan."""
    todo = [plan] if plan else []
    while todo:
        step = todo.pop()
        args = step.get("args") or step.get("arguments") or {}
        yield str(step.get("operatorType", "")).split("@")[0], str(args.get("Details") or "")
        todo.extend(step.get("children") or [])


def refusal(query_type: str, plan: Any) -> str | None:
    """Why a statement may not run from `relgraph cypher`, or None when it only reads the graph."""
    procedures = []
    for operator, details in _operators(plan):
        if operator == "LoadCSV":
            return "LOAD CSV reads files or addresses from the server"
        if operator.startswith("Show") and operator not in SHOW_ALLOWED:
            return f"{operator[4:].upper() or 'SHOW'} shows the server's internals"
        if operator.startswith("Terminate"):  # Neo4j's plan calls it a read
            return "TERMINATE stops other users' transactions"
        if operator.endswith("Command"):
            return "administration commands act on the server"
        if operator == "ProcedureCall":
            name = details.split("(")[0].strip()
            if name not in READ_PROCEDURES:
                return (
                    f"procedure {name} is not one of the read-only ones allowed ({', '.join(sorted(READ_PROCEDURES))})"
                )
            procedures.append(name)
    if query_type == "r" or (query_type == "s" and procedures):
        return None
    what = {"w": "writes", "rw": "reads and writes", "s": "changes the schema or the server"}.get(
        query_type, "is not a read"
    )
    return f"Neo4j reports that this statement {what}"


def run_cypher(graph: Graph, cypher: str, params: dict[str, Any]) -> Answer:
    query = catalogue.Query(
        name="adhoc", mode="read", params=(), returns="", purpose="ad-hoc", text=cypher, file="(command line)"
    )
    summary = graph.explain(query, params)
    reason = refusal(summary.query_type or "", summary.plan)
    if reason:
        raise UsageError(f"Refused: {reason}.", REFUSAL_HINT)
    rows = graph.read(query, params)
    return Answer("ad-hoc query", tuple(rows[0]) if rows else (), rows, "no rows")
