"""macros/capture.py: question parts lifted from a page's HTML, with site-root-relative links."""
from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from markdown.treeprocessors import Treeprocessor

from macros.capture import Capture, site_links

PAGE = """# Page

## First question {: #q1 data-question="q1" }

!!! question "The question"

    What is [two](../beta/#q2)?

??? success "Short answer"

    Short.

### What the interviewer listens for {: #q1--listens }

Listens [here](#q1).

!!! question "Not the prompt"

    An admonition of the same kind inside the body.

??? success "Not the short answer"

    Nor this one.

### Answer {: #q1--answer }

#### Step `one`

Text.

##### Not an outline item

#### Step *two*

### Follow-ups {: #q1--follow-ups }

- Why?

<div class="q-end" data-question-end="q1" markdown></div>

Text after the entry, not part of it.

## Next section

More.
"""


class FakeRelpath(Treeprocessor):
    """Stands in for MkDocs' link rewriter, which tells the capture the page's URL."""

    def __init__(self, md, url):
        super().__init__(md)
        self.file = SimpleNamespace(url=url)

    def run(self, root):
        return None


def convert(text: str, url: str | None = "topics/alpha/", store: dict | None = None):
    store = {} if store is None else store
    md = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "pymdownx.details", "toc",
                                       Capture(store, {"listens": "listens", "followups": "follow-ups"})],
                           extension_configs={"toc": {"permalink": True}})  # as the site: a ¶ per heading
    if url is not None:
        md.treeprocessors.register(FakeRelpath(md, url), "relpath", 0)
    return md.convert(text), store


def test_parts_are_lifted_and_the_page_is_unchanged():
    html, store = convert(PAGE)
    plain, _ = convert(PAGE.replace('<div class="q-end" data-question-end="q1" markdown></div>\n\n', ""), url=None)
    assert html == plain  # marks and the end marker leave no trace
    got = store["q1"]
    assert got["prompt"] == '<p>What is <a href="topics/beta/#q2">two</a>?</p>'
    assert got["short"] == "<p>Short.</p>"
    assert got["listens"].startswith('<p>Listens <a href="topics/alpha/#q1">here</a>.</p>')
    assert "Not the prompt" in got["listens"] and "Nor this one" in got["listens"]
    assert got["followups"] == "<ul>\n<li>Why?</li>\n</ul>"  # stops at the end marker
    # The answer's sub-headings, without toc's permalink or deeper headings: the mock loop's outline.
    assert {k: v for k, v in got.items() if k.startswith("cover:")} == {
        "cover:0": "Step <code>one</code>", "cover:1": "Step <em>two</em>"}


def test_a_new_render_replaces_the_old_outline():
    _, store = convert(PAGE)
    convert(PAGE.replace("#### Step *two*\n", ""), store=store)
    assert [k for k in store["q1"] if k.startswith("cover:")] == ["cover:0"]


def test_nothing_is_captured_without_mkdocs():
    _, store = convert(PAGE, url=None)
    assert store == {}


@pytest.mark.parametrize(("url", "page", "expected"), [
    ("../beta/#x", "topics/alpha/", "topics/beta/#x"),
    ("#x", "topics/alpha/", "topics/alpha/#x"),
    ("#x", "", "#x"),
    ("topics/beta/", "", "topics/beta/"),
    ("../", "topics/", ""),
    ("../../", "topics/alpha/", ""),
    ("img.png", "topics/alpha.html", "topics/img.png"),
    ("https://x.example/a", "topics/alpha/", "https://x.example/a"),
    ("/root/", "topics/alpha/", "/root/"),
    ("mailto:a@b.example", "topics/alpha/", "mailto:a@b.example"),
])
def test_links_are_rebased_to_the_site_root(url, page, expected):
    assert site_links(f'<a href="{url}">x</a>', page) == f'<a href="{expected}">x</a>'
