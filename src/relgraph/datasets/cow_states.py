"""COW State System Membership v2016: which states were in the international system, and when; which
were major powers.

- ``states2016.csv`` (required): one row per membership spell -> a ``SYSTEM_MEMBER_OF`` fact from the
  state to the node ``interstate-system`` (since/until; a spell still running when the data end in 2016
  is left open). A spell of a code that stands for several states in turn (365) becomes one fact per
  state, split at the crosswalk's dates, each citing the same row.
- ``majors2016.csv``: major-power spells -> ``MAJOR_POWER_IN`` facts, split the same way.
- ``system2016.csv``: state-years. Not turned into facts (the spells say the same); every state-year is
  checked against the spells, and one the spells do not give is reported as a rejected row.
- Every state gets the crosswalk's definition (name, aliases, Wikidata id) with its COW code and
  abbreviation as identifiers, and the crosswalk's successions become ``SUCCEEDED_BY`` facts (citing
  ``relgraph/data/states.csv``).
"""

from __future__ import annotations

from pathlib import Path

from ..loading.plan import EntityDef
from .base import Adapter, DatasetInfo, FileSpec, Output, Progress, csv_rows, day, integer
from .crosswalk import DATA_FILE, codes_of, load, state_definition

SYSTEM = "interstate-system"


def system_entity() -> EntityDef:
    return EntityDef(
        SYSTEM,
        "organisation",
        {"name": "International state system (Correlates of War)", "type": "system"},
        ["interstate system", "COW state system"],
    )


class CowStates(Adapter):
    info = DatasetInfo(
        name="cow-states",
        source_id="cow-states-2016",
        title="Correlates of War State System Membership List",
        version="2016",
        citation='Correlates of War Project. 2017. "State System Membership List, v2016." Online, '
        "http://correlatesofwar.org.",
        terms="Free for academic use with citation (Correlates of War Project).",
        url="https://correlatesofwar.org/data-sets/state-system-membership/",
        files=(
            FileSpec("states", ("states2016.csv",), about="membership spells"),
            FileSpec("majors", ("majors2016.csv",), required=False, about="major-power spells"),
            FileSpec("system", ("system2016.csv",), required=False, about="state-years, checked against the spells"),
        ),
        coverage=("1816", "2016"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        table = load()
        out.entity(system_entity())
        used: set[str] = set()
        spells: dict[int, list[tuple[str, str]]] = {}
        for role, type_ in (("states", "SYSTEM_MEMBER_OF"), ("majors", "MAJOR_POWER_IN")):
            path = files.get(role)
            if path is None:
                continue
            for row in csv_rows(path):
                out.rows += 1
                try:
                    ccode = integer(row.values["ccode"])
                    start = day(
                        integer(row.values["styear"]), integer(row.values["stmonth"]), integer(row.values["stday"])
                    )
                    end = day(
                        integer(row.values["endyear"]), integer(row.values["endmonth"]), integer(row.values["endday"])
                    )
                except (KeyError, ValueError) as exc:
                    out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                    continue
                if ccode is None or start is None or ccode not in table.cow:
                    out.rejects.add(path.name, row.line, f"no state for the COW code: {row.values.get('ccode')!r}")
                    continue
                if role == "states":
                    spells.setdefault(ccode, []).append((start, end or "9999"))
                censored = end is not None and end >= "2016-12-31"
                for lo, hi, state in table.cow_periods(ccode, start, None if censored else end):
                    used.add(state)
                    out.fact(type_, state, SYSTEM, {"since": lo, "until": hi, "ccode": ccode}, path.name, row.line)
                progress(str(path), out.rows, 0)
        if "system" in files:
            self._check_years(files["system"], spells, out)
        for state in sorted(used):
            out.entity(state_definition(state, codes_of(state)))
        self._successions(used, out)

    @staticmethod
    def _check_years(path: Path, spells: dict[int, list[tuple[str, str]]], out: Output) -> None:
        """Every state-year of system2016 must be one some spell overlaps (COW's own rule)."""
        for row in csv_rows(path):
            out.rows += 1
            try:
                ccode, year = integer(row.values["ccode"]), integer(row.values["year"])
            except (KeyError, ValueError) as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if ccode is None or year is None:
                continue
            first, last = f"{year:04d}-01-01", f"{year:04d}-12-31"
            if not any(lo <= last and hi >= first for lo, hi in spells.get(ccode, [])):
                out.rejects.add(path.name, row.line, f"state-year not covered by any spell: {ccode} in {year}")

    @staticmethod
    def _successions(used: set[str], out: Output) -> None:
        table = load()
        for state in sorted(used):
            row = table.states[state]
            for successor, date in row.successors:
                if successor not in table.states:
                    continue
                if successor not in used:
                    out.entity(state_definition(successor, codes_of(successor)))
                out.fact("SUCCEEDED_BY", state, successor, {"date": date}, DATA_FILE, row.line)
