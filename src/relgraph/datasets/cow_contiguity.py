"""COW Direct Contiguity v3.2: which states border each other, by land or across how much water, and when.

- ``contdir.csv`` (required): one row per contiguity spell of a pair of COW codes (``statelno`` <
  ``statehno``) -> a ``BORDERS`` fact between the two states (symmetric: stored with the ids in
  alphabetical order) with ``since``/``until`` partial dates ``YYYY-MM`` from ``begin``/``end`` (an
  ``end`` of 201612, the data's last month, means still contiguous: ``until`` is left open),
  ``contiguity`` (conttype 1-5), ``contiguity_label`` ("land or river border", "separated by up to 12
  miles of water", ... 24, 150, 400) and ``ccodes``. The row's ``notes`` text (what begins or ends the
  spell) is the claim's note. Each fact cites its row.
- ``contdird.csv`` (optional): directed dyad-years. Not turned into facts (the spells say the same);
  each row is checked against the spells: a dyad-year no spell of the same type covers is reported as a
  rejected row.

Pitfalls, and what this adapter does:

- **Touching spells.** 27 changes of type share their month (Netherlands–France land to 183012, water
  from 183012): both spells keep their months, so both hold in that month. In contdird this gives two rows
  for one directed dyad-year (types 1 and 5); both are accepted by the check.
- **One code, several states.** A spell whose code changes state (USA–365 from 195901: the Soviet Union,
  then Russia from 1991-12-26) is split into one fact per pair of states, the cut dated to the day.
- **No record is no contiguity**: dyads over 400 miles of water apart have no row, and nothing is made of
  them. Colonial contiguity is another dataset.
- Quoted abbreviations (``"USA"``) are COW's, not ISO: only the numeric codes are used.
- A row whose code has no state on its dates, or whose type is not 1-5, is rejected with its line.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .base import (
    Adapter,
    DatasetInfo,
    FileSpec,
    Output,
    Progress,
    csv_rows,
    day,
    first_day,
    integer,
    last_day,
    piece,
    require_columns,
)
from .crosswalk import codes_of, load, state_definition

CONTIGUITY = {
    1: "land or river border",
    2: "separated by up to 12 miles of water",
    3: "separated by up to 24 miles of water",
    4: "separated by up to 150 miles of water",
    5: "separated by up to 400 miles of water",
}
LAST_MONTH = "2016-12"  # an end in the data's last month: still contiguous
SPELL_COLUMNS = ("statelno", "statehno", "conttype", "begin", "end")
YEAR_COLUMNS = ("state1no", "state2no", "year", "conttype")


def month(text: str) -> str | None:
    """YYYYMM -> YYYY-MM."""
    value = integer(text)
    if value is None:
        return None
    year, mon = divmod(value, 100)
    if not 1 <= mon <= 12:
        raise ValueError(f"{text.strip()!r} is not a YYYYMM month")
    return day(year, mon)


class CowContiguity(Adapter):
    info = DatasetInfo(
        name="cow-contiguity",
        source_id="cow-contiguity-3.2",
        title="Correlates of War Direct Contiguity",
        version="3.2",
        citation="Correlates of War Project. Direct Contiguity Data, 1816-2016. Version 3.2. Stinnett, Douglas M., "
        'Jaroslav Tir, Philip Schafer, Paul F. Diehl, and Charles Gochman. 2002. "The Correlates of War '
        'Project Direct Contiguity Data, Version 3." Conflict Management and Peace Science 19(2): 58-66.',
        terms="Free with citation (Correlates of War Project).",
        url="https://correlatesofwar.org/data-sets/direct-contiguity/",
        files=(
            FileSpec("spells", ("contdir.csv",), about="contiguity spells"),
            FileSpec(
                "years", ("contdird.csv",), required=False, about="directed dyad-years, checked against the spells"
            ),
        ),
        coverage=("1816", "2016"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        table = load()
        used: set[str] = set()
        spells: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)  # codes -> (from, to, type)
        path = files["spells"]
        for row in csv_rows(path):
            out.rows += 1
            values = row.values
            if row.line == 2:
                require_columns(path, 1, values, SPELL_COLUMNS)
            try:
                low, high = integer(values["statelno"]), integer(values["statehno"])
                kind = integer(values["conttype"])
                since, until = month(values["begin"]), month(values["end"])
            except ValueError as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if kind not in CONTIGUITY:
                out.rejects.add(path.name, row.line, f"unknown contiguity type: {values['conttype']!r}")
                continue
            if low is None or high is None or since is None:
                out.rejects.add(path.name, row.line, "no dyad or no begin month")
                continue
            spells[(low, high)].append((int(since[:4]), int(until[:4]) if until else 9999, kind))
            open_end = until is None or until >= LAST_MONTH
            pieces = table.dyad_periods(
                low, high, first_day(since), None if open_end or until is None else last_day(until)
            )
            if not pieces:
                out.rejects.add(
                    path.name, row.line, f"no state for the COW codes on the spell's dates: {low}-{high} from {since}"
                )
                continue
            for lo, hi, one, two in pieces:
                used.update((one, two))
                out.fact(
                    "BORDERS",
                    one,
                    two,
                    {
                        "since": piece(since, lo, first_day),
                        "until": None if open_end and hi is None else piece(until, hi, last_day),
                        "contiguity": kind,
                        "contiguity_label": CONTIGUITY[kind],
                        "ccodes": [low, high],
                    },
                    path.name,
                    row.line,
                    note=" ".join(values.get("notes", "").split()) or None,
                )
        if "years" in files:
            self._check_years(files["years"], spells, out, progress)
        for state in sorted(used):
            out.entity(state_definition(state, codes_of(state)))

    @staticmethod
    def _check_years(
        path: Path, spells: dict[tuple[int, int], list[tuple[int, int, int]]], out: Output, progress: Progress
    ) -> None:
        """Every directed dyad-year must be one a spell of the same type covers."""
        for row in csv_rows(path):
            out.rows += 1
            if out.rows % 10_000 == 0:
                progress(str(path), out.rows, 0)
            values = row.values
            if row.line == 2:
                require_columns(path, 1, values, YEAR_COLUMNS)
            try:
                one, two = integer(values["state1no"]), integer(values["state2no"])
                year, kind = integer(values["year"]), integer(values["conttype"])
            except ValueError as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if one is None or two is None or year is None:
                out.rejects.add(path.name, row.line, "no dyad-year: a code or the year is empty")
                continue
            key = (min(one, two), max(one, two))
            if not any(lo <= year <= hi and k == kind for lo, hi, k in spells.get(key, [])):
                out.rejects.add(
                    path.name,
                    row.line,
                    f"dyad-year not covered by a spell of its type: {one}-{two} in {year}, type {kind}",
                )
