"""Constrained value types shared by the models, in one place.

Pure: no I/O. Each type is an ``Annotated`` alias that Pydantic validates and
exports to JSON Schema.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

ISO3_PATTERN = r"^[A-Z]{3}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DYAD_PATTERN = r"^[A-Z]{3}-[A-Z]{3}$"
PARTIAL_DATE_PATTERN = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
QID_PATTERN = r"^Q[1-9][0-9]*$"

Iso3 = Annotated[
    str,
    StringConstraints(pattern=ISO3_PATTERN),
    Field(description="ISO 3166-1 alpha-3 code (ISO 3166-3 alpha-3 for a historic state), e.g. RUS, SUN"),
]
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="lower-case words joined by hyphens, e.g. shanghai-cooperation-organisation"),
]
EntityId = Annotated[
    str,
    StringConstraints(pattern=r"^(?:[A-Z]{3}|[a-z0-9]+(?:-[a-z0-9]+)*)$"),
    Field(description="an entity id: a state's ISO code or a slug"),
]
DyadId = Annotated[
    str,
    StringConstraints(pattern=DYAD_PATTERN),
    Field(description="two state codes joined by a hyphen, in either order, e.g. RUS-PAK"),
]
Qid = Annotated[
    str,
    StringConstraints(pattern=QID_PATTERN),
    Field(description="Wikidata item id, e.g. Q159"),
]
# Characters no name or note needs: controls (C0 but tab and newline in notes; DEL; C1), text-direction
# overrides and isolates (they reorder what a terminal shows), and the zero-width ones (they hide text).
_HIDDEN = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e]")
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAK = re.compile("[\n\t\u2028\u2029]")  # tab, newline and the Unicode line and paragraph separators: not in a name


def _plain_text(value: str, newlines: bool) -> str:
    bad = _CONTROL.search(value) or _DIRECTION.search(value) or (None if newlines else _BREAK.search(value))
    if bad:
        raise ValueError(f"control or direction character U+{ord(bad.group()):04X} is not allowed here")
    if _HIDDEN.search(value):
        if not _HIDDEN.sub("", value).strip():
            raise ValueError("the text is made of invisible characters only")
        raise ValueError(f"invisible character U+{ord(_HIDDEN.search(value).group()):04X} is not allowed here")  # type: ignore[union-attr]
    return value


def _plain_name(value: str) -> str:
    value = _plain_text(value, newlines=False)
    script = mixed_script(value)
    if script:
        raise ValueError(f"{script}: a name mixes look-alike letters of different alphabets")
    return value


def _plain_note(value: str) -> str:
    return _plain_text(value, newlines=True)


# Cyrillic and Greek letters that look like Latin ones: a word mixing them with Latin letters spoofs a name.
CONFUSABLE = str.maketrans("АВЕКМНОРСТХаеорсухіјѕԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοναϲ", "ABEKMHOPCTXaeopcyxijsdqwABEZHIKMNOPTYXovac")


def skeleton(text: str) -> str:
    """A name with look-alike letters made Latin, compatibility forms (full-width, mathematical letters)
    made plain, case-folded: how it looks, not how it is spelled."""
    return unicodedata.normalize("NFKC", text).translate(CONFUSABLE).casefold()


def mixed_script(text: str) -> str:
    """The first word that mixes Latin letters with Cyrillic or Greek ones, or an empty string."""
    for word in re.findall(r"\w+", unicodedata.normalize("NFKC", text)):
        latin = any("a" <= ch.lower() <= "z" for ch in word)
        other = any("\u0370" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f" for ch in word)
        if latin and other:
            return str(word)
    return ""


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(_plain_note)
]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_plain_name)
]


def _finite_number(value: object) -> object:
    """A quantity is a number written as one: not a boolean, not text, not NaN or infinite."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(
            "a quantity must be a number (written without quotes), not "
            + ("a boolean" if isinstance(value, bool) else "text" if isinstance(value, str) else type(value).__name__)
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("a quantity must be a finite number, not NaN or infinity")
    return value


Quantity = Annotated[float, BeforeValidator(_finite_number)]


def _coerce_year(value: object) -> object:
    """YAML reads ``2014`` as an int; a partial date is kept as text."""
    if isinstance(value, bool):
        return value  # let the string check reject it
    if isinstance(value, int):
        return f"{value:04d}"
    return value


def _check_calendar(value: str) -> str:
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if not 1000 <= year <= 2100:
        raise ValueError(f"year {year} is outside 1000..2100")
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ValueError(f"month {parts[1]:02d} does not exist")
    if len(parts) > 2:
        last = calendar.monthrange(year, parts[1])[1]
        if not 1 <= parts[2] <= last:
            raise ValueError(f"day {parts[2]:02d} does not exist in {year}-{parts[1]:02d}")
    return value


PARTIAL_DATE_HELP = "a year (2014), a month (2014-05) or a day (2014-05-12)"
PartialDate = Annotated[
    str,
    BeforeValidator(_coerce_year),
    StringConstraints(pattern=PARTIAL_DATE_PATTERN),
    AfterValidator(_check_calendar),
    # YAML reads a bare year as a number, so the schema takes both forms.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1000, "maximum": 2100},
                {"type": "string", "pattern": PARTIAL_DATE_PATTERN},
            ],
            "description": PARTIAL_DATE_HELP,
        }
    ),
]

Confidence = Annotated[
    float, BeforeValidator(_finite_number), Field(ge=0.0, le=1.0, description="0 (doubtful) to 1 (certain)")
]


def date_year(value: str | None) -> int | None:
    """The year of a partial date, or None."""
    return int(value[:4]) if value else None
