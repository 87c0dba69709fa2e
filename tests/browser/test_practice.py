"""Practice pages in Chromium: mock loops (shared links, exclusion, timers, print sheets) and
flashcard review (keyboard, saved boxes, export/import), plus the deck files."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile

import pytest

from .conftest import serious_axe_violations

pytestmark = pytest.mark.browser

PREFIX = "aipg.v1."
LOOP = "practice/mock-loop/"
CARDS = "practice/flashcards/"
PHONE = {"width": 390, "height": 844}


def minutes_in(text: str) -> int:
    """The duration a title states ('4 hours 15 minutes', '45 minutes') in minutes."""
    m = re.search(r"\((?:(\d+) hours?)? ?(?:(\d+) minutes?)?\)", text)
    assert m and (m.group(1) or m.group(2)), f"no duration stated in {text!r}"
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


@pytest.fixture(scope="module")
def data(site):
    out, _ = site
    return json.loads((out / "assets/practice.json").read_text())


def open_loop(page, query: str = ""):
    page.goto(page.base + LOOP + query)
    page.locator("#mock-loop form").wait_for()
    return page


def draw(page, track: str, length: str, skip_practised: bool = False):
    page.get_by_label("Track", exact=True).select_option(track)
    page.get_by_label("Length", exact=True).select_option(length)
    if skip_practised:
        page.get_by_label("Leave out questions I marked practised", exact=False).check()
    page.get_by_role("button", name="Draw a loop").click()
    page.locator(".practice-round").first.wait_for()


def drawn(page) -> list[list[str]]:
    return page.locator(".practice-round").evaluate_all(
        "rs => rs.map(r => Array.from(r.querySelectorAll('li[data-question]')).map(li => li.dataset.question))"
    )


def test_loop_matches_its_length_and_a_shared_link_shows_the_same_loop(page, browser, data):
    open_loop(page)
    track = "general" if any(t["id"] == "general" for t in data["tracks"]) else "all"
    draw(page, track, "full")
    rounds = drawn(page)
    length = next(ln for ln in data["lengths"] if ln["id"] == "full")
    assert [1 <= len(r) <= spec["count"] for r, spec in zip(rounds, length["rounds"])] == [True] * len(rounds)
    slots = page.locator(".practice-round").evaluate_all(
        "rs => rs.map(r => Array.from(r.querySelectorAll('li[data-question]')).map(li => Number(li.dataset.minutes)))"
    )
    for ids, spec, mins in zip(rounds, length["rounds"], slots):
        assert all(spec["type"] in data["questions"][q]["rounds"] for q in ids)
        # each question's slot is its expected minutes (at least the round's pace), and they fit the round
        assert mins == [max(data["questions"][q]["minutes"], data["pace"][spec["type"]]) for q in ids]
        assert sum(mins) <= spec["minutes"]
    flat = [q for r in rounds for q in r]
    assert len(flat) == len(set(flat))
    url = page.url
    assert "seed=" in url and f"track={track}" in url and "length=full" in url
    assert page.get_by_label("Link to this loop", exact=False).input_value() == url
    # the partner: another browser profile, no shared storage
    partner = browser.new_context().new_page()
    try:
        partner.goto(url)
        partner.locator(".practice-round").first.wait_for()
        assert drawn(partner) == rounds
    finally:
        partner.context.close()
    page.reload()
    page.locator(".practice-round").first.wait_for()
    assert drawn(page) == rounds
    assert page.get_by_label("Track", exact=True).input_value() == track
    assert not [u for u in page.requests if not u.startswith(page.base)], "third-party request"


def test_practised_questions_are_left_out_and_the_link_still_replays(page, browser, data):
    open_loop(page)
    pool = [q for q, v in data["questions"].items() if "technical-screen" in v["rounds"]]
    practised = sorted(pool)[: len(pool) // 2]
    page.evaluate("ids => ids.forEach(id => localStorage.setItem('aipg.v1.practised.' + id, '1'))", practised)
    page.reload()
    page.locator("#mock-loop form").wait_for()
    draw(page, "all", "screen", skip_practised=True)
    [ids] = drawn(page)
    assert 1 <= len(ids) <= 4 and not set(ids) & set(practised)
    assert "fewer questions" not in page.locator(".practice-status").inner_text()
    partner = browser.new_context().new_page()
    try:
        partner.goto(page.url)
        partner.locator(".practice-round").first.wait_for()
        assert drawn(partner) == [ids]
    finally:
        partner.context.close()


def test_a_link_with_unknown_settings_says_so(page):
    open_loop(page, "?track=no-such-track&length=full&seed=12")
    assert "not understood" in page.locator(".practice-status").inner_text()
    assert page.locator(".practice-round").count() == 0
    open_loop(page, "?track=all&length=full&seed=99999999999")
    assert "not understood" in page.locator(".practice-status").inner_text()


def test_outline_stays_hidden_until_revealed(page):
    open_loop(page)
    draw(page, "all", "design")
    item = page.locator("li[data-question]").first
    outline = item.locator(".practice-outline")
    assert outline.is_hidden()
    reveal = item.get_by_role("button", name="Show answer outline")
    assert reveal.get_attribute("aria-expanded") == "false"
    reveal.click()
    assert outline.is_visible()
    assert item.get_by_role("button", name="Hide answer outline").get_attribute("aria-expanded") == "true"
    assert outline.locator("a", has_text="Read the full entry").get_attribute("href").startswith(page.base)


def test_timer_counts_pauses_and_announces_the_end(page):
    page.clock.install()
    open_loop(page)
    draw(page, "all", "screen")
    round1 = page.locator(".practice-round").first
    clock = round1.get_by_role("timer")
    assert clock.inner_text() == "45:00"
    round1.get_by_role("button", name="Start the round 1 timer").click()
    page.clock.fast_forward(10_000)
    assert clock.inner_text() == "44:50"
    round1.get_by_role("button", name="Pause the round 1 timer").click()
    page.clock.fast_forward(60_000)
    assert clock.inner_text() == "44:50"
    notice = round1.locator(".practice-timeup")
    assert notice.get_attribute("role") == "alert"
    assert notice.inner_text() == ""
    round1.get_by_role("button", name="Start the round 1 timer").click()
    page.clock.fast_forward("45:00")
    assert clock.inner_text() == "00:00"
    assert notice.inner_text() == "Time is up for round 1 (Technical screen)."
    assert notice.is_visible() and notice.get_attribute("aria-live") == "assertive"
    round1.get_by_role("button", name="Reset the round 1 timer").click()
    assert clock.inner_text() == "45:00" and notice.inner_text() == ""


def test_after_time_is_up_the_timer_restarts(page):
    """Once the time is up the toggle says Restart and does it: full time, counting down."""
    page.clock.install()
    open_loop(page)
    draw(page, "all", "screen")
    round1 = page.locator(".practice-round").first
    clock, notice = round1.get_by_role("timer"), round1.locator(".practice-timeup")
    round1.get_by_role("button", name="Start the round 1 timer").click()
    page.clock.fast_forward("45:01")
    assert clock.inner_text() == "00:00" and notice.inner_text().startswith("Time is up")
    assert round1.get_by_role("button", name="Start the round 1 timer", exact=True).count() == 0
    restart = round1.get_by_role("button", name="Restart the round 1 timer")
    assert restart.inner_text() == "Restart"
    restart.click()
    assert notice.inner_text() == "" and "practice-timer--up" not in round1.locator(".practice-timer").get_attribute(
        "class"
    )
    assert clock.inner_text() == "45:00"
    page.clock.fast_forward(10_000)
    assert clock.inner_text() == "44:50"
    round1.get_by_role("button", name="Pause the round 1 timer").click()
    page.clock.fast_forward(60_000)
    assert clock.inner_text() == "44:50"
    round1.get_by_role("button", name="Start the round 1 timer").click()
    page.clock.fast_forward("45:00")
    assert notice.inner_text().startswith("Time is up")
    round1.get_by_role("button", name="Reset the round 1 timer").click()
    assert clock.inner_text() == "45:00" and notice.inner_text() == ""
    assert round1.get_by_role("button", name="Start the round 1 timer").inner_text() == "Start"


def test_the_practised_count_follows_the_ticks(page):
    open_loop(page)
    skip = page.locator("label[for=pl-skip]")
    assert "(0 marked" in skip.inner_text()
    draw(page, "all", "full")  # five rounds: at least five questions, whatever their lengths
    boxes = page.locator(".practice-round li[data-question] input[type=checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert "(2 marked" in skip.inner_text()
    boxes.nth(0).uncheck()
    assert "(1 marked" in skip.inner_text()
    # marked in another tab (the question bank): the count follows too
    other = page.context.new_page()
    other.goto(page.base)
    other.evaluate("localStorage.setItem('aipg.v1.practised.' + 'no-such-question', '1')")
    other.close()
    page.locator("label[for=pl-skip]", has_text="(1 marked").wait_for()  # not a question of the bank
    first = boxes.nth(2).evaluate("b => b.closest('li').dataset.question")
    other = page.context.new_page()
    other.goto(page.base)
    other.evaluate("id => localStorage.setItem('aipg.v1.practised.' + id, '1')", first)
    other.close()
    page.locator("label[for=pl-skip]", has_text="(2 marked").wait_for()
    assert boxes.nth(2).is_checked()


def test_every_stated_duration_adds_up_from_the_rounds(page, data):
    open_loop(page)
    lengths = {ln["id"]: ln for ln in data["lengths"]}
    options = page.get_by_label("Length", exact=True).locator("option")
    for lid, text in zip(options.evaluate_all("os => os.map(o => o.value)"), options.all_inner_texts()):
        assert minutes_in(text) == sum(r["minutes"] for r in lengths[lid]["rounds"]), text
    rows = page.locator("table:has(th:text-is('Length')) tbody tr")
    assert rows.count() == len(lengths)
    for row in rows.all():
        title, rounds = row.locator("td").all_inner_texts()
        assert minutes_in(title) == sum(int(m) for m in re.findall(r"\((\d+) min,", rounds)), title
    draw(page, "all", "full")
    stated = page.locator(".practice-meta").inner_text().split(" · ")[1]
    assert minutes_in(f"({stated})") == sum(minutes_in(h) for h in page.locator(".practice-round h3").all_inner_texts())


def test_both_sheets_print(page, data):
    open_loop(page)
    draw(page, "all", "full")
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    first = drawn(page)[0][0]
    listens_text = page.evaluate(
        "h => { const d = document.createElement('div'); d.innerHTML = h; return d.textContent.trim(); }",
        data["questions"][first]["listens"],
    )[:40]

    page.get_by_role("button", name="Print candidate sheet").click()
    sheet = page.locator(".practice-sheet")
    assert sheet.count() == 1 and page.evaluate("window.__printed") == 1
    assert "candidate" in sheet.locator("h1").inner_text()
    assert "What the interviewer listens for" not in sheet.inner_text()
    assert sheet.locator(".practice-rubric").count() == 0
    page.emulate_media(media="print")
    assert sheet.is_visible()
    assert page.locator(".md-content__inner > h1").first.is_hidden()
    assert page.locator("#mock-loop").is_hidden()
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 5_000

    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".practice-sheet").count() == 0
    page.get_by_role("button", name="Print interviewer sheet").click()
    sheet = page.locator(".practice-sheet")
    assert "interviewer" in sheet.locator("h1").inner_text()
    text = sheet.inner_text()
    assert "What the interviewer listens for" in text and "Follow-ups" in text
    assert " ".join(listens_text.split())[:30] in " ".join(text.split())
    rounds = sum(len(r) for r in drawn(page))
    assert sheet.locator(".practice-rubric").count() == rounds
    assert sheet.locator(".practice-rubric thead th").first.inner_text() == "What to score"
    page.emulate_media(media="print")
    assert sheet.is_visible() and page.locator("#mock-loop").is_hidden()
    # room to write the evidence by hand: at least three lines of the sheet's text per cell
    cells = sheet.locator(".practice-rubric td.practice-evidence").evaluate_all(
        "cs => cs.map(c => [c.getBoundingClientRect().height, parseFloat(getComputedStyle(c.closest('.practice-sheet')).fontSize)])"
    )
    assert cells and all(h >= 3 * 1.5 * size for h, size in cells), cells
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 5_000


# A US Letter page (Chromium's default for page.pdf) less Material's 25 mm print margins, in CSS px.
PAGE_HEIGHT = 11 * 96 - 2 * 25 / 25.4 * 96


@pytest.mark.parametrize("interviewer", [True, False], ids=["interviewer", "candidate"])
def test_a_sheet_starts_on_the_first_page_with_lines_to_write_on(page, interviewer):
    """The interviewer's sheet used to leave page 1 all but empty: each question was one
    block that must not break, taller than what was left of the page. Lines to write on are
    borders, which print (backgrounds do not, by default)."""
    open_loop(page)
    draw(page, "all", "full")
    page.evaluate("() => { window.print = () => {}; }")
    page.get_by_role("button", name="Print interviewer sheet" if interviewer else "Print candidate sheet").click()
    page.emulate_media(media="print")
    sheet = page.locator(".practice-sheet")
    layout = sheet.evaluate("""s => {
        const top = s.getBoundingClientRect().top;
        const q = s.querySelector('.practice-sheet-q'), prompt = q.querySelector('.practice-prompt');
        const unbreakable = Array.from(s.querySelectorAll('*')).filter(e => getComputedStyle(e).breakInside === 'avoid')
            .map(e => e.getBoundingClientRect().height);
        return { head: prompt.getBoundingClientRect().bottom - top, whole: getComputedStyle(q).breakInside,
                 tallest: Math.max(0, ...unbreakable) };
    }""")
    # the title, the loop's line, the first round's heading and its first prompt fit page 1
    assert layout["head"] < PAGE_HEIGHT, layout
    assert layout["tallest"] < PAGE_HEIGHT / 2, layout  # nothing kept together pushes a page out
    questions = sheet.locator(".practice-sheet-q")
    per = 5 if interviewer else 8
    for q in questions.all()[:3]:
        lines = q.locator(".practice-lines .practice-line")
        assert lines.count() >= per
        rule = lines.first.evaluate("""e => { const s = getComputedStyle(e);
            return [s.borderBottomStyle, parseFloat(s.borderBottomWidth), e.getBoundingClientRect().height]; }""")
        assert rule[0] == "solid" and rule[1] >= 1 and rule[2] >= 24, rule
    if interviewer:
        assert questions.first.locator("h4", has_text="Notes").count() == 1
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF"


def open_cards(page, query: str = ""):
    page.goto(page.base + CARDS + query)
    page.locator(".practice-card[data-current]").wait_for(state="attached")
    return page


def card_entries(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('aipg.v1.card.')).map(k => [k.slice(13), JSON.parse(localStorage.getItem(k))]))""")


