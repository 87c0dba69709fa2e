"""The interviewer's guide and the story worksheet, rendered: the macros of the pages under
docs/interviewers/ and docs/rounds/story-worksheet.md. The data, its schema and its checks
are macros/data/interviewing.py. The printable sheets' markup is in macros/pages/templates/
(scoring_sheet.md.j2, debrief_sheet.md.j2, story_worksheet_blank.md.j2, coding_rubric.md.j2,
scoring_scale.md.j2 and the blanks, boxes and lines they share: iv_fields.html,
iv_boxes.html, iv_lines.html), and so are the guide's tables and sections
(interviewer_areas.md.j2, interviewer_area.md.j2, progressive_scoring.md.j2,
assistant_rubric.md.j2, calibrated_answer.md.j2, story_worksheet.md.j2).
"""

from __future__ import annotations

import html

from ..data.errors import GuideError
from ..data.interviewing import (
    AREAS,
    CALIBRATION,
    CODING,
    DEBRIEF,
    GRADES,
    GROUPS,
    LEVELS,
    SIGNALS,
    STORIES,
    Area,
    CalAnswer,
    Calibration,
    CalibrationFile,
    CodingRubric,
    Debrief,
    Interviewing,
    StoryWorksheet,
    load_interviewing,
)
from ..data.load import Guide
from ..data.mdtext import escape_html
from ..data.model import KIND_LABELS
from ..data.practice_rules import RUBRIC, SCALE
from ..data.urls import rel_link
from .render import one_line
from .templating import render

# --------------------------------------------------------------------------- rendering helpers


def cell(text: str) -> str:
    """Text for one Markdown table cell: one line, pipes escaped."""
    return one_line(escape_html(text)).replace("|", "\\|")


