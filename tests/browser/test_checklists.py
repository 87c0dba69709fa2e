"""Checklists remember ticks, survive data edits, export/import, and cope with damaged storage."""

from __future__ import annotations

import json
import re

import pytest

from tests.waits import SHIFTS_INIT, layout_shift_total

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
            block = text[m.start() : end if end > 0 else len(text)]
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


@pytest.mark.parametrize(
    "content,message",
    [
        ("not json at all", "not JSON"),
        ('{"format": "something-else", "version": 1, "entries": {}}', "not a progress export"),
        ('{"format": "ai-platform-interview-guide-progress", "version": 2, "entries": {}}', "version 2"),
        (
            '{"format": "ai-platform-interview-guide-progress", "version": 1, "entries": {"aipg.v1.check.x.y": "yes"}}',
            "damaged entry",
        ),
        ('{"format": "ai-platform-interview-guide-progress", "version": 1, "entries": []}', "no entries"),
    ],
)
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
    page.goto(page.base + "q/gpu-memory-hierarchy/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".q-actions", ".q-pager"):
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
    # The ring is on the drawn box (the indicator's ::before), which has a size; the
    # indicator span itself has none, so a ring there could not be seen.
    indicator = box.locator(f'li:has(span[data-item="{items[0]}"]) .task-list-indicator')
    ring = indicator.evaluate("""e => { const s = getComputedStyle(e, '::before');
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), w: parseFloat(s.width), h: parseFloat(s.height) }; }""")
    assert ring["style"] != "none" and ring["width"] >= 2 and min(ring["w"], ring["h"]) >= 16, ring
    page.keyboard.press("Tab")  # focus moves on: the ring goes with it
    assert indicator.evaluate("e => getComputedStyle(e, '::before').outlineStyle") == "none"


def test_toolbars_come_with_the_html_and_nothing_shifts(page, checklist_page):
    """Toolbars and the progress panel are rendered with the page (disabled), so wiring them
    up moves nothing on screen."""
    path, cid, items = checklist_page
    html = page.request.get(page.base + path).text()
    assert html.count("data-progress-panel") == 1
    assert f'0 of {len(items)} done</span><button type="button" disabled' in html
    page.add_init_script(SHIFTS_INIT)
    box, _, _ = open_checklist(page, checklist_page)
    assert not box.locator(".checklist-toolbar button").is_disabled()
    assert page.locator(".guide-progress button:disabled").count() == 0
    assert page.locator(".guide-progress button").count() == 4  # print twice, export, import
    assert box.locator(".checklist-pick-box:disabled").count() == 0
    assert layout_shift_total(page) < 0.01


# ---- reader-facing fixes: import feedback, boxes, study links, print -----------------------

PHONE = {"width": 390, "height": 844}
PANEL_PAGES = ["checklists/", "question-bank/", "practice/flashcards/"]


def rgba(css: str) -> tuple[float, float, float, float]:
    nums = [float(x) for x in re.findall(r"[\d.]+", css)]
    assert css.startswith("rgb") and len(nums) in (3, 4), f"unexpected colour {css!r}"
    return (*nums[:3], nums[3] if len(nums) == 4 else 1.0)


def over(top, bottom):
    """`top` (rgba) painted over an opaque `bottom` (rgb)."""
    a = top[3]
    return tuple(top[i] * a + bottom[i] * (1 - a) for i in range(3))


def contrast(c1, c2) -> float:
    def lum(c):
        ch = [v / 255 for v in c]
        ch = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in ch]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((lum(c1), lum(c2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def backdrop(locator) -> tuple[float, float, float]:
    """The opaque colour behind an element: its ancestors' backgrounds, composited over white."""
    layers = locator.evaluate("""e => { const out = [];
        for (let n = e; n && n.nodeType === 1; n = n.parentElement) out.push(getComputedStyle(n).backgroundColor);
        return out; }""")
    colour = (255.0, 255.0, 255.0)
    for css in reversed(layers):
        colour = over(rgba(css), colour)
    return colour


def indicator_ink(item_locator):
    """The colour that draws a box: its ring (border) where it has one, else its filled shape."""
    style = item_locator.locator(".task-list-indicator").evaluate(
        "e => { const s = getComputedStyle(e, '::before'); "
        "return [s.borderTopWidth, s.borderTopColor, s.backgroundColor]; }"
    )
    return rgba(style[1] if float(style[0].rstrip("px")) >= 1 else style[2])


def import_file(page, path) -> None:
    page.once("dialog", lambda dlg: dlg.accept())
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress").click()
    fc.value.set_files(str(path))


def in_viewport(locator) -> bool:
    # Within a pixel: scrollIntoView lines an element up on fractional layout positions, so
    # a notice brought into view can end at 844.02 in an 844-pixel viewport.
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect(); "
        "return r.height > 0 && r.top >= -1 && r.bottom <= innerHeight + 1; }"
    )


@pytest.mark.parametrize("path", PANEL_PAGES)
def test_import_feedback_shows_by_the_import_button_and_is_announced(browser, site, tmp_path, path):
    """The message appears right after the panel whose Import button was used, on screen, in a
    live region; a failed import is an alert, a good one a status; focus stays on the button."""
    _, base = site
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(base + path)
        panel = page.locator(".guide-progress[data-progress-panel]")
        panel.locator("button:not([disabled])").first.wait_for()
        if "flashcards" in path:  # the review draws itself once its data arrives, and takes focus
            page.locator("#flashcards .practice-card").wait_for()
        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "something-else", "version": 1, "entries": {}}')
        import_file(page, bad)
        error = page.locator(".guide-notice", has_text="not a progress export")
        error.wait_for()
        assert panel.evaluate("p => p.nextElementSibling && p.nextElementSibling.classList.contains('guide-notice')")
        assert error.get_attribute("role") == "alert" and error.get_attribute("aria-live") == "assertive"
        assert in_viewport(error), "the error is off-screen"

        good = tmp_path / "good.json"
        good.write_text(
            json.dumps(
                {
                    "format": "ai-platform-interview-guide-progress",
                    "version": 1,
                    "entries": {f"{PREFIX}practised.gpu-memory-hierarchy": "1"},
                }
            )
        )
        import_file(page, good)
        done = page.locator(".guide-notice", has_text="Progress imported.")
        done.wait_for()
        assert page.locator(".guide-notice").count() == 1  # the earlier error is gone, not stacked
        assert panel.evaluate("p => p.nextElementSibling.textContent") == "Progress imported."
        assert done.get_attribute("role") == "status" and done.get_attribute("aria-live") == "polite"
        assert in_viewport(done), "the confirmation is off-screen"
        # The panel is not rebuilt under the reader: the button they used keeps the focus.
        assert page.evaluate("document.activeElement.textContent") == "Import progress"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_boxes_stand_out_from_the_page_in_both_schemes(browser, site, checklist_page, scheme):
    """Unticked and ticked boxes both reach 3:1 against the page (WCAG 1.4.11)."""
    _, base = site
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.base = base
        box, cid, items = open_checklist(page, checklist_page)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default"
        )
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        tick(box, items[0])
        for item, state in ((items[1], "unticked"), (items[0], "ticked")):
            li = box.locator(f'li:has(span[data-item="{item}"])')
            behind = backdrop(li)
            ratio = contrast(over(indicator_ink(li), behind), behind)
            assert ratio >= 3, f"{state} box is {ratio:.2f}:1 against the page ({scheme})"
    finally:
        context.close()


