"""The loader: valid data loads; each kind of bad record gives exactly one clear line."""

from __future__ import annotations

import pytest

from macros.data.errors import GuideError
from macros.data.load import Problems, load_guide
from tests.fixture_project import edit

Q1 = "data/questions/alpha/first-question.md"


def error_of(root) -> str:
    with pytest.raises(GuideError) as e:
        load_guide(root)
    message = str(e.value)
    assert "\n" not in message
    return message


def test_fixture_loads(mini):
    g = load_guide(mini)
    assert set(g.questions) == {"first-question", "second-question"}
    assert g.questions["first-question"].home == "topics/alpha.md"
    assert g.questions["second-question"].home == "topics/beta.md"
    assert [r.id for r in g.asked_in("first-question")] == ["hard-01"]


def test_missing_field(mini):
    edit(mini / Q1, "difficulty: medium\n", "")
    assert error_of(mini) == f"{Q1}: question 'first-question': field 'difficulty': is missing (it is required)"


def test_bad_enum(mini):
    edit(mini / Q1, "difficulty: medium", "difficulty: extreme")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'difficulty': 'extreme' is not allowed (allowed: easy, medium, hard)"
    )


def test_bad_round(mini):
    edit(mini / Q1, "rounds: [ml-domain]", "rounds: [onsite]")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'rounds.0': 'onsite' is not allowed "
        "(allowed: technical-screen, system-design, coding, ml-domain, behavioral)"
    )


def test_bad_slug(mini):
    edit(mini / Q1, "topic: alpha", "topic: Alpha Topic")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'topic': 'Alpha Topic' is not a slug "
        "(allowed: lowercase letters, digits, single hyphens)"
    )


def test_unknown_field(mini):
    edit(mini / Q1, "kind: knowledge", "kind: knowledge\nlevel: 3")
    assert error_of(mini).startswith(
        f"{Q1}: question 'first-question': field 'level': is not a known field (allowed: id, title, prompt, kind,"
    )


def test_duplicate_id(mini):
    dup = mini / "data/questions/alpha/copy.md"
    dup.write_text((mini / Q1).read_text())
    # copy.md declares id first-question: the name check fires before the duplicate check
    assert "does not match the file name" in error_of(mini)
    other = mini / "data/questions/beta"
    other.mkdir()
    dup.rename(other / "first-question.md")
    edit(other / "first-question.md", "topic: alpha", "topic: beta")
    message = error_of(mini)
    assert message == (
        "data/questions/beta/first-question.md: question 'first-question': field 'id': "
        f"already used by {Q1} (allowed: ids unique across the site)"
    )


def test_dangling_topic(mini):
    edit(mini / Q1, "companies: [acme]", "companies: [acmee]")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'companies': unknown company 'acmee' (allowed: did you mean acme?)"
    )


def test_dangling_question_in_track(mini):
    edit(mini / "data/tracks/acme.yml", "second-question]", "third-question]")
    assert error_of(mini) == (
        "data/tracks/acme.yml: track 'acme': field 'questions': unknown question "
        "'third-question' (allowed: did you mean first-question, second-question?)"
    )


def test_dangling_question_link_in_body(mini):
    edit(mini / Q1, "(q:second-question)", "(q:nope)")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'body': unknown question link q: "
        "'nope' (allowed: an id in data/questions/)"
    )


def test_missing_solution_file(mini):
    edit(mini / Q1, "solutions: [docs_src/alpha/hello.py]", "solutions: [docs_src/alpha/gone.py]")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'solutions': 'docs_src/alpha/gone.py' "
        "is not a file under docs_src/ (allowed: an existing docs_src/... path)"
    )


def test_missing_section(mini):
    edit(mini / Q1, "## Pitfalls", "## Traps")
    assert error_of(mini).startswith(
        f"{Q1}: question 'first-question': field 'body': the section '## Pitfalls' is missing"
    )