class Interviewers:
    """Renders this module's data for pages (Markdown, with raw HTML only where no link is)."""

    def __init__(self, guide: Guide, renderer, data: Interviewing):
        self.g, self.r, self.d = guide, renderer, data

    def need(self, name: str, call: str, page: str):
        value = getattr(self.d, name)
        if value is None:
            file = {
                "areas": AREAS,
                "calibration": CALIBRATION,
                "coding": CODING,
                "debrief": DEBRIEF,
                "stories": STORIES,
            }[name]
            raise GuideError(
                f"docs/{page}: {call}: {file} is missing (allowed: add the file; see macros/pages/interviewers.py)"
            )
        return value

    def md(self, text: str, page: str) -> str:
        return self.r.resolve_qlinks(escape_html(text.strip()), page)

    def qref(self, qid: str, page: str) -> str:
        q = self.g.questions[qid]
        return f"[{escape_html(q.title)}]({self.r.qlink(q, page)})"

    def area(self, aid: object, page: str) -> Area:
        f = self.need("areas", f"interviewer_area({aid!r})", page)
        for a in f.areas:
            if a.id == aid:
                return a
        raise GuideError(
            f"docs/{page}: interviewer_area({aid!r}): unknown area id (allowed: {', '.join(a.id for a in f.areas)})"
        )

    def area_anchor(self, a: Area) -> str:
        return f"area-{a.id}"

    # ------------------------------------------------------------------ areas and levels

    def areas_table(self, page: str) -> str:
        f = self.need("areas", "interviewer_areas()", page)
        areas = [
            {
                "title": escape_html(a.title),
                "link": rel_link(page, "interviewers/areas-and-levels.md", self.area_anchor(a)),
                "tests": cell(a.tests),
                "question": self.qref(a.question, page),
                "rounds": ", ".join(self.g.round_types[r].title for r in a.rounds if r in self.g.round_types),
            }
            for a in f.areas
        ]
        return render("interviewer_areas.md.j2", areas=areas)

    def area_section(self, aid: object, page: str) -> str:
        a = self.area(aid, page)
        return render(
            "interviewer_area.md.j2",
            number=[x.id for x in self.d.areas.areas].index(a.id) + 1,
            title=escape_html(a.title),
            anchor=self.area_anchor(a),
            tests=self.md(a.tests, page),
            run=self.md(a.run, page),
            question=self.qref(a.question, page),
            samples=self.r.compact([self.g.questions[q] for q in a.samples], page),
            listen=[self.md(item, page) for item in a.listen],
            strong=self.md(a.strong, page),
            ladder=[
                {
                    "level": rung.level.capitalize(),
                    "ask": cell(self.md(rung.ask, page)),
                    "listen": cell(self.md(rung.listen, page)),
                }
                for rung in a.ladder
            ],
            levels_question=self.qref(a.levels.question, page),
            level_labels=[label for _, label in LEVELS],
            signals=[
                {
                    "label": label,
                    "cells": [cell(self.md(getattr(getattr(a.levels, lv), key), page)) for lv, _ in LEVELS],
                }
                for key, label in SIGNALS
            ],
        )

    # ------------------------------------------------------------------ scoring sheet and debrief

    def scale_view(self, page: str) -> list[dict]:
        f = self.need("areas", "scale()", page)
        return [{"label": p.label, "meaning": cell(p.meaning)} for p in f.scale]

    def scale_table(self, page: str) -> str:
        return render("scoring_scale.md.j2", scale=self.scale_view(page))

    def scoring_sheet(self, page: str) -> str:
        f = self.need("areas", "scoring_sheet()", page)
        scale = self.scale_view(page)
        areas = [
            {
                "id": a.id,
                "title": escape_html(a.title),
                "question": self.qref(a.question, page),
                "ladder": rel_link(page, "interviewers/areas-and-levels.md", self.area_anchor(a)),
                "anchors": [
                    {"label": label, "text": cell(self.md(text, page))} for label, text in zip(SCALE, a.anchors)
                ],
            }
            for a in f.areas
        ]
        return render("scoring_sheet.md.j2", scale=scale, areas=areas, levels=[lab for _, lab in LEVELS])

    def debrief_sheet(self, page: str) -> str:
        f = self.need("areas", "debrief_sheet()", page)
        d: Debrief = self.need("debrief", "debrief_sheet()", page)
        return render(
            "debrief_sheet.md.j2",
            intro=self.md(d.intro, page) if d.intro else "",
            header=d.header,
            feedback=[self.md(item, page) for item in d.feedback],
            areas=[html.escape(a.title) for a in f.areas],
            scoring_sheet=rel_link(page, "interviewers/scoring-sheet.md"),
            scale=[html.escape(s) for s in SCALE],
            agenda=[
                {"title": cell(s.title), "minutes": s.minutes, "text": cell(self.md(s.text, page))} for s in d.agenda
            ],
            bias_checks=[{"id": c.id, "text": html.escape(one_line(c.text))} for c in d.bias_checks],
            levels=[lab for _, lab in LEVELS],
            decision=[html.escape(item) for item in d.decision],
            committee=[self.md(item, page) for item in d.committee],
        )

    # ------------------------------------------------------------------ coding rubric

    def coding_rubric(self, page: str) -> str:
        r: CodingRubric = self.need("coding", "coding_rubric()", page)
        dimensions = [
            {
                "name": cell(dim.name),
                "measures": cell(self.md(dim.measures, page)),
                "anchors": [cell(self.md(t, page)) for t in dim.anchors],
            }
            for dim in r.dimensions
        ]
        return render("coding_rubric.md.j2", scale=SCALE, dimensions=dimensions)

    def progressive(self, page: str) -> str:
        r: CodingRubric = self.need("coding", "progressive_scoring()", page)
        stages = [
            {
                "title": cell(s.title),
                "adds": cell(self.md(s.adds, page)),
                "reveals": cell(self.md(s.reveals, page)),
                "cap": SCALE[s.cap - 1],
            }
            for s in r.stages
        ]
        return render("progressive_scoring.md.j2", stages=stages, rules=[self.md(t, page) for t in r.rules])

    def assistant_rubric(self, page: str) -> str:
        r: CodingRubric = self.need("coding", "assistant_rubric()", page)
        dimensions = [
            {
                "name": cell(d.name),
                "forbidden": cell(self.md(d.forbidden, page)),
                "allowed": cell(self.md(d.allowed, page)),
            }
            for d in r.dimensions
        ]
        return render("assistant_rubric.md.j2", dimensions=dimensions)

    # ------------------------------------------------------------------ calibrated answers

    def calibrated(self, group: object, page: str) -> str:
        f: CalibrationFile = self.need("calibration", f"calibrated({group!r})", page)
        if group not in GROUPS:
            raise GuideError(f"docs/{page}: calibrated({group!r}): unknown group (allowed: {', '.join(GROUPS)})")
        chosen = [c for c in f.calibrations if c.group == group]
        if not chosen:
            raise GuideError(
                f"docs/{page}: calibrated({group!r}): no calibrated answer in {CALIBRATION} "
                "(allowed: a group that has at least one)"
            )
        return "\n".join(self.one_calibration(c, page) for c in chosen)

    def one_calibration(self, c: Calibration, page: str) -> str:
        q = self.g.questions[c.question]
        kinds = {"weak": "failure", "acceptable": "note", "strong": "success"}  # admonitions
        answers = []
        for grade, label in GRADES:  # open: read them first; the scores are folded below
            a: CalAnswer = getattr(c, grade)
            answers.append(
                {
                    "admonition": kinds[grade],
                    "label": label,
                    "quote": self.quote(a.answer, page),
                    "scores": a.scores,
                    "score": SCALE[a.score - 1],
                    "why": one_line(self.md(a.why, page)),
                }
            )
        return render(
            "calibrated_answer.md.j2",
            id=q.id,
            title=escape_html(q.title),
            question=self.qref(q.id, page),
            round=self.g.round_types[c.round].title if c.round in self.g.round_types else c.round,
            rubric=KIND_LABELS[q.kind].lower(),
            dims=[cell(d) for d in RUBRIC[q.kind]],
            context=self.md(c.context, page) if c.context else "",
            answers=answers,
        )

    def quote(self, text: str, page: str) -> str:
        """A candidate's words as a block quote inside an admonition (indented four spaces)."""
        return "\n".join("    > " + line if line.strip() else "    >" for line in self.md(text, page).splitlines())

    # ------------------------------------------------------------------ story worksheet

    def story_worksheet(self, page: str) -> str:
        w: StoryWorksheet = self.need("stories", "story_worksheet()", page)
        coverage = []
        for c in w.competencies:
            marks = ["✓" if c.id in s.competencies else "" for s in w.stories]
            n = sum(1 for m in marks if m)
            coverage.append({"title": cell(c.title), "marks": marks, "count": n if n else "**gap**"})
        titles = {c.id: c.title for c in w.competencies}
        return render(
            "story_worksheet.md.j2",
            owner=self.md(w.owner, page),
            story_types=[cell(s.type) for s in w.stories],
            coverage=coverage,
            asks=[
                {"title": escape_html(c.title), "questions": [self.qref(q, page) for q in c.questions]}
                for c in w.competencies
            ],
            stories=[
                {
                    "id": s.id,
                    "type": escape_html(s.type),
                    "title": escape_html(s.title),
                    "situation": self.md(s.situation, page),
                    "task": self.md(s.task, page),
                    "actions": [self.md(a, page) for a in s.actions],
                    "result": self.md(s.result, page),
                    "numbers": [self.md(n, page) for n in s.numbers],
                    "competencies": [escape_html(titles[c]) for c in s.competencies],
                    "answers": self.r.compact([self.g.questions[q] for q in s.answers], page),
                    "probes": [self.md(p, page) for p in s.probes],
                }
                for s in w.stories
            ],
        )

    def story_blank(self, page: str) -> str:
        w: StoryWorksheet = self.need("stories", "story_worksheet_blank()", page)
        return render(
            "story_worksheet_blank.md.j2",
            competencies=[html.escape(c.title) for c in w.competencies],
            rows=w.blank_rows,
        )


# --------------------------------------------------------------------------- mkdocs-macros


def register(env, guide: Guide, renderer, page) -> None:
    """Register the macros; `page()` returns the current page path under docs/."""
    iv = Interviewers(guide, renderer, load_interviewing(guide))
    macros = {
        "interviewer_areas": lambda: iv.areas_table(page()),
        "interviewer_area": lambda id: iv.area_section(id, page()),
        "scoring_scale": lambda: iv.scale_table(page()),
        "scoring_sheet": lambda: iv.scoring_sheet(page()),
        "debrief_sheet": lambda: iv.debrief_sheet(page()),
        "coding_rubric": lambda: iv.coding_rubric(page()),
        "progressive_scoring": lambda: iv.progressive(page()),
        "assistant_rubric": lambda: iv.assistant_rubric(page()),
        "calibrated": lambda group: iv.calibrated(group, page()),
        "story_worksheet": lambda: iv.story_worksheet(page()),
        "story_worksheet_blank": lambda: iv.story_blank(page()),
    }
    for name, fn in macros.items():
        env.macro(fn, name)
