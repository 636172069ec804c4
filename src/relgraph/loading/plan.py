"""Turn what a source asserts into the rows the write queries take, and diff two versions of it.

Pure: no driver, no files. Seed files and dataset adapters both end here: each gives ``Claim``s
(a fact, and where the source says it) and entity definitions; ``SourcePlan`` collects them.

The fact id is a hash of what a fact asserts (its type, ends and content), not of who asserts it or
where, so two sources stating the same thing meet on one relationship, and two sources that disagree
leave two. What belongs to one source on a shared fact (its citations, notes and confidences) is kept
in lists whose entries start with ``source-id@``, so one source can be retracted without touching
another.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.models import Fact, SeedDocument, State, dyad_id, dyad_members, is_dyad
from ..core.types import date_year
from ..core.vocabulary import SPECS

# What a fact asserts. Notes (and a note on how it ended), confidence and the locator are about the claim, not
# its content. A figure given as approximate, or as a range, is a different claim from an exact one.
IDENTITY_FIELDS = (
    "date",
    "since",
    "until",
    "ended",
    "role",
    "regarding",
    "domain",
    "measure",
    "value",
    "value_low",
    "value_high",
    "approximate",
    "unit",
    "period",
    "direction",
    "mechanism",
    "via",
)
ENDED_NOTE = "how it ended: "
# Facts in the same slot with different content are reported as one change, not a retraction and an addition.
SLOT_FIELDS = ("measure", "role", "domain", "regarding", "date")
DERIVED_PROPS = ("year_from", "year_to", "slot")  # worked out from the others; not part of a fact's identity
CLAIM_LISTS = ("cited", "notes", "confidences")
CHUNK = 50_000  # fact ids per SourceFacts node (a source's record of facts)
DERIVED_SECTION = "entities"  # where derived facts (a successor) are cited


def content_hash(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _canonical_value(value: Any) -> str:
    """A stable text form of a property value for hashing (lists in order, floats exactly)."""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else repr(int(value)) + ".0"
    if isinstance(value, (list, tuple)):
        kinds = set(map(type, value))
        # Fast paths with the same text (datasets' series hold thousands of numbers): ints and strings are
        # their repr; floats too while below 1e16 (repr(2.0e16) reads '2e+16', not '...0.0') and not -0.0.
        if kinds <= {int, str} or (
            kinds == {float}
            and max(map(abs, value)) < 1e16
            and (0.0 not in value or all(math.copysign(1.0, v) > 0 for v in value if v == 0))
        ):
            return "[" + ",".join(map(repr, value)) + "]"
        return "[" + ",".join(_canonical_value(v) for v in value) + "]"
    return repr(value)


def fact_id(type_: str, subject: str, object_: str, props: Mapping[str, Any]) -> str:
    """The id of a fact: a hash of its type, ends and content (ignoring derived year fields)."""
    parts = [type_, subject, object_]
    parts += [f"{k}={_canonical_value(props[k])}" for k in sorted(props) if k not in DERIVED_PROPS]
    return "f-" + hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=10).hexdigest()


def canonical_ref(ref: str) -> str:
    return dyad_id(*dyad_members(ref)) if is_dyad(ref) else ref


def ends(type_: str, subject: str, object_: str) -> tuple[str, str]:
    """Subject and object as stored: dyads in canonical form; a symmetric relation in alphabetical order."""
    subject, object_ = canonical_ref(subject), canonical_ref(object_)
    if SPECS[type_].symmetric and object_ < subject:
        subject, object_ = object_, subject
    return subject, object_


def dyad_name(names: Mapping[str, str], a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{names.get(first, first)}–{names.get(second, second)}"


def slot_of(type_: str, subject: str, object_: str, props: Mapping[str, Any]) -> str:
    """Which question a fact answers: its type, ends, measure, role, domain, what it regards and its date.
    Two facts from different sources in one slot that differ disagree (``relgraph disputes``)."""
    parts = [type_, subject, object_, *(_canonical_value(props.get(k)) for k in SLOT_FIELDS)]
    return "s-" + hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()


def with_years(props: dict[str, Any]) -> dict[str, Any]:
    """Add the integer years queries filter on: when a fact began (or happened) and when it ended."""
    start = props.get("date") or props.get("since")
    if start and "year_from" not in props:
        props["year_from"] = date_year(start)
    if props.get("until") and "year_to" not in props:
        props["year_to"] = date_year(props["until"])
    return props


@dataclass(slots=True)
class Claim:
    """One fact as a source asserts it, and where (``section:paragraph`` or ``file:line``)."""

    type: str
    subject: str
    object: str
    props: dict[str, Any]
    locator: str
    note: str | None = None
    confidence: float | None = None


def claim_of(fact: Fact, locator: str | None = None) -> Claim:
    """A seed file's fact as a claim."""
    props: dict[str, Any] = {}
    for name in IDENTITY_FIELDS:
        value = getattr(fact, name)
        if value is None or value == []:
            continue
        props[name] = list(value) if isinstance(value, list) else value
    subject, obj = ends(fact.type.value, fact.subject, fact.object)
    note = fact.note
    if fact.until_note:  # about this source's claim, like a note: kept (and retracted) with its citation
        note = (f"{note} " if note else "") + ENDED_NOTE + fact.until_note
    return Claim(fact.type.value, subject, obj, with_years(props), locator or fact.at, note, fact.confidence)


