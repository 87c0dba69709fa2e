"""scripts/doubled.py: the copy of the project at twice the content that `scripts/bench.py
--only doubled` measures. The copy must load (and so build) like the real project: every
question twice, ids unique across the site, each copy listed next to its original. No
timings here: the benchmark's figures are printed and recorded, never asserted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# The engine's loader (macros.load.load_guide; macros.data.load.load_guide since the package's
# re-cut), as scripts/doubled.py imports it.
from scripts.doubled import SUFFIX, copy_id, double_project, load_guide, with_copied_calls
from tests.fixture_project import edit

ROOT = Path(__file__).resolve().parents[2]
COPY = ["data", "docs", "docs_src", "macros", "overrides", "mkdocs.yml"]  # as scripts/bench.py copies


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    """A doubled copy of this repository's project (data, docs, engine), made once for the module."""
    dest = tmp_path_factory.mktemp("doubled") / "project"
    dest.mkdir()
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(src, dest / name)
    done = double_project(dest)
    return dest, done


def test_the_copy_loads_with_twice_the_questions(doubled):
    dest, done = doubled
    original = load_guide(ROOT)
    g = load_guide(dest)  # raises on any problem, an id used twice included
    assert len(g.questions) == 2 * len(original.questions)
    assert set(g.questions) == set(original.questions) | {copy_id(q) for q in original.questions}
    assert done["questions"] == sorted(original.questions)
    assert len(done["copies"]) == len(set(done["copies"])) == len(original.questions)


def test_ids_are_unique_across_the_site(doubled):
    dest, _ = doubled
    stems = [p.stem for p in (dest / "data" / "questions").glob("*/*.md")]
    assert len(stems) == len(set(stems))
    g = load_guide(dest)
    others = set(g.topics) | set(g.checklists) | set(g.tracks) | set(g.companies) | set(g.diagrams)
    assert not {q for q in g.questions if q.endswith(SUFFIX)} & others


def test_each_copy_is_its_original_under_a_new_id(doubled):
    dest, _ = doubled
    g = load_guide(dest)
    fields = set(type(next(iter(g.questions.values()))).model_fields) - {"id", "source", "moved_from"}
    for qid, q in g.questions.items():
        if qid.endswith(SUFFIX):
            continue
        twin = g.questions[copy_id(qid)]
        assert {f: getattr(twin, f) for f in fields} == {f: getattr(q, f) for f in fields}, qid
        assert twin.source == q.source.replace(f"/{qid}.md", f"/{copy_id(qid)}.md")
        assert twin.moved_from == []  # an old address forwards to one page only


def test_moved_from_stays_with_the_originals(doubled):
    dest, _ = doubled
    original = load_guide(ROOT)
    g = load_guide(dest)
    assert [(q.id, q.moved_from) for q in g.questions.values() if q.moved_from] == [
        (q.id, q.moved_from) for q in original.questions.values() if q.moved_from
    ]


def test_every_copy_is_listed_on_its_home_page(doubled):
    """A question's home lists it by a question() call, a q: link or a questions() call; the
    copy then has its call next to the original's, a row at the end, or the same questions()."""
    dest, done = doubled
    g = load_guide(dest)
    for qid in done["questions"]:
        home = (dest / "docs" / g.questions[qid].home).read_text(encoding="utf-8")
        call, copy_call = f"{{{{ question('{qid}') }}}}", f"{{{{ question('{copy_id(qid)}') }}}}"
        if call in home:
            assert f"{call}\n\n{copy_call}" in home, qid
        elif f"](q:{qid})" in home:
            assert copy_call in home, qid
        else:
            assert "{{ questions(" in home, qid


def test_question_calls_are_duplicated_everywhere_they_list(doubled):
    dest, done = doubled
    before = sum(
        (ROOT / "docs" / p.relative_to(dest / "docs")).read_text(encoding="utf-8").count("{{ question('")
        for p in (dest / "docs").rglob("*.md")
    )
    after = sum(p.read_text(encoding="utf-8").count("{{ question('") for p in (dest / "docs").rglob("*.md"))
    assert after - before == done["calls"] + len(done["appended"])


