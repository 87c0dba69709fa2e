"""The study-plan generator: its core (docs/assets/plan.js, run under node) against the real
question data, and the build-time data and rules it is given (macros/plan_generator.py,
assets/questions.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.data import practice_rules as practice
from macros.data.load import load_guide
from macros.data.practice_rules import expected_minutes
from macros.data.urls import question_path, question_url
from macros.outputs import bank as bank_output
from macros.pages import plan_generator
from macros.pages.render import Renderer
from tests.outputs import node

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "docs" / "assets" / "plan.js"
RANK = {"easy": 0, "medium": 1, "hard": 2}


def run_js(body: str, payload):
    """Run `body` (a JS function of (core, input)) against docs/assets/plan.js under node."""
    return node.run_js(JS, body, payload)


@pytest.fixture(scope="module")
def guide():
    return load_guide(ROOT)


@pytest.fixture(scope="module")
def data(guide):
    """What the page gives the core: assets/questions.json as the build writes it, and the
    page's config (data-plan-config)."""
    bank = {
        "questions": bank_output.records(guide),
        "tracks": bank_output.tracks(guide),
        "rounds": {rt.id: rt.title for rt in guide.round_types.values()},
    }
    return {"data": bank, "cfg": plan_generator.config(guide)}


BUILD_MANY = "(core, i) => i.cases.map(c => core.build(i.data, c, i.cfg))"


def build_many(data, cases):
    return run_js(BUILD_MANY, {**data, "cases": cases})


ROUNDS = ["technical-screen", "system-design", "coding", "ml-domain", "behavioral"]
CASES = [
    {"weeks": w, "hours": h, "track": t, "fear": f}
    for w, h, t, f in [
        (1, 6, "general", []),
        (1, 20, "openai-anthropic", ["coding"]),
        (2, 10, "general", ["system-design"]),
        (3, 7, "tesla-autopilot", ["behavioral"]),
        (4, 10, "google-deepmind", ["coding", "ml-domain"]),
        (5, 15, "meta-fair", []),
        (6, 12, "general", ROUNDS),
        (8, 6, "openai-anthropic", ["technical-screen"]),
        (8, 60, "general", []),
        (8, 25, "meta-fair", ["system-design"]),
        (2, 45, "general", ["coding"]),
    ]
]


@pytest.fixture(scope="module")
def plans(data):
    return build_many(data, CASES)


def items(plan, kind=None):
    return [(d, it) for d in plan["days"] for it in d["items"] if kind is None or it["type"] == kind]


# --------------------------------------------------------------------------- the plan


def test_no_day_runs_over_its_share_of_the_hours(plans):
    rules = plan_generator.RULES
    for case, plan in zip(CASES, plans):
        budget = case["hours"] * 60 // rules["study_days"]
        assert plan["budget"] == budget
        assert len(plan["days"]) == case["weeks"] * 7
        for d in plan["days"]:
            assert d["used"] == sum(it["minutes"] for it in d["items"]), (case, d["n"])
            assert d["used"] <= d["budget"], (case, d["n"], d["used"], d["budget"])
            assert d["budget"] == (0 if d["kind"] == "rest" else budget), (case, d)
        assert sum(d["budget"] for d in plan["days"]) == plan["available"]
        assert sum(d["used"] for d in plan["days"]) == plan["planned"] <= plan["available"]
        # six study days and one rest day a week; the last day is the day before
        assert [d["n"] for d in plan["days"] if d["kind"] == "rest"] == list(range(7, case["weeks"] * 7, 7))


def test_the_same_inputs_give_the_same_plan(data, plans):
    again = build_many(data, CASES)
    assert json.dumps(again) == json.dumps(plans)
    # the order of the bank's records does not matter either
    shuffled = {**data, "data": {**data["data"], "questions": list(reversed(data["data"]["questions"]))}}
    assert json.dumps(build_many(shuffled, CASES[:4])) == json.dumps(plans[:4])


def test_a_plan_uses_the_hours_it_has(plans):
    """Study days are full (within the longest question) until the bank runs out."""
    for case, plan in zip(CASES, plans):
        study = [d for d in plan["days"] if d["kind"] == "study"]
        if plan["chosen"] < 200:  # time is short: the first week's study days are nearly full
            for d in study[:5]:
                assert d["budget"] - d["used"] < 35, (case, d["n"], d["used"])
        assert plan["questions"] + len(plan["extra"]) == plan["chosen"]


def fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for ch in text.encode("utf-16-le")[::2]:  # ids are ASCII: one code unit per character
        h = ((h ^ ch) * 0x01000193) & 0xFFFFFFFF
    return h


def weight(q: dict, case: dict, tracks: dict) -> int:
    """A question's weight, as docs/plan-generator.md states the rule."""
    w, t = plan_generator.RULES["weights"], tracks[case["track"]]
    return (
        w["base"]
        + (w["track"] if q["id"] in t["questions"] else 0)
        + (w["company"] if t["company"] and t["company"] in q["companies"] else 0)
        + (w["feared"] if set(q["rounds"]) & set(case["fear"]) else 0)
    )


def test_the_heaviest_questions_are_chosen(plans, data):
    """The choice goes down the weights (ties by a fixed hash of the id): a question left out
    while a lighter one is in cost more, with its reviews, than that one."""
    bank, tracks = data["data"]["questions"], data["data"]["tracks"]
    rules = plan_generator.RULES

    def cost(q):
        return q["minutes"] + len(rules["review_gaps"]) * max(
            rules["review_min"], -(-q["minutes"] // rules["review_divisor"])
        )

    assert [fnv1a(x) for x in ("", "a", "gpu-utilization")] == run_js(
        "(core, xs) => xs.map(core.hash32)", ["", "a", "gpu-utilization"]
    )
    for case, plan in zip(CASES, plans):
        order = sorted(bank, key=lambda q: (-weight(q, case, tracks), fnv1a(q["id"]), q["id"]))
        chosen = {it["id"] for _, it in items(plan, "question")} | set(plan["extra"])
        assert len(chosen) == plan["chosen"]
        out_costs = []
        for q in order:
            if q["id"] in chosen:
                assert all(c > cost(q) for c in out_costs), (case, q["id"])
            elif q["minutes"] <= plan["budget"]:
                out_costs.append(cost(q))


def test_feared_rounds_get_more_of_the_plan(data):
    bank = {q["id"]: q for q in data["data"]["questions"]}
    cases = []
    for rt in ROUNDS:
        cases += [
            {"weeks": 2, "hours": 8, "track": "general", "fear": []},
            {"weeks": 2, "hours": 8, "track": "general", "fear": [rt]},
        ]
    out = build_many(data, cases)
    for k, rt in enumerate(ROUNDS):
        plain, feared = out[2 * k], out[2 * k + 1]

        def share(plan, rt=rt):
            qs = [it["id"] for _, it in items(plan, "question")]
            return sum(rt in bank[q]["rounds"] for q in qs) / len(qs)

        assert share(feared) > share(plain), rt


def test_the_track_gets_more_of_the_plan(data):
    tracks = data["data"]["tracks"]
    cases = [{"weeks": 2, "hours": 8, "track": t, "fear": []} for t in tracks]
    out = build_many(data, cases)
    for t, plan in zip(tracks, out):
        qs = [it["id"] for _, it in items(plan, "question")]
        mine = sum(q in tracks[t]["questions"] for q in qs) / len(qs)
        others = [
            sum(q in tracks[t]["questions"] for q in [it["id"] for _, it in items(p, "question")])
            / max(1, len(items(p, "question")))
            for u, p in zip(tracks, out)
            if u != t
        ]
        # most of the plan is the track's, or the plan holds (nearly) the whole track
        chosen = set(qs) | set(plan["extra"])
        whole = sum(q in chosen for q in tracks[t]["questions"]) >= 0.9 * len(tracks[t]["questions"])
        assert (mine >= 0.8 or whole) and mine > max(others), (t, mine, others)


def test_every_question_link_is_a_question_page(plans, guide):
    pages = {path for path, _ in Renderer(guide).question_pages()}
    bank = {q["id"]: q for q in bank_output.records(guide)}
    for plan in plans:
        ids = [it["id"] for _, it in items(plan) if it["type"] in ("question", "review")] + plan["extra"]
        assert ids
        for qid in ids:
            assert qid in guide.questions, qid
            assert bank[qid]["url"] == question_url(qid) == f"q/{qid}/"
            assert question_path(qid) in pages
        news = [it["id"] for _, it in items(plan, "question")]
        assert len(news) == len(set(news)), "a question is new only once"


def test_easy_to_hard_and_reviews_spaced(plans, data):
    bank = {q["id"]: q for q in data["data"]["questions"]}
    gap1, gap2 = plan_generator.RULES["review_gaps"]
    for case, plan in zip(CASES, plans):
        first = {}
        order = []
        for d, it in items(plan, "question"):
            first[it["id"]] = d["n"]
            order.append(it["id"])
            assert it["minutes"] == bank[it["id"]]["minutes"]
        # a day takes the next questions that fit: among questions of the same length the
        # order is easy, medium, hard exactly
        for minutes in {bank[q]["minutes"] for q in order}:
            ranks = [RANK[bank[q]["difficulty"]] for q in order if bank[q]["minutes"] == minutes]
            assert ranks == sorted(ranks), (case, minutes)
        reviews = {}
        for d, it in items(plan, "review"):
            assert d["kind"] == "study"
            reviews.setdefault(it["id"], []).append((it["review"], d["n"]))
            assert it["minutes"] == max(3, -(-bank[it["id"]]["minutes"] // 4))
        for qid, rs in reviews.items():
            assert [r for r, _ in rs] == [1, 2][: len(rs)], (case, qid)
            assert rs[0][1] >= first[qid] + gap1
            if len(rs) > 1:
                assert rs[1][1] >= rs[0][1] + gap2
        # every question but the last few comes back twice
        late = [q for q in order if first[q] > len(plan["days"]) - 12]
        assert all(len(reviews.get(q, [])) == 2 for q in order if q not in late), case


def test_mock_days_near_the_end_and_the_checklist_last(plans, data):
    cfg = data["cfg"]
    lengths = {ln["id"]: ln for ln in cfg["lengths"]}
    for case, plan in zip(CASES, plans):
        w, days = case["weeks"], plan["days"]
        last = days[-1]
        assert last["kind"] == "last" and [it["type"] for it in last["items"]] == ["checklist"]
        assert last["items"][0]["id"] == "day-before"
        mocks = [d for d in days if d["kind"] == "mock"]
        final = [d["n"] for d in mocks if d["week"] == w]
        assert final == [7 * w - 1 - 2 * k for k in range(min(3, w))][::-1], case
        assert [d["n"] for d in mocks if d["week"] < w] == [7 * (k - 1) + 6 for k in range(2, w)]
        for d in mocks:
            mock = d["items"][0]
            assert mock["type"] == "mock" and mock["track"] == case["track"]
            assert mock["length"] in lengths and mock["minutes"] == lengths[mock["length"]]["minutes"] <= d["budget"]
            assert 0 <= mock["seed"] <= 4294967295
            assert all(it["type"] in ("mock", "debrief") for it in d["items"])
        seeds = [d["items"][0]["seed"] for d in mocks]
        assert len(set(seeds)) == len(seeds)
        single = [lengths[d["items"][0]["length"]] for d in mocks]
        if plan["budget"] < lengths["onsite"]["minutes"] and any(
            lengths[lid]["rounds"] == [rt] for rt in case["fear"] for lid in lengths
        ):
            assert all(ln["rounds"][0] in case["fear"] for ln in single), case


def test_a_day_long_enough_gets_the_full_loop(data):
    out = build_many(
        data,
        [
            {"weeks": 2, "hours": 30, "track": "general", "fear": []},
            {"weeks": 2, "hours": 18, "track": "general", "fear": []},
            {"weeks": 2, "hours": 6, "track": "general", "fear": ["behavioral"]},
        ],
    )
    assert {it["length"] for _, it in items(out[0], "mock")} == {"full"}  # 300 minutes a day
    assert {it["length"] for _, it in items(out[1], "mock")} == {"onsite"}  # 180 minutes a day
    # one hour a day, and behavioral has no one-round loop: the one-round loops take turns
    assert len({it["length"] for _, it in items(out[2], "mock")}) == 2


# --------------------------------------------------------------------------- inputs


PARSE = "(core, i) => i.raws.map(r => core.parse(r, i.data, i.cfg.rules))"


def test_bad_inputs_get_a_message_for_their_field(data):
    good = {"weeks": "3", "hours": "10", "track": "general", "fear": ""}
    bad = [
        ("weeks", "0"),
        ("weeks", "9"),
        ("weeks", "abc"),
        ("weeks", ""),
        ("weeks", "2.5"),
        ("weeks", "-1"),
        ("hours", "5"),
        ("hours", "61"),
        ("hours", " "),
        ("hours", "1e3"),
        ("track", "no-such-track"),
        ("track", ""),
        ("track", "__proto__"),
        ("fear", "coding,nope"),
        ("fear", "<b>"),
    ]
    raws = [good] + [{**good, name: value} for name, value in bad]
    out = run_js(PARSE, {**data, "raws": raws})
    assert out[0]["errors"] == {} and out[0]["inputs"] == {"weeks": 3, "hours": 10, "track": "general", "fear": []}
    for (name, value), res in zip(bad, out[1:]):
        assert res["inputs"] is None, (name, value)
        assert list(res["errors"]) == [name], (name, value, res["errors"])
        assert res["errors"][name].endswith("."), res
    msgs = {(n, v): r["errors"][n] for (n, v), r in zip(bad, out[1:])}
    assert msgs[("weeks", "0")] == "Too few weeks: enter 1 to 8."
    assert msgs[("hours", "61")] == "Too many hours a week: enter 6 to 60."
    assert msgs[("weeks", "abc")] == "Enter a whole number of weeks, 1 to 8."
    assert "nope" in msgs[("fear", "coding,nope")]


def test_the_address_round_trips(data):
    """query() is what the page puts in its address; reading it back gives the same inputs,
    with the feared rounds in the round order whatever order they came in."""
    raws = [
        {"weeks": "2", "hours": "12", "track": "meta-fair", "fear": ["coding", "technical-screen", "coding"]},
        {"weeks": "8", "hours": "60", "track": "general", "fear": []},
    ]
    out = run_js(
        """(core, i) => i.raws.map(r => {
        const a = core.parse(r, i.data, i.cfg.rules).inputs, q = core.query(a);
        const p = new URLSearchParams(q), b = core.parse({weeks: p.get('weeks'), hours: p.get('hours'),
          track: p.get('track'), fear: p.get('fear')}, i.data, i.cfg.rules).inputs;
        return [a, q, b]; })""",
        {**data, "raws": raws},
    )
    (a1, q1, b1), (a2, q2, b2) = out
    assert a1 == b1 == {"weeks": 2, "hours": 12, "track": "meta-fair", "fear": ["technical-screen", "coding"]}
    assert q1 == "weeks=2&hours=12&track=meta-fair&fear=technical-screen,coding"
    assert a2 == b2 and q2 == "weeks=8&hours=60&track=general"
    assert "q=" not in q1 and not q1.startswith("q")


# --------------------------------------------------------------------------- build-time data


def test_bank_records_carry_expected_minutes_and_the_tracks(guide):
    records = bank_output.records(guide)
    assert all(rec["minutes"] == expected_minutes(guide.questions[rec["id"]]) for rec in records)
    tracks = bank_output.tracks(guide)
    assert list(tracks) == sorted(guide.tracks, key=lambda t: (t != "general", guide.tracks[t].title.lower()))
    for tid, t in tracks.items():
        assert t["questions"] and all(q in guide.questions for q in t["questions"])
        assert len(t["questions"]) == len(set(t["questions"]))
        assert t["company"] == guide.tracks[tid].company


def test_an_entry_can_set_its_own_minutes(guide):
    q = next(iter(guide.questions.values()))
    longer = q.model_copy(update={"minutes": 42})
    assert expected_minutes(longer) == 42


def test_the_rules_fit_the_data(guide):
    assert plan_generator.check_rules(guide) == []
    cfg = plan_generator.config(guide)
    assert [ln["id"] for ln in cfg["lengths"]] == [ln["id"] for ln in practice.lengths()]
    assert cfg["links"]["checklist"] == "checklists/#checklist-day-before"
    assert cfg["links"]["mock_loop"] == "practice/mock-loop/"
    broken = {
        **plan_generator.RULES,
        "hours": [3, 60],
        "long_mocks": ["full", "nope"],
        "last_day": {"checklist": "nope", "minutes": 30},
    }
    problems = plan_generator.check_rules(guide, broken)
    assert any("longest question" in p for p in problems)
    assert any("'nope'" in p and "long_mocks" in p for p in problems)
    assert any(p.startswith("last_day") for p in problems)


def test_the_page_states_the_rules_it_runs(guide):
    text = plan_generator.rules_text(guide, "plan-generator.md")
    r = plan_generator.RULES
    for number in (r["study_days"], *r["review_gaps"], r["review_min"], r["final_mocks"], *r["weights"].values()):
        assert str(number) in text
    assert "(checklists/index.md#checklist-day-before)" in text
    html = plan_generator.form(guide, "plan-generator.md")
    assert 'id="plan-generator"' in html and '<fieldset class="pg-controls" disabled>' in html
    for rt in guide.round_types:
        assert f'name="fear" value="{rt}"' in html
    for tid in guide.tracks:
        assert f'<option value="{tid}"' in html
    assert 'min="1" max="8"' in html and 'min="6" max="60"' in html
