"""Rendering helpers: relative links, section anchors, question pages and rows, macro argument errors."""

from __future__ import annotations

import pytest

from macros.data.errors import GuideError
from macros.data.load import load_guide
from macros.pages.render import Renderer, rebase_links, rel_link, section_anchors


@pytest.mark.parametrize(
    "src,dst,anchor,expected",
    [
        ("topics/a.md", "topics/b.md", "x", "b.md#x"),
        ("topics/a.md", "coding/c.md", "", "../coding/c.md"),
        ("index.md", "topics/a.md", "q", "topics/a.md#q"),
        ("topics/a.md", "topics/a.md", "q", "#q"),
        ("system-design/x.md", "the-loop.md", "hard-01", "../the-loop.md#hard-01"),
    ],
)
def test_rel_link(src, dst, anchor, expected):
    assert rel_link(src, dst, anchor) == expected


def test_section_anchors_skip_code():
    body = "## Answer\n\ntext\n\n```bash\n## not a heading\n```\n\n### Detail\n"
    out = section_anchors(body, "qid")
    assert "## Answer {: #qid--answer }" in out
    assert "## not a heading\n" in out  # inside the fence: untouched
    assert "### Detail\n" in out or out.endswith("### Detail")


def test_question_page_holds_the_entry_and_rows_link_to_it(mini):
    r = Renderer(load_guide(mini))
    q = r.g.questions["first-question"]
    page = r.full(q, nxt=r.g.questions["second-question"])
    assert page.startswith("# First question {: #first-question .q-title")
    assert "## Answer {: #first-question--answer }" in page
    assert "](second-question.md)" in page  # a q: link, relative to q/first-question.md
    assert "{{ not_a_macro }}" in page  # bodies are never templates
    assert "[Next: Second question →](second-question.md)" in page
    row = r.question("first-question", "topics/beta.md")
    assert "(../q/first-question.md)" in row and "## " not in row
    assert "#first-question" not in row  # only its home page's row carries the id
    home = r.question("first-question", "topics/alpha.md")
    assert "{: #first-question .q-row" in home
    assert r.listed_on["first-question"] == ["topics/alpha.md"]


def test_body_links_are_rebased_from_the_home_page_to_the_question_page(mini):
    q = (
        load_guide(mini)
        .questions["first-question"]
        .model_copy(
            update={
                "body": (
                    "[b](beta.md) [s](#first-question--answer) [o](#other) [x](https://e.org/a.md) "
                    "[l](q:second-question)\n\n```\n[c](beta.md)\n```\n`[s](beta.md)`"
                )
            }
        )
    )
    out = rebase_links(q.body, q)
    assert "[b](../topics/beta.md)" in out and "[s](#first-question--answer)" in out
    assert "[o](../topics/alpha.md#other)" in out and "(https://e.org/a.md)" in out
    assert "(q:second-question)" in out
    assert "[c](beta.md)" in out and "`[s](beta.md)`" in out  # code is left alone


def test_check_homes_catches_a_question_its_home_page_does_not_list(mini):
    r = Renderer(load_guide(mini))
    r.question("first-question", "topics/alpha.md")
    with pytest.raises(GuideError, match="second-question.*does not list it"):
        r.check_homes()
    r.resolve_qlinks("[it](q:second-question)", "topics/beta.md")  # a link on its home page lists it
    r.check_homes()


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.question(42, "x.md"),
        lambda r: r.checklist("nope", "x.md"),
        lambda r: r.track("nope", "x.md"),
        lambda r: r.plan("nope", "x.md"),
        lambda r: r.questions("x.md", topic="nope"),
        lambda r: r.questions("x.md", difficulty="brutal"),
        lambda r: r.questions("x.md", kind="coding", difficulty="hard"),  # matches nothing
    ],
)
def test_bad_macro_calls_raise_one_line(mini, call):
    r = Renderer(load_guide(mini))
    with pytest.raises(GuideError) as e:
        call(r)
    assert "\n" not in str(e.value) and str(e.value).startswith("docs/x.md: ")


