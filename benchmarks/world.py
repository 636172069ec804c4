"""A deterministic synthetic world of bilateral relations, written as relgraph seed files.

    python benchmarks/world.py --facts 10k|100k|1m --out DIR [--seed 1]

The world: 196 real states (ISO 3166-1 alpha-3 codes and names from pycountry, dependent territories
left out), 62 organisations, 300 treaties, a few projects and events. States have Zipf-like weights
(a handful of big economies first), so a few states have many partners and most have few.

The files: ``00-entities.yaml`` defines every shared entity (and asserts no fact); the other files
each describe one source (a dataset or a report with its own id and sections) and only refer to those
entities: yearly trade by era, memberships, treaty parties, security ties, diplomacy, influences on
dyads. 4 files at 10k, 8 at 100k, 16 at 1m. The ``facts:`` entries add up to exactly the size asked,
every fact is distinct (no two facts share what they assert), and facts are written flow-style, one
per line. The same seed gives byte-identical files. ``MANIFEST.json`` beside them records the counts.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import random
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SIZES, size_label

GENERATOR_VERSION = 1
LAST_YEAR = 2023
FIRST_YEAR = {"10k": 2004, "100k": 1980, "1m": 1950}  # trade and dated relations fall in FIRST_YEAR..LAST_YEAR

# --- states ------------------------------------------------------------------------------------

# Dependent territories in ISO 3166-1, left out: 249 - 53 = 196 states.
TERRITORIES = set(
    [
        "ABW",
        "AIA",
        "ALA",
        "ASM",
        "ATA",
        "ATF",
        "BES",
        "BLM",
        "BMU",
        "BVT",
        "CCK",
        "COK",
        "CUW",
        "CXR",
        "CYM",
        "ESH",
        "FLK",
        "FRO",
        "GGY",
        "GIB",
        "GLP",
        "GRL",
        "GUF",
        "GUM",
        "HKG",
        "HMD",
        "IMN",
        "IOT",
        "JEY",
        "MAC",
        "MAF",
        "MNP",
        "MSR",
        "MTQ",
        "MYT",
        "NCL",
        "NFK",
        "NIU",
        "PCN",
        "PRI",
        "PYF",
        "REU",
        "SGS",
        "SHN",
        "SJM",
        "SPM",
        "SXM",
        "TCA",
        "TKL",
        "UMI",
        "VGB",
        "VIR",
        "WLF",
    ]
)
# The big economies first, in order: they get the largest weights (most partners, largest trade).
BIG = [
    "USA",
    "CHN",
    "DEU",
    "JPN",
    "GBR",
    "FRA",
    "IND",
    "ITA",
    "CAN",
    "KOR",
    "RUS",
    "BRA",
    "ESP",
    "AUS",
    "MEX",
    "NLD",
    "IDN",
    "TUR",
    "SAU",
    "CHE",
    "POL",
    "BEL",
    "SWE",
    "IRN",
    "ARG",
    "NOR",
    "AUT",
    "THA",
    "ARE",
    "ISR",
    "NGA",
    "ZAF",
    "EGY",
    "SGP",
    "MYS",
    "PHL",
    "PAK",
    "VNM",
    "DNK",
    "IRL",
]
SHORT_NAMES = {
    "USA": "United States",
    "GBR": "United Kingdom",
    "RUS": "Russia",
    "IRN": "Iran",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "SYR": "Syria",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "MDA": "Moldova",
    "COD": "DR Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "VAT": "Holy See",
    "TWN": "Taiwan",
    "CZE": "Czechia",
    "BRN": "Brunei",
    "CPV": "Cabo Verde",
}
CAPITALS = {
    "USA": "Washington",
    "CHN": "Beijing",
    "DEU": "Berlin",
    "JPN": "Tokyo",
    "GBR": "London",
    "FRA": "Paris",
    "IND": "New Delhi",
    "ITA": "Rome",
    "CAN": "Ottawa",
    "KOR": "Seoul",
    "RUS": "Moscow",
    "BRA": "Brasília",
    "ESP": "Madrid",
    "AUS": "Canberra",
    "MEX": "Mexico City",
    "TUR": "Ankara",
    "SAU": "Riyadh",
    "IRN": "Tehran",
    "PAK": "Islamabad",
    "EGY": "Cairo",
    "ISR": "Jerusalem",
    "ZAF": "Pretoria",
    "NGA": "Abuja",
    "IDN": "Jakarta",
}
# States that enter the record late (independence, dissolution of federations).
LATE_ENTRY = {
    **dict.fromkeys(
        [
            "ARM",
            "AZE",
            "BLR",
            "EST",
            "GEO",
            "KAZ",
            "KGZ",
            "LVA",
            "LTU",
            "MDA",
            "TJK",
            "TKM",
            "UKR",
            "UZB",
            "HRV",
            "SVN",
            "BIH",
            "MKD",
        ],
        1992,
    ),
    "CZE": 1993,
    "SVK": 1993,
    "ERI": 1993,
    "PLW": 1994,
    "TLS": 2002,
    "SRB": 1992,
    "MNE": 2006,
    "SSD": 2011,
    "NAM": 1990,
    "ZWE": 1980,
    "VUT": 1980,
    "BRN": 1984,
    "MHL": 1986,
    "FSM": 1986,
}
NUCLEAR = ("USA", "RUS", "CHN", "FRA", "GBR", "IND", "PAK", "PRK", "ISR")


@dataclass(frozen=True)
class StateInfo:
    code: str
    name: str
    aliases: tuple[str, ...]
    weight: float  # Zipf-like: 1 / rank
    entry: int  # first year it appears in the record


def make_states(rng: random.Random) -> list[StateInfo]:
    """The 196 states, biggest first, each with a weight falling as 1/rank."""
    import pycountry

    countries = {c.alpha_3: c for c in pycountry.countries if c.alpha_3 not in TERRITORIES}
    rest = sorted(code for code in countries if code not in BIG)
    rng.shuffle(rest)
    states = []
    for rank, code in enumerate([*BIG, *rest], start=1):
        country = countries[code]
        iso_name = getattr(country, "common_name", None) or country.name
        name = SHORT_NAMES.get(code, iso_name)
        aliases = [iso_name, getattr(country, "official_name", None), CAPITALS.get(code)]
        entry = LATE_ENTRY.get(code) or (1950 if rank <= len(BIG) or rng.random() < 0.6 else rng.randint(1956, 1968))
        states.append(StateInfo(code, name, tuple(a for a in aliases if a and a != name), 1.0 / rank**0.95, entry))
    return states


# --- organisations, treaties, projects, events -------------------------------------------------

# (id, name, type, founded, how many members: 'all' or a number)
ORGANISATIONS: tuple[tuple[str, str, str, int, Any], ...] = (
    ("un", "United Nations", "igo", 1945, "all"),
    ("wto", "World Trade Organization", "igo", 1995, 164),
    ("imf", "International Monetary Fund", "igo", 1945, "all"),
    ("world-bank", "World Bank", "igo", 1945, "all"),
    ("who", "World Health Organization", "igo", 1948, "all"),
    ("unesco", "UNESCO", "igo", 1945, 190),
    ("fao", "Food and Agriculture Organization", "igo", 1945, 190),
    ("ilo", "International Labour Organization", "igo", 1919, 186),
    ("imo", "International Maritime Organization", "igo", 1948, 175),
    ("icao", "International Civil Aviation Organization", "igo", 1947, 190),
    ("wipo", "World Intellectual Property Organization", "igo", 1967, 190),
    ("unido", "UNIDO", "igo", 1966, 170),
    ("ifad", "International Fund for Agricultural Development", "igo", 1977, 175),
    ("iaea", "International Atomic Energy Agency", "igo", 1957, 178),
    ("interpol", "Interpol", "igo", 1923, 194),
    ("oecd", "OECD", "igo", 1961, 38),
    ("african-union", "African Union", "igo", 2002, 55),
    ("oas", "Organization of American States", "igo", 1948, 35),
    ("asean", "ASEAN", "igo", 1967, 10),
    ("eu", "European Union", "igo", 1993, 27),
    ("council-of-europe", "Council of Europe", "igo", 1949, 46),
    ("osce", "OSCE", "igo", 1975, 57),
    ("arab-league", "Arab League", "igo", 1945, 22),
    ("oic", "Organisation of Islamic Cooperation", "igo", 1969, 57),
    ("commonwealth", "Commonwealth of Nations", "igo", 1949, 56),
    ("sco", "Shanghai Cooperation Organisation", "igo", 2001, 9),
    ("gcc", "Gulf Cooperation Council", "igo", 1981, 6),
    ("ecowas", "ECOWAS", "igo", 1975, 15),
    ("sadc", "Southern African Development Community", "igo", 1992, 16),
    ("mercosur", "Mercosur", "igo", 1991, 5),
    ("andean-community", "Andean Community", "igo", 1969, 4),
    ("caricom", "CARICOM", "igo", 1973, 15),
    ("pacific-islands-forum", "Pacific Islands Forum", "igo", 1971, 18),
    ("saarc", "SAARC", "igo", 1985, 8),
    ("bimstec", "BIMSTEC", "igo", 1997, 7),
    ("apec", "APEC", "grouping", 1989, 21),
    ("eaeu", "Eurasian Economic Union", "igo", 2015, 5),
    ("cis", "Commonwealth of Independent States", "igo", 1991, 9),
    ("csto", "Collective Security Treaty Organization", "alliance", 1992, 6),
    ("nato", "NATO", "alliance", 1949, 32),
    ("anzus", "ANZUS", "alliance", 1951, 3),
    ("non-aligned-movement", "Non-Aligned Movement", "movement", 1961, 120),
    ("g7", "G7", "grouping", 1975, 7),
    ("g20", "G20", "grouping", 1999, 19),
    ("brics", "BRICS", "grouping", 2009, 9),
    ("opec", "OPEC", "igo", 1960, 12),
    ("adb", "Asian Development Bank", "igo", 1966, 68),
    ("afdb", "African Development Bank", "igo", 1964, 81),
    ("idb", "Inter-American Development Bank", "igo", 1959, 48),
    ("ebrd", "European Bank for Reconstruction and Development", "igo", 1991, 73),
    ("aiib", "Asian Infrastructure Investment Bank", "igo", 2016, 100),
    ("ndb", "New Development Bank", "igo", 2015, 8),
    ("nordic-council", "Nordic Council", "igo", 1952, 5),
    ("visegrad-group", "Visegrád Group", "grouping", 1991, 4),
    ("benelux", "Benelux Union", "igo", 1944, 3),
    ("quad", "Quadrilateral Security Dialogue", "grouping", 2007, 4),
    ("aukus", "AUKUS", "alliance", 2021, 3),
    ("igad", "IGAD", "igo", 1986, 8),
    ("eac", "East African Community", "igo", 2000, 8),
    ("eccas", "ECCAS", "igo", 1983, 11),
    ("comesa", "COMESA", "igo", 1994, 21),
    ("sica", "Central American Integration System", "igo", 1991, 8),
)
TREATY_TOPICS = (
    "the law of the sea",
    "climate change",
    "biological diversity",
    "the non-proliferation of nuclear weapons",
    "chemical weapons",
    "civil aviation",
    "road traffic",
    "diplomatic relations",
    "consular relations",
    "the rights of the child",
    "refugees",
    "narcotic drugs",
    "endangered species",
    "ozone protection",
    "maritime safety",
    "investment protection",
    "double taxation",
    "extradition",
    "fisheries",
    "cultural property",
    "telecommunications",
    "postal services",
    "desertification",
    "whaling",
    "anti-personnel mines",
    "cluster munitions",
    "the arms trade",
    "nuclear safety",
    "wetlands",
    "labour standards",
)
BILATERAL_TOPICS = (
    "trade",
    "investment",
    "defence cooperation",
    "visa waiver",
    "air services",
    "double taxation",
    "nuclear cooperation",
    "border demarcation",
    "fisheries",
    "science and technology",
    "energy supply",
)
PROJECTS = (
    ("nord-stream", "Nord Stream", "pipeline"),
    ("cpec", "China–Pakistan Economic Corridor", "corridor"),
    ("bri", "Belt and Road Initiative", "initiative"),
    ("tapi", "TAPI gas pipeline", "pipeline"),
    ("casa-1000", "CASA-1000", "power_line"),
    ("gwadar-port", "Gwadar Port", "port"),
)
EVENTS = (
    ("rimpac-2018", "RIMPAC 2018", "exercise", 2018),
    ("gulf-war", "Gulf War", "conflict", 1990),
    ("invasion-of-iraq", "Invasion of Iraq", "invasion", 2003),
    ("g20-summit-2008", "G20 Washington summit", "visit", 2008),
    ("exercise-malabar-2020", "Exercise Malabar 2020", "exercise", 2020),
    ("paris-agreement-announcement", "Announcement of the Paris Agreement", "announcement", 2015),
    ("vostok-2018", "Vostok 2018", "exercise", 2018),
    ("suez-crisis", "Suez Crisis", "conflict", 1956),
)
EVENT_ROLES = ("host", "participant", "observer")
PROJECT_ROLES = ("investor", "builder-operator", "transit", "buyer", "supplier", "partner")

COOPERATION_DOMAINS = (
    "defence",
    "energy",
    "counter-terrorism",
    "trade",
    "health",
    "space",
    "nuclear",
    "cyber",
    "maritime",
    "education",
    "agriculture",
    "finance",
)
ARMS_DOMAINS = ("aircraft", "missiles", "naval-vessels", "armour", "air-defence", "small-arms", "artillery")
RIVALRY_DOMAINS = ("territory", "regional-influence", "maritime", "ideology", "resources")
MECHANISMS = (
    "mediation between the two governments",
    "arms sales to one side",
    "investment in shared infrastructure",
    "diplomatic pressure on both capitals",
    "security guarantees to one side",
    "sanctions on one side",
    "trade preferences for both",
    "hosting talks between them",
    "backing a rival bloc",
    "energy supply to both",
    "development aid conditional on rapprochement",
    "support for an armed group",
)
DIRECTIONS = ("reinforces", "strains", "mixed")


@dataclass(frozen=True)
class Entity:
    kind: str
    id: str
    name: str
    extra: tuple[tuple[str, Any], ...] = ()  # type, signed, date, aliases, nuclear_power, in write order


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_treaties(rng: random.Random, states: list[StateInfo]) -> list[tuple[Entity, list[str], int]]:
    """300 treaties: (entity, parties, signed year). Multilateral conventions have many parties, bilateral two."""
    out: list[tuple[Entity, list[str], int]] = []
    taken: set[str] = set()
    names: set[str] = set()
    lookup = {s.code: s for s in states}

    def add(name: str, kind: str, signed: int, parties: list[str]) -> None:
        ordinal = 2
        while name in names:  # the same topic in the same year: "Regional agreement ... (1972, II)"
            name = f"{name.rsplit(')', 1)[0].rsplit(', ', 1)[0]}, {'I' * ordinal})"
            ordinal += 1
        names.add(name)
        base = slugify(name)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out.append((Entity("treaty", slug, name, (("type", kind), ("signed", signed))), parties, signed))

    for i in range(40):  # world conventions
        topic = TREATY_TOPICS[i % len(TREATY_TOPICS)]
        signed = rng.randint(1950, 2015)
        size = rng.randint(40, 190)
        add(f"Convention on {topic} ({signed})", "treaty", signed, weighted_sample(rng, states, size))
    for _ in range(60):  # regional agreements
        topic = TREATY_TOPICS[rng.randrange(len(TREATY_TOPICS))]
        signed = rng.randint(1955, 2020)
        size = rng.randint(4, 30)
        add(f"Regional agreement on {topic} ({signed})", "agreement", signed, weighted_sample(rng, states, size))
    for _ in range(200):  # bilateral agreements, memoranda and contracts, mostly involving a big state
        a, b = weighted_sample(rng, states, 2)
        topic = BILATERAL_TOPICS[rng.randrange(len(BILATERAL_TOPICS))]
        signed = rng.randint(max(1955, lookup[a].entry, lookup[b].entry), 2022)
        kind = rng.choice(("agreement", "agreement", "memorandum", "contract", "treaty"))
        first, second = sorted((lookup[a].name, lookup[b].name))
        add(f"{first}–{second} {kind} on {topic} ({signed})", kind, signed, [a, b])
    return out


def weighted_key(rng: random.Random, weight: float) -> float:
    """A sort key for weighted sampling without replacement: log(u) / weight (larger first), which,
    unlike u ** (1 / weight), does not underflow to 0 for tiny weights."""
    return math.log(1.0 - rng.random()) / weight


def weighted_sample(rng: random.Random, states: list[StateInfo], k: int, power: float = 1.0) -> list[str]:
    """``k`` distinct state codes, drawn without replacement with probability ~ weight**power
    (Efraimidis–Spirakis keys), returned in draw order."""
    keyed = sorted(((weighted_key(rng, s.weight**power), s.code) for s in states), reverse=True)
    return [code for _, code in keyed[:k]]


# --- facts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One fact to write: its theme (which file it goes to), its year (which era), and its fields in order."""

    theme: str
    year: int
    fields: tuple[tuple[str, Any], ...]


