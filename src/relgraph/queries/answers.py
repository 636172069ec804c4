"""Answers to analysts' questions: resolve names, run catalogue queries, return rows.

No printing here: each function returns an ``Answer`` (one table) or a
``Report`` (several) that the CLI renders. Column lists are the JSON contract:
JSON output is a list of objects with exactly these keys (a report: an object
of such lists).

The questions about one party (agreements, memberships, partners, ...) are in ``listings``; they are
named here too, so that ``answers`` is where every question is found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.errors import UsageError
from ..core.results import Answer, Neighbourhood, Report
from ..core.vocabulary import measures_for, relation_words
from ..db.graph import Graph
from . import catalogue, influence, routes
from .asking import as_of_note, lineages
from .listings import agreements, arms, disputes, memberships, partners, projects, sources
from .resolve import pair as _pair

__all__ = [
    "agreements",
    "arms",
    "disputes",
    "dyad",
    "influence_rules",
    "memberships",
    "neighbourhood",
    "partners",
    "paths",
    "projects",
    "series",
    "shared",
    "sources",
    "timeline",
    "who_influences",
]


def who_influences(
    graph: Graph,
    a: str,
    b: str,
    as_of: int | None = None,
    inferred: int = 5,
    explain: bool = False,
    since: int | None = None,
    predecessors: bool = True,
) -> Answer | Report:
    """Stated influences on the A–B dyad, then states the rules infer are placed to influence it (ranked)."""
    first, second = _pair(graph, a, b)
    a_ids, b_ids, _, note = lineages(graph, first, second, predecessors)
    stated = graph.read(catalogue.get("who_influences"), {"a": first.id, "b": second.id, "as_of": as_of})
    for row in stated:
        row["rules"], row["score"] = [], None
    exclude = {r["influencer_id"] for r in stated}
    found = influence.inferred(graph, a_ids, b_ids or [], as_of, since, exclude, inferred) if inferred else []
    answer = Answer(
        title=f"Who influences the {first.name}–{second.name} relationship",
        columns=(
            "influencer",
            "influencer_id",
            "kind",
            "direction",
            "mechanism",
            "via",
            "rules",
            "score",
            "since",
            "until",
            "cited",
        ),
        rows=stated + [c.row() for c in found],
        empty_note=f"No third party is recorded as acting on the {first.name}–{second.name} relationship.",
        notes=as_of_note(as_of)
        + note
        + (
            (
                "kind 'inferred' rows are not stated by any source: rules over the "
                "facts pick them (`relgraph who-influences --rules` lists the rules; "
                "--explain shows the facts)",
            )
            if found
            else ()
        ),
    )
    if not explain:
        return answer
    return Report(
        answer.title,
        {
            "influencers": answer,
            "evidence": Answer(
                "The facts behind each inferred influencer",
                influence.EVIDENCE_COLUMNS,
                influence.evidence_rows(found),
                "No inferred influencers.",
            ),
        },
    )


def influence_rules() -> Answer:
    return Answer(
        "Rules that infer influence (data: relgraph/data/influence_rules.csv)",
        ("rule", "weight", "description", "query"),
        influence.rules_rows(),
    )


def _held(row: dict[str, Any], earlier: set[str], names: dict[str, str]) -> str | None:
    """Which predecessor held a fact the question is about (None: the state asked about did)."""
    for key in ("subject_id", "object_id"):
        if row.get(key) in earlier:
            return str(names.get(row[key], row[key]))
    return None


def dyad(graph: Graph, a: str, b: str, as_of: int | None = None, predecessors: bool = True) -> Report:
    first, second = _pair(graph, a, b)
    a_ids, b_ids, names, note = lineages(graph, first, second, predecessors)
    pair = f"{first.name}–{second.name}"
    facts = graph.read(catalogue.get("dyad_facts"), {"a_ids": a_ids, "b_ids": b_ids, "as_of": as_of})
    for row in facts:
        row["held_by"] = _held(row, set(a_ids[1:]) | set((b_ids or [])[1:]), names)
    series = [f for f in facts if f["measure"] is not None]  # a value, a range or a yearly series
    agreements_rows = graph.read(catalogue.get("agreements"), {"a_ids": a_ids, "b_ids": b_ids, "as_of": as_of})
    return Report(
        f"The {pair} relationship",
        {
            "facts": Answer(
                f"Facts between {first.name} and {second.name}, and on their relationship, by type",
                (
                    "type",
                    "subject",
                    "object",
                    "date",
                    "since",
                    "until",
                    "domain",
                    "role",
                    "direction",
                    "mechanism",
                    "held_by",
                    "cited",
                ),
                [f for f in facts if f["measure"] is None],
                f"No facts between {first.name} and {second.name}.",
                as_of_note(as_of) + note,
            ),
            "quantities": Answer(
                "Quantities",
                ("measure", "year", "value", "unit", "period", "subject", "object", "cited"),
                sorted(series, key=lambda f: (f["measure"], f["unit"] or "", f["year"] or 0)),
                "No quantities recorded.",
            ),
            "agreements": Answer(
                "Agreements binding both",
                ("agreement", "type", "signed", "ends", "parties", "cited"),
                agreements_rows,
                "No agreements binding both.",
            ),
            "shared": Answer(
                "What both are tied to, by kind (organisations, treaties, projects, events, third states)",
                SHARED_COLUMNS,
                _shared_rows(graph, {"a": first.id, "b": second.id, "as_of": as_of}),
                "Nothing shared.",
            ),
        },
    )


HOSTILITY = {1: "no militarized action", 2: "threat to use force", 3: "display of force", 4: "use of force", 5: "war"}


def _detail(row: dict[str, Any]) -> str | None:
    """A few words on what a timeline row is about."""
    event = row.get("event")
    if event:
        bits = [str(event.get("type") or event.get("kind") or "")]
        if event.get("hostility") is not None:
            level = event["hostility"]
            bits.append(f"hostility {level} ({HOSTILITY.get(level, level)})")
        for key in ("highest_action", "fatality", "outcome", "settlement"):
            if event.get(key):
                bits.append(f"{key.replace('highest_', '')} {event[key]}")
        duties = sorted({o for part in row.get("parts") or [] for o in part.get("obligations") or []})
        if duties:
            bits.append("obligations: " + ", ".join(duties))
        return "; ".join(b for b in bits if b)
    props = row.get("props") or {}
    if props.get("measure") and props.get("value") is not None:
        return f"{props['measure']} {props['value']:g} {props.get('unit', '')}".strip()
    for key in ("domain", "role", "direction", "mechanism"):
        if props.get(key):
            return str(props[key])
    return None


def timeline(
    graph: Graph,
    a: str,
    b: str,
    year_from: int | None = None,
    year_to: int | None = None,
    as_of: int | None = None,
    predecessors: bool = True,
) -> Answer:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--from {year_from} is after --to {year_to}")
    first, second = _pair(graph, a, b)
    a_ids, b_ids, names, note = lineages(graph, first, second, predecessors)
    rows = graph.read(
        catalogue.get("timeline"), {"a_ids": a_ids, "b_ids": b_ids, "from": year_from, "to": year_to, "as_of": as_of}
    )
    for row in rows:
        row["detail"] = _detail(row)
        row["held_by"] = _held(row, set(a_ids[1:]) | set((b_ids or [])[1:]), names)
        if row["subject"] is None:  # an event both took part in
            row["subject"] = f"{first.name} and {second.name}"
    return Answer(
        f"Timeline of {first.name} and {second.name}",
        ("year", "date", "until", "type", "subject", "object", "detail", "held_by", "cited"),
        rows,
        "Nothing dated in that range.",
        as_of_note(as_of) + note,
    )


SHARED_GROUPS = {
    "organisation": "organisations",
    "treaty": "treaties",
    "project": "projects",
    "event": "events",
    "state": "third states",
    "law": "laws",
    "place": "places",
    "region": "regions",
    "person": "people",
}
SHARED_COLUMNS = ("group", "shared", "kind", "a_ties", "b_ties", "first_year", "last_year", "id")


def _shared_rows(graph: Graph, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What both ends are tied to, grouped by kind (organisations, treaties, projects, events, third states,
    then the rest), each side's ties folded with their years."""
    rows = []
    for found in graph.read(catalogue.get("shared"), params):
        first, last = routes.year_span(found["a_facts"], found["b_facts"])
        rows.append(
            {
                "id": found["id"],
                "group": SHARED_GROUPS.get(found["kind"], "other"),
                "shared": found["shared"],
                "kind": found["kind"],
                "a_ties": routes.fold_facts(found["a_facts"]),
                "b_ties": routes.fold_facts(found["b_facts"]),
                "first_year": first,
                "last_year": last,
            }
        )
    order = list(SHARED_GROUPS.values())
    return sorted(
        rows, key=lambda r: (order.index(r["group"]) if r["group"] in order else len(order), r["shared"] or "")
    )


