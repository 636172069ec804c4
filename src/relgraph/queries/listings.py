"""Answers about one state or organisation (and maybe a second): agreements, projects, memberships,
partners, arms; and the graph's own catalogue: disputes, sources. Rows only; the CLI renders them."""

from __future__ import annotations

from ..core.errors import UsageError
from ..core.results import Answer
from ..db.graph import Graph
from . import catalogue
from .asking import as_of_note, ask, lineages
from .resolve import one, resolve_names


def _of_one_or_two(
    graph: Graph, query: str, a: str, b: str | None, as_of: int | None, title: str, columns: tuple[str, ...], empty: str
) -> Answer:
    """A query about A, or about what A and B share; ``title`` takes {who} ("Russia and Pakistan")."""
    first, second = resolve_names(graph, a, b, kinds=("state", "organisation"))
    assert first
    who = first.name + (f" and {second.name}" if second else "")
    return ask(
        graph,
        query,
        {"a": first.id, "b": second.id if second else None, "as_of": as_of},
        title.format(who=who),
        columns,
        empty,
        as_of,
    )


def agreements(
    graph: Graph, a: str, b: str | None = None, as_of: int | None = None, predecessors: bool = True
) -> Answer:
    first, second = resolve_names(graph, a, b, kinds=("state", "organisation"))
    assert first
    a_ids, b_ids, names, note = lineages(graph, first, second, predecessors)
    who = first.name + (f" and {second.name}" if second else "")
    rows = graph.read(catalogue.get("agreements"), {"a_ids": a_ids, "b_ids": b_ids, "as_of": as_of})
    for row in rows:
        held_a = ", ".join(dict.fromkeys(row["held_a"])) or first.name
        duties = [f"{held_a}: {', '.join(row['obligations_a'])}" if row["obligations_a"] else ""]
        if second:
            held_b = ", ".join(dict.fromkeys(row["held_b"])) or second.name
            duties.append(f"{held_b}: {', '.join(row['obligations_b'])}" if row["obligations_b"] else "")
        row["obligations"] = [d for d in duties if d]
    title = f"Agreements binding {who}" + (f" in {as_of}" if as_of else "") + ", in order"
    return Answer(
        title,
        ("year", "agreement", "type", "signed", "ends", "parties", "obligations", "cited"),
        rows,
        "No agreements found.",
        as_of_note(as_of) + note,
    )


def projects(graph: Graph, a: str, b: str | None = None, as_of: int | None = None) -> Answer:
    return _of_one_or_two(
        graph,
        "projects",
        a,
        b,
        as_of,
        "Projects tied to {who}, with who else is in them",
        ("project", "type", "ties", "participants", "flows_from", "flows_to", "cited"),
        "No projects found.",
    )


def memberships(graph: Graph, a: str, as_of: int | None = None, predecessors: bool = True) -> Answer:
    first = one(graph, a, kinds=("state", "organisation"))
    a_ids, _, names, note = lineages(graph, first, None, predecessors)
    rows = graph.read(catalogue.get("memberships"), {"a_ids": a_ids, "as_of": as_of})
    for row in rows:
        row["held_by"] = row["member"] if row["member_id"] != first.id else None
    return Answer(
        f"Memberships of {first.name}",
        ("organisation", "type", "role", "since", "until", "held_by", "cited"),
        rows,
        f"No memberships of {first.name} are recorded.",
        as_of_note(as_of) + note,
    )


PARTNERS_BY: dict[str, tuple[str, tuple[str, ...], str]] = {
    "trade": (
        "partners_trade",
        ("partner", "imports", "exports", "total", "years", "first_year", "last_year", "cited"),
        "by total trade (COW import flows both ways, current USD million)",
    ),
    "disputes": (
        "partners_disputes",
        ("partner", "disputes", "highest", "wars", "first_year", "last_year", "events", "cited"),
        "by militarized disputes fought on opposite sides",
    ),
    "votes": (
        "partners_votes",
        ("partner", "agreement", "joint_votes", "years", "first_year", "last_year", "cited"),
        "by agreement in the UN General Assembly (share of joint votes cast alike)",
    ),
    "arms": (
        "partners_arms",
        ("partner", "direction", "deals", "tiv_delivered", "first_year", "last_year", "cited"),
        "by arms transfers (SIPRI trend-indicator values delivered)",
    ),
}


