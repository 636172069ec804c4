"""Constrained value types shared by the models, in one place.

Pure: no I/O. Each type is an ``Annotated`` alias that Pydantic validates and
exports to JSON Schema.
"""

from __future__ import annotations

import calendar
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
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


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
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 2100},
                              {"type": "string", "pattern": PARTIAL_DATE_PATTERN}],
                    "description": PARTIAL_DATE_HELP}),
]

Confidence = Annotated[float, Field(ge=0.0, le=1.0, description="0 (doubtful) to 1 (certain)")]


def date_year(value: str | None) -> int | None:
    """The year of a partial date, or None."""
    return int(value[:4]) if value else None