def shared(graph: Graph, a: str, b: str, as_of: int | None = None) -> Answer:
    first, second = _pair(graph, a, b, kinds=None)
    rows = _shared_rows(graph, {"a": first.id, "b": second.id, "as_of": as_of})
    return Answer(
        f"What {first.name} and {second.name} are both tied to, by kind",
        SHARED_COLUMNS,
        rows,
        "Nothing shared.",
        as_of_note(as_of)
        + (
            f"a_ties: {first.name}'s facts with it, b_ties: {second.name}'s (TYPE →: "
            f"{first.name} or {second.name} is the subject; ← TYPE: the shared one is)",
        ),
    )


SERIES_COLUMNS = (
    "year",
    "relation",
    "measure",
    "value",
    "low",
    "high",
    "approximate",
    "unit",
    "period",
    "sources",
    "cited",
    "line",
)


def series(graph: Graph, a: str, b: str, measure: str, as_of: int | None = None, issue: str | None = None) -> Answer:
    """A quantity between A and B, one row per year whether a fact holds one value or a yearly series;
    a symmetric measure shows the pair, a directed one its direction in words. ``trade`` also lists the
    datasets' import and export flows, side by side with curated figures and never summed."""
    first, second = _pair(graph, a, b, kinds=None)
    wanted = measures_for(measure)
    params = {"a": first.id, "b": second.id, "measures": list(wanted), "as_of": as_of, "issue": issue}
    rows = graph.read(catalogue.get("series"), params)
    if not rows:
        available = graph.read(catalogue.get("measures"), {"a": first.id, "b": second.id})
        hint = (
            (
                "Recorded for this pair: "
                + ", ".join(f"{m['measure']} ({m['unit']}, {m['points']} points)" for m in available)
            )
            if available
            else "No quantities are recorded for this pair."
        )
        raise UsageError(
            f"No {measure!r} values between {first.name} and {second.name}"
            + (f" on issue {issue!r}." if issue else "."),
            hint,
        )
    for row in rows:
        row["relation"] = relation_words(
            row["type"], row["subject"] or row["subject_id"], row["object"] or row["object_id"]
        )
    units = sorted({r["unit"] for r in rows})
    notes = as_of_note(as_of)
    if len(units) > 1:
        notes += (f"values come in {len(units)} units ({', '.join(units)}): they are listed apart and never added",)
    kinds = list(dict.fromkeys((r["relation"], r["measure"], r["unit"], "; ".join(r["sources"] or [])) for r in rows))
    if len(kinds) > 1:
        notes += (
            f"{len(kinds)} series side by side, year by year, never summed: "
            + "; ".join(f"{rel}, {m} in {u} ({src})" for rel, m, u, src in kinds),
        )
    if any(r["approximate"] for r in rows) or any(r["low"] is not None for r in rows):
        notes += ("approximate: the source gives the figure as approximate; low and high: the range it gives",)
    title = f"{measure} between {first.name} and {second.name}" + (f", issue {issue}" if issue else "")
    return Answer(title + (f" ({units[0]})" if len(units) == 1 else ""), SERIES_COLUMNS, rows, "", notes)