def test_clicking_the_item_words_ticks_the_box_but_its_links_do_not(page, checklist_page):
    box, cid, items = open_checklist(page, checklist_page)
    li = box.locator(f'li:has(span[data-item="{items[0]}"])')
    words = li.locator(".checklist-label")
    assert words.count() == 1, "the item's words are not a label"
    words.click()
    assert ticked(box, items[0])
    assert page.evaluate(f"localStorage.getItem('{PREFIX}check.{cid}.{items[0]}')") == "1"
    assert box.locator(".checklist-progress").inner_text() == f"1 of {len(items)} done"
    words.click()
    assert not ticked(box, items[0])
    assert page.evaluate(f"localStorage.getItem('{PREFIX}check.{cid}.{items[0]}')") is None
    # A link, in the words or after them, follows the link and leaves the box alone.
    words.evaluate("w => w.insertAdjacentHTML('beforeend', ' <a href=\"#x\" class=\"t-inner\">inner</a>')")
    li.locator("a.t-inner").click()
    assert not ticked(box, items[0])
    page.evaluate("""addEventListener('click', e => {  // stay on the page: no navigation, Material's included
        if (e.target.closest('a:not(.t-inner)')) { e.preventDefault(); e.stopImmediatePropagation(); } }, true)""")
    li.locator("a", has_text="study").click()
    assert not ticked(box, items[0])
    # Selecting the words with the mouse is not a tick either.
    b = words.bounding_box()
    page.mouse.move(b["x"] + 2, b["y"] + 4)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] * 0.6, b["y"] + 4, steps=5)
    page.mouse.up()
    assert page.evaluate("String(getSelection()).length") > 0
    assert not ticked(box, items[0])
    # The keyboard still ticks from the box itself.
    li.locator("input[type=checkbox]").focus()
    page.keyboard.press("Space")
    assert ticked(box, items[0])


