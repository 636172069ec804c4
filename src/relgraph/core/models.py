"""Pydantic models of a seed file: its source, its entities and its facts.

Pure: no I/O. A seed file describes one source document; every fact in it is
a claim that source makes, with a locator back to where it says so.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union

import pycountry
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from .types import (
    DYAD_PATTERN,
    Confidence,
    DyadId,
    Iso3,
    Name,
    PartialDate,
    Qid,
    Quantity,
    Slug,
    Text,
)
from .vocabulary import ENTITY_KINDS, SPECS, RelationType


class Strict(BaseModel):
    """Unknown fields are errors: a typo must never be dropped silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class EntityBase(Strict):
    name: Name
    aliases: list[Name] = Field(default_factory=list, description="other names, short forms, capitals, demonyms")
    wikidata: Qid | None = None
    note: Text | None = None


def _known_state_code(code: str) -> str:
    """ISO 3166-1 or ISO 3166-3 alpha-3, or one of relgraph's ids for historic states without one (X.., from
    ISO's user-assigned range; the reviewed list is checked when files are read)."""
    if pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code) or code.startswith("X"):
        return code
    raise ValueError(f"{code} is not an ISO 3166-1 or ISO 3166-3 alpha-3 code (nor a relgraph X.. code)")


class State(EntityBase):
    kind: Literal["state"]
    id: Iso3
    successor: Iso3 | None = Field(None, description="for a historic state: the code of its successor")
    nuclear_power: bool | None = Field(None, description="the source calls it a nuclear power (unset: not said)")

    @field_validator("id", "successor")
    @classmethod
    def _iso(cls, code: str | None) -> str | None:
        return None if code is None else _known_state_code(code)

    @property
    def historic(self) -> bool:
        return pycountry.countries.get(alpha_3=self.id) is None


class Organisation(EntityBase):
    kind: Literal["organisation"]
    id: Slug
    type: Literal["igo", "alliance", "grouping", "armed_group", "company", "movement", "system", "other"] = "igo"


class Project(EntityBase):
    kind: Literal["project"]
    id: Slug
    type: Literal["pipeline", "corridor", "power_line", "initiative", "port", "other"] = "other"


class Treaty(EntityBase):
    kind: Literal["treaty"]
    id: Slug
    type: Literal["treaty", "agreement", "memorandum", "contract", "alliance"] = "agreement"
    signed: PartialDate | None = None


class Event(EntityBase):
    kind: Literal["event"]
    id: Slug
    type: Literal[
        "invasion",
        "accession",
        "port_call",
        "exercise",
        "announcement",
        "attack",
        "visit",
        "conflict",
        "dispute",
        "war",
        "withdrawal",
        "meeting",
        "summit",
        "dialogue",
        "other",
    ] = "other"
    date: PartialDate | None = None


class Person(EntityBase):
    kind: Literal["person"]
    id: Slug


class Region(EntityBase):
    kind: Literal["region"]
    id: Slug


class Place(EntityBase):
    """A place below the state: a city, a port, a base, a province. Say which state it is in with a
    LOCATED_IN fact (cited like any other)."""

    kind: Literal["place"]
    id: Slug
    type: Literal["city", "port", "base", "province", "other"] = "other"


class Law(EntityBase):
    """A law, policy or sanctions regime (CAATSA, a country's sanctions on another)."""

    kind: Literal["law"]
    id: Slug
    type: Literal["law", "sanctions_regime", "policy", "executive_order", "other"] = "law"
    enacted: PartialDate | None = Field(None, description="when it was enacted or announced")


Entity = Annotated[
    Union[State, Organisation, Project, Treaty, Event, Person, Region, Place, Law], Field(discriminator="kind")
]
assert set(ENTITY_KINDS) == {"state", "organisation", "project", "treaty", "event", "person", "region", "place", "law"}

# Loose on purpose: a reference that names nothing is reported against the known ids, with a suggestion.
REF_PATTERN = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"
Ref = Annotated[
    str,
    Field(
        pattern=REF_PATTERN,
        max_length=80,
        description="an entity id (RUS, cpec), or a dyad of two state codes (RUS-PAK)",
    ),
]


class Coverage(Strict):
    since: PartialDate | None = Field(None, description="earliest time the source speaks of")
    until: PartialDate | None = Field(None, description="latest time the source speaks of")

    @model_validator(mode="after")
    def _ordered(self) -> Coverage:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"@until since {self.since} is after until {self.until}")
        return self


class Source(Strict):
    """The document a seed file describes."""

    id: Slug
    title: Name
    kind: Literal["essay", "article", "report", "dataset", "book", "official", "other"]
    author: Name | None = None
    published: PartialDate | None = None
    document: Text | None = Field(None, description="where the document is: a path or a citation")
    coverage: Coverage = Field(default_factory=Coverage)  # type: ignore[arg-type]
    sections: list[Slug] = Field(default_factory=list, description="the document's sections, in order")


LOCATOR_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*:[1-9][0-9]{0,6}$"
Locator = Annotated[
    str,
    Field(pattern=LOCATOR_PATTERN, description="section:paragraph in the source, e.g. closeness:2"),
]


STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


