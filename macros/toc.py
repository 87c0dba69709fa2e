"""A page that is home to several questions lists the questions in its table of contents,
not every question's sections.

A topic page holds a dozen entries, each with the same sections (what the interviewer
listens for, answer, pitfalls, follow-ups) and the answer's own sub-headings: listed in
full, the contents run to eighty lines of mostly repeated names, and the reader scanning
for a question cannot see them. With this extension the contents keep the page's own
headings and each question's title; the sections stay one click away inside the entry.
A page with a single entry (a system design) keeps its full contents.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class QuestionToc(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        # After toc (5), which leaves md.toc_tokens for MkDocs to build page.toc from.
        md.treeprocessors.register(_TrimToc(md), "guide-question-toc", 0)


class _TrimToc(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        tokens = getattr(self.md, "toc_tokens", None)
        if not tokens:
            return
        questions = {el.get("id") for el in root.iter() if el.get("data-question") and el.get("id")}
        if len(questions) > 1:
            _trim(tokens, questions)


def _trim(tokens: list[dict], questions: set[str]) -> None:
    for token in tokens:
        if token.get("id") in questions:
            token["children"] = []
        else:
            _trim(token.get("children", []), questions)