def test_box_and_study_link_names_say_what_they_are(page, checklist_page, guide):
    """Each box is named by its item's words alone; each study link by where it goes."""
    box, cid, items = open_checklist(page, checklist_page)
    checklist = guide.checklists[cid]
    checked = 0
    for item in (i for s in checklist.sections for i in s.items):
        li = box.locator(f'li:has(span[data-item="{item.id}"])')
        snapshot = li.aria_snapshot()
        names = dict(re.findall(r'- \'?(checkbox|link) "([^"]*)"', snapshot))
        assert li.locator(".checklist-label").count() == 1, "the item's words are not a label"
        words = " ".join((li.locator(".checklist-label").text_content() or "").split())
        assert words and names.get("checkbox") == words, snapshot
        assert "study" not in names["checkbox"]
        if item.link:
            title = guide.questions[item.link[2:]].title if item.link.startswith("q:") else None
            assert re.fullmatch(r"study ?: .+", names["link"]), snapshot
            if title:
                assert names["link"].endswith(": " + title), snapshot
            checked += 1
    assert checked, "no study links checked"
    links = box.locator("a", has_text="study").evaluate_all("as => as.map(a => a.textContent)")
    assert all(t != "study" for t in links)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_print_has_dark_links_and_no_addresses_for_links_within_the_guide(browser, site, scheme):
    _, base = site
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(base + "checklists/")
        page.locator(".checklist[data-ready]").first.wait_for()
        page.emulate_media(media="print")
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        links = page.locator(".md-content a[href]").evaluate_all("""as => as.map(a => {
            const s = getComputedStyle(a), after = getComputedStyle(a, '::after');
            return { href: a.href, local: a.host === location.host, color: s.color, after: after.content,
                     shown: a.getClientRects().length > 0 }; })""")
        shown = [a for a in links if a["shown"]]
        assert len(shown) >= 3  # the intro's links; the lists' "study" links do not print
        for a in shown:
            ratio = contrast(over(rgba(a["color"]), (255, 255, 255)), (255, 255, 255))
            assert ratio >= 4.5, f"{a['href']} prints at {ratio:.2f}:1 ({scheme})"
            if a["local"]:
                assert a["after"] in ("none", "normal"), f"{a['href']} prints its address: {a['after']}"
        text = page.locator(".md-typeset p").first.evaluate("e => getComputedStyle(e).color")
        assert contrast(over(rgba(text), (255, 255, 255)), (255, 255, 255)) >= 7
        # Boxes print as plain black squares, not the screen's rings.
        ring = page.locator(".checklist .task-list-indicator").first.evaluate(
            "e => getComputedStyle(e, '::before').borderTopColor"
        )
        assert rgba(ring)[:3] == (0, 0, 0)
    finally:
        context.close()


