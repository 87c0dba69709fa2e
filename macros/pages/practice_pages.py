"""The practice pages' fragments: the widgets' hosts (with a no-JavaScript fallback), the
loop-length and pace tables, the review rules and the deck downloads, all from the rules
in data/practice_rules.py. The widgets themselves are docs/assets/mock-loop.js and
flashcards.js; their data is assets/practice.json (outputs/practice.py). The markup is in
macros/pages/templates/practice_*.
"""

from __future__ import annotations

import posixpath

from ..data.practice_rules import PACE, SCHEDULE, decks, lengths
from ..data.urls import rel_link
from .render import progress_panel
from .templating import render


class PracticePages:
    def __init__(self, guide):
        self.g = guide

    def loop_host(self, page: str) -> str:
        return render("practice_loop.md.j2", bank=rel_link(page, "question-bank.md"))

    def round_title(self, rid: str) -> str:
        return self.g.round_types[rid].title if rid in self.g.round_types else rid

    def lengths_table(self, page: str) -> str:
        lengths_ = [
            {
                "title": ln["title"],
                "rounds": [
                    {"title": self.round_title(r["type"]), "minutes": r["minutes"], "count": r["count"]}
                    for r in ln["rounds"]
                ],
            }
            for ln in lengths()
        ]
        return render("practice_lengths.md.j2", lengths=lengths_)

    def pace_table(self, page: str) -> str:
        rounds = [{"title": self.round_title(rid), "minutes": minutes} for rid, minutes in PACE.items()]
        return render("practice_pace.md.j2", rounds=rounds)

    def cards_host(self, page: str) -> str:
        return render("practice_cards.md.j2", panel=progress_panel(print_buttons=False), decks="#download-the-decks")

    def schedule_table(self, page: str) -> str:
        return render(
            "practice_schedule.md.j2",
            again_minutes=SCHEDULE["again_minutes"],
            step=SCHEDULE["step"],
            intervals=SCHEDULE["days"][1:],  # box 0 has none: its cards are due again in the session
            new_per_session=SCHEDULE["new_per_session"],
        )

    def decks_table(self, page_url: str) -> str:
        """Download links as raw HTML: the files are written after MkDocs checks Markdown links."""
        base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)

        def href(target: str) -> str:
            return posixpath.relpath(target, base.rstrip("/") or ".")

        rows = [
            {
                "id": d["id"],
                "title": d["title"],
                "cards": len(d["cards"]),
                "apkg": href(d["apkg"]),
                "csv": href(d["csv"]),
            }
            for d in decks(self.g)
        ]
        return render("practice_decks.html", decks=rows) + "\n"


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