def unique_facts(target: int, make: Callable[[], tuple[Any, Fact] | None], attempts_per_fact: int = 50) -> list[Fact]:
    """Call ``make`` until ``target`` distinct facts (by key) are drawn, or attempts run out (capacity)."""
    seen: dict[Any, None] = {}
    out: list[Fact] = []
    attempts = 0
    while len(out) < target and attempts < target * attempts_per_fact + 1000:
        attempts += 1
        made = make()
        if made is None:
            continue
        key, fact = made
        if key not in seen:
            seen[key] = None
            out.append(fact)
    return out


class World:
    """The whole synthetic world for one size and seed: entities, then facts per theme."""

    def __init__(self, size: str, seed: int) -> None:
        self.size, self.seed, self.total = size, seed, SIZES[size]
        self.rng = random.Random(f"relgraph-bench/{seed}")
        self.first_year = FIRST_YEAR[size]
        self.states = make_states(self.rng)
        self.codes = [s.code for s in self.states]
        self.state = {s.code: s for s in self.states}
        self._cumulative: dict[float, list[float]] = {}
        self.orgs = ORGANISATIONS
        self.treaties = make_treaties(self.rng, self.states)
        self.facts: dict[str, list[Fact]] = {}

    # entities ---------------------------------------------------------------------------------

    def entities(self) -> list[Entity]:
        out = []
        for s in self.states:
            extra: list[tuple[str, Any]] = [("aliases", list(s.aliases))] if s.aliases else []
            if s.code in NUCLEAR:
                extra.append(("nuclear_power", True))
            out.append(Entity("state", s.code, s.name, tuple(extra)))
        out += [Entity("organisation", oid, name, (("type", kind),)) for oid, name, kind, _, _ in self.orgs]
        out += [t for t, _, _ in self.treaties]
        out += [Entity("project", pid, name, (("type", kind),)) for pid, name, kind in PROJECTS]
        out += [Entity("event", eid, name, (("type", kind), ("date", year))) for eid, name, kind, year in EVENTS]
        return out

    # facts ------------------------------------------------------------------------------------

    def build(self) -> None:
        """Draw every theme's facts. Themes limited by the world (memberships, treaty parties, participation)
        take their share only as far as the world allows; trade takes whatever is left, so the total is exact."""
        n = self.total
        self.facts["memberships"] = self.memberships(round(0.03 * n))
        self.facts["treaties"] = self.treaty_parties(round(0.04 * n)) + self.participation(round(0.002 * n))
        self.facts["security"] = self.cooperation(round(0.05 * n)) + self.arms(round(0.02 * n))
        self.facts["diplomacy"] = self.rivalries(round(0.005 * n)) + self.alignments(round(0.015 * n))
        self.facts["influences"] = self.influences(round(0.02 * n))
        rest = n - sum(len(f) for f in self.facts.values())
        self.facts["trade"] = self.trade(rest)
        if len(self.facts["trade"]) != rest:
            raise SystemExit(f"the world holds only {len(self.facts['trade'])} trade facts, {rest} needed")

    def pair(self, power: float = 1.0) -> tuple[str, str]:
        """Two distinct states, each drawn with probability ~ weight**power (with replacement, redrawn if equal)."""
        cum = self._cumulative.get(power)
        if cum is None:
            cum = list(itertools.accumulate(s.weight**power for s in self.states))
            self._cumulative[power] = cum
        first = self.rng.choices(self.codes, cum_weights=cum)[0]
        while True:
            second = self.rng.choices(self.codes, cum_weights=cum)[0]
            if second != first:
                return first, second

    def year_for(self, *codes: str, lo: int | None = None) -> int:
        start = max([lo or self.first_year, *(self.state[c].entry for c in codes)])
        return self.rng.randint(min(start, LAST_YEAR), LAST_YEAR)

    def memberships(self, target: int) -> list[Fact]:
        """MEMBER_OF spells: every organisation's members (the big ones draw the big states), some of whom
        left and came back; a few observers."""
        candidates: list[Fact] = []
        for oid, _name, _kind, founded, size in self.orgs:
            members = self.codes if size == "all" else weighted_sample(self.rng, self.states, int(size), power=0.6)
            for code in members:
                since = max(founded, self.state[code].entry) + (
                    0 if self.rng.random() < 0.5 else self.rng.randint(0, 12)
                )
                since = min(since, LAST_YEAR)
                role = "observer" if self.rng.random() < 0.04 else None
                spells = [(since, None)]
                if self.rng.random() < 0.12 and since < LAST_YEAR - 4:
                    until = self.rng.randint(since + 1, LAST_YEAR - 2)
                    spells = [(since, until)]
                    if self.rng.random() < 0.5:
                        spells.append((self.rng.randint(until + 1, LAST_YEAR), None))
                for start, end in spells:
                    fields = [("type", "MEMBER_OF"), ("subject", code), ("object", oid), ("since", start)]
                    if end:
                        fields.append(("until", end))
                    if role:
                        fields.append(("role", role))
                    candidates.append(Fact("memberships", start, tuple(fields)))
        return self.take(candidates, target)

    def treaty_parties(self, target: int) -> list[Fact]:
        """PARTY_TO from signature (or a later accession) on; a few withdrawals."""
        candidates: list[Fact] = []
        for treaty, parties, signed in self.treaties:
            for code in parties:
                delay = 0 if self.rng.random() < 0.6 else self.rng.randint(1, 15)  # a later accession
                since = min(LAST_YEAR, max(signed, self.state[code].entry) + delay)
                fields = [("type", "PARTY_TO"), ("subject", code), ("object", treaty.id), ("since", since)]
                if self.rng.random() < 0.03 and since < LAST_YEAR:
                    fields.append(("until", self.rng.randint(since + 1, LAST_YEAR)))
                candidates.append(Fact("treaties", since, tuple(fields)))
        return self.take(candidates, target)

    def participation(self, target: int) -> list[Fact]:
        """PARTICIPATES_IN projects (with a role) and events (on their date)."""
        candidates: list[Fact] = []
        for pid, _name, _kind in PROJECTS:
            for code in weighted_sample(self.rng, self.states, self.rng.randint(3, 12)):
                role = PROJECT_ROLES[self.rng.randrange(len(PROJECT_ROLES))]
                since = self.year_for(code, lo=2000)
                candidates.append(
                    Fact(
                        "treaties",
                        since,
                        (
                            ("type", "PARTICIPATES_IN"),
                            ("subject", code),
                            ("object", pid),
                            ("since", since),
                            ("role", role),
                        ),
                    )
                )
        for eid, _name, _kind, year in EVENTS:
            for code in weighted_sample(self.rng, self.states, self.rng.randint(4, 25)):
                role = EVENT_ROLES[self.rng.randrange(len(EVENT_ROLES))]
                candidates.append(
                    Fact(
                        "treaties",
                        year,
                        (
                            ("type", "PARTICIPATES_IN"),
                            ("subject", code),
                            ("object", eid),
                            ("date", year),
                            ("role", role),
                        ),
                    )
                )
        return self.take(candidates, target)

    def take(self, candidates: list[Fact], target: int) -> list[Fact]:
        """``target`` of the candidates (all of them when the world has fewer), in their original order."""
        if len(candidates) <= target:
            return candidates
        keep = sorted(self.rng.sample(range(len(candidates)), target))
        return [candidates[i] for i in keep]

    def cooperation(self, target: int) -> list[Fact]:
        """COOPERATES_WITH in a domain, in a year; one in ten with an organisation rather than a state."""

        def make() -> tuple[Any, Fact]:
            a, b = self.pair()
            if self.rng.random() < 0.1:
                b = self.orgs[self.rng.randrange(len(self.orgs))][0]
                year = self.year_for(a)
            else:
                year = self.year_for(a, b)
            domain = COOPERATION_DOMAINS[self.rng.randrange(len(COOPERATION_DOMAINS))]
            subject, obj = (a, b) if self.rng.random() < 0.5 or b.islower() else (b, a)
            return (
                (min(a, b), max(a, b), domain, year),
                Fact(
                    "security",
                    year,
                    (
                        ("type", "COOPERATES_WITH"),
                        ("subject", subject),
                        ("object", obj),
                        ("date", year),
                        ("domain", domain),
                    ),
                ),
            )

        return unique_facts(target, make)

    def arms(self, target: int) -> list[Fact]:
        """SUPPLIES_ARMS_TO: exporters drawn steeply from the big states, buyers from everyone."""

        def make() -> tuple[Any, Fact] | None:
            seller = self.pair(1.6)[0]
            buyer = self.pair(0.5)[0]
            if seller == buyer:
                return None
            year = self.year_for(seller, buyer)
            domain = ARMS_DOMAINS[self.rng.randrange(len(ARMS_DOMAINS))]
            return (
                (seller, buyer, domain, year),
                Fact(
                    "security",
                    year,
                    (
                        ("type", "SUPPLIES_ARMS_TO"),
                        ("subject", seller),
                        ("object", buyer),
                        ("date", year),
                        ("domain", domain),
                    ),
                ),
            )

        return unique_facts(target, make)

    def rivalries(self, target: int) -> list[Fact]:
        """RIVALS over a spell of years, in a domain; some still running."""

        def make() -> tuple[Any, Fact]:
            a, b = self.pair(power=1.3)
            since = self.year_for(a, b)
            until = self.rng.randint(since, LAST_YEAR) if self.rng.random() < 0.6 else None
            domain = RIVALRY_DOMAINS[self.rng.randrange(len(RIVALRY_DOMAINS))]
            fields: list[tuple[str, Any]] = [("type", "RIVALS"), ("subject", a), ("object", b), ("since", since)]
            if until:
                fields.append(("until", until))
            fields.append(("domain", domain))
            return (min(a, b), max(a, b), since, until, domain), Fact("diplomacy", since, tuple(fields))

        return unique_facts(target, make)

    def alignments(self, target: int) -> list[Fact]:
        """ALIGNS_WITH in a year: one state turning towards another (or towards an organisation)."""

        def make() -> tuple[Any, Fact]:
            a, b = self.pair()
            if self.rng.random() < 0.08:
                b = self.orgs[self.rng.randrange(len(self.orgs))][0]
                year = self.year_for(a)
            else:
                year = self.year_for(a, b)
            fields: list[tuple[str, Any]] = [("type", "ALIGNS_WITH"), ("subject", a), ("object", b), ("date", year)]
            if self.rng.random() < 0.5:
                fields.append(("domain", COOPERATION_DOMAINS[self.rng.randrange(len(COOPERATION_DOMAINS))]))
            return (a, b, year, fields[-1][1]), Fact("diplomacy", year, tuple(fields))

        return unique_facts(target, make)

    def influences(self, target: int) -> list[Fact]:
        """INFLUENCES: a (mostly big) third state acting on a dyad, with a mechanism and a direction."""

        def make() -> tuple[Any, Fact] | None:
            actor = self.pair(1.4)[0]
            a, b = self.pair()
            if actor in (a, b):
                return None
            year = self.year_for(actor, a, b)
            mechanism = MECHANISMS[self.rng.randrange(len(MECHANISMS))]
            direction = DIRECTIONS[self.rng.randrange(len(DIRECTIONS))]
            dyad = f"{a}-{b}"  # either order, as analysts write them
            return (
                (actor, min(a, b), max(a, b), mechanism, direction, year),
                Fact(
                    "influences",
                    year,
                    (
                        ("type", "INFLUENCES"),
                        ("subject", actor),
                        ("object", dyad),
                        ("date", year),
                        ("mechanism", mechanism),
                        ("direction", direction),
                    ),
                ),
            )

        return unique_facts(target, make)

    def trade(self, target: int) -> list[Fact]:
        """Yearly trade series: pairs in a weighted random order (big pairs first, mostly), each with its
        series from when both states are in the record to LAST_YEAR, until ``target`` values are drawn."""
        keyed = []
        for i, a in enumerate(self.states):
            for b in self.states[i + 1 :]:
                w = a.weight * b.weight
                keyed.append((weighted_key(self.rng, w), a.code, b.code))
        keyed.sort(reverse=True)
        w_max = self.states[0].weight * self.states[1].weight
        out: list[Fact] = []
        for _, a, b in keyed:
            if len(out) >= target:
                break
            start = max(self.first_year, self.state[a].entry, self.state[b].entry)
            scale = self.state[a].weight * self.state[b].weight / w_max
            base = 400_000 * scale * math.exp(self.rng.gauss(0, 0.6)) + 0.5
            subject, obj = (a, b) if self.rng.random() < 0.5 else (b, a)  # sources name either side first
            for year in range(start, LAST_YEAR + 1):
                if len(out) >= target:
                    break
                value = round(base * 1.06 ** (year - LAST_YEAR) * math.exp(self.rng.gauss(0, 0.08)), 1)
                out.append(
                    Fact(
                        "trade",
                        year,
                        (
                            ("type", "TRADES_WITH"),
                            ("subject", subject),
                            ("object", obj),
                            ("date", year),
                            ("measure", "trade"),
                            ("value", max(value, 0.1)),
                            ("unit", "USD million"),
                            ("period", "year"),
                        ),
                    )
                )
        return out


