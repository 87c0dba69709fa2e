"""The progress dashboard (docs/practice/progress.md): what the reader has practised, ticked
and reviewed, from the progress saved in their browser.

Everything that comes from the data is rendered here, at build time: every topic, round,
difficulty and checklist with its total, link and an empty bar, the flashcard counts, the
"what next" links and the reset buttons (disabled). A new reader's page is therefore already
right, and assets/progress.js only fills in the reader's own numbers, so nothing shifts. It
counts from assets/questions.json (the bank's records) and the saved keys (core.js).
Without JavaScript the blocks are hidden and a note says why (`@media (scripting: none)`).
"""

from __future__ import annotations

import html
import re

from ..data.load import Guide
from ..data.urls import rel_link
from .render import DIFFICULTY_LABELS, Renderer, markdown_text, progress_panel

CHECKLISTS_PAGE = "checklists/index.md"
CHECKLIST_CALL = re.compile(r"""\bchecklist\(\s*(?:id\s*=\s*)?['"]([a-z0-9-]+)['"]\s*\)""")
FLASHCARDS_PAGE = "practice/flashcards.md"


def count(kind: str, key: str, total: int, unit: str = "") -> str:
    """A "0 of N" count that progress.js fills in; `data-count` says what it counts."""
    return (
        f'<span class="progress-count" data-count="{kind}:{html.escape(key)}" data-total="{total}">'
        f"0 of {total}{unit}</span>"
    )


def bar() -> str:
    """An empty bar; the count next to it is its text (the bar itself is hidden from screen readers)."""
    return (
        '<span class="progress-bar" aria-hidden="true"><span class="progress-bar__fill" '
        'style="width: 0%"></span></span>'
    )


def stat_list(stats: list[tuple[str, str]]) -> str:
    """Named numbers as a description list (each name and number one box)."""
    boxes = "".join(f'<div class="progress-stat-box"><dt>{name}</dt><dd>{value}</dd></div>' for name, value in stats)
    return f'<dl class="progress-stats">{boxes}</dl>'


def checklist_order(g: Guide) -> list[str]:
    """Checklist ids in the order of the checklists page, then any it does not show."""
    docs = g.docs_dir or g.root / "docs"
    try:
        text = (docs / CHECKLISTS_PAGE).read_text(encoding="utf-8")
    except OSError:
        text = ""
    listed = [c for c in dict.fromkeys(CHECKLIST_CALL.findall(text)) if c in g.checklists]
    return listed + sorted(set(g.checklists) - set(listed))


