"""The schema of every record in data/, as pydantic models.

Field-level rules live here (types, enums, slugs, lengths). Rules that need more than one
record (an id used twice, a reference to a topic that does not exist) live in load.py.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

Kind = Literal["system-design", "coding", "knowledge", "behavioral", "soft"]
Difficulty = Literal["easy", "medium", "hard"]
RoundType = Literal["technical-screen", "system-design", "coding", "ml-domain", "behavioral"]
Area = Literal["ml-infra", "system-design", "coding", "fundamentals", "behavioral"]

KIND_LABELS = {
    "system-design": "System design",
    "coding": "Coding",
    "knowledge": "Knowledge",
    "behavioral": "Behavioral",
    "soft": "Soft",
}
REQUIRED_SECTIONS = ("What the interviewer listens for", "Answer", "Pitfalls", "Follow-ups")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Topic(Record):
    id: Slug
    title: Text
    page: Text
    area: Area


class Company(Record):
    id: Slug
    name: Text
    track: Slug


class RoundTypeInfo(Record):
    id: RoundType
    title: Text
    minutes: Annotated[list[int], Field(min_length=2, max_length=2)]
    tests: list[Text]


class Question(Record):
    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    prompt: Text
    kind: Kind
    difficulty: Difficulty
    topic: Slug
    page: Text | None = None
    tags: list[Slug] = []
    companies: list[Slug] = []
    rounds: Annotated[list[RoundType], Field(min_length=1)]
    solutions: list[Text] = []
    # Coding entries: the techniques the problem exercises, as short labels shared across
    # entries ("hash map", "heap", "state machine"), shown in the coding index's table.
    patterns: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]] = []
    # Architecture diagrams (ids of data/diagrams/*.yml), drawn under the body's
    # "## Architecture" section, or after the answer when the body has none.
    diagrams: list[Slug] = []
    # Pages this question used to live on (docs paths): each old address forwards to its page.
    # Never remove one: readers' bookmarks and other sites' links use them.
    moved_from: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*\.md$")]] = []
    # What a reader types for this question that its title does not say ("failure" for "A time
    # something you built failed", "nvidia-smi"): indexed with the title's weight, never shown.
    search_terms: Annotated[
        list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40)]],
        Field(max_length=6),
    ] = []
    # Minutes to practise it out loud, when it differs from its kind's default (render.MINUTES).
    minutes: Annotated[int, Field(ge=1, le=180)] | None = None
    as_of: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None
    short_answer: Text
    # Filled by the loader, never written in front matter.
    body: str = ""
    source: str = ""
    home: str = ""


class ChecklistItem(Record):
    id: Slug
    text: Text
    link: Text | None = None


class ChecklistSection(Record):
    title: Text
    items: Annotated[list[ChecklistItem], Field(min_length=1)]


class Checklist(Record):
    id: Slug
    title: Text
    intro: str = ""
    sections: Annotated[list[ChecklistSection], Field(min_length=1)]
    source: str = ""


class Technology(Record):
    name: Text
    why: Text


class Track(Record):
    id: Slug
    title: Text
    company: Slug | None = None
    page: Text
    summary: Text
    focus_areas: list[Text] = []
    technologies: list[Technology] = []
    questions: Annotated[list[Slug], Field(min_length=1)]
    checklists: list[Slug] = []
    source: str = ""


class PlanBlock(Record):
    title: Text
    goals: Annotated[list[Text], Field(min_length=1)]
    questions: list[Slug] = []
    checklists: list[Slug] = []


class Plan(Record):
    id: Slug
    title: Text
    summary: Text
    blocks: Annotated[list[PlanBlock], Field(min_length=1)]


class LoopRound(Record):
    id: Annotated[str, StringConstraints(pattern=r"^(hard|soft)-\d{2}$")]
    type: Literal["hard", "soft"]
    interviewer: Text
    questions: Annotated[list[Slug], Field(min_length=1)]
    note: str = ""
