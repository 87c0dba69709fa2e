"""The study-plan generator in Chromium (fill the form, the address round trip, bad input,
practised marks, print, a phone) and the home page's first step above the fold."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.waits import SHIFTS_INIT, layout_shift_total

from .conftest import serious_axe_violations

pytestmark = pytest.mark.browser

GEN = "plan-generator/"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def bank(site):
    out, _ = site
    return json.loads((out / "assets/questions.json").read_text())


@pytest.fixture
def phone(browser, site):
    _, url = site
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    pg.base = url
    yield pg
    context.close()


def open_gen(page, query: str = ""):
    page.goto(page.base + GEN + query)
    page.locator("#plan-generator[data-wired]").wait_for()
    return page


def make(page, weeks, hours, track, fear=()):
    page.get_by_label("Weeks until the interview").fill(str(weeks))
    page.get_by_label("Hours a week").fill(str(hours))
    page.get_by_label("Company track").select_option(track)
    for box in page.locator("input[name=fear]").all():
        box.set_checked(box.get_attribute("value") in fear)
    page.get_by_role("button", name="Make my plan").click()
    expect(page.locator(".pg-day").first).to_be_visible()


def plan_of(page) -> list:
    """Each day: (number, kind, used, budget, [(item type, question id or mock link)])."""
    return page.locator(".pg-day").evaluate_all("""days => days.map(d => [d.dataset.day,
        d.className, Number(d.dataset.used), Number(d.dataset.budget),
        Array.from(d.querySelectorAll('.pg-item')).map(i => [i.className, i.dataset.q ||
          (i.querySelector('a') ? i.querySelector('a').getAttribute('href') : '')])])""")


def test_filling_the_form_makes_a_plan_that_fits_and_links_every_question(page, bank):
    open_gen(page)
    make(page, 3, 9, "google-deepmind", ["coding", "ml-domain"])
    q = parse_qs(urlsplit(page.url).query)
    assert q == {"weeks": ["3"], "hours": ["9"], "track": ["google-deepmind"], "fear": ["coding,ml-domain"]}
    assert page.get_by_label("Link to this plan").input_value() == page.url
    days = plan_of(page)
    assert [int(d[0]) for d in days] == list(range(1, 22))
    assert all(used <= budget for _, _, used, budget, _ in days)
    assert {budget for _, kind, _, budget, _ in days if "pg-day--rest" not in kind} == {9 * 60 // 6}
    assert "pg-day--last" in days[-1][1] and "pg-day--mock" in days[-2][1]
    assert (
        page.locator(".pg-day--last a", has_text="The day before")
        .get_attribute("href")
        .endswith("checklists/#checklist-day-before")
    )
    ids = {q["id"] for q in bank["questions"]}
    links = page.locator(".pg-item[data-q] a").evaluate_all("as => as.map(a => [a.closest('li').dataset.q, a.href])")
    assert links
    for qid, href in links:
        assert qid in ids and href == page.base + f"q/{qid}/"
    for href in sorted({h for _, h in links})[:5]:
        assert page.request.get(href).status == 200, href
    # each row shows the question's expected minutes from the bank
    minutes = {q["id"]: q["minutes"] for q in bank["questions"]}
    first = page.locator(".pg-item--question").first
    assert first.locator(".q-time").inner_text() == f"{minutes[first.get_attribute('data-q')]} min"
    assert not [u for u in page.requests if not u.startswith(page.base)], "third-party request"
    assert not page.console_errors


def test_the_address_gives_the_same_plan_to_anyone(page, browser):
    open_gen(page)
    make(page, 2, 12, "openai-anthropic", ["system-design"])
    mine, url = plan_of(page), page.url
    partner = browser.new_context().new_page()
    try:
        partner.goto(url)
        expect(partner.locator(".pg-day").first).to_be_visible()
        assert plan_of(partner) == mine
        assert partner.get_by_label("Weeks until the interview").input_value() == "2"
        assert partner.get_by_label("Hours a week").input_value() == "12"
        assert partner.get_by_label("Company track").input_value() == "openai-anthropic"
        assert partner.locator("input[name=fear][value=system-design]").is_checked()
        assert partner.locator("input[name=fear]:checked").count() == 1
    finally:
        partner.context.close()
    page.reload()
    expect(page.locator(".pg-day").first).to_be_visible()
    assert plan_of(page) == mine


def test_a_mock_day_opens_its_loop(page):
    open_gen(page, "?weeks=1&hours=8&track=general&fear=coding")
    mock = page.locator(".pg-day--mock a.pg-mock").first
    href = mock.get_attribute("href")
    assert "length=coding" in href and "track=general" in href and "seed=" in href
    mock.click()
    page.locator(".practice-round").first.wait_for()
    assert "not understood" not in page.locator(".practice-status").inner_text()


def test_bad_input_is_refused_with_a_message_beside_its_field(page):
    open_gen(page)
    page.get_by_label("Weeks until the interview").fill("0")
    page.get_by_label("Hours a week").fill("100")
    page.get_by_role("button", name="Make my plan").click()
    weeks, hours = page.get_by_label("Weeks until the interview"), page.get_by_label("Hours a week")
    expect(page.locator("#pg-weeks-error")).to_have_text("Too few weeks: enter 1 to 8.")
    expect(page.locator("#pg-hours-error")).to_have_text("Too many hours a week: enter 6 to 60.")
    assert weeks.get_attribute("aria-invalid") == "true" and hours.get_attribute("aria-invalid") == "true"
    assert "pg-weeks-error" in weeks.get_attribute("aria-describedby")
    expect(weeks).to_be_focused()
    assert page.locator(".pg-day").count() == 0
    # the message sits beside its field: inside the field's box, under its input
    box, msg = weeks.bounding_box(), page.locator("#pg-weeks-error").bounding_box()
    field = page.locator("[data-field=weeks]").bounding_box()
    assert msg["y"] >= box["y"] + box["height"] - 1 and msg["y"] + msg["height"] <= field["y"] + field["height"] + 1
    weeks.fill("2")
    expect(page.locator("#pg-weeks-error")).to_have_text("")
    assert weeks.get_attribute("aria-invalid") is None
    hours.fill("10")
    page.get_by_role("button", name="Make my plan").click()
    expect(page.locator(".pg-day").first).to_be_visible()


def test_a_bad_address_says_what_is_wrong(page):
    open_gen(page, "?weeks=12&hours=x&track=nope&fear=coding,nope")
    expect(page.locator("#pg-weeks-error")).to_have_text("Too many weeks: enter 1 to 8.")
    expect(page.locator("#pg-hours-error")).to_have_text("Enter a whole number of hours a week, 6 to 60.")
    assert "nope" in page.locator("#pg-track-error").inner_text()
    assert "nope" in page.locator("#pg-fear-error").inner_text()
    assert "not understood" in page.locator(".pg-status").inner_text()
    assert page.locator(".pg-day").count() == 0


def test_practised_marks_show_and_follow_the_ticks(page):
    open_gen(page, "?weeks=1&hours=8&track=general")
    first = page.locator(".pg-item--question").first
    qid = first.get_attribute("data-q")
    page.evaluate("id => localStorage.setItem('aipg.v1.practised.' + id, '1')", qid)
    page.reload()
    expect(page.locator(".pg-day").first).to_be_visible()
    box = page.locator(f"input[data-plan-practised='{qid}']")
    expect(box).to_be_checked()
    reviews = page.locator(f".pg-item--review[data-q='{qid}'] .q-practised-mark")
    assert reviews.count() >= 1
    expect(reviews.first).to_be_visible()
    box.uncheck()
    assert page.evaluate("id => localStorage.getItem('aipg.v1.practised.' + id)", qid) is None
    expect(reviews.first).to_be_hidden()
    other = page.locator(".pg-item--question").nth(1)
    oid = other.get_attribute("data-q")
    other.get_by_label("Practised: ", exact=False).check()
    assert page.evaluate("id => localStorage.getItem('aipg.v1.practised.' + id)", oid) == "1"
    # the question's own page shows the same mark
    page.goto(page.base + f"q/{oid}/")
    expect(page.locator(f"input[data-practised='{oid}']")).to_be_checked()


def test_print_shows_the_plan_without_controls(page):
    open_gen(page, "?weeks=2&hours=10&track=general&fear=behavioral")
    page.emulate_media(media="print")
    for sel in (".pg-form", ".pg-tools", ".pg-status", ".pg-done", ".md-header", ".md-sidebar"):
        loc = page.locator(sel)
        assert all(not b.is_visible() for b in loc.all()), sel
    expect(page.locator(".pg-day").first).to_be_visible()
    expect(page.locator("h1")).to_be_visible()
    assert not page.locator(".md-content__inner > p").first.is_visible()  # the page's own prose
    assert page.locator(".pg-day button:visible, .pg-day input:visible").count() == 0
    page.emulate_media(media="screen")
    expect(page.locator(".pg-form")).to_be_visible()


def test_nothing_shifts_when_the_form_is_wired(page):
    page.add_init_script(SHIFTS_INIT)
    html = page.request.get(page.base + GEN).text()
    assert '<fieldset class="pg-controls" disabled>' in html
    open_gen(page)
    assert not page.locator(".pg-controls").is_disabled()
    assert layout_shift_total(page) < 0.01


def test_a_phone_gets_the_form_and_the_plan_without_sideways_scrolling(phone):
    open_gen(phone, "?weeks=4&hours=14&track=openai-anthropic&fear=system-design,coding,ml-domain")
    expect(phone.locator(".pg-day").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    small = phone.locator(
        "#plan-generator button, #plan-generator .pg-check, #plan-generator .pg-done, "
        "#plan-generator input[type=number], #plan-generator select"
    ).evaluate_all("els => els.filter(e => e.getBoundingClientRect().height < 24).map(e => e.outerHTML.slice(0, 80))")
    assert not small, small
    assert not serious_axe_violations(phone, "#plan-generator")


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_no_serious_accessibility_finding_with_a_plan_and_errors(page, scheme):
    open_gen(page, "?weeks=2&hours=10&track=general&fear=coding")
    expect(page.locator(".pg-day").first).to_be_visible()
    page.get_by_label("Hours a week").fill("3")
    page.get_by_role("button", name="Make my plan").click()
    expect(page.locator("#pg-hours-error")).not_to_have_text("")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    bad = serious_axe_violations(page)
    assert not bad, "\n".join(bad)


def test_home_page_first_step_is_above_the_fold_on_a_phone(phone):
    phone.goto(phone.base)
    phone.wait_for_load_state("networkidle")
    lead = phone.locator(".home-lead")
    links = phone.locator(".home-start a")
    assert links.count() == 3
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert [h.rstrip("/").split("/")[-1] for h in hrefs] == ["plan-generator", "question-bank", "mock-loop"]
    for loc in [lead, *links.all()]:
        box = loc.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (loc, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 24
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # the plan tabs further down link each fixed plan
    for anchor in ("one-week", "two-weeks", "six-weeks"):
        assert phone.locator(f".tabbed-block a[href$='study-plans/#{anchor}']").count() == 1, anchor
    # the first way in works after instant navigation too (the script starts on each page)
    links.first.click()
    phone.locator("#plan-generator[data-wired]").wait_for()
    phone.get_by_role("button", name="Make my plan").click()
    expect(phone.locator(".pg-day").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