class Progress:
    def __init__(self, guide: Guide, renderer: Renderer):
        self.g = guide
        self.r = renderer

    def host(self, kind: str, body: str) -> str:
        return f'<div class="progress-block" data-progress="{kind}" markdown>\n\n{body}\n\n</div>\n'

    def overview(self, page: str) -> str:
        """The headline numbers."""
        qs = len(self.g.questions)
        items = sum(len(s.items) for c in self.g.checklists.values() for s in c.sections)
        return self.host(
            "overview",
            stat_list(
                [
                    ("Questions practised", count("all", "questions", qs)),
                    ("Checklist items ticked", count("all", "checklists", items)),
                    ("Flashcards due today", '<span class="progress-stat" data-stat="due">0</span>'),
                    ("Last studied", '<span class="progress-stat" data-stat="last">not yet</span>'),
                    ("Streak", '<span class="progress-stat" data-stat="streak">0 days</span>'),
                ]
            ),
        )

    def next_steps(self, page: str) -> str:
        """Three links, as a new reader needs them; progress.js points them at the reader's
        least-practised topic, due cards and an unfinished checklist."""
        topic = next(iter(self.g.topics.values()))
        first = self.g.checklists[checklist_order(self.g)[0]]

        def why(kind: str, text: str) -> str:
            return f'<span class="progress-next-why" data-next-why="{kind}">{text}</span>'

        return self.host(
            "next",
            "\n".join(
                [
                    f'- [Practise {markdown_text(topic.title)}]({rel_link(page, topic.page)}){{: data-next="topic" }}: '
                    + why("topic", "none of its questions practised yet"),
                    f'- [Start the flashcards]({rel_link(page, FLASHCARDS_PAGE)}){{: data-next="cards" }}: '
                    + why("cards", "spaced review of every question, a few minutes a day"),
                    f"- [Start “{markdown_text(first.title)}”]({self.r._checklist_home(first.id, page)})"
                    '{: data-next="checklist" }: ' + why("checklist", "no item ticked yet"),
                ]
            ),
        )

    def questions(self, page: str, by: str) -> str:
        """Practised questions per home topic, per round or per difficulty: a table of counts and bars."""
        qs = list(self.g.questions.values())
        if by == "topic":
            head = "Topic"
            rows = [
                (t.id, f"[{markdown_text(t.title)}]({rel_link(page, t.page)})", sum(q.topic == t.id for q in qs))
                for t in self.g.topics.values()
            ]
        elif by == "round":
            head = "Round"
            rows = [
                (r.id, markdown_text(r.title), sum(r.id in q.rounds for q in qs)) for r in self.g.round_types.values()
            ]
        elif by == "difficulty":
            head = "Difficulty"
            rows = [(d, label, sum(q.difficulty == d for q in qs)) for d, label in DIFFICULTY_LABELS.items()]
        else:
            raise ValueError(by)
        lines = [f"| {head} | Practised | Progress |", "| --- | --- | --- |"]
        lines += [f"| {name} | {count(by, key, total)} | {bar()} |" for key, name, total in rows if total]
        return self.host(by, "\n".join(lines))

    def checklists(self, page: str) -> str:
        lines = ["| Checklist | Ticked | Progress |", "| --- | --- | --- |"]
        for cid in checklist_order(self.g):
            c = self.g.checklists[cid]
            ids = [i.id for s in c.sections for i in s.items]
            cell = count("checklist", cid, len(ids)).replace(
                "<span ", f'<span data-items="{" ".join(ids)}" data-title="{html.escape(c.title)}" ', 1
            )
            lines.append(f"| [{markdown_text(c.title)}]({self.r._checklist_home(cid, page)}) | {cell} | {bar()} |")
        return self.host("checklists", "\n".join(lines))

    def flashcards(self, page: str) -> str:
        """Cards due today, due later and never seen, and when the next one is due."""
        stats = stat_list(
            [
                ("Due today", '<span class="progress-stat" data-stat="cards-due">0</span>'),
                ("Due later", '<span class="progress-stat" data-stat="cards-later">0</span>'),
                ("Not seen yet", f'<span class="progress-stat" data-stat="cards-new">{len(self.g.questions)}</span>'),
            ]
        )
        return self.host(
            "flashcards",
            stats + "\n\n"
            '<p class="progress-cards-next" data-stat="cards-next">No card reviewed yet.</p>\n\n'
            f"[Open the flashcards]({rel_link(page, FLASHCARDS_PAGE)}){{: .guide-button }}",
        )

    def reset(self, page: str) -> str:
        """Export / import (guide.js) and one reset per kind of progress (progress.js)."""
        self.r.progress_panel_on.add(page)
        kinds = [
            ("practised", "Reset practised marks"),
            ("check", "Reset checklist ticks"),
            ("card", "Reset flashcards"),
        ]
        buttons = "".join(
            f'<button type="button" class="guide-button" data-reset="{k}" disabled>{label}</button>'
            for k, label in kinds
        )
        return (
            progress_panel(print_buttons=False) + "\n\n"
            f'<div class="progress-resets guide-no-print" role="group" aria-label="Reset saved progress">{buttons}</div>\n'
            '<p class="progress-reset-status" role="status" aria-live="polite"></p>\n'
        )


def register(env, guide: Guide, renderer: Renderer, page) -> None:
    """Register the dashboard's macros; `page()` returns the current page's docs path."""
    progress = Progress(guide, renderer)

    @env.macro
    def progress_overview():
        """Headline numbers (practised, ticked, due, last studied, streak) and what to do next."""
        return progress.overview(page())

    @env.macro
    def progress_next():
        """What to do next: the least-practised topic, the due flashcards, an unfinished checklist."""
        return progress.next_steps(page())

    @env.macro
    def progress_questions(by):
        """Practised questions per 'topic' (home topic), 'round' or 'difficulty'."""
        if by not in ("topic", "round", "difficulty"):
            from .errors import GuideError

            raise GuideError(
                f"docs/{page()}: progress_questions({by!r}): unknown grouping (allowed: 'topic', 'round', 'difficulty')"
            )
        return progress.questions(page(), by)

    @env.macro
    def progress_checklists():
        """Ticked items per checklist."""
        return progress.checklists(page())

    @env.macro
    def progress_flashcards():
        """Flashcards due today, due later and not seen yet."""
        return progress.flashcards(page())

    @env.macro
    def progress_reset():
        """Export / import of all saved progress, and a reset per kind."""
        return progress.reset(page())
