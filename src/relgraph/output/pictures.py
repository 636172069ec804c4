"""Pictures: a dyad's neighbourhood as a diagram, and a quantity series as a chart.

``scene`` (in ``output.scene``, named here too) is pure (rows in, a Scene out: which nodes, where, which
edges, with what labels, and what was left out); ``figure`` draws a scene with matplotlib and places every label where it overlaps no other
label and no node, moving a label that fits nowhere to a numbered legend beside the graph;
``draw_scene`` and ``plot_series`` write PNG or SVG files. matplotlib is imported only when a picture is
asked for.
"""

from __future__ import annotations

import math
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import UsageError
from ..core.results import Answer
from .scene import DRAW_LIMIT, Edge, Node, Scene, scene

__all__ = ["DRAW_LIMIT", "Drawn", "Edge", "Node", "Scene", "draw_scene", "figure", "plot_series", "scene"]

COLOURS = {
    "state": "#2F6FBF",
    "organisation": "#7B4FA8",
    "project": "#3A9A5B",
    "treaty": "#E0A02B",
    "event": "#D0463B",
    "person": "#2A9D9A",
    "region": "#8C939D",
    "place": "#B5835A",
    "law": "#4B5D73",
    "dyad": "#F2F2F2",
}
FORMATS = (".png", ".svg")


def _check_suffix(path: Path, allowed: tuple[str, ...]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise UsageError(f"{path}: choose a file ending in {' or '.join(allowed)}")
    return suffix[1:]


EDGE_STYLES = {
    "influence": ("#D0463B", 2.5, "-|>"),
    "bilateral": ("#1F4F8F", 3.0, "-"),
    "side": ("#9DB7DA", 1.5, "-"),
    "membership": ("#7B4FA8", 1.5, "-|>"),
}
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9}


@dataclass
class Drawn:
    """A drawn scene: the figure, every label on the graph (node names, edge labels, legend numbers), and
    the legend entries for labels that fit nowhere on the graph."""

    figure: Any
    labels: list[Any]
    legend: list[str]


def figure(picture: Scene) -> Drawn:
    """Draw ``picture`` (no file written). Labels are placed one by one where they overlap no label
    already placed and no node: node names below their node, else above or beside it; edge labels along
    their edge, else beside it; what fits nowhere is numbered, and the number goes on the edge (or, if
    even that fits nowhere, only the legend names the edge)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [n.x for n in picture.nodes.values()] or [0.0]
    ys = [n.y for n in picture.nodes.values()] or [0.0]
    height = max(10.0, 4.0 + 1.3 * (max(ys) - min(ys)))
    fig = plt.figure(figsize=(18, height), dpi=100)
    ax = fig.add_axes((0.01, 0.02, 0.72, 0.9))
    side = fig.add_axes((0.74, 0.02, 0.25, 0.9))
    ax.set_axis_off()
    side.set_axis_off()
    fig.suptitle(picture.title, fontsize=16)
    ax.set_xlim(min(xs) - 1.6, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 1.4, max(ys) + 1.0)
    for edge in picture.edges:
        s, t = picture.nodes[edge.source], picture.nodes[edge.target]
        colour, width, arrow = EDGE_STYLES.get(edge.role, ("#8C939D", 1.2, "-|>"))
        ax.annotate(
            "",
            xy=(t.x, t.y),
            xytext=(s.x, s.y),
            arrowprops={"arrowstyle": arrow, "color": colour, "lw": width, "shrinkA": 24, "shrinkB": 24},
        )
    for node in picture.nodes.values():
        ax.scatter(
            [node.x],
            [node.y],
            s=2600 if node.big else 1300,
            c=COLOURS.get(node.kind, "#A5ABB6"),
            edgecolors="#1F4F8F" if node.kind == "dyad" else "white",
            linewidths=2.5,
            zorder=3,
        )
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    taken = [_node_box(ax, node) for node in picture.nodes.values()]
    labels: list[Any] = []
    legend: list[str] = []

    def place(text: Any, spots: list[tuple[float, float]]) -> bool:
        for x, y in spots:
            text.set_position((x, y))
            box = text.get_window_extent(renderer).expanded(1.0, 1.0).padded(2)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if inside and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                labels.append(text)
                return True
        return False

    # Node names first: they say what the picture is of.
    for node in sorted(picture.nodes.values(), key=lambda n: (not n.big, n.y < 0, n.x)):
        text = ax.text(
            node.x,
            node.y,
            node.caption,
            fontsize=10 if node.big else 8,
            ha="center",
            va="center",
            zorder=4,
            fontweight="bold" if node.kind == "state" else "normal",
            linespacing=1.0,
        )
        gap = 0.55 if node.big else 0.42
        lines = node.caption.count("\n") + 1
        drop = gap + 0.11 * lines
        spots = [
            (node.x, node.y - drop),
            (node.x, node.y + drop),
            (node.x - 1.0, node.y - drop),
            (node.x + 1.0, node.y - drop),
            (node.x - 1.2, node.y),
            (node.x + 1.2, node.y),
        ]
        if not place(text, spots):
            text.set_text(f"[{len(legend) + 1}]")
            legend.append(f"[{len(legend) + 1}] {node.name}")
            if not place(text, spots):
                text.remove()
    for edge in picture.edges:
        if not edge.label:
            continue
        s, t = picture.nodes[edge.source], picture.nodes[edge.target]
        text = ax.text(
            0, 0, edge.label, fontsize=7, ha="center", va="center", color="#333333", zorder=5, bbox=LABEL_BOX
        )
        spots = _along(s, t)
        if place(text, spots):
            continue
        number = len(legend) + 1
        legend.append(f"{number}. {s.name} – {t.name}: {edge.label}")
        text.set_text(str(number))
        text.set_fontweight("bold")
        if not place(text, spots):
            text.remove()
            legend[-1] += " (not marked on the graph: no room)"
    _side_panel(side, picture, legend)
    return Drawn(fig, labels, legend)


def _node_box(ax: Any, node: Node) -> Any:
    """The node's marker as a box in display coordinates."""
    from matplotlib.transforms import Bbox

    x, y = ax.transData.transform((node.x, node.y))
    radius = math.sqrt(2600 if node.big else 1300) / 2 * ax.figure.dpi / 72
    return Bbox.from_extents(x - radius, y - radius, x + radius, y + radius)


