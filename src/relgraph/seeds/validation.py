"""Validate seed text: YAML with positions, the models, and checks across files.

Pure: takes text, returns a document and problems. Every problem names the
file, line, column and field, so an analyst can go straight to it.
"""

from __future__ import annotations

import difflib
import re
import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..core.models import FACTS_ADAPTER, LOCATOR_PATTERN, REF_PATTERN, SEED_ADAPTER, Fact, SeedDocument
from ..core.types import DYAD_PATTERN, ISO3_PATTERN, PARTIAL_DATE_PATTERN, QID_PATTERN, SLUG_PATTERN
from ..core.vocabulary import ENTITY_KINDS, SPECS
from . import yamlparts, yamlpositions, yamlread
from .yamlread import Problem

Path_ = tuple[Any, ...]

__all__ = ["ParsedSeed", "Problem", "parse"]


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
    warnings: list[Problem] = field(default_factory=list)  # worth a look, but not wrong: the file still loads

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
            self._positions = yamlpositions.positions(text)
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
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = excerpt(str(part), 40)
            out += f".{text}" if out else text
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
    parts = yamlparts.in_parts(text)
    if parts is not None:
        timings["parse"] = timings.get("parse", 0.0) + time.perf_counter() - started
        started = time.perf_counter()
        checked = _checked(seed) if _validate_in_parts(seed, parts) else None
        timings["parse"] += parts.reading  # reading the chunks is parsing; the rest is validating
        timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - started - parts.reading
        if checked is not None:
            return seed, checked
        started = time.perf_counter()
    data, problems = yamlread.load(text, path)
    parsed = time.perf_counter()
    timings["parse"] = timings.get("parse", 0.0) + parsed - started
    try:
        return _validate(seed, data, problems)
    finally:
        timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - parsed


def _validate_in_parts(seed: ParsedSeed, parts: yamlparts.Parts) -> bool:
    """Validate a large file chunk by chunk (the raw data never whole; see yamlparts). False when anything
    is wrong or unexpected: then the file is read and validated whole, which places every problem."""
    try:
        header = SEED_ADAPTER.validate_python(parts.head)
        facts: list[Fact] = []
        for chunk in parts.chunks():
            facts.extend(FACTS_ADAPTER.validate_python(chunk))
    except (ValidationError, yamlparts.NotInParts):
        return False
    seed.document = SeedDocument.model_construct(source=header.source, entities=header.entities, facts=facts)
    return True


def _validate(seed: ParsedSeed, data: Any, problems: list[Problem]) -> tuple[ParsedSeed, list[Problem]]:
    path = seed.path
    if problems:
        return seed, problems
    if data is None:
        return seed, [
            Problem(path, 1, 1, "(document)", "the file is empty; a seed file needs source, entities and facts")
        ]
    if not isinstance(data, dict):
        return seed, [seed.problem((), "a seed file is a mapping with source, entities and facts")]
    try:
        seed.document = SEED_ADAPTER.validate_python(data)
    except ValidationError as exc:
        seed.raw_ids = _raw_ids(data)
        return seed, [_from_pydantic(seed, dict(err)) for err in exc.errors(include_url=False)]
    return seed, _checked(seed)


def _checked(seed: ParsedSeed) -> list[Problem]:
    """A valid document's warnings (kept on the seed) and the rules within its file."""
    seed.warnings = _split_names(seed)
    return _check_one(seed) + _written_numbers(seed)


# Words a name does not end or begin with when it is whole: a list item that does is likely half a name.
_JOINING_WORDS = frozenset(
    ["of", "and", "the", "for", "on", "in", "to", "with", "or", "at", "by", "de", "du", "des", "la", "le", "von"]
)


def _split_reason(before: str, after: str, whole: list[str]) -> str:
    """Why two neighbouring list items look like one name cut at its comma, or '' when they do not."""
    joined = f"{before}, {after}".casefold()
    if any(joined in text.casefold() for text in whole):
        return "together they are part of the entity's name"
    first, last = after.split()[0], before.split()[-1]
    if last.casefold() in _JOINING_WORDS:
        return f"{before!r} ends with {last!r}"
    if first.casefold() in _JOINING_WORDS:
        return f"{after!r} begins with {first!r}"
    if (
        re.search(r"\s(and|&)\s", after)
        and not re.search(r"\s(and|&)\s", before)
        and before[:1].isupper()
        and after[:1].isupper()
        and len(before.split()) > 1
    ):
        return "it reads like one name listing its parts (A of B, C and D)"
    return ""


def _quoted_or_block(seed: ParsedSeed, loc: Path_) -> bool:
    """Whether the value at ``loc`` is written in quotes, or is not an item of a flow list ``[...]``."""
    text = seed.text or ""
    line, col = seed.where(loc)
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return True
    row = lines[line - 1]
    if row[col - 1 : col] in ("'", '"'):
        return True
    before = row[: col - 1].rstrip()
    return not before.endswith(("[", ","))


