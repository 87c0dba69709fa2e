"""The rules of the practice modes, as data: loop lengths and pace, the scoring rubric, the
review schedule, and which decks exist. The practice data (outputs/practice.py), the
practice pages' tables (pages/practice_pages.py) and the interviewer's guide all read them,
and the page scripts get them in assets/practice.json, so no two places can disagree.
"""

from __future__ import annotations

DECK_DIR = "assets/decks"

# Minutes a question takes when practised out loud, by kind, unless its record says (`minutes:`).
MINUTES = {"system-design": 60, "coding": 35, "knowledge": 10, "behavioral": 8, "soft": 8}


def expected_minutes(q) -> int:
    return q.minutes or MINUTES[q.kind]


# The shortest slot one question gets in each round type (minutes). A question takes its own
# expected minutes (expected_minutes below) when they are more: a round of M minutes asks at
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
    (
        "onsite",
        "Half loop: coding, system design, ML domain",
        [("coding", 60), ("system-design", 60), ("ml-domain", 45)],
    ),
    (
        "full",
        "Full loop: all five rounds",
        [("technical-screen", 45), ("system-design", 60), ("coding", 60), ("ml-domain", 45), ("behavioral", 45)],
    ),
]
DEFAULT_LENGTH = "full"
ALL_TRACK = "all"

# Scoring rubric for the interviewer's sheet: what to score per question kind, on one scale.
SCALE = ["1 Weak", "2 Mixed", "3 Good", "4 Strong"]
RUBRIC = {
    "system-design": [
        "Requirements and numbers",
        "Architecture and data flow",
        "Depth and trade-offs",
        "Drives the discussion",
    ],
    # The five dimensions of the interviewer's coding rubric (data/interviewers/coding-rubric.yml
    # anchors each one; macros/pages/interviewers.py checks the names match).
    "coding": ["Correctness", "Problem solving", "Code quality", "Testing", "Communication"],
    "knowledge": [
        "Accurate facts and numbers",
        "Explains the mechanism",
        "Trade-offs and limits",
        "Clear, concise delivery",
    ],
    "behavioral": ["Situation and stakes", "Own actions and decisions", "Measurable result", "Reflection and learning"],
    "soft": ["Clear point of view", "Grounded in experience", "Judgement and trade-offs", "Listens and adapts"],
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
        out.append(
            {
                "id": lid,
                "title": f"{name} ({duration(total)})",
                "minutes": total,
                "duration": duration(total),
                "rounds": [{"type": rt, "minutes": m, "count": max(1, m // PACE[rt])} for rt, m in rounds],
            }
        )
    return out


def decks(g) -> list[dict]:
    """The 'all' deck, then one per topic that has questions, by home topic (`topic:`): each
    question is in exactly one topic deck. `tagged` counts the questions that have the
    topic as home topic or tag, as the question bank's topic filter does: the page says
    why the two numbers differ."""
    order = {t: i for i, t in enumerate(g.topics)}
    rank = {"easy": 0, "medium": 1, "hard": 2}
    qs = sorted(
        g.questions.values(), key=lambda q: (order.get(q.topic, len(order)), rank[q.difficulty], q.title.lower(), q.id)
    )
    out = [{"id": "all", "title": "Every question", "cards": [q.id for q in qs]}]
    for tid, topic in g.topics.items():
        cards = [q.id for q in qs if q.topic == tid]
        if cards:
            tagged = sum(1 for q in qs if q.topic == tid or tid in q.tags)
            out.append({"id": tid, "title": topic.title, "cards": cards, "tagged": tagged})
    for d in out:
        d["apkg"] = f"{DECK_DIR}/{d['id']}.apkg"
        d["csv"] = f"{DECK_DIR}/{d['id']}.csv"
    return out
