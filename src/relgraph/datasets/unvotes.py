"""UN General Assembly roll-call votes (Voeten, via the ``unvotes`` package): how often two states vote
alike, year by year.

**Agreement** of two states in a year = the roll calls of that year on which both cast a vote and cast
the same one, divided by the roll calls of that year on which both cast a vote ("joint votes"). Yes, no
and abstain are each a vote, so two abstentions agree and yes against abstain does not; an absence (no
row: the data drop Voeten's codes 8, absent, and 9, not a member) is not a vote and the roll call does
not count for that pair. A pair with no joint vote in a year has no value for that year (never 0).

- ``un_votes.csv(.gz)`` (``rcid, country, country_code, vote``) and ``un_roll_calls.csv(.gz)``
  (``rcid, date, ...``: the year of each roll call) -> per pair of states one symmetric ``VOTES_WITH``
  fact, a yearly **series**: ``measure`` "un-agreement", ``unit`` "share of joint votes", ``period``
  "year", ``years``, ``values`` (0..1), ``counts`` (joint votes that year), ``line_ranges`` (per year,
  the first and last line of un_votes holding that year's votes, as "first-last"), ``since``/``until``
  the first and last year with a value. It cites ``un_votes.csv.gz:first-last`` over all its years, and
  its note says how it was computed.
- ``un_roll_call_issues.csv`` (optional; ``rcid, short_name, issue``) -> the same series once per issue,
  over that issue's roll calls only, with ``issue`` (the short name: me, nu, di, hr, co, ec) and
  ``issue_label`` (the file's label). A roll call with several issues counts in each.
- Computed per year with numpy: a states x roll calls matrix of votes; joint votes are the product of
  the "voted" matrix with its transpose, agreements the sum of the products of the yes, no and abstain
  matrices with theirs (BLAS on one thread: the matrices are small). No loop over pairs in Python: only
  the finished series become facts.

Pitfalls, and what this adapter does:

- **Codes are ISO alpha-2, mapped by date** through the reviewed table ``data/alpha2.csv``: ``RU`` is the
  Soviet Union to 1991-12-25 and Russia after; ``YU`` Yugoslavia, then Serbia and Montenegro, then
  Serbia; ``DD``, ``CS``, ``YD`` are the GDR, Czechoslovakia and South Yemen. Rows with an **empty code**
  (Federal Republic of Germany, Yemen Arab Republic, Zanzibar) are mapped by name. **Namibia is "NA"**, a
  code, not a missing value. A vote whose code has no state on its date is rejected with its line.
- **rcid is a float** in un_votes (``3.0``); **rcid order is not date order** and emergency special
  sessions (rcid > 9000) carry early dates: years come from each roll call's own date.
- Roll calls of 1964: there are none, so no value for 1964 (a gap, not 0).
- A vote for a roll call un_roll_calls does not list, a vote other than yes/no/abstain, or a second vote
  of one state on one roll call is rejected with its line.
- ``descr`` debris, TABs and blank ``importantvote``/``short`` in un_roll_calls are not read.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import (
    Adapter,
    DatasetInfo,
    FileSpec,
    Output,
    Progress,
    csv_rows,
    integer,
    memo,
    require_columns,
    table_records,
)
from .crosswalk import codes_of, load, state_definition

if TYPE_CHECKING:
    import numpy as np

VOTES = {"yes": 1, "no": 2, "abstain": 3}
MEASURE, UNIT = "un-agreement", "share of joint votes"
NOTE = (
    "computed by relgraph: per year, same votes / roll calls both voted on (yes, no, abstain are votes; "
    "absences are not)"
)


@dataclass
class Votes:
    """Every vote, compactly: roll call, state (index into ``states``), vote code and line."""

    rcid: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]
    state: array = field(default_factory=lambda: array("i"))  # type: ignore[type-arg]
    vote: array = field(default_factory=lambda: array("b"))  # type: ignore[type-arg]
    line: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]
    states: list[str] = field(default_factory=list)


class UnVotes(Adapter):
    info = DatasetInfo(
        name="unvotes",
        source_id="unvotes",
        title="United Nations General Assembly Voting Data (unvotes)",
        version="Voeten et al., unvotes package data to January 2020",
        citation='Voeten, Erik, Anton Strezhnev and Michael Bailey. 2009. "United Nations General Assembly Voting '
        'Data." Harvard Dataverse, hdl:1902.1/12379. Tidied by the unvotes R package (David Robinson).',
        terms="Data CC0 (Harvard Dataverse); the unvotes package is MIT licensed.",
        url="https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
        files=(
            FileSpec("votes", ("un_votes.csv",), about="one row per vote cast"),
            FileSpec("rollcalls", ("un_roll_calls.csv",), about="roll calls and their dates"),
            FileSpec("issues", ("un_roll_call_issues.csv",), required=False, about="issues of roll calls"),
        ),
        coverage=("1946", "2020-01"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        calls = self._roll_calls(files["rollcalls"], out)
        issues, labels = self._issues(files["issues"], calls, out) if "issues" in files else ({}, {})
        votes = self._votes(files["votes"], calls, out, progress)
        self._series(votes, calls, issues, labels, files["votes"].name, out)
        for state in sorted(set(votes.states)):
            out.entity(state_definition(state, codes_of(state)))

    @staticmethod
    def _roll_calls(path: Path, out: Output) -> dict[int, str]:
        """rcid -> date (YYYY-MM-DD)."""
        calls: dict[int, str] = {}
        for row in csv_rows(path):
            out.rows += 1
            if row.line == 2:
                require_columns(path, 1, row.values, ("rcid", "date"))
            try:
                rcid, date = integer(row.values["rcid"]), row.values["date"].strip()
            except ValueError as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if rcid is None or len(date) < 4 or not date[:4].isdigit():
                out.rejects.add(path.name, row.line, f"no roll call number or date: {row.values['rcid']!r}, {date!r}")
                continue
            calls[rcid] = date
        return calls

    @staticmethod
    def _issues(path: Path, calls: dict[int, str], out: Output) -> tuple[dict[str, set[int]], dict[str, str]]:
        """issue short name -> its roll calls; short name -> label."""
        issues: dict[str, set[int]] = {}
        labels: dict[str, str] = {}
        for row in csv_rows(path):
            out.rows += 1
            if row.line == 2:
                require_columns(path, 1, row.values, ("rcid", "short_name", "issue"))
            try:
                rcid = integer(row.values["rcid"])
            except ValueError as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            short, label = row.values["short_name"].strip(), " ".join(row.values["issue"].split())
            if rcid not in calls or not short:
                out.rejects.add(
                    path.name, row.line, f"no such roll call or no issue: {row.values['rcid']!r}, {short!r}"
                )
                continue
            issues.setdefault(short, set()).add(rcid)
            labels.setdefault(short, label or short)
        return issues, labels

    @staticmethod
    def _votes(path: Path, calls: dict[int, str], out: Output, progress: Progress) -> Votes:
        table = load()
        votes = Votes()
        index: dict[str, int] = {}
        rcid_of = memo(integer)
        state_of = memo(table.alpha2_id)  # a roll call's date recurs for every country
        at, records = table_records(path, ("rcid", "country", "country_code", "vote"), out)
        for line, record in records:
            if out.rows % 50_000 == 0:
                progress(str(path), out.rows, 0)
            text, country, code, cast = (record[i] for i in at)
            try:
                rcid = rcid_of(text)
            except ValueError as exc:
                out.rejects.add(path.name, line, f"unreadable: {exc}")
                continue
            date = calls.get(rcid) if rcid is not None else None
            if date is None:
                out.rejects.add(path.name, line, f"roll call not in un_roll_calls: {text!r}")
                continue
            vote = VOTES.get(cast.strip().lower())
            if vote is None:
                out.rejects.add(path.name, line, f"not a vote: {cast!r} (yes, no or abstain)")
                continue
            state = state_of(code, country, date)
            if state is None:
                out.rejects.add(path.name, line, f"no state for the code on that date: {code or country!r} on {date}")
                continue
            if state not in index:
                index[state] = len(votes.states)
                votes.states.append(state)
            votes.rcid.append(rcid)  # type: ignore[arg-type]
            votes.state.append(index[state])
            votes.vote.append(vote)
            votes.line.append(line)
        return votes

    @staticmethod
    def _series(
        votes: Votes, calls: dict[int, str], issues: dict[str, set[int]], labels: dict[str, str], file: str, out: Output
    ) -> None:
        """Every series: all roll calls first, then one issue at a time (so only one group's yearly
        numbers are held as arrays at once)."""
        from threadpoolctl import threadpool_limits

        if not votes.rcid:
            return
        with threadpool_limits(1, user_api="blas"):  # small matrices: BLAS threads cost more than they give
            UnVotes._all_series(votes, calls, issues, labels, file, out)

    @staticmethod
    def _all_series(
        votes: Votes, calls: dict[int, str], issues: dict[str, set[int]], labels: dict[str, str], file: str, out: Output
    ) -> None:
        import numpy as np

        rcid = np.frombuffer(votes.rcid, dtype=np.int64)
        line = np.frombuffer(votes.line, dtype=np.int64)
        known = np.array(sorted(calls), dtype=np.int64)
        year_of_call = np.array([int(calls[r][:4]) for r in known.tolist()], dtype=np.int32)
        year = year_of_call[np.searchsorted(known, rcid)]
        order = np.argsort(year, kind="stable")
        by_year = [
            _drop_repeats(chosen, votes, file, out)
            for chosen in np.split(order, np.flatnonzero(np.diff(year[order])) + 1)
        ]
        del order
        for issue in ["", *sorted(issues)]:  # "": every roll call
            subset = np.array(sorted(issues[issue]), dtype=np.int64) if issue else None
            extra = {"issue": issue, "issue_label": labels[issue]} if issue else {}
            parts: list[tuple[np.ndarray, ...]] = []
            ranges: dict[int, tuple[int, int]] = {}
            for chosen in by_year:
                if subset is not None:
                    chosen = chosen[np.isin(rcid[chosen], subset)]
                if not len(chosen):
                    continue
                y = int(year[chosen[0]])
                lines = line[chosen]
                ranges[y] = (int(lines.min()), int(lines.max()))
                a, b, joint, agree = _agreement(votes, chosen)
                parts.append((a, b, np.full(len(a), y, dtype=np.int16), joint, agree))
            _emit(parts, ranges, votes.states, extra, file, out)


def _agreement(votes: Votes, chosen: np.ndarray) -> tuple[np.ndarray, ...]:
    """For some votes (one year's, perhaps one issue's): the pairs of states (a < b, indices into
    ``votes.states``) with at least one joint vote, their joint votes and how many of them agree. A
    states x roll calls matrix of votes (0 none, 1 yes, 2 no, 3 abstain) and three matrix products."""
    import numpy as np

    calls, column = np.unique(np.frombuffer(votes.rcid, dtype=np.int64)[chosen], return_inverse=True)
    states, row = np.unique(np.frombuffer(votes.state, dtype=np.int32)[chosen], return_inverse=True)
    matrix = np.zeros((len(states), len(calls)), dtype=np.int8)
    matrix[row, column] = np.frombuffer(votes.vote, dtype=np.int8)[chosen]
    voted = (matrix > 0).astype(np.float64)
    joint = voted @ voted.T
    agree = sum((m := (matrix == v).astype(np.float64)) @ m.T for v in VOTES.values())
    a, b = np.triu_indices(len(states), k=1)
    keep = joint[a, b] > 0
    a, b = a[keep], b[keep]
    return states[a], states[b], joint[a, b].astype(np.int32), agree[a, b].astype(np.int32)


def _emit(
    parts: list[tuple[np.ndarray, ...]],
    ranges: dict[int, tuple[int, int]],
    states: list[str],
    extra: dict[str, str],
    file: str,
    out: Output,
) -> None:
    """One ``VOTES_WITH`` series per pair from yearly arrays (first state, second state, year, joint votes,
    agreeing votes): sorted by pair and year, cut where the pair changes."""
    import numpy as np

    if not parts:
        return
    first, second, years, joint, agree = (np.concatenate(column) for column in zip(*parts))
    parts.clear()
    order = np.lexsort((years, second, first))
    first, second, years, joint, agree = (v[order] for v in (first, second, years, joint, agree))
    del order
    shares = agree / joint
    change = np.flatnonzero((np.diff(first) != 0) | (np.diff(second) != 0)) + 1
    # Millions of yearly values hold few distinct years and fractions: each series lists shared objects.
    year_list, year_at = _shared(years)
    share_list, share_at = _shared(shares)
    lows = np.array([ranges[y][0] for y in year_list])  # first and last line of each distinct year's votes
    highs = np.array([ranges[y][1] for y in year_list])
    texts = {y: f"{lo}-{hi}" for y, (lo, hi) in ranges.items()}  # one string per year, shared by the series
    for start, end in zip([0, *change.tolist()], [*change.tolist(), len(first)]):
        ys = _pick(year_list, year_at[start:end])
        props: dict[str, Any] = {
            "measure": MEASURE,
            "unit": UNIT,
            "period": "year",
            "since": f"{ys[0]:04d}",
            "until": f"{ys[-1]:04d}",
            "years": ys,
            "values": _pick(share_list, share_at[start:end]),
            "counts": joint[start:end].tolist(),
            "line_ranges": [texts[y] for y in ys],
            **extra,
        }
        where = year_at[start:end]
        out.fact(
            "VOTES_WITH",
            states[int(first[start])],
            states[int(second[start])],
            props,
            file,
            f"{lows[where].min()}-{highs[where].max()}",
            note=NOTE,
        )


def _shared(values: np.ndarray) -> tuple[list[Any], np.ndarray]:
    """The distinct values as Python objects, and where each value is among them."""
    import numpy as np

    distinct, where = np.unique(values, return_inverse=True)
    return distinct.tolist(), where


def _pick(objects: list[Any], where: np.ndarray) -> list[Any]:
    """The objects at these places, shared rather than copied (itemgetter works in C)."""
    places = where.tolist()
    if len(places) == 1:
        return [objects[places[0]]]
    return list(itemgetter(*places)(objects))


def _drop_repeats(chosen: np.ndarray, votes: Votes, file: str, out: Output) -> np.ndarray:
    """A state votes once per roll call: a later vote of the same state on the same roll call is rejected."""
    import numpy as np

    rcid = np.frombuffer(votes.rcid, dtype=np.int64)[chosen]
    key = rcid * 100_000 + np.frombuffer(votes.state, dtype=np.int32)[chosen]
    _, first = np.unique(key, return_index=True)
    if len(first) == len(chosen):
        return chosen
    line = np.frombuffer(votes.line, dtype=np.int64)
    for i in np.setdiff1d(np.arange(len(chosen)), first).tolist():
        out.rejects.add(file, int(line[chosen[i]]), f"second vote of one state on one roll call: rcid {int(rcid[i])}")
    return chosen[np.sort(first)]
