"""Pictures of a dyad and of a series, the Browser style and favorites, and `relgraph browse`."""

from __future__ import annotations

import re

import matplotlib.image
import pytest
from typer.testing import CliRunner

from relgraph.cli import app
from relgraph.core.results import Neighbourhood
from relgraph.loading.loader import load_all
from relgraph.output.browserfiles import rendered
from relgraph.output.pictures import figure
from relgraph.output.pictures import scene as make_scene
from relgraph.queries.answers import neighbourhood

from .conftest import ROOT, SEED_DIR

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def loaded(graph):
    load_all(graph, [SEED_DIR])
    return graph


def test_draw_writes_a_png_whose_graph_holds_the_neighbourhood(loaded, neo4j_env, tmp_path):
    out = tmp_path / "dyad.png"
    result = runner.invoke(app, ["draw", "Russia", "Pakistan", "-o", str(out)], env=neo4j_env)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 20_000
    height, width = matplotlib.image.imread(out).shape[:2]
    assert width >= 1200 and height >= 800
    scene = make_scene(neighbourhood(loaded, "Russia", "Pakistan"))
    assert {"RUS", "PAK", "cpec", "sco", "CHN", "IND", "USA"} <= set(scene.nodes)
    influencers = {e.source for e in scene.edges if e.role == "influence"}
    assert influencers == {"CHN", "IND", "USA"}
    assert {scene.nodes[i].y for i in influencers} == {3.0}  # set apart, above the pair
    assert any(e.label.startswith("MEMBER_OF 2017") for e in scene.edges if e.target == "sco")
    assert f"({len(scene.nodes)} nodes" in result.stderr


def test_draw_svg_and_a_bad_suffix(loaded, neo4j_env, tmp_path):
    svg = tmp_path / "dyad.svg"
    assert runner.invoke(app, ["draw", "RUS", "PAK", "-o", str(svg)], env=neo4j_env).exit_code == 0
    assert "<svg" in svg.read_text()[:2000] and "China" in svg.read_text()
    bad = runner.invoke(app, ["draw", "RUS", "PAK", "-o", str(tmp_path / "dyad.gif")], env=neo4j_env)
    assert bad.exit_code == 2 and ".png or .svg" in bad.stderr


