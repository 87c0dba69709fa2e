"""Page layout on a phone: nothing wider than the screen, and the first screen shows content.

Every kind of page is checked at 390 px: nothing is wider than the screen unless it scrolls
inside its own box (a wide drawing, a table, code), such a box shows that it scrolls, tap
targets are at least 24 px, question text is at least 16 px, and Material's "Back to top"
never covers a control.
"""

from __future__ import annotations

import pytest

from tests.waits import after_two_frames

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = [
    "",  # home
    "topics/gpu-cuda/",
    "fundamentals/kubernetes/",  # topic overviews
    "rounds/behavioral/",
    "coding/katas/",
    "q/gpu-memory-hierarchy/",  # a question page
    "q/sd-llm-inference-service/",  # a system-design page with diagrams
    "q/nvidia-gpu-generations/",  # a question with a wide table
    "question-bank/",
    "checklists/",
    "practice/",
    "practice/mock-loop/",
    "practice/flashcards/",
    "tracks/openai-anthropic/",
    "tracks/",
    "the-loop/",
    "study-plans/",
    "rounds/story-worksheet/",
    "interviewers/",
    "interviewers/scoring-sheet/",
    "interviewers/debrief/",
    "interviewers/areas-and-levels/",
    "interviewers/calibrated-answers/",
    "interviewers/coding-rubric/",
    "interviewers/ai-assistants/",
    "interviewers/running-the-loop/",
]

# Elements wider than the screen that are not inside a box that scrolls (or clips) them.
OUTSIDE_SCROLL_BOXES = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (/(auto|scroll|hidden|clip)/.test(s.overflowX) && p.clientWidth <= width) return true;
        }
        return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('.md-content *, .md-header *')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
        if ((r.right > width + 1 || r.left < -1) && !scrolls(el) && !el.closest('.md-sidebar, .md-search, [hidden]')) {
            out.push(`${el.tagName.toLowerCase()}.${el.className || ''} ${Math.round(r.left)}..${Math.round(r.right)}`);
        }
    }
    return out.slice(0, 8);
}"""


@pytest.fixture
def phone(browser, site):
    _, url = site
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.base = url
    yield page
    context.close()


def load(phone, path):
    phone.goto(phone.base + path)
    phone.wait_for_load_state("networkidle")
    phone.locator("body").evaluate("() => document.fonts.ready")
    after_two_frames(phone)


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_no_page_is_wider_than_a_phone(phone, path):
    load(phone, path)
    if path == "question-bank/":
        phone.locator(".qb-filters > summary").click()  # the folded filters, open
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path or 'home'}: {overflow}px wider than the screen"
    cut = phone.evaluate(OUTSIDE_SCROLL_BOXES)
    assert not cut, f"{path or 'home'}: wider than the screen outside a scroll box: {cut}"


def test_a_question_pages_tags_take_one_row_on_a_phone(phone, guide):
    """The question with the most tags (its topics and companies)."""
    q = max(guide.questions.values(), key=lambda q: (len(q.tags) + len(guide.companies_of(q.id)), q.id))
    phone.goto(phone.base + f"q/{q.id}/")
    tags = phone.locator(".md-typeset .md-tags").first
    assert tags.locator(".md-tag").count() > 3
    height = tags.evaluate("el => el.getBoundingClientRect().height")
    tag_height = tags.locator(".md-tag").first.evaluate("el => el.getBoundingClientRect().height")
    assert height < 2 * tag_height, (height, tag_height)


@pytest.mark.parametrize(
    "path,selector",
    [
        ("q/sd-llm-inference-service/", "figure.diagram pre.diagram-art"),
        ("q/nvidia-gpu-generations/", ".md-typeset__scrollwrap"),
    ],
)
def test_wide_drawings_and_tables_scroll_in_their_box_with_a_hint(phone, path, selector):
    """Wider than the screen: the box scrolls (the page does not), its far edge fades while
    there is more to see, it takes keyboard focus, and scrolled to the end the fade moves."""
    load(phone, path)
    box = phone.locator(f"{selector}[data-scroll]").first
    box.wait_for(state="attached")
    state = box.evaluate("""b => ({ scroll: b.scrollWidth, width: b.clientWidth, overflow: getComputedStyle(b).overflowX,
        mask: getComputedStyle(b).maskImage || getComputedStyle(b).webkitMaskImage, tab: b.tabIndex,
        right: b.getBoundingClientRect().right })""")
    assert state["scroll"] > state["width"] and state["overflow"] in ("auto", "scroll"), state
    assert "gradient" in state["mask"] and state["tab"] == 0, state
    assert state["right"] <= PHONE["width"], state
    assert box.get_attribute("data-scroll") == "right"
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.dispatchEvent(new Event('scroll')); }")
    phone.wait_for_function("b => b.getAttribute('data-scroll') === 'left'", arg=box.element_handle())


def test_question_text_is_at_least_16px(phone):
    load(phone, "q/gpu-memory-hierarchy/")
    for selector in (".admonition.question p", "details.success", ".md-content__inner > h2 ~ p"):
        size = phone.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 16, (selector, size)
    load(phone, "topics/gpu-cuda/")
    size = phone.locator(".q-row").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 16, size


TARGETS = """(selector) => Array.from(document.querySelectorAll(selector))
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map(e => { const r = e.getBoundingClientRect();
                return { what: e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30),
                         w: r.width, h: r.height }; })
    .filter(t => t.w < 24 || t.h < 24)"""


@pytest.mark.parametrize(
    "path", ["question-bank/", "checklists/", "q/gpu-memory-hierarchy/", "practice/mock-loop/", "practice/flashcards/"]
)
def test_tap_targets_are_at_least_24px(phone, path):
    """Buttons, selects, the bank's checkbox labels and its practised marks, the folded
    filters; a checklist's drawn box (its words tick it too)."""
    load(phone, path)
    if path == "question-bank/":
        phone.locator("#question-bank-filters[data-ready]").wait_for()
        phone.locator(".qb-filters > summary").click()
    if path == "practice/mock-loop/":
        phone.locator("#mock-loop form").wait_for()
    selector = (
        ".md-content button, .md-content select, .md-content summary, .qb-form fieldset label, "
        ".qb-practised-label, .q-practised-toggle, .checklist-pick"
    )
    small = phone.evaluate(TARGETS, selector)
    assert not small, small[:5]
    if path == "checklists/":
        box = phone.locator(".checklist .task-list-indicator").first.evaluate(
            "e => { const s = getComputedStyle(e, '::before'); return [parseFloat(s.width), parseFloat(s.height)]; }"
        )
        assert min(box) >= 24, box