def claim_digest(cited: list[str], notes: list[str], confidences: list[str]) -> str:
    """A short hash of one source's claim lists on a fact, to see whether a reload changed them."""
    text = "\x1e".join("\x1f".join(sorted(part)) for part in (cited, notes, confidences))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class EntityDef:
    """An entity as one source defines it."""

    id: str
    kind: str
    props: dict[str, Any]
    aliases: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "props": self.props, "aliases": self.aliases}


def entity_def(entity: Any) -> EntityDef:
    props = entity.model_dump(exclude={"id", "kind", "aliases"}, exclude_none=True, mode="json")
    for key in ("signed", "date", "enacted"):
        if key in props:
            props["year"] = date_year(props[key])
    if isinstance(entity, State):
        props["historic"] = entity.historic
    return EntityDef(entity.id, entity.kind, props, list(entity.aliases))


@dataclass
class SourcePlan:
    """Everything one source writes: its Source row, entity definitions, dyads and fact rows.

    Facts asserted more than once by the source become one row citing each place.
    """

    source: dict[str, Any]
    entities: list[EntityDef] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    claims: int = 0  # facts as the source lists them (before merging repeats)
    derived: int = 0  # facts the entity definitions imply

    @property
    def source_id(self) -> str:
        return str(self.source["id"])

    def add(self, claim: Claim) -> None:
        fid = fact_id(claim.type, claim.subject, claim.object, claim.props)
        row = self.facts.get(fid)
        if row is None:
            props = {**claim.props, "slot": slot_of(claim.type, claim.subject, claim.object, claim.props)}
            row = {
                "type": claim.type,
                "fact_id": fid,
                "subject": claim.subject,
                "object": claim.object,
                "props": props,
                "cited": [],
                "notes": [],
                "confidences": [],
            }
            self.facts[fid] = row
        place = f"{self.source_id}@{claim.locator}"
        if place not in row["cited"]:
            row["cited"].append(place)
        if claim.note:
            row["notes"].append(f"{place}: {claim.note}")
        if claim.confidence is not None:
            row["confidences"].append(f"{place}: {claim.confidence:g}")

    def digests(self) -> dict[str, str]:
        """fact id -> digest of this source's claim lists on it."""
        return {fid: claim_digest(r["cited"], r["notes"], r["confidences"]) for fid, r in self.facts.items()}


def source_row(doc: SeedDocument) -> dict[str, Any]:
    src = doc.source
    row = {
        "id": src.id,
        "title": src.title,
        "kind": src.kind,
        "author": src.author,
        "published": src.published,
        "document": src.document,
        "coverage_since": src.coverage.since,
        "coverage_until": src.coverage.until,
        "sections": src.sections,
    }
    return {k: v for k, v in row.items() if v is not None}


def derived_claims(doc: SeedDocument) -> list[Claim]:
    """Facts the entity definitions imply: a historic state's successor."""
    out = []
    for index, entity in enumerate(doc.entities):
        if isinstance(entity, State) and entity.successor:
            out.append(
                Claim(
                    "SUCCEEDED_BY",
                    entity.id,
                    entity.successor,
                    {},
                    f"{DERIVED_SECTION}:{index + 1}",
                    note=f"from entities[{index}].successor",
                )
            )
    return out


def plan_document(doc: SeedDocument) -> SourcePlan:
    """The plan of one seed document."""
    plan = SourcePlan(source_row(doc), [entity_def(e) for e in doc.entities])
    for fact in doc.facts:
        plan.add(claim_of(fact))
    derived = derived_claims(doc)
    for claim in derived:
        plan.add(claim)
    plan.claims, plan.derived = len(doc.facts), len(derived)
    return plan


def source_params(plan: SourcePlan, manifest: dict[str, Any]) -> dict[str, Any]:
    """The Source node's properties (the source and this load's manifest) and its record of facts: every fact
    id it asserts, sorted, with the digest of its claims, CHUNK ids to a SourceFacts node."""
    digests = plan.digests()
    ids = sorted(digests)
    chunk_rows = [
        {"chunk": n, "ids": part, "digests": [digests[i] for i in part]} for n, part in enumerate(chunks(ids, CHUNK))
    ]
    return {"source": {**plan.source, **manifest}, "chunks": chunk_rows}


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def dyads_of(
    rows: Iterable[Mapping[str, Any]], names: Mapping[str, str], kinds: Mapping[str, str]
) -> dict[str, dict[str, Any]]:
    """The pairs of states these facts concern: a dyad named as an end, or both ends of a bilateral fact."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        subject, obj = row["subject"], row["object"]
        pairs = [dyad_members(ref) for ref in (subject, obj) if is_dyad(ref)]
        if SPECS[row["type"]].bilateral and kinds.get(subject) == kinds.get(obj) == "state":
            pairs.append((subject, obj))
        for a, b in pairs:
            did = dyad_id(a, b)
            if did not in out:
                first, second = sorted((a, b))
                out[did] = {"id": did, "a": first, "b": second, "name": dyad_name(names, a, b)}
    return out