def partners(
    graph: Graph,
    a: str,
    as_of: int | None = None,
    by: str = "ties",
    year_from: int | None = None,
    year_to: int | None = None,
    predecessors: bool = True,
) -> Answer:
    first = one(graph, a, kinds=("state", "organisation"))
    if by == "ties":
        answer = ask(
            graph,
            "partners",
            {"a": first.id, "as_of": as_of},
            f"{first.name}'s relations, most tied first",
            ("partner", "kind", "ties", "types", "first_year", "last_year"),
            "No relations recorded.",
            as_of,
        )
        for row in answer.rows:
            row["types"] = sorted(row["types"])
        return answer
    if by not in PARTNERS_BY:
        raise UsageError(f"--by {by!r}: choose ties, {', '.join(PARTNERS_BY)}")
    if as_of is not None:
        year_from = year_to = as_of
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to}")
    query, columns, how = PARTNERS_BY[by]
    a_ids, _, _, note = lineages(graph, first, None, predecessors)
    rows = graph.read(catalogue.get(query), {"a_ids": a_ids, "from": year_from, "to": year_to})
    period = (
        f" in {year_from}"
        if year_from == year_to and year_from is not None
        else f" from {year_from or '...'} to {year_to or '...'}"
        if year_from or year_to
        else ""
    )
    return Answer(f"{first.name}'s partners {how}{period}", columns, rows, f"No {by} recorded for {first.name}.", note)


def arms(
    graph: Graph, a: str, year_from: int | None = None, year_to: int | None = None, predecessors: bool = True
) -> Answer:
    """Arms supplied to A, by supplier and decade of order."""
    first = one(graph, a, kinds=("state",))
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to}")
    a_ids, _, _, note = lineages(graph, first, None, predecessors)
    rows = graph.read(catalogue.get("arms_by_decade"), {"a_ids": a_ids, "from": year_from, "to": year_to})
    for row in rows:
        row["decade"] = f"{row['decade']}s"
    return Answer(
        f"Arms supplied to {first.name}, by supplier and decade of order",
        ("decade", "supplier", "recipient", "deals", "delivered", "tiv_delivered", "weapons", "cited"),
        rows,
        f"No arms transfers to {first.name} recorded (import SIPRI's register: relgraph import sipri FILE).",
        note
        + (
            "tiv_delivered: SIPRI trend-indicator values (millions), a measure of military capability "
            "transferred, not of price",
        ),
    )


def disputes(graph: Graph) -> Answer:
    return ask(
        graph,
        "disputes",
        {},
        "Facts on which sources disagree, side by side",
        (
            "dispute",
            "type",
            "subject",
            "object",
            "slot",
            "value",
            "unit",
            "direction",
            "since",
            "until",
            "sources",
            "cited",
        ),
        "No disagreements between sources.",
    )


def sources(graph: Graph, fact_id: str | None = None) -> Answer:
    if fact_id:
        rows = graph.read(catalogue.get("fact_sources"), {"fact_id": fact_id})
        if not rows:
            raise UsageError(
                f"No fact with id {fact_id!r}.", "Fact ids (f-...) are in the JSON output of dyad and timeline."
            )
        return Answer(
            f"Where fact {fact_id} comes from", ("type", "subject", "object", "source", "title", "cited", "notes"), rows
        )
    answer = ask(
        graph,
        "list_sources",
        {},
        "Loaded sources",
        ("id", "title", "kind", "path", "loaded_at", "entity_count", "fact_count"),
        "Nothing is loaded yet: `relgraph load seed/`.",
    )
    for row in answer.rows:  # files under the working folder are shown relative to it, as they were named
        row["path"] = "; ".join(_relative(part) for part in (row["path"] or "").split("; ")) or None
    return answer


def _relative(path: str) -> str:
    import os

    here = os.getcwd() + os.sep
    return path[len(here) :] if path.startswith(here) else path