# --- files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileSpec:
    """One fact file: which themes it holds, for which years (None: all), and what source it is."""

    slug: str
    themes: tuple[str, ...]
    years: tuple[int, int] | None
    title: str
    kind: str  # source kind: dataset or report


def eras(first: int, bounds: tuple[int, ...]) -> list[tuple[int, int]]:
    """[(first, b1 - 1), (b1, b2 - 1), ..., (bn, LAST_YEAR)] for the bounds after ``first``."""
    starts = [first, *(b for b in bounds if b > first)]
    return [(s, (starts[i + 1] - 1) if i + 1 < len(starts) else LAST_YEAR) for i, s in enumerate(starts)]


def era_slug(years: tuple[int, int]) -> str:
    lo, hi = years
    return f"{lo}s" if lo % 10 == 0 and hi - lo == 9 else f"{lo}-{hi}"


def file_plan(size: str) -> list[FileSpec]:
    """The fact files for a size (the entity file comes on top): 3 at 10k, 7 at 100k, 15 at 1m."""
    first = FIRST_YEAR[size]
    trade_bounds = {"10k": (), "100k": (1990, 2000, 2010), "1m": (1960, 1970, 1980, 1990, 2000, 2010, 2020)}[size]
    files = [
        FileSpec(f"trade-{era_slug(e)}", ("trade",), e, f"Bilateral trade statistics, {e[0]}–{e[1]}", "dataset")
        for e in eras(first, trade_bounds)
    ]
    if size == "10k":
        return files + [
            FileSpec("institutions", ("memberships", "treaties"), None, "Memberships, treaties and projects", "report"),
            FileSpec(
                "relations",
                ("security", "diplomacy", "influences"),
                None,
                "Security, diplomacy and influence",
                "report",
            ),
        ]
    if size == "100k":
        return files + [
            FileSpec("institutions", ("memberships", "treaties"), None, "Memberships, treaties and projects", "report"),
            FileSpec("security", ("security",), None, "Security cooperation and arms transfers", "report"),
            FileSpec("diplomacy", ("diplomacy", "influences"), None, "Rivalries, alignments and influence", "report"),
        ]
    split = eras(first, (1990,))
    return files + [
        FileSpec("memberships", ("memberships",), None, "Membership of international organisations", "dataset"),
        FileSpec("treaties", ("treaties",), None, "Treaty parties and project participation", "dataset"),
        *(
            FileSpec(
                f"security-{era_slug(e)}",
                ("security",),
                e,
                f"Security cooperation and arms transfers, {e[0]}–{e[1]}",
                "report",
            )
            for e in split
        ),
        *(
            FileSpec(
                f"diplomacy-{era_slug(e)}", ("diplomacy",), e, f"Rivalries and alignments, {e[0]}–{e[1]}", "report"
            )
            for e in split
        ),
        FileSpec("influences", ("influences",), None, "Third parties acting on bilateral relationships", "report"),
    ]


