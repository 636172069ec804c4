"""SIPRI Arms Transfers Database: the trade register, as exported from SIPRI's site (not shipped with
relgraph: SIPRI's terms govern its data; users export their own copy).

The export (``trade-register.csv``) is Latin-1 text: about eleven preamble lines (the query, notes, the
source line and ``Data generated: <date>``), then the header ``Recipient,Supplier,Year of order, ,Number
ordered, ,Weapon designation,Weapon description,Number delivered, ,Year(s) of delivery,status,Comments,
SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons``, then one record per deal.

Column -> graph: each deal becomes one ``SUPPLIES_ARMS_TO`` fact from the supplier to the recipient, with
``weapon`` (designation), ``description``, ``status`` (New, Second hand, Second hand but modernized),
``order_year``, ``number_ordered`` (absent when SIPRI has none yet), ``number_delivered``,
``delivery_years`` (list), ``tiv_per_unit``, ``tiv_total_order``, ``tiv_delivered`` (SIPRI trend-indicator
values, ``tiv_unit`` "SIPRI TIV (millions)"; an empty cell gives no property, 0 stays 0), ``uncertain``
(which of "order year", "number ordered", "number delivered" SIPRI marks with ``?``), ``comments``, and
``since`` = the order year, ``until`` = the last delivery year (none while nothing is delivered). Each
fact cites its line (``file:first-last`` for a record repaired across lines). The Source's version and
citation carry the export's "Data generated" date; its coverage the order years found.

Names -> nodes, in this order:

1. ``data/sipri_names.csv``, a reviewed table of SIPRI's own names, by date where a name stands for
   different nodes (``Serbia``: Yugoslavia to 2003-02-03, Serbia and Montenegro, then Serbia; ``Viet Nam``:
   North Vietnam before 1976-07-02), using the order year (1 July); SIPRI spellings (``UAE``,
   ``Turkiye``, ``East Germany (GDR)``, ``Yemen Arab Republic (North Yemen)``); non-state names SIPRI does
   not star (``Palestine``, ``Biafra``, ``Katanga``, ``Libya GNC``, ...) as organisations of type
   "other"; international organisations on the COW IGO crosswalk's ids (``NATO**`` -> ``nato``).
2. States' names and aliases in ``data/states.csv``: ``Soviet Union`` is the Soviet Union's node (SUN),
   ``Czechoslovakia`` CSK, ``North Yemen`` XYA, ``South Yemen`` YMD, ``South Vietnam`` XSV, ``Yugoslavia``
   YUG, ``Germany`` DEU (West Germany and united Germany are one node). A name is taken as SIPRI gives
   it: ``Russia`` is Russia even for a Soviet-era order SIPRI credits to Russia.
3. **Non-state actors.** SIPRI marks armed non-state actors with ``*`` (``Hezbollah (Lebanon)*``) and
   international organisations with ``**`` (``United Nations**``). They become ``Organisation`` nodes,
   type "armed_group" or "igo", with slug ids from the name (``hezbollah-lebanon``). The vocabulary lets
   ``SUPPLIES_ARMS_TO`` run between organisations as well as states (arms to Hezbollah or to UN
   peacekeepers are what the register records); a dyad node is made only between two states.
4. ``unknown supplier(s)``, ``unknown recipient(s)`` and ``unknown rebel group*`` name nobody: such deals are
   rejected ("unidentified party"), as are names in none of the above ("unknown name": add them to
   ``sipri_names.csv`` after review). Rejected deals are listed with their lines.

Pitfalls, and what this adapter does:

- **Latin-1** (``W\\xe4rtsil\\xe4``): the whole file is checked as UTF-8 first (a copy re-saved as UTF-8 reads
  right), then read as Latin-1.
- **The preamble varies**: the header is found by its first columns, not by a line number. SIPRI's newer
  "transfers" export (header ``SIPRI AT Database ID,...``) is refused with a message.
- **Blank-named columns** after Year of order, Number ordered and Number delivered hold ``?`` (uncertain)
  or nothing; anything else means a misaligned record, which is rejected.
- **Records split across lines** by a raw line break at the end of Comments (the next line starts with
  ``,`` and the TIV values) are repaired by joining lines while a record has fewer than 16 fields; a
  quoted field with a line break is read as CSV.
- **Delivery years** are a ``; ``-separated list (``1975; 1976``); an empty one means nothing delivered.
- Identical records (the same deal listed twice) are one fact citing both lines.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.errors import DataError
from ..loading.plan import EntityDef
from .base import Adapter, DatasetInfo, FileSpec, Output, Progress, csv_records, integer, number
from .crosswalk import MID_YEAR, codes_of, load, state_definition

FIELDS = 16
HEADER = ("Recipient", "Supplier", "Year of order")
NEWER_LAYOUT = "SIPRI AT Database ID"
UNCERTAIN = {3: "order year", 5: "number ordered", 9: "number delivered"}  # column -> what its "?" flags
TIV_UNIT = "SIPRI TIV (millions)"
MAX_JOIN = 5  # physical lines one record may be repaired across
UNIDENTIFIED = re.compile(r"^unknown\b", re.IGNORECASE)
PREAMBLE_LINES = 40  # the header must come within the first lines


@dataclass(frozen=True)
class Name:
    """A row of sipri_names.csv."""

    id: str
    kind: str
    type: str
    start: str
    end: str
    line: int


@cache
def reviewed() -> dict[str, list[Name]]:
    text = (resources.files("relgraph.data") / "sipri_names.csv").read_text(encoding="utf-8")
    out: dict[str, list[Name]] = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        out.setdefault(row["name"].strip(), []).append(
            Name(row["id"], row["kind"], row["type"], row["from"] or "0001-01-01", row["to"] or "9999-12-31", line)
        )
    return out


@cache
def state_names() -> dict[str, str]:
    """Every state name and alias of states.csv (case-folded) -> id."""
    return {n.casefold(): s.id for s in load().states.values() for n in (s.name, *s.aliases)}


def slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


@dataclass(frozen=True)
class Party:
    """A supplier or recipient as a node: its id, kind, organisation type and SIPRI's name for it."""

    id: str
    kind: str
    type: str
    name: str


