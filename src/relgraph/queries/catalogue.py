"""The query catalogue: one Cypher statement per file in ``cypher/``, with a header.

Pure: parses text into immutable ``Query`` records. A file looks like::

    // name: who_influences
    // mode: read
    // params:
    //   a: str  ISO code of one state of the pair
    //   b: str  ISO code of the other state
    //     (a deeper indent continues a parameter's meaning)
    // returns: one row per influencer: influencer, mechanism, direction, ...
    // purpose: Third parties acting on the A-B relationship.
    MATCH ...

``mode`` is read, write or schema. Values always come in as ``$parameters``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from ..core.vocabulary import SPECS

if TYPE_CHECKING:
    from ..core.results import Answer

Mode = Literal["read", "write", "schema"]
MODES = ("read", "write", "schema")
HEADER_KEYS = ("name", "mode", "params", "returns", "purpose")

_PARAM_LINE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[A-Za-z_][\w\[\], |]*?)\s{2,}(?P<doc>.+)$")
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class CatalogueError(ValueError):
    """A query file whose header is missing or wrong."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class Query:
    name: str
    mode: Mode
    params: tuple[Param, ...]
    returns: str
    purpose: str
    text: str
    file: str

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)


def used_parameters(cypher: str) -> frozenset[str]:
    """The ``$names`` a statement uses (outside strings and comments)."""
    body = _COMMENTS.sub("", _STRINGS.sub("''", cypher))
    return frozenset(_PARAM_USE.findall(body))


def parse_query(text: str, file: str) -> Query:
    header: dict[str, str] = {}
    params: list[Param] = []
    body_lines: list[str] = []
    current: str | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines) and lines[i].startswith("//"):
        content = lines[i][2:]
        key_match = re.match(r"^ (\w+):\s*(.*)$", content)
        if key_match and key_match.group(1) in HEADER_KEYS:
            current = key_match.group(1)
            header[current] = key_match.group(2).strip()
        elif current == "params" and content.startswith("     ") and params:
            last = params.pop()  # a deeper-indented line continues the previous parameter's meaning
            params.append(Param(last.name, last.type, f"{last.doc} {content.strip()}"))
        elif current == "params" and content.strip():
            param = _PARAM_LINE.match(content.strip())
            if not param:
                raise CatalogueError(f"{file}: parameter line {content.strip()!r} is not 'name: type  meaning'")
            params.append(Param(param["name"], param["type"].strip(), param["doc"].strip()))
        elif current and content.strip():
            header[current] = (header[current] + " " + content.strip()).strip()
        i += 1
    body_lines = lines[i:]
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing:
        raise CatalogueError(f"{file}: header lacks {', '.join(missing)}")
    if header["mode"] not in MODES:
        raise CatalogueError(f"{file}: mode {header['mode']!r} is not one of {', '.join(MODES)}")
    body = expand("\n".join(body_lines).strip())
    if not body:
        raise CatalogueError(f"{file}: no statement after the header")
    return Query(
        name=header["name"],
        mode=header["mode"],  # type: ignore[arg-type]
        params=tuple(params),
        returns=header["returns"],
        purpose=header["purpose"],
        text=body,
        file=file,
    )


