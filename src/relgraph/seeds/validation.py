"""Validate seed text: YAML with positions, the models, and checks across files.

Pure: takes text, returns a document and problems. Every problem names the
file, line, column and field, so an analyst can go straight to it.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..core.models import LOCATOR_PATTERN, REF_PATTERN, SEED_ADAPTER, SeedDocument, dyad_members, is_dyad
from ..core.names import Candidate, suggest
from ..core.names import key as name_key
from ..core.types import skeleton
from ..core.types import DYAD_PATTERN, ISO3_PATTERN, PARTIAL_DATE_PATTERN, QID_PATTERN, SLUG_PATTERN
from ..core.vocabulary import ENTITY_KINDS, SPECS
from . import yamlread
from .yamlread import Problem

Path_ = tuple[Any, ...]

__all__ = ["ParsedSeed", "Problem", "check_together", "parse"]


@dataclass
class ParsedSeed:
    """One seed file: its document (when valid), and where each value stands.

    The text is kept only while needed: ``release`` drops it and the document once a file has been
    planned, and positions are then read again from the file if a later problem needs them.
    """

    path: str
    text: str | None = None
    document: SeedDocument | None = None
    raw_ids: dict[str, str] = field(default_factory=dict)  # id -> kind, read from a file that failed validation
    digest: str = ""

    _positions: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        """Where each value stands. Worked out only when a problem needs it (large files load faster)."""
        if self._positions is None:
            text = self.text
            if text is None:
                try:
                    with open(self.path, encoding="utf-8", errors="replace") as handle:
                        text = handle.read()
                except OSError:
                    text = ""
            self._positions = yamlread.positions(text)
        return self._positions

    def where(self, loc: Path_) -> tuple[int, int]:
        """Line and column of the value at ``loc``, or of its nearest parent."""
        loc = tuple(loc)
        positions = self.positions
        while loc not in positions and loc:
            loc = loc[:-1]
        return positions.get(loc, (1, 1))

    def problem(self, loc: Path_, message: str) -> Problem:
        line, col = self.where(loc)
        return Problem(self.path, line, col, field_name(loc), message)

    def release(self) -> None:
        """Forget the text and the document (their facts are planned); keep what messages need."""
        self.text = None
        self.document = None


def field_name(loc: Path_) -> str:
    """('facts', 3, 'since') -> 'facts[3].since'. A key that is not a plain word is shown short and escaped."""
    out = ""
    for part in loc:
        text = part if isinstance(part, int) else excerpt(str(part), 40)
        out += f"[{text}]" if isinstance(part, int) else (f".{text}" if out else text)
    return out or "(document)"


def excerpt(text: str, limit: int = 60) -> str:
    """Input shown in a message: short, with control characters escaped."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return yamlread.escape(shown)


PATTERN_HELP = {
    ISO3_PATTERN: "a state's ISO 3166 alpha-3 code in capitals, e.g. PAK",
    SLUG_PATTERN: "a slug: lower-case words joined by hyphens, e.g. shanghai-cooperation-organisation",
    PARTIAL_DATE_PATTERN: "a year (2014), a month (2014-05) or a day (2014-05-12)",
    LOCATOR_PATTERN: "section:paragraph, e.g. closeness:2",
    DYAD_PATTERN: "two state codes joined by a hyphen, e.g. RUS-PAK",
    QID_PATTERN: "a Wikidata item id, e.g. Q159",
    REF_PATTERN: "an entity id (PAK, cpec) or a dyad (RUS-PAK)",
}


def parse(text: str, path: str, timings: dict[str, float] | None = None) -> tuple[ParsedSeed, list[Problem]]:
    """Parse YAML and validate it against the models. Never raises for bad input.

    ``timings`` (when given) accumulates the seconds spent reading YAML ("parse") and validating ("validate").
    """
    timings = timings if timings is not None else {}
    seed = ParsedSeed(path=path, text=text)
    started = time.perf_counter()
    data, problems = yamlread.load(text, path)
    parsed = time.perf_counter()
    timings["parse"] = timings.get("parse", 0.0) + parsed - started
    try:
        return _validate(seed, data, problems)
    finally:
        timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - parsed


def _validate(seed: ParsedSeed, data: Any, problems: list[Problem]) -> tuple[ParsedSeed, list[Problem]]:
    path = seed.path
    if problems:
        return seed, problems
    if data is None:
        return seed, [Problem(path, 1, 1, "(document)", "the file is empty; a seed file needs source, entities and facts")]
    if not isinstance(data, dict):
        return seed, [seed.problem((), "a seed file is a mapping with source, entities and facts")]
    try:
        seed.document = SEED_ADAPTER.validate_python(data)
    except ValidationError as exc:
        seed.raw_ids = _raw_ids(data)
        return seed, [_from_pydantic(seed, err) for err in exc.errors(include_url=False)]
    return seed, _check_one(seed) + _written_numbers(seed)


