"""The question bank while filtering: labels stay with their controls, the count and a way
out stay in view, words match across hyphens and spaces; search results are not tag lists."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

SIZES = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]


@pytest.fixture(scope="module")
def bank(site):
    out, _ = site
    return json.loads((out / "assets/questions.json").read_text())


def open_bank(browser, site, viewport, query: str = ""):
    _, url = site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url + "question-bank/" + query)
    page.locator("#question-bank-filters[data-ready]").wait_for()
    return context, page


def shown(page) -> int:
    return int(page.locator(".question-bank").get_attribute("data-shown"))


@pytest.mark.parametrize("viewport", SIZES, ids=["desktop", "phone"])
def test_each_label_shares_a_row_with_its_control(browser, site, viewport):
    context, page = open_bank(browser, site, viewport)
    for control in ["#qb-text", "#qb-practised", "#qb-hide"]:
        label = page.locator(f"label[for='{control[1:]}']").bounding_box()
        box = page.locator(control).bounding_box()
        # vertical overlap: the two sit on the same line
        assert label["y"] < box["y"] + box["height"] and box["y"] < label["y"] + label["height"], control
    context.close()


@pytest.mark.parametrize("viewport", SIZES, ids=["desktop", "phone"])
def test_the_count_and_clear_stay_in_view_while_filtering(browser, site, viewport, bank):
    context, page = open_bank(browser, site, viewport)
    page.locator("fieldset", has_text="Kind").get_by_label("Coding", exact=False).first.check()
    status = page.locator(".qb-status")
    assert status.is_visible() and status.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert str(shown(page)) in status.inner_text()
    context.close()


def test_no_match_offers_to_clear_the_filters(browser, site, bank):
    context, page = open_bank(browser, site, SIZES[0], "?words=zzzqqqxxx")
    assert shown(page) == 0
    clear = page.get_by_role("button", name="Clear filters")
    assert clear.is_visible() and clear.is_enabled()
    clear.click()
    assert shown(page) == len(bank["questions"])
    assert page.locator("#qb-text").input_value() == ""
    context.close()


@pytest.mark.parametrize(("typed", "written"), [("allreduce", "all-reduce"), ("kv-cache", "kv cache"),
                                                ("KV_CACHE", "kv cache")])
def test_words_match_across_case_hyphens_spaces_and_underscores(browser, site, bank, typed, written):
    def squash(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum() or ch in "+#")

    expected = [q for q in bank["questions"] if squash(typed) in squash(q["title"] + " " + q["prompt"])]
    assert any(written in (q["title"] + " " + q["prompt"]).lower() for q in expected), "pick words that exist"
    context, page = open_bank(browser, site, SIZES[0])
    page.locator("#qb-text").fill(typed)
    page.wait_for_function(f"document.querySelector('.question-bank').dataset.shown == '{len(expected)}'",
                           timeout=5000)
    context.close()


def test_search_results_show_no_tag_chips_on_a_phone(browser, site):
    _, url = site
    context = browser.new_context(viewport=SIZES[1], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url)
    page.locator("label.md-header__button[for='__search']").click()  # the phone's search button
    page.locator("input.md-search__input").press_sequentially("gpu memory", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(500)
    assert page.locator(".md-search-result .md-tag:visible").count() == 0
    context.close()
