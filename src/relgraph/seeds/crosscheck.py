"""Rules across seed files, checked file by file so no document is kept: references resolve (against the
database, the files so far, then all files), ids and aliases mean one thing, names do not spoof others,
kinds fit the vocabulary, and a file does not silently redefine what another source defines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.models import dyad_members, is_dyad
from ..core.names import Candidate, suggest
from ..core.names import key as name_key
from ..core.types import skeleton
from ..core.vocabulary import ENTITY_KINDS, SPECS
from .validation import ParsedSeed, Path_, Problem, _a, excerpt


@dataclass(frozen=True)
class Place:
    """Where something was defined or referred to: enough to name it in a message without the document."""

    seed: ParsedSeed
    loc: Path_

    def label(self) -> str:
        line, _ = self.seed.where(self.loc)
        return f"{self.seed.path}:{line}"


@dataclass
class _Defined:
    kind: str
    name: str
    place: Place


@dataclass
class _Pending:
    """A reference to an id not known yet (it may be defined by a later file)."""

    places: list[tuple[Place, str, tuple[str, ...] | None]] = field(
        default_factory=list
    )  # place, relation, kinds allowed
    count: int = 0


MAX_REPORTED_PER_ID = 20


class CrossCheck:
    """Rules across files, checked as each file arrives so that no file's document is kept.

    References resolve against entities the database holds (``known``), the files checked so far, and
    (at ``finish``) every file; ids and aliases must mean one thing; kinds must fit the vocabulary; a
    file may not silently redefine an entity another source defines. ``context`` files (the rest of a
    checked file's folder) count for resolving references, and are not reported on.
    """

    def __init__(self, known: Mapping[str, Candidate] | None = None, where: str = "the files checked") -> None:
        self.known = dict(known or {})
        self.where = where
        self.defined: dict[str, _Defined] = {}
        self.kinds: dict[str, str] = {eid: c.kind for eid, c in self.known.items()}
        self.sources: dict[str, ParsedSeed] = {}
        self.pending: dict[str, _Pending] = {}
        # How names compare: compatibility-normalised and case-folded (full-width "ＲＵＳＳＩＡ" is "russia").
        self.owner: dict[str, tuple[str, str]] = {}  # alias key -> (entity id, the alias as written)
        self.looks: dict[str, tuple[str, str]] = {}  # how an alias looks -> (entity id, the alias)
        for eid, candidate in self.known.items():
            for alias in (candidate.id, candidate.name, *candidate.aliases):
                self.owner.setdefault(name_key(alias), (eid, alias))
                self.looks.setdefault(skeleton(alias), (eid, alias))
        self.pool = list(self.known.values())

    def add_context(self, seed: ParsedSeed) -> None:
        """A file that only helps resolve references (its own problems are not reported)."""
        doc = seed.document
        if doc is None:
            self.kinds.update(seed.raw_ids)
            return
        for i, entity in enumerate(doc.entities):
            self._define(seed, i, entity, report=False)

    def add(self, seed: ParsedSeed) -> list[Problem]:
        doc = seed.document
        if doc is None:
            self.kinds.update({k: v for k, v in seed.raw_ids.items() if k not in self.kinds})
            return []
        problems: list[Problem] = []
        if doc.source.id in self.sources:
            problems.append(
                seed.problem(
                    ("source", "id"), f"source id {doc.source.id!r} is also used by {self.sources[doc.source.id].path}"
                )
            )
        self.sources.setdefault(doc.source.id, seed)
        for i, entity in enumerate(doc.entities):
            problems += self._define(seed, i, entity, report=True)
        for i, fact in enumerate(doc.facts):
            problems += self._check_fact(seed, i, fact)
        for i, entity in enumerate(doc.entities):
            successor = getattr(entity, "successor", None)
            if successor:
                problems += self._ref(seed, ("entities", i, "successor"), successor, None, None)
        return problems

    def finish(self) -> list[Problem]:
        """References still unknown once every file is in."""
        problems: list[Problem] = []
        for ref, pending in self.pending.items():
            for place, relation, allowed in pending.places:
                if ref in self.kinds:
                    problems += self._kind_problem(place, ref, relation, allowed)
                else:
                    problems.append(place.seed.problem(place.loc, self._unknown(ref)))
            if ref not in self.kinds and pending.count > len(pending.places):
                last = pending.places[-1][0]
                problems.append(
                    last.seed.problem(
                        last.loc, f"... and {pending.count - len(pending.places)} more references to unknown id {ref!r}"
                    )
                )
        return problems

    # --- entities --------------------------------------------------------------------

    def _define(self, seed: ParsedSeed, i: int, entity: Any, report: bool) -> list[Problem]:
        problems: list[Problem] = []
        place = Place(seed, ("entities", i))
        earlier = self.defined.get(entity.id)
        if earlier is not None:
            if report and (earlier.kind != entity.kind or earlier.name != entity.name):
                problems.append(
                    seed.problem(
                        ("entities", i),
                        (
                            f"{entity.id!r} is defined here as {entity.kind} {entity.name!r} but as {earlier.kind} "
                            f"{earlier.name!r} in {earlier.place.label()}; define it one way (put other names in aliases)"
                        ),
                    )
                )
        else:
            self.defined[entity.id] = _Defined(entity.kind, entity.name, place)
            self.pool.append(Candidate(entity.id, entity.kind, entity.name, tuple(entity.aliases)))
            if report:
                problems += self._against_database(seed, i, entity)
        self.kinds.setdefault(entity.id, entity.kind)
        for j, alias in enumerate([entity.id, entity.name, *entity.aliases]):
            key = name_key(alias)
            holder, written = self.owner.get(key, (None, ""))
            look = self.looks.get(skeleton(alias))
            loc = ("entities", i, "aliases", j - 2) if j >= 2 else ("entities", i, "name")
            if holder is not None and holder != entity.id:
                if report:
                    same = written.casefold() == alias.casefold()
                    problems.append(
                        seed.problem(
                            loc,
                            f"{excerpt(alias)!r} already names {holder!r}"
                            + ("" if same else f" (written {excerpt(written)!r} there)")
                            + "; an alias must name one entity",
                        )
                    )
            elif look is not None and look[0] != entity.id and name_key(look[1]) != key:
                if report:
                    problems.append(
                        seed.problem(
                            loc,
                            f"{excerpt(alias)!r} looks like {look[1]!r} ({look[0]}) but is "
                            "spelled with other letters; names must not spoof each other",
                        )
                    )
            else:
                self.owner[key] = (entity.id, alias)
                self.looks.setdefault(skeleton(alias), (entity.id, alias))
        return problems

    def _against_database(self, seed: ParsedSeed, i: int, entity: Any) -> list[Problem]:
        there = self.known.get(entity.id)
        if there is None:
            return []
        if there.kind != entity.kind:
            return [
                seed.problem(
                    ("entities", i, "kind"), f"{entity.id!r} is {_a(there.kind)} in the database, not {_a(entity.kind)}"
                )
            ]
        others = sorted(set(there.curated) - {seed.document.source.id})  # type: ignore[union-attr]
        if there.name != entity.name and others:
            return [
                seed.problem(
                    ("entities", i, "name"),
                    f"{entity.id!r} is named {there.name!r} in the database (defined by {', '.join(others)}); "
                    f"use that name, and put {entity.name!r} in aliases",
                )
            ]
        return []

    # --- references ------------------------------------------------------------------

    def _check_fact(self, seed: ParsedSeed, i: int, fact: Any) -> list[Problem]:
        problems: list[Problem] = []
        relation = SPECS[fact.type.value]
        for name, ref, allowed in (
            ("subject", fact.subject, relation.subjects),
            ("object", fact.object, relation.objects),
        ):
            loc = ("facts", i, name)
            if is_dyad(ref):
                a, b = dyad_members(ref)
                if a == b:
                    problems.append(seed.problem(loc, f"a dyad needs two different states, not {ref!r}"))
                for code in (a, b):
                    problems += self._ref(seed, loc, code, "a dyad", ("state",))
            else:
                problems += self._ref(seed, loc, ref, f"{fact.type.value} {name}", allowed)
        for j, ref in enumerate(fact.via):
            problems += self._ref(seed, ("facts", i, "via", j), ref, None, None)
        if fact.regarding:
            problems += self._ref(seed, ("facts", i, "regarding"), fact.regarding, None, None)
        return problems

    def _ref(
        self, seed: ParsedSeed, loc: Path_, ref: str, relation: str | None, allowed: tuple[str, ...] | None
    ) -> list[Problem]:
        if ref in self.kinds:
            return self._kind_problem(Place(seed, loc), ref, relation, allowed)
        pending = self.pending.setdefault(ref, _Pending())
        pending.count += 1
        if len(pending.places) < MAX_REPORTED_PER_ID:
            pending.places.append((Place(seed, loc), relation or "", allowed))
        return []

    def _kind_problem(
        self, place: Place, ref: str, relation: str | None, allowed: tuple[str, ...] | None
    ) -> list[Problem]:
        kind = self.kinds.get(ref, "")
        if not allowed or kind not in ENTITY_KINDS or kind in allowed:
            return []
        if relation == "a dyad":
            return [place.seed.problem(place.loc, f"{ref!r} in a dyad must be a state, but it is {_a(kind)}")]
        return [
            place.seed.problem(
                place.loc, f"{relation} must be {' or '.join(map(_a, allowed))}, but {ref!r} is {_a(kind)}"
            )
        ]

    def _unknown(self, ref: str) -> str:
        hint = suggest(ref, self.pool)
        return f"unknown id {ref!r}" + (f" (did you mean {hint}?)" if hint else "") + f"; looked in {self.where}"


def check_together(
    seeds: list[ParsedSeed], known: Mapping[str, Candidate] | None = None, where: str = "the files checked"
) -> list[Problem]:
    """Every cross-file rule over documents already parsed (``CrossCheck`` does it file by file)."""
    check = CrossCheck(known, where)
    problems: list[Problem] = []
    for seed in seeds:
        problems += check.add(seed)
    return problems + check.finish()
