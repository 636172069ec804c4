"""Turn validated seed documents into the rows the write queries take, and diff them.

Pure: no driver, no files. The fact id is a hash of what a fact asserts (not of
who asserts it or where), so two sources stating the same thing meet on one
relationship, and two sources that disagree leave two. What belongs to one
source on a shared fact (its citations, notes and confidence) is kept in
lists whose entries start with ``source-id@``, so one source can be retracted
without touching another.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from ..core.models import Fact, SeedDocument, State, dyad_id, dyad_members, is_dyad
from ..core.types import date_year
from ..core.vocabulary import SPECS

# What a fact asserts. Notes, confidence and the locator are about the claim, not its content.
IDENTITY_FIELDS = ("type", "subject", "object", "date", "since", "until", "role", "regarding", "domain",
                   "measure", "value", "unit", "period", "direction", "mechanism", "via")
# Facts in the same slot with different content are reported as one change, not a retraction and an addition.
SLOT_FIELDS = ("type", "subject", "object", "measure", "role", "domain", "regarding", "date")
CLAIM_LISTS = ("cited", "notes", "confidences")
ENTITY_COMPARED = ("name", "wikidata", "note", "type", "signed", "date", "successor", "nuclear_power")


def content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    for index, entity in enumerate(doc.entities):
        if isinstance(entity, State) and entity.successor:
            out.append(Fact(type="SUCCEEDED_BY", subject=entity.id, object=entity.successor,
                            at="entities:1", note=f"from entities[{index}].successor"))
    return out


def source_row(doc: SeedDocument) -> dict[str, Any]:
    src = doc.source
    row = {
        "id": src.id, "title": src.title, "kind": src.kind, "author": src.author, "published": src.published,
        "document": src.document, "coverage_since": src.coverage.since, "coverage_until": src.coverage.until,
        "sections": src.sections,
    }
    return {k: v for k, v in row.items() if v is not None}


def entity_row(entity: Any) -> dict[str, Any]:
    props = entity.model_dump(exclude={"id", "kind", "aliases"}, exclude_none=True)
    for key in ("signed", "date"):
        if key in props:
            props["year"] = date_year(props[key])
    if isinstance(entity, State):
        props["historic"] = entity.historic
    return {"id": entity.id, "kind": entity.kind, "aliases": list(entity.aliases), "props": props}


def rows_for(doc: SeedDocument, names: dict[str, str], kinds: dict[str, str]) -> Rows:
    """The rows for one document.

    ``names`` maps state ids to names and ``kinds`` maps ids to entity kinds, across all files and the
    database, for dyads. Facts asserted more than once in the document become one row citing each place.
    """
    src_id = doc.source.id
    rows = Rows(source=source_row(doc), entities=[entity_row(e) for e in doc.entities])
    dyads: dict[str, dict[str, Any]] = {}
    facts: dict[str, dict[str, Any]] = {}
    derived = derived_facts(doc)
    for fact in [*doc.facts, *derived]:
        pairs = [dyad_members(ref) for ref in (fact.subject, fact.object) if is_dyad(ref)]
        if SPECS[fact.type.value].bilateral and kinds.get(fact.subject) == kinds.get(fact.object) == "state":
            pairs.append((fact.subject, fact.object))
        for a, b in pairs:
            did = dyad_id(a, b)
            first, second = sorted((a, b))
            dyads[did] = {"id": did, "a": first, "b": second, "name": dyad_name(names, a, b)}
        place = f"{src_id}@entities" if fact in derived else f"{src_id}@{fact.at}"
        row = facts.setdefault(fact_id(fact), fact_row(fact))
        if place not in row["cited"]:
            row["cited"].append(place)
        if fact.note:
            row["notes"].append(f"{place}: {fact.note}")
        if fact.confidence is not None:
            row["confidences"].append(f"{place}: {fact.confidence:g}")
    rows.dyads = sorted(dyads.values(), key=lambda d: d["id"])
    rows.facts = list(facts.values())
    return rows


def fact_row(fact: Fact) -> dict[str, Any]:
    """A fact's row, without the claim lists (cited, notes, confidences) that ``rows_for`` fills."""
    props = fact.model_dump(include=set(IDENTITY_FIELDS) - {"type", "subject", "object"}, exclude_none=True,
                            mode="json")
    if not props.get("via"):
        props.pop("via", None)
    props["year_from"] = date_year(fact.date or fact.since)  # when it began (or happened)
    props["year_to"] = date_year(fact.until)  # when it ended; none: still holds, as far as the source says
    props = {k: v for k, v in props.items() if v is not None}
    subject, obj = ends(fact)
    return {"type": fact.type.value, "fact_id": fact_id(fact), "subject": subject, "object": obj,
            "props": props, "cited": [], "notes": [], "confidences": []}


# --- what changes ---------------------------------------------------------------------

ChangeKind = Literal["added", "changed", "updated", "retracted"]