def test_print_keeps_the_address_of_links_that_leave_the_guide(page):
    page.goto(page.base + "resources/")
    page.locator(".md-content a.guide-external").first.wait_for(state="attached", timeout=5000)
    page.emulate_media(media="print")
    external = page.locator(".md-content a.guide-external").first
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert external.get_attribute("href") in after
    # A link whose words already are its address does not print it twice.
    plain = page.locator(".md-content a[href^='http']:not(.guide-external)").evaluate_all(
        "as => as.filter(a => a.host !== location.host).map(a => getComputedStyle(a, '::after').content)"
    )
    assert plain and all(c in ("none", "normal") for c in plain)


def test_a_click_between_the_wrapped_lines_of_an_item_ticks_it(page, checklist_page):
    """The gap between two lines of an item's words is the item's, not the label's."""
    page.set_viewport_size({"width": 390, "height": 844})  # narrow: the words wrap
    box, _, items = open_checklist(page, checklist_page)
    for iid in items:
        li = box.locator(f'li:has(span[data-item="{iid}"])')
        li.scroll_into_view_if_needed()
        point = li.locator(".checklist-label").evaluate("""label => {
            const lines = Array.from(label.getClientRects());
            if (lines.length < 2 || lines[1].top - lines[0].bottom < 1) return null;
            const x = lines[1].left + 4, y = (lines[0].bottom + lines[1].top) / 2;
            return document.elementFromPoint(x, y) === label.closest("li") ? {x, y} : null;
        }""")
        if point:
            page.mouse.click(point["x"], point["y"])
            assert ticked(box, iid)
            return
    pytest.fail("no item wraps at 390 px with a gap between its lines: pick a longer item")


# ---- the interviewer's printable sheets: scoring sheet and debrief template --------------

SHEETS = ["interviewers/scoring-sheet/", "interviewers/debrief/"]


@pytest.mark.parametrize("path", SHEETS)
def test_interviewer_sheets_print_cleanly(page, path):
    """Both sheets come from data/interviewers/ (macros/pages/interviewers.py) and print like the
    checklists: no site chrome, black rules and boxes on white, nothing cut off, areas kept whole."""
    page.goto(page.base + path)
    page.emulate_media(media="print")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none"
    sheet = page.locator(".iv-sheet")
    assert sheet.count() == 1 and sheet.is_visible()
    # Rules to write on are borders (printed even when backgrounds are not) and print black.
    rules = page.locator(".iv-sheet .iv-line, .iv-sheet .iv-blank, .iv-sheet table.iv-form td").evaluate_all(
        "es => es.map(e => [getComputedStyle(e).borderBottomColor, getComputedStyle(e).borderBottomWidth])"
    )
    assert len(rules) > 10
    assert all(rgba(color)[:3] == (0, 0, 0) and float(width[:-2]) >= 1 for color, width in rules), rules[:5]
    # Nothing wider than the paper: no table scrolls inside its box.
    clipped = page.locator(".iv-sheet .iv-scroll, .iv-sheet .md-typeset__scrollwrap").evaluate_all(
        "es => es.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className)"
    )
    assert clipped == []
    # Each area of the scoring sheet, and each row of the debrief's tables, stays on one page.
    parts = page.locator(".iv-sheet .iv-sheet-area, .iv-sheet table.iv-form tr").evaluate_all(
        "es => es.map(e => getComputedStyle(e).breakInside)"
    )
    assert parts and set(parts) == {"avoid"}
    # Room to write the evidence by hand: three lines of text or more per evidence cell or block.
    size = sheet.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    spaces = page.locator(".iv-sheet .iv-lines, .iv-sheet table.iv-form td.iv-write").evaluate_all(
        "es => es.map(e => e.getBoundingClientRect().height)"
    )
    assert spaces and min(spaces) >= 3 * 1.2 * size, (spaces, size)
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 10_000