def test_back_to_top_sits_in_the_header_and_covers_no_control(phone):
    load(phone, "checklists/")
    phone.mouse.wheel(0, 4000)
    phone.wait_for_function("() => window.scrollY > 2000")
    phone.mouse.wheel(0, -400)  # Material shows the button while the reader scrolls up
    top = phone.locator(".md-top")
    phone.wait_for_function("() => { const t = document.querySelector('.md-top'); return t && !t.hidden; }")
    rects = phone.evaluate("""() => {
        const r = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
        const header = document.querySelector('.md-header').getBoundingClientRect();
        const visible = (els, clip) => Array.from(document.querySelectorAll(els))
            .filter(e => e.getClientRects().length).map(r)
            .map(c => clip ? [c[0], Math.max(c[1], header.bottom), c[2], c[3]] : c)  // the header hides what is under it
            .filter(c => c[3] > c[1]);
        const controls = visible('.md-header a, .md-header label, .md-header button, .md-header input', false)
            .concat(visible('.md-content a, .md-content button, .md-content input, .md-content label, .md-content summary', true));
        return { top: r(document.querySelector('.md-top')), header: r(document.querySelector('.md-header')), controls };
    }""")
    left, up, right, bottom = rects["top"]
    h = rects["header"]
    assert h[1] <= up and bottom <= h[3], rects["top"]  # within the header's height
    hit = [c for c in rects["controls"] if c[0] < right and c[2] > left and c[1] < bottom and c[3] > up]
    assert not hit, hit[:3]
    assert top.is_visible()
