"""COW Militarized Interstate Disputes v4.3: each dispute an event, each participant's part in it a fact.

- ``MIDA 4.3.csv`` (one row per dispute) -> one ``Event`` node ``mid-<dispnum3>`` (type "war" when its
  hostility level is 5, else "dispute"), named after its sides and years, with: ``mid_id`` (dispnum3),
  ``dispnum4`` (when given), ``date``/``start`` and ``end`` (partial dates: a day or month of -9 is
  unknown and left out), ``year`` (start year), ``outcome``, ``settlement``, ``fatality`` (battle-death
  band), ``fatal_deaths`` (precise count, when known), ``highest_action`` (hiact label), ``hostility``
  (hostlev 1-5) and ``hostility_label``, ``reciprocated``, ``ongoing_2010`` (still going when MID4
  coverage ends on 30 June 2010), ``links`` (related disputes and wars as coded, e.g. "147W").
- ``MIDB 4.3.csv`` (one row per participant spell) -> a ``PARTICIPATES_IN`` fact from the state to the
  event: ``role`` "side A" (the side that took the first militarized action) or "side B", ``since``/
  ``until`` the participant's own dates, ``revisionist`` (bool), ``revision_types`` (labels), and the
  participant's own ``hostility``, ``highest_action``, ``fatality``, ``fatal_deaths``, ``originator``
  (true: involved from the first day; false: joined), ``ccode`` and ``mid_id``.
- Labels are the MID codebook's (as transcribed in SPEC.md): outcome 1-9, settlement 1-4, fatality 0-6,
  hiact 0-21 (the MID4 scheme stops at 21), hostlev 1-5, revision type 1-4. -9 (missing) gives no
  property at all, never a label "missing"; a code outside the codebook rejects the row.

Pitfalls, and what this adapter does:

- **Join on ccode, never on stabb**: MIDB's letters are not COW's (``USR`` and ``RUS`` for 365, ``RUM``,
  ``ZAI``, ``VTM``). The state is the COW code's on the participant's dates (crosswalk), and a spell across
  a change of state (365 through December 1991) is split.
- **Several spells of one state in one dispute** (Greece in 4095) give several facts, told apart by dates.
- Participant values can differ from the dispute's (4007: India clashes at hostility 4, Pakistan goes to
  war at 5; the dispute is a war): each fact carries the participant's own values, the event the dispute's.
- Anomalies are kept as coded: hostility 0 with action 0 (MIDB:646), action 0 with hostility 4, a dispute
  with no side-A participant (3834), participant dates outside the dispute's, participation before COW
  system entry (Canada 1918). ``numa``/``numb`` are not used (they disagree with MIDB in 10 disputes).
- A participant row whose dispute is not in MIDA, or whose code has no state, is rejected with its line.
- File names contain spaces; CRLF line ends; ``4.3000002`` versions and integers as floats are read.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from ..loading.plan import EntityDef
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

OUTCOME = {
    1: "victory for side A",
    2: "victory for side B",
    3: "yield by side A",
    4: "yield by side B",
    5: "stalemate",
    6: "compromise",
    7: "released",
    8: "unclear",
    9: "joins ongoing war",
}
SETTLEMENT = {1: "negotiated", 2: "imposed", 3: "none", 4: "unclear"}
FATALITY = {
    0: "none",
    1: "1-25 deaths",
    2: "26-100 deaths",
    3: "101-250 deaths",
    4: "251-500 deaths",
    5: "501-999 deaths",
    6: "more than 999 deaths",
}
ACTION = {
    0: "no militarized action",
    1: "threat to use force",
    2: "threat to blockade",
    3: "threat to occupy territory",
    4: "threat to declare war",
    5: "threat to use CBR weapons",
    6: "threat to join war",
    7: "show of force",
    8: "alert",
    9: "nuclear alert",
    10: "mobilization",
    11: "fortify border",
    12: "border violation",
    13: "blockade",
    14: "occupation of territory",
    15: "seizure",
    16: "attack",
    17: "clash",
    18: "declaration of war",
    19: "use of CBR weapons",
    20: "begin interstate war",
    21: "join interstate war",
}
HOSTILITY = {1: "no militarized action", 2: "threat to use force", 3: "display of force", 4: "use of force", 5: "war"}
REVISION = {1: "territory", 2: "policy", 3: "regime/government", 4: "other"}
MISSING = -9
DISPUTE_COLUMNS = (
    "dispnum3",
    "stday",
    "stmon",
    "styear",
    "endday",
    "endmon",
    "endyear",
    "outcome",
    "settle",
    "fatality",
    "fatalpre",
    "hiact",
    "hostlev",
    "recip",
    "ongo2010",
)
PARTICIPANT_COLUMNS = (
    "dispnum3",
    "ccode",
    "stday",
    "stmon",
    "styear",
    "endday",
    "endmon",
    "endyear",
    "sidea",
    "revstate",
    "revtype1",
    "revtype2",
    "fatality",
    "fatalpre",
    "hiact",
    "hostlev",
    "orig",
)


def event_id(dispnum: int) -> str:
    return f"mid-{dispnum}"


def code(
    values: dict[str, str], column: str, labels: dict[int, str] | None = None, allowed: tuple[int, ...] = ()
) -> int | None:
    """A coded column: None when missing (-9 or empty); ValueError for a code the codebook does not have."""
    value = integer(values.get(column))
    if value is None or value == MISSING:
        return None
    if labels is not None and value not in labels and value not in allowed:
        raise ValueError(f"{column} {value} is not in the codebook")
    return value


def label(labels: dict[int, str], value: int | None) -> str | None:
    return None if value is None else labels.get(value)


def dates(values: dict[str, str]) -> tuple[str | None, str | None]:
    return (
        day(integer(values["styear"]), integer(values["stmon"]), integer(values["stday"])),
        day(integer(values["endyear"]), integer(values["endmon"]), integer(values["endday"])),
    )


def deaths(values: dict[str, str]) -> int | None:
    count = integer(values.get("fatalpre"))
    return None if count is None or count < 0 else count


class CowMid(Adapter):
    info = DatasetInfo(
        name="cow-mid",
        source_id="cow-mid-4.3",
        title="Correlates of War Militarized Interstate Disputes",
        version="4.3",
        citation="Palmer, Glenn, Vito D'Orazio, Michael Kenwick, and Matthew Lane. 2015. \"The MID4 Dataset, "
        '2002-2010: Procedures, Coding Rules and Description." Conflict Management and Peace Science '
        "32(2): 222-242. For version 4.3 the MID project also asks for: Palmer, Glenn, Vito D'Orazio, "
        'Michael R. Kenwick, and Roseanne W. McManus. "Updating the Militarized Interstate Dispute '
        'Data: A Response to Gibler, Miller, and Little." International Studies Quarterly. MID v4.3.',
        terms="Free with citation (Correlates of War Project / MID project).",
        url="https://correlatesofwar.org/data-sets/MIDs/",
        files=(
            FileSpec("disputes", ("MIDA 4.3.csv",), about="one row per dispute"),
            FileSpec("participants", ("MIDB 4.3.csv",), about="one row per participant spell"),
        ),
        coverage=("1816", "2010"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        disputes = self._disputes(files["disputes"], out)
        sides: dict[int, dict[bool, list[str]]] = defaultdict(lambda: {True: [], False: []})
        used: set[str] = set()
        table = load()
        path = files["participants"]
        for row in csv_rows(path):
            out.rows += 1
            if out.rows % 1000 == 0:
                progress(str(path), out.rows, 0)
            values = row.values
            if row.line == 2:
                require_columns(path, 1, values, PARTICIPANT_COLUMNS)
            try:
                dispnum, ccode = integer(values["dispnum3"]), integer(values["ccode"])
                since, until = dates(values)
                side_a = integer(values["sidea"]) == 1
                hostility = code(values, "hostlev", HOSTILITY, allowed=(0,))
                props: dict[str, Any] = {
                    "role": "side A" if side_a else "side B",
                    "revisionist": integer(values["revstate"]) == 1,
                    "revision_types": [
                        REVISION[t]
                        for t in dict.fromkeys(
                            code(values, c, REVISION, allowed=(0,)) for c in ("revtype1", "revtype2")
                        )
                        if t
                    ],
                    "hostility": hostility,
                    "highest_action": label(ACTION, code(values, "hiact", ACTION)),
                    "fatality": label(FATALITY, code(values, "fatality", FATALITY)),
                    "fatal_deaths": deaths(values),
                    "originator": integer(values["orig"]) == 1,
                    "ccode": ccode,
                    "mid_id": dispnum,
                }
            except ValueError as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if dispnum not in disputes:
                out.rejects.add(path.name, row.line, f"dispute not in MIDA: {values['dispnum3']!r}")
                continue
            pieces = (
                []
                if ccode is None or since is None
                else table.cow_periods(ccode, first_day(since), None if until is None else last_day(until))
            )
            if not pieces:
                out.rejects.add(
                    path.name,
                    row.line,
                    f"no state for the COW code on the participant's dates: {values['ccode']!r} from {since}",
                )
                continue
            for lo, hi, state in pieces:
                used.add(state)
                if state not in sides[dispnum][side_a]:
                    sides[dispnum][side_a].append(state)
                out.fact(
                    "PARTICIPATES_IN",
                    state,
                    event_id(dispnum),
                    {**props, "since": piece(since, lo, first_day), "until": piece(until, hi, last_day)},
                    path.name,
                    row.line,
                )
        for dispnum, dispute in disputes.items():
            out.entity(self._event(dispnum, dispute, sides.get(dispnum, {True: [], False: []})))
        for state in sorted(used):
            out.entity(state_definition(state, codes_of(state)))

    @staticmethod
    def _disputes(path: Path, out: Output) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for row in csv_rows(path):
            out.rows += 1
            values = row.values
            if row.line == 2:
                require_columns(path, 1, values, DISPUTE_COLUMNS)
            try:
                dispnum = integer(values["dispnum3"])
                start, end = dates(values)
                hostility = code(values, "hostlev", HOSTILITY)
                number4 = integer(values.get("dispnum4"))
                props: dict[str, Any] = {
                    "type": "war" if hostility == 5 else "dispute",
                    "mid_id": dispnum,
                    "dispnum4": number4 if number4 and number4 > 0 else None,
                    "date": start,
                    "start": start,
                    "end": end,
                    "year": integer(values["styear"]),
                    "outcome": label(OUTCOME, code(values, "outcome", OUTCOME)),
                    "settlement": label(SETTLEMENT, code(values, "settle", SETTLEMENT)),
                    "fatality": label(FATALITY, code(values, "fatality", FATALITY)),
                    "fatal_deaths": deaths(values),
                    "highest_action": label(ACTION, code(values, "hiact", ACTION)),
                    "hostility": hostility,
                    "hostility_label": label(HOSTILITY, hostility),
                    "reciprocated": integer(values["recip"]) == 1,
                    "ongoing_2010": integer(values["ongo2010"]) == 1,
                    "links": [
                        v.strip()
                        for k in ("link1", "link2", "link3")
                        if (v := values.get(k, "")).strip() not in ("", "0", "0.0", "-9")
                    ],
                }
            except ValueError as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if dispnum is None or start is None:
                out.rejects.add(path.name, row.line, "no dispute number or start year")
                continue
            if dispnum in found:
                out.rejects.add(
                    path.name, row.line, f"duplicate dispute: {dispnum} is on line {found[dispnum]['line']}"
                )
                continue
            found[dispnum] = {"props": props, "line": row.line}
        return found

    @staticmethod
    def _event(dispnum: int, dispute: dict[str, Any], sides: dict[bool, list[str]]) -> EntityDef:
        props = {k: v for k, v in dispute["props"].items() if v is not None and v != []}
        names = load().states
        years = "–".join(dict.fromkeys(d[:4] for d in (props["start"], props.get("end") or props["start"])))

        def listed(ids: list[str]) -> str:
            shown = [names[i].name if i in names else i for i in ids[:3]]
            more = f" and {len(ids) - 3} others" if len(ids) > 3 else ""
            return ", ".join(shown) + more if shown else "(no state)"

        kind = "Interstate war" if props["type"] == "war" else "Militarized dispute"
        name = f"{kind} {listed(sides[True])} v. {listed(sides[False])}, {years} (MID {dispnum})"
        props.update({"name": name, "source_line": f"MIDA 4.3.csv:{dispute['line']}"})
        return EntityDef(event_id(dispnum), "event", props, [f"MID {dispnum}"])
