"""axe-core finds no serious or critical accessibility violation on the main page types."""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "topics/gpu-cuda/", "checklists/", "question-bank/", "system-design/distributed-training-platform/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_violations(page, path, scheme):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test` (it runs npm ci)")
    page.goto(page.base + path)
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(bad)