class Parties:
    """SIPRI's names -> nodes, and the definitions of the nodes the accepted deals use."""

    def __init__(self) -> None:
        self.definitions: dict[str, EntityDef] = {}

    @staticmethod
    def resolve(name: str, year: int) -> tuple[Party | None, str]:
        """The node a name stands for in a year, or None and why not."""
        name = " ".join(name.split())
        day = f"{year:04d}-{MID_YEAR}"
        listed = reviewed().get(name)
        if listed is not None:
            row = next((r for r in listed if r.start <= day <= r.end), None)
            if row is None:
                return None, f"no node for the name in that year: {name!r} in {year}"
            return Party(row.id, row.kind, row.type or "other", name), ""
        if UNIDENTIFIED.match(name):
            return None, f"unidentified party: {name!r}"
        state = state_names().get(name.casefold())
        if state is not None:
            return Party(state, "state", "", name), ""
        if name.endswith("*"):
            return Party(slug(name), "organisation", "igo" if name.endswith("**") else "armed_group", name), ""
        return None, f"unknown name: {name!r} (not a state name; review it into data/sipri_names.csv)"

    def use(self, party: Party) -> str:
        if party.id in self.definitions:
            return party.id
        clean = party.name.rstrip("*").strip()
        if party.kind == "state":
            definition = state_definition(party.id, codes_of(party.id))
            if (
                clean != definition.props["name"]
                and clean not in definition.aliases
                and state_names().get(clean.casefold(), party.id) == party.id
            ):  # not another state's name
                definition.aliases.append(clean)
        else:
            igo = next((shown for ident, shown, _ in load().igos.values() if ident == party.id), None)
            definition = EntityDef(
                party.id,
                "organisation",
                {"name": igo or clean, "type": party.type, "sipri_name": party.name},
                [clean] if igo and igo != clean else [],
            )
        self.definitions[party.id] = definition
        return party.id


def register_records(path: Path, out: Output) -> Iterator[tuple[int, int, list[str]]]:
    """The register's records after its header: (first line, last line, 16 fields), records broken by a raw
    line break joined again. Sets the Source's generated date from the preamble."""
    records = csv_records(path, probe=None)
    found = False
    for line, record in records:
        if record and record[0].strip() == NEWER_LAYOUT:
            raise DataError(
                f"{path.name}:{line}: this is SIPRI's newer 'transfers' export, not the trade register.",
                "Export the trade register (CSV) from SIPRI's site: relgraph reads that layout.",
            )
        if tuple(v.strip() for v in record[:3]) == HEADER:
            if len(record) != FIELDS:
                raise DataError(
                    f"{path.name}:{line}: the register's header has {len(record)} columns, not {FIELDS}.",
                    "Is this an unchanged trade-register export?",
                )
            found = True
            break
        if record and record[0].startswith("Data generated:"):
            out.plan.source["generated"] = record[0].split(":", 1)[1].strip()
        if line >= PREAMBLE_LINES:
            break
    if not found:
        raise DataError(
            f"{path.name}: no trade-register header (Recipient,Supplier,Year of order,...) in its first "
            f"{PREAMBLE_LINES} lines.",
            "Is this SIPRI's trade register, exported as CSV?",
        )
    for first, record in records:
        last = first
        while 0 < len(record) < FIELDS and last - first < MAX_JOIN:
            more = next(records, None)
            if more is None:
                break
            last, rest = more
            record = record[:-1] + [record[-1] + "\n" + (rest[0] if rest else "")] + rest[1:]
        if not any(v.strip() for v in record):
            continue
        out.rows += 1
        if len(record) != FIELDS:
            out.rejects.add(path.name, first, f"broken record: {len(record)} fields, not {FIELDS}")
            continue
        yield first, last, record


