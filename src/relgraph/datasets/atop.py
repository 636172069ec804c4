"""ATOP v4.01: alliances as treaties, their members as dated party facts with their obligations.

- ``atop4.01_alliance_level.csv``: one row per alliance -> one ``Treaty`` node ``atop-<atopid>`` (type
  alliance): its dates (``signed`` = begin, ``ends``; an ``endyr`` of 0 means still in force), whether it
  is bilateral, and its phases as periods. Names come from the reviewed table ``data/atop_names.csv``
  for well-known alliances; otherwise a descriptive name from its year and members.
- ``atop4.01_member_level.csv``: one row per member per phase -> a ``PARTY_TO`` fact from the member
  (COW code -> state by date, split where the code changes state) to the treaty, ``since``/``until``
  the member's entry and exit in that phase (``yrexit`` 0: still in force), carrying the obligations
  (defense, offense, neutrality, non-aggression, consultation) and the phase. A member that left and
  rejoined within one phase gives two facts.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..loading.plan import EntityDef
from .base import Adapter, DatasetInfo, FileSpec, Output, Progress, csv_rows, day, first_day, integer, last_day, piece
from .crosswalk import codes_of, load, state_definition

OBLIGATIONS = {
    "defense": "defense",
    "offense": "offense",
    "neutral": "neutrality",
    "nonagg": "nonaggression",
    "consul": "consultation",
}


@cache
def names() -> dict[int, str]:
    text = (resources.files("relgraph.data") / "atop_names.csv").read_text(encoding="utf-8")
    return {int(r["atopid"]): r["name"] for r in csv.DictReader(text.splitlines())}


def treaty_id(atopid: int) -> str:
    return f"atop-{atopid}"


class Atop(Adapter):
    info = DatasetInfo(
        name="atop",
        source_id="atop-4.01",
        title="Alliance Treaty Obligations and Provisions (ATOP)",
        version="4.01",
        citation="Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. 2002. "
        '"Alliance Treaty Obligations and Provisions, 1815-1944." International Interactions 28: 237-260.',
        terms="Free for academic use with citation (ATOP project).",
        url="http://www.atopdata.org/",
        files=(
            FileSpec("members", ("atop4.01_member_level.csv",), about="one row per member per phase"),
            FileSpec("alliances", ("atop4.01_alliance_level.csv",), about="one row per alliance"),
        ),
        coverage=("1815", "2016"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        table = load()
        alliances: dict[int, dict[str, Any]] = {}
        path = files["alliances"]
        for row in csv_rows(path):
            out.rows += 1
            try:
                atopid = integer(row.values["atopid"])
                begin = day(integer(row.values["begyr"]), integer(row.values["begmo"]), integer(row.values["begday"]))
                end = day(integer(row.values["endyr"]), integer(row.values["endmo"]), integer(row.values["endday"]))
                bilateral = integer(row.values["bilat"]) == 1
                members = [
                    integer(row.values[f"mem{i}"]) for i in range(1, 60) if row.values.get(f"mem{i}", "").strip()
                ]
            except (KeyError, ValueError) as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if atopid is None:
                out.rejects.add(path.name, row.line, "no atopid: empty")
                continue
            alliances[atopid] = {
                "begin": begin,
                "end": end,
                "bilateral": bilateral,
                "members": members,
                "line": row.line,
                "phases": {},
            }
        used_states: set[str] = set()
        path = files["members"]
        for row in csv_rows(path):
            out.rows += 1
            progress(str(path), out.rows, 0)
            try:
                atopid = integer(row.values["atopid"])
                member = integer(row.values["member"])
                phase = integer(row.values["phase"]) or 0
                since = day(integer(row.values["yrent"]), integer(row.values["moent"]), integer(row.values["dayent"]))
                until = day(
                    integer(row.values["yrexit"]), integer(row.values["moexit"]), integer(row.values["dayexit"])
                )
                duties = {name: integer(row.values[column]) == 1 for column, name in OBLIGATIONS.items()}
            except (KeyError, ValueError) as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            if atopid not in alliances:
                out.rejects.add(path.name, row.line, f"alliance not in the alliance-level file: {atopid}")
                continue
            if member is None or member not in table.cow or since is None:
                out.rejects.add(
                    path.name, row.line, f"no state for the member's COW code: {row.values.get('member')!r}"
                )
                continue
            alliance = alliances[atopid]
            spans = alliance["phases"].setdefault(phase, [since, until])
            spans[0] = min(spans[0], since)
            spans[1] = None if until is None or spans[1] is None else max(spans[1], until)
            pieces = table.cow_periods(member, first_day(since), None if until is None else last_day(until))
            if not pieces:
                out.rejects.add(
                    path.name, row.line, f"no state for the member's COW code at its entry: {member} on {since}"
                )
                continue
            for lo, hi, state in pieces:
                used_states.add(state)
                out.fact(
                    "PARTY_TO",
                    state,
                    treaty_id(atopid),
                    {
                        "since": piece(since, lo, first_day),
                        "until": piece(until, hi, last_day),
                        "role": "member",
                        "phase": phase,
                        "ccode": member,
                        **duties,
                        "obligations": [name for name, on in duties.items() if on],
                    },
                    path.name,
                    row.line,
                )
        for atopid, alliance in alliances.items():
            out.entity(self._treaty(atopid, alliance))
        for state in sorted(used_states):
            out.entity(state_definition(state, codes_of(state)))

    @staticmethod
    def _treaty(atopid: int, alliance: dict[str, Any]) -> EntityDef:
        table = load()
        begin, end = alliance["begin"], alliance["end"]
        year = begin[:4] if begin else "?"
        members = [table.cow_id(m, begin or "1900") for m in alliance["members"]]
        member_names = [table.states[m].name for m in members if m in table.states]
        if atopid in names():
            name = names()[atopid]
        elif alliance["bilateral"] and len(member_names) == 2:
            name = f"{member_names[0]}–{member_names[1]} alliance ({year}, ATOP {atopid})"
        else:
            name = f"Alliance of {len(alliance['members'])} states ({year}, ATOP {atopid})"
        phases = [f"{p}: {lo or '?'} to {hi or 'in force'}" for p, (lo, hi) in sorted(alliance["phases"].items())]
        props = {
            "name": name,
            "type": "alliance",
            "signed": begin,
            "year": int(begin[:4]) if begin else None,
            "ends": end,
            "bilateral": alliance["bilateral"],
            "atop_id": atopid,
            "phases": phases,
            "in_force": end is None,
        }
        return EntityDef(
            treaty_id(atopid), "treaty", {k: v for k, v in props.items() if v is not None}, [f"ATOP {atopid}"]
        )