def test_review_three_cards_with_the_keyboard_and_reload_keeps_them(page, data):
    open_cards(page)
    card = page.locator(".practice-card")
    deck = next(d for d in data["decks"] if d["id"] == "all")
    assert card.get_attribute("data-current") == deck["cards"][0]  # no card due yet: new cards in order
    before = page.evaluate("Date.now()")
    seen = []
    card.focus()  # the keys work while the card has focus
    for key in ("3", "4", "1"):  # good, easy, again
        seen.append(card.get_attribute("data-current"))
        assert page.locator(".practice-card-back").is_hidden()
        page.keyboard.press("Space")
        assert page.locator(".practice-card-back").is_visible()
        assert page.locator(".practice-grades").is_visible()
        page.keyboard.press(key)
    after = page.evaluate("Date.now()")
    saved = card_entries(page)
    assert set(saved) == set(seen)
    days = data["schedule"]["days"]
    assert (
        saved[seen[0]]["box"] == 1
        and before + days[1] * 86_400_000 <= saved[seen[0]]["due"] <= after + days[1] * 86_400_000
    )
    assert (
        saved[seen[1]]["box"] == 2
        and before + days[2] * 86_400_000 <= saved[seen[1]]["due"] <= after + days[2] * 86_400_000
    )
    assert saved[seen[2]]["box"] == 0 and saved[seen[2]]["due"] <= after + 10 * 60_000
    page.reload()
    page.locator(".practice-card[data-current]").wait_for(state="attached")
    assert card_entries(page) == saved
    status = page.locator(".practice-status").inner_text()
    assert "3 later" in status and f"{len(deck['cards']) - 3} new" in status
    assert page.locator(".practice-card").get_attribute("data-current") not in seen


