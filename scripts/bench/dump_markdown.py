"""MkDocs hook for scripts/bench.py: write every page's Markdown as it is after the macros.

Runs at the lowest priority, so it sees the Markdown after mkdocs-macros rendered it and
the engine resolved its `q:` links. Each page is written, with its final front matter, to
$BENCH_DUMP_DIR/<path under docs/>; bench.py then builds that tree with the macros plugin
removed, and the time difference is the engine's overhead.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

SKIP_META = {"render_macros"}


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    out = Path(os.environ["BENCH_DUMP_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k not in SKIP_META}
    front = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" if meta else ""
    out.write_text(front + markdown, encoding="utf-8")
    return markdown
