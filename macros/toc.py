"""How a page's entries sit in its outline and in its table of contents.

An entry is rendered with its title as a level-2 heading. Under a group heading of the
page ("## Memory"), the entry moves one level down, with its sections, so the group holds
its entries in the outline, the contents and the screen reader's list of headings.

A page that is home to several questions lists the questions in its table of contents,
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
        # After attr_list (8), which marks the entries' headings; before toc (5), which
        # reads the levels.
        md.treeprocessors.register(_NestEntries(md), "guide-nest-entries", 7)
        # After toc, which leaves md.toc_tokens for MkDocs to build page.toc from.
        md.treeprocessors.register(_TrimToc(md), "guide-question-toc", 0)


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ENTRY_LEVEL = 2  # the level render.full gives an entry's title


class _NestEntries(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        context, shift = 1, 0  # the page's last heading outside entries; the current entry's shift
        for child in root:
            if child.get("data-question") and child.tag in HEADINGS:
                shift = max(context + 1 - ENTRY_LEVEL, 0)
            elif child.get("data-question-end"):
                shift = 0
                continue
            elif shift == 0 and child.tag in HEADINGS:
                context = int(child.tag[1])
            if shift:
                for el in child.iter():
                    if el.tag in HEADINGS:
                        el.tag = f"h{min(int(el.tag[1]) + shift, 6)}"


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
