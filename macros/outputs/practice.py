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

from ..data.errors import GuideError
from ..data.load import headings
from ..data.mdtext import escape_html, heading, lines_outside_code
from ..data.memo import TextKeys, memo
from ..data.model import KIND_LABELS, Question
from ..data.practice_rules import (
    ALL_TRACK,
    DECK_DIR,
    DEFAULT_LENGTH,
    GRADES,
    PACE,
    RUBRIC,
    SCALE,
    SCHEDULE,
    decks,
    expected_minutes,
    lengths,
)
from ..data.urls import doc_url, question_url

HTML = memo("practice-html")  # Markdown text -> HTML, across rebuilds in one process

MODEL_ID = 1_607_392_319
DECK_PREFIX = "AI Platform Interview Guide"
GUID_NAMESPACE = "ai-platform-interview-guide"
NOTE_ID_BASE = 1_400_000_000_000  # like Anki's own ids (ms epoch), far from real ones
DATA_FILE = "assets/practice.json"

LISTENS = "What the interviewer listens for"
FOLLOW_UPS = "Follow-ups"
DEFAULT_EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
    "pymdownx.highlight",
]


def _hash(text: str, nbytes: int) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:nbytes], "big")


def deck_id(key: str) -> int:
    """A fixed integer per deck key (Anki deck ids are 64-bit; this stays in 2^30..2^31)."""
    return (1 << 30) + _hash(f"aipg-deck:{key}", 4) % (1 << 30)


def note_id(qid: str) -> int:
    """A fixed, even note id per question; the note's one card takes the next integer."""
    return NOTE_ID_BASE + 2 * (_hash(f"aipg-note:{qid}", 6) % (1 << 40))


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


SITE_HREF = re.compile(r'(\shref=")(?![a-z][a-z0-9+.-]*:|//|/|#)([^"]*)"', re.I)  # a site-root-relative link
LINK = re.compile(r"(\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")


class Practice:
    """Builds the practice data, decks and page fragments for one build."""

    def __init__(self, guide, extensions=None, extension_configs=None, site_url: str = ""):
        self.g = guide
        self.extensions = list(extensions) if extensions is not None else list(DEFAULT_EXTENSIONS)
        self.configs = dict(extension_configs or {})
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else ""
        self._md = None
        self._keys = TextKeys(self.extensions, self.configs)

    # ------------------------------------------------------------------ rendering

    def html(self, markdown_text: str) -> str:
        # A rebuild under `mkdocs serve` reuses the HTML of texts that did not change (the
        # conversion depends on the text alone: reset() clears every extension's state).
        return HTML.through(self._keys.key(markdown_text), lambda: self.convert(markdown_text), unless_logged=True)

    def convert(self, markdown_text: str) -> str:
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
                    raise GuideError(
                        f"{q.source}: question '{q.id}': field 'body': unknown question "
                        f"link q: '{target[2:]}' (allowed: an id in data/questions/)"
                    )
                new = self.url(other)
            elif target.startswith(f"#{q.id}--"):  # the entry's own section
                new = question_url(q.id) + target
            elif target.startswith("#"):
                new = doc_url(q.home) + target
            elif re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", target, re.I):
                return m.group(0)  # already absolute: leave it
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
            "title": q.title,
            "kind": q.kind,
            "difficulty": q.difficulty,
            "topic": q.topic,
            "rounds": list(q.rounds),
            "companies": self.g.companies_of(q.id),
            "url": self.url(q),
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
        return decks(self.g)

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
            MODEL_ID,
            f"{DECK_PREFIX} card",
            fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Link"}, {"name": "Topic"}, {"name": "Id"}],
            templates=[
                {
                    "name": "Prompt and short answer",
                    "qfmt": '<div class="front">{{Front}}</div>',
                    "afmt": '{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>'
                    '<p class="link"><a href="{{Link}}">Full entry in the guide</a> · {{Topic}}</p>',
                }
            ],
            css=".card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; margin: auto; }"
            " code { font-size: 0.9em; } .link { font-size: 0.8em; }",
        )
        name = DECK_PREFIX if deck["id"] == "all" else f"{DECK_PREFIX}::{deck['title']}"
        adeck = genanki.Deck(
            deck_id(deck["id"]), name, description=f"{len(deck['cards'])} cards from the AI Platform Interview Guide."
        )
        for qid in deck["cards"]:
            rec, q = records[qid], self.g.questions[qid]
            note = StableNote(
                model=model,
                fields=[
                    self.absolute_html(rec["prompt"]),
                    self.absolute_html(rec["short"]),
                    html.escape(self.absolute(rec["url"])),
                    html.escape(self.g.topics[q.topic].title if q.topic in self.g.topics else q.topic),
                    qid,
                ],
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
        # The entries carry the deck's timestamp, not the clock: with SOURCE_DATE_EPOCH set, two
        # builds (a rebuild and a cold build) write the same bytes. Zip dates start in 1980.
        stamp = time.gmtime(max(timestamp, 315532800))[:6]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in (("collection.anki2", collection), ("media", "{}")):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = 0o600 << 16  # as writestr(name) sets it
                z.writestr(info, data, zipfile.ZIP_DEFLATED)

    def write_csv(self, path: Path, deck: dict, records: dict) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "title", "front", "back", "link", "topic", "kind", "difficulty"])
            for qid in deck["cards"]:
                q, rec = self.g.questions[qid], records[qid]
                w.writerow(
                    [
                        qid,
                        q.title,
                        self.site_links(q.prompt, q, absolute=True).strip(),
                        self.site_links(q.short_answer, q, absolute=True).strip(),
                        self.absolute(rec["url"]),
                        q.topic,
                        q.kind,
                        q.difficulty,
                    ]
                )

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


def write(guide, site: Path, extensions=None, extension_configs=None, site_url: str = "") -> dict:
    """Write practice files (decks, loop data) into the built site."""
    return Practice(guide, extensions, extension_configs, site_url).write(Path(site))
