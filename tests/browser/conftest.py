"""Playwright driving Debian's Chromium (never Playwright's own browser download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.tooling import CHROMIUM, CHROMIUM_ARGS

ARGS = CHROMIUM_ARGS  # the launch flags (scripts/tooling.py), under the name the tests use


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's sync API keeps an event loop running while it is open,
    which would break asyncio.run() in any test that comes after it."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, site):
    """A fresh page (empty storage) that records every request it makes. Service workers are
    blocked: the offline worker would store the whole site in every test's context, and
    these tests are about the page; tests/browser/test_offline.py tests the worker."""
    _, url = site
    context = browser.new_context(service_workers="block")
    pg = context.new_page()
    pg.requests = []
    pg.console_errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.base = url
    yield pg
    context.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_axe_violations(page, selector: str = "document") -> list[str]:
    """Run axe-core on the page (or one element) and list its serious and critical findings."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs npm ci)")
    page.add_script_tag(path=str(AXE))
    context = "document" if selector == "document" else f"document.querySelector('{selector}')"
    result = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