def test_malformed_front_matter_yaml(mini):
    edit(mini / Q1, "title: First question", "title: [unclosed")
    assert error_of(mini).startswith(f"{Q1}: front matter is not valid YAML: line ")


def test_no_front_matter(mini):
    (mini / Q1).write_text("## Answer\n\nNo metadata.\n")
    assert error_of(mini) == (f"{Q1}: no front matter (start the file with '---', the YAML fields, then '---')")


def test_malformed_yaml_file(mini):
    (mini / "data/checklists/basics.yml").write_text("id: basics\nsections: [\n")
    assert error_of(mini).startswith("data/checklists/basics.yml: YAML is not valid YAML: line ")


def test_empty_and_non_utf8_files(mini):
    (mini / "data/checklists/basics.yml").write_text("")
    assert error_of(mini) == "data/checklists/basics.yml: file is empty (write the record or delete the file)"
    (mini / "data/checklists/basics.yml").write_bytes(b"id: basics\ntitle: \xff\xfe\n")
    assert error_of(mini) == (
        "data/checklists/basics.yml: not UTF-8 text (bad byte at offset 18; save the file as UTF-8)"
    )


def test_wrong_type(mini):
    edit(mini / Q1, "rounds: [ml-domain]", "rounds: ml-domain")
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'rounds': has the wrong type: str (allowed: a list)"
    )


def test_duplicate_checklist_item(mini):
    edit(mini / "data/checklists/basics.yml", "id: read-page", "id: read-alpha")
    assert error_of(mini) == (
        "data/checklists/basics.yml: checklist 'basics': field 'items.id': 'read-alpha' "
        "is used twice (allowed: unique item ids)"
    )


def test_checklist_link_to_missing_page(mini):
    edit(mini / "data/checklists/basics.yml", "link: topics/beta.md", "link: topics/gamma.md")
    assert error_of(mini) == (
        "data/checklists/basics.yml: checklist 'basics': field 'items.read-page.link': "
        "page 'topics/gamma.md' does not exist (allowed: a path under docs/, e.g. "
        "topics/gpu-cuda.md)"
    )


def test_loop_unknown_question(mini):
    edit(mini / "data/loop.yml", "[first-question]", "[first-questoin]")
    assert error_of(mini) == (
        "data/loop.yml: round 'hard-01': field 'questions': unknown question "
        "'first-questoin' (allowed: did you mean first-question, second-question?)"
    )


def test_huge_value(mini):
    edit(mini / Q1, "title: First question", "title: " + "x" * 200)
    assert error_of(mini) == (
        f"{Q1}: question 'first-question': field 'title': is 200 characters long (allowed: at most 80)"
    )


def test_huge_file(mini):
    (mini / Q1).write_text("---\n" + "# filler\n" * 40000)
    assert error_of(mini) == f"{Q1}: file is 351 KB (allowed: at most 256 KB)"


def test_collecting_lists_every_problem(mini):
    edit(mini / Q1, "difficulty: medium", "difficulty: extreme")
    edit(mini / "data/loop.yml", "[first-question]", "[nope]")
    problems = Problems(collect=True)
    load_guide(mini, problems=problems)
    assert len(problems.lines) >= 2
    assert any("'extreme'" in line for line in problems.lines)
    assert any("'nope'" in line for line in problems.lines)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "<iframe src=x></iframe>",
    ],
)
def test_active_html_in_a_body_is_refused(mini, snippet):
    edit(mini / Q1, "Both steps, named.", f"Both steps, named. {snippet}")
    assert error_of(mini).startswith(f"{Q1}: question 'first-question': field 'body': contains active HTML ")


def test_markup_in_code_is_allowed(mini):
    edit(
        mini / Q1,
        "Both steps, named.",
        "Both steps, named: `<script>` is fine in code.\n\n```html\n<script></script>\n```\n\n",
    )
    load_guide(mini)
