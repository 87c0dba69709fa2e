"""The progress page: numbers after practising, ticking and grading; resets per kind; export and
import with the days of study; damaged state; phone and print. Also the question page's
controls by keyboard, practised marks wherever a question is listed, and the page facts."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import serious_axe_violations

pytestmark = pytest.mark.browser

PREFIX = "aipg.v1."
DASH = "practice/progress/"
ROOT = Path(__file__).resolve().parents[2]


def open_dashboard(page):
    page.goto(page.base + DASH)
    page.locator('[data-progress="overview"][data-ready]').wait_for(state="attached")


def count(page, key: str):
    return page.locator(f'[data-count="{key}"]')


def stat(page, name: str):
    return page.locator(f'[data-stat="{name}"]')


def seed(page, entries: dict[str, str]) -> None:
    """Saved progress as a reader would have it, written before the dashboard loads."""
    page.goto(page.base + DASH)
    page.evaluate(
        "e => { localStorage.clear(); for (const [k, v] of Object.entries(e)) localStorage.setItem(k, v); }", entries
    )


def saved(page) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('aipg.v1.')))"
    )


def days_ago(page, *offsets: int) -> list[str]:
    """The reader's local dates `offsets` days before today, as core.js writes them."""
    return page.evaluate(
        """offs => offs.map(n => { const d = new Date(); d.setHours(12, 0, 0, 0);
        d.setDate(d.getDate() - n); return window.guide.activity.isoDay(d); })""",
        list(offsets),
    )


def first_checklist(guide):
    c = guide.checklists["final-week"]
    return c, [i.id for s in c.sections for i in s.items]


# ---------------------------------------------------------------------------- the numbers


def test_new_reader_sees_zeros_and_the_first_steps(page, guide):
    open_dashboard(page)
    expect(count(page, "all:questions")).to_have_text(f"0 of {len(guide.questions)}")
    expect(stat(page, "last")).to_have_text("not yet")
    expect(stat(page, "streak")).to_have_text("0 days")
    expect(stat(page, "cards-new")).to_have_text(str(len(guide.questions)))
    expect(page.locator('[data-next="cards"]')).to_have_text("Start the flashcards")
    assert all(b.is_disabled() for b in page.locator("[data-reset]").all())  # nothing to reset
    assert page.console_errors == []


def test_dashboard_counts_what_was_practised_ticked_and_graded(page, guide):
    qid = "gpu-memory-hierarchy"
    q = guide.questions[qid]
    page.goto(page.base + f"q/{qid}/")
    page.locator(".q-actions input[data-practised]").check()

    c, items = first_checklist(guide)
    page.goto(page.base + "checklists/")
    page.locator(f'.checklist[data-checklist="{c.id}"][data-ready]').wait_for(state="attached")
    page.locator(f"#check-{c.id}--{items[0]}").check(force=True)  # Material draws its own indicator over it

    page.goto(page.base + "practice/flashcards/")
    page.locator(".practice-card[data-current]").wait_for(state="attached")
    page.get_by_role("button", name="Show answer").click()
    page.locator(".practice-grades button[data-grade=again]").click()  # back in minutes: due today

    open_dashboard(page)
    total = len(guide.questions)
    expect(count(page, "all:questions")).to_have_text(f"1 of {total}")
    home_total = sum(x.topic == q.topic for x in guide.questions.values())
    expect(count(page, f"topic:{q.topic}")).to_have_text(f"1 of {home_total}")
    expect(count(page, f"difficulty:{q.difficulty}")).to_have_text(
        f"1 of {sum(x.difficulty == q.difficulty for x in guide.questions.values())}"
    )
    for r in q.rounds:
        expect(count(page, f"round:{r}")).to_contain_text("1 of ")
    expect(count(page, f"checklist:{c.id}")).to_have_text(f"1 of {len(items)}")
    expect(count(page, "all:checklists")).to_contain_text("1 of ")
    expect(stat(page, "due")).to_have_text("1")
    expect(stat(page, "cards-due")).to_have_text("1")
    expect(stat(page, "cards-new")).to_have_text(str(total - 1))
    expect(stat(page, "last")).to_contain_text("(today)")
    expect(stat(page, "streak")).to_have_text("1 day")
    # The bar follows its count; the count is the bar's text (the bar is hidden from screen readers).
    row = page.locator("tr", has=count(page, f"topic:{q.topic}"))
    width = row.locator(".progress-bar__fill").evaluate("e => e.style.width")
    assert width == f"{round(100 / home_total)}%"
    assert row.locator(".progress-bar").get_attribute("aria-hidden") == "true"
    # What next: a topic with nothing practised, the due card, the checklist just started.
    expect(page.locator('[data-next="topic"]')).not_to_have_text(re.compile(re.escape(guide.topics[q.topic].title)))
    expect(page.locator('[data-next="cards"]')).to_have_text("Review the 1 flashcard due today")
    expect(page.locator('[data-next="checklist"]')).to_have_text(f"Finish “{c.title}”")
    expect(page.locator('[data-next-why="checklist"]')).to_have_text(f"1 of {len(items)} items ticked")
    href = page.locator('[data-next="checklist"]').get_attribute("href")
    assert href.endswith(f"#checklist-{c.id}")


