"""A page per question: old addresses forward, the practised toggle and marks, copy link, the pager."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_old_topic_anchor_forwards_to_the_question_page(page):
    page.goto(page.base + "topics/gpu-cuda/#gpu-memory-hierarchy")
    page.wait_for_url(page.base + "q/gpu-memory-hierarchy/")
    expect(page.locator("h1.q-title")).to_have_text(re.compile("memory hierarchy", re.I))


def test_an_old_section_anchor_forwards_to_the_same_section(page):
    page.goto(page.base + "topics/gpu-cuda/#gpu-memory-hierarchy--pitfalls")
    page.wait_for_url(page.base + "q/gpu-memory-hierarchy/#gpu-memory-hierarchy--pitfalls")
    expect(page.locator("#gpu-memory-hierarchy--pitfalls")).to_be_in_viewport()


def test_an_anchor_that_is_not_a_question_stays_on_the_topic_page(page):
    page.goto(page.base + "topics/gpu-cuda/#memory")
    expect(page.locator(".q-row").first).to_be_attached()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.url == page.base + "topics/gpu-cuda/#memory"


def test_a_moved_page_forwards_with_its_anchor(page):
    page.goto(page.base + "system-design/feature-store/#sd-feature-store--capacity-estimate")
    page.wait_for_url(page.base + "q/sd-feature-store/#sd-feature-store--capacity-estimate")
    expect(page.locator("figure.diagram")).to_have_count(1)


def test_practised_toggle_marks_the_question_everywhere_and_survives_reload(page):
    page.goto(page.base + "q/gpu-memory-hierarchy/")
    box = page.locator(".q-actions input[data-practised]")
    expect(box).to_be_enabled()
    expect(box).not_to_be_checked()
    box.check()
    page.reload()
    expect(page.locator(".q-actions input[data-practised]")).to_be_checked()
    page.goto(page.base + "topics/gpu-cuda/")
    expect(page.locator('[data-practised-mark="gpu-memory-hierarchy"]')).to_be_visible()
    expect(page.locator('[data-practised-mark="cuda-programming-model"]')).to_be_hidden()
    page.goto(page.base + "question-bank/")
    page.locator("#question-bank-filters[data-ready]").wait_for()
    row = page.locator(".question-bank li", has=page.locator('.qb-item[data-id="gpu-memory-hierarchy"]'))
    expect(row.locator("input.qb-practised")).to_be_checked()


def test_copy_link_copies_the_address_without_the_anchor(browser, site):
    _, base = site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(base + "q/kv-cache-size/#kv-cache-size--answer")
        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_role("button", name="Link copied")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == base + "q/kv-cache-size/"
    finally:
        context.close()


def test_pager_follows_the_topic_pages_order(page, guide):
    page.goto(page.base + "topics/gpu-cuda/")
    order = page.locator(".q-row").evaluate_all("rows => rows.map(r => r.getAttribute('data-q'))")
    assert len(order) >= 3
    page.goto(page.base + f"q/{order[0]}/")
    assert page.locator(".q-pager .q-prev").count() == 0
    page.locator(".q-pager .q-next").click()
    # instant navigation swaps the page in place (no load event): wait for the address itself
    # (Material's anchor tracking may add the #section in view)
    expect(page).to_have_url(re.compile(re.escape(page.base + f"q/{order[1]}/") + "(#.*)?$"))
    expect(page.locator("h1.q-title")).to_contain_text(guide.questions[order[1]].title)


@pytest.mark.parametrize("qid", ["sd-llm-inference-service", "gpu-memory-hierarchy", "binary-search"])
def test_question_pages_fit_a_phone(browser, site, qid):
    _, base = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base + f"q/{qid}/")
        expect(page.locator("h1.q-title")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{qid}: the page scrolls sideways by {overflow}px"
    finally:
        context.close()
