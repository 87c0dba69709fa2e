"""A page per question: `q/<id>/`, generated from the record (no file under docs/).

Each page holds the full entry (prompt, short answer, body, diagrams), its tags, rounds
and companies, the questions related to it, and previous / next in the reading order of
its topic page. Topic, round and track pages list questions compactly and link here.

The reading order of a topic is the order of the `{{ question('<id>') }}` calls on its
page, so the page a maintainer edits is the order readers walk. This module builds
Markdown only; `macros/__init__.py` hands the pages to MkDocs.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from ..data.load import Guide
from ..data.memo import digest, memo
from ..data.model import Question

QUESTION_CALL = re.compile(r"""\bquestion\(\s*(?:id\s*=\s*)?['"]([a-z0-9-]+)['"]\s*\)""")
RELATED = 5
RELATED_IDS = memo("related")  # every question's related ids, across rebuilds in one process


def reading_order(g: Guide) -> dict[str, list[str]]:
    """Per home page, its questions in the order the page lists them; a question its page
    does not list (the build fails on it later) goes last, by id."""
    docs = g.docs_dir or g.root / "docs"
    by_home: dict[str, list[str]] = defaultdict(list)
    for q in g.questions.values():
        by_home[q.home].append(q.id)
    out = {}
    for home, qids in by_home.items():
        try:
            text = (docs / home).read_text(encoding="utf-8")
        except OSError:
            text = ""
        listed = [qid for qid in dict.fromkeys(QUESTION_CALL.findall(text)) if qid in qids]
        out[home] = listed + sorted(set(qids) - set(listed))
    return out


QLINK_ID = re.compile(r"\]\(q:([a-z0-9-]+)\)")


class RelatedIndex:
    """What related() compares, per question, computed once for all of them (comparing every
    pair by scanning bodies and tracks made the question pages' cost grow with the square of
    the questions). Ids are slugs, so `](q:<id>)` is in a body exactly when QLINK_ID finds it."""

    def __init__(self, g: Guide):
        self.topics = {qid: {q.topic, *q.tags} for qid, q in g.questions.items()}
        self.companies = {qid: set(g.companies_of(qid)) for qid in g.questions}
        self.links = {qid: set(QLINK_ID.findall(q.body)) for qid, q in g.questions.items()}

    def key(self, g: Guide) -> str:
        """Everything related() compares, in the questions' order (ties keep it)."""
        rows = [
            [
                qid,
                q.title.lower(),
                q.kind,
                sorted(self.topics[qid]),
                sorted(self.companies[qid]),
                sorted(self.links[qid]),
            ]
            for qid, q in g.questions.items()
        ]
        return digest(json.dumps(rows))


def all_related(g: Guide, index: RelatedIndex) -> dict[str, list[Question]]:
    """related() of every question; on a rebuild under `mkdocs serve` the last build's lists
    when nothing they compare changed (an edit inside a body, say)."""
    key = index.key(g)
    ids = RELATED_IDS.through(
        key, lambda: {qid: [o.id for o in related(g, q, index=index)] for qid, q in g.questions.items()}
    )
    return {qid: [g.questions[o] for o in others] for qid, others in ids.items()}


def related(g: Guide, q: Question, limit: int = RELATED, index: RelatedIndex | None = None) -> list[Question]:
    """Questions that share the most with this one: links between the two entries first,
    then shared topics (home topic and tags), then shared companies; ties by title."""
    ix = index or RelatedIndex(g)
    topics, companies, links_out = ix.topics[q.id], ix.companies[q.id], ix.links[q.id]
    scored = []
    for other in g.questions.values():
        if other.id == q.id:
            continue
        linked = other.id in links_out or q.id in ix.links[other.id]
        shared = len(topics & ix.topics[other.id])
        both = len(companies & ix.companies[other.id])
        score = 4 * linked + 2 * shared + both + (other.kind == q.kind)
        if score >= 2:
            scored.append((-score, other.title.lower(), other))
    return [o for *_, o in sorted(scored, key=lambda t: t[:2])[:limit]]


def neighbours(order: dict[str, list[str]], q: Question) -> tuple[str | None, str | None]:
    ids = order.get(q.home, [])
    if q.id not in ids:
        return None, None
    i = ids.index(q.id)
    return (ids[i - 1] if i else None), (ids[i + 1] if i + 1 < len(ids) else None)