def test_card_keys_work_only_while_the_card_has_focus(page, data):
    """Elsewhere on the page Space scrolls and digits are digits: the card takes its keys only
    with focus (a click on it, or Tab), and shows that it has it."""
    open_cards(page)
    card = page.locator(".practice-card")
    page.locator("h1").first.click()  # focus on the page, not the card
    page.keyboard.press("Space")
    page.keyboard.press("3")
    assert page.locator(".practice-card-back").is_hidden() and card_entries(page) == {}
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    unfocused = card.evaluate("e => getComputedStyle(e).borderTopColor")
    card.locator(".practice-card-front").click()  # a click on the card gives it focus
    assert page.evaluate("document.activeElement.classList.contains('practice-card')")
    assert card.evaluate("e => getComputedStyle(e).borderTopColor") != unfocused  # and it shows
    page.keyboard.press("Space")
    assert page.locator(".practice-card-back").is_visible()
    page.keyboard.press("3")
    assert len(card_entries(page)) == 1
    assert "once the card has focus" in page.locator(".practice-help").inner_text()


def test_due_cards_come_first(page, data):
    deck = next(d for d in data["decks"] if d["id"] != "all")
    last = deck["cards"][-1]
    page.goto(page.base)
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)", [f"{PREFIX}card.{last}", json.dumps({"box": 3, "due": 1_000})]
    )
    open_cards(page, f"?deck={deck['id']}")
    assert page.get_by_label("Deck", exact=True).input_value() == deck["id"]
    assert page.locator(".practice-card").get_attribute("data-current") == last
    assert page.locator(".practice-status").inner_text().startswith("1 due")


