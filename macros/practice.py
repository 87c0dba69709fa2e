"""Practice modes: the mock-loop generator and the flashcards.

Everything here is built from the question records; nothing is written twice.

* `assets/practice.json` (end of the build) carries what the page script needs: the loop
  lengths, the tracks, the scoring rubric, the review rules, the decks and, per question, the
  prompt, the short answer, an answer outline and the "What the interviewer listens for" and
  "Follow-ups" sections, rendered to HTML with the site's own Markdown extensions.
* `assets/decks/<deck>.apkg` and `.csv`: one deck per topic and one with every question.
* Macros for the practice pages: the widgets' hosts (with a no-JavaScript fallback), the
  loop-length table, the review-rule table and the deck downloads.

The draw of a loop and the review scheduler are implemented once, in docs/assets/practice-core.js;
the unit tests run that file under node. The rules they apply (lengths, pace, intervals) are
data defined here and shipped in the JSON, so the page tables and the script cannot disagree.
"""
from __future__ import annotations

import csv
import hashlib
import html
import itertools
import json
import os
import posixpath
import re
import sqlite3
import time
import zipfile
from pathlib import Path

from .errors import GuideError
from .load import headings
from .mdtext import escape_html, heading, lines_outside_code
from .model import KIND_LABELS, Question
from .question_pages import question_url
from .render import expected_minutes, progress_panel, rel_link

# --------------------------------------------------------------------------- rules (data)

# The shortest slot one question gets in each round type (minutes). A question takes its own
# expected minutes (render.expected_minutes) when they are more: a round of M minutes asks at
# most M // pace questions, and only ones whose slots fit the minutes it has left
# (docs/assets/practice-core.js, `draw`).
PACE = {"technical-screen": 10, "system-design": 60, "coding": 25, "ml-domain": 12, "behavioral": 15}

# Loop lengths the reader picks from: (id, name, [(round type, minutes), ...]).
# The full loop follows the five round types of the interview format page, in its order.
# A length's title adds its total time, computed from its rounds: never write a duration here.
LENGTHS = [
    ("screen", "Technical screen", [("technical-screen", 45)]),
    ("design", "System design round", [("system-design", 60)]),
    ("coding", "Coding round", [("coding", 60)]),
    ("domain", "ML domain round", [("ml-domain", 45)]),
    ("onsite", "Half loop: coding, system design, ML domain",
     [("coding", 60), ("system-design", 60), ("ml-domain", 45)]),
    ("full", "Full loop: all five rounds",
     [("technical-screen", 45), ("system-design", 60), ("coding", 60), ("ml-domain", 45), ("behavioral", 45)]),
]
DEFAULT_LENGTH = "full"
ALL_TRACK = "all"

# Scoring rubric for the interviewer's sheet: what to score per question kind, on one scale.
SCALE = ["1 Weak", "2 Mixed", "3 Good", "4 Strong"]
RUBRIC = {
    "system-design": ["Requirements and numbers", "Architecture and data flow",
                      "Depth and trade-offs", "Drives the discussion"],
    # The five dimensions of the interviewer's coding rubric (data/interviewers/coding-rubric.yml
    # anchors each one; macros/interviewers.py checks the names match).
    "coding": ["Correctness", "Problem solving", "Code quality", "Testing", "Communication"],
    "knowledge": ["Accurate facts and numbers", "Explains the mechanism", "Trade-offs and limits",
                  "Clear, concise delivery"],
    "behavioral": ["Situation and stakes", "Own actions and decisions", "Measurable result",
                   "Reflection and learning"],
    "soft": ["Clear point of view", "Grounded in experience", "Judgement and trade-offs",
             "Listens and adapts"],
}

# Spaced repetition (Leitner boxes 0-10). A card's box sets its next interval in days.
# again: back to box 0, shown again after AGAIN_MINUTES; hard: stays in its box (at least 1);
# good: one box up; easy: two boxes up. Boxes stop at the last one.
SCHEDULE = {
    "again_minutes": 10,
    "days": [0, 1, 2, 4, 7, 14, 30, 60, 120, 240, 365],
    "step": {"hard": 0, "good": 1, "easy": 2},
    "new_per_session": 20,
}
GRADES = [("again", "Again"), ("hard", "Hard"), ("good", "Good"), ("easy", "Easy")]

