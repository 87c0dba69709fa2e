"""The study-plan generator: the rules it follows and the page's form.

The reader gives the weeks left, the hours a week, a company track and the rounds they fear
most; docs/assets/plan.js lays out a day-by-day plan from the question data
(assets/questions.json: each question's expected minutes, rounds, companies, and the tracks).
The algorithm is written once, in that file (its pure core runs under node in
tests/outputs/test_plan.py); the rules it applies are data defined here, shipped in the page
with the form, and stated on the page by `plan_rules()`, so the page and the script cannot
disagree. The markup is macros/pages/templates/plan_form.html and plan_rules.md.j2.
"""

from __future__ import annotations

import json

from ..data.errors import GuideError
from ..data.model import KIND_LABELS
from ..data.practice_rules import MINUTES, duration, expected_minutes, lengths
from ..data.urls import doc_url, rel_link
from .templating import render

RULES = {
    # Inputs: whole numbers in these ranges, and the form's defaults.
    "weeks": [1, 8],
    "default_weeks": 4,
    # The fewest hours must fit the longest question in one day (checked by check_rules).
    "hours": [6, 60],
    "default_hours": 10,
    "default_track": "general",
    # Six study days a week; the seventh is a rest day (the last week ends with the day before).
    "study_days": 6,
    # A question's weight: base, plus each bonus that applies. Heavier questions are chosen
    # first when the time does not cover the bank; the chosen ones are then done easy to hard.
    "weights": {"base": 1, "track": 3, "company": 1, "feared": 2},
    # Each question studied comes back twice: the first review at least 2 days later, the
    # second at least 5 days after the first. A review takes a quarter of the question's
    # minutes (at least 3): say the answer aloud, then check it.
    "review_gaps": [2, 5],
    "review_divisor": 4,
    "review_min": 3,
    # Mock-loop days: one on the sixth day of each week from the second to the one before the
    # last; in the last week one per week of the plan, up to three, every other day before the
    # last day.
    "final_mocks": 3,
    "mock_spacing": 2,
    # The mock of a mock-loop day: the longest of these loops that fits the day, else one
    # round (of the rounds the reader fears, when any of them has a one-round loop).
    "long_mocks": ["full", "onsite"],
    "debrief_minutes": 20,
    # The last day: the day-before checklist, nothing new.
    "last_day": {"checklist": "day-before", "minutes": 30},
}

DIFFICULTY_ORDER = ["easy", "medium", "hard"]


def check_rules(guide, rules: dict = RULES) -> list[str]:
    """What is wrong with the rules for this guide's data (the build fails on the first)."""
    problems = []
    by_id = {ln["id"]: ln for ln in lengths()}
    day = rules["hours"][0] * 60 // rules["study_days"]
    longest = max((expected_minutes(q) for q in guide.questions.values()), default=0)
    if longest > day:
        problems.append(
            f"hours: the fewest hours ({rules['hours'][0]} a week) give {day} minutes a day, "
            f"less than the longest question ({longest} minutes)"
        )
    singles = [ln for ln in by_id.values() if len(ln["rounds"]) == 1]
    if not singles or min(ln["minutes"] for ln in singles) > day:
        problems.append(f"hours: no one-round mock loop fits a day of {day} minutes")
    for lid in rules["long_mocks"]:
        if lid not in by_id:
            problems.append(f"long_mocks: unknown loop length {lid!r} (allowed: {', '.join(by_id)})")
    if rules["last_day"]["checklist"] not in guide.checklists:
        problems.append(f"last_day: unknown checklist {rules['last_day']['checklist']!r}")
    if rules["default_track"] not in guide.tracks:
        problems.append(f"default_track: unknown track {rules['default_track']!r}")
    lo, hi = rules["weeks"]
    if not (1 <= lo <= rules["default_weeks"] <= hi):
        problems.append("weeks: the default is outside the range")
    lo, hi = rules["hours"]
    if not (1 <= lo <= rules["default_hours"] <= hi):
        problems.append("hours: the default is outside the range")
    return problems


def config(guide) -> dict:
    """What the page script needs besides assets/questions.json: the rules, the mock-loop
    lengths (from the mock loop's own rules), the pages it links and the labels it shows."""
    cid = RULES["last_day"]["checklist"]
    return {
        "rules": RULES,
        "lengths": [
            {
                "id": ln["id"],
                "title": ln["title"],
                "minutes": ln["minutes"],
                "rounds": [r["type"] for r in ln["rounds"]],
            }
            for ln in lengths()
        ],
        "links": {
            "mock_loop": doc_url("practice/mock-loop.md"),
            "checklist": doc_url("checklists/index.md") + f"#checklist-{cid}",
            "bank": doc_url("question-bank.md"),
        },
        "checklist_title": guide.checklists[cid].title,
        "kinds": KIND_LABELS,
        "difficulties": {d: d.capitalize() for d in DIFFICULTY_ORDER},
    }


def form(guide, page: str) -> str:
    """The generator's form, rendered in the page (disabled until plan.js wires it, so
    nothing shifts when it does); without JavaScript it is hidden and the fallback shown."""
    problems = check_rules(guide)
    if problems:
        raise GuideError(f"macros/plan_generator.py: RULES: {problems[0]} (allowed: rules that fit the data)")
    r = RULES
    tracks = sorted(guide.tracks.values(), key=lambda t: (t.id != "general", t.title.lower()))

    def number(name: str, label: str, lo: int, hi: int, value: int, hint: str) -> dict:
        return {"name": name, "label": label, "min": lo, "max": hi, "value": value, "hint": hint}

    lo, hi = r["weeks"]
    weeks = number("weeks", "Weeks until the interview", lo, hi, r["default_weeks"], f"{lo} to {hi}")
    lo, hi = r["hours"]
    hours = number("hours", "Hours a week", lo, hi, r["default_hours"], f"{lo} to {hi}, over {r['study_days']} days")
    return (
        render(
            "plan_form.html",
            config=json.dumps(config(guide), separators=(",", ":"), ensure_ascii=False),
            numbers=[weeks, hours],
            tracks=[{"id": t.id, "title": t.title, "selected": t.id == r["default_track"]} for t in tracks],
            fears=list(guide.round_types.values()),
        )
        + "\n"
    )


def rules_text(guide, page: str) -> str:
    """How a plan is made, in words built from RULES (the page never types a number twice)."""
    r = RULES
    by_id = {ln["id"]: ln for ln in lengths()}
    cid = r["last_day"]["checklist"]
    return render(
        "plan_rules.md.j2",
        rules=r,
        last_day={
            "title": guide.checklists[cid].title.lower(),
            "link": rel_link(page, "checklists/index.md", "checklist-" + cid),
            "duration": duration(r["last_day"]["minutes"]),
        },
        kinds=", ".join(f"{KIND_LABELS[k].lower()} {m} minutes" for k, m in MINUTES.items()),
        long_mocks=" or ".join(f"{by_id[lid]['title'][0].lower()}{by_id[lid]['title'][1:]}" for lid in r["long_mocks"]),
        debrief=duration(r["debrief_minutes"]),
    )


def register(env, guide, renderer, page) -> None:
    @env.macro
    def plan_generator():
        """The study-plan generator's form (docs/assets/plan.js makes the plan)."""
        return form(guide, page())

    @env.macro
    def plan_rules():
        """How the generator makes a plan, in words built from its rules."""
        return rules_text(guide, page())