def test_buttons_work_without_the_keyboard_and_again_comes_back(page, data):
    open_cards(page, "?deck=" + data["decks"][1]["id"])
    card = page.locator(".practice-card")
    first = card.get_attribute("data-current")
    page.get_by_role("button", name="Show answer").click()
    assert page.locator(".practice-card-back a", has_text="Read the full entry").count() == 1
    page.locator(".practice-grades button[data-grade=again]").click()
    remaining = page.locator(".practice-status").inner_text()
    assert "left in this session" in remaining
    n = len(data["decks"][1]["cards"])
    for _ in range(min(n, data["schedule"]["new_per_session"]) - 1):
        page.get_by_role("button", name="Show answer").click()
        page.locator(".practice-grades button[data-grade=good]").click()
    assert card.get_attribute("data-current") == first  # the card graded "again" is back


def test_grades_show_only_with_the_answer_and_go_when_the_deck_is_done(page, data):
    deck = min((d for d in data["decks"] if d["id"] != "all"), key=lambda d: len(d["cards"]))
    assert len(deck["cards"]) <= data["schedule"]["new_per_session"]
    open_cards(page, "?deck=" + deck["id"])
    grades = page.locator(".practice-grades")
    for _ in deck["cards"]:
        assert grades.is_hidden() and page.locator(".practice-grades button:visible").count() == 0
        page.get_by_role("button", name="Show answer").click()
        assert grades.is_visible()
        assert page.locator(".practice-grades button:visible").count() == len(data["grades"])
        page.locator(".practice-grades button[data-grade=easy]").click()
    done = page.locator(".practice-done")
    assert done.is_visible() and "Nothing to review" in done.inner_text()
    assert grades.is_hidden() and page.locator(".practice-grades button:visible").count() == 0
    assert page.get_by_role("button", name="Show answer").count() == 0
    page.keyboard.press("3")  # a grade key does nothing either
    assert len(card_entries(page)) == len(deck["cards"])