# Anki: these integers never change. A new MODEL_ID would make Anki see a new note type and a
# note's guid (from its question id) is what makes a re-import update the note in place.
MODEL_ID = 1_607_392_319
DECK_PREFIX = "AI Platform Interview Guide"
GUID_NAMESPACE = "ai-platform-interview-guide"
NOTE_ID_BASE = 1_400_000_000_000   # like Anki's own ids (ms epoch), far from real ones
DECK_DIR = "assets/decks"
DATA_FILE = "assets/practice.json"

LISTENS = "What the interviewer listens for"
FOLLOW_UPS = "Follow-ups"
DEFAULT_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables",
                      "pymdownx.superfences", "pymdownx.inlinehilite", "pymdownx.highlight"]


def _hash(text: str, nbytes: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:nbytes], "big")


def deck_id(key: str) -> int:
    """A fixed integer per deck key (Anki deck ids are 64-bit; this stays in 2^30..2^31)."""
    return (1 << 30) + _hash(f"aipg-deck:{key}", 4) % (1 << 30)


def note_id(qid: str) -> int:
    """A fixed, even note id per question; the note's one card takes the next integer."""
    return NOTE_ID_BASE + 2 * (_hash(f"aipg-note:{qid}", 6) % (1 << 40))


def duration(minutes: int) -> str:
    """A length of time as the pages state it: '45 minutes', '60 minutes', '4 hours 15 minutes'."""
    if minutes <= 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    h, m = divmod(minutes, 60)
    text = f"{h} hour{'s' if h != 1 else ''}"
    return text + (f" {m} minute{'s' if m != 1 else ''}" if m else "")