def test_series_plot(loaded, neo4j_env, tmp_path):
    out = tmp_path / "trade.png"
    result = runner.invoke(
        app, ["series", "Russia", "Pakistan", "--measure", "trade", "--plot", str(out)], env=neo4j_env
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert matplotlib.image.imread(out).shape[1] >= 800


def test_favorites_are_generated_from_the_catalogue():
    folder = ROOT / "browser" / "favorites"
    assert {p.name: p.read_text() for p in folder.glob("*.cypher")} == rendered(), (
        "run: python -m relgraph.browserfiles"
    )
    text = (folder / "who_influences.cypher").read_text()
    assert ":param a => 'RUS';" in text and ":param b => 'PAK';" in text


def test_style_covers_every_label():
    grass = (ROOT / "browser" / "relgraph.grass").read_text()
    for label in (
        "State",
        "Organisation",
        "Project",
        "Treaty",
        "Event",
        "Person",
        "Region",
        "Place",
        "Law",
        "Dyad",
        "Source",
    ):
        block = re.search(r"node\." + label + r" \{(.*?)\}", grass, re.S)
        assert block and "color:" in block.group(1) and "caption:" in block.group(1), label
    assert 'caption: "<type>"' in grass


def test_browse_prints_url_and_user_but_never_the_password(neo4j_env):
    result = runner.invoke(app, ["browse", "--browser-url", "http://127.0.0.1:7474/browser/"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("http://127.0.0.1:7474/browser/?connectURL=")
    assert "neo4j%40" in result.stdout
    assert neo4j_env["NEO4J_PASSWORD"] not in result.output


def dense_neighbourhood(others: int = 48, facts_per_edge: int = 3) -> Neighbourhood:
    """Two states, three influencers, and ``others`` organisations, projects, treaties and events with long
    names, each tied to one or both states by several facts: dozens of nodes and edges."""
    kinds = ["organisation", "project", "treaty", "event"]
    rows = [
        {
            "source_id": "AAA",
            "source": "Republic of Aaaland",
            "source_kind": "state",
            "target_id": "BBB",
            "target": "Federal Democratic Republic of Bbbland",
            "target_kind": "state",
            "type": t,
            "year": 2000 + i,
            "role": "bilateral",
        }
        for i, t in enumerate(["TRADES_WITH", "RIVALS", "SUPPORTS", "COOPERATES_WITH"])
    ]
    for i, who in enumerate(["CCC", "DDD", "EEE"]):
        rows.append(
            {
                "source_id": who,
                "source": f"Influencing state number {i}",
                "source_kind": "state",
                "target_id": "AAA-BBB",
                "target": "Aaaland–Bbbland",
                "target_kind": None,
                "type": "INFLUENCES",
                "year": None,
                "role": "influence",
            }
        )
    for i in range(others):
        kind = kinds[i % 4]
        for end in ["AAA", "BBB"] if i % 3 else ["AAA"] if i % 2 else ["BBB"]:
            for j in range(facts_per_edge):
                rows.append(
                    {
                        "source_id": end,
                        "source": "x",
                        "source_kind": "state",
                        "target_id": f"thing-{i}",
                        "target": f"A rather long name for shared thing number {i} of the dense scene",
                        "target_kind": kind,
                        "type": ["PARTICIPATES_IN", "PARTY_TO", "HAS_INTEREST"][j % 3],
                        "year": 1990 + (i + j) % 30,
                        "role": "membership" if kind == "organisation" else "tie",
                    }
                )
    for row in rows:  # names as the query gives them
        row["source"] = {"AAA": "Republic of Aaaland", "BBB": "Federal Democratic Republic of Bbbland"}.get(
            row["source_id"], row["source"]
        )
    return Neighbourhood("Aaaland–Bbbland, a dense scene", "AAA", "BBB", rows)


def _boxes(drawn):
    renderer = drawn.figure.canvas.get_renderer()
    return [label.get_window_extent(renderer) for label in drawn.labels]


def test_no_two_labels_overlap_in_a_dense_scene():
    picture = make_scene(dense_neighbourhood(), limit=200)
    assert len(picture.nodes) > 40 and len(picture.edges) > 70
    drawn = figure(picture)
    boxes = _boxes(drawn)
    edge_labels = [e for e in picture.edges if e.label]
    assert len(drawn.labels) + sum("no room" in entry for entry in drawn.legend) >= len(picture.nodes) + len(
        edge_labels
    )
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert overlaps == []
    # The scene is dense enough that labels put at their edges' middles would collide: the test can fail.
    renderer = drawn.figure.canvas.get_renderer()
    ax = drawn.figure.axes[0]
    naive = []
    for edge in edge_labels:
        s, t = picture.nodes[edge.source], picture.nodes[edge.target]
        text = ax.text((s.x + t.x) / 2, (s.y + t.y) / 2, edge.label, fontsize=7, ha="center", va="center")
        naive.append(text.get_window_extent(renderer))
    assert any(naive[i].overlaps(naive[j]) for i in range(len(naive)) for j in range(i + 1, len(naive)))
    import matplotlib.pyplot as plt

    plt.close(drawn.figure)


def test_parallel_facts_make_one_edge_and_long_names_wrap():
    picture = make_scene(dense_neighbourhood(others=4), limit=200)
    pairs = [frozenset((e.source, e.target)) for e in picture.edges]
    assert len(pairs) == len(set(pairs))
    bilateral = next(e for e in picture.edges if e.role == "bilateral")
    assert bilateral.facts == 4 and bilateral.label == "4 facts, 4 types 2000–2003"
    tie = next(e for e in picture.edges if e.target == "thing-1" and e.source == "AAA")
    assert tie.label == "HAS_INTEREST; PARTICIPATES_IN; PARTY_TO 1991–1993" and tie.facts == 3
    assert all(len(line) <= 19 for n in picture.nodes.values() for line in n.caption.split("\n"))
    assert picture.nodes["BBB"].caption == "Federal Democratic\nRepublic of\nBbbland"


def test_hundreds_of_facts_keep_the_most_relevant_and_say_what_was_left_out(tmp_path):
    picture = make_scene(dense_neighbourhood(others=120, facts_per_edge=3), limit=30)
    assert len([e for e in picture.edges if e.role != "side"]) == 30
    assert {e.role for e in picture.edges} >= {"bilateral", "influence", "side"}
    assert picture.left_out_edges > 100 and picture.left_out_facts >= 3 * picture.left_out_edges
    assert f"draw them with --limit {30 + picture.left_out_edges}" in picture.note
    from relgraph.output.pictures import draw_scene

    message = draw_scene(picture, tmp_path / "dense.svg")
    assert "left out" in message and "<svg" in (tmp_path / "dense.svg").read_text()[:2000]