def test_the_deck_says_what_it_holds(page, site, data):
    out, _ = site
    bank = json.loads((out / "assets/questions.json").read_text())
    questions = bank["questions"] if isinstance(bank, dict) else bank
    tagged = {d["id"]: sum(1 for q in questions if d["id"] in q["topics"]) for d in data["decks"]}
    deck = max((d for d in data["decks"] if d["id"] != "all"), key=lambda d: tagged[d["id"]] - len(d["cards"]))
    assert tagged[deck["id"]] > len(deck["cards"])  # the case that confused readers
    open_cards(page, "?deck=" + deck["id"])
    about = page.locator("#fc-deck-about")
    assert page.get_by_label("Deck", exact=True).get_attribute("aria-describedby") == "fc-deck-about"
    text = about.inner_text()
    assert f"{len(deck['cards'])} questions whose home topic is {deck['title']}" in text
    assert f"filter shows {tagged[deck['id']]}" in text
    page.get_by_label("Deck", exact=True).select_option("all")
    assert f"every question in the guide: {len(data['questions'])} questions" in about.inner_text()
    assert "home topic" in page.locator("table.practice-decks caption").inner_text()
    assert "home topic" in page.locator(".md-content__inner > p", has_text="topic deck").first.inner_text()


@pytest.mark.parametrize("path", [LOOP, CARDS, "practice/"])
def test_nothing_overflows_a_phone_screen(browser, site, path):
    _, base = site
    context = browser.new_context(viewport=PHONE)
    try:
        pg = context.new_page()
        pg.goto(base + path)
        fits = """() => {
            const w = window.innerWidth;
            const out = Array.from(document.querySelectorAll('.practice select, .practice input, .practice button'))
              .filter(c => c.getClientRects().length && c.getBoundingClientRect().right > w + 0.5)
              .map(c => (c.id || c.tagName) + ' ' + Math.round(c.getBoundingClientRect().right));
            return [document.documentElement.scrollWidth, w, out];
        }"""
        checks = []
        if path == LOOP:
            pg.locator("#mock-loop form").wait_for()
            for lid in (
                pg.get_by_label("Length", exact=True).locator("option").evaluate_all("os => os.map(o => o.value)")
            ):
                pg.get_by_label("Length", exact=True).select_option(lid)
                checks.append((lid, pg.evaluate(fits)))
            draw(pg, "all", "full")
            pg.locator(".practice-round li button").evaluate_all("bs => bs.forEach(b => b.click())")
        elif path == CARDS:
            pg.locator(".practice-card[data-current]").wait_for(state="attached")
            pg.get_by_role("button", name="Show answer").click()
        checks.append(("end", pg.evaluate(fits)))
        for what, (scroll, width, out) in checks:
            assert scroll <= width and not out, f"{path} ({what}): page {scroll}px wide in {width}px; {out}"
    finally:
        context.close()