def lengths() -> list[dict]:
    """The loop lengths, each with its total minutes and a title that states them."""
    out = []
    for lid, name, rounds in LENGTHS:
        total = sum(m for _, m in rounds)
        out.append({"id": lid, "title": f"{name} ({duration(total)})", "minutes": total,
                    "duration": duration(total), "rounds": [
                        {"type": rt, "minutes": m, "count": max(1, m // PACE[rt])} for rt, m in rounds]})
    return out


# --------------------------------------------------------------------------- Markdown helpers


def sections(body: str) -> dict[str, str]:
    """The text under each `## ` heading of a question body (headings inside code ignored)."""
    out: dict[str, str] = {}
    name, buf = None, []
    for line, prose in lines_outside_code(body):
        h = heading(line) if prose else None
        if h and h[0] == 2:
            if name is not None:
                out[name] = "\n".join(buf).strip()
            name, buf = h[1], []
            continue
        buf.append(line)
    if name is not None:
        out[name] = "\n".join(buf).strip()
    return out


def doc_url(docs_path: str) -> str:
    """Site-root-relative URL of a docs page (directory URLs): topics/x.md -> topics/x/."""
    path, _, anchor = docs_path.partition("#")
    if path.endswith(".md"):
        path = path[:-3]
        path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
    return path + (f"#{anchor}" if anchor else "")


SITE_HREF = re.compile(r'(\shref=")(?![a-z][a-z0-9+.-]*:|//|/|#)([^"]*)"', re.I)  # a site-root-relative link
LINK = re.compile(r"(\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")


class Practice:
    """Builds the practice data, decks and page fragments for one build."""

    def __init__(self, guide, renderer, extensions=None, extension_configs=None, site_url: str = ""):
        self.g, self.r = guide, renderer
        self.extensions = list(extensions) if extensions is not None else list(DEFAULT_EXTENSIONS)
        self.configs = dict(extension_configs or {})
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else ""
        self._md = None

    # ------------------------------------------------------------------ rendering

    def html(self, markdown_text: str) -> str:
        if self._md is None:
            import markdown

            self._md = markdown.Markdown(extensions=self.extensions, extension_configs=self.configs)
        self._md.reset()
        return self._md.convert(markdown_text).strip()

    def url(self, q: Question) -> str:
        return question_url(q.id)

    def site_links(self, text: str, q: Question, absolute: bool = False) -> str:
        """Rewrite the links in a question's Markdown to site-root-relative URLs (or, for the
        decks, which are read outside the site, absolute ones under site_url)."""
        def repl(m: re.Match) -> str:
            target = m.group(2)
            if target.startswith("q:"):
                other = self.g.questions.get(target[2:])
                if other is None:
                    raise GuideError(f"{q.source}: question '{q.id}': field 'body': unknown question "
                                     f"link q: '{target[2:]}' (allowed: an id in data/questions/)")
                new = self.url(other)
            elif target.startswith(f"#{q.id}--"):              # the entry's own section
                new = question_url(q.id) + target
            elif target.startswith("#"):
                new = doc_url(q.home) + target
            elif re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", target, re.I):
                return m.group(0)                      # already absolute: leave it
            else:
                new = doc_url(posixpath.normpath(posixpath.join(posixpath.dirname(q.home), target)))
            return m.group(1) + (self.absolute(new) if absolute else new) + m.group(3)
        return LINK.sub(repl, text)

    def absolute(self, url: str) -> str:
        return self.site_url + url if self.site_url else url

    def absolute_html(self, fragment: str) -> str:
        """A record's HTML with its site links made absolute (for the decks): cheaper than
        converting the Markdown again, and the same result, since site_links() makes every
        link either site-root-relative or already absolute."""
        if not self.site_url:
            return fragment
        base = html.escape(self.site_url)
        return SITE_HREF.sub(lambda m: f'{m.group(1)}{base}{m.group(2)}"', fragment)

    def record(self, q: Question) -> dict:
        """What the practice pages need to know about one question."""
        parts = sections(q.body)
        outline = [text for level, text in headings(parts.get("Answer", "")) if level == 3]

        def part_html(name: str, markdown_text: str) -> str:
            return self.html(self.site_links(markdown_text, q))

        return {
            "title": q.title, "kind": q.kind, "difficulty": q.difficulty, "topic": q.topic,
            "rounds": list(q.rounds), "companies": self.g.companies_of(q.id), "url": self.url(q),
            "minutes": expected_minutes(q),
            "prompt": part_html("prompt", escape_html(q.prompt)),
            "short": part_html("short", escape_html(q.short_answer)),
            # The answer's sub-headings: with the short answer, the outline the mock loop reveals.
            "covers": self.covers(q, outline),
            "listens": part_html("listens", parts.get(LISTENS, "")),
            "followups": part_html("followups", parts.get(FOLLOW_UPS, "")),
        }

    def covers(self, q: Question, outline: list[str]) -> str:
        """The answer's sub-headings as a list: the outline a mock loop reveals."""
        if not outline:
            return ""
        return self.html("\n".join(f"- {self.site_links(t, q)}" for t in outline))

    # ------------------------------------------------------------------ decks

    def decks(self) -> list[dict]:
        """The 'all' deck, then one per topic that has questions, by home topic (`topic:`): each
        question is in exactly one topic deck. `tagged` counts the questions that have the
        topic as home topic or tag, as the question bank's topic filter does: the page says
        why the two numbers differ."""
        order = {t: i for i, t in enumerate(self.g.topics)}
        rank = {"easy": 0, "medium": 1, "hard": 2}
        qs = sorted(self.g.questions.values(),
                    key=lambda q: (order.get(q.topic, len(order)), rank[q.difficulty], q.title.lower(), q.id))
        out = [{"id": "all", "title": "Every question", "cards": [q.id for q in qs]}]
        for tid, topic in self.g.topics.items():
            cards = [q.id for q in qs if q.topic == tid]
            if cards:
                tagged = sum(1 for q in qs if q.topic == tid or tid in q.tags)
                out.append({"id": tid, "title": topic.title, "cards": cards, "tagged": tagged})
        for d in out:
            d["apkg"] = f"{DECK_DIR}/{d['id']}.apkg"
            d["csv"] = f"{DECK_DIR}/{d['id']}.csv"
        return out

    def tracks(self) -> list[dict]:
        out = [{"id": ALL_TRACK, "title": "Whole question bank", "company": None, "questions": None}]
        for t in sorted(self.g.tracks.values(), key=lambda t: (t.id != "general", t.title.lower())):
            out.append({"id": t.id, "title": t.title, "company": t.company, "questions": sorted(set(t.questions))})
        return out

    def data(self) -> dict:
        return {
            "version": 1,
            "rounds": {r.id: {"title": r.title, "minutes": list(r.minutes)} for r in self.g.round_types.values()},
            "kinds": KIND_LABELS,
            "lengths": lengths(),
            "pace": PACE,
            "default_length": DEFAULT_LENGTH,
            "tracks": self.tracks(),
            "rubric": {"scale": SCALE, "kinds": RUBRIC},
            "schedule": SCHEDULE,
            "grades": [{"id": g, "label": label} for g, label in GRADES],
            "decks": self.decks(),
            "questions": {q.id: self.record(q) for q in sorted(self.g.questions.values(), key=lambda q: q.id)},
        }

    def write_apkg(self, path: Path, deck: dict, records: dict, timestamp: float) -> None:
        import genanki

        class StableNote(genanki.Note):
            """A note whose id (and its card's id) come from the question id, not the clock."""

            def write_to_db(self, cursor, timestamp, deck_id, id_gen):
                super().write_to_db(cursor, timestamp, deck_id, itertools.count(self.stable_id))

        model = genanki.Model(
            MODEL_ID, f"{DECK_PREFIX} card",
            fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Link"}, {"name": "Topic"}, {"name": "Id"}],
            templates=[{
                "name": "Prompt and short answer",
                "qfmt": '<div class="front">{{Front}}</div>',
                "afmt": '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>'
                        '<p class="link"><a href="{{Link}}">Full entry in the guide</a> · {{Topic}}</p>',
            }],
            css=".card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; margin: auto; }"
                " code { font-size: 0.9em; } .link { font-size: 0.8em; }",
        )
        name = DECK_PREFIX if deck["id"] == "all" else f"{DECK_PREFIX}::{deck['title']}"
        adeck = genanki.Deck(deck_id(deck["id"]), name,
                             description=f"{len(deck['cards'])} cards from the AI Platform Interview Guide.")
        for qid in deck["cards"]:
            rec, q = records[qid], self.g.questions[qid]
            note = StableNote(
                model=model,
                fields=[self.absolute_html(rec["prompt"]), self.absolute_html(rec["short"]),
                        html.escape(self.absolute(rec["url"])),
                        html.escape(self.g.topics[q.topic].title if q.topic in self.g.topics else q.topic), qid],
                tags=["ai-platform-guide", q.topic, q.kind, q.difficulty],
                guid=genanki.guid_for(GUID_NAMESPACE, qid),
            )
            note.stable_id = note_id(qid)
            adeck.add_note(note)
        # genanki's own writer leaves a temporary file behind; build the collection in memory.
        conn = sqlite3.connect(":memory:")
        try:
            genanki.Package(adeck).write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            conn.commit()
            collection = conn.serialize()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("collection.anki2", collection)
            z.writestr("media", "{}")

    def write_csv(self, path: Path, deck: dict, records: dict) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "front", "back", "link", "topic", "kind", "difficulty"])
            for qid in deck["cards"]:
                q, rec = self.g.questions[qid], records[qid]
                w.writerow([qid, q.title, self.site_links(q.prompt, q, absolute=True).strip(),
                            self.site_links(q.short_answer, q, absolute=True).strip(), self.absolute(rec["url"]),
                            q.topic, q.kind, q.difficulty])

    def write(self, site: Path, timestamp: float | None = None) -> dict:
        """Write the JSON and every deck into the built site; returns the JSON payload."""
        if timestamp is None:
            timestamp = float(os.environ.get("SOURCE_DATE_EPOCH") or time.time())
        data = self.data()
        (site / DECK_DIR).mkdir(parents=True, exist_ok=True)
        (site / DATA_FILE).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        for deck in data["decks"]:
            self.write_apkg(site / deck["apkg"], deck, data["questions"], timestamp)
            self.write_csv(site / deck["csv"], deck, data["questions"])
        return data

    # ------------------------------------------------------------------ page fragments

    def loop_host(self, page: str) -> str:
        bank = rel_link(page, "question-bank.md")
        return ('<div id="mock-loop" class="practice practice-loop" markdown>\n\n'
                '<div class="practice-fallback" markdown>\n\n'
                "**Drawing a loop needs JavaScript**, which is off or still loading. Without it, "
                f"pick questions yourself: the [question bank]({bank}) lists every question with "
                "the rounds it belongs to, and the table below gives the number of questions per "
                "round.\n\n</div>\n\n</div>\n")

    def lengths_table(self, page: str) -> str:
        rows = ["| Length | Rounds (minutes, most questions) |", "| --- | --- |"]
        for ln in lengths():
            parts = [f"{self.g.round_types[r['type']].title if r['type'] in self.g.round_types else r['type']} "
                     f"({r['minutes']} min, up to {r['count']})" for r in ln["rounds"]]
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
        return (progress_panel(print_buttons=False) + "\n\n"
                '<div id="flashcards" class="practice practice-cards" markdown>\n\n'
                '<div class="practice-fallback" markdown>\n\n'
                "**Reviewing in the page needs JavaScript**, which is off or still loading. "
                f"You can still [download the decks]({decks}) and review them in Anki or any "
                "program that reads CSV.\n\n</div>\n\n</div>\n")

    def schedule_table(self, page: str) -> str:
        days = SCHEDULE["days"]
        step = SCHEDULE["step"]
        rows = ["| Key | Grade | What happens to the card |", "| --- | --- | --- |",
                f"| ++1++ | Again | Back to box 0; shown again in this session and due in "
                f"{SCHEDULE['again_minutes']} minutes |",
                "| ++2++ | Hard | Stays in its box (at least box 1); due after that box's interval |",
                f"| ++3++ | Good | Up {step['good']} box; due after the new box's interval |",
                f"| ++4++ | Easy | Up {step['easy']} boxes; due after the new box's interval |"]
        boxes = " · ".join(f"box {i}: {d} day{'s' if d != 1 else ''}" for i, d in enumerate(days) if i)
        return ("\n".join(rows) + f"\n\nIntervals: {boxes}. Box {len(days) - 1} is the last. "
                f"A session shows every due card and at most {SCHEDULE['new_per_session']} new ones.\n")

    def decks_table(self, page_url: str) -> str:
        """Download links as raw HTML: the files are written after MkDocs checks Markdown links."""
        base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        def href(target: str) -> str:
            return html.escape(posixpath.relpath(target, base.rstrip("/") or "."))
        rows = []
        for d in self.decks():
            rows.append(f'<tr><th scope="row">{html.escape(d["title"])}</th><td>{len(d["cards"])}</td>'
                        f'<td><a href="{href(d["apkg"])}" download>{html.escape(d["id"])}.apkg</a></td>'
                        f'<td><a href="{href(d["csv"])}" download>{html.escape(d["id"])}.csv</a></td></tr>')
        return ('<table class="practice-decks">\n<caption>Flashcard decks: one with every question, '
                'then one per home topic</caption>\n<thead><tr><th scope="col">Deck</th><th scope="col">Cards</th>'
                '<th scope="col">Anki package</th><th scope="col">CSV</th></tr></thead>\n<tbody>\n'
                + "\n".join(rows) + "\n</tbody>\n</table>\n")


# --------------------------------------------------------------------------- mkdocs hooks


def register(env, guide, renderer, page) -> None:
    """Register practice macros on the mkdocs-macros env; `page()` returns the current page path."""
    conf = env.conf
    practice = Practice(guide, renderer, conf.get("markdown_extensions"), conf.get("mdx_configs"),
                        conf.get("site_url") or "")
    renderer.practice = practice

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


def on_post_build(renderer, site: Path) -> None:
    """Write practice files (decks, loop data) into the built site."""
    practice = getattr(renderer, "practice", None) or Practice(renderer.g, renderer)
    practice.write(Path(site))
