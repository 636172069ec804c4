"""Validate seed text: YAML with positions, the models, and checks across files.

Pure: takes text, returns a document and problems. Every problem names the
file, line, column and field, so an analyst can go straight to it.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..core.models import LOCATOR_PATTERN, REF_PATTERN, SEED_ADAPTER, SeedDocument, dyad_members, is_dyad
from ..core.names import Candidate
from ..core.types import DYAD_PATTERN, ISO3_PATTERN, PARTIAL_DATE_PATTERN, QID_PATTERN, SLUG_PATTERN
from ..core.vocabulary import ENTITY_KINDS, SPECS
from . import yamlread
from .yamlread import Problem

Path_ = tuple[Any, ...]

__all__ = ["ParsedSeed", "Problem", "check_together", "parse"]


@dataclass
class ParsedSeed:
    """One seed file: its text, the document (when valid), and where each value stands."""

    path: str
    text: str
    document: SeedDocument | None = None
    raw_ids: dict[str, str] = field(default_factory=dict)  # id -> kind, read from a file that failed validation

    _positions: dict[Path_, tuple[int, int]] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        """Where each value stands. Worked out only when a problem needs it (large files load faster)."""
        if self._positions is None:
            self._positions = yamlread.positions(self.text)
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


def field_name(loc: Path_) -> str:
    """('facts', 3, 'since') -> 'facts[3].since'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


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
    return seed, _check_one(seed)


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
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        message = "unknown field (check the spelling; see docs/seed-format.md)"
    elif err["type"] == "union_tag_invalid":
        message = f"kind must be one of: {', '.join(ENTITY_KINDS)}" + _did_you_mean(str(err.get("ctx", {}).get("tag", "")), list(ENTITY_KINDS))
        loc = loc + ("kind",)
    elif err["type"] == "string_type" and isinstance(err["input"], bool):
        message = f"YAML reads this as the boolean {str(err['input']).lower()}; put the value in quotes"
    elif err["type"] == "enum":
        suggestion = _did_you_mean(str(err["input"]), list(SPECS))
        message = f"{err['input']!r} is not a relation type" + (
            suggestion or f"; the {len(SPECS)} types are listed in docs/graph-model.md")
    elif err["type"] == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        wanted = PATTERN_HELP.get(pattern, "an entity id (PAK) or a slug (cpec), or a dyad (RUS-PAK)")
        message = f"{err['input']!r} is not {wanted}"
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
    for i, fact in enumerate(doc.facts):
        section = fact.at.split(":")[0]
        if sections and section not in sections:
            problems.append(seed.problem(("facts", i, "at"), f"section {section!r} is not in source.sections"
                                         + _did_you_mean(section, sorted(sections))))
    return problems


def check_together(seeds: list[ParsedSeed], known: Mapping[str, Candidate] | None = None) -> list[Problem]:
    """Rules across all files: references resolve, ids and aliases mean one thing, kinds fit the vocabulary.

    ``known`` holds the entities already in the database, so a file may refer to them, and may not
    silently redefine one that another source defines.
    """
    known = known or {}
    problems: list[Problem] = []
    defined: dict[str, tuple[ParsedSeed, int]] = {}
    sources: dict[str, ParsedSeed] = {}
    for seed in seeds:
        doc = seed.document
        if doc is None:
            continue
        if doc.source.id in sources:
            problems.append(seed.problem(("source", "id"), f"source id {doc.source.id!r} is also used by {sources[doc.source.id].path}"))
        sources.setdefault(doc.source.id, seed)
        for i, entity in enumerate(doc.entities):
            if entity.id in defined:
                other_seed, j = defined[entity.id]
                other = other_seed.document.entities[j]  # type: ignore[union-attr]
                if other.kind != entity.kind or other.name != entity.name:
                    problems.append(seed.problem(
                        ("entities", i), f"{entity.id!r} is defined differently in {other_seed.path} "
                        f"({other.kind} {other.name!r} here {entity.kind} {entity.name!r})"))
            else:
                defined[entity.id] = (seed, i)
            problems += _check_against_database(seed, i, entity, known)
    kinds = {eid: c.kind for eid, c in known.items()}
    for seed in seeds:
        kinds.update(seed.raw_ids)
    kinds.update({eid: s.document.entities[i].kind for eid, (s, i) in defined.items()})  # type: ignore[union-attr]
    problems += _check_aliases(defined, known)
    for seed in seeds:
        if seed.document is None:
            continue
        for i, fact in enumerate(seed.document.facts):
            problems += _check_fact(seed, i, fact, kinds)
        for i, entity in enumerate(seed.document.entities):
            successor = getattr(entity, "successor", None)
            if successor and successor not in kinds:
                problems.append(seed.problem(("entities", i, "successor"), _unknown(successor, kinds)))
    return problems


