"""Whole builds of the small fixture project: macros, the Jinja rule, and how failures read."""

from __future__ import annotations

import re

from tests.conftest import mkdocs_build
from tests.fixture_project import edit


def build(project, tmp_path):
    return mkdocs_build(project, tmp_path / "out")


def error_lines(result) -> list[str]:
    text = result.stdout + result.stderr
    return [line for line in text.splitlines() if "ERROR" in line]


def failed_build(project, tmp_path) -> list[str]:
    """Build a project that must fail: no traceback as the clue; return its ERROR lines."""
    result = build(project, tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    return error_lines(result)


def test_fixture_builds_and_renders(mini, tmp_path):
    result = build(mini, tmp_path)
    assert result.returncode == 0, result.stderr
    alpha = (tmp_path / "out/topics/alpha/index.html").read_text()
    beta = (tmp_path / "out/topics/beta/index.html").read_text()
    first = (tmp_path / "out/q/first-question/index.html").read_text()
    # the entry in full on its own page; a row on its home page (with its id, for old
    # addresses) and elsewhere (without)
    assert 'id="first-question"' in first and 'id="first-question--answer"' in first
    assert 'id="first-question"' in alpha and 'id="first-question--answer"' not in alpha
    assert 'href="../../q/first-question/"' in alpha and 'href="../../q/first-question/"' in beta
    assert 'id="first-question"' not in beta
    # q: links resolved relative to the page they land on
    assert 'href="../second-question/"' in first
    # asked-in comes from loop.yml
    assert 'href="../../the-loop/#hard-01"' in first
    # checklist items carry stable ids
    assert 'data-item="read-alpha"' in alpha and 'data-checklist="basics"' in alpha


def test_jinja_in_code_survives(mini, tmp_path):
    result = build(mini, tmp_path)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "out/index.html").read_text()
    first = (tmp_path / "out/q/first-question/index.html").read_text()
    beta = (tmp_path / "out/topics/beta/index.html").read_text()
    assert "{{ not rendered }} stays" in home  # page without render_macros
    assert "{{ not_a_macro }} and {% raw %}" in first  # question bodies are never templated
    assert re.search(r"\{\{</span>.*hello.*\}\}", first)  # snippet files are never templated
    assert "{{ literal }}" in re.sub(r"<[^>]+>", "", beta)  # raw block on an opted-in page


def test_unknown_question_id_fails_with_one_line(mini, tmp_path):
    edit(mini / "docs/topics/beta.md", "question('second-question')", "question('no-such-question')")
    lines = failed_build(mini, tmp_path)
    assert any(
        "docs/topics/beta.md: question('no-such-question'): unknown question id 'no-such-question'" in l for l in lines
    ), lines


def test_bad_macro_argument_fails(mini, tmp_path):
    edit(mini / "docs/topics/alpha.md", "questions(topic='alpha')", "questions(topic='alpha', kind='essay')")
    lines = failed_build(mini, tmp_path)
    assert any("unknown kind 'essay' (allowed: behavioral, coding, knowledge, soft, system-design)" in l for l in lines)


def test_undefined_macro_fails(mini, tmp_path):
    edit(mini / "docs/topics/beta.md", "{{ question(", "{{ questoin(")
    lines = failed_build(mini, tmp_path)
    assert any("docs/topics/beta.md: 'questoin' is undefined" in l for l in lines)


def test_bad_record_stops_build_with_one_line(mini, tmp_path):
    edit(mini / "data/questions/alpha/first-question.md", "difficulty: medium", "difficulty: extreme")
    lines = failed_build(mini, tmp_path)
    assert lines[0].endswith(
        "data/questions/alpha/first-question.md: question 'first-question': field "
        "'difficulty': 'extreme' is not allowed (allowed: easy, medium, hard)"
    )


def test_missing_data_file_fails(mini, tmp_path):
    (mini / "data/round_types.yml").unlink()
    lines = failed_build(mini, tmp_path)
    assert any("data/round_types.yml: file is missing" in l for l in lines)


def test_question_its_home_page_does_not_list_fails(mini, tmp_path):
    edit(mini / "docs/topics/beta.md", "{{ question('second-question') }}", "")
    edit(mini / "docs/topics/beta.md", "{{ track('acme') }}", "")  # the track lists it too
    lines = failed_build(mini, tmp_path)
    assert any("question 'second-question': field 'page': docs/topics/beta.md does not list it" in l for l in lines), (
        lines
    )


def test_a_file_in_the_way_of_a_question_page_fails(mini, tmp_path):
    (mini / "docs/q").mkdir()
    (mini / "docs/q/first-question.md").write_text("# mine\n")
    lines = failed_build(mini, tmp_path)
    assert any("docs/q/first-question.md: a file is in the way of a question's page" in l for l in lines), lines


def test_missing_snippet_fails(mini, tmp_path):
    edit(mini / "data/questions/alpha/first-question.md", "solutions: [docs_src/alpha/hello.py]\n", "")
    edit(mini / "data/questions/alpha/first-question.md", "docs_src/alpha/hello.py", "docs_src/alpha/gone.py")
    result = build(mini, tmp_path)
    assert result.returncode != 0
    assert "gone.py" in result.stdout + result.stderr