class Sipri(Adapter):
    info = DatasetInfo(
        name="sipri",
        source_id="sipri-arms-transfers",
        title="SIPRI Arms Transfers Database (trade register)",
        version="trade register export",
        citation="SIPRI Arms Transfers Database, Stockholm International Peace Research Institute, "
        "https://www.sipri.org/databases/armstransfers",
        terms="SIPRI's terms and conditions of use (sipri.org); relgraph ships no SIPRI data: users import their "
        "own export.",
        url="https://www.sipri.org/databases/armstransfers",
        files=(
            FileSpec(
                "register",
                ("trade-register*.csv", "*trade_register*.csv"),
                about="trade register exported as CSV from SIPRI's site",
            ),
        ),
        coverage=("1950", "2024"),
    )

    def read(self, files: dict[str, Path], out: Output, progress: Progress) -> None:
        path = files["register"]
        parties = Parties()
        years: list[int] = []
        for first, last, record in register_records(path, out):
            if out.rows % 2000 == 0:
                progress(str(path), out.rows, 0)
            try:
                props = self._deal(record)
            except ValueError as exc:
                out.rejects.add(path.name, first, f"unreadable: {exc}")
                continue
            year = props["order_year"] or (props["delivery_years"] or [None])[0]
            if year is None:
                out.rejects.add(path.name, first, "no year: neither an order year nor a delivery year")
                continue
            recipient, why_recipient = parties.resolve(record[0], year)
            supplier, why_supplier = parties.resolve(record[1], year)
            if supplier is None or recipient is None:
                out.rejects.add(path.name, first, why_supplier or why_recipient)
                continue
            if supplier.id == recipient.id:
                out.rejects.add(path.name, first, f"supplier is the recipient: {record[1]!r}")
                continue
            years.append(year)
            out.fact(
                "SUPPLIES_ARMS_TO",
                parties.use(supplier),
                parties.use(recipient),
                props,
                path.name,
                f"{first}-{last}" if last > first else first,
            )
        for definition in parties.definitions.values():
            out.entity(definition)
        self._describe(out, years)

    @staticmethod
    def _deal(record: list[str]) -> dict[str, Any]:
        flags = {column: record[column].strip() for column in UNCERTAIN}
        odd = [f"{v!r} after {UNCERTAIN[c]}" for c, v in flags.items() if v not in ("", "?")]
        if odd:
            raise ValueError(f"an uncertainty column holds {', '.join(odd)}, not '?' (columns shifted?)")
        deliveries = [integer(y) for y in record[10].split(";") if y.strip()]
        order_year = integer(record[2])
        return {
            "weapon": record[6].strip() or None,
            "description": record[7].strip() or None,
            "status": record[11].strip() or None,
            "order_year": order_year,
            "number_ordered": integer(record[4]),
            "number_delivered": integer(record[8]),
            "delivery_years": deliveries,
            "tiv_per_unit": number(record[13]),
            "tiv_total_order": number(record[14]),
            "tiv_delivered": number(record[15]),
            "tiv_unit": TIV_UNIT,
            "uncertain": [UNCERTAIN[c] for c, v in flags.items() if v == "?"],
            "comments": " ".join(record[12].split()) or None,
            "since": f"{order_year:04d}" if order_year else None,
            "until": f"{max(y for y in deliveries if y):04d}" if any(deliveries) else None,
        }

    @staticmethod
    def _describe(out: Output, years: list[int]) -> None:
        """The Source as exported: its generation date and the order years it covers."""
        source = out.plan.source
        generated = source.pop("generated", None)
        if generated:
            source["version"] = f"trade register, data generated {generated}"
            source["citation"] = f"{source['citation']}, data generated {generated}."
        if years:
            source["coverage_since"], source["coverage_until"] = f"{min(years):04d}", f"{max(years):04d}"
