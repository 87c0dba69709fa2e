"""assets/questions.json: the question bank as data (linked from its page, for readers' own
tools; the tests check the bank page against it), built from the same records as the pages."""

from __future__ import annotations

import json
from pathlib import Path

from ..data.load import Guide
from ..data.practice_rules import expected_minutes
from ..data.urls import question_url

FILE = "assets/questions.json"


def one_line(text: str) -> str:
    return " ".join(text.split())


def records(g: Guide) -> list[dict]:
    out = []
    for q in sorted(g.questions.values(), key=lambda q: q.id):
        out.append(
            {
                "id": q.id,
                "title": q.title,
                "prompt": one_line(q.prompt),
                "kind": q.kind,
                "difficulty": q.difficulty,
                "topics": [q.topic, *q.tags],
                "companies": g.companies_of(q.id),
                "rounds": q.rounds,
                "loop": [r.id for r in g.asked_in(q.id)],
                "url": question_url(q.id),  # short answers live in practice.json; the bank only filters
                "minutes": expected_minutes(q),  # to practise it out loud (the plan generator's unit)
            }
        )
    return out


def tracks(g: Guide) -> dict[str, dict]:
    """The company tracks as the bank's JSON carries them (for the plan generator): the
    general track first, then by title, each with its company and its questions."""
    ordered = sorted(g.tracks.values(), key=lambda t: (t.id != "general", t.title.lower()))
    return {
        t.id: {"title": t.title, "company": t.company, "questions": list(dict.fromkeys(t.questions))} for t in ordered
    }


def write(g: Guide, site: Path) -> dict:
    payload = {
        "version": 1,
        "topics": {t.id: t.title for t in g.topics.values()},
        "companies": {c.id: c.name for c in g.companies.values()},
        "rounds": {r.id: r.title for r in g.round_types.values()},
        "tracks": tracks(g),
        "questions": records(g),
    }
    (site / "assets").mkdir(parents=True, exist_ok=True)
    (site / FILE).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return payload
