"""Who is placed to influence a relationship, inferred from the facts by documented rules.

The rules are data (``relgraph/data/influence_rules.csv``): each has a name, a weight, a description and a
catalogue query (``cypher/influence/``) that returns, for the pair, the states it picks out and the facts
it rests on. A state's score is the sum of the weights of the rules that pick it; states are ranked by
score, then name. Every inferred row names its rules and cites the facts behind them; ``--explain`` lists
those facts. States the sources already name as influencing the pair are not repeated as inferred.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..db.graph import Graph
from . import catalogue

MAX_CITED = 6


@dataclass(frozen=True)
class Rule:
    name: str
    weight: float
    query: str
    description: str


@cache
def rules() -> tuple[Rule, ...]:
    text = (resources.files("relgraph.data") / "influence_rules.csv").read_text(encoding="utf-8")
    return tuple(
        Rule(r["rule"], float(r["weight"]), r["query"], r["description"]) for r in csv.DictReader(text.splitlines())
    )


@dataclass
class Candidate:
    id: str
    name: str
    score: float = 0.0
    rules: list[Rule] | None = None
    evidence: list[tuple[str, dict[str, Any]]] | None = None

    def row(self) -> dict[str, Any]:
        cited: list[str] = []
        for _, fact in self.evidence or []:
            for place in fact.get("cited") or []:
                if place not in cited:
                    cited.append(place)
        rule_names = [r.name for r in self.rules or []]
        return {
            "influencer": self.name,
            "influencer_id": self.id,
            "kind": "inferred",
            "direction": None,
            "mechanism": "; ".join(r.description for r in self.rules or []),
            "via": [],
            "rules": rule_names,
            "score": self.score,
            "since": None,
            "until": None,
            "cited": cited[:MAX_CITED],
        }


def inferred(
    graph: Graph,
    a_ids: list[str],
    b_ids: list[str],
    as_of: int | None,
    since: int | None,
    exclude: set[str],
    limit: int,
) -> list[Candidate]:
    """The states the rules pick out for the pair, best first (at most ``limit``)."""
    found: dict[str, Candidate] = {}
    params = {"a_ids": a_ids, "b_ids": b_ids, "as_of": as_of, "from": since}
    for rule in rules():
        seen: set[str] = set()
        for row in graph.read(catalogue.get(rule.query), params):
            sid = row["influencer_id"]
            if sid in exclude:
                continue
            candidate = found.setdefault(sid, Candidate(sid, row["influencer"], 0.0, [], []))
            if sid not in seen:  # a rule counts once per state, whichever side it came from
                candidate.score += rule.weight
                assert candidate.rules is not None
                candidate.rules.append(rule)
                seen.add(sid)
            assert candidate.evidence is not None
            candidate.evidence += [(rule.name, fact) for fact in row["evidence"]]
    ranked = sorted(found.values(), key=lambda c: (-c.score, c.name))
    return ranked[:limit]


EVIDENCE_COLUMNS = ("influencer", "rule", "type", "subject", "object", "year", "detail", "cited")


def evidence_rows(candidates: list[Candidate]) -> list[dict[str, Any]]:
    rows = []
    for candidate in candidates:
        for rule, fact in candidate.evidence or []:
            rows.append(
                {
                    "influencer": candidate.name,
                    "rule": rule,
                    "type": fact.get("type"),
                    "subject": fact.get("subject"),
                    "object": fact.get("object"),
                    "year": fact.get("year"),
                    "detail": fact.get("detail") or None,
                    "cited": fact.get("cited") or [],
                }
            )
    return rows


def rules_rows() -> list[dict[str, Any]]:
    return [{"rule": r.name, "weight": r.weight, "description": r.description, "query": r.query} for r in rules()]
