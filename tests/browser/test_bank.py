"""The question bank: filters match the data, counts are right, state round-trips through the URL."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, quote, urlparse

import pytest

from tests.waits import SHIFTS_INIT, layout_shift_total, search_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bank(site):
    out, _ = site
    return json.loads((out / "assets/questions.json").read_text())


def open_bank(page, query: str = "", unfold: bool = True):
    """The bank, wired; on a phone its folded filters opened too (unless `unfold` is False)."""
    page.goto(page.base + "question-bank/" + query)
    page.locator("#question-bank-filters[data-ready]").wait_for()
    summary = page.locator(".qb-filters > summary")
    if unfold and summary.is_visible():
        summary.click()
        page.locator('fieldset[data-facet="kind"]').wait_for()
    return page


def shown(page) -> int:
    return int(page.locator(".question-bank").get_attribute("data-shown"))


def test_lists_every_question_without_filters(page, bank):
    open_bank(page)
    assert page.locator(".question-bank li").count() == len(bank["questions"])
    assert shown(page) == len(bank["questions"])
    assert (
        page.locator(".qb-status").inner_text()
        == f"Showing {len(bank['questions'])} of {len(bank['questions'])} questions"
    )


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
    assert (
        label.locator(".qb-count").inner_text()
        == f"({sum(q['kind'] == 'coding' and q['difficulty'] == 'medium' for q in qs)})"
    )
    assert medium.count() == 0
    query = parse_qs(urlparse(page.url).query)
    assert query == {"kind": ["coding"], "difficulty": ["hard"]}


def test_url_state_round_trips(page, bank):
    company = sorted(bank["companies"])[0]
    open_bank(page, f"?companies={company}&words=design")
    expected = sum(
        company in q["companies"] and "design" in (q["title"] + " " + q["prompt"]).lower() for q in bank["questions"]
    )
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
    page.add_init_script(SHIFTS_INIT)
    html = page.request.get(page.base + "question-bank/").text()
    assert 'id="question-bank-filters"' in html and 'qb-controls" disabled' in html
    assert html.count('class="qb-practised" disabled') == len(bank["questions"])
    open_bank(page)
    assert not page.locator(".qb-controls").is_disabled()
    assert page.locator(".qb-practised:disabled").count() == 0
    assert layout_shift_total(page) < 0.01


def test_counts_in_the_html_match_the_data(page, bank):
    html = page.request.get(page.base + "question-bank/").text()
    coding = sum(q["kind"] == "coding" for q in bank["questions"])
    assert f'value="coding"> Coding <span class="qb-count">({coding})</span>' in html


# ---- while filtering: labels by their controls, the count in view, forgiving words ----------

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def squash(text: str) -> str:
    """What bank.js ignores when it matches words: case, spaces, dashes, underscores, dots..."""
    return re.sub(r"[\s\-_‐-―.,;:!?'\"/\\()\[\]{}“”‘’]+", "", text.lower())


def in_view(locator) -> bool:
    """On screen and not covered by anything (the header, the bar): the topmost element at its centre."""
    return locator.evaluate("""el => {
        const r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > innerHeight || r.height === 0) return false;
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el === top || el.contains(top);
    }""")


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_show_label_shares_a_row_with_its_dropdown(page, size):
    page.set_viewport_size(SIZES[size])
    open_bank(page)
    for control in ("qb-practised", "qb-hide", "qb-text"):
        label = page.locator(f"label[for={control}]").bounding_box()
        box = page.locator(f"#{control}").bounding_box()
        middle = box["y"] + box["height"] / 2
        assert label["y"] <= middle <= label["y"] + label["height"], (control, label, box)
        # side by side, close: not at the end of one line and the start of the next
        gap = (
            box["x"] - (label["x"] + label["width"]) if control != "qb-hide" else label["x"] - (box["x"] + box["width"])
        )
        assert 0 <= gap < 20, (control, label, box)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_the_count_is_in_view_wherever_the_reader_is_in_the_form(page, size, bank):
    page.set_viewport_size(SIZES[size])
    open_bank(page)
    total = len(bank["questions"])
    status = page.locator(".qb-status")
    # every facet, from the first to the last: tick one box, and the new count is on screen
    for facet in ("kind", "topics", "companies"):
        box = page.locator(f'fieldset[data-facet="{facet}"] input[type=checkbox]').last
        box.scroll_into_view_if_needed()
        box.check()
        assert in_view(box), facet  # the count bar never covers the box just ticked
        assert in_view(status), facet
        assert re.fullmatch(
            rf"Showing {shown(page)} of {total} questions|No questions match these filters \(0 of {total}\)",
            status.inner_text(),
        ), status.inner_text()
        box.uncheck()
    # past the form, the count sits above the list, not over it
    page.locator(".question-bank li").nth(3).scroll_into_view_if_needed()
    bar, first = page.locator(".qb-bar").bounding_box(), page.locator(".question-bank").bounding_box()
    assert bar["y"] + bar["height"] <= first["y"] + 1


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_no_match_says_so_and_a_button_clears_the_filters(page, size, bank):
    page.set_viewport_size(SIZES[size])
    open_bank(page, "?kind=coding&difficulty=easy&words=qqqzzz-nothing")
    assert shown(page) == 0
    total = len(bank["questions"])
    assert page.locator(".qb-status").inner_text() == f"No questions match these filters (0 of {total})"
    clear = page.get_by_role("button", name="Clear filters")
    assert in_view(clear) and clear.is_enabled()
    clear.click()
    assert shown(page) == total
    assert page.locator(".qb-status").inner_text() == f"Showing {total} of {total} questions"
    assert page.locator("#qb-text").input_value() == ""
    assert page.locator(".qb-form input[type=checkbox][name]:checked").count() == 0
    assert urlparse(page.url).query == ""


def test_no_match_for_words_offers_the_whole_guide_search(page):
    """The bank holds titles and prompts; "py-spy" is only in answers, which search reads."""
    open_bank(page, "?words=py-spy")
    assert shown(page) == 0
    page.get_by_role("button", name="Search the guide for “py-spy”").click()
    assert page.locator("input.md-search__input").input_value() == "py-spy"
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.locator(".md-search-result__meta").inner_text() != "No matching documents"


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [("allreduce", "all-reduce"), ("All_Reduce", "all reduce"), ("kv-cache", "KV cache"), ("kvcache", "kv_cache")],
)
def test_words_match_ignoring_case_spaces_hyphens_and_underscores(page, bank, typed, same_as):
    expected = sum(squash(typed) in squash(q["title"] + " " + q["prompt"]) for q in bank["questions"])
    assert expected > 0
    open_bank(page, "?words=" + quote(typed))
    found = shown(page)
    assert found >= expected  # titles and prompts, and the topic names shown with them
    # Its words, not its rendered text: a row off screen is not laid out (content-visibility in
    # guide.css), and innerText of a row not laid out is empty.
    for li in page.locator(".question-bank li:not([hidden])").all():
        assert squash(typed) in squash(li.text_content())
    page.locator("#qb-text").fill(same_as)
    assert shown(page) == found


def test_a_shared_filter_address_does_not_open_the_site_search(page):
    """Material opens its search box for any ?q= address: the bank's words go in ?words=."""
    open_bank(page)
    page.locator("#qb-text").fill("design")
    assert parse_qs(urlparse(page.url).query) == {"words": ["design"]}
    open_bank(page, "?words=design")
    search_ready(page)  # Material opens its search for ?q= once the index is loaded: it has been
    assert not page.locator('input[data-md-toggle="search"]').is_checked()
    assert page.locator("#qb-text").input_value() == "design"


