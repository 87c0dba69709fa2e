"""Reading time, last-updated dates and edit links (macros/page_facts.py), alone and in builds
of the small fixture project: with and without git history, with and without a repository URL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from macros.pages.page_facts import (
    GitDates,
    count_words,
    edit_url,
    facts_line,
    format_date,
    insert_after_title,
    parse_log,
    plugin_date,
    reading_minutes,
    set_page_date,
)
from tests.conftest import mkdocs_build
from tests.fixture_project import edit

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


# ---------------------------------------------------------------------------- reading time


def test_words_are_what_a_reader_reads():
    md = (
        'An [all-reduce](../topics/x.md#y "title") sums 3.5 GB; don\'t panic.\n'
        '{: .note data-x="1" }\n<span class="q-badge">Hard</span>'
    )
    # An, all-reduce, sums, 3.5, GB, don't, panic, Hard: link targets, attributes and tags are not words
    assert count_words(md) == 8


def test_code_counts_but_drawings_and_scripts_do_not():
    html = (
        "<p>Two words</p><pre><code>x = f(y)</code></pre>"
        '<pre class="diagram-art">+--box one--+</pre><script>var a = 1;</script><svg><text>hi</text></svg>'
    )
    assert count_words(html) == 2 + 3  # "Two words" + x, f, y


def test_entities_are_decoded_before_counting():
    assert count_words("<p>R&amp;D &mdash; fast&nbsp;path</p>") == 4  # R, D, fast, path


@pytest.mark.parametrize("words,minutes", [(0, 1), (1, 1), (230, 1), (344, 1), (345, 2), (460, 2), (2300, 10)])
def test_reading_minutes_round_half_up_and_never_below_one(words, minutes):
    assert reading_minutes(words) == minutes


# ---------------------------------------------------------------------------- dates


def test_dates_read_as_the_site_writes_them():
    assert format_date(date(2026, 12, 3)) == "December 3, 2026"
    assert format_date(date(2027, 1, 31)) == "January 31, 2027"


def test_parse_log_keeps_each_files_newest_commit():
    log = (
        "\0" + "1764720000\n\ndata/a.md\ndocs/b.md\n"  # 2025-12-03, newest first
        "\0" + "1733184000\n\ndata/a.md\ndata/c.md\n"  # 2024-12-03
        "\0" + "garbage\n\ndata/d.md\n"
    )
    dates = parse_log(log)
    assert dates == {"data/a.md": date(2025, 12, 3), "docs/b.md": date(2025, 12, 3), "data/c.md": date(2024, 12, 3)}


def test_plugin_dates_count_only_when_they_come_from_a_commit():
    meta = {"git_revision_date_localized_hash": "abc123", "git_revision_date_localized_raw_iso_date": "2026-11-23"}
    assert plugin_date(meta) == date(2026, 11, 23)
    # The plugin's fallback (no repository, no git, a file never committed) is the build date, hash-less.
    assert plugin_date({**meta, "git_revision_date_localized_hash": ""}) is None
    assert plugin_date({}) is None
    assert plugin_date({**meta, "git_revision_date_localized_raw_iso_date": "soon"}) is None


def test_a_question_page_date_replaces_the_plugins_build_date():
    meta = {
        "title": "T",
        "git_revision_date_localized": "<span>today</span>",
        "git_revision_date_localized_raw_iso_date": "2099-01-01",
        "git_revision_date_localized_hash": "",
    }
    set_page_date(meta, date(2026, 5, 4))
    assert meta == {
        "title": "T",
        "git_revision_date_localized": "May 4, 2026",
        "git_revision_date_localized_raw_date": "May 4, 2026",
        "git_revision_date_localized_raw_iso_date": "2026-05-04",
    }
    set_page_date(meta, None)
    assert meta == {"title": "T"}


def test_the_facts_line_and_where_it_goes():
    line = facts_line(6, date(2026, 12, 3))
    assert line == (
        '<p class="page-facts" data-search-exclude><span class="page-facts__read">6 min read</span> · '
        '<span class="page-facts__updated">Updated <time datetime="2026-12-03">December 3, 2026</time>'
        "</span></p>"
    )
    assert facts_line(None, None) == ""
    assert "min read" not in facts_line(None, date(2026, 1, 1))
    assert insert_after_title('<h1 id="t">T</h1>\n<p>x</p>', "<p>F</p>") == '<h1 id="t">T</h1>\n<p>F</p>\n<p>x</p>'
    assert insert_after_title("<p>x</p>", "<p>F</p>") == "<p>F</p>\n<p>x</p>"  # the theme writes the h1
    assert insert_after_title("<p>x</p>", "") == "<p>x</p>"


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    (path / "a.md").write_text("one\n")
    (path / "b.md").write_text("one\n")
    git(path, "add", ".")
    git(path, "commit", "-qm", "first", when="2026-03-04T10:00:00Z")
    (path / "a.md").write_text("two\n")
    git(path, "commit", "-qam", "second", when="2026-11-20T23:30:00Z")
    return path


@needs_git
def test_git_dates_read_the_last_commit_of_each_file(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "new.md").write_text("never committed\n")
    dates = GitDates(repo)
    assert dates.ok
    assert dates.date_of("a.md") == date(2026, 11, 20) and dates.date_of("b.md") == date(2026, 3, 4)
    assert dates.date_of("new.md") is None


@needs_git
def test_git_dates_are_relative_to_a_folder_inside_the_repository(tmp_path):
    repo = make_repo(tmp_path / "repo")
    (repo / "sub").mkdir()
    (repo / "sub" / "c.md").write_text("c\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "third", when="2026-12-01T08:00:00Z")
    assert GitDates(repo / "sub").date_of("c.md") == date(2026, 12, 1)


@needs_git
def test_a_shallow_clone_has_no_dates_rather_than_wrong_ones(tmp_path):
    repo = make_repo(tmp_path / "repo")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / "shallow")], check=True)
    dates = GitDates(tmp_path / "shallow")
    assert not dates.ok and dates.dates() == {}


def test_no_repository_or_no_git_means_no_dates_and_no_error(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text("x\n")
    assert GitDates(tmp_path).date_of("a.md") is None  # a tarball: not a repository
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))  # no git program at all
    dates = GitDates(tmp_path)
    assert not dates.ok and dates.date_of("a.md") is None


# ---------------------------------------------------------------------------- edit links


GH = "https://github.com/example/guide"


@pytest.mark.parametrize(
    "repo_url,edit_uri,path,expected",
    [
        (GH, "edit/main/docs/", "topics/alpha.md", f"{GH}/edit/main/docs/topics/alpha.md"),
        (GH + "/", "edit/main/docs/", "topics/alpha.md", f"{GH}/edit/main/docs/topics/alpha.md"),
        # a question page: its data file, outside docs/
        (
            GH,
            "edit/main/docs/",
            "../data/questions/alpha/first-question.md",
            f"{GH}/edit/main/data/questions/alpha/first-question.md",
        ),
        (
            "https://dev.example.com/org/repo",
            "?path=/docs/",
            "../data/q/x.md",
            "https://dev.example.com/org/repo?path=/data/q/x.md",
        ),
        (None, "edit/main/docs/", "topics/alpha.md", None),  # no repository: no edit link
        (GH, None, "topics/alpha.md", None),
        (GH, "", "topics/alpha.md", None),
    ],
)
def test_edit_url(repo_url, edit_uri, path, expected):
    assert edit_url(repo_url, edit_uri, None, path) == expected


def test_edit_url_from_a_template():
    class Template:  # what MkDocs hands over for edit_uri_template
        def format(self, path, path_noext):
            return f"src/main/docs/{path_noext}.md?mode=edit"

    assert (
        edit_url(GH, None, Template(), "../data/questions/a/b.md") == f"{GH}/src/main/data/questions/a/b.md?mode=edit"
    )


# ---------------------------------------------------------------------------- whole builds


EDIT_LINK = re.compile(r'<a href="([^"]+)" title="Edit this page"[^>]*rel="edit"')


ROOT = Path(__file__).resolve().parents[2]


def with_overrides(mini: Path) -> None:
    """The site's own theme overrides (the fixture has none)."""
    shutil.copytree(ROOT / "overrides", mini / "overrides", dirs_exist_ok=True)
    edit(mini / "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")


