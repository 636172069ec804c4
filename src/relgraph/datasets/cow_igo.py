"""COW Intergovernmental Organizations v3.0: memberships as spells.

- ``state_year_format3.csv(.gz)``: one row per state and year, one column per IGO (1 full member,
  2 associate, 3 observer, 0 not a member, -1 the IGO does not exist yet, -9 missing). Consecutive years
  with the same status become one ``MEMBER_OF`` fact (role full, associate or observer; ``since`` and
  ``until`` years; a spell still running in 2014, the data's last year, is left open). 0, -1 and -9 are
  not memberships; a missing year ends a spell (it is never bridged). A year belongs to the state that
  held the COW code on 1 July (the crosswalk's rule), so the Soviet Union's memberships end in 1991
  and Russia's begin in 1992. Each fact cites the first and last line of its run.
- ``igo_year_format3.csv(.gz)`` (optional): the organisations' full names (its ``longorgname``), with
  the Mac Roman mis-decoding of a few names repaired.
- Organisations are ``Organisation`` nodes (type igo) whose ids come from ``data/igos.csv``: the SCO
  and the OIC meet the curated seed's ``sco`` and ``oic``.
"""

from __future__ import annotations

from pathlib import Path

from ..loading.plan import EntityDef
from .base import Adapter, DatasetInfo, FileSpec, Output, Progress, csv_rows, integer
from .crosswalk import codes_of, load, state_definition

ROLES = {1: "full", 2: "associate", 3: "observer"}
ROLE_OF = {text: role for code, role in ROLES.items() for text in (str(code), f"{code}.0")}
NOT_MEMBER = {"0", "0.0", "-1", "-1.0", "-9", "-9.0", ""}
LAST_YEAR = 2014


def repair(text: str) -> str:
    """Undo Mac Roman text read as Latin-1 (``Comit\\x8e`` -> ``Comité``), leaving good text alone."""
    if not any(0x80 <= ord(ch) <= 0xFF for ch in text):
        return text.strip()
    try:
        fixed = text.encode("latin-1").decode("mac_roman")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text.strip()
    return fixed.replace("\u00a0", " ").strip()


class CowIgo(Adapter):
    info = DatasetInfo(
        name="cow-igo",
        source_id="cow-igo-3.0",
        title="Correlates of War Intergovernmental Organizations",
        version="3.0",
        citation="Pevehouse, Jon C.W., Timothy Nordstrom, Roseanne W. McManus, and Anne Spencer Jamison. 2020. "
        '"Tracking Organizations in the World: The Correlates of War IGO Version 3.0 datasets." '
        "Journal of Peace Research 57(3): 492-503.",
        terms="Free with citation (Correlates of War Project).",
        url="https://correlatesofwar.org/data-sets/igos/",
        files=(
            FileSpec("states", ("state_year_format3.csv",), about="state-years, one column per IGO"),
            FileSpec("igos", ("igo_year_format3.csv",), required=False, about="IGO-years: full names"),
        ),
        coverage=("1816", str(LAST_YEAR)),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        table = load()
        full_names = self._names(files["igos"], out) if "igos" in files else {}
        path = files["states"]
        # Per (ccode, IGO): the run being collected: (state id, role, first year, last year, first line, last line).
        runs: dict[tuple[int, str], list] = {}  # type: ignore[type-arg]
        used_igos: set[str] = set()
        used_states: set[str] = set()
        columns: list[str] | None = None

        def close(key: tuple[int, str], run: list) -> None:  # type: ignore[type-arg]
            state, role, first, last, line_from, line_to = run
            igo_id = table.igos[key[1]][0]
            used_igos.add(key[1])
            used_states.add(state)
            out.fact(
                "MEMBER_OF",
                state,
                igo_id,
                {"role": role, "since": f"{first:04d}", "until": None if last >= LAST_YEAR else f"{last:04d}"},
                path.name,
                f"{line_from}-{line_to}" if line_to != line_from else line_from,
            )

        current: int | None = None  # the COW code whose runs are open (rows come by code, then year)
        for row in csv_rows(path):
            out.rows += 1
            if out.rows % 500 == 0:
                progress(str(path), out.rows, 0)
            if columns is None:
                columns = [c for c in row.values if c not in ("ccode", "year", "state")]
                for c in [c for c in columns if c.lower() not in table.igos]:
                    out.rejects.add(path.name, 1, f"IGO column {c!r} is not in the crosswalk")
                columns = [c for c in columns if c.lower() in table.igos]
            try:
                ccode, year = integer(row.values["ccode"]), integer(row.values["year"])
            except (KeyError, ValueError) as exc:
                out.rejects.add(path.name, row.line, f"unreadable: {exc}")
                continue
            state = table.cow_id(ccode, f"{year:04d}") if ccode is not None and year is not None else None
            if state is None or year is None or ccode is None:
                out.rejects.add(
                    path.name,
                    row.line,
                    f"no state for the COW code in that year: {row.values.get('ccode')} in {row.values.get('year')}",
                )
                continue
            if ccode != current:
                for open_key, open_run in sorted(runs.items()):
                    close(open_key, open_run)
                runs.clear()
                current = ccode
            values = row.values
            for column in columns:
                raw = values[column]
                role = ROLE_OF.get(raw)
                key = (ccode, column.lower())
                run: list | None = runs.get(key)  # type: ignore[type-arg,no-redef]
                if role is None:
                    if raw not in NOT_MEMBER:
                        try:
                            status = integer(raw)
                            role = ROLES.get(status) if status is not None else None
                        except ValueError:
                            out.rejects.add(path.name, row.line, f"unreadable status: {raw!r} in column {column}")
                    if role is None:
                        if run is not None:
                            close(key, run)
                            del runs[key]
                        continue
                if run is not None and (role != run[1] or state != run[0] or year != run[3] + 1):
                    close(key, run)
                    run = None
                if run is None:
                    runs[key] = [state, role, year, year, row.line, row.line]
                else:
                    run[3], run[5] = year, row.line
        for key, run in sorted(runs.items()):
            close(key, run)
        for ioname in sorted(used_igos):
            igo_id, name, _ = table.igos[ioname]
            shown = full_names.get(ioname, name)
            aliases = [a for a in dict.fromkeys((ioname.upper(), name)) if a != shown]
            out.entity(
                EntityDef(igo_id, "organisation", {"name": shown, "type": "igo", "cow_ioname": ioname.upper()}, aliases)
            )
        for state in sorted(used_states):
            out.entity(state_definition(state, codes_of(state)))

    @staticmethod
    def _names(path: Path, out: Output) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in csv_rows(path):
            out.rows += 1
            ioname = row.values.get("ioname", "").strip().lower()
            long = repair(row.values.get("longorgname", "") or row.values.get("orgname", ""))
            if ioname and long and ioname not in found:
                found[ioname] = " ".join(long.split())
        return found
