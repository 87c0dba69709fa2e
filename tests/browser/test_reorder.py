"""Reordering and rewording a checklist in the data keeps a reader's ticks (real rebuilds)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import QuietHandler, free_port, mkdocs_build

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mini_site(tmp_path):
    project = tmp_path / "mini"
    shutil.copytree(ROOT / "tests/fixtures/mini", project)
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "overrides").mkdir()
    (project / "docs/assets").mkdir()
    for script in ("core.js", "guide.js"):  # guide.js works through the shared core
        shutil.copy(ROOT / "docs/assets" / script, project / "docs/assets" / script)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nextra_javascript:\n  - assets/core.js\n  - assets/guide.js\n")
    out = tmp_path / "out"
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield project, out, f"http://127.0.0.1:{port}/"
    server.shutdown()
    server.server_close()


def build(project, out, url):
    result = mkdocs_build(project, out, url)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_reorder_and_reword_keeps_ticks(browser, mini_site):
    project, out, url = mini_site
    build(project, out, url)
    page = browser.new_context().new_page()
    page.goto(url + "topics/alpha/")
    page.locator(".checklist[data-ready]").wait_for()
    page.locator('li:has(span[data-item="read-page"]) input').check(force=True)
    assert page.locator(".checklist-progress").inner_text() == "1 of 2 done"

    # Swap the two items, reword the ticked one, add a new one; rebuild into the same place.
    checklist = project / "data/checklists/basics.yml"
    checklist.write_text(
        "id: basics\ntitle: Basics\nsections:\n  - title: Review\n    items:\n"
        "      - {id: read-page, text: Read all of the beta page, link: topics/beta.md}\n"
        "      - {id: brand-new, text: Something new}\n"
        "      - {id: read-alpha, text: Read the alpha topic, link: q:first-question}\n"
    )
    build(project, out, url)
    page.reload()
    page.locator(".checklist[data-ready]").wait_for()
    items = page.locator(".checklist li")
    assert "Read all of the beta page" in items.nth(0).inner_text()
    assert items.nth(0).locator("input").is_checked()
    assert not items.nth(1).locator("input").is_checked()  # new item starts unticked
    assert not items.nth(2).locator("input").is_checked()
    assert page.locator(".checklist-progress").inner_text() == "1 of 3 done"
    page.context.close()
