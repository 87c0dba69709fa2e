"""The practice pages' fragments: the widgets' hosts (with a no-JavaScript fallback), the
loop-length and pace tables, the review rules and the deck downloads, all from the rules
in data/practice_rules.py. The widgets themselves are docs/assets/mock-loop.js and
flashcards.js; their data is assets/practice.json (outputs/practice.py).
"""

from __future__ import annotations

import html
import posixpath

from ..data.practice_rules import PACE, SCHEDULE, decks, lengths
from ..data.urls import rel_link
from .render import progress_panel


class PracticePages:
    def __init__(self, guide):
        self.g = guide

    def loop_host(self, page: str) -> str:
        bank = rel_link(page, "question-bank.md")
        return (
            '<div id="mock-loop" class="practice practice-loop" markdown>\n\n'
            '<div class="practice-fallback" markdown>\n\n'
            "**Drawing a loop needs JavaScript**, which is off or still loading. Without it, "
            f"pick questions yourself: the [question bank]({bank}) lists every question with "
            "the rounds it belongs to, and the table below gives the number of questions per "
            "round.\n\n</div>\n\n</div>\n"
        )

    def lengths_table(self, page: str) -> str:
        rows = ["| Length | Rounds (minutes, most questions) |", "| --- | --- |"]
        for ln in lengths():
            parts = [
                f"{self.g.round_types[r['type']].title if r['type'] in self.g.round_types else r['type']} "
                f"({r['minutes']} min, up to {r['count']})"
                for r in ln["rounds"]
            ]
            rows.append(f"| {ln['title']} | {'; '.join(parts)} |")
        return "\n".join(rows) + "\n"

    def pace_table(self, page: str) -> str:
        rows = ["| Round | Shortest slot per question (minutes) |", "| --- | --- |"]
        for rid, minutes in PACE.items():
            title = self.g.round_types[rid].title if rid in self.g.round_types else rid
            rows.append(f"| {title} | {minutes} |")
        return "\n".join(rows) + "\n"

    def cards_host(self, page: str) -> str:
        decks = "#download-the-decks"
        return (
            progress_panel(print_buttons=False) + "\n\n"
            '<div id="flashcards" class="practice practice-cards" markdown>\n\n'
            '<div class="practice-fallback" markdown>\n\n'
            "**Reviewing in the page needs JavaScript**, which is off or still loading. "
            f"You can still [download the decks]({decks}) and review them in Anki or any "
            "program that reads CSV.\n\n</div>\n\n</div>\n"
        )

    def schedule_table(self, page: str) -> str:
        days = SCHEDULE["days"]
        step = SCHEDULE["step"]
        rows = [
            "| Key | Grade | What happens to the card |",
            "| --- | --- | --- |",
            f"| ++1++ | Again | Back to box 0; shown again in this session and due in "
            f"{SCHEDULE['again_minutes']} minutes |",
            "| ++2++ | Hard | Stays in its box (at least box 1); due after that box's interval |",
            f"| ++3++ | Good | Up {step['good']} box; due after the new box's interval |",
            f"| ++4++ | Easy | Up {step['easy']} boxes; due after the new box's interval |",
        ]
        boxes = " · ".join(f"box {i}: {d} day{'s' if d != 1 else ''}" for i, d in enumerate(days) if i)
        return (
            "\n".join(rows) + f"\n\nIntervals: {boxes}. Box {len(days) - 1} is the last. "
            f"A session shows every due card and at most {SCHEDULE['new_per_session']} new ones.\n"
        )

    def decks_table(self, page_url: str) -> str:
        """Download links as raw HTML: the files are written after MkDocs checks Markdown links."""
        base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)

        def href(target: str) -> str:
            return html.escape(posixpath.relpath(target, base.rstrip("/") or "."))

        rows = []
        for d in decks(self.g):
            rows.append(
                f'<tr><th scope="row">{html.escape(d["title"])}</th><td>{len(d["cards"])}</td>'
                f'<td><a href="{href(d["apkg"])}" download>{html.escape(d["id"])}.apkg</a></td>'
                f'<td><a href="{href(d["csv"])}" download>{html.escape(d["id"])}.csv</a></td></tr>'
            )
        return (
            '<table class="practice-decks">\n<caption>Flashcard decks: one with every question, '
            'then one per home topic</caption>\n<thead><tr><th scope="col">Deck</th><th scope="col">Cards</th>'
            '<th scope="col">Anki package</th><th scope="col">CSV</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n"
        )


def register(env, guide, page) -> None:
    """Register practice macros on the mkdocs-macros env; `page()` returns the current page path."""
    practice = PracticePages(guide)

    @env.macro
    def practice_loop():
        """The mock-loop generator (filled in by assets/mock-loop.js)."""
        return practice.loop_host(page())

    @env.macro
    def practice_lengths():
        """The loop lengths: rounds, minutes and questions per round."""
        return practice.lengths_table(page())

    @env.macro
    def practice_pace():
        """Minutes per question in each round type."""
        return practice.pace_table(page())

    @env.macro
    def practice_cards():
        """The flashcard review (filled in by assets/flashcards.js)."""
        return practice.cards_host(page())

    @env.macro
    def practice_schedule():
        """The review rules: what each grade does to a card."""
        return practice.schedule_table(page())

    @env.macro
    def practice_decks():
        """Download links for every deck (.apkg and .csv)."""
        return practice.decks_table(env.page.url)
