"""A real browser: headless Chromium opens Neo4j Browser on the managed server, connects, runs the
who-influences favorite and query, and finds China, India and the United States. The screenshot is kept
in test-artifacts/."""

from __future__ import annotations

import os
import shutil

import pytest

from relgraph.loading.loader import load_all
from relgraph.output.browserfiles import rendered
from relgraph.queries.catalogue import catalogue

from .conftest import ROOT, SEED_DIR

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("RELGRAPH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# The probe's flags: no sandbox as root, and no background traffic on a machine without network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _statements(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith(":param")) + 1


STATEMENTS = _statements(rendered()["who_influences.cypher"])


def test_neo4j_browser_shows_who_influences_russia_pakistan(graph, neo4j_backend):
    conn = neo4j_backend.connection
    if not conn.browser_url:
        pytest.skip("Neo4j Browser's address is known only for the managed server (not for NEO4J_URI or Docker)")
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium) "
            "or set RELGRAPH_CHROMIUM"
        )
    from playwright.sync_api import expect, sync_playwright

    load_all(graph, [SEED_DIR])
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-who-influences.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(conn.browser_url, timeout=60_000)
            page.wait_for_selector('input[data-testid="boltaddress"]', timeout=60_000)
            page.fill('input[data-testid="boltaddress"]', conn.uri)
            page.fill('input[data-testid="username"]', conn.user)
            page.fill('input[data-testid="password"]', conn.password)
            page.click('button[data-testid="connect"]')
            page.wait_for_selector("text=Connected to Neo4j", timeout=60_000)
            # The generated favorite: its :param lines, then the query (multi-statement).
            page.click("#monaco-main-editor")
            page.keyboard.insert_text(rendered()["who_influences.cypher"])
            frames = '[data-testid="frameContents"]'
            shown = page.locator(frames).count()
            page.click('[data-testid="editor-Run"]')
            page.wait_for_function(f"document.querySelectorAll('{frames}').length > {shown}", timeout=60_000)
            # The statements run one after another in one frame: the query below needs every :param set.
            done = page.locator(frames).first.locator(
                '[data-testid="multi-statement-list-icon"][title="Status: success"]'
            )
            expect(done).to_have_count(STATEMENTS, timeout=60_000)
            shown = page.locator(frames).count()
            # The catalogue query alone, with those parameters: a new frame shows its table.
            page.click("#monaco-main-editor")
            page.keyboard.insert_text(catalogue()["who_influences"].text)
            page.click('[data-testid="editor-Run"]')
            page.wait_for_function(f"document.querySelectorAll('{frames}').length > {shown}", timeout=60_000)
            try:
                page.wait_for_selector(f"{frames} >> nth=0 >> text=United States", timeout=60_000)
            except Exception as exc:
                page.screenshot(path=str(ARTIFACTS / "browser-who-influences-failed.png"), full_page=True)
                every = page.locator(frames)
                shown_frames = [every.nth(i).inner_text()[:400] for i in range(every.count())]
                raise AssertionError(f"no frame shows United States; the frames, newest first: {shown_frames}") from exc
            frame = page.locator('[data-testid="frameContents"]').first.inner_text()
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    for name in ("China", "India", "United States"):
        assert name in frame
    assert shot.stat().st_size > 10_000
