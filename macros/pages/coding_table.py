"""The coding index's table (docs/coding/index.md, macro `coding_table()`): every coding
entry in one row with its topic, difficulty, expected minutes, patterns, round types and the
tracks that list it.

The table is raw HTML because each cell carries a `data-sort-value` for
docs/assets/table-sort.js (difficulty as 0/1/2, minutes as a number, text lowercased), and
Markdown tables cannot hold attributes. Its links are therefore written as the relative URLs
MkDocs would make from the pages' relative Markdown links (directory URLs): from
coding/index.md a question is ../q/<id>/. Without JavaScript the table reads in its default
order: by topic, as the coding pages are ordered, then difficulty, then title. The markup is
macros/pages/templates/coding_table.html (the difficulty badge: difficulty_badge.html).
"""

from __future__ import annotations

import posixpath

from ..data.load import Guide
from ..data.model import Question
from ..data.practice_rules import expected_minutes
from ..data.urls import doc_url, question_path
from .render import DIFFICULTY_LABELS, Renderer
from .templating import render

DIFFICULTY_RANK = {"easy": 0, "medium": 1, "hard": 2}
COLUMNS = ["Problem", "Topic", "Difficulty", "Minutes", "Patterns", "Rounds", "Tracks"]


def href(page: str, target_docs_path: str) -> str:
    """The relative URL from one docs page to another, as MkDocs writes it for a Markdown
    link with directory URLs: from coding/index.md, q/x.md is ../q/x/ (the template escapes it)."""
    base = doc_url(page)
    base = base if base.endswith("/") or not base else posixpath.dirname(base)
    path, _, anchor = doc_url(target_docs_path).partition("#")
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") else "")
    return rel + (f"#{anchor}" if anchor else "")


def coding_questions(g: Guide) -> list[Question]:
    """Every coding question in the table's default order."""
    order = {t: i for i, t in enumerate(g.topics)}
    return sorted(
        (q for q in g.questions.values() if q.kind == "coding"),
        key=lambda q: (order.get(q.topic, len(order)), DIFFICULTY_RANK[q.difficulty], q.title.lower(), q.id),
    )


class CodingTable:
    def __init__(self, guide: Guide, renderer: Renderer):
        self.g = guide
        self.r = renderer

    def tracks_of(self, qid: str) -> list:
        return [t for t in self.g.tracks.values() if qid in t.questions]

    def row(self, q: Question, page: str) -> dict:
        """One row as coding_table.html shows it; each `*_sort` is its cell's data-sort-value."""
        g = self.g
        topic = g.topics[q.topic]
        rounds = [g.round_types[r].title if r in g.round_types else r for r in q.rounds]
        tracks = self.tracks_of(q.id)
        return {
            "id": q.id,
            "title": q.title,
            "title_sort": q.title.lower(),
            "link": href(page, question_path(q.id)),
            "topic": {"title": topic.title, "sort": topic.title.lower(), "link": href(page, topic.page)},
            "rank": DIFFICULTY_RANK[q.difficulty],
            "difficulty": q.difficulty,
            "difficulty_label": DIFFICULTY_LABELS[q.difficulty],
            "minutes": expected_minutes(q),
            "patterns": ", ".join(q.patterns),
            "patterns_sort": ", ".join(q.patterns).lower(),
            "rounds": ", ".join(rounds),
            "rounds_sort": ", ".join(rounds).lower(),
            "tracks": [{"title": t.title, "link": href(page, t.page)} for t in tracks],
            "tracks_sort": ", ".join(t.title for t in tracks).lower(),
        }

    def table(self, page: str) -> str:
        rows = [self.row(q, page) for q in coding_questions(self.g)]
        columns = [{"id": c.lower(), "title": c} for c in COLUMNS]
        return "\n" + render("coding_table.html", columns=columns, rows=rows) + "\n"


def register(env, guide, renderer, page) -> None:
    table = CodingTable(guide, renderer)

    @env.macro
    def coding_table():
        """Every coding entry in one sortable table (docs/assets/table-sort.js sorts it)."""
        return table.table(page())
