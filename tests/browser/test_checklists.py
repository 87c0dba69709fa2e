"""Checklists remember ticks, survive data edits, export/import, and cope with damaged storage."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

PREFIX = "aipg.v1."


@pytest.fixture(scope="module")
def checklist_page(site):
    """URL path of a page with a checklist, and that checklist's id and item ids."""
    out, _ = site
    import re

    for html in sorted(out.rglob("index.html")):
        text = html.read_text()
        m = re.search(r'data-checklist="([a-z0-9-]+)"', text)
        if m:
            end = text.find('data-checklist="', m.end())  # this checklist ends where the next begins
            block = text[m.start():end if end > 0 else len(text)]
            items = re.findall(r'data-item="([a-z0-9-]+)"', block)
            return html.parent.relative_to(out).as_posix() + "/", m.group(1), items
    pytest.fail("no page renders a checklist")


def open_checklist(page, checklist_page):
    path, cid, items = checklist_page
    page.goto(page.base + path)
    box = page.locator(f'.checklist[data-checklist="{cid}"]')
    page.locator(f'.checklist[data-checklist="{cid}"][data-ready]').wait_for()
    return box, cid, items


def tick(box, item):
    """Click the box as a reader does (Material draws its own indicator over the input)."""
    box.locator(f'li:has(span[data-item="{item}"]) input[type=checkbox]').check(force=True)
    assert ticked(box, item)


def seed(page, entries: dict[str, str]) -> None:
    """Write saved progress straight into localStorage, as an earlier visit would have."""
    page.evaluate("e => Object.entries(e).forEach(([k, v]) => localStorage.setItem(k, v))", entries)


def ticked(box, item) -> bool:
    return box.locator(f'li:has(span[data-item="{item}"]) input[type=checkbox]').is_checked()


def test_tick_survives_reload(page, checklist_page):
    box, cid, items = open_checklist(page, checklist_page)
    assert box.locator("input[type=checkbox]:disabled").count() == 0
    tick(box, items[0])
    assert box.locator(".checklist-progress").inner_text() == f"1 of {len(items)} done"
    page.reload()
    box, _, _ = open_checklist(page, checklist_page)
    assert ticked(box, items[0]) and not ticked(box, items[1])
    assert page.evaluate(f"localStorage.getItem('{PREFIX}check.{cid}.{items[0]}')") == "1"


def test_ticks_follow_item_ids_when_items_move_or_go(page, checklist_page):
    box, cid, items = open_checklist(page, checklist_page)
    # The reader ticked the second item and an item that has since been removed from the data.
    seed(page, {f"{PREFIX}check.{cid}.{items[1]}": "1", f"{PREFIX}check.{cid}.removed-item": "1"})
    # State is keyed by item id, never position (a real data reorder: test_reorder.py).
    page.reload()
    box, _, _ = open_checklist(page, checklist_page)
    assert ticked(box, items[1]) and not ticked(box, items[0])
    assert page.evaluate(f"localStorage.getItem('{PREFIX}check.{cid}.removed-item')") is None


def test_reset_asks_first(page, checklist_page):
    box, cid, items = open_checklist(page, checklist_page)
    tick(box, items[0])
    page.once("dialog", lambda d: d.dismiss())
    box.get_by_role("button", name="Reset all ticks in this checklist").click()
    assert ticked(box, items[0])
    page.once("dialog", lambda d: d.accept())
    box.get_by_role("button", name="Reset all ticks in this checklist").click()
    assert not ticked(box, items[0])
    assert box.locator(".checklist-progress").inner_text().startswith("0 of ")


def test_export_clear_import_restores(page, checklist_page, tmp_path):
    box, cid, items = open_checklist(page, checklist_page)
    tick(box, items[0])
    tick(box, items[-1])
    with page.expect_download() as d:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "progress.json"
    d.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["version"] == 1 and f"{PREFIX}check.{cid}.{items[0]}" in data["entries"]
    page.evaluate("localStorage.clear()")
    page.reload()
    box, _, _ = open_checklist(page, checklist_page)
    assert not ticked(box, items[0])
    page.once("dialog", lambda dlg: dlg.accept())
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress").click()
    fc.value.set_files(str(saved))
    page.get_by_text("Progress imported.").wait_for()
    box = page.locator(f'.checklist[data-checklist="{cid}"]')
    assert ticked(box, items[0]) and ticked(box, items[-1])