# ---- on a phone: one folded control for the filters; sorting -----------------------------


def test_on_a_phone_the_filters_fold_into_one_control_that_counts_them(page, bank):
    """Two screens of filters used to come before the first question on a phone."""
    page.set_viewport_size(SIZES["phone"])
    open_bank(page, unfold=False)
    summary = page.locator(".qb-filters > summary")
    assert summary.is_visible() and summary.inner_text().strip() == "Filters (none active)"
    assert page.locator('fieldset[data-facet="kind"]').is_hidden()
    words = page.locator("#qb-text").bounding_box()
    first = page.locator(".question-bank li").first.bounding_box()
    assert first["y"] - (words["y"] + words["height"]) < 300, (words, first)  # words, sort, filters, count
    summary.click()
    page.locator("fieldset", has_text="Kind").get_by_label("Coding", exact=False).first.check()
    page.locator("fieldset", has_text="Difficulty").get_by_label("Hard", exact=False).check()
    page.locator("#qb-practised").select_option("no")
    assert summary.inner_text().strip() == "Filters (3 active)"
    open_bank(page, "?kind=coding&topics=gpu-cuda,python", unfold=False)
    assert page.locator(".qb-filters > summary").inner_text().strip() == "Filters (3 active)"


def test_on_a_wide_screen_every_filter_shows_without_opening_anything(page):
    page.set_viewport_size(SIZES["desktop"])
    open_bank(page, unfold=False)
    assert page.locator(".qb-filters > summary").is_hidden()
    for facet in ("kind", "difficulty", "rounds", "topics", "companies"):
        assert page.locator(f'fieldset[data-facet="{facet}"]').is_visible(), facet
    assert page.locator("#qb-practised").is_visible() and page.locator("#qb-hide").is_visible()