def test_debrief_template_lists_the_scoring_sheets_areas_in_print(page):
    page.goto(page.base + "interviewers/scoring-sheet/")
    areas = page.locator(".iv-sheet-area[data-area] h2").evaluate_all(
        "hs => hs.map(h => h.textContent.replace(/\\s*¶?$/, '').trim())"
    )
    page.goto(page.base + "interviewers/debrief/")
    page.emulate_media(media="print")
    rows = page.locator("table.iv-form tbody th[scope=row]").evaluate_all("ts => ts.map(t => t.textContent.trim())")
    assert areas and rows == areas
    checks = page.locator(".iv-checks li")
    assert checks.count() >= 5 and all(t.startswith("☐") for t in checks.all_inner_texts())


# ---- printing: pick the lists, ticks as ticks, no screen-only links -----------------------


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF that Chromium wrote (one page object each)."""
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def print_now(page) -> None:
    """What the browser does when a print starts: the page's beforeprint, then print media."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")


def test_the_reader_picks_which_checklists_print(page):
    page.goto(page.base + "checklists/")
    page.locator(".checklist[data-ready]").first.wait_for()
    lists = page.locator(".checklist[data-checklist]")
    total = lists.count()
    scope = page.locator(".guide-print-scope")
    assert scope.inner_text().startswith("Prints every list")
    print_now(page)
    everything = pdf_pages(page.pdf())
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    for cid in ("final-week", "day-before"):
        page.locator(f"#checklist-{cid} .checklist-pick").click()
    assert scope.inner_text() == f"Prints 2 of {total} lists: the ones ticked \u201cPrint this list\u201d."
    print_now(page)
    shown = lists.evaluate_all(
        "ls => ls.filter(l => getComputedStyle(l).display !== 'none').map(l => l.dataset.checklist)"
    )
    assert shown == ["final-week", "day-before"]
    assert page.locator(".md-content__inner > h1").is_visible()
    assert page.locator(".md-content__inner > h2").first.is_hidden()
    picked = pdf_pages(page.pdf())
    assert picked <= 4 < everything, (picked, everything)
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("[data-print-picked]").count() == 0
    assert lists.evaluate_all("ls => ls.every(l => getComputedStyle(l).display !== 'none')")


def test_ticks_print_as_ticks_and_study_links_do_not_print(page):
    page.goto(page.base + "checklists/")
    box = page.locator("#checklist-final-week[data-ready]")
    box.wait_for()
    box.locator("label.checklist-label").first.click()
    ticked_box = box.locator("li .task-list-indicator").first
    blank_box = box.locator("li .task-list-indicator").nth(1)
    page.emulate_media(media="print")
    mark = ticked_box.evaluate(
        "e => { const s = getComputedStyle(e, '::before'); return [s.content, s.backgroundColor, s.color]; }"
    )
    assert mark[0] == '"\u2713"' and mark[1] in ("rgba(0, 0, 0, 0)", "transparent") and mark[2] == "rgb(0, 0, 0)", mark
    assert blank_box.evaluate("e => getComputedStyle(e, '::before').content") in ('""', "none")
    page.evaluate("document.body.classList.add('print-blank')")  # "Print blank"
    assert ticked_box.evaluate("e => getComputedStyle(e, '::before').content") in ('""', "none")
    study = page.locator(".checklist-study")
    assert study.count() > 10 and study.first.is_hidden()
    for selector in (".checklist-toolbar", ".checklist-pick", ".guide-progress"):
        assert page.locator(selector).first.is_hidden(), selector
    page.emulate_media(media="screen")
    assert study.first.is_visible() and study.first.inner_text().startswith("(study")
