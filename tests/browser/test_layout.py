"""Page layout on a phone: nothing wider than the screen, and the first screen shows content."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["", "topics/gpu-cuda/", "system-design/llm-inference-service/", "checklists/",
         "question-bank/", "tracks/openai-anthropic/", "the-loop/",
         "interviewers/scoring-sheet/", "interviewers/debrief/", "interviewers/areas-and-levels/",
         "rounds/story-worksheet/"]  # practice pages: test_practice.py


@pytest.fixture
def phone(browser, site):
    _, url = site
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.base = url
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_wider_than_a_phone(phone, path):
    phone.goto(phone.base + path)
    phone.wait_for_load_state("networkidle")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path or 'home'}: {overflow}px wider than the screen"


def test_a_question_pages_tags_take_one_row_on_a_phone(phone, guide):
    """The question with the most tags (its topics and companies)."""
    q = max(guide.questions.values(), key=lambda q: (len(q.tags) + len(guide.companies_of(q.id)), q.id))
    phone.goto(phone.base + f"q/{q.id}/")
    tags = phone.locator(".md-typeset .md-tags").first
    assert tags.locator(".md-tag").count() > 3
    height = tags.evaluate("el => el.getBoundingClientRect().height")
    tag_height = tags.locator(".md-tag").first.evaluate("el => el.getBoundingClientRect().height")
    assert height < 2 * tag_height, (height, tag_height)
