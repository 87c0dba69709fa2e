"""The question bank: filters match the data, counts are right, state round-trips through the URL."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bank(site):
    out, _ = site
    return json.loads((out / "assets/questions.json").read_text())


def open_bank(page, query: str = ""):
    page.goto(page.base + "question-bank/" + query)
    page.locator("#question-bank-filters[data-ready]").wait_for()
    return page


def shown(page) -> int:
    return int(page.locator(".question-bank").get_attribute("data-shown"))


def test_lists_every_question_without_filters(page, bank):
    open_bank(page)
    assert page.locator(".question-bank li").count() == len(bank["questions"])
    assert shown(page) == len(bank["questions"])
    assert page.locator(".qb-status").inner_text() == f"Showing {len(bank['questions'])} of {len(bank['questions'])} questions"


def test_facets_combine_and_count(page, bank):
    open_bank(page)
    qs = bank["questions"]
    page.locator("fieldset", has_text="Kind").get_by_label("Coding", exact=False).first.check()
    assert shown(page) == sum(q["kind"] == "coding" for q in qs)
    page.locator("fieldset", has_text="Difficulty").get_by_label("Hard", exact=False).check()
    expected = sum(q["kind"] == "coding" and q["difficulty"] == "hard" for q in qs)
    assert shown(page) == expected
    # the count next to "Medium" is what ticking it would add, given the other facets
    medium = page.locator("fieldset", has_text="Difficulty").locator("label", has_text="Medium .qb-count")
    label = page.locator("fieldset", has_text="Difficulty").locator("label", has_text="Medium")
    assert label.locator(".qb-count").inner_text() == f"({sum(q['kind'] == 'coding' and q['difficulty'] == 'medium' for q in qs)})"
    assert medium.count() == 0
    query = parse_qs(urlparse(page.url).query)
    assert query == {"kind": ["coding"], "difficulty": ["hard"]}


def test_url_state_round_trips(page, bank):
    company = sorted(bank["companies"])[0]
    open_bank(page, f"?companies={company}&q=design")
    expected = sum(company in q["companies"] and "design" in (q["title"] + " " + q["prompt"]).lower()
                   for q in bank["questions"])
    assert shown(page) <= sum(company in q["companies"] for q in bank["questions"])
    assert page.locator("#qb-text").input_value() == "design"
    assert shown(page) >= expected


def test_practised_marks_and_filter(page, bank):
    open_bank(page)
    first = page.locator(".question-bank li").first
    first.locator(".qb-practised").check()
    page.reload()
    open_bank(page, "?practised=no")
    assert shown(page) == len(bank["questions"]) - 1
    assert page.locator("#qb-practised").input_value() == "no"


def test_hide_difficulty(page):
    open_bank(page, "?hide=1")
    badge = page.locator(".question-bank .q-difficulty").first
    assert not badge.is_visible()


def test_form_is_in_the_page_and_nothing_shifts_when_it_is_wired(page, bank):
    """The form, counts and practised boxes come with the HTML (disabled), so wiring them
    up moves nothing: the layout-shift score of the load stays far below Lighthouse's 0.1."""
    page.add_init_script("""
        window.__shifts = [];
        new PerformanceObserver(function (list) {
            list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
        }).observe({ type: "layout-shift", buffered: true });
    """)
    html = page.request.get(page.base + "question-bank/").text()
    assert 'id="question-bank-filters"' in html and "qb-controls\" disabled" in html
    assert html.count('class="qb-practised" disabled') == len(bank["questions"])
    open_bank(page)
    assert not page.locator(".qb-controls").is_disabled()
    assert page.locator(".qb-practised:disabled").count() == 0
    page.wait_for_timeout(300)  # let the observer deliver the last entries
    assert sum(page.evaluate("window.__shifts")) < 0.01


def test_counts_in_the_html_match_the_data(page, bank):
    html = page.request.get(page.base + "question-bank/").text()
    coding = sum(q["kind"] == "coding" for q in bank["questions"])
    assert f'value="coding"> Coding <span class="qb-count">({coding})</span>' in html