def listed(page) -> list[dict]:
    return page.locator(".question-bank li").evaluate_all("""lis => lis.map(li => {
        const m = li.querySelector('.qb-item');
        return { id: m.dataset.id, title: li.querySelector('a').textContent.trim().toLowerCase(),
                 difficulty: m.dataset.difficulty, minutes: Number(m.dataset.minutes) };
    })""")


def test_the_bank_sorts_and_the_order_is_in_the_address(page, bank):
    open_bank(page)
    page_order = [q["id"] for q in listed(page)]
    rank = {"easy": 0, "medium": 1, "hard": 2}
    checks = {
        "title": lambda q: q["title"],
        "difficulty": lambda q: rank[q["difficulty"]],
        "minutes": lambda q: q["minutes"],
    }
    for value, key in checks.items():
        page.locator("#qb-sort").select_option(value)
        items = listed(page)
        assert [key(q) for q in items] == sorted(key(q) for q in items), value
        # ties keep the page's order (topic, then title)
        for a, b in zip(items, items[1:]):
            if key(a) == key(b):
                assert page_order.index(a["id"]) < page_order.index(b["id"]), (value, a, b)
        assert parse_qs(urlparse(page.url).query) == {"sort": [value]}
    open_bank(page, "?sort=minutes&kind=coding")
    assert page.locator("#qb-sort").input_value() == "minutes"
    minutes = [q["minutes"] for q in listed(page)]
    assert minutes == sorted(minutes)
    page.locator("#qb-sort").select_option("topic")
    assert [q["id"] for q in listed(page)] == page_order


def test_not_practised_first_and_ticking_never_moves_an_item(page):
    open_bank(page)
    first = page.locator(".question-bank li").first
    qid = first.locator(".qb-item").get_attribute("data-id")
    first.locator(".qb-practised").check()
    assert page.locator(".question-bank li").first.locator(".qb-item").get_attribute("data-id") == qid
    page.locator("#qb-sort").select_option("practised")
    assert listed(page)[-1]["id"] == qid
    # ticking another one now leaves it where it is until the order is chosen again
    second = page.locator(".question-bank li").first
    other = second.locator(".qb-item").get_attribute("data-id")
    second.locator(".qb-practised").check()
    assert page.locator(".question-bank li").first.locator(".qb-item").get_attribute("data-id") == other
