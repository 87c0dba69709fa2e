"""The home page renders, search finds questions, nothing is fetched from another host."""
from __future__ import annotations

import pytest

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
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(text, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    return results


def test_search_finds_a_question_by_a_word_in_its_prompt(page, guide):
    q = guide.questions["gpu-memory-leaks"]
    results = search(page, "compute-sanitizer")
    assert q.title in results.all_inner_texts()[0] + " ".join(results.all_inner_texts())
    assert off_host(page) == []


@pytest.mark.parametrize("term", ["all-reduce", "kv_cache", "shared_ptr", "H100"])
def test_search_finds_identifiers(page, term):
    results = search(page, term)
    assert results.count() > 0


def test_instant_navigation_stays_on_host(page):
    page.goto(page.base)
    page.locator("nav.md-tabs a").nth(1).click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(page.base)
    assert off_host(page) == []
