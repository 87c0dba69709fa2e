"""Keep the HTML that a question's home page renders, for the practice data.

The practice files (assets/practice.json, the decks) need each question's prompt, short
answer, two body sections and the answer's sub-headings (the outline a mock loop reveals)
as HTML. The home page renders exactly that Markdown with
the site's own extensions, so instead of converting it a second time (about a fifth of
the engine's build time), this Markdown extension marks those parts while MkDocs renders
the page and lifts out their final HTML, links already checked and rewritten by MkDocs.
`define_env` adds it to the site's extensions; practice.py falls back to converting any
part that was not captured (unit tests, other engines).
"""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

START, END = "guide-capture", "/guide-capture"
CAPTURED = re.compile(r"<!--guide-capture ([\w.-]+) ([\w:-]+)-->(.*?)<!--/guide-capture-->", re.S)
HEADING = re.compile(r"h[1-6]$")
URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)"')
ABSOLUTE = re.compile(r"[a-z][a-z0-9+.-]*:|//|/", re.I)


COVER = "cover:"  # part name prefix of the answer's sub-headings: cover:0, cover:1, ...


class Capture(Extension):
    """Captures the parts named in `sections` ({part: heading id suffix}) plus 'prompt',
    'short' and the answer's sub-headings (COVER + their index, inline HTML) into `store`
    ({question id: {part: html}}), with site-root-relative links."""

    def __init__(self, store: dict[str, dict[str, str]], sections: dict[str, str], answer: str = "answer"):
        super().__init__()
        self.store, self.sections, self.answer = store, sections, answer

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        # After attr_list (8) has set the question headings' attributes; the marks are
        # comments, so the order against the other tree processors does not matter.
        md.treeprocessors.register(_Mark(md, self.sections, self.answer), "guide-capture", 1)
        # After raw_html (30) has put code blocks and raw HTML back.
        md.postprocessors.register(_Lift(md, self.store), "guide-capture", 1)


class _Mark(Treeprocessor):
    def __init__(self, md, sections: dict[str, str], answer: str):
        super().__init__(md)
        self.sections, self.answer = sections, answer

    def run(self, root: etree.Element) -> None:
        ends = []
        for parent in list(root.iter()):
            children = list(parent)
            for i, child in enumerate(children):
                qid = child.get("data-question")
                if qid and HEADING.match(str(child.tag)):
                    self._mark_question(parent, qid, _block(children, i))
                elif child.get("data-question-end"):
                    ends.append((parent, child))
        for parent, end in ends:  # the renderer's end-of-entry markers have done their job
            _remove(parent, end)

    def _mark_question(self, parent: etree.Element, qid: str, block: list[etree.Element]) -> None:
        # The entry's own prompt admonition and short-answer box come first; the answer may
        # hold more of either kind, which are not the prompt.
        prompt = next((el for el in block if el.tag == "div" and _classes(el) >= {"admonition", "question"}), None)
        short = next((el for el in block if el.tag == "details" and "success" in _classes(el)), None)
        if prompt is not None:
            _wrap(prompt, qid, "prompt", [c for c in prompt if "admonition-title" not in _classes(c)])
        if short is not None:
            _wrap(short, qid, "short", [c for c in short if c.tag != "summary"])
        for part, suffix in self.sections.items():
            at = next((i for i, el in enumerate(block) if el.get("id") == f"{qid}--{suffix}"), None)
            if at is not None:
                _wrap(parent, qid, part, _until_heading(block[at + 1:], _level(block[at])))
        at = next((i for i, el in enumerate(block) if el.get("id") == f"{qid}--{self.answer}"), None)
        if at is not None:
            level = _level(block[at])
            subheadings = [el for el in _until_heading(block[at + 1:], level) if _level(el) == level + 1]
            for n, heading in enumerate(subheadings):
                _wrap_inline(heading, qid, f"{COVER}{n}")


def _classes(el: etree.Element) -> set[str]:
    return set((el.get("class") or "").split())


def _level(el: etree.Element) -> int | None:
    return int(el.tag[1]) if HEADING.match(str(el.tag)) else None


def _until_heading(elements: list[etree.Element], level: int) -> list[etree.Element]:
    """The leading elements up to the first heading of `level` or above (or a question)."""
    out = []
    for el in elements:
        if el.get("data-question") or el.get("data-question-end") or (_level(el) or 9) <= level:
            break
        out.append(el)
    return out


def _block(children: list[etree.Element], start: int) -> list[etree.Element]:
    """The elements after a question heading, up to the next heading of its level or above."""
    return _until_heading(children[start + 1:], _level(children[start]))


def _wrap(parent: etree.Element, qid: str, part: str, elements: list[etree.Element]) -> None:
    """Put start and end comments around `elements`, consecutive children of `parent`."""
    if not elements:
        return
    kids = list(parent)
    first, last = kids.index(elements[0]), kids.index(elements[-1])
    end = etree.Comment(END)
    end.tail, elements[-1].tail = elements[-1].tail, None
    parent.insert(last + 1, end)
    start = etree.Comment(f"{START} {qid} {part}")
    parent.insert(first, start)


def _wrap_inline(heading: etree.Element, qid: str, part: str) -> None:
    """Put start and end comments around a heading's content, before toc's permalink."""
    kids = list(heading)
    end_at = next((i for i, el in enumerate(kids) if "headerlink" in _classes(el)), len(kids))
    heading.insert(end_at, etree.Comment(END))
    start = etree.Comment(f"{START} {qid} {part}")
    start.tail, heading.text = heading.text, None
    heading.insert(0, start)


def _remove(parent: etree.Element, el: etree.Element) -> None:
    """Remove `el`, keeping the text that followed it."""
    kids = list(parent)
    at = kids.index(el)
    if el.tail and el.tail.strip():
        if at:
            kids[at - 1].tail = (kids[at - 1].tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


class _Lift(Postprocessor):
    def __init__(self, md, store: dict[str, dict[str, str]]):
        super().__init__(md)
        self.store = store

    def run(self, text: str) -> str:
        if START not in text:
            return text
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        page_url = relpath.file.url if relpath is not None else None

        lifted: dict[str, dict[str, str]] = {}

        def lift(m: re.Match) -> str:
            qid, part, fragment = m.groups()
            lifted.setdefault(qid, {})[part] = fragment.strip()
            return fragment

        text = CAPTURED.sub(lift, text)
        if page_url is not None:  # only MkDocs tells us where the links are relative to
            for qid, parts in lifted.items():
                kept = self.store.setdefault(qid, {})
                if any(part.startswith(COVER) for part in parts):  # a fresh outline replaces the old
                    for part in [p for p in kept if p.startswith(COVER)]:
                        del kept[part]
                kept.update((part, site_links(html, page_url)) for part, html in parts.items())
        return text


def site_links(fragment: str, page_url: str) -> str:
    """Rewrite page-relative href/src values in `fragment` to site-root-relative ones."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

    def rebase(m: re.Match) -> str:
        url = m.group(2)
        if not url or ABSOLUTE.match(url):
            return m.group(0)
        path, hash_, anchor = url.partition("#")
        if path:
            joined = posixpath.normpath(posixpath.join(base or ".", path))
            path = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
        else:
            path = base
        return f'{m.group(1)}{path}{hash_}{anchor}"'

    return URL_ATTR.sub(rebase, fragment)
