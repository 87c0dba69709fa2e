"""The interviewer's guide and the story worksheet, as data: schema, loading, checks.

    data/interviewers/areas.yml          the 1-4 scale and the areas of a loop: what each tests,
                                         its questions, a follow-up ladder, a level table and
                                         the anchors of the scoring sheet
    data/interviewers/calibration.yml    weak, acceptable and strong answers, scored on the mock
                                         loop's rubric (macros/data/practice_rules.py RUBRIC and SCALE)
    data/interviewers/coding-rubric.yml  the coding rubric, progressive-constraint scoring and
                                         what changes when AI assistants are allowed
    data/interviewers/debrief.yml        the debrief template
    data/story-worksheet.yml             competencies, and a filled story bank that maps each
                                         story to them and to the questions it answers

The scoring sheet and the debrief template are both drawn from areas.yml, so they list the
same areas with the same scale. Every problem is one GuideError line naming the file, the
record and the field, as in load.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from .errors import GuideError
from .load import QLINK, Guide, parse_yaml, read_text, relpath, validate
from .mdtext import unsafe_html
from .model import Record, RoundType, Slug, Text
from .practice_rules import RUBRIC, SCALE

AREAS = "data/interviewers/areas.yml"
CALIBRATION = "data/interviewers/calibration.yml"
CODING = "data/interviewers/coding-rubric.yml"
DEBRIEF = "data/interviewers/debrief.yml"
STORIES = "data/story-worksheet.yml"

Score = Annotated[int, Field(ge=1, le=4)]
Level = Literal["basic", "mid-level", "senior", "staff"]
LADDER_ORDER = ["basic", "mid-level", "senior", "staff"]
LEVELS = [("mid", "Mid-level"), ("senior", "Senior"), ("staff", "Staff")]
SIGNALS = [
    ("answer", "The answer, in brief"),
    ("scope", "Scope"),
    ("tradeoffs", "Trade-offs named unprompted"),
    ("numbers", "Numbers"),
    ("failure", "Failure thinking"),
    ("influence", "Influence"),
]
GROUPS = {
    "system-design": "System design",
    "coding": "Coding",
    "ml-domain": "ML domain",
    "fundamentals": "CS fundamentals",
    "behavioral": "Behavioral and values",
}
GRADES = [("weak", "Weak"), ("acceptable", "Acceptable"), ("strong", "Strong")]


# --------------------------------------------------------------------------- schema


class ScalePoint(Record):
    label: Text
    meaning: Text


class Rung(Record):
    level: Level
    ask: Text
    listen: Text


class LevelAnswer(Record):
    answer: Text
    scope: Text
    tradeoffs: Text
    numbers: Text
    failure: Text
    influence: Text


class Levels(Record):
    question: Slug
    mid: LevelAnswer
    senior: LevelAnswer
    staff: LevelAnswer


class Area(Record):
    id: Slug
    title: Text
    rounds: Annotated[list[RoundType], Field(min_length=1)]
    tests: Text
    run: Text
    listen: Annotated[list[Text], Field(min_length=2)]
    strong: Text
    question: Slug
    samples: Annotated[list[Slug], Field(min_length=2)]
    ladder: Annotated[list[Rung], Field(min_length=3, max_length=4)]
    levels: Levels
    anchors: Annotated[list[Text], Field(min_length=4, max_length=4)]


class AreasFile(Record):
    scale: Annotated[list[ScalePoint], Field(min_length=4, max_length=4)]
    areas: Annotated[list[Area], Field(min_length=1)]


class CalAnswer(Record):
    answer: Text
    scores: Annotated[list[Score], Field(min_length=1)]
    score: Score
    why: Text


class Calibration(Record):
    question: Slug
    group: Literal["system-design", "coding", "ml-domain", "fundamentals", "behavioral"]
    round: RoundType
    context: str = ""
    weak: CalAnswer
    acceptable: CalAnswer
    strong: CalAnswer


class CalibrationFile(Record):
    calibrations: Annotated[list[Calibration], Field(min_length=1)]


class Dimension(Record):
    name: Text
    measures: Text
    anchors: Annotated[list[Text], Field(min_length=4, max_length=4)]
    forbidden: Text
    allowed: Text


class Stage(Record):
    title: Text
    adds: Text
    reveals: Text
    cap: Score


class CodingRubric(Record):
    dimensions: Annotated[list[Dimension], Field(min_length=1)]
    stages: Annotated[list[Stage], Field(min_length=2)]
    rules: Annotated[list[Text], Field(min_length=1)]


class Step(Record):
    title: Text
    minutes: Annotated[int, Field(ge=1, le=60)]
    text: Text


class Check(Record):
    id: Slug
    text: Text


class Debrief(Record):
    title: Text
    intro: str = ""
    header: Annotated[list[Text], Field(min_length=1)]
    feedback: Annotated[list[Text], Field(min_length=1)]
    agenda: Annotated[list[Step], Field(min_length=1)]
    bias_checks: Annotated[list[Check], Field(min_length=1)]
    decision: Annotated[list[Text], Field(min_length=1)]
    committee: Annotated[list[Text], Field(min_length=1)]


class Competency(Record):
    id: Slug
    title: Text
    questions: Annotated[list[Slug], Field(min_length=1)]


class Story(Record):
    id: Slug
    title: Text
    type: Text
    situation: Text
    task: Text
    actions: Annotated[list[Text], Field(min_length=2)]
    result: Text
    numbers: Annotated[list[Text], Field(min_length=1)]
    competencies: Annotated[list[Slug], Field(min_length=1)]
    answers: Annotated[list[Slug], Field(min_length=1)]
    probes: Annotated[list[Text], Field(min_length=1)]


class StoryWorksheet(Record):
    owner: Text
    competencies: Annotated[list[Competency], Field(min_length=1)]
    stories: Annotated[list[Story], Field(min_length=1)]
    blank_rows: Annotated[int, Field(ge=1, le=20)] = 12


@dataclass
class Interviewing:
    areas: AreasFile | None = None
    calibration: CalibrationFile | None = None
    coding: CodingRubric | None = None
    debrief: Debrief | None = None
    stories: StoryWorksheet | None = None


# --------------------------------------------------------------------------- loading


def fail(rel: str, label: str, rid: str, field: str, what: str) -> None:
    raise GuideError(f"{rel}: {label} '{rid}': field '{field}': {what}")


def read(root: Path, rel: str, model, label: str):
    """One file, validated; None when it does not exist (the fixture site has none)."""
    path = root / rel
    if not path.is_file():
        return None
    data = parse_yaml(read_text(path, root), relpath(path, root))
    return validate(model, data, rel, label, Path(rel).stem)


def strings(value: Any, where: str = ""):
    """Every string in a dumped record, with the dotted path of the field that holds it."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{where}.{k}" if where else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{where}.{i}")


