"""COW Dyadic Trade v4.0: what each state imports from each other, year by year, as series.

Reads ``cow_trade_ndy_4.0.csv(.gz)`` (the non-directed dyad-years as peacesciencer ships them) or the
official ``Dyadic_COW_4.0.csv``: one row per pair of COW codes and year, ``ccode1 < ccode2``.

Column -> graph:

- ``flow1`` (imports of ccode1 from ccode2) and ``flow2`` (imports of ccode2 from ccode1), current US$
  millions -> per directed pair one ``IMPORTS_FROM`` fact, subject the importer, object the exporter:
  a yearly **series** with ``measure`` "imports", ``unit`` "USD million (current)", ``period`` "year",
  ``years`` (ints), ``values`` (floats), ``lines`` (the line of each year's row), ``since``/``until`` the
  first and last year with a value, and ``ccodes`` [importer, exporter]. It cites ``file:first-last``,
  the lines of the pair's rows (they are consecutive: the file is sorted by ccode1, ccode2, year).
- ``smoothflow1``/``smoothflow2`` -> the same series with ``measure`` "imports-smoothed": COW's smoothed
  flows are a series of their own, never mixed with the raw ones.
- Other columns of the official file (``importer1``/``importer2`` names, spike and dip flags,
  alternative flows, sources) are not read.

Pitfalls, and what this adapter does:

- **Missing is not zero.** An empty cell, ``NA`` or ``-9`` (the official file's code) is missing: that
  year is left out of the series (never written as 0). A year with a value of 0 is kept: in
  peacesciencer's copy values are rounded to whole millions, so 0 there means less than 0.5 million.
- **One code, several states.** A year belongs to the state that held the COW code on 1 July (the
  crosswalk's rule): 365's trade of 1991 is the Soviet Union's and of 1992 Russia's; 345 and 816 change
  state the same way. The series of a pair of codes is split into one fact per pair of states. Codes
  that stand for the same node (255 and 260 are both Germany) give separate facts per pair of codes
  (their years never overlap in the data), told apart by ``ccodes``.
- **Integers written as floats** (``750.0``) are read as integers; a year that is not whole is refused.
- **Memory stays small.** Rows are streamed and only the current pair of codes' series is held; a file
  whose rows of one pair are not together is refused (sort it by ccode1, ccode2, year), and a dyad-year
  given twice is rejected.
- A row whose code has no state that year, or whose numbers do not read, is rejected with its line.
"""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

from ..core.errors import DataError
from .base import Adapter, DatasetInfo, FileSpec, Output, Progress, integer, memo, number, table_records
from .crosswalk import codes_of, load, state_definition

UNIT = "USD million (current)"
MISSING = frozenset({"", "NA", ".", "-9", "-9.0"})
MEASURES = (("imports", "flow"), ("imports-smoothed", "smoothflow"))  # measure, column prefix
COLUMNS = ("ccode1", "ccode2", "year", "flow1", "flow2", "smoothflow1", "smoothflow2")  # flows in MEASURES order

# One year of one series: year, value, line, importer id, exporter id.
Point = tuple[int, float, int, str, str]


def amount(text: str) -> float | None:
    """A trade value in millions, or None when missing (empty, NA or -9); refuses other negatives."""
    if text in MISSING:
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        return None if text.strip() in MISSING else number(text)  # number() raises, naming the text
    if value < 0:
        if value == -9:
            return None
        raise ValueError(f"negative value {text.strip()!r} (only -9, missing, is allowed)")
    return value


