"""Turn validated seed documents into the rows the write queries take.

Pure: no driver, no files. The fact id is a hash of what a fact asserts (not of
who asserts it or where), so two sources stating the same thing meet on one
relationship, and two sources that disagree leave two.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from .models import Fact, SeedDocument, State, dyad_id, dyad_members, is_dyad
from .types import date_year
from .vocabulary import SPECS

# What a fact asserts. Notes, confidence and the locator are about the claim, not its content.
IDENTITY_FIELDS = ("type", "subject", "object", "date", "since", "until", "role", "regarding", "domain",
                   "measure", "value", "unit", "period", "direction", "mechanism", "via")


def fact_id(fact: Fact) -> str:
    content = {name: _plain(getattr(fact, name)) for name in IDENTITY_FIELDS}
    content["subject"], content["object"] = ends(fact)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return f"f-{digest[:20]}"


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") and not isinstance(value, (int, float, str)) else value


def _canonical(ref: str) -> str:
    return dyad_id(*dyad_members(ref)) if is_dyad(ref) else ref


def ends(fact: Fact) -> tuple[str, str]:
    """Subject and object as stored: dyads in canonical form; a symmetric relation in alphabetical order."""
    subject, obj = _canonical(fact.subject), _canonical(fact.object)
    if SPECS[fact.type.value].symmetric and obj < subject:
        subject, obj = obj, subject
    return subject, obj


def dyad_name(names: dict[str, str], a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{names.get(first, first)}–{names.get(second, second)}"


@dataclass
class Rows:
    """Everything one seed file writes."""

    source: dict[str, Any]
    entities: list[dict[str, Any]] = field(default_factory=list)
    dyads: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)


def derived_facts(doc: SeedDocument) -> list[Fact]:
    """Facts the entity definitions imply: a historic state's successor."""
    out = []
    for entity in doc.entities:
        if isinstance(entity, State) and entity.successor:
            index = doc.entities.index(entity)
            out.append(Fact(type="SUCCEEDED_BY", subject=entity.id, object=entity.successor,
                            at="entities:1", note=f"from entities[{index}].successor"))
    return out


def rows_for(doc: SeedDocument, names: dict[str, str], kinds: dict[str, str]) -> Rows:
    """The rows for one document.

    ``names`` maps state ids to names and ``kinds`` maps ids to entity kinds, across all files and the
    database, for dyads.
    """
    src = doc.source
    source = {
        "id": src.id, "title": src.title, "kind": src.kind, "author": src.author, "published": src.published,
        "document": src.document, "coverage_since": src.coverage.since, "coverage_until": src.coverage.until,
        "sections": src.sections,
    }
    rows = Rows(source={k: v for k, v in source.items() if v is not None})
    for entity in doc.entities:
        props = entity.model_dump(exclude={"id", "kind", "aliases"}, exclude_none=True)
        for key in ("signed", "date"):
            if key in props:
                props["year"] = date_year(props[key])
        if isinstance(entity, State):
            props["historic"] = entity.historic
        rows.entities.append({"id": entity.id, "kind": entity.kind, "aliases": entity.aliases, "props": props})
    dyads: dict[str, dict[str, Any]] = {}
    derived = derived_facts(doc)
    for fact in [*doc.facts, *derived]:
        pairs = [dyad_members(ref) for ref in (fact.subject, fact.object) if is_dyad(ref)]
        if SPECS[fact.type.value].bilateral and kinds.get(fact.subject) == kinds.get(fact.object) == "state":
            pairs.append((fact.subject, fact.object))
        for a, b in pairs:
            did = dyad_id(a, b)
            first, second = sorted((a, b))
            dyads[did] = {"id": did, "a": first, "b": second, "name": dyad_name(names, a, b)}
        row = fact_row(fact, src.id)
        if fact in derived:
            row["cited"] = f"{src.id}@entities"  # stated by the entity definitions, not the text
        rows.facts.append(row)
    rows.dyads = sorted(dyads.values(), key=lambda d: d["id"])
    return rows


def fact_row(fact: Fact, source_id: str) -> dict[str, Any]:
    props = fact.model_dump(exclude={"type", "subject", "object", "at"}, exclude_none=True, mode="json")
    if not props.get("via"):
        props.pop("via", None)
    start = fact.date or fact.since
    props["year_from"] = date_year(start)
    props["year_to"] = date_year(fact.date or fact.until)
    props = {k: v for k, v in props.items() if v is not None}
    subject, obj = ends(fact)
    return {
        "type": fact.type.value,
        "fact_id": fact_id(fact),
        "subject": subject,
        "object": obj,
        "cited": f"{source_id}@{fact.at}",
        "props": props,
    }