def test_card_progress_exports_and_imports_with_the_rest(page, tmp_path):
    open_cards(page)
    page.locator(".practice-card").focus()
    page.keyboard.press("Space")
    page.keyboard.press("3")
    saved = card_entries(page)
    assert len(saved) == 1
    with page.expect_download() as d:
        page.get_by_role("button", name="Export progress").click()
    path = tmp_path / "progress.json"
    d.value.save_as(path)
    assert any(k.startswith(PREFIX + "card.") for k in json.loads(path.read_text())["entries"])
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".practice-card[data-current]").wait_for(state="attached")
    assert "0 later" in page.locator(".practice-status").inner_text()
    page.once("dialog", lambda dlg: dlg.accept())
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import progress").click()
    fc.value.set_files(str(path))
    page.get_by_text("Progress imported.").wait_for()
    assert card_entries(page) == saved
    page.locator(".practice-status", has_text="1 later").wait_for()


def test_without_javascript_the_pages_explain_and_link_the_decks(browser, site):
    out, base = site
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(base + CARDS)
        assert pg.get_by_text("Reviewing in the page needs JavaScript", exact=False).is_visible()
        links = pg.locator("table.practice-decks a")
        hrefs = links.evaluate_all("as => as.map(a => a.href)")
        assert any(h.endswith("/assets/decks/all.apkg") for h in hrefs)
        assert any(h.endswith("/assets/decks/all.csv") for h in hrefs)
        for h in hrefs:
            assert (out / h[len(base) :]).is_file(), h
        pg.goto(base + LOOP)
        assert pg.get_by_text("Drawing a loop needs JavaScript", exact=False).is_visible()
    finally:
        context.close()


