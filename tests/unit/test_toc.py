"""macros/toc.py: entries nest under the page's group headings, and a page home to several
questions lists the questions in its contents, not their sections."""
from __future__ import annotations

import re

import markdown

from macros.toc import QuestionToc

ENTRY = """## {title} {{: #{qid} data-question="{qid}" }}

### Answer {{: #{qid}--answer }}

#### A step

### Follow-ups {{: #{qid}--follow-ups }}

<div class="q-end" data-question-end="{qid}" markdown></div>
"""


def toc_of(text: str) -> list[dict]:
    return convert(text)[1]


def convert(text: str) -> tuple[str, list[dict]]:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc", QuestionToc()])
    html = md.convert(text)
    return html, md.toc_tokens


def names(tokens: list[dict]) -> list:
    return [(t["name"], names(t["children"])) if t["children"] else t["name"] for t in tokens]


def test_several_entries_keep_only_their_titles():
    page = "# Topic\n\n## Group\n\n" + ENTRY.format(title="First", qid="q1") + ENTRY.format(title="Second", qid="q2")
    assert names(toc_of(page)) == [("Topic", [("Group", ["First", "Second"])])]


def test_entries_nest_under_a_group_heading_with_their_sections():
    page = ("# Topic\n\n" + ENTRY.format(title="Loose", qid="q0") + "## Group\n\n"
            + ENTRY.format(title="First", qid="q1") + "## After\n\nText.\n")
    html, _ = convert(page)
    levels = re.findall(r"<h(\d)[^>]*\bid=\"([\w-]+)\"", html)
    assert levels == [("1", "topic"), ("2", "q0"), ("3", "q0--answer"), ("4", "a-step"),
                      ("3", "q0--follow-ups"), ("2", "group"), ("3", "q1"), ("4", "q1--answer"),
                      ("5", "a-step_1"), ("4", "q1--follow-ups"), ("2", "after")]


def test_a_single_entry_keeps_its_sections():
    page = "# Design\n\n" + ENTRY.format(title="Only", qid="q1")
    assert names(toc_of(page)) == [("Design", [("Only", [("Answer", ["A step"]), "Follow-ups"])])]


def test_pages_without_questions_are_untouched():
    page = "# Page\n\n## One\n\n### Inner\n\n## Two\n"
    assert names(toc_of(page)) == [("Page", [("One", ["Inner"]), "Two"])]