def test_html_in_data_is_escaped_in_raw_html(mini):
    from tests.fixture_project import edit

    edit(mini / "data/checklists/basics.yml", "title: Basics", "title: <script>alert(1)</script>")
    r = Renderer(load_guide(mini))
    out = r.checklist("basics", "topics/alpha.md")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_bank_records_urls(mini):
    from macros.outputs import bank

    recs = {x["id"]: x for x in bank.records(load_guide(mini))}
    assert recs["first-question"]["url"] == "q/first-question/"
    assert recs["first-question"]["loop"] == ["hard-01"]


def test_text_fields_show_html_as_text(mini):
    from tests.fixture_project import edit

    edit(
        mini / "data/questions/alpha/second-question.md",
        "prompt: And the second thing?",
        "prompt: 'Is <b>bold</b> & `<i>` kept?'",
    )
    r = Renderer(load_guide(mini))
    out = r.question("second-question", "topics/alpha.md")
    assert "Is &lt;b&gt;bold&lt;/b&gt; &amp; `<i>` kept?" in out


def test_names_from_the_data_show_as_text_in_meta_lines_plans_loop_and_round_types(mini):
    """Topic, company, round-type and plan-block names and the loop's interviewer are Markdown on
    the page: HTML in them shows as text, and a "|" stays inside its table cell."""
    from tests.fixture_project import edit

    edit(mini / "data/topics.yml", "title: Alpha topic", "title: Alpha <b>topic</b>")
    edit(mini / "data/companies.yml", "name: Acme AI", "name: Acme <i>AI</i>")
    edit(mini / "data/round_types.yml", "title: Technical screen", "title: Technical | <u>screen</u>")
    edit(mini / "data/plans.yml", "- title: Days 1-2", "- title: Days <em>1-2</em>")
    edit(mini / "data/loop.yml", "interviewer: Team lead", "interviewer: Team <s>lead</s>")
    r = Renderer(load_guide(mini))
    page = r.full(r.g.questions["first-question"])
    assert "Alpha &lt;b&gt;topic&lt;/b&gt;" in page and "Acme &lt;i&gt;AI&lt;/i&gt;" in page
    assert "team &lt;s&gt;lead&lt;/s&gt;" in page
    assert "<b>" not in page and "<i>" not in page and "<s>" not in page
    table = r.round_types("interview-format.md")
    assert "Technical \\| &lt;u&gt;screen&lt;/u&gt;" in table and "<u>" not in table
    plan = r.plan("one-week", "study-plans.md")
    assert "Days &lt;em&gt;1-2&lt;/em&gt;" in plan and "<em>" not in plan


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Team lead", "team lead"),
        ("ML engineer", "ML engineer"),
        ("CTO", "CTO"),
        ("Senior VP lead and a solution architect", "senior VP lead and a solution architect"),
    ],
)
def test_interviewer_roles_read_mid_sentence_with_their_acronyms(role, expected):
    from macros.pages.render import in_sentence

    assert in_sentence(role) == expected


def test_checklist_words_are_a_label_and_study_links_say_where_they_go(mini):
    """The item's words are the box's label (a click on them ticks it, guide.js ties the two);
    the study link sits outside them and names its target for screen readers."""
    r = Renderer(load_guide(mini))
    out = r.checklist("basics", "topics/alpha.md")
    assert (
        '<span class="checklist-item" data-item="read-alpha"></span>'
        '<label class="checklist-label">Read the alpha topic</label> <span class="checklist-study">'
        '([study<span class="checklist-hidden">: First question</span>](../q/first-question.md))</span>'
    ) in out
    # The link and its brackets are one span, which a print leaves out.
    # A page link is named by the page's title (front matter, else its '# ' heading).
    assert '([study<span class="checklist-hidden">: Beta</span>](beta.md))' in out


def test_study_link_titles_show_exactly_as_written():
    import markdown

    from macros.pages.render import markdown_text

    title = 'C++ *not em* shard_map & <b>x</b> `code` [a](b) {: #id } "q" it\'s \\ #1'
    out = markdown.markdown(f"[study<span>: {markdown_text(title)}</span>](t.md)", extensions=["attr_list"])
    assert out == (
        '<p><a href="t.md">study<span>: C++ *not em* shard_map &amp; &lt;b&gt;x&lt;/b&gt; `code` '
        "[a](b) {: #id } &quot;q&quot; it's \\ #1</span></a></p>"
    )
