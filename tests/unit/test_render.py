"""Rendering helpers: relative links, heading shifts, compact blocks, macro argument errors."""
from __future__ import annotations

import pytest

from macros.errors import GuideError
from macros.load import load_guide
from macros.render import Renderer, rel_link, shift_headings


@pytest.mark.parametrize("src,dst,anchor,expected", [
    ("topics/a.md", "topics/b.md", "x", "b.md#x"),
    ("topics/a.md", "coding/c.md", "", "../coding/c.md"),
    ("index.md", "topics/a.md", "q", "topics/a.md#q"),
    ("topics/a.md", "topics/a.md", "q", "#q"),
    ("system-design/x.md", "the-loop.md", "hard-01", "../the-loop.md#hard-01"),
])
def test_rel_link(src, dst, anchor, expected):
    assert rel_link(src, dst, anchor) == expected


def test_shift_headings_skips_code_and_anchors_sections():
    body = "## Answer\n\ntext\n\n```bash\n## not a heading\n```\n\n### Detail\n"
    out = shift_headings(body, "qid")
    assert "### Answer {: #qid--answer }" in out
    assert "## not a heading" in out
    assert "#### Detail" in out


def test_question_full_on_home_compact_elsewhere(mini):
    r = Renderer(load_guide(mini))
    full = r.question("first-question", "topics/alpha.md")
    assert full.startswith("## First question {: #first-question")
    assert "### Answer {: #first-question--answer }" in full
    assert "](../topics/beta.md#second-question)" not in full  # same folder: short link
    assert "](beta.md#second-question)" in full
    compact = r.question("first-question", "topics/beta.md")
    assert "(alpha.md#first-question)" in compact and "## " not in compact
    assert r.full_on["first-question"] == ["topics/alpha.md"]


def test_check_homes_catches_double_and_missing(mini):
    r = Renderer(load_guide(mini))
    r.question("first-question", "topics/alpha.md")
    with pytest.raises(GuideError, match="second-question.*never shown in full"):
        r.check_homes()
    r.question("second-question", "topics/beta.md")
    r.question("second-question", "topics/beta.md")
    with pytest.raises(GuideError, match="shown in full 2 times"):
        r.check_homes()


@pytest.mark.parametrize("call", [
    lambda r: r.question(42, "x.md"),
    lambda r: r.checklist("nope", "x.md"),
    lambda r: r.track("nope", "x.md"),
    lambda r: r.plan("nope", "x.md"),
    lambda r: r.questions("x.md", topic="nope"),
    lambda r: r.questions("x.md", difficulty="brutal"),
    lambda r: r.questions("x.md", kind="coding", difficulty="hard"),  # matches nothing
])
def test_bad_macro_calls_raise_one_line(mini, call):
    r = Renderer(load_guide(mini))
    with pytest.raises(GuideError) as e:
        call(r)
    assert "\n" not in str(e.value) and str(e.value).startswith("docs/x.md: ")


def test_html_in_data_is_escaped_in_raw_html(mini):
    from tests.unit.conftest import edit

    edit(mini / "data/checklists/basics.yml", "title: Basics", "title: <script>alert(1)</script>")
    r = Renderer(load_guide(mini))
    out = r.checklist("basics", "topics/alpha.md")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_bank_records_urls(mini):
    r = Renderer(load_guide(mini))
    recs = {x["id"]: x for x in r.bank_records()}
    assert recs["first-question"]["url"] == "topics/alpha/#first-question"
    assert recs["first-question"]["loop"] == ["hard-01"]


def test_text_fields_show_html_as_text(mini):
    from tests.unit.conftest import edit

    edit(mini / "data/questions/alpha/second-question.md", "prompt: And the second thing?",
         "prompt: 'Is <b>bold</b> & `<i>` kept?'")
    r = Renderer(load_guide(mini))
    out = r.question("second-question", "topics/alpha.md")
    assert "Is &lt;b&gt;bold&lt;/b&gt; &amp; `<i>` kept?" in out


@pytest.mark.parametrize(("role", "expected"), [
    ("Team lead", "team lead"), ("ML engineer", "ML engineer"), ("CTO", "CTO"),
    ("Senior VP lead and a solution architect", "senior VP lead and a solution architect"),
])
def test_interviewer_roles_read_mid_sentence_with_their_acronyms(role, expected):
    from macros.render import in_sentence

    assert in_sentence(role) == expected


def test_checklist_words_are_a_label_and_study_links_say_where_they_go(mini):
    """The item's words are the box's label (a click on them ticks it, guide.js ties the two);
    the study link sits outside them and names its target for screen readers."""
    r = Renderer(load_guide(mini))
    out = r.checklist("basics", "topics/alpha.md")
    assert ('<span class="checklist-item" data-item="read-alpha"></span>'
            '<label class="checklist-label">Read the alpha topic</label> '
            '([study<span class="checklist-hidden">: First question</span>](#first-question))') in out
    # A page link is named by the page's title (front matter, else its '# ' heading).
    assert '([study<span class="checklist-hidden">: Beta</span>](beta.md))' in out


def test_study_link_titles_show_exactly_as_written():
    import markdown

    from macros.render import markdown_text

    title = 'C++ *not em* shard_map & <b>x</b> `code` [a](b) {: #id } "q" it\'s \\ #1'
    out = markdown.markdown(f"[study<span>: {markdown_text(title)}</span>](t.md)", extensions=["attr_list"])
    assert out == ('<p><a href="t.md">study<span>: C++ *not em* shard_map &amp; &lt;b&gt;x&lt;/b&gt; `code` '
                   '[a](b) {: #id } &quot;q&quot; it\'s \\ #1</span></a></p>')
