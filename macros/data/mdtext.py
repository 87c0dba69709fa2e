"""Line-level Markdown helpers shared by the loader and the renderers."""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def lines_outside_code(markdown: str) -> Iterator[tuple[str, bool]]:
    """Each line with a flag: True when it is prose, False inside (or on) a code fence."""
    fence = None
    for line in markdown.splitlines():
        m = FENCE.match(line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :].strip():
                fence = None
            yield line, False
            continue
        yield line, fence is None


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) when the line is an ATX heading."""
    m = HEADING.match(line)
    return (len(m.group(1)), m.group(2)) if m else None


CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
UNSAFE_HTML = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|link|meta|base|form)\b"
    r"|<[^>]*\son[a-z]+\s*=|javascript\s*:",
    re.I,
)


def _outside_code_spans(text: str, fn) -> str:
    """Apply fn to the parts of one Markdown text that are not inline code spans."""
    out, pos = [], 0
    for m in CODE_SPAN.finditer(text):
        out += [fn(text[pos : m.start()]), m.group(0)]
        pos = m.end()
    return "".join(out + [fn(text[pos:])])


def escape_html(text: str) -> str:
    """Data fields such as a prompt are Markdown but never HTML: `<script>` in one must show
    as text. Escapes &, < and > outside inline code spans (which Markdown escapes itself)."""
    return _outside_code_spans(text, lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def unsafe_html(markdown: str) -> str | None:
    """The first piece of active HTML (script, iframe, on* handler, javascript: URL) written
    in the prose of a Markdown text, or None. Code blocks and code spans may show it."""
    for line, prose in lines_outside_code(markdown):
        if prose:
            hit = UNSAFE_HTML.search(CODE_SPAN.sub("", line))
            if hit:
                return hit.group(0).strip()
    return None
