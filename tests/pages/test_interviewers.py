"""The interviewer's guide and story worksheet data (macros/pages/interviewers.py): the real files load
and agree with the mock loop's rubric, bad data stops with one line naming the file, record and
field, and the sheets render the same areas on the same scale."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import yaml

from macros.data.errors import GuideError
from macros.data.load import load_guide
from macros.data.practice_rules import RUBRIC, SCALE
from macros.pages import interviewers as iv
from macros.pages.render import Renderer, rel_link

ROOT = Path(__file__).resolve().parents[2]
FILES = [iv.AREAS, iv.CALIBRATION, iv.CODING, iv.DEBRIEF, iv.STORIES]


@pytest.fixture(scope="module")
def guide():
    return load_guide(ROOT)


@pytest.fixture(scope="module")
def data(guide):
    return iv.load_interviewing(guide)


@pytest.fixture
def sheets(guide, data):
    return iv.Interviewers(guide, Renderer(guide), data)


@pytest.fixture
def copy(guide, tmp_path):
    """A root holding copies of this module's files, and a function that edits one of them
    (as parsed YAML) and loads the copies against the real questions."""
    for rel in FILES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    fake = dataclasses.replace(guide, root=tmp_path)

    def load(rel: str | None = None, change=None, text: str | None = None):
        if rel is not None:
            path = tmp_path / rel
            if text is not None:
                path.write_text(text)
            else:
                doc = yaml.safe_load(path.read_text())
                change(doc)
                path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
        return iv.load_interviewing(fake)

    return load


def one_line_error(load, *args, **kwargs) -> str:
    with pytest.raises(GuideError) as e:
        load(*args, **kwargs)
    message = str(e.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------------- the real data


def test_every_file_loads(data):
    assert data.areas and data.calibration and data.coding and data.debrief and data.stories


def test_the_scale_is_the_mock_loops(data):
    assert [p.label for p in data.areas.scale] == SCALE


def test_the_coding_rubric_is_the_mock_loops(data):
    assert [d.name for d in data.coding.dimensions] == RUBRIC["coding"]
    assert all(len(d.anchors) == len(SCALE) for d in data.coding.dimensions)


def test_areas_cover_a_2026_loop(data, guide):
    ids = [a.id for a in data.areas.areas]
    assert "ml-systems" in ids and len(ids) >= 6
    for a in data.areas.areas:
        assert 3 <= len(a.ladder) <= 4 and a.ladder[0].level == "basic" and a.ladder[-1].level == "staff"
        assert len(a.anchors) == 4
        for level in ("mid", "senior", "staff"):
            assert getattr(a.levels, level).answer
        assert a.question in guide.questions


def test_calibrations_span_every_round_group(data, guide):
    cals = data.calibration.calibrations
    assert len(cals) >= 10
    assert {c.group for c in cals} == set(iv.GROUPS)
    for c in cals:
        kind = guide.questions[c.question].kind
        for grade in ("weak", "acceptable", "strong"):
            ans = getattr(c, grade)
            assert len(ans.scores) == len(RUBRIC[kind]), (c.question, grade)
        assert c.weak.score < c.acceptable.score < c.strong.score


def test_story_worksheet_is_a_staff_example_with_the_four_story_types(data):
    types = {s.type for s in data.stories.stories}
    assert {"Outage", "Migration", "Design disagreement", "Cost cut"} <= types
    known = {c.id for c in data.stories.competencies}
    assert {"lead-without-authority", "direction", "saying-no", "growing-people"} <= known


# ---------------------------------------------------------------------- bad data: one line each


def test_unknown_question_names_file_record_and_field(copy):
    def change(doc):
        doc["areas"][0]["samples"][0] = "no-such-question"

    msg = one_line_error(copy, iv.AREAS, change)
    assert msg.startswith(
        "data/interviewers/areas.yml: area 'system-design': field 'samples': unknown question 'no-such-question'"
    )


def test_q_link_in_text_is_checked(copy):
    def change(doc):
        doc["areas"][1]["tests"] += " See [this](q:not-a-question)."

    msg = one_line_error(copy, iv.AREAS, change)
    assert "area 'ml-systems': field 'tests': unknown question 'not-a-question'" in msg


def test_scale_must_match_the_mock_loop(copy):
    def change(doc):
        doc["scale"][0]["label"] = "1 Poor"

    msg = one_line_error(copy, iv.AREAS, change)
    assert "field 'label': '1 Poor' does not match the mock loop's scale (allowed: 1 Weak" in msg


def test_ladder_must_rise_to_staff(copy):
    def change(doc):
        doc["areas"][0]["ladder"].reverse()

    assert "field 'ladder': rungs must rise one level at a time and end at staff" in one_line_error(
        copy, iv.AREAS, change
    )


def test_unknown_field_is_named(copy):
    def change(doc):
        doc["areas"][0]["colour"] = "blue"

    msg = one_line_error(copy, iv.AREAS, change)
    assert "field 'areas.0.colour': is not a known field" in msg


def test_calibration_needs_one_score_per_rubric_line(copy):
    def change(doc):
        doc["calibrations"][0]["weak"]["scores"] = [1, 1]

    msg = one_line_error(copy, iv.CALIBRATION, change)
    assert "calibration 'sd-llm-inference-service': field 'weak.scores': has 2 scores (allowed: 4" in msg


def test_calibration_round_score_stays_within_its_lines(copy):
    def change(doc):
        doc["calibrations"][0]["strong"]["scores"] = [3, 3, 3, 3]

    msg = one_line_error(copy, iv.CALIBRATION, change)
    assert "field 'strong.score': 4 is outside its rubric scores" in msg


def test_calibration_grades_are_ordered(copy):
    def change(doc):
        doc["calibrations"][0]["acceptable"]["score"] = 2
        doc["calibrations"][0]["acceptable"]["scores"] = [2, 2, 2, 2]

    assert "weak, acceptable and strong must score" in one_line_error(copy, iv.CALIBRATION, change)


def test_calibration_round_must_be_one_of_the_questions(copy):
    def change(doc):
        doc["calibrations"][0]["round"] = "coding"

    assert "field 'round': 'coding' is not one of the question's rounds" in one_line_error(copy, iv.CALIBRATION, change)


def test_score_out_of_range_is_one_line(copy):
    def change(doc):
        doc["calibrations"][0]["weak"]["score"] = 7

    msg = one_line_error(copy, iv.CALIBRATION, change)
    assert msg.startswith(
        "data/interviewers/calibration.yml: calibration 'calibration': field 'calibrations.0.weak.score'"
    )


def test_coding_rubric_names_must_match(copy):
    def change(doc):
        doc["dimensions"][0]["name"] = "Works"

    assert "differ from the mock loop's coding rubric" in one_line_error(copy, iv.CODING, change)


def test_stage_caps_never_fall(copy):
    def change(doc):
        doc["stages"][1]["cap"] = 1

    assert "field 'stages.cap'" in one_line_error(copy, iv.CODING, change)


def test_story_with_unknown_competency(copy):
    def change(doc):
        doc["stories"][0]["competencies"].append("juggling")

    msg = one_line_error(copy, iv.STORIES, change)
    assert (
        "data/story-worksheet.yml: story 'checkpoint-storm': field 'competencies': unknown competency 'juggling'" in msg
    )


def test_bad_yaml_is_one_line(copy):
    msg = one_line_error(copy, iv.DEBRIEF, text="title: [unclosed\n")
    assert msg.startswith("data/interviewers/debrief.yml: YAML is not valid YAML: line")


def test_active_html_is_refused(copy):
    def change(doc):
        doc["bias_checks"][0]["text"] += " <script>alert(1)</script>"

    assert "contains active HTML" in one_line_error(copy, iv.DEBRIEF, change)


def test_a_missing_file_only_fails_the_macro_that_needs_it(guide, tmp_path):
    fake = dataclasses.replace(guide, root=tmp_path)
    data = iv.load_interviewing(fake)
    assert data.areas is None
    with pytest.raises(
        GuideError, match=r"^docs/interviewers/debrief.md: debrief_sheet\(\): data/interviewers/areas.yml is missing"
    ):
        iv.Interviewers(fake, Renderer(guide), data).debrief_sheet("interviewers/debrief.md")


# ---------------------------------------------------------------------- rendering


def test_scoring_sheet_and_debrief_list_the_same_areas_on_the_same_scale(sheets, data):
    titles = [a.title for a in data.areas.areas]
    scoring = sheets.scoring_sheet("interviewers/scoring-sheet.md")
    debrief = sheets.debrief_sheet("interviewers/debrief.md")
    assert re.findall(r'data-area="([a-z0-9-]+)"', scoring) == [a.id for a in data.areas.areas]
    assert re.findall(r'<th scope="row">\d+\. ([^<]+)</th>', debrief) == titles
    for label in SCALE:
        assert label in scoring and label in debrief
    for c in data.debrief.bias_checks:
        assert f'data-check="{c.id}"' in debrief


def test_sheets_link_questions_relative_to_their_page(sheets, guide):
    scoring = sheets.scoring_sheet("interviewers/scoring-sheet.md")
    assert f"]({rel_link('interviewers/scoring-sheet.md', 'q/checkpoint-restart.md')})" in scoring
    assert "](q:" not in scoring


def test_calibrated_renders_every_entry_of_a_group(sheets, data):
    out = sheets.calibrated("ml-domain", "interviewers/calibrated-answers.md")
    ids = [c.question for c in data.calibration.calibrations if c.group == "ml-domain"]
    assert re.findall(r"\{: #cal-([a-z0-9-]+) ", out) == ids
    assert out.count('"Scores and why"') == len(ids)


def test_unknown_group_and_area_fail_with_allowed_values(sheets):
    with pytest.raises(GuideError, match=r"calibrated\('nope'\): unknown group \(allowed: system-design"):
        sheets.calibrated("nope", "interviewers/calibrated-answers.md")
    with pytest.raises(GuideError, match=r"interviewer_area\('nope'\): unknown area id \(allowed: system-design"):
        sheets.area_section("nope", "interviewers/areas-and-levels.md")


def test_area_section_has_ladder_and_level_table(sheets, data):
    a = data.areas.areas[1]
    out = sheets.area_section(a.id, "interviewers/areas-and-levels.md")
    assert f"{{: #area-{a.id} }}" in out and f"#area-{a.id}-ladder" in out and f"#area-{a.id}-levels" in out
    assert "| | Mid-level | Senior | Staff |" in out
    for _, label in iv.SIGNALS:
        assert f"| **{label}** |" in out


def test_story_worksheet_marks_gaps(sheets, data):
    out = sheets.story_worksheet("rounds/story-worksheet.md")
    covered = {c for s in data.stories.stories for c in s.competencies}
    gaps = [c for c in data.stories.competencies if c.id not in covered]
    assert out.count("**gap**") == len(gaps)
    blank = sheets.story_blank("rounds/story-worksheet.md")
    assert blank.count("<tr><td") == data.stories.blank_rows