def test_least_practised_topic_is_the_next_step(page, guide):
    # Every topic but one has a practised question: that one is next.
    by_topic: dict[str, list[str]] = {}
    for q in guide.questions.values():
        by_topic.setdefault(q.topic, []).append(q.id)
    topics = [t for t in guide.topics if t in by_topic]
    left_out = topics[3]
    entries = {f"{PREFIX}practised.{by_topic[t][0]}": "1" for t in topics if t != left_out}
    seed(page, entries)
    open_dashboard(page)
    link = page.locator('[data-next="topic"]')
    expect(link).to_have_text(f"Practise {guide.topics[left_out].title}")
    assert link.get_attribute("href").rstrip("/").endswith(guide.topics[left_out].page[:-3].removesuffix("/index"))


def test_keys_of_removed_questions_and_items_count_for_nothing(page, guide):
    c, items = first_checklist(guide)
    seed(
        page,
        {
            f"{PREFIX}practised.no-such-question": "1",
            f"{PREFIX}check.{c.id}.no-such-item": "1",
            f"{PREFIX}card.no-such-question": json.dumps({"box": 2, "due": 0}),
        },
    )
    open_dashboard(page)
    expect(count(page, "all:questions")).to_have_text(f"0 of {len(guide.questions)}")
    expect(count(page, f"checklist:{c.id}")).to_have_text(f"0 of {len(items)}")
    expect(stat(page, "due")).to_have_text("0")


@pytest.mark.parametrize(
    "offsets,streak",
    [([2, 1, 0], "3 days"), ([3, 2, 1], "3 days"), ([5, 4, 2], "0 days"), ([1], "1 day"), ([0, 2, 3], "1 day")],
)
def test_streak_is_days_in_a_row_up_to_today_or_yesterday(page, offsets, streak):
    page.goto(page.base + DASH)
    seed(page, {f"{PREFIX}activity": json.dumps(sorted(days_ago(page, *offsets)))})
    open_dashboard(page)
    expect(stat(page, "streak")).to_have_text(streak)
    if 0 in offsets:
        expect(stat(page, "last")).to_contain_text("(today)")
    elif min(offsets) == 1:
        expect(stat(page, "last")).to_contain_text("(yesterday)")


def test_activity_is_recorded_once_a_day_and_stays_bounded(page):
    page.goto(page.base + DASH)
    limit = page.evaluate("window.guide.activity.DAYS")
    old = sorted(days_ago(page, *range(limit + 5, 5, -1)))[-limit:]
    seed(page, {f"{PREFIX}activity": json.dumps(old)})
    page.goto(page.base + "q/kv-cache-size/")
    page.locator(".q-actions input[data-practised]").check()
    page.locator(".q-actions input[data-practised]").uncheck()
    page.locator(".q-actions input[data-practised]").check()
    days = json.loads(saved(page)[f"{PREFIX}activity"])
    today = days_ago(page, 0)[0]
    assert days[-1] == today and days.count(today) == 1
    assert len(days) == limit and days == sorted(days)


# ---------------------------------------------------------------------------- resets


@pytest.mark.parametrize(
    "kind,button",
    [("practised", "Reset practised marks"), ("check", "Reset checklist ticks"), ("card", "Reset flashcards")],
)
def test_each_reset_asks_first_and_clears_only_its_kind(page, guide, kind, button):
    c, items = first_checklist(guide)
    entries = {
        f"{PREFIX}practised.gpu-memory-hierarchy": "1",
        f"{PREFIX}practised.kv-cache-size": "1",
        f"{PREFIX}check.{c.id}.{items[0]}": "1",
        f"{PREFIX}card.kv-cache-size": json.dumps({"box": 1, "due": 0}),
        f"{PREFIX}activity": '["2026-01-05", "2026-01-06"]',  # never touched by a reset
    }
    seed(page, entries)
    open_dashboard(page)
    reset = page.get_by_role("button", name=button)
    expect(reset).to_be_enabled()
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    reset.click()
    assert messages and "cannot be undone" in messages[0]
    assert saved(page) == entries  # dismissed: nothing changed
    page.once("dialog", lambda d: d.accept())
    reset.click()
    left = saved(page)
    assert not any(k.startswith(f"{PREFIX}{kind}.") for k in left)
    assert {k: v for k, v in entries.items() if not k.startswith(f"{PREFIX}{kind}.")} == left
    expect(page.locator(".progress-reset-status")).to_contain_text("removed")
    expect(reset).to_be_disabled()  # nothing of that kind left
    if kind == "practised":
        expect(count(page, "all:questions")).to_have_text(f"0 of {len(guide.questions)}")
    if kind == "card":
        expect(stat(page, "due")).to_have_text("0")