def _split_names(seed: ParsedSeed) -> list[Problem]:
    """Aliases that look like one name split at its comma: in a flow list, ``[Treaty of Peace, Friendship and
    Cooperation]`` is two aliases. A warning, not an error: the file may mean it."""
    assert seed.document is not None
    warnings: list[Problem] = []
    for i, entity in enumerate(seed.document.entities):
        aliases = list(entity.aliases)
        for j in range(len(aliases) - 1):
            before, after = aliases[j], aliases[j + 1]
            reason = _split_reason(before, after, [entity.name, *(entity.note or "",)])
            if not reason:
                continue
            locs = [("entities", i, "aliases", j), ("entities", i, "aliases", j + 1)]
            if any(_quoted_or_block(seed, loc) for loc in locs):
                continue
            warnings.append(
                seed.problem(
                    locs[0],
                    (
                        f"{before!r} and {after!r} look like one name split at its comma ({reason}): in a list written "
                        f'[...], every comma starts a new item. If it is one name, quote it: ["{before}, {after}"]'
                    ),
                )
            )
    return warnings


_CODED_NUMBER = re.compile(r"\b(value|confidence)\s*:\s*([-+]?0[xXoObB][0-9A-Fa-f_]+)")


def _written_numbers(seed: ParsedSeed) -> list[Problem]:
    """Quantities written in hexadecimal, octal or binary (YAML reads 0x1F as 31): almost always a slip."""
    if seed.text is None or (
        "0x" not in seed.text.lower() and "0o" not in seed.text.lower() and "0b" not in seed.text.lower()
    ):
        return []
    problems = []
    placed = {where: loc for loc, where in seed.positions.items()}
    for match in _CODED_NUMBER.finditer(seed.text):
        line, col = yamlread.line_col(seed.text, match.start(2))
        loc = placed.get((line, col))
        problems.append(
            Problem(
                seed.path,
                line,
                col,
                field_name(loc) if loc else match.group(1),
                f"{excerpt(match.group(2))}: write quantities as decimal numbers",
            )
        )
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
    loc = tuple(
        p
        for i, p in enumerate(loc)
        if not (i > 0 and isinstance(loc[i - 1], int) and loc[0] == "entities" and p in ENTITY_KINDS)
    )
    message = excerpt(err["msg"], 200)
    if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):  # a model, a dataclass (Fact)
        message = "unknown field (check the spelling; see docs/seed-format.md)"
        key = str(loc[-1]) if loc else ""
        if " " in key.strip() or key[:1].isupper():
            message = (
                f"{excerpt(key)!r} is not a field: a comma inside {{...}} ends a value, so a name with a "
                "comma was cut there; put the whole name in quotes"
            )
    elif err["type"] == "union_tag_invalid":
        message = f"kind must be one of: {', '.join(ENTITY_KINDS)}" + _did_you_mean(
            str(err.get("ctx", {}).get("tag", "")), list(ENTITY_KINDS)
        )
        loc = loc + ("kind",)
    elif err["type"] == "string_type" and isinstance(err["input"], bool):
        message = f"YAML reads this as the boolean {str(err['input']).lower()}; put the value in quotes"
    elif err["type"] == "enum":
        suggestion = _did_you_mean(str(err["input"]), list(SPECS))
        message = f"{excerpt(repr(err['input']))} is not a relation type" + (
            suggestion or f"; the {len(SPECS)} types are listed in docs/graph-model.md"
        )
    elif err["type"] == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        wanted = PATTERN_HELP.get(pattern, "an entity id (PAK) or a slug (cpec), or a dyad (RUS-PAK)")
        message = f"{excerpt(repr(err['input']))} is not {wanted}"
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
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
            problems.append(
                seed.problem(
                    ("entities", i, "id"), f"id {entity.id!r} is already defined at entities[{seen[entity.id]}]"
                )
            )
        seen.setdefault(entity.id, i)
    sections = set(doc.source.sections)
    if doc.facts and not sections:  # where sections are missing or empty (its parent, source, when missing)
        line, col = seed.where(("source", "sections"))
        return problems + [
            Problem(
                seed.path,
                line,
                col,
                "source.sections",
                "the source lists no sections, so no fact's `at` can be checked; list the "
                "document's sections, e.g. sections: [intro, body]",
            )
        ]
    for i, fact in enumerate(doc.facts):
        section = fact.at.split(":")[0]
        if section not in sections:
            problems.append(
                seed.problem(
                    ("facts", i, "at"),
                    f"section {section!r} is not in source.sections" + _did_you_mean(section, sorted(sections)),
                )
            )
    return problems


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