class Checker:
    def __init__(self, guide: Guide):
        self.g = guide

    def question(self, qid: str, rel: str, label: str, rid: str, field: str) -> None:
        if qid not in self.g.questions:
            fail(rel, label, rid, field, f"unknown question '{qid}' (allowed: an id in data/questions/)")

    def text(self, record, rel: str, label: str, rid: str) -> None:
        """q: links name real questions; no active HTML anywhere."""
        for field, value in strings(record.model_dump()):
            for target in QLINK.findall(value):
                self.question(target, rel, label, rid, field)
            active = unsafe_html(value)
            if active:
                fail(rel, label, rid, field, f"contains active HTML {active!r} (allowed: Markdown)")

    def areas(self, f: AreasFile) -> None:
        rel = AREAS
        for i, (point, label) in enumerate(zip(f.scale, SCALE)):
            if point.label != label:
                fail(
                    rel,
                    "scale",
                    str(i + 1),
                    "label",
                    f"'{point.label}' does not match the mock loop's "
                    f"scale (allowed: {label}, as SCALE in macros/data/practice_rules.py)",
                )
        seen: set[str] = set()
        for a in f.areas:
            if a.id in seen:
                fail(rel, "area", a.id, "id", "used twice (allowed: unique area ids)")
            seen.add(a.id)
            self.question(a.question, rel, "area", a.id, "question")
            self.question(a.levels.question, rel, "area", a.id, "levels.question")
            for qid in a.samples:
                self.question(qid, rel, "area", a.id, "samples")
            if a.question in a.samples or len(set(a.samples)) != len(a.samples):
                fail(
                    rel,
                    "area",
                    a.id,
                    "samples",
                    "lists a question twice or repeats the standard question (allowed: other questions, once each)",
                )
            order = [LADDER_ORDER.index(r.level) for r in a.ladder]
            if order != sorted(set(order)) or a.ladder[-1].level != "staff":
                fail(
                    rel,
                    "area",
                    a.id,
                    "ladder",
                    "rungs must rise one level at a time and end at staff "
                    f"(allowed: a subset of {', '.join(LADDER_ORDER)}, in that order)",
                )
            self.text(a, rel, "area", a.id)

    def calibration(self, f: CalibrationFile) -> None:
        rel = CALIBRATION
        seen: set[str] = set()
        for c in f.calibrations:
            self.question(c.question, rel, "calibration", c.question, "question")
            if c.question in seen:
                fail(rel, "calibration", c.question, "question", "calibrated twice (allowed: one entry per question)")
            seen.add(c.question)
            q = self.g.questions[c.question]
            if c.round not in q.rounds:
                fail(
                    rel,
                    "calibration",
                    c.question,
                    "round",
                    f"'{c.round}' is not one of the question's rounds (allowed: {', '.join(q.rounds)})",
                )
            dims = RUBRIC[q.kind]
            for grade, _ in GRADES:
                ans: CalAnswer = getattr(c, grade)
                if len(ans.scores) != len(dims):
                    fail(
                        rel,
                        "calibration",
                        c.question,
                        f"{grade}.scores",
                        f"has {len(ans.scores)} scores (allowed: {len(dims)}, one per rubric line: {', '.join(dims)})",
                    )
                if not min(ans.scores) <= ans.score <= max(ans.scores):
                    fail(
                        rel,
                        "calibration",
                        c.question,
                        f"{grade}.score",
                        f"{ans.score} is outside its "
                        f"rubric scores {ans.scores} (allowed: between their lowest and highest)",
                    )
            if not (c.weak.score <= 2 and c.acceptable.score == 3 and c.strong.score == 4):
                fail(
                    rel,
                    "calibration",
                    c.question,
                    "score",
                    "weak, acceptable and strong must score "
                    f"{SCALE[0]} or {SCALE[1]}, {SCALE[2]} and {SCALE[3]} "
                    f"(found {c.weak.score}, {c.acceptable.score}, {c.strong.score})",
                )
            self.text(c, rel, "calibration", c.question)

    def coding(self, r: CodingRubric) -> None:
        names = [d.name for d in r.dimensions]
        if names != RUBRIC["coding"]:
            fail(
                CODING,
                "coding rubric",
                "coding-rubric",
                "dimensions.name",
                f"{names} differ from the "
                f"mock loop's coding rubric (allowed: {', '.join(RUBRIC['coding'])}, as RUBRIC in macros/data/practice_rules.py)",
            )
        caps = [s.cap for s in r.stages]
        if caps != sorted(caps) or caps[-1] != 4:
            fail(
                CODING,
                "coding rubric",
                "coding-rubric",
                "stages.cap",
                f"{caps} (allowed: caps that never fall from one stage to the next and reach 4)",
            )
        self.text(r, CODING, "coding rubric", "coding-rubric")

    def debrief(self, d: Debrief) -> None:
        ids = [c.id for c in d.bias_checks]
        if len(set(ids)) != len(ids):
            fail(DEBRIEF, "debrief", "debrief", "bias_checks.id", "an id is used twice (allowed: unique ids)")
        self.text(d, DEBRIEF, "debrief", "debrief")

    def stories(self, w: StoryWorksheet) -> None:
        rel = STORIES
        known: set[str] = set()
        for c in w.competencies:
            if c.id in known:
                fail(rel, "competency", c.id, "id", "used twice (allowed: unique ids)")
            known.add(c.id)
            for qid in c.questions:
                self.question(qid, rel, "competency", c.id, "questions")
        seen: set[str] = set()
        for s in w.stories:
            if s.id in seen:
                fail(rel, "story", s.id, "id", "used twice (allowed: unique ids)")
            seen.add(s.id)
            for cid in s.competencies:
                if cid not in known:
                    fail(
                        rel,
                        "story",
                        s.id,
                        "competencies",
                        f"unknown competency '{cid}' (allowed: {', '.join(c.id for c in w.competencies)})",
                    )
            for qid in s.answers:
                self.question(qid, rel, "story", s.id, "answers")
        self.text(w, rel, "story worksheet", "story-worksheet")


def load_interviewing(guide: Guide) -> Interviewing:
    """Read and check every file this module owns; GuideError (one line) on the first problem."""
    root = guide.root
    out = Interviewing(
        areas=read(root, AREAS, AreasFile, "areas"),
        calibration=read(root, CALIBRATION, CalibrationFile, "calibration"),
        coding=read(root, CODING, CodingRubric, "coding rubric"),
        debrief=read(root, DEBRIEF, Debrief, "debrief"),
        stories=read(root, STORIES, StoryWorksheet, "story worksheet"),
    )
    check = Checker(guide)
    for name in ("areas", "calibration", "coding", "debrief", "stories"):
        value = getattr(out, name)
        if value is not None:
            getattr(check, name)(value)
    return out
