"""Practice modes: the loop draw and the review scheduler (the page's own JavaScript, run under
node), the rules they are given, and the Anki/CSV decks built at the end of the build."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from macros.data import practice_rules
from macros.data.load import load_guide
from macros.outputs import practice
from macros.pages.practice_pages import PracticePages
from tests.conftest import mkdocs_build
from tests.outputs import node

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "docs" / "assets" / "practice-core.js"
TYPES = ["technical-screen", "system-design", "coding", "ml-domain", "behavioral"]
DAY, MINUTE = 86_400_000, 60_000


def run_js(body: str, payload):
    """Run `body` (a JS function of (core, input)) against docs/assets/practice-core.js under node."""
    return node.run_js(JS, body, payload)


# Expected minutes by a question's first round type in the synthetic bank: what the kinds
# take in the real one (render.MINUTES), with a 50-minute problem now and then.
BANK_MINUTES = {"technical-screen": 10, "system-design": 60, "coding": 35, "ml-domain": 10, "behavioral": 8}


def bank(n: int = 80) -> dict:
    """Synthetic practice data shaped like assets/practice.json: n questions over all round types,
    some of them long ones that also belong to short-slot rounds (a coding problem asked in a
    screen), as in the real bank."""
    questions = {}
    for i in range(n):
        rounds = [TYPES[i % 5]] + ([TYPES[(i * 3 + 1) % 5]] if i % 3 == 0 else [])
        rounds += ["technical-screen"] if TYPES[i % 5] == "coding" and i % 4 == 3 else []
        minutes = 50 if i % 11 == 0 else BANK_MINUTES[TYPES[i % 5]]
        questions[f"q{i:03d}"] = {
            "rounds": sorted(set(rounds)),
            "companies": ["acme"] if i % 4 == 0 else [],
            "minutes": minutes,
        }
    track = sorted(f"q{i:03d}" for i in range(0, n, 7))
    return {
        "lengths": practice_rules.lengths(),
        "pace": practice_rules.PACE,
        "tracks": [
            {"id": "all", "title": "All", "company": None, "questions": None},
            {"id": "acme", "title": "Acme", "company": "acme", "questions": track},
        ],
        "questions": questions,
    }


DRAW_MANY = """(core, input) => input.cases.map(c => {
  const exclude = {}; (c.exclude || []).forEach(id => exclude[id] = true);
  return core.draw(input.data, {track: c.track, length: c.length, seed: c.seed, exclude: exclude});
})"""


def draw_many(data, cases):
    return run_js(DRAW_MANY, {"data": data, "cases": cases})


# --------------------------------------------------------------------------- rules


def test_lengths_follow_the_pace_and_the_format_order():
    lengths = {ln["id"]: ln for ln in practice_rules.lengths()}
    assert [r["type"] for r in lengths["full"]["rounds"]] == TYPES
    assert lengths["screen"]["rounds"] == [{"type": "technical-screen", "minutes": 45, "count": 4}]
    for ln in lengths.values():
        for r in ln["rounds"]:
            assert r["count"] == max(1, r["minutes"] // practice_rules.PACE[r["type"]])
    assert practice_rules.DEFAULT_LENGTH in lengths


def test_round_minutes_fit_the_round_types(guide_or_fixture):
    for ln in practice_rules.lengths():
        for r in ln["rounds"]:
            low, high = guide_or_fixture.round_types[r["type"]].minutes
            assert low <= r["minutes"] <= high, (ln["id"], r)


def stated_minutes(text: str) -> int:
    m = re.search(r"\((?:(\d+) hours?)? ?(?:(\d+) minutes?)?\)$", text)
    assert m and (m.group(1) or m.group(2)), f"no duration stated in {text!r}"
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def test_length_titles_state_the_sum_of_their_rounds():
    for ln in practice_rules.lengths():
        total = sum(r["minutes"] for r in ln["rounds"])
        assert ln["minutes"] == total and stated_minutes(ln["title"]) == total, ln["title"]
        assert ln["title"].endswith(f"({ln['duration']})")
    assert [practice_rules.duration(m) for m in (1, 45, 60, 90, 120, 255)] == [
        "1 minute",
        "45 minutes",
        "60 minutes",
        "1 hour 30 minutes",
        "2 hours",
        "4 hours 15 minutes",
    ]


def test_practice_pages_write_no_duration_by_hand():
    """Every duration on the practice pages comes from the lengths (macros, page script)."""
    hand = re.compile(r"\b\d+(?:[.,]\d+)?(?:[- ]|\s*)(?:minutes?|mins?|hours?|hrs?|h)\b", re.I)
    for md in sorted((ROOT / "docs" / "practice").glob("*.md")):
        found = hand.findall(md.read_text(encoding="utf-8"))
        assert not found, f"{md.name}: write durations with the practice macros, not by hand: {found}"
    for lid, name, _ in practice_rules.LENGTHS:
        assert not hand.search(name) and "about" not in name, (lid, name)


@pytest.fixture(scope="module")
def guide_or_fixture():
    return load_guide(ROOT / "tests" / "fixtures" / "mini")


# --------------------------------------------------------------------------- the draw


def test_prng_is_mulberry32():
    def mulberry32(seed):
        a = seed & 0xFFFFFFFF
        while True:
            a = (a + 0x6D2B79F5) & 0xFFFFFFFF
            t = a
            t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
            t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
            yield ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    for seed in (0, 1, 42, 4294967295):
        expected = [x for x, _ in zip(mulberry32(seed), range(5))]
        got = run_js("(core, s) => { const r = core.mulberry32(s); return [r(), r(), r(), r(), r()]; }", seed)
        assert got == pytest.approx(expected, abs=0), seed
        assert all(0 <= x < 1 for x in got)


def test_draw_is_deterministic_for_a_seed():
    data = bank()
    seeds = [0, 1, 7, 123456789, 4294967295]
    cases = [{"track": t, "length": "full", "seed": s} for t in ("all", "acme") for s in seeds]
    first, second = draw_many(data, cases), draw_many(data, cases)
    assert first == second
    loops = [json.dumps(r["rounds"]) for r in first[: len(seeds)]]
    assert len(set(loops)) == len(seeds), "different seeds should give different loops"


def slot(data, qid, rtype):
    return max(data["questions"][qid]["minutes"], data["pace"][rtype])


def test_draw_respects_round_types_and_counts_and_never_repeats():
    data = bank()
    cases = [
        {"track": t, "length": ln["id"], "seed": s}
        for t in ("all", "acme")
        for ln in data["lengths"]
        for s in range(25)
    ]
    for case, result in zip(cases, draw_many(data, cases)):
        length = next(ln for ln in data["lengths"] if ln["id"] == case["length"])
        assert [(r["type"], r["minutes"], r["count"]) for r in result["rounds"]] == [
            (r["type"], r["minutes"], r["count"]) for r in length["rounds"]
        ]
        drawn = []
        for r in result["rounds"]:
            assert 1 <= len(r["questions"]) <= r["count"], (case, r)
            assert all(r["type"] in data["questions"][q]["rounds"] for q in r["questions"]), (case, r)
            assert not r["short"], (case, r)
            drawn += r["questions"]
        assert len(drawn) == len(set(drawn)), case
        assert result["skipped"] == []


def test_slots_fit_their_questions_and_the_round():
    """A question's slot is its expected minutes (at least the round's pace); a round's slots
    add up to no more than its minutes, so no 35- or 50-minute problem sits in a 10-minute
    screen slot. And the round is full: every question of its type that was left out needed
    more than the minutes left, or the round already had its most questions."""
    data = bank()
    cases = [
        {"track": t, "length": ln["id"], "seed": s}
        for t in ("all", "acme")
        for ln in data["lengths"]
        for s in range(25)
    ]
    long_in_screen = 0
    for case, result in zip(cases, draw_many(data, cases)):
        used = {q for r in result["rounds"] for q in r["questions"]}
        for r in result["rounds"]:
            assert r["slots"] == [slot(data, q, r["type"]) for q in r["questions"]], (case, r)
            assert all(s >= data["questions"][q]["minutes"] for q, s in zip(r["questions"], r["slots"]))
            assert sum(r["slots"]) <= r["minutes"] and r["free"] == r["minutes"] - sum(r["slots"]), (case, r)
            if len(r["questions"]) < r["count"]:
                fits = [
                    q
                    for q, v in data["questions"].items()
                    if r["type"] in v["rounds"] and q not in used and slot(data, q, r["type"]) <= r["free"]
                ]
                assert not fits, (case, r, fits)
            if r["type"] == "technical-screen" and max(r["slots"]) > data["pace"]["technical-screen"]:
                long_in_screen += 1
                assert len(r["questions"]) < r["count"]
    assert long_in_screen, "the bank has long screen questions: some loops should draw one"


def test_every_real_question_fits_some_round_it_belongs_to(guide_or_fixture):
    """The rules leave no question undrawable: each fits a round of one of its types."""
    from macros.data.practice_rules import expected_minutes

    rounds = {}
    for ln in practice_rules.lengths():
        for r in ln["rounds"]:
            rounds[r["type"]] = max(rounds.get(r["type"], 0), r["minutes"])
    for g in (guide_or_fixture, load_guide(ROOT)):
        for q in g.questions.values():
            need = [max(expected_minutes(q), practice_rules.PACE[t]) for t in q.rounds]
            assert any(n <= rounds[t] for n, t in zip(need, q.rounds)), (q.id, q.rounds, expected_minutes(q))


def test_track_questions_come_first_then_the_company():
    data = bank()
    track = next(t for t in data["tracks"] if t["id"] == "acme")
    results = draw_many(data, [{"track": "acme", "length": "full", "seed": s} for s in range(30)])
    for result in results:
        for r in result["rounds"]:
            in_track = [q for q in track["questions"] if r["type"] in data["questions"][q]["rounds"]]
            company = [
                q
                for q, v in data["questions"].items()
                if q not in track["questions"] and "acme" in v["companies"] and r["type"] in v["rounds"]
            ]
            picked = r["questions"]
            used = {q for rr in result["rounds"] for q in rr["questions"]}
            # Every track question of this type that fits is used (here or in an earlier round)
            # before any other: those left needed more than the round had left once its track
            # questions were drawn. The same holds for the company's questions.
            left = r["minutes"] - sum(s for q, s in zip(picked, r["slots"]) if q in track["questions"])
            if any(q not in track["questions"] for q in picked):
                assert all(slot(data, q, r["type"]) > left for q in set(in_track) - used)
            left -= sum(s for q, s in zip(picked, r["slots"]) if q in company)
            if any(q not in track["questions"] and q not in company for q in picked):
                assert all(slot(data, q, r["type"]) > left for q in set(company) - used)


def test_excluding_practised_questions_and_replaying_from_the_link():
    data = bank()
    practised = sorted(data["questions"])[::2]  # every other question is "practised"
    cases = [
        {"track": t, "length": "full", "seed": s, "exclude": practised} for t in ("all", "acme") for s in range(20)
    ]
    results = draw_many(data, cases)
    replay_cases = []
    for case, result in zip(cases, results):
        drawn = [q for r in result["rounds"] for q in r["questions"]]
        assert not set(drawn) & set(practised)
        assert set(result["skipped"]) <= set(practised)
        assert result["skipped"] == sorted(result["skipped"])
        replay_cases.append({**case, "exclude": result["skipped"]})
    # The link carries only the skipped ids; drawing with them alone gives the same loop.
    assert [r["rounds"] for r in draw_many(data, replay_cases)] == [r["rounds"] for r in results]


def test_a_short_pool_gives_fewer_questions_not_an_error():
    data = bank(12)
    everything = sorted(data["questions"])
    [result] = draw_many(data, [{"track": "all", "length": "full", "seed": 5, "exclude": everything[:-2]}])
    drawn = [q for r in result["rounds"] for q in r["questions"]]
    assert set(drawn) <= set(everything[-2:])
    assert len(drawn) == len(set(drawn))
    assert any(r["short"] for r in result["rounds"])
    assert all(r["short"] for r in result["rounds"] if not r["questions"])


def test_unknown_track_or_length_is_an_error():
    data = bank()
    out = run_js(
        """(core, data) => ['nope-track', 'nope-length'].map(bad => {
        try { core.draw(data, {track: bad === 'nope-track' ? bad : 'all',
                               length: bad === 'nope-length' ? bad : 'full', seed: 1}); return 'ok'; }
        catch (e) { return e.message; } })""",
        data,
    )
    assert out == ["unknown track nope-track", "unknown length nope-length"]


# --------------------------------------------------------------------------- the scheduler


SCHEDULE_MANY = """(core, input) => input.cases.map(c =>
  core.schedule(c.entry, c.grade, c.now, input.rules))"""


def test_scheduler_intervals_follow_the_rules():
    rules = practice_rules.SCHEDULE
    days, last, now = rules["days"], len(rules["days"]) - 1, 1_700_000_000_000
    cases, expected = [], []
    for box in [None, *range(last + 1)]:
        entry = None if box is None else {"box": box, "due": now - DAY}
        start = 0 if box is None else box
        for grade in ("again", "hard", "good", "easy"):
            cases.append({"entry": entry, "grade": grade, "now": now})
            if grade == "again":
                expected.append({"box": 0, "due": now + rules["again_minutes"] * MINUTE})
                continue
            new = {"hard": max(1, start), "good": min(last, start + 1), "easy": min(last, start + 2)}[grade]
            expected.append({"box": new, "due": now + days[new] * DAY})
    got = run_js(SCHEDULE_MANY, {"rules": rules, "cases": cases})
    assert got == expected
    # The JSON shape matches what guide.js accepts for aipg.v1.card.<id>.
    assert all(isinstance(g["box"], int) and 0 <= g["box"] <= 10 for g in got)


def test_scheduler_rules_are_sane():
    days = practice_rules.SCHEDULE["days"]
    assert len(days) == 11 and days[0] == 0, "boxes 0-10, as guide.js validates"
    assert days == sorted(days) and len(set(days)) == len(days)
    assert set(practice_rules.SCHEDULE["step"]) == {"hard", "good", "easy"}


def test_review_queue_puts_due_cards_first_then_new_ones():
    now = 1_700_000_000_000
    cards = ["a", "b", "c", "d", "e", "f", "g"]
    entries = {
        "b": {"box": 2, "due": now - 5},
        "d": {"box": 1, "due": now - 500},
        "e": {"box": 3, "due": now + DAY},
        "g": {"box": 0, "due": now},
    }
    out = run_js(
        "(core, i) => core.reviewQueue(i.cards, i.entries, i.now, i.limit)",
        {"cards": cards, "entries": entries, "now": now, "limit": 2},
    )
    assert out == ["d", "b", "g", "a", "c"]  # due by date, then two new ones in deck order; e waits


# --------------------------------------------------------------------------- build-time data


def test_sections_split_on_level_two_headings_outside_code():
    body = (
        "## What the interviewer listens for\n\nA.\n\n```python\n## not a heading\n```\n\n"
        "## Answer\n\nB.\n\n### Part\n\n## Follow-ups\n\n- **Q?** A.\n"
    )
    s = practice.sections(body)
    assert list(s) == ["What the interviewer listens for", "Answer", "Follow-ups"]
    assert "## not a heading" in s["What the interviewer listens for"]
    assert s["Follow-ups"] == "- **Q?** A."


@pytest.fixture
def mini_practice():
    guide = load_guide(ROOT / "tests" / "fixtures" / "mini")
    return practice.Practice(guide, site_url="https://guide.example/")


def test_question_records_carry_the_interviewer_sections_as_html(mini_practice):
    data = mini_practice.data()
    q = data["questions"]["first-question"]
    assert q["prompt"] == "<p>How does the first thing work?</p>"
    assert "Both steps, named." in q["listens"] and 'href="q/second-question/"' in q["listens"]
    assert "<strong>Why two?</strong>" in q["followups"]
    assert q["url"] == "q/first-question/"
    assert {d["id"] for d in data["decks"]} == {"all", "alpha"}
    # the draw's inputs: each question's expected minutes and the rounds' shortest slots
    from macros.data.practice_rules import expected_minutes

    assert data["pace"] == practice_rules.PACE
    assert all(
        rec["minutes"] == expected_minutes(mini_practice.g.questions[qid]) for qid, rec in data["questions"].items()
    )


def test_topic_decks_are_by_home_topic_and_count_the_tagged_ones(mini_practice):
    """A question is in the deck of its home topic only; `tagged` is what the question bank's
    topic filter counts (home topic or tag), which the flashcards page explains."""
    g = mini_practice.g
    q = g.questions["second-question"]
    g.questions[q.id] = q.model_copy(update={"topic": "beta", "tags": ["alpha"]})
    decks = {d["id"]: d for d in mini_practice.decks()}
    assert decks["alpha"]["cards"] == ["first-question"] and decks["alpha"]["tagged"] == 2
    assert decks["beta"]["cards"] == ["second-question"] and decks["beta"]["tagged"] == 1
    assert "tagged" not in decks["all"]
    assert "one per home topic" in PracticePages(mini_practice.g).decks_table("practice/flashcards/")


def test_markup_in_records_is_escaped(mini_practice):
    q = mini_practice.g.questions["first-question"]
    g = mini_practice.g
    g.questions["first-question"] = q.model_copy(update={"prompt": "Is 1 < 2 & `<b>` safe?"})
    rec = mini_practice.record(g.questions["first-question"])
    assert rec["prompt"] == "<p>Is 1 &lt; 2 &amp; <code>&lt;b&gt;</code> safe?</p>"


def test_links_point_into_the_site(mini_practice):
    q = mini_practice.g.questions["first-question"]
    text = "See [two](q:second-question), [here](#answer), [page](beta.md) and [web](https://x.example/a)."
    assert mini_practice.site_links(text, q) == (
        "See [two](q/second-question/), [here](topics/alpha/#answer), [page](topics/beta/) "
        "and [web](https://x.example/a)."
    )
    assert mini_practice.site_links(text, q, absolute=True) == (
        "See [two](https://guide.example/q/second-question/), "
        "[here](https://guide.example/topics/alpha/#answer), [page](https://guide.example/topics/beta/) "
        "and [web](https://x.example/a)."
    )


@pytest.mark.parametrize("site_url", ["https://guide.example/", "https://h.example/a&b/", ""])
def test_deck_fields_are_the_record_html_with_absolute_links(site_url):
    """The decks reuse each record's HTML and only make its links absolute: the result must
    be what converting the Markdown with absolute links gives."""
    guide = load_guide(ROOT / "tests" / "fixtures" / "mini")
    p = practice.Practice(guide, site_url=site_url)
    q = guide.questions["first-question"]
    prompt = (
        "See [two](q:second-question), [here](#answer), [page](beta.md), [root](/x/), "
        '[web](https://x.example/a?b=1&c=2) and `href="y"` in code.'
    )
    guide.questions[q.id] = q.model_copy(update={"prompt": prompt, "short_answer": "Also [two](q:second-question)."})
    q = guide.questions[q.id]
    rec = p.record(q)
    for field, text in (("prompt", q.prompt), ("short", q.short_answer)):
        expected = p.html(p.site_links(practice.escape_html(text), q, absolute=True))
        assert p.absolute_html(rec[field]) == expected
    assert f'href="{site_url.replace("&", "&amp;")}q/second-question/"' in p.absolute_html(rec["prompt"])


def notes(apkg: Path) -> list[tuple]:
    with zipfile.ZipFile(apkg) as z:
        assert set(z.namelist()) == {"collection.anki2", "media"}
        db = apkg.parent / (apkg.name + ".sqlite")
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT id, guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        cards = con.execute("SELECT id, nid, did FROM cards ORDER BY id").fetchall()
        decks = json.loads(con.execute("SELECT decks FROM col").fetchone()[0])
    finally:
        con.close()
    return rows, cards, decks


def test_apkg_has_one_note_per_question_with_stable_ids(mini_practice, tmp_path):
    import genanki

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    mini_practice.write(a, timestamp=1_700_000_000)
    mini_practice.write(b, timestamp=1_800_000_000)  # a later build
    rows_a, cards_a, decks_a = notes(a / "assets/decks/all.apkg")
    rows_b, cards_b, decks_b = notes(b / "assets/decks/all.apkg")
    qids = sorted(mini_practice.g.questions)
    assert len(rows_a) == len(qids) and len(cards_a) == len(qids)
    assert sorted(r[1] for r in rows_a) == sorted(genanki.guid_for(practice.GUID_NAMESPACE, q) for q in qids)
    assert {r[2] for r in rows_a} == {practice.MODEL_ID}
    assert [r[:3] for r in rows_a] == [r[:3] for r in rows_b]  # note ids, guids, model id
    assert cards_a == cards_b  # card ids and decks
    assert {int(k) for k in decks_a} - {1} == {practice.deck_id("all")}
    assert decks_a.keys() == decks_b.keys()
    by_id = {r[3].split("\x1f")[4]: r for r in rows_a}
    assert by_id["first-question"][0] == practice.note_id("first-question")
    front, back, link, topic, qid = by_id["first-question"][3].split("\x1f")
    assert front == "<p>How does the first thing work?</p>" and "two steps" in back
    assert link == "https://guide.example/q/first-question/" and qid == "first-question"
    # a topic deck holds that topic's questions only
    rows_t, _, decks_t = notes(a / "assets/decks/alpha.apkg")
    assert len(rows_t) == len(qids) and str(practice.deck_id("alpha")) in decks_t


def test_csv_has_one_row_per_card(mini_practice, tmp_path):
    mini_practice.write(tmp_path, timestamp=1_700_000_000)
    with (tmp_path / "assets/decks/all.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == mini_practice.data()["decks"][0]["cards"]
    first = next(r for r in rows if r["id"] == "first-question")
    assert first["front"] == "How does the first thing work?"
    assert first["link"] == "https://guide.example/q/first-question/"


def test_ids_are_fixed_integers():
    assert practice.deck_id("all") == practice.deck_id("all") != practice.deck_id("gpu-cuda")
    assert (1 << 30) <= practice.deck_id("gpu-cuda") < (1 << 31)
    n = practice.note_id("some-question")
    assert n % 2 == 0 and practice.NOTE_ID_BASE <= n < 2**53


def test_decks_stay_the_same_across_two_real_builds(mini, tmp_path):
    outs = []
    for name in ("one", "two"):
        result = mkdocs_build(mini, tmp_path / name)
        assert result.returncode == 0, result.stderr
        outs.append(tmp_path / name)
    first, second = (notes(o / "assets/decks/all.apkg") for o in outs)
    assert [r[:3] for r in first[0]] == [r[:3] for r in second[0]]
    assert first[1] == second[1]
    data = json.loads((outs[0] / "assets/practice.json").read_text())
    assert set(data["questions"]) == {"first-question", "second-question"}