def assign(world: World, plan: list[FileSpec]) -> dict[str, list[Fact]]:
    """Each fact to the one file whose themes include its theme and whose years include its year."""
    out: dict[str, list[Fact]] = {spec.slug: [] for spec in plan}
    for theme, facts in world.facts.items():
        specs = [s for s in plan if theme in s.themes]
        for fact in facts:
            spec = next(s for s in specs if s.years is None or s.years[0] <= fact.year <= s.years[1])
            out[spec.slug].append(fact)
    return out


# --- YAML text ---------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _.\-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none", "~"}


def scalar(value: Any) -> str:
    """A YAML scalar for flow style: plain when that is unambiguous, else single-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return "'" + text.replace("'", "''") + "'"


def flow(fields: Iterator[tuple[str, Any]] | tuple[tuple[str, Any], ...] | list[tuple[str, Any]]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in fields) + "}"


def source_block(
    source_id: str, title: str, kind: str, sections: list[str], coverage: tuple[int, int] | None
) -> list[str]:
    lines = [
        "# yaml-language-server: $schema=../../../schema/seed.schema.json",
        "# Synthetic benchmark world (benchmarks/world.py); not real data.",
        "source:",
        f"  id: {source_id}",
        f"  title: {scalar(title)}",
        f"  kind: {kind}",
        "  author: relgraph benchmarks",
        "  published: 2024",
    ]
    if coverage:
        lines.append(f"  coverage: {{since: {coverage[0]}, until: {coverage[1]}}}")
    lines.append("  sections: [" + ", ".join(sections) + "]")
    return lines


def entity_text(world: World, source_id: str) -> str:
    groups = {
        "state": "states",
        "organisation": "organisations",
        "treaty": "treaties",
        "project": "projects",
        "event": "events",
    }
    lines = source_block(
        source_id,
        "The benchmark world: states, organisations, treaties, projects and events",
        "dataset",
        list(groups.values()),
        None,
    )
    lines.append("entities:")
    for e in world.entities():
        lines.append("  - " + flow([("kind", e.kind), ("id", e.id), ("name", e.name), *e.extra]))
    lines.append("facts: []")
    return "\n".join(lines) + "\n"


def section_of(fact: Fact) -> str:
    """The source's section a fact is in: its year for trade tables, its theme and decade otherwise."""
    if fact.theme == "trade":
        return f"y{fact.year}"
    return f"{fact.theme}-{fact.year // 10 * 10}s"


