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
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark):].strip():
                fence = None
            yield line, False
            continue
        yield line, fence is None


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) when the line is an ATX heading."""
    m = HEADING.match(line)
    return (len(m.group(1)), m.group(2)) if m else None