def with_repository_settings(mini: Path) -> None:
    with_overrides(mini)
    cfg = mini / "mkdocs.yml"
    edit(cfg, "repo_url: null\n", "repo_url: !ENV [REPO_URL, null]\nedit_uri: !ENV [EDIT_URI, null]\n")
    edit(cfg, "    - content.tooltips\n", "    - content.tooltips\n    - content.action.edit\n")


def test_edit_links_point_at_the_page_or_the_question_data_file(mini, tmp_path, monkeypatch):
    with_repository_settings(mini)
    monkeypatch.setenv("REPO_URL", GH)
    monkeypatch.setenv("EDIT_URI", "edit/main/docs/")
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    q = (tmp_path / "out/q/first-question/index.html").read_text()
    alpha = (tmp_path / "out/topics/alpha/index.html").read_text()
    assert EDIT_LINK.findall(q) == [f"{GH}/edit/main/data/questions/alpha/first-question.md"]
    assert EDIT_LINK.findall(alpha) == [f"{GH}/edit/main/docs/topics/alpha.md"]
    # The repository link in the header never asks the host's API for stars (a third-party request).
    assert 'class="md-source"' in alpha and 'data-md-component="source"' not in alpha


@pytest.mark.parametrize("env", [{}, {"EDIT_URI": "edit/main/docs/"}])
def test_no_repository_url_means_no_edit_link_and_a_clean_strict_build(mini, tmp_path, monkeypatch, env):
    with_repository_settings(mini)
    monkeypatch.delenv("REPO_URL", raising=False)
    monkeypatch.delenv("EDIT_URI", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    for page in (tmp_path / "out").rglob("*.html"):
        assert 'rel="edit"' not in page.read_text(), page


def with_date_plugin(mini: Path) -> None:
    with_overrides(mini)
    edit(
        mini / "mkdocs.yml",
        "  - macros:\n",
        "  - git-revision-date-localized:\n      fallback_to_build_date: true\n"
        "      strict: false\n      exclude: [q/*]\n  - macros:\n",
    )


def test_without_history_the_build_passes_and_shows_no_dates(mini, tmp_path):
    with_date_plugin(mini)  # the copy is no repository: a tarball
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    alpha = (tmp_path / "out/topics/alpha/index.html").read_text()
    q = (tmp_path / "out/q/first-question/index.html").read_text()
    assert re.search(
        r'<p class="page-facts" data-search-exclude><span class="page-facts__read">\d+ min read</span></p>', alpha
    )
    assert "page-facts__read" in q
    assert "Updated" not in alpha and "Updated" not in q  # never the build date as if it were one


@needs_git
def test_with_history_pages_show_their_commit_dates(mini, tmp_path):
    with_date_plugin(mini)
    git(mini, "init", "-q")
    git(mini, "add", ".")
    git(mini, "commit", "-qm", "all", when="2026-02-10T12:00:00Z")
    question = mini / "data/questions/alpha/first-question.md"
    question.write_text(question.read_text() + "\nOne more line.\n")
    git(mini, "commit", "-qam", "edit a question", when="2026-11-23T09:00:00Z")
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    alpha = (tmp_path / "out/topics/alpha/index.html").read_text()
    first = (tmp_path / "out/q/first-question/index.html").read_text()
    second = (tmp_path / "out/q/second-question/index.html").read_text()
    assert '<time datetime="2026-02-10">February 10, 2026</time>' in alpha  # the plugin's date of the page
    assert '<time datetime="2026-11-23">November 23, 2026</time>' in first  # its data file's last commit
    assert '<time datetime="2026-02-10">' in second
    assert "md-source-file" not in alpha  # Material's date at the foot: the facts line says it


def test_without_a_git_program_the_build_passes_and_shows_no_dates(mini, tmp_path, monkeypatch):
    """The Docker image's case (Dockerfile sets GIT_PYTHON_REFRESH=quiet, as mkdocs.yml says)."""
    with_date_plugin(mini)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    monkeypatch.setenv("GIT_PYTHON_REFRESH", "quiet")
    result = mkdocs_build(mini, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Updated" not in (tmp_path / "out/topics/alpha/index.html").read_text()
    assert "page-facts__read" in (tmp_path / "out/q/first-question/index.html").read_text()
