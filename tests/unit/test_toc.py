"""macros/toc.py: a page home to several questions lists the questions, not their sections."""
from __future__ import annotations

import markdown

from macros.toc import QuestionToc

ENTRY = """## {title} {{: #{qid} data-question="{qid}" }}

### Answer {{: #{qid}--answer }}

#### A step

### Follow-ups {{: #{qid}--follow-ups }}
"""


def toc_of(text: str) -> list[dict]:
    md = markdown.Markdown(extensions=["attr_list", "toc", QuestionToc()])
    md.convert(text)
    return md.toc_tokens


def names(tokens: list[dict]) -> list:
    return [(t["name"], names(t["children"])) if t["children"] else t["name"] for t in tokens]


def test_several_entries_keep_only_their_titles():
    page = "# Topic\n\n## Group\n\n" + ENTRY.format(title="First", qid="q1").replace("## ", "### ") \
        + ENTRY.format(title="Second", qid="q2").replace("## ", "### ")
    assert names(toc_of(page)) == [("Topic", [("Group", ["First", "Second"])])]


def test_a_single_entry_keeps_its_sections():
    page = "# Design\n\n" + ENTRY.format(title="Only", qid="q1")
    assert names(toc_of(page)) == [("Design", [("Only", [("Answer", ["A step"]), "Follow-ups"])])]


def test_pages_without_questions_are_untouched():
    page = "# Page\n\n## One\n\n### Inner\n\n## Two\n"
    assert names(toc_of(page)) == [("Page", [("One", ["Inner"]), "Two"])]
