"""The one place that turns ids and docs paths into links and URLs.

Docs paths are relative to docs/ ("topics/gpu-cuda.md"); site URLs are relative to the site
root, with directory URLs ("topics/gpu-cuda/"); a question's page is q/<id>.md, q/<id>/.
"""

from __future__ import annotations

import posixpath
import re

QUESTION_FOLDER = "q"


def question_path(qid: str) -> str:
    """The docs-relative path of a question's page."""
    return f"{QUESTION_FOLDER}/{qid}.md"


def question_url(qid: str) -> str:
    """The site-root-relative URL of a question's page."""
    return f"{QUESTION_FOLDER}/{qid}/"


def rel_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative Markdown link from one docs page to another (both paths under docs/):
    MkDocs checks it and turns it into the right URL."""
    if to_page == from_page:
        target = ""
    else:
        target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target or "#"


def doc_url(docs_path: str) -> str:
    """Site-root-relative URL of a docs page (directory URLs): topics/x.md -> topics/x/,
    index.md -> "", topics/index.md -> topics/. An #anchor is kept."""
    path, _, anchor = docs_path.partition("#")
    if path.endswith(".md"):
        path = path[:-3]
        path = path[: -len("index")] if path == "index" or path.endswith("/index") else path + "/"
    return path + (f"#{anchor}" if anchor else "")


def slug(text: str) -> str:
    """A heading's anchor as the engine writes it: lowercase words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
