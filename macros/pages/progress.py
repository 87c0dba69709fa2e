"""The progress dashboard (docs/practice/progress.md): what the reader has practised, ticked
and reviewed, from the progress saved in their browser.

Everything that comes from the data is rendered here, at build time: every topic, round,
difficulty and checklist with its total, link and an empty bar, the flashcard counts, the
"what next" links and the reset buttons (disabled). A new reader's page is therefore already
right, and assets/progress.js only fills in the reader's own numbers, so nothing shifts. It
counts from assets/questions.json (the bank's records) and the saved keys (core.js).
Without JavaScript the blocks are hidden and a note says why (`@media (scripting: none)`).
The markup is in macros/pages/templates/progress_*.
"""

from __future__ import annotations

import re

from ..data.load import Guide
from ..data.urls import rel_link
from .render import DIFFICULTY_LABELS, Renderer, markdown_text, progress_panel
from .templating import Safe, render

CHECKLISTS_PAGE = "checklists/index.md"
CHECKLIST_CALL = re.compile(r"""\bchecklist\(\s*(?:id\s*=\s*)?['"]([a-z0-9-]+)['"]\s*\)""")
FLASHCARDS_PAGE = "practice/flashcards.md"


def count(kind: str, key: str, total: int, items: str = "", title: str = "") -> Safe:
    """A "0 of N" count that progress.js fills in; `data-count` says what it counts."""
    return render("progress_count.html", kind=kind, key=key, total=total, items=items, title=title)


def stat(name: str, stat: str, text) -> dict:
    """A figure progress.js writes (data-stat), as progress_stats.html lists it."""
    return {"name": name, "stat": stat, "text": text, "count": ""}


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

    def overview(self, page: str) -> str:
        """The headline numbers."""
        qs = len(self.g.questions)
        items = sum(len(s.items) for c in self.g.checklists.values() for s in c.sections)
        return render(
            "progress_overview.md.j2",
            kind="overview",
            stats=[
                {"name": "Questions practised", "count": count("all", "questions", qs)},
                {"name": "Checklist items ticked", "count": count("all", "checklists", items)},
                stat("Flashcards due today", "due", 0),
                stat("Last studied", "last", "not yet"),
                stat("Streak", "streak", "0 days"),
            ],
        )

    def next_steps(self, page: str) -> str:
        """Three links, as a new reader needs them; progress.js points them at the reader's
        least-practised topic, due cards and an unfinished checklist."""
        topic = next(iter(self.g.topics.values()))
        first = self.g.checklists[checklist_order(self.g)[0]]
        return render(
            "progress_next.md.j2",
            kind="next",
            topic={"title": markdown_text(topic.title), "link": rel_link(page, topic.page)},
            cards_link=rel_link(page, FLASHCARDS_PAGE),
            checklist={"title": markdown_text(first.title), "link": self.r._checklist_home(first.id, page)},
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
        rows = [{"name": name, "count": count(by, key, total)} for key, name, total in rows if total]
        return render("progress_table.md.j2", kind=by, head=head, done="Practised", rows=rows)

    def checklists(self, page: str) -> str:
        rows = []
        for cid in checklist_order(self.g):
            c = self.g.checklists[cid]
            ids = [i.id for s in c.sections for i in s.items]
            rows.append(
                {
                    "name": f"[{markdown_text(c.title)}]({self.r._checklist_home(cid, page)})",
                    "count": count("checklist", cid, len(ids), items=" ".join(ids), title=c.title),
                }
            )
        return render("progress_table.md.j2", kind="checklists", head="Checklist", done="Ticked", rows=rows)

    def flashcards(self, page: str) -> str:
        """Cards due today, due later and never seen, and when the next one is due."""
        return render(
            "progress_flashcards.md.j2",
            kind="flashcards",
            stats=[
                stat("Due today", "cards-due", 0),
                stat("Due later", "cards-later", 0),
                stat("Not seen yet", "cards-new", len(self.g.questions)),
            ],
            link=rel_link(page, FLASHCARDS_PAGE),
        )

    def reset(self, page: str) -> str:
        """Export / import (guide.js) and one reset per kind of progress (progress.js)."""
        self.r.progress_panel_on.add(page)
        return progress_panel(print_buttons=False) + "\n\n" + render("progress_reset.html") + "\n"


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
