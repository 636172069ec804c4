"""What a reload changes: the difference between the facts and entities a source asserted before and what
it asserts now, as ids (``diff_ids``) and as lines a person reads (``fact_changes``, ``entity_changes``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .plan import CLAIM_LISTS, DERIVED_PROPS, SLOT_FIELDS, EntityDef

ChangeKind = Literal["added", "changed", "updated", "retracted"]


@dataclass(frozen=True)
class Change:
    """One difference between what a source asserted before and what it asserts now."""

    change: ChangeKind
    what: Literal["fact", "entity"]
    type: str  # relation type, or entity kind
    subject: str
    object: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def describe(self) -> str:
        ends_ = f"{self.subject} -> {self.object}" if self.object else self.subject
        if self.change == "added":
            detail = _brief(self.after)
        elif self.change == "retracted":
            detail = _brief(self.before)
        else:
            detail = _delta(self.before or {}, self.after or {})
        return f"{self.change} {self.what} {self.type} {ends_}" + (f": {detail}" if detail else "")


def _shown(key: str, value: Any) -> bool:
    return key not in DERIVED_PROPS and value not in (None, [], "")


def _brief(d: dict[str, Any] | None) -> str:
    return ", ".join(f"{k}={_short(v)}" for k, v in sorted((d or {}).items()) if _shown(k, v))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _delta(before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = sorted(set(before) | set(after))
    return ", ".join(
        f"{k} {_short(before.get(k))!r} -> {_short(after.get(k))!r}"
        for k in keys
        if before.get(k) != after.get(k) and _shown(k, before.get(k) or after.get(k))
    )


@dataclass
class FactDiff:
    """How a source's facts change: ids to add, retract, and re-claim (same fact, new citations)."""

    added: list[str] = field(default_factory=list)
    retracted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.added) + len(self.retracted) + len(self.updated)


def diff_ids(old: Mapping[str, str], new: Mapping[str, str]) -> FactDiff:
    """Compare fact id -> claim digest maps (what the source asserted before, and now)."""
    out = FactDiff()
    for fid, digest in new.items():
        before = old.get(fid)
        if before is None:
            out.added.append(fid)
        elif before != digest:
            out.updated.append(fid)
    out.retracted = [fid for fid in old if fid not in new]
    return out


def _claim_view(row: Mapping[str, Any]) -> dict[str, Any]:
    return {**row["props"], **{k: sorted(row.get(k) or []) for k in CLAIM_LISTS}}


def _slot(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (row["type"], row["subject"], row["object"], *(row["props"].get(k) for k in SLOT_FIELDS))


def fact_changes(
    added: Iterable[Mapping[str, Any]],
    retracted: Iterable[Mapping[str, Any]],
    updated: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
) -> list[Change]:
    """Describe fact changes. A retraction and an addition alone in the same slot read as one change.

    Rows have type, subject, object, props and this source's claim lists; ``updated`` pairs (before, after).
    """
    added, retracted = list(added), list(retracted)
    changes = [
        Change("updated", "fact", a["type"], a["subject"], a["object"], _claim_view(b), _claim_view(a))
        for b, a in updated
    ]
    by_slot_added: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for row in added:
        by_slot_added.setdefault(_slot(row), []).append(row)
    by_slot_retracted: dict[tuple[Any, ...], list[Mapping[str, Any]]] = {}
    for row in retracted:
        by_slot_retracted.setdefault(_slot(row), []).append(row)
    paired: set[str] = set()
    for slot, olds in by_slot_retracted.items():
        news = by_slot_added.get(slot, [])
        if len(olds) == 1 and len(news) == 1:
            old, new = olds[0], news[0]
            paired |= {old["fact_id"], new["fact_id"]}
            changes.append(
                Change(
                    "changed", "fact", new["type"], new["subject"], new["object"], _claim_view(old), _claim_view(new)
                )
            )
    changes += [
        Change("added", "fact", r["type"], r["subject"], r["object"], None, _claim_view(r))
        for r in added
        if r["fact_id"] not in paired
    ]
    changes += [
        Change("retracted", "fact", r["type"], r["subject"], r["object"], _claim_view(r), None)
        for r in retracted
        if r["fact_id"] not in paired
    ]
    return _ordered(changes)


ENTITY_COMPARED = ("name", "wikidata", "note", "type", "signed", "date", "enacted", "successor", "nuclear_power")


def entity_changes(old: Iterable[EntityDef], new: Iterable[EntityDef]) -> list[Change]:
    """Differences between the entity definitions a source gave before and gives now."""
    olds = {e.id: e for e in old}
    changes = []
    news = list(new)
    for e in news:
        after = {
            **{k: e.props.get(k) for k in ENTITY_COMPARED if e.props.get(k) is not None},
            "aliases": sorted(e.aliases),
        }
        before_def = olds.get(e.id)
        if before_def is None:
            changes.append(Change("added", "entity", e.kind, e.id, None, None, after))
            continue
        before = {
            **{k: before_def.props.get(k) for k in ENTITY_COMPARED if before_def.props.get(k) is not None},
            "aliases": sorted(before_def.aliases),
        }
        if before != after:
            changes.append(Change("updated", "entity", e.kind, e.id, None, before, after))
    new_ids = {e.id for e in news}
    changes += [
        Change("retracted", "entity", e.kind, e.id, None, {"name": e.props.get("name")}, None)
        for e in olds.values()
        if e.id not in new_ids
    ]
    return _ordered(changes)


def _ordered(changes: list[Change]) -> list[Change]:
    order = {"retracted": 0, "changed": 1, "updated": 2, "added": 3}
    return sorted(changes, key=lambda c: (c.what, order[c.change], c.type, c.subject, c.object or ""))
