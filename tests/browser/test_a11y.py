"""axe-core finds no serious or critical accessibility violation on the main page types."""

from __future__ import annotations

import pytest

from .conftest import serious_axe_violations

pytestmark = pytest.mark.browser
PAGES = [
    "",
    "topics/gpu-cuda/",
    "checklists/",
    "question-bank/",
    "system-design/distributed-training-platform/",
    "interviewers/debrief/",
]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_violations(page, path, scheme):
    page.goto(page.base + path)
    # No colour transitions: axe must see the final colours of the scheme, not a blend. Every
    # part laid out: axe reads the place of a part that content-visibility (guide.css) leaves
    # unrendered off screen wrongly and takes what is painted there as its background
    # (dequelabs/axe-core#2768, open as of 2026-12); its colours are the same either way.
    page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; } * { content-visibility: visible !important; }"
    )
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)
