"""The home page renders, search finds questions, nothing is fetched from another host."""

from __future__ import annotations

import re

import pytest

from tests.waits import search as search_for

pytestmark = pytest.mark.browser


def off_host(page) -> list[str]:
    return [u for u in page.requests if not u.startswith((page.base, "data:", "blob:"))]


def test_home_page_renders(page):
    page.goto(page.base)
    assert "AI Platform Interview Guide" in page.title()
    assert page.locator("h1").first.is_visible()
    assert page.locator("nav.md-tabs").count() == 1
    assert off_host(page) == []


def search(page, text: str):
    page.goto(page.base)
    return search_for(page, text)


def squash(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.lower())


def test_search_finds_a_question_by_a_word_in_its_prompt(page, guide):
    q = guide.questions["gpu-memory-leaks"]
    search(page, "compute-sanitizer")
    page.locator(".md-search-result__item", has_text=q.title).first.wait_for(timeout=15000)
    assert off_host(page) == []


@pytest.mark.parametrize("term", ["all-reduce", "kv_cache", "shared_ptr", "H100"])
def test_search_finds_identifiers(page, term):
    texts = search(page, term).all_inner_texts()
    assert any(squash(term) in squash(t) for t in texts), texts[:3]


def test_instant_navigation_stays_on_host(page):
    page.goto(page.base)
    page.locator("nav.md-tabs a").nth(1).click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(page.base)
    assert off_host(page) == []


def test_diagram_rows_start_flush_left(page):
    """Material centres figures; every row of a drawing must still start at the same x."""
    page.goto(page.base + "system-design/llm-inference-service/")
    starts = page.locator("figure.diagram pre.diagram-art").first.evaluate("""pre => {
        const text = pre.firstChild, xs = [];
        let at = 0;
        for (const row of text.data.split("\\n")) {
            if (row.length) {
                const range = document.createRange();
                range.setStart(text, at);
                range.setEnd(text, at + 1);
                xs.push(Math.round(range.getBoundingClientRect().left));
            }
            at += row.length + 1;
        }
        return xs;
    }""")
    assert len(starts) > 5 and len(set(starts)) == 1, starts
    align = page.locator("figure.diagram .diagram-text").first.evaluate("el => getComputedStyle(el).textAlign")
    assert align in ("left", "start")


@pytest.mark.parametrize(
    "size", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_search_results_show_titles_and_text_not_tag_chips(page, size):
    """Material lists every tag of a page under each hit: on a phone one result filled the screen."""
    page.set_viewport_size(size)
    page.goto(page.base)
    results = search_for(page, "all-reduce")  # opens the box with the phone's search button too
    assert results.count() > 3
    assert page.locator(".md-search-result__item .md-tags").count() > 0  # Material still writes them...
    assert page.locator(".md-search-result .md-tag:visible").count() == 0  # ...and none shows
    first = results.first
    assert first.locator("h1, h2").first.is_visible()
    assert first.locator("article").first.inner_text().strip()
    # the first result and the start of the second fit on one screen
    assert results.nth(1).bounding_box()["y"] < size["height"]
