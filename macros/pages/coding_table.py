"""The coding index's table (docs/coding/index.md, macro `coding_table()`): every coding
entry in one row with its topic, difficulty, expected minutes, patterns, round types and the
tracks that list it.

The table is raw HTML because each cell carries a `data-sort-value` for
docs/assets/table-sort.js (difficulty as 0/1/2, minutes as a number, text lowercased), and
Markdown tables cannot hold attributes. Its links are therefore written as the relative URLs
MkDocs would make from the pages' relative Markdown links (directory URLs): from
coding/index.md a question is ../q/<id>/. Without JavaScript the table reads in its default
order: by topic, as the coding pages are ordered, then difficulty, then title.
"""

from __future__ import annotations

import html
import posixpath

from ..data.load import Guide
from ..data.model import Question
from ..data.practice_rules import expected_minutes
from ..data.urls import doc_url, question_path
from .render import DIFFICULTY_LABELS, Renderer

DIFFICULTY_RANK = {"easy": 0, "medium": 1, "hard": 2}
COLUMNS = ["Problem", "Topic", "Difficulty", "Minutes", "Patterns", "Rounds", "Tracks"]


def href(page: str, target_docs_path: str) -> str:
    """The relative URL from one docs page to another, as MkDocs writes it for a Markdown
    link with directory URLs: from coding/index.md, q/x.md is ../q/x/."""
    base = doc_url(page)
    base = base if base.endswith("/") or not base else posixpath.dirname(base)
    path, _, anchor = doc_url(target_docs_path).partition("#")
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") else "")
    return html.escape(rel + (f"#{anchor}" if anchor else ""), quote=True)


def coding_questions(g: Guide) -> list[Question]:
    """Every coding question in the table's default order."""
    order = {t: i for i, t in enumerate(g.topics)}
    return sorted(
        (q for q in g.questions.values() if q.kind == "coding"),
        key=lambda q: (order.get(q.topic, len(order)), DIFFICULTY_RANK[q.difficulty], q.title.lower(), q.id),
    )


def cell(text: str, sort_value: object) -> str:
    return f'<td data-sort-value="{html.escape(str(sort_value), quote=True)}">{text}</td>'


class CodingTable:
    def __init__(self, guide: Guide, renderer: Renderer):
        self.g = guide
        self.r = renderer

    def tracks_of(self, qid: str) -> list:
        return [t for t in self.g.tracks.values() if qid in t.questions]

    def row(self, q: Question, page: str) -> str:
        g = self.g
        topic = g.topics[q.topic]
        rounds = [g.round_types[r].title if r in g.round_types else r for r in q.rounds]
        tracks = self.tracks_of(q.id)
        minutes = expected_minutes(q)
        title = f'<a href="{href(page, question_path(q.id))}">{html.escape(q.title)}</a>'
        topic_cell = f'<a href="{href(page, topic.page)}">{html.escape(topic.title)}</a>'
        track_cell = ", ".join(f'<a href="{href(page, t.page)}">{html.escape(t.title)}</a>' for t in tracks) or "–"
        diff = (
            f'<span class="q-badge q-difficulty q-difficulty--{q.difficulty}" '
            f'data-difficulty="{q.difficulty}">{DIFFICULTY_LABELS[q.difficulty]}</span>'
        )
        cells = [
            f'<th scope="row" data-sort-value="{html.escape(q.title.lower(), quote=True)}">{title}</th>',
            cell(topic_cell, topic.title.lower()),
            cell(diff, DIFFICULTY_RANK[q.difficulty]),
            cell(str(minutes), minutes),
            cell(html.escape(", ".join(q.patterns)) or "–", ", ".join(q.patterns).lower()),
            cell(html.escape(", ".join(rounds)), ", ".join(rounds).lower()),
            cell(track_cell, ", ".join(t.title for t in tracks).lower()),
        ]
        return f'<tr data-q="{q.id}">' + "".join(cells) + "</tr>"

    def table(self, page: str) -> str:
        qs = coding_questions(self.g)
        head = "".join(f'<th scope="col" data-col="{c.lower()}">{c}</th>' for c in COLUMNS)
        rows = "\n".join(self.row(q, page) for q in qs)
        return (
            '\n<div class="coding-table-scroll" role="region" tabindex="0" '
            'aria-label="Every coding problem (scrolls sideways)">\n'
            '<table class="coding-table" data-sortable>\n'
            f"<caption>All {len(qs)} coding problems. Minutes are the time to practise one out loud; "
            '<span class="coding-table-hint">choose a column heading to sort by it.</span></caption>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n</div>\n"
        )


def register(env, guide, renderer, page) -> None:
    table = CodingTable(guide, renderer)

    @env.macro
    def coding_table():
        """Every coding entry in one sortable table (docs/assets/table-sort.js sorts it)."""
        return table.table(page())