@dataclass(frozen=True)
class Change:
    """One difference between what a source asserted before and what its file asserts now."""

    change: ChangeKind
    what: Literal["fact", "entity"]
    type: str  # relation type, or entity kind
    subject: str
    object: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def describe(self) -> str:
        ends_ = f"{self.subject} -> {self.object}" if self.object else self.subject
        def brief(d: dict[str, Any] | None) -> str:
            if not d:
                return ""
            keep = {k: v for k, v in d.items() if k not in ("year_from", "year_to") and v not in (None, [], "")}
            return ", ".join(f"{k}={v}" for k, v in sorted(keep.items()))
        if self.change == "added":
            detail = brief(self.after)
        elif self.change == "retracted":
            detail = brief(self.before)
        else:
            detail = _delta(self.before or {}, self.after or {})
        return f"{self.change} {self.what} {self.type} {ends_}" + (f": {detail}" if detail else "")


def _delta(before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = sorted(set(before) | set(after))
    return ", ".join(f"{k} {before.get(k)!r} -> {after.get(k)!r}" for k in keys
                     if before.get(k) != after.get(k) and k not in ("year_from", "year_to"))


@dataclass
class FilePlan:
    path: str
    source_id: str
    status: Literal["new", "changed", "unchanged"]
    changes: list[Change] = field(default_factory=list)

    def count(self, change: ChangeKind, what: str = "fact") -> int:
        return sum(1 for c in self.changes if c.change == change and c.what == what)


def _claim_view(row: dict[str, Any]) -> dict[str, Any]:
    return {**row["props"], **{k: sorted(row.get(k) or []) for k in CLAIM_LISTS}}


def _slot(row: dict[str, Any]) -> tuple[Any, ...]:
    merged = {**row["props"], "type": row["type"], "subject": row["subject"], "object": row["object"]}
    return tuple(merged.get(k) for k in SLOT_FIELDS)


def diff(source_id: str, old_facts: list[dict[str, Any]], new_facts: list[dict[str, Any]],
         old_entities: list[dict[str, Any]], new_entities: list[dict[str, Any]]) -> list[Change]:
    """What loading ``new_*`` changes for this source, given what it asserted before (``old_*``).

    Fact rows have fact_id, type, subject, object, props and this source's claim lists; entity rows
    have id, kind, props and aliases (``old_entities`` holds those this source defined before).
    """
    changes: list[Change] = []
    old_by_id = {f["fact_id"]: f for f in old_facts}
    new_by_id = {f["fact_id"]: f for f in new_facts}
    added = [f for i, f in new_by_id.items() if i not in old_by_id]
    retracted = [f for i, f in old_by_id.items() if i not in new_by_id]
    for i in old_by_id.keys() & new_by_id.keys():
        before, after = _claim_view(old_by_id[i]), _claim_view(new_by_id[i])
        if before != after:
            f = new_by_id[i]
            changes.append(Change("updated", "fact", f["type"], f["subject"], f["object"], before, after))
    # A retraction and an addition in the same slot, alone there, read as one change.
    slots_added: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in added:
        slots_added.setdefault(_slot(f), []).append(f)
    slots_retracted: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in retracted:
        slots_retracted.setdefault(_slot(f), []).append(f)
    paired: set[str] = set()
    for slot, olds in slots_retracted.items():
        news = slots_added.get(slot, [])
        if len(olds) == 1 and len(news) == 1:
            old, new = olds[0], news[0]
            paired |= {old["fact_id"], new["fact_id"]}
            changes.append(Change("changed", "fact", new["type"], new["subject"], new["object"],
                                  _claim_view(old), _claim_view(new)))
    changes += [Change("added", "fact", f["type"], f["subject"], f["object"], None, _claim_view(f))
                for f in added if f["fact_id"] not in paired]
    changes += [Change("retracted", "fact", f["type"], f["subject"], f["object"], _claim_view(f), None)
                for f in retracted if f["fact_id"] not in paired]

    old_ents = {e["id"]: e for e in old_entities}
    for e in new_entities:
        old = old_ents.get(e["id"])
        after = {**{k: e["props"].get(k) for k in ENTITY_COMPARED}, "aliases": sorted(e["aliases"])}
        if old is None:
            changes.append(Change("added", "entity", e["kind"], e["id"], None, None, after))
            continue
        before = {**{k: old["props"].get(k) for k in ENTITY_COMPARED}, "aliases": sorted(old["aliases"])}
        # Aliases accumulate across sources: only aliases this file adds count as a change.
        before_cmp = {**before, "aliases": sorted(set(before["aliases"]) & set(after["aliases"]))}
        if before_cmp != after:
            changes.append(Change("updated", "entity", e["kind"], e["id"], None, before, after))
    new_ids = {e["id"] for e in new_entities}
    changes += [Change("retracted", "entity", e["kind"], e["id"], None, {"name": e["props"].get("name")}, None)
                for e in old_entities if e["id"] not in new_ids]
    order = {"retracted": 0, "changed": 1, "updated": 2, "added": 3}
    return sorted(changes, key=lambda c: (c.what, order[c.change], c.type, c.subject, c.object or ""))