_CODED_NUMBER = re.compile(r"\b(value|confidence)\s*:\s*([-+]?0[xXoObB][0-9A-Fa-f_]+)")


def _written_numbers(seed: ParsedSeed) -> list[Problem]:
    """Quantities written in hexadecimal, octal or binary (YAML reads 0x1F as 31): almost always a slip."""
    if seed.text is None or "0x" not in seed.text.lower() and "0o" not in seed.text.lower() and "0b" not in seed.text.lower():
        return []
    problems = []
    placed = {where: loc for loc, where in seed.positions.items()}
    for match in _CODED_NUMBER.finditer(seed.text):
        line, col = yamlread.line_col(seed.text, match.start(2))
        loc = placed.get((line, col))
        problems.append(Problem(seed.path, line, col, field_name(loc) if loc else match.group(1),
                                f"{excerpt(match.group(2))}: write quantities as decimal numbers"))
    return problems


def _raw_ids(data: dict[str, Any]) -> dict[str, str]:
    """Ids an invalid file tries to define, so other files' references to them are not reported too."""
    entities = data.get("entities")
    if not isinstance(entities, list):
        return {}
    return {str(e["id"]): str(e.get("kind", "")) for e in entities if isinstance(e, dict) and "id" in e}


def _from_pydantic(seed: ParsedSeed, err: dict[str, Any]) -> Problem:
    loc = tuple(err["loc"])
    # Drop the discriminator tag Pydantic inserts in union locations (entities.3.state.id).
    loc = tuple(p for i, p in enumerate(loc)
                if not (i > 0 and isinstance(loc[i - 1], int) and loc[0] == "entities" and p in ENTITY_KINDS))
    message = excerpt(err["msg"], 200)
    if err["type"] == "extra_forbidden":
        message = "unknown field (check the spelling; see docs/seed-format.md)"
    elif err["type"] == "union_tag_invalid":
        message = f"kind must be one of: {', '.join(ENTITY_KINDS)}" + _did_you_mean(str(err.get("ctx", {}).get("tag", "")), list(ENTITY_KINDS))
        loc = loc + ("kind",)
    elif err["type"] == "string_type" and isinstance(err["input"], bool):
        message = f"YAML reads this as the boolean {str(err['input']).lower()}; put the value in quotes"
    elif err["type"] == "enum":
        suggestion = _did_you_mean(str(err["input"]), list(SPECS))
        message = f"{excerpt(repr(err['input']))} is not a relation type" + (
            suggestion or f"; the {len(SPECS)} types are listed in docs/graph-model.md")
    elif err["type"] == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        wanted = PATTERN_HELP.get(pattern, "an entity id (PAK) or a slug (cpec), or a dyad (RUS-PAK)")
        message = f"{excerpt(repr(err['input']))} is not {wanted}"
    elif message.startswith("Value error, "):
        message = message[len("Value error, "):]
        if message.startswith("@"):
            name, message = message[1:].split(" ", 1)
            loc = loc + (name,)
    return seed.problem(loc, message)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()]
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_one(seed: ParsedSeed) -> list[Problem]:
    """Rules within a single file: duplicate ids, facts citing sections that do not exist."""
    assert seed.document is not None
    doc, problems = seed.document, []
    seen: dict[str, int] = {}
    for i, entity in enumerate(doc.entities):
        if entity.id in seen:
            problems.append(seed.problem(("entities", i, "id"),
                                         f"id {entity.id!r} is already defined at entities[{seen[entity.id]}]"))
        seen.setdefault(entity.id, i)
    sections = set(doc.source.sections)
    if doc.facts and not sections:  # where sections are missing or empty (its parent, source, when missing)
        line, col = seed.where(("source", "sections"))
        return problems + [Problem(seed.path, line, col, "source.sections",
                                   "the source lists no sections, so no fact's `at` can be checked; list the "
                                   "document's sections, e.g. sections: [intro, body]")]
    for i, fact in enumerate(doc.facts):
        section = fact.at.split(":")[0]
        if section not in sections:
            problems.append(seed.problem(("facts", i, "at"), f"section {section!r} is not in source.sections"
                                         + _did_you_mean(section, sorted(sections))))
    return problems


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

    places: list[tuple[Place, str, tuple[str, ...] | None]] = field(default_factory=list)  # place, relation, kinds allowed
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
            problems.append(seed.problem(("source", "id"), f"source id {doc.source.id!r} is also used by "
                                         f"{self.sources[doc.source.id].path}"))
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
                problems.append(last.seed.problem(last.loc, f"... and {pending.count - len(pending.places)} more "
                                                  f"references to unknown id {ref!r}"))
        return problems

    # --- entities --------------------------------------------------------------------

    def _define(self, seed: ParsedSeed, i: int, entity: Any, report: bool) -> list[Problem]:
        problems: list[Problem] = []
        place = Place(seed, ("entities", i))
        earlier = self.defined.get(entity.id)
        if earlier is not None:
            if report and (earlier.kind != entity.kind or earlier.name != entity.name):
                problems.append(seed.problem(("entities", i), (
                    f"{entity.id!r} is defined here as {entity.kind} {entity.name!r} but as {earlier.kind} "
                    f"{earlier.name!r} in {earlier.place.label()}; define it one way (put other names in aliases)")))
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
                    problems.append(seed.problem(loc, f"{excerpt(alias)!r} already names {holder!r}"
                                                 + ("" if same else f" (written {excerpt(written)!r} there)")
                                                 + "; an alias must name one entity"))
            elif look is not None and look[0] != entity.id and name_key(look[1]) != key:
                if report:
                    problems.append(seed.problem(loc, f"{excerpt(alias)!r} looks like {look[1]!r} ({look[0]}) but is "
                                                      "spelled with other letters; names must not spoof each other"))
            else:
                self.owner[key] = (entity.id, alias)
                self.looks.setdefault(skeleton(alias), (entity.id, alias))
        return problems

    def _against_database(self, seed: ParsedSeed, i: int, entity: Any) -> list[Problem]:
        there = self.known.get(entity.id)
        if there is None:
            return []
        if there.kind != entity.kind:
            return [seed.problem(("entities", i, "kind"),
                                 f"{entity.id!r} is {_a(there.kind)} in the database, not {_a(entity.kind)}")]
        others = sorted(set(there.curated) - {seed.document.source.id})  # type: ignore[union-attr]
        if there.name != entity.name and others:
            return [seed.problem(("entities", i, "name"),
                                 f"{entity.id!r} is named {there.name!r} in the database (defined by {', '.join(others)}); "
                                 f"use that name, and put {entity.name!r} in aliases")]
        return []

    # --- references ------------------------------------------------------------------

    def _check_fact(self, seed: ParsedSeed, i: int, fact: Any) -> list[Problem]:
        problems: list[Problem] = []
        relation = SPECS[fact.type.value]
        for name, ref, allowed in (("subject", fact.subject, relation.subjects), ("object", fact.object, relation.objects)):
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

    def _ref(self, seed: ParsedSeed, loc: Path_, ref: str, relation: str | None,
             allowed: tuple[str, ...] | None) -> list[Problem]:
        if ref in self.kinds:
            return self._kind_problem(Place(seed, loc), ref, relation, allowed)
        pending = self.pending.setdefault(ref, _Pending())
        pending.count += 1
        if len(pending.places) < MAX_REPORTED_PER_ID:
            pending.places.append((Place(seed, loc), relation or "", allowed))
        return []

    def _kind_problem(self, place: Place, ref: str, relation: str | None,
                      allowed: tuple[str, ...] | None) -> list[Problem]:
        kind = self.kinds.get(ref, "")
        if not allowed or kind not in ENTITY_KINDS or kind in allowed:
            return []
        if relation == "a dyad":
            return [place.seed.problem(place.loc, f"{ref!r} in a dyad must be a state, but it is {_a(kind)}")]
        return [place.seed.problem(place.loc, f"{relation} must be {' or '.join(map(_a, allowed))}, "
                                              f"but {ref!r} is {_a(kind)}")]

    def _unknown(self, ref: str) -> str:
        hint = suggest(ref, self.pool)
        return f"unknown id {ref!r}" + (f" (did you mean {hint}?)" if hint else "") + f"; looked in {self.where}"


def check_together(seeds: list[ParsedSeed], known: Mapping[str, Candidate] | None = None,
                   where: str = "the files checked") -> list[Problem]:
    """Every cross-file rule over documents already parsed (``CrossCheck`` does it file by file)."""
    check = CrossCheck(known, where)
    problems: list[Problem] = []
    for seed in seeds:
        problems += check.add(seed)
    return problems + check.finish()


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
