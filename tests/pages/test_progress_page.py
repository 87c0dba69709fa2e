"""The progress page's blocks (macros/progress.py): totals from the records, every checklist
with its item ids, links a new reader can follow."""

from __future__ import annotations

import re

import pytest

from macros.data.load import load_guide
from macros.pages.progress import Progress, checklist_order
from macros.pages.render import Renderer
from tests.conftest import ROOT

PAGE = "practice/progress.md"


@pytest.fixture(scope="module")
def progress():
    g = load_guide(ROOT)
    return g, Progress(g, Renderer(g))


def totals(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r'data-count="([^"]+)" data-total="(\d+)"', html)}


@pytest.mark.parametrize("by", ["topic", "difficulty"])
def test_each_question_counts_once_per_topic_and_difficulty(progress, by):
    g, p = progress
    t = totals(p.questions(PAGE, by))
    assert sum(t.values()) == len(g.questions)
    assert all(k.startswith(by + ":") and v > 0 for k, v in t.items())


def test_rounds_count_a_question_in_each_of_its_rounds(progress):
    g, p = progress
    t = totals(p.questions(PAGE, "round"))
    assert sum(t.values()) == sum(len(q.rounds) for q in g.questions.values())


def test_every_checklist_is_listed_with_its_item_ids(progress):
    g, p = progress
    html = p.checklists(PAGE)
    rows = re.findall(
        r'data-items="([^"]*)" data-title="[^"]*" class="progress-count" data-count="checklist:([a-z0-9-]+)"', html
    )
    assert [cid for _, cid in rows] == checklist_order(g)
    for items, cid in rows:
        assert items.split() == [i.id for s in g.checklists[cid].sections for i in s.items]
    assert f"](../../checklists/index.md#checklist-{checklist_order(g)[0]})" not in html  # relative to the page
    assert "](../checklists/index.md#checklist-" in html


def test_the_overview_totals_and_the_first_steps(progress):
    g, p = progress
    t = totals(p.overview(PAGE))
    assert t["all:questions"] == len(g.questions)
    assert t["all:checklists"] == sum(len(s.items) for c in g.checklists.values() for s in c.sections)
    steps = p.next_steps(PAGE)
    assert re.findall(r'data-next="([a-z]+)"', steps) == ["topic", "cards", "checklist"]
    assert "](flashcards.md)" in steps


def test_resets_and_the_export_panel_arrive_disabled(progress):
    _, p = progress
    html = p.reset(PAGE)
    assert re.findall(r'data-reset="([a-z]+)" disabled', html) == ["practised", "check", "card"]
    assert "data-progress-panel" in html and "Export progress" in html