class CowTrade(Adapter):
    info = DatasetInfo(
        name="cow-trade",
        source_id="cow-trade-4.0",
        title="Correlates of War Dyadic Trade",
        version="4.0",
        citation='Barbieri, Katherine, Omar M.G. Keshk, and Brian Pollins. 2009. "Trading Data: Evaluating our '
        'Assumptions and Coding Rules." Conflict Management and Peace Science 26(5): 471-491. Barbieri, '
        "Katherine and Omar M.G. Keshk. 2016. Correlates of War Project Trade Data Set Codebook, "
        "Version 4.0. Online: http://correlatesofwar.org.",
        terms="Free with citation (Correlates of War Project).",
        url="https://correlatesofwar.org/data-sets/bilateral-trade/",
        files=(
            FileSpec(
                "dyads",
                ("cow_trade_ndy_4.0.csv", "Dyadic_COW_4.0.csv"),
                about="dyad-years: flow1, flow2, smoothflow1, smoothflow2",
            ),
        ),
        coverage=("1870", "2014"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        table = load()
        path = files["dyads"]
        used: set[str] = set()
        finished: set[tuple[int, int]] = set()
        dyad: tuple[int, int] | None = None
        series: dict[tuple[str, int], list[Point]] = defaultdict(list)  # (measure, side) -> points
        years: set[int] = set()
        state_of = memo(lambda ccode, year: table.cow_id(ccode, f"{year:04d}"))  # 1 July rule
        whole = memo(integer)  # codes and years repeat: parse each text once
        at, records = table_records(path, COLUMNS, out)
        c1_at, c2_at, year_at, *flow_places = at
        flow_at = list(zip([(measure, side) for measure, _ in MEASURES for side in (1, 2)], flow_places))
        for line, record in records:
            if out.rows % 20_000 == 0:
                progress(str(path), out.rows, 0)
            try:
                c1, c2, year = whole(record[c1_at]), whole(record[c2_at]), whole(record[year_at])
                flows = [(key, amount(record[i])) for key, i in flow_at]
            except ValueError as exc:
                out.rejects.add(path.name, line, f"unreadable: {exc}")
                continue
            if c1 is None or c2 is None or year is None:
                out.rejects.add(path.name, line, "no dyad-year: ccode1, ccode2 or year is empty")
                continue
            if (c1, c2) != dyad:
                if dyad is not None:
                    self._close(dyad, series, path, out, used)
                if (c1, c2) in finished:
                    raise DataError(
                        f"{path.name}:{line}: rows of dyad {c1}-{c2} come again after other dyads.",
                        "The adapter reads one dyad at a time: sort the file by ccode1, ccode2, year.",
                    )
                finished.add((c1, c2))
                dyad = (c1, c2)
                series.clear()
                years.clear()
            if year in years:
                out.rejects.add(path.name, line, f"duplicate dyad-year: {c1}-{c2} in {year} was given before")
                continue
            years.add(year)
            one, two = state_of(c1, year), state_of(c2, year)
            if one is None or two is None:
                out.rejects.add(
                    path.name, line, f"no state for the COW code in that year: {c1 if one is None else c2} in {year}"
                )
                continue
            for (measure, side), value in flows:
                if value is not None:
                    importer, exporter = (one, two) if side == 1 else (two, one)
                    series[(measure, side)].append((year, value, line, importer, exporter))
        if dyad is not None:
            self._close(dyad, series, path, out, used)
        for state in sorted(used):
            out.entity(state_definition(state, codes_of(state)))

    @staticmethod
    def _close(
        dyad: tuple[int, int], series: dict[tuple[str, int], list[Point]], path: Path, out: Output, used: set[str]
    ) -> None:
        """Write the finished dyad's series: one fact per measure, direction and pair of states."""
        prefixes = dict(MEASURES)
        for (measure, side), points in sorted(series.items()):
            importer_code, exporter_code = dyad if side == 1 else dyad[::-1]
            by_states: dict[tuple[str, str], list[Point]] = defaultdict(list)
            for point in sorted(points):
                by_states[(point[3], point[4])].append(point)
            for (importer, exporter), run in by_states.items():
                used.update((importer, exporter))
                lines = [p[2] for p in run]
                first, last = min(lines), max(lines)
                out.fact(
                    "IMPORTS_FROM",
                    importer,
                    exporter,
                    {
                        "measure": measure,
                        "unit": UNIT,
                        "period": "year",
                        "since": f"{run[0][0]:04d}",
                        "until": f"{run[-1][0]:04d}",
                        "years": [p[0] for p in run],
                        "values": [p[1] for p in run],
                        "lines": lines,
                        "ccodes": [importer_code, exporter_code],
                    },
                    path.name,
                    f"{first}-{last}" if last != first else first,
                    note=f"{prefixes[measure]}{side}: imports of COW {importer_code} from {exporter_code}; "
                    "years with no value (empty or -9) are left out, never zero",
                )
