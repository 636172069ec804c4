"""Pictures: a dyad's neighbourhood as a diagram, and a quantity series as a chart.

``scene`` is pure (rows in, a Scene out: which nodes, where, which edges, with
what labels); ``draw_scene`` and ``plot_series`` write PNG or SVG files with
matplotlib, imported only when a picture is asked for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from ..core.results import Answer, Neighbourhood

COLOURS = {"state": "#2F6FBF", "organisation": "#7B4FA8", "project": "#3A9A5B", "treaty": "#E0A02B",
           "event": "#D0463B", "person": "#2A9D9A", "region": "#8C939D", "place": "#B5835A", "law": "#4B5D73", "dyad": "#F2F2F2"}
FORMATS = (".png", ".svg")


@dataclass
class Node:
    id: str
    name: str
    kind: str
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    label: str
    role: str


@dataclass
class Scene:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def _spread(count: int, width: float) -> list[float]:
    if count == 1:
        return [0.0]
    return [-width / 2 + i * width / (count - 1) for i in range(count)]


def _label(types: list[tuple[str, int | None]]) -> str:
    names = sorted({t for t, _ in types})
    years = sorted({y for _, y in types if y})
    when = f" {years[0]}" if len(years) == 1 else (f" {years[0]}–{years[-1]}" if years else "")
    return "; ".join(names) + when


def scene(found: Neighbourhood) -> Scene:
    """Place the nodes: A left, B right, their relationship between them, influencers above,
    organisations, projects, treaties and events below; edges labelled with type and year."""
    rows, a, b = found.rows, found.a, found.b
    out = Scene(found.title)
    grouped: dict[tuple[str, str, str], list[tuple[str, int | None]]] = defaultdict(list)
    for row in rows:
        for key in ("source", "target"):
            nid = row[f"{key}_id"]
            out.nodes.setdefault(nid, Node(nid, row[key] or nid, row[f"{key}_kind"] or "dyad"))
        ends = (row["source_id"], row["target_id"])
        if row["role"] == "bilateral":  # one edge for everything between the two, whichever way
            ends = (a, b)
        grouped[(*ends, row["role"])].append((row["type"], row["year"]))
    if a not in out.nodes or b not in out.nodes:
        raise UsageError("Nothing to draw: the two states share no facts in the graph.")
    out.nodes[a].x, out.nodes[b].x = -4.0, 4.0
    dyads = [n for n in out.nodes.values() if n.kind == "dyad"]
    for n in dyads:
        n.x, n.y = 0.0, 1.3
    influencers = sorted({s for (s, _, role) in grouped if role == "influence"})
    for x, nid in zip(_spread(len(influencers), 6.0), influencers):
        out.nodes[nid].x, out.nodes[nid].y = x, 3.0
    placed = {a, b, *influencers, *(n.id for n in dyads)}
    sides: dict[str, set[str]] = defaultdict(set)
    for (source, target, _) in grouped:
        for end, other in ((source, target), (target, source)):
            if end in (a, b):
                sides[other].add(end)
    # Tied to A only on the left, to both in the middle, to B only on the right.
    order = {frozenset({a}): 0, frozenset({a, b}): 1, frozenset({b}): 2}
    below = sorted((n for n in out.nodes.values() if n.id not in placed),
                   key=lambda n: (order.get(frozenset(sides[n.id]), 1), n.kind, n.name))
    rows_below = [below[i::2] for i in range(2)] if len(below) > 7 else [below]
    for level, group in enumerate(rows_below):
        for x, node in zip(_spread(len(group), 9.0), group):
            node.x, node.y = x + (0.45 if level else 0.0), -2.6 - 1.6 * level
    for n in dyads:  # the relationship node hangs between its two states
        out.edges += [Edge(a, n.id, "", "side"), Edge(b, n.id, "", "side")]
    for (source, target, role), types in grouped.items():
        if role == "bilateral":
            label = f"{len(types)} facts between them ({_label(types).split('; ')[-1].split(' ', 1)[-1]})" \
                if len(types) > 3 else _label(types)
        else:
            label = _label(types)
        out.edges.append(Edge(source, target, label, role))
    return out


def _check_suffix(path: Path, allowed: tuple[str, ...]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise UsageError(f"{path}: choose a file ending in {' or '.join(allowed)}")
    return suffix[1:]


def draw_scene(picture: Scene, path: Path) -> str:
    fmt = _check_suffix(path, FORMATS)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(15, 10), dpi=100)
    ax.set_axis_off()
    ax.set_title(picture.title, fontsize=16, pad=14)
    for edge in picture.edges:
        s, t = picture.nodes[edge.source], picture.nodes[edge.target]
        style = {"influence": ("#D0463B", 2.5, "-|>"), "bilateral": ("#1F4F8F", 3.0, "-"), "side": ("#9DB7DA", 1.5, "-"),
                 "membership": ("#7B4FA8", 1.5, "-|>")}.get(edge.role, ("#8C939D", 1.2, "-|>"))
        ax.annotate("", xy=(t.x, t.y), xytext=(s.x, s.y),
                    arrowprops={"arrowstyle": style[2], "color": style[0], "lw": style[1], "shrinkA": 28,
                                "shrinkB": 28, "connectionstyle": "arc3,rad=0.08"})
        at = 0.5 if edge.role in ("bilateral", "influence") else 0.72  # labels near the far end spread out
        lx, ly = s.x + (t.x - s.x) * at, s.y + (t.y - s.y) * at + (-0.3 if edge.role == "bilateral" else 0.12)
        ax.text(lx, ly, edge.label, fontsize=7.5, ha="center", va="center",
                color="#333333", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    for node in picture.nodes.values():
        big = node.kind in ("state", "dyad") and abs(node.y) < 0.01
        ax.scatter([node.x], [node.y], s=3200 if big else 1700, c=COLOURS.get(node.kind, "#A5ABB6"),
                   edgecolors="#1F4F8F" if node.kind == "dyad" else "white", linewidths=2.5, zorder=3)
        name = node.name if len(node.name) <= 28 else node.name[:27] + "…"
        ax.text(node.x, node.y - (0.55 if big else 0.45), name, fontsize=10 if big else 8.5, ha="center",
                va="top", zorder=4, fontweight="bold" if node.kind == "state" else "normal")
    handles = [plt.Line2D([], [], marker="o", ls="", markersize=10, markerfacecolor=c, markeredgecolor="#999999",
                          label=k) for k, c in COLOURS.items() if any(n.kind == k for n in picture.nodes.values())]
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=9)
    ax.set_xlim(-6, 6)
    ax.set_ylim(-5.6, 4.2)
    fig.tight_layout()
    fig.savefig(path, format=fmt)
    plt.close(fig)
    return f"wrote {path} ({len(picture.nodes)} nodes, {len(picture.edges)} edges)"


def plot_series(answer: Answer, path: Path) -> Path:
    """One chart per unit (values of different units never share an axis); on each, one line per series
    (who to whom, what, from which source), never summed. A range is drawn as a bar from low to high; an
    approximate figure as a hollow marker."""
    rows, title = answer.rows, answer.title
    fmt = _check_suffix(path, FORMATS)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    by_unit: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["year"] is not None and (row.get("value") is not None or row.get("low") is not None):
            key = f"{row.get('relation') or row.get('direction') or ''}, {row.get('measure') or ''}" + (
                f" ({'; '.join(row['sources'])})" if row.get("sources") else "")
            by_unit[row["unit"]][key].append(row)
    if not by_unit:
        raise UsageError("Nothing to plot: no dated values.")
    colours = ["#2F6FBF", "#D0463B", "#3A9A5B", "#E0A02B", "#7B4FA8", "#2A9D9A"]
    fig, axes = plt.subplots(len(by_unit), 1, figsize=(9, 4.5 * len(by_unit)), dpi=100, squeeze=False)
    for ax, (unit, lines) in zip(axes[:, 0], sorted(by_unit.items())):
        for index, (label, points) in enumerate(sorted(lines.items())):
            colour = colours[index % len(colours)]
            points = sorted(points, key=lambda p: p["year"])
            shown = [p for p in points if p.get("value") is not None]
            years = [p["year"] for p in shown]
            values = [p["value"] for p in shown]
            ax.plot(years, values, color=colour, lw=2, label=label)
            for p in shown:
                ax.plot([p["year"]], [p["value"]], marker="o", color=colour,
                        markerfacecolor="white" if p.get("approximate") else colour)
                ax.annotate(("≈" if p.get("approximate") else "") + f"{p['value']:,.0f}", (p["year"], p["value"]),
                            textcoords="offset points", xytext=(0, 8), ha="center", fontsize=9)
            for p in points:
                if p.get("low") is not None and p.get("high") is not None:
                    ax.vlines(p["year"], p["low"], p["high"], color=colour, lw=6, alpha=0.35)
        ax.set_ylabel(unit)
        ax.set_xlabel("year")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.margins(y=0.2)
        ax.legend(fontsize=8, loc="best")
    axes[0, 0].set_title(title)
    fig.tight_layout()
    fig.savefig(path, format=fmt)
    plt.close(fig)
    return path