def _check_against_database(seed: ParsedSeed, i: int, entity: Any, known: Mapping[str, Candidate]) -> list[Problem]:
    there = known.get(entity.id)
    if there is None:
        return []
    if there.kind != entity.kind:
        return [seed.problem(("entities", i, "kind"),
                             f"{entity.id!r} is {_a(there.kind)} in the database, not {_a(entity.kind)}")]
    others = sorted(set(there.sources) - {seed.document.source.id})  # type: ignore[union-attr]
    if there.name != entity.name and others:
        return [seed.problem(("entities", i, "name"),
                             f"{entity.id!r} is named {there.name!r} in the database (defined by {', '.join(others)}); "
                             f"use that name, and put {entity.name!r} in aliases")]
    return []


def _check_aliases(defined: dict[str, tuple[ParsedSeed, int]], known: Mapping[str, Candidate]) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for eid, candidate in known.items():  # names already taken in the database
        for alias in (candidate.id, candidate.name, *candidate.aliases):
            owner.setdefault(alias.casefold(), eid)
    for eid, (seed, i) in defined.items():
        entity = seed.document.entities[i]  # type: ignore[union-attr]
        for j, alias in enumerate([entity.id, entity.name, *entity.aliases]):
            key = alias.casefold()
            if key in owner and owner[key] != eid:
                loc = ("entities", i, "aliases", j - 2) if j >= 2 else ("entities", i, "name")
                problems.append(seed.problem(loc, f"{alias!r} already names {owner[key]!r}; an alias must name one entity"))
            owner.setdefault(key, eid)
    return problems


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _unknown(ref: str, kinds: dict[str, str]) -> str:
    return f"unknown id {ref!r}" + _did_you_mean(ref, list(kinds))


def _check_fact(seed: ParsedSeed, i: int, fact: Any, kinds: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    relation = SPECS[fact.type.value]
    for name, ref, allowed in (("subject", fact.subject, relation.subjects), ("object", fact.object, relation.objects)):
        if is_dyad(ref):
            a, b = dyad_members(ref)
            if a == b:
                problems.append(seed.problem(("facts", i, name), f"a dyad needs two different states, not {ref!r}"))
            for code in (a, b):
                if code not in kinds:
                    problems.append(seed.problem(("facts", i, name), _unknown(code, kinds)))
                elif kinds[code] != "state":
                    problems.append(seed.problem(("facts", i, name), f"{code!r} in a dyad must be a state"))
        elif ref not in kinds:
            problems.append(seed.problem(("facts", i, name), _unknown(ref, kinds)))
        elif kinds[ref] in ENTITY_KINDS and kinds[ref] not in allowed:
            problems.append(seed.problem(
                ("facts", i, name), f"{fact.type.value} {name} must be {' or '.join(map(_a, allowed))}, "
                f"but {ref!r} is {_a(kinds[ref])}"))
    for j, ref in enumerate(fact.via):
        if ref not in kinds:
            problems.append(seed.problem(("facts", i, "via", j), _unknown(ref, kinds)))
    if fact.regarding and fact.regarding not in kinds:
        problems.append(seed.problem(("facts", i, "regarding"), _unknown(fact.regarding, kinds)))
    return problems
