"""An entity as several sources define it: each definition kept, one shown, unloading restores exactly.

Pure. Every source that defines an entity keeps its own definition on the node (``defs``, one JSON
text per source, in the order they were first loaded). What the node shows (``name``, ``wikidata``,
its other properties) comes from the first definition by precedence: curated sources (seed files)
before datasets, then the earliest loaded. The other definitions' names become aliases, so every
name any source uses finds the entity. Taking a source away recomputes the node from the definitions
left, so an unload restores exactly what was there before the source came.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .plan import EntityDef

CURATED, DATASET = 0, 1


@dataclass(frozen=True)
class StoredDef:
    source: str
    rank: int  # CURATED or DATASET
    definition: EntityDef

    def dumps(self) -> str:
        return json.dumps(
            {
                "source": self.source,
                "rank": self.rank,
                "kind": self.definition.kind,
                "props": self.definition.props,
                "aliases": self.definition.aliases,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @staticmethod
    def loads(entity_id: str, text: str) -> StoredDef:
        data = json.loads(text)
        return StoredDef(
            data["source"],
            int(data["rank"]),
            EntityDef(entity_id, data["kind"], dict(data["props"]), list(data["aliases"])),
        )


def name_key(text: str) -> str:
    """How names are compared: case-folded, compatibility-normalised (so look-alike forms meet), trimmed."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def replace_def(existing: Iterable[StoredDef], new: StoredDef | None, source: str) -> list[StoredDef]:
    """The definitions after ``source`` gives ``new`` (None: withdraws its definition). Order is kept."""
    out: list[StoredDef] = []
    placed = False
    for d in existing:
        if d.source == source:
            if new is not None and not placed:
                out.append(new)
                placed = True
            continue
        out.append(d)
    if new is not None and not placed:
        out.append(new)
    return out


def node_row(entity_id: str, defs: list[StoredDef], extra_keys: Iterable[str] = ()) -> dict[str, Any] | None:
    """The node's properties from its definitions, or None when none is left."""
    if not defs:
        return None
    shown = min(range(len(defs)), key=lambda i: (defs[i].rank, i))
    first = defs[shown].definition
    props: dict[str, Any] = dict(first.props)
    name = str(props.get("name") or entity_id)
    aliases: list[str] = []
    for d in [defs[shown]] + [d for i, d in enumerate(defs) if i != shown]:
        for alias in [*d.definition.aliases, str(d.definition.props.get("name") or "")]:
            if alias and alias != name and alias not in aliases:
                aliases.append(alias)
        for key, value in d.definition.props.items():  # properties only other sources give are shown too
            props.setdefault(key, value)
    keys = list(dict.fromkeys(name_key(k) for k in (entity_id, name, *aliases, *extra_keys) if k))
    props.update(
        {
            "id": entity_id,
            "kind": first.kind,
            "name": name,
            "aliases": aliases,
            "keys": keys,
            "sources": list(dict.fromkeys(d.source for d in defs)),
            "curated": list(dict.fromkeys(d.source for d in defs if d.rank == CURATED)),
            "defs": [d.dumps() for d in defs],
        }
    )
    return props


def conflicts(defs: list[StoredDef], compared: tuple[str, ...] = ("wikidata",)) -> list[str]:
    """Properties on which two definitions disagree (kept side by side; the shown one wins)."""
    found = []
    for key in compared:
        values: dict[Any, str] = {}
        for d in defs:
            value = d.definition.props.get(key)
            if value is not None:
                values.setdefault(value, d.source)
        if len(values) > 1:
            found.append(f"{key}: " + ", ".join(f"{v!r} ({s})" for v, s in values.items()))
    return found


def stored_defs(entity_id: str, texts: Iterable[str] | None) -> list[StoredDef]:
    return [StoredDef.loads(entity_id, t) for t in texts or []]


def kinds_of(rows: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    return {eid: str(row.get("kind", "")) for eid, row in rows.items()}


def defs_of(row: Mapping[str, Any]) -> list[StoredDef]:
    """An entity's definitions; a node written by an older relgraph (no defs) counts as its sources' own."""
    if row.get("defs"):
        return stored_defs(row["id"], row["defs"])
    props = dict(row.get("props") or {})
    aliases = list(props.pop("aliases", []) or [])
    sources = list(props.pop("sources", []) or [])
    kind = str(props.pop("kind", row.get("kind") or ""))
    for key in ("id", "keys", "defs"):
        props.pop(key, None)
    return [StoredDef(s, CURATED, EntityDef(row["id"], kind, props, aliases)) for s in sources]
