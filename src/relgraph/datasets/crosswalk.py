"""Identity across datasets: the reviewed tables in ``relgraph/data`` that map COW codes, UN alpha-2
codes and COW IGO names to relgraph's ids.

- ``states.csv``: every state node the datasets need: its id (ISO 3166-1 alpha-3 for current states,
  ISO 3166-3 for historic ones that have one, an ``X..`` code from ISO's user-assigned range for the
  rest), name, aliases, Wikidata id and successors with dates.
- ``cow_codes.csv``: COW ccode -> id by date. One code may cover several states in turn (365: the
  Russian Empire, the Soviet Union, Russia), each period its own row.
- ``alpha2.csv``: the UN votes' alpha-2 codes (and names, where the code is blank) -> id by date.
- ``igos.csv``: COW IGO ``ioname`` -> slug id and name.

docs/datasets.md lists every decision and its reason; tests/test_crosswalk.py checks each pitfall.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..loading.plan import EntityDef

MID_YEAR = "07-01"
EARLIEST = "0001-01-01"  # a year belongs to the state that held the code on 1 July (the larger part of it)


def _table(name: str) -> list[tuple[int, dict[str, str]]]:
    text = (resources.files("relgraph.data") / name).read_text(encoding="utf-8")
    return [(number, row) for number, row in enumerate(csv.DictReader(text.splitlines()), start=2)]


@dataclass(frozen=True)
class StateRow:
    id: str
    name: str
    id_kind: str
    historic: bool
    wikidata: str | None
    aliases: tuple[str, ...]
    successors: tuple[tuple[str, str], ...]  # (id, date)
    line: int

    def definition(self, extra_aliases: tuple[str, ...] = (), identifiers: tuple[str, ...] = ()) -> EntityDef:
        props: dict[str, Any] = {"name": self.name, "historic": self.historic, "id_kind": self.id_kind}
        if self.wikidata:
            props["wikidata"] = self.wikidata
        if identifiers:
            props["identifiers"] = list(identifiers)
        aliases = list(dict.fromkeys(a for a in (*self.aliases, *extra_aliases) if a and a != self.name))
        return EntityDef(self.id, "state", props, aliases)


@dataclass(frozen=True)
class Period:
    start: str  # YYYY-MM-DD, inclusive
    end: str
    id: str
    line: int


@dataclass
class Crosswalk:
    states: dict[str, StateRow] = field(default_factory=dict)
    cow: dict[int, list[Period]] = field(default_factory=dict)
    cow_names: dict[int, tuple[str, str]] = field(default_factory=dict)  # ccode -> (abbreviation, name)
    alpha2: dict[str, list[Period]] = field(default_factory=dict)  # code (or "name:<name>" when blank)
    igos: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # ioname (lower) -> (id, name, line)

    def cow_id(self, ccode: int, date: str) -> str | None:
        """The state a COW code stands for on a date (YYYY, YYYY-MM or YYYY-MM-DD; a year means 1 July)."""
        return _pick(self.cow.get(ccode), date)

    def cow_periods(self, ccode: int, start: str, end: str | None) -> list[tuple[str, str | None, str]]:
        """Split a spell of a COW code into (start, end, id) pieces, one per state the code stood for. Dates are
        days (YYYY-MM-DD), both inclusive; an open end (None) stays open for the code's last state only."""
        periods = self.cow.get(ccode, [])
        out: list[tuple[str, str | None, str]] = []
        for period in periods:
            lo = max(start, period.start)
            hi = period.end if end is None else min(end, period.end)
            if lo > hi:
                continue
            out.append((lo, None if end is None and period is periods[-1] else hi, period.id))
        return out

    def dyad_periods(
        self, first: int, second: int, start: str, end: str | None
    ) -> list[tuple[str, str | None, str, str]]:
        """Split a spell of a pair of COW codes into (start, end, first id, second id) pieces, one per pair
        of states the codes stood for together (``cow_periods`` on both sides, intersected)."""
        out: list[tuple[str, str | None, str, str]] = []
        for lo1, hi1, one in self.cow_periods(first, start, end):
            for lo2, hi2, two in self.cow_periods(second, start, end):
                lo = max(lo1, lo2)
                ends = [h for h in (hi1, hi2) if h is not None]
                hi = min(ends) if ends else None
                if hi is None or lo <= hi:
                    out.append((lo, hi, one, two))
        return sorted(out)

    def alpha2_id(self, code: str, name: str, date: str) -> str | None:
        key = code.strip().upper() if code.strip() else f"name:{name.strip()}"
        return _pick(self.alpha2.get(key), date)


def _full(date: str, last: bool = False) -> str:
    """A partial date as a day: a year means 1 July (or 31 December when ``last``); a month its first day."""
    if len(date) == 4:
        return f"{date}-12-31" if last else f"{date}-{MID_YEAR}"
    if len(date) == 7:
        return f"{date}-28" if last else f"{date}-01"
    return date


def _pick(periods: list[Period] | None, date: str) -> str | None:
    if not periods:
        return None
    day = _full(date)
    for period in periods:
        if period.start <= day <= period.end:
            return period.id
    return None


@cache
def load() -> Crosswalk:
    out = Crosswalk()
    for line, row in _table("states.csv"):
        successors = tuple((s.split("@", 1)[0], s.split("@", 1)[1]) for s in row["successors"].split(";") if s)
        out.states[row["id"]] = StateRow(
            row["id"],
            row["name"],
            row["id_kind"],
            row["historic"] == "true",
            row["wikidata"] or None,
            tuple(a for a in row["aliases"].split(";") if a),
            successors,
            line,
        )
    for line, row in _table("cow_codes.csv"):
        ccode = int(row["ccode"])
        out.cow.setdefault(ccode, []).append(Period(row["from"], row["to"], row["id"], line))
        out.cow_names[ccode] = (row["cow_abb"], row["cow_name"])
    for line, row in _table("alpha2.csv"):
        key = row["alpha2"].strip().upper() if row["alpha2"].strip() else f"name:{row['name_in_data'].strip()}"
        out.alpha2.setdefault(key, []).append(Period(row["from"], row["to"], row["id"], line))
    for periods in (*out.cow.values(), *out.alpha2.values()):
        periods.sort(key=lambda p: p.start)
    for periods in out.cow.values():  # before COW's first year (1816), a code means its first state
        first = periods[0]
        periods[0] = Period(EARLIEST, first.end, first.id, first.line)
    for line, row in _table("igos.csv"):
        out.igos[row["ioname"].lower()] = (row["id"], row["name"], line)
    return out


def state_definition(state_id: str, cow_codes: tuple[int, ...] = ()) -> EntityDef:
    """A state as the datasets define it (from states.csv), with its COW codes and abbreviations as
    identifiers: ``relgraph dyad UKG USA`` and ``365`` find it (an identifier shared by several states is
    ambiguous, and the question says so)."""
    table = load()
    row = table.states[state_id]
    identifiers: list[str] = []
    names: list[str] = []
    for ccode in cow_codes:
        abbreviation, name = table.cow_names.get(ccode, ("", ""))
        identifiers += [str(ccode), f"COW {ccode}"]
        if abbreviation:
            identifiers.append(abbreviation)
        if name and name != row.name:
            names.append(name)
    return row.definition(tuple(names), tuple(dict.fromkeys(identifiers)))


def codes_of(state_id: str) -> tuple[int, ...]:
    """The COW codes that ever stand for a state."""
    return tuple(sorted(c for c, periods in load().cow.items() if any(p.id == state_id for p in periods)))


DATA_FILE = "relgraph/data/states.csv"