# Visibility, written once. A staged load (a source too large for one transaction) marks what it changes
# with its id (``pending``) and keeps the previous claims in ``prev_*``; until it is published, queries
# read those. ``{{sources r}}`` is the sources a query may see on relationship r, ``{{visible r}}``
# whether r is a fact it may see at all, ``{{cited r}}`` its visible citations; ``{{visible_node n}}``
# the same for an entity a staged load created.
_STAGED = "EXISTS {{ MATCH (staged_load:Load {{id: {v}.pending}}) WHERE staged_load.state = 'staging' }}"
MACROS = {
    "sources": "CASE WHEN {v}.pending IS NULL THEN {v}.sources WHEN "
    + _STAGED
    + " THEN {v}.prev_sources ELSE {v}.sources END",
    "cited": "CASE WHEN {v}.pending IS NULL THEN {v}.cited WHEN " + _STAGED + " THEN {v}.prev_cited ELSE {v}.cited END",
    "notes": "CASE WHEN {v}.pending IS NULL THEN {v}.notes WHEN " + _STAGED + " THEN {v}.prev_notes ELSE {v}.notes END",
    "visible": "({v}.fact_id IS NOT NULL AND ({v}.pending IS NULL OR size(CASE WHEN "
    + _STAGED
    + " THEN {v}.prev_sources ELSE {v}.sources END) > 0))",
    "visible_node": "({v}.pending IS NULL OR NOT " + _STAGED + ")",
}
# ``{{tie r}}``: r is a visible fact that ties two entities (background facts, such as a state's membership of
# the state system, are context, not ties: shared, paths and partners leave them out). ``{{held r}}``: r held in
# the year ``$as_of`` (begun by then and not ended; undated facts are kept), or ``$as_of`` is null.
MACROS["tie"] = (
    "("
    + MACROS["visible"]
    + " AND NOT type({v}) IN ["
    + ", ".join(f"'{name}'" for name, spec in SPECS.items() if spec.background)
    + "])"
)
# ``{{link r}}``: a tie that is a step of a path: not a dataset measure nearly every pair of states has.
MACROS["link"] = (
    "("
    + MACROS["tie"]
    + " AND NOT type({v}) IN ["
    + ", ".join(f"'{name}'" for name, spec in SPECS.items() if spec.dense)
    + "])"
)
MACROS["held"] = (
    "$as_of IS NULL OR (({v}.year_from IS NULL OR {v}.year_from <= $as_of) "
    "AND ({v}.year_to IS NULL OR {v}.year_to >= $as_of))"
)
_MACRO = re.compile(r"\{\{(\w+) (\w+)\}\}")


# ``[r:{{types tie}}]`` / ``[r:{{types link}}]``: the relationship types a tie (or a step of a path) may have,
# named in the pattern so that Neo4j expands a dense node only along them.
TYPES = {
    "tie": [name for name, spec in SPECS.items() if not spec.background],
    "link": [name for name, spec in SPECS.items() if not spec.background and not spec.dense],
}


def expand(cypher: str) -> str:
    """Replace ``{{macro variable}}`` with its Cypher."""

    def one(match: re.Match[str]) -> str:
        name, var = match.groups()
        if name == "types" and var in TYPES:
            return "|".join(TYPES[var])
        if name not in MACROS:
            raise CatalogueError(f"unknown macro {{{{{name}}}}}; known: {', '.join(sorted(MACROS))}")
        return "(" + MACROS[name].format(v=var) + ")"

    return _MACRO.sub(one, cypher)


def load_catalogue() -> Mapping[str, Query]:
    """Every query shipped in ``cypher/`` (installed as ``relgraph.cypher``), by name."""
    queries: dict[str, Query] = {}
    root = resources.files("relgraph.cypher")
    for folder, prefix in (
        (root, ""),
        (root / "facts", "facts/"),
        (root / "load", "load/"),
        (root / "influence", "influence/"),
    ):
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".cypher"):
                query = parse_query(entry.read_text(encoding="utf-8"), prefix + entry.name)
                if query.name in queries:
                    raise CatalogueError(
                        f"{query.file}: name {query.name!r} is also used by {queries[query.name].file}"
                    )
                queries[query.name] = query
    return MappingProxyType(queries)


_CATALOGUE: Mapping[str, Query] | None = None


def catalogue() -> Mapping[str, Query]:
    global _CATALOGUE
    if _CATALOGUE is None:
        _CATALOGUE = load_catalogue()
    return _CATALOGUE


def listing() -> Answer:
    """Every query, reads first, with its mode, parameters and purpose."""
    from ..core.results import Answer

    rows = [
        {"name": q.name, "mode": q.mode, "params": [p.name for p in q.params], "purpose": q.purpose}
        for q in sorted(catalogue().values(), key=lambda q: (q.mode != "read", q.name))
    ]
    return Answer("The query catalogue (cypher/)", ("name", "mode", "params", "purpose"), rows)


def for_browser(name: str) -> str:
    """A query as text to paste into Neo4j Browser: its :param lines, its purpose, its Cypher."""
    from ..core.errors import UsageError

    try:
        query = get(name)
    except KeyError:
        raise UsageError(f"No query named {name!r}.", "List them with `relgraph query list`.") from None
    lines = [f":param {param.name} => null  // {param.type}: {param.doc}" for param in query.params]
    lines += [f"// {query.file} ({query.mode}): {query.purpose}", query.text]
    return "\n".join(lines)


def reset() -> None:
    """Forget the loaded catalogue (after the files changed)."""
    global _CATALOGUE
    _CATALOGUE = None


def get(name: str) -> Query:
    try:
        return catalogue()[name]
    except KeyError:
        raise KeyError(f"no query named {name!r} in cypher/") from None