def test_the_mini_project_doubles(mini):
    done = double_project(mini)
    g = load_guide(mini)
    assert set(g.questions) == {"first-question", "second-question", "first-question-copy", "second-question-copy"}
    # q: links inside a copy keep pointing at the originals; checklists and tracks name the originals.
    assert "](q:second-question)" in g.questions["first-question-copy"].body
    # beta.md lists the second by a call (the copy's follows); alpha.md the first by questions(topic=...).
    assert done["calls"] == 1 and done["appended"] == []
    assert (
        "{{ question('second-question') }}\n\n{{ question('second-question-copy') }}"
        in (mini / "docs/topics/beta.md").read_text()
    )


def test_a_moved_from_entry_is_not_copied(mini):
    edit(
        mini / "data/questions/alpha/first-question.md", "topic: alpha\n", "topic: alpha\nmoved_from: [old/first.md]\n"
    )
    double_project(mini)
    g = load_guide(mini)
    assert g.questions["first-question"].moved_from == ["old/first.md"]
    assert g.questions["first-question-copy"].moved_from == []


def test_a_page_listing_by_link_gets_the_copy_at_its_end(mini):
    edit(
        mini / "docs/topics/alpha.md",
        "{{ questions(topic='alpha') }}",
        "See [the first](q:first-question) and [the second](q:second-question).",
    )
    done = double_project(mini)
    assert done["appended"] == ["first-question-copy"]  # the second's home is beta.md, which calls it
    text = (mini / "docs/topics/alpha.md").read_text()
    assert text.rstrip().endswith("{{ question('first-question-copy') }}")


def test_calls_in_code_and_inside_lines_are_left_alone():
    page = (
        "{{ question('a') }}\n\n```md\n{{ question('a') }}\n```\n\n{% raw %}\n{{ question('a') }}\n{% endraw %}\n"
        "Write `{{ question('a') }}` under a heading.\n  {{ question(\"b\") }}\n{{ question('other') }}\n"
    )
    out, n = with_copied_calls(page, {"a", "b"})
    assert n == 2
    assert out == (
        "{{ question('a') }}\n\n{{ question('a-copy') }}\n\n```md\n{{ question('a') }}\n```\n\n"
        "{% raw %}\n{{ question('a') }}\n{% endraw %}\n"
        "Write `{{ question('a') }}` under a heading.\n  {{ question(\"b\") }}\n\n"
        "  {{ question('b-copy') }}\n{{ question('other') }}\n"
    )


def test_refuses_the_repository_and_a_second_doubling(mini, tmp_path):
    with pytest.raises(SystemExit, match="has a .git"):
        double_project(ROOT)
    double_project(mini)
    with pytest.raises(SystemExit, match="already exist"):
        double_project(mini)


def test_record_replaces_only_the_blocks_measured(tmp_path):
    from scripts.bench import BLOCKS, block_marks, record

    doc = tmp_path / "BENCHMARKS.md"
    doc.write_text(
        "# B\n\n"
        + "\n\n".join(f"{s}\nold {name}\n{e}" for name in BLOCKS for s, e in [block_marks(name)])
        + "\n\ntail\n"
    )
    record({"doubled": "new 2x", "serve": "new serve"}, doc)
    text = doc.read_text()
    assert "<!-- bench:doubled -->\nnew 2x\n<!-- /bench:doubled -->" in text
    assert "<!-- bench:serve -->\nnew serve\n<!-- /bench:serve -->" in text
    assert "old build" in text and "old served" in text and "old lighthouse" in text
    assert "old doubled" not in text and text.endswith("tail\n")
    doc.write_text("no blocks\n")
    with pytest.raises(SystemExit, match="no <!-- bench:build -->"):
        record({"build": "x"}, doc)


def test_benchmarks_md_has_every_block():
    from scripts.bench import BLOCKS, block_marks

    text = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    for name in BLOCKS:
        start, end = block_marks(name)
        assert text.count(start) == 1 and text.count(end) == 1 and text.index(start) < text.index(end), name