def fact_file_text(spec: FileSpec, source_id: str, facts: list[Fact]) -> str:
    # Chronological sections (a year for trade, a decade otherwise); within one, the order facts were drawn.
    ordered = sorted(facts, key=lambda f: (f.year if f.theme == "trade" else f.year // 10 * 10, f.theme))
    sections = list(dict.fromkeys(section_of(f) for f in ordered))
    years = [f.year for f in ordered]
    coverage = spec.years or ((min(years), max(years)) if years else None)
    lines = source_block(source_id, spec.title, spec.kind, sections, coverage)
    lines.append("facts:")
    paragraph: dict[str, int] = {}
    for fact in ordered:
        section = section_of(fact)
        paragraph[section] = paragraph.get(section, 0) + 1
        lines.append("  - " + flow([*fact.fields, ("at", f"{section}:{paragraph[section]}")]))
    return "\n".join(lines) + "\n"


def generator_digest() -> str:
    """A hash of this file, so a cached world can tell when the generator changed."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def write_world(size: str, out: Path, seed: int = 1) -> dict[str, Any]:
    """Generate the world for ``size`` into ``out`` (its old *.yaml files removed). Returns the manifest."""
    size = size_label(size)
    world = World(size, seed)
    world.build()
    plan = file_plan(size)
    by_file = assign(world, plan)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.yaml"):
        old.unlink()
    prefix = f"bench-{size}-s{seed}"
    files: list[dict[str, Any]] = []
    entity_id = f"{prefix}-world"
    (out / "00-entities.yaml").write_text(entity_text(world, entity_id), encoding="utf-8")
    files.append({"file": "00-entities.yaml", "source_id": entity_id, "facts": 0, "entities": len(world.entities())})
    for number, spec in enumerate(plan, start=1):
        name = f"{number:02d}-{spec.slug}.yaml"
        source_id = f"{prefix}-{spec.slug}"
        (out / name).write_text(fact_file_text(spec, source_id, by_file[spec.slug]), encoding="utf-8")
        files.append({"file": name, "source_id": source_id, "facts": len(by_file[spec.slug]), "entities": 0})
    by_type: dict[str, int] = {}
    for facts in world.facts.values():
        for fact in facts:
            by_type[fact.fields[0][1]] = by_type.get(fact.fields[0][1], 0) + 1
    manifest = {
        "size": size,
        "seed": seed,
        "facts": sum(f["facts"] for f in files),
        "generator": generator_digest(),
        "generator_version": GENERATOR_VERSION,
        "years": [world.first_year, LAST_YEAR],
        "big_states": [s.code for s in world.states[:10]],
        "entities": len(world.entities()),
        "facts_by_type": dict(sorted(by_type.items())),
        "files": files,
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    assert manifest["facts"] == world.total, (manifest["facts"], world.total)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--facts", required=True, type=size_label, help="how many facts: 10k, 100k or 1m")
    parser.add_argument("--out", required=True, type=Path, help="folder for the seed files (its *.yaml are replaced)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed gives byte-identical files)")
    args = parser.parse_args(argv)
    manifest = write_world(args.facts, args.out, args.seed)
    print(
        f"wrote {len(manifest['files'])} files, {manifest['entities']} entities, {manifest['facts']:,} facts to {args.out}"
    )
    for kind, n in manifest["facts_by_type"].items():
        print(f"  {kind:18} {n:>9,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