@pytest.mark.parametrize("content,message", [
    ("not json at all", "not JSON"),
    ('{"format": "something-else", "version": 1, "entries": {}}', "not a progress export"),
    ('{"format": "ai-platform-interview-guide-progress", "version": 2, "entries": {}}', "version 2"),
    ('{"format": "ai-platform-interview-guide-progress", "version": 1, "entries": {"aipg.v1.check.x.y": "yes"}}',
     "damaged entry"),
    ('{"format": "ai-platform-interview-guide-progress", "version": 1, "entries": []}', "no entries"),
])
def test_bad_import_is_rejected_and_changes_nothing(page, checklist_page, tmp_path, content, message):
    box, cid, items = open_checklist(page, checklist_page)
    tick(box, items[0])
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    page.once("dialog", lambda dlg: dlg.accept())
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress").click()
    fc.value.set_files(str(bad))
    page.locator(".guide-notice", has_text=message).wait_for()
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before


def test_too_large_import_is_rejected(page, checklist_page):
    open_checklist(page, checklist_page)
    result = page.evaluate("window.guideProgress.importProgress('x'.repeat(2 * 1024 * 1024))")
    assert "too large" in result


def test_damaged_entry_is_reset_alone_and_reported(page, checklist_page):
    box, cid, items = open_checklist(page, checklist_page)
    seed(page, {f"{PREFIX}check.{cid}.{items[0]}": "1", f"{PREFIX}check.{cid}.{items[1]}": "{broken"})
    page.reload()  # the repair happens on this load: do not navigate again
    box = page.locator(f'.checklist[data-checklist="{cid}"]')
    page.locator(".guide-notice", has_text="damaged").wait_for()
    assert ticked(box, items[0]) and not ticked(box, items[1])
    assert page.evaluate(f"localStorage.getItem('{PREFIX}check.{cid}.{items[1]}')") is None


def test_print_media_hides_chrome_and_expands_answers(page, guide):
    q = guide.questions["gpu-memory-hierarchy"]
    page.goto(page.base + q.home[:-3] + "/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none"
    summary = page.locator("details.success").first
    body = summary.locator("p").first
    assert body.is_visible()
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000


def test_widgets_work_after_instant_navigation(page, checklist_page):
    path, cid, items = checklist_page
    page.goto(page.base)
    page.evaluate("window.__no_reload = true")
    # Material's instant loader swaps the page without a reload; our script must run again.
    page.evaluate(f"location$.next(new URL('{page.base + path}'))")
    box = page.locator(f'.checklist[data-checklist="{cid}"]')
    page.locator(f'.checklist[data-checklist="{cid}"][data-ready]').wait_for()
    assert page.evaluate("window.__no_reload") is True
    assert box.locator("input[type=checkbox]:disabled").count() == 0


def test_keyboard_ticks_with_visible_focus(page, checklist_page):
    box, cid, items = open_checklist(page, checklist_page)
    box_input = box.locator(f'li:has(span[data-item="{items[0]}"]) input[type=checkbox]')
    box_input.focus()
    page.keyboard.press("Space")
    assert ticked(box, items[0])
    indicator = box.locator(f'li:has(span[data-item="{items[0]}"]) .task-list-indicator')
    outline = indicator.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"


def test_toolbars_come_with_the_html_and_nothing_shifts(page, checklist_page):
    """Toolbars and the progress panel are rendered with the page (disabled), so wiring them
    up moves nothing on screen."""
    path, cid, items = checklist_page
    html = page.request.get(page.base + path).text()
    assert html.count("data-progress-panel") == 1
    assert f'0 of {len(items)} done</span><button type="button" disabled' in html
    page.add_init_script("""
        window.__shifts = [];
        new PerformanceObserver(function (list) {
            list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
        }).observe({ type: "layout-shift", buffered: true });
    """)
    box, _, _ = open_checklist(page, checklist_page)
    assert not box.locator(".checklist-toolbar button").is_disabled()
    assert page.locator(".guide-progress button:disabled").count() == 0
    assert page.locator(".guide-progress button").count() == 4  # print twice, export, import
    page.wait_for_timeout(300)
    assert sum(page.evaluate("window.__shifts")) < 0.01