def _along(s: Node, t: Node) -> list[tuple[float, float]]:
    """Places for an edge's label: along the edge, middle first, then a little to either side of it."""
    dx, dy = t.x - s.x, t.y - s.y
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    spots = []
    for offset in (0.0, 0.22, -0.22, 0.45, -0.45):
        for at in (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78):
            spots.append((s.x + dx * at + nx * offset, s.y + dy * at + ny * offset))
    return spots


def _side_panel(side: Any, picture: Scene, legend: list[str]) -> None:
    """Beside the graph: what the colours mean, labels moved out of the graph, what was left out."""

    kinds = [k for k in COLOURS if any(n.kind == k for n in picture.nodes.values())]
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="", markersize=10, markerfacecolor=COLOURS[k], markeredgecolor="#999999", label=k)
        for k in kinds
    ]
    if handles:
        side.legend(handles=handles, loc="upper left", frameon=False, fontsize=9, ncol=2)
    lines = []
    for entry in legend:
        lines += textwrap.wrap(entry, 60, subsequent_indent="    ") or [""]
    if picture.note:
        lines += [""] + textwrap.wrap(picture.note, 60)
    if lines:  # smaller type when the legend is long, so that it fits beside the graph
        room = side.get_window_extent().height * 0.8 * 72 / side.figure.dpi  # points
        size = max(4.0, min(7.5, room / (1.25 * len(lines))))
        side.text(0.0, 0.82, "\n".join(lines), fontsize=size, va="top", ha="left", transform=side.transAxes)


def draw_scene(picture: Scene, path: Path) -> str:
    fmt = _check_suffix(path, FORMATS)
    drawn = figure(picture)
    import matplotlib.pyplot as plt

    drawn.figure.savefig(path, format=fmt)
    plt.close(drawn.figure)
    edges = sum(1 for e in picture.edges if e.role != "side")
    message = f"wrote {path} ({len(picture.nodes)} nodes, {edges} edges"
    message += f"; {len(drawn.legend)} label(s) in the numbered legend)" if drawn.legend else ")"
    return message + (f"\n{picture.note}" if picture.note else "")


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
                f" ({'; '.join(row['sources'])})" if row.get("sources") else ""
            )
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
                ax.plot(
                    [p["year"]],
                    [p["value"]],
                    marker="o",
                    color=colour,
                    markerfacecolor="white" if p.get("approximate") else colour,
                )
                ax.annotate(
                    ("≈" if p.get("approximate") else "") + f"{p['value']:,.0f}",
                    (p["year"], p["value"]),
                    textcoords="offset points",
                    xytext=(0, 8),
                    ha="center",
                    fontsize=9,
                )
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
