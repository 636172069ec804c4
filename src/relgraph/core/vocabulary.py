"""The closed vocabulary of relation types.

This list is the one place a relation type is defined: the seed format, the
JSON Schema, the loader and docs/graph-model.md all read it. To add a type,
add an entry here (and document it); nothing else accepts a type that is not
listed. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

STATE = "state"
ORGANISATION = "organisation"
PROJECT = "project"
TREATY = "treaty"
EVENT = "event"
PERSON = "person"
REGION = "region"
PLACE = "place"  # a place below the state: a city, a port, a base, a province
LAW = "law"  # a law, policy or sanctions regime
DYAD = "dyad"

ENTITY_KINDS = (STATE, ORGANISATION, PROJECT, TREATY, EVENT, PERSON, REGION, PLACE, LAW)
ACTORS = (STATE, ORGANISATION)
ANYTHING = ENTITY_KINDS + (DYAD,)


@dataclass(frozen=True)
class RelationSpec:
    """What a relation type means and which kinds it may connect."""

    description: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    bilateral: bool = False  # between two states: gives the pair a Dyad node
    symmetric: bool = False  # A-B is the same fact as B-A (stored with the ids in alphabetical order)
    background: bool = (
        False  # context (a state's place in the state system), not a tie: left out of shared, paths, partners
    )
    dense: bool = (
        False  # a dataset measure nearly every pair of states has (trade flows, UN vote agreement): not a step of paths
    )


SPECS: dict[str, RelationSpec] = {
    "MEMBER_OF": RelationSpec(
        "subject is a member (or, with role: observer, an observer) of an organisation", ACTORS, (ORGANISATION,)
    ),
    "PARTY_TO": RelationSpec("subject signed or is bound by a treaty, agreement or memorandum", ACTORS, (TREATY,)),
    "PARTICIPATES_IN": RelationSpec(
        "subject takes part in a project or an event (role says how)", ACTORS + (PERSON,), (PROJECT, EVENT)
    ),
    "INFLUENCES": RelationSpec(
        "a third party acts on a bilateral relationship (mechanism, direction)", ACTORS, (DYAD,)
    ),
    "SUPPORTS": RelationSpec("subject backs the object (regarding says in what: a bid, a cause)", ACTORS, ACTORS),
    "OPPOSES": RelationSpec(
        "subject resists or objects to the object (regarding says in what)", ACTORS, ACTORS + (PROJECT, DYAD)
    ),
    "TRADES_WITH": RelationSpec(
        "trade between two states; value, unit and period give the amount",
        (STATE,),
        (STATE,),
        bilateral=True,
        symmetric=True,
    ),
    "SUPPLIES_ARMS_TO": RelationSpec(
        "subject sells or delivers military equipment to the object; either may be an organisation (an armed "
        "group, an international organisation), as in SIPRI's register",
        ACTORS,
        ACTORS,
        bilateral=True,
    ),
    "EMBARGOES": RelationSpec(
        "subject restricts sales (of arms, goods) to the object", (STATE,), (STATE,), bilateral=True
    ),
    "COOPERATES_WITH": RelationSpec(
        "subject and object work together in a domain (defence, counter-terrorism, ...)",
        ACTORS,
        ACTORS,
        bilateral=True,
        symmetric=True,
    ),
    "EXERCISES_WITH": RelationSpec(
        "armed forces of the two hold joint exercises", (STATE,), (STATE,), bilateral=True, symmetric=True
    ),
    "RIVALS": RelationSpec("the two compete for power or standing", (STATE,), (STATE,), bilateral=True, symmetric=True),
    "ALIGNS_WITH": RelationSpec(
        "subject moves closer to the object (a rapprochement, a turn towards)",
        ACTORS,
        ACTORS + (REGION,),
        bilateral=True,
    ),
    "DISTANCES_FROM": RelationSpec("subject moves away from the object", ACTORS, ACTORS, bilateral=True),
    "PRESSURES": RelationSpec(
        "subject threatens or coerces the object (domain says with what: aid, sanctions)",
        ACTORS,
        ACTORS,
        bilateral=True,
    ),
    "INVADES": RelationSpec("subject's forces invade the object", (STATE,), (STATE,), bilateral=True),
    "SUCCEEDED_BY": RelationSpec("a historic state's successor", (STATE,), (STATE,)),
    "LEADS": RelationSpec("a person heads a state or an organisation", (PERSON,), ACTORS),
    "HAS_INTEREST": RelationSpec(
        "subject's stated interest or goal regarding the object (domain says which: security, influence, energy)",
        ACTORS,
        ANYTHING,
    ),
    "AFFECTS": RelationSpec(
        "subject bears on the object (direction: reinforces or strains); a dyad may be the subject", ANYTHING, ANYTHING
    ),
    "FLOWS_FROM": RelationSpec(
        "where a project's commodity (gas, electricity, goods) comes from", (PROJECT,), (STATE, REGION)
    ),
    "FLOWS_TO": RelationSpec("where a project's commodity goes", (PROJECT,), (STATE, REGION)),
    "LOCATED_IN": RelationSpec("where a project, event or place is", (PROJECT, EVENT, PLACE), (STATE, REGION, PLACE)),
    "ENACTS": RelationSpec("subject adopts, enforces or applies a law, policy or sanctions regime", ACTORS, (LAW,)),
    "SANCTIONS": RelationSpec(
        "subject imposes sanctions on the object (role says how: imposed, threatened, waived); the subject may be "
        "the law or regime under which they are imposed",
        ACTORS + (LAW,),
        ACTORS + (PERSON, PROJECT),
        bilateral=True,
    ),
    "SYSTEM_MEMBER_OF": RelationSpec(
        "a state is a member of the international state system (Correlates of War), over a spell",
        (STATE,),
        (ORGANISATION,),
        background=True,
    ),
    "MAJOR_POWER_IN": RelationSpec(
        "a state counts as a major power of the state system (Correlates of War), over a spell",
        (STATE,),
        (ORGANISATION,),
        background=True,
    ),
    "BORDERS": RelationSpec(
        "the two states are contiguous: a land or river border, or separated by at most some miles of water "
        "(contiguity says which)",
        (STATE,),
        (STATE,),
        bilateral=True,
        symmetric=True,
    ),
    "IMPORTS_FROM": RelationSpec(
        "subject imports goods from the object; a yearly series of values (measure imports, unit and source say which)",
        (STATE,),
        (STATE,),
        bilateral=True,
        dense=True,
    ),
    "VOTES_WITH": RelationSpec(
        "how often the two vote alike in the UN General Assembly; a yearly series of agreement shares",
        (STATE,),
        (STATE,),
        bilateral=True,
        symmetric=True,
        dense=True,
    ),
}


RelationType = Enum("RelationType", {name: name for name in SPECS}, type=str)  # type: ignore[misc]
RelationType.__doc__ = "A relation type from relgraph's closed vocabulary."


# Measures asked for together: ``relgraph series A B --measure trade`` lists curated trade figures and
# datasets' import and export flows side by side (each row with its unit and source; never summed).
MEASURE_FAMILIES: dict[str, tuple[str, ...]] = {"trade": ("trade", "imports", "exports")}


def measures_for(measure: str) -> tuple[str, ...]:
    """The measures a request for ``measure`` lists: itself, and its family's."""
    return MEASURE_FAMILIES.get(measure, (measure,))


def relation_words(type_: str, subject: str, object_: str) -> str:
    """A fact's ends in words: a symmetric type as the pair (``Pakistan–Russia``), a directed one as a
    sentence (``Pakistan imports from Russia``)."""
    spec = SPECS.get(type_)
    if spec is not None and spec.symmetric:
        return f"{subject}–{object_}"
    return f"{subject} {type_.lower().replace('_', ' ')} {object_}"