def test_widgets_start_after_instant_navigation(page):
    page.goto(page.base)
    page.evaluate("window.__no_reload = true")
    page.evaluate(f"location$.next(new URL('{page.base + LOOP}'))")
    page.locator("#mock-loop form").wait_for()
    page.evaluate(f"location$.next(new URL('{page.base + CARDS}'))")
    page.locator(".practice-card[data-current]").wait_for(state="attached")
    assert page.evaluate("window.__no_reload") is True
    page.locator(".practice-card").focus()
    page.keyboard.press("Space")
    assert page.locator(".practice-card-back").is_visible()


@pytest.mark.parametrize("path", [LOOP, CARDS, "practice/"])
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_accessibility_violations(page, path, scheme):
    page.goto(page.base + path)
    if path == LOOP:
        page.locator("#mock-loop form").wait_for()
        draw(page, "all", "screen")
        page.locator(".practice-round li button").first.click()
    elif path == CARDS:
        page.locator(".practice-card[data-current]").wait_for(state="attached")
        page.locator(".practice-card").focus()
        page.keyboard.press("Space")
    # No colour transitions: axe must see the final colours of the scheme, not a blend.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # The theme's own chrome is covered by test_a11y.py; this checks the practice content.
    bad = serious_axe_violations(page, ".md-content")
    assert not bad, "\n".join(bad)


@pytest.mark.site
def test_the_site_decks_hold_every_question(site, guide, tmp_path):
    out, _ = site
    with zipfile.ZipFile(out / "assets/decks/all.apkg") as z:
        (tmp_path / "c.sqlite").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "c.sqlite")
    try:
        ids = [r[0].split("\x1f")[4] for r in con.execute("SELECT flds FROM notes")]
    finally:
        con.close()
    assert sorted(ids) == sorted(guide.questions)
    data = json.loads((out / "assets/practice.json").read_text())
    per_topic = [c for d in data["decks"] if d["id"] != "all" for c in d["cards"]]
    assert sorted(per_topic) == sorted(guide.questions)


@pytest.mark.parametrize("start", ["", "checklists/", "topics/gpu-cuda/"])
def test_practice_pages_load_their_data_when_reached_by_instant_navigation(page, start):
    """Material swaps the page without reloading it: the data must still come from the site
    root, whatever the depth of the page the reader came in on."""
    page.goto(page.base + start)
    page.evaluate(
        """target => {
        window.cameBefore = true;
        const a = document.createElement("a");
        a.id = "go-practice"; a.href = target; a.textContent = "go";
        document.querySelector(".md-content__inner").prepend(a);
    }""",
        page.base + CARDS,
    )
    page.locator("#go-practice").click()
    page.wait_for_url(page.base + CARDS)
    page.locator("#flashcards[data-ready] .practice-card, #flashcards[data-ready] .practice-done").first.wait_for()
    assert page.evaluate("window.cameBefore === true")  # no full reload: instant navigation
    assert page.locator("#flashcards .practice-fallback").is_hidden()
    page.evaluate(
        "target => { const a = document.createElement('a'); a.id = 'go-loop'; a.href = target;"
        " a.textContent = 'loop'; document.querySelector('.md-content__inner').prepend(a); }",
        page.base + LOOP,
    )
    page.locator("#go-loop").click()
    page.wait_for_url(page.base + LOOP)
    page.locator("#mock-loop form").wait_for()
    assert page.evaluate("window.cameBefore === true")