# ---------------------------------------------------------------------------- export, import, damage


def test_export_import_round_trip_keeps_the_days_of_study(page, guide, tmp_path):
    c, items = first_checklist(guide)
    page.goto(page.base + DASH)
    days = sorted(days_ago(page, 9, 8, 3))  # not today: importing must not add it
    entries = {
        f"{PREFIX}practised.gpu-memory-hierarchy": "1",
        f"{PREFIX}check.{c.id}.{items[1]}": "1",
        f"{PREFIX}card.kv-cache-size": json.dumps({"box": 3, "due": 4102444800000}),
        f"{PREFIX}activity": json.dumps(days),
    }
    seed(page, entries)
    open_dashboard(page)
    with page.expect_download() as d:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "progress.json"
    d.value.save_as(path)
    data = json.loads(path.read_text())
    assert data["entries"] == entries
    page.evaluate("localStorage.clear()")
    open_dashboard(page)
    expect(count(page, "all:questions")).to_contain_text("0 of ")
    page.once("dialog", lambda dlg: dlg.accept())
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress").click()
    fc.value.set_files(str(path))
    page.get_by_text("Progress imported.").wait_for()
    assert saved(page) == entries  # the activity list exactly as exported
    expect(count(page, "all:questions")).to_have_text(f"1 of {len(guide.questions)}")  # refreshed in place
    expect(count(page, f"checklist:{c.id}")).to_have_text(f"1 of {len(items)}")
    expect(stat(page, "cards-later")).to_have_text("1")
    expect(stat(page, "streak")).to_have_text("0 days")
    expect(stat(page, "last")).not_to_contain_text("today")


@pytest.mark.parametrize(
    "bad", ['["2026-13-01"]', '"2026-12-01"', "not json", '["2026-12-01", 7]', json.dumps(["2026-01-01"] * 401)]
)
def test_a_damaged_activity_entry_is_dropped_alone(page, guide, bad):
    entries = {
        f"{PREFIX}practised.gpu-memory-hierarchy": "1",
        f"{PREFIX}activity": bad,
        f"{PREFIX}card.kv-cache-size": json.dumps({"box": 1, "due": 0}),
    }
    seed(page, entries)
    open_dashboard(page)
    expect(page.locator(".guide-notice")).to_contain_text("damaged and has been reset (1 entry)")
    left = saved(page)
    assert f"{PREFIX}activity" not in left
    assert left == {k: v for k, v in entries.items() if k != f"{PREFIX}activity"}
    expect(count(page, "all:questions")).to_have_text(f"1 of {len(guide.questions)}")
    expect(stat(page, "streak")).to_have_text("0 days")


def test_an_export_with_a_damaged_activity_entry_is_refused(page, tmp_path):
    seed(page, {f"{PREFIX}practised.gpu-memory-hierarchy": "1"})
    open_dashboard(page)
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "ai-platform-interview-guide-progress",
                "version": 1,
                "entries": {f"{PREFIX}activity": '["yesterday"]'},
            }
        )
    )
    page.once("dialog", lambda dlg: dlg.accept())
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress").click()
    fc.value.set_files(str(bad))
    page.locator(".guide-notice", has_text="damaged entry").wait_for()
    assert saved(page) == {f"{PREFIX}practised.gpu-memory-hierarchy": "1"}


# ---------------------------------------------------------------------------- phone, print, axe


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_dashboard_with_progress_has_no_serious_axe_violations(page, guide, scheme):
    c, items = first_checklist(guide)
    seed(page, {f"{PREFIX}practised.gpu-memory-hierarchy": "1", f"{PREFIX}check.{c.id}.{items[0]}": "1"})
    open_dashboard(page)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    expect(count(page, "all:questions")).to_contain_text("1 of ")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)


def test_dashboard_fits_a_phone(browser, site):
    _, base = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base + DASH)
        page.locator('[data-progress="overview"][data-ready]').wait_for(state="attached")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the progress page is {overflow}px wider than a phone"
        # Tap targets: the links and buttons of the page's own blocks are at least 24px high.
        small = page.evaluate("""() => [...document.querySelectorAll(
              '.progress-resets button, [data-progress] a.guide-button, .guide-progress button')]
            .filter(e => e.getBoundingClientRect().height < 24).map(e => e.textContent)""")
        assert small == []
    finally:
        context.close()