# A slotted dataclass, not a model: a file of 150,000 facts holds 150,000 of them while it is checked, and a
# model's per-instance dict and set of fields cost five times the memory (docs/benchmarks.md).
@pydantic_dataclass(config=STRICT, frozen=True, slots=True)
class Fact:
    """One claim of the source: a typed relation between two entities (or an entity and a dyad)."""

    type: RelationType
    subject: Ref
    object: Ref
    at: Locator
    date: PartialDate | None = Field(default=None, description="when it happened (a point in time)")
    since: PartialDate | None = None
    until: PartialDate | None = None
    ended: Literal["abruptly", "gradually", "formally", "lapsed"] | None = Field(
        default=None,
        description="how it ended (with until): abruptly (a break), gradually (faded; until is when it had "
        "ended), formally (by an act: withdrawal, termination), lapsed (left to expire)",
    )
    until_note: Text | None = Field(default=None, description="how or why it ended, in a few words (with until)")
    role: Slug | None = Field(default=None, description="how the subject takes part: observer, contractor, ...")
    regarding: Ref | None = Field(default=None, description="what a support or opposition is about (an entity id)")
    domain: Slug | None = Field(
        default=None, description="area of cooperation: defence, energy, counter-terrorism, ..."
    )
    measure: Slug | None = Field(default=None, description="what a value measures: trade, recipient-rank, ...")
    value: Quantity | None = None
    value_low: Quantity | None = Field(
        default=None,
        description="the lower bound when the source gives a range "
        "(with value_high; value, if given, lies between them)",
    )
    value_high: Quantity | None = Field(default=None, description="the upper bound of a range")
    approximate: bool | None = Field(
        default=None, description="true when the source gives the figure as approximate (about, nearly, some)"
    )
    unit: Name | None = Field(default=None, description="unit of value, e.g. USD million, rank")
    period: Literal["year", "month", "total"] | None = None
    direction: Literal["reinforces", "strains", "mixed"] | None = Field(
        default=None, description="for INFLUENCES: does the third party bring the two closer or push them apart"
    )
    mechanism: Text | None = Field(default=None, description="how an influence works, in a few words")
    via: list[Ref] = Field(default_factory=list, description="entities an influence works through")
    confidence: Confidence | None = None
    note: Text | None = None

    @property
    def is_dyad_object(self) -> bool:
        return is_dyad(self.object)

    @property
    def is_dyad_subject(self) -> bool:
        return is_dyad(self.subject)

    @field_validator("approximate")
    @classmethod
    def _only_true(cls, flag: bool | None) -> bool | None:
        """``approximate: false`` says nothing more than leaving it out: both are the same fact."""
        return True if flag else None

    @property
    def has_quantity(self) -> bool:
        return self.value is not None or self.value_low is not None or self.value_high is not None

    @model_validator(mode="after")
    def _consistent(self) -> Fact:
        # "@field " at the start of a message tells validation which field to point at.
        if (self.value_low is None) != (self.value_high is None):
            missing = "value_high" if self.value_high is None else "value_low"
            raise ValueError(f"@{missing} a range needs both value_low and value_high")
        if self.value_low is not None and self.value_high is not None:
            if self.value_low >= self.value_high:
                raise ValueError(
                    f"@value_high value_low {self.value_low:g} must be below value_high "
                    f"{self.value_high:g} (for one figure, use value)"
                )
            if self.value is not None and not self.value_low <= self.value <= self.value_high:
                raise ValueError(
                    f"@value value {self.value:g} is outside the range {self.value_low:g} to {self.value_high:g}"
                )
        if self.has_quantity != (self.unit is not None):
            raise ValueError(
                "@unit value and unit go together: give both or neither (a range: value_low, value_high and unit)"
                if self.unit is None
                else "@value a unit needs a value or a range (value_low, value_high)"
            )
        if self.has_quantity and self.measure is None:
            raise ValueError("@value a value needs a measure (e.g. measure: trade)")
        if not self.has_quantity and self.period is not None:
            raise ValueError("@period period goes with a value")
        if self.approximate and not self.has_quantity:
            raise ValueError("@approximate approximate qualifies a value or a range; this fact has none")
        if (self.ended or self.until_note) and not self.until:
            raise ValueError(
                f"@{'ended' if self.ended else 'until_note'} say when it had ended with until "
                "(a year is enough); ended and until_note say how"
            )
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"@until since {self.since} is after until {self.until}")
        if self.date and (self.since or self.until):
            raise ValueError("@date give either date, or since/until, not both")
        spec = SPECS[self.type.value]
        for end, allowed, given in (
            ("subject", spec.subjects, self.is_dyad_subject),
            ("object", spec.objects, self.is_dyad_object),
        ):
            if given and "dyad" not in allowed:
                raise ValueError(f"@{end} {self.type.value} does not take a dyad as {end}")
            if allowed == ("dyad",) and not given:
                raise ValueError(f"@{end} {self.type.value} needs a dyad as {end}, e.g. RUS-PAK")
        if self.subject == self.object:
            raise ValueError("@object subject and object are the same entity")
        return self


_DYAD = re.compile(DYAD_PATTERN)


def is_dyad(ref: str) -> bool:
    return _DYAD.match(ref) is not None


def dyad_id(a: str, b: str) -> str:
    """The canonical id of the pair: codes in alphabetical order."""
    first, second = sorted((a, b))
    return f"{first}-{second}"


def dyad_members(dyad: DyadId) -> tuple[str, str]:
    a, b = dyad.split("-")
    return a, b


class SeedDocument(Strict):
    """A whole seed file."""

    source: Source
    entities: list[Entity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)


SEED_ADAPTER: TypeAdapter[SeedDocument] = TypeAdapter(SeedDocument)
FACT_ADAPTER: TypeAdapter[Fact] = TypeAdapter(Fact)  # a fact from a mapping (Fact is a dataclass)
FACTS_ADAPTER: TypeAdapter[list[Fact]] = TypeAdapter(list[Fact])
