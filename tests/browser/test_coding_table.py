"""The coding index's sortable table (docs/assets/table-sort.js): header buttons sort by the
cells' data-sort-value, ascending then descending, and aria-sort says which; a phone scrolls
the table inside its own box."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

URL = "coding/"
TABLE = "table.coding-table"
MINUTES_COL = 3  # Problem, Topic, Difficulty, Minutes, ...


def minutes(page) -> list[int]:
    return page.eval_on_selector_all(
        f"{TABLE} tbody tr", f"rs => rs.map(r => Number(r.cells[{MINUTES_COL}].dataset.sortValue))"
    )


def first_is(page, js_cmp: str):
    """Wait until the Minutes column is in the order `js_cmp` (a (a, b) => bool) says."""
    page.wait_for_function(
        f"""() => {{ const v = [...document.querySelectorAll('{TABLE} tbody tr')]
              .map(r => Number(r.cells[{MINUTES_COL}].dataset.sortValue));
              const ok = {js_cmp}; return v.every((x, i) => i === 0 || ok(v[i - 1], x)); }}"""
    )


def test_minutes_header_sorts_ascending_then_descending(page):
    page.goto(page.base + URL)
    table = page.locator(f"{TABLE}[data-sort-ready]")
    expect(table).to_have_count(1)
    default = page.eval_on_selector_all(f"{TABLE} tbody tr", "rs => rs.map(r => r.dataset.q)")
    head = table.locator("thead th").nth(MINUTES_COL)
    button = head.get_by_role("button", name="Minutes")
    expect(head).not_to_have_attribute("aria-sort", "ascending")
    # Every coding entry takes the kind's default 35 minutes today (no `minutes:` set), so
    # give the cells distinct values in a scrambled order: the sort reads them when clicked.
    page.eval_on_selector_all(
        f"{TABLE} tbody tr",
        f"rs => rs.forEach((r, i) => r.cells[{MINUTES_COL}].dataset.sortValue = String((i * 37) % 101))",
    )

    button.click()
    expect(head).to_have_attribute("aria-sort", "ascending")
    first_is(page, "(a, b) => a <= b")
    assert minutes(page) == sorted(minutes(page))
    assert len(set(minutes(page))) > 1  # the test would prove nothing on one value

    button.click()
    expect(head).to_have_attribute("aria-sort", "descending")
    first_is(page, "(a, b) => a >= b")
    assert minutes(page) == sorted(minutes(page), reverse=True)
    # Only the sorted column says it is sorted.
    expect(table.locator("thead th[aria-sort]")).to_have_count(1)
    # Every row is still there, once.
    after = page.eval_on_selector_all(f"{TABLE} tbody tr", "rs => rs.map(r => r.dataset.q)")
    assert sorted(after) == sorted(default)


def test_keyboard_sorts_and_ties_keep_the_default_order(page):
    page.goto(page.base + URL)
    table = page.locator(f"{TABLE}[data-sort-ready]")
    expect(table).to_have_count(1)
    default = page.eval_on_selector_all(f"{TABLE} tbody tr", "rs => rs.map(r => r.dataset.q)")
    head = table.locator("thead th").nth(2)
    head.get_by_role("button", name="Difficulty").focus()
    page.keyboard.press("Enter")
    expect(head).to_have_attribute("aria-sort", "ascending")
    ranks = page.eval_on_selector_all(
        f"{TABLE} tbody tr", "rs => rs.map(r => [Number(r.cells[2].dataset.sortValue), r.dataset.q])"
    )
    assert [r for r, _ in ranks] == sorted(r for r, _ in ranks)
    pos = {q: i for i, q in enumerate(default)}
    for (r1, q1), (r2, q2) in zip(ranks, ranks[1:]):
        if r1 == r2:
            assert pos[q1] < pos[q2]  # stable: ties in the built order


def test_links_work_and_phone_scrolls_in_the_box(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(page.base + URL)
    expect(page.locator(f"{TABLE}[data-sort-ready]")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = page.locator(".coding-table-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    page.locator(f'{TABLE} tbody tr[data-q="binary-search"] th a').click()
    # (Material's anchor tracking may keep the last heading's #anchor on the address.)
    expect(page).to_have_url(re.compile(re.escape(page.base + "q/binary-search/") + r"(#.*)?$"))
    assert not page.console_errors
