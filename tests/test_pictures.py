"""Pictures of a dyad and of a series, the Browser style and favorites, and `relgraph browse`."""

from __future__ import annotations

import re

import matplotlib.image
import pytest
from typer.testing import CliRunner

from relgraph.output.pictures import scene as make_scene
from relgraph.queries.answers import neighbourhood
from relgraph.output.browserfiles import rendered
from relgraph.cli import app
from relgraph.loading.loader import load_all

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
    result = runner.invoke(app, ["series", "Russia", "Pakistan", "--measure", "trade", "--plot", str(out)],
                           env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert matplotlib.image.imread(out).shape[1] >= 800


def test_favorites_are_generated_from_the_catalogue():
    folder = ROOT / "browser" / "favorites"
    assert {p.name: p.read_text() for p in folder.glob("*.cypher")} == rendered(), \
        "run: python -m relgraph.browserfiles"
    text = (folder / "who_influences.cypher").read_text()
    assert ":param a => 'RUS';" in text and ":param b => 'PAK';" in text


def test_style_covers_every_label():
    grass = (ROOT / "browser" / "relgraph.grass").read_text()
    for label in ("State", "Organisation", "Project", "Treaty", "Event", "Person", "Region", "Place", "Law", "Dyad",
                  "Source"):
        block = re.search(r"node\." + label + r" \{(.*?)\}", grass, re.S)
        assert block and "color:" in block.group(1) and "caption:" in block.group(1), label
    assert 'caption: "<type>"' in grass


def test_browse_prints_url_and_user_but_never_the_password(neo4j_env):
    result = runner.invoke(app, ["browse", "--browser-url", "http://127.0.0.1:7474/browser/"], env=neo4j_env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("http://127.0.0.1:7474/browser/?connectURL=")
    assert "neo4j%40" in result.stdout
    assert neo4j_env["NEO4J_PASSWORD"] not in result.output