def test_dashboard_prints_without_its_buttons(page):
    seed(page, {f"{PREFIX}practised.gpu-memory-hierarchy": "1"})
    open_dashboard(page)
    page.emulate_media(media="print")
    expect(page.locator(".progress-resets")).to_be_hidden()
    expect(page.locator(".guide-progress")).to_be_hidden()
    expect(count(page, "all:questions")).to_be_visible()
    expect(page.locator(".progress-bar").first).to_be_visible()


# ---------------------------------------------------------------------------- question pages, marks


def test_practised_toggle_and_copy_link_work_from_the_keyboard(browser, site):
    _, base = site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(base + "q/kv-cache-size/")
        box = page.locator(".q-actions input[data-practised]")
        expect(box).to_be_enabled()
        page.locator("h1.q-title").click()  # start next to the controls, then Tab to them
        for _ in range(40):
            page.keyboard.press("Tab")
            if box.evaluate("e => e === document.activeElement"):
                break
        assert box.evaluate("e => e === document.activeElement"), "Tab never reached the practised box"
        ring = box.evaluate(
            "e => { const s = getComputedStyle(e); return [e.matches(':focus-visible'), s.outlineStyle, s.outlineWidth]; }"
        )
        assert ring[0] and ring[1] != "none" and ring[2] != "0px", f"no focus ring on the practised box: {ring}"
        page.keyboard.press("Space")
        expect(box).to_be_checked()
        assert page.evaluate(f"localStorage.getItem('{PREFIX}practised.kv-cache-size')") == "1"
        page.keyboard.press("Tab")
        copy = page.locator(".q-actions .q-copy-link")
        assert copy.evaluate("e => e === document.activeElement")
        ring = copy.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
        assert ring[0] != "none" and ring[1] != "0px", f"no focus ring on Copy link: {ring}"
        page.keyboard.press("Enter")
        expect(copy).to_have_text("Link copied")
        assert page.evaluate("navigator.clipboard.readText()") == base + "q/kv-cache-size/"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")  # and off again
        expect(box).not_to_be_checked()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["tracks/openai-anthropic/", "the-loop/", "study-plans/", "topics/gpu-cuda/"])
def test_the_practised_mark_shows_wherever_the_question_is_listed(page, guide, path):
    page.goto(page.base + path)
    row_ids = page.locator("[data-practised-mark]").evaluate_all(
        "m => m.map(e => e.getAttribute('data-practised-mark'))"
    )
    assert row_ids, f"{path} lists no question with a practised mark"
    qid = row_ids[0]
    page.evaluate(f"localStorage.setItem('{PREFIX}practised.{qid}', '1')")
    page.reload()
    expect(page.locator(f'[data-practised-mark="{qid}"]').first).to_be_visible()
    others = [i for i in row_ids if i != qid]
    if others:
        expect(page.locator(f'[data-practised-mark="{others[0]}"]').first).to_be_hidden()


def test_the_bank_shows_the_practised_box_ticked(page):
    page.goto(page.base + "q/kv-cache-size/")
    page.locator(".q-actions input[data-practised]").check()
    page.goto(page.base + "question-bank/")
    page.locator("#question-bank-filters[data-ready]").wait_for()
    row = page.locator(".question-bank li", has=page.locator('.qb-item[data-id="kv-cache-size"]'))
    expect(row.locator("input.qb-practised")).to_be_checked()


# ---------------------------------------------------------------------------- page facts


def git_date(path: str) -> str | None:
    out = subprocess.run(["git", "log", "-1", "--format=%at", "--", path], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        return None
    return datetime.fromtimestamp(int(out.stdout), tz=UTC).date().isoformat()


def test_a_question_page_shows_reading_time_and_its_data_files_date(page, guide):
    q = guide.questions["kv-cache-size"]
    page.goto(page.base + "q/kv-cache-size/")
    meta = page.locator(".q-meta")
    expect(meta.locator(".page-facts__read")).to_have_text(re.compile(r"^\d+ min read$"))
    expected = git_date(q.source)
    if expected is None:
        expect(meta.locator(".page-facts__updated")).to_have_count(0)
    else:
        expect(meta.locator("time")).to_have_attribute("datetime", expected)


def test_content_pages_show_the_facts_under_their_title(page):
    page.goto(page.base + "topics/gpu-cuda/")
    facts = page.locator("h1 + .page-facts")
    expect(facts.locator(".page-facts__read")).to_have_text(re.compile(r"^\d+ min read$"))
    page.goto(page.base + "question-bank/")  # a tool page: no reading time
    expect(page.locator(".page-facts__read")).to_have_count(0)
    # Material's own date at the foot of the page is not shown: the facts line says it.
    expect(page.locator(".md-source-file")).to_have_count(0)