PATHS_PER_ROUTE = 50  # paths kept per length and sequence of kinds before ranking (at least the limit)
PATHS_FANOUT = 40  # for 4 steps: neighbours of each end gone on from, the most tied first
PATHS_PER_MIDDLE = 5  # for 4 steps: links kept on each side of a middle node, the strongest first


def paths(graph: Graph, a: str, b: str, max_hops: int = 3, as_of: int | None = None, limit: int = 25) -> Answer:
    """How A and B connect through others: one row per sequence of nodes, each step's facts folded into one
    text, ranked as ``routes.RANKING_HELP`` says."""
    if not 2 <= max_hops <= 4:
        raise UsageError(f"--max-hops must be 2, 3 or 4 (got {max_hops}); direct ties are in `relgraph dyad`.")
    first, second = _pair(graph, a, b, kinds=None)
    found = graph.read(
        catalogue.get("paths"),
        {
            "a": first.id,
            "b": second.id,
            "max_hops": max_hops,
            "as_of": as_of,
            "per_route": max(limit, PATHS_PER_ROUTE),
            "fanout": PATHS_FANOUT,
            "per_middle": PATHS_PER_MIDDLE,
        },
    )
    rows = routes.rank(found, limit)
    notes = as_of_note(as_of) + (
        "ranked: shortest first; within a length the best path of each route first; then "
        "the facts on the weakest step, sources, all facts, and the latest year of the "
        "stalest step (see --help)",
    )
    if len(found) > len(rows):
        notes += (f"{len(found) - len(rows)} more path(s) found; ask for them with --limit",)
    return Answer(
        f"How {first.name} and {second.name} connect through others (up to {max_hops} hops)",
        ("hops", "route", "path", "steps", "facts", "sources", "latest", "ids"),
        rows,
        "No indirect paths found.",
        notes,
    )


def neighbourhood(graph: Graph, a: str, b: str, as_of: int | None = None) -> Neighbourhood:
    """The facts around a dyad to draw: the two states, their ties, influencers, organisations, shared things."""
    first, second = _pair(graph, a, b)
    rows = graph.read(catalogue.get("dyad_neighbourhood"), {"a": first.id, "b": second.id, "as_of": as_of})
    title = f"{first.name}–{second.name}" + (f", as of {as_of}" if as_of else "")
    return Neighbourhood(title, first.id, second.id, rows)
