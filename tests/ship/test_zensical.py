"""Portability: the site built with Zensical 0.0.73, MkDocs' successor from the Material team.

Zensical runs from its own venv (.venv/zensical, requirements-ship.txt, made by `make test`)
so its dependencies never touch the pinned MkDocs stack. It builds an unmodified copy of the
repo (only PYTHONPATH is set, see zensical_build). Every page, question anchor and diagram
of the MkDocs build must be there; what does not carry over is asserted too, so README.md's
list stays true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
ZENSICAL = ROOT / ".venv" / "zensical" / "bin" / "zensical"
VERSION = "0.0.73"
COPY = ["data", "docs", "docs_src", "macros", "overrides", "mkdocs.yml"]


def zensical_build(project: Path, site_url: str) -> subprocess.CompletedProcess:
    # PYTHONPATH: Zensical loads macros/__init__.py as a file, so its relative imports
    # (`from . import practice`) need the project root importable.
    env = {**os.environ, "SITE_URL": site_url, "PYTHONPATH": str(project)}
    return subprocess.run(
        [str(ZENSICAL), "build", "--config-file", "mkdocs.yml"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def zensical():
    if not ZENSICAL.exists():
        pytest.fail(f"{ZENSICAL.relative_to(ROOT)} is missing: `make test` creates it from requirements-ship.txt")
    return ZENSICAL


@pytest.fixture(scope="module")
def built(zensical, site, tmp_path_factory):
    """(zensical site dir, mkdocs site dir) for an unmodified copy of the repo."""
    out, url = site
    project = copy_project(tmp_path_factory.mktemp("zensical") / "repo")
    result = zensical_build(project, url)
    if result.returncode != 0:
        pytest.fail("the Zensical build failed:\n" + (result.stdout + result.stderr)[-4000:])
    return project / "site", out


def html_pages(site_dir: Path) -> dict[str, str]:
    return {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")}


def test_zensical_is_the_pinned_version(zensical):
    out = subprocess.run([str(zensical), "--version"], capture_output=True, text=True).stdout
    assert VERSION in out
    assert f"zensical=={VERSION}" in (ROOT / "requirements-ship.txt").read_text()


def generated(rel: str, html: str) -> bool:
    """Pages the engine adds through MkDocs' on_files and on_post_build: question pages, the
    forwarding pages of moved addresses and the print pages (print/<pack>/)."""
    return rel.startswith(("q/", "print/")) or 'http-equiv="refresh"' in html


def test_every_written_page_is_there(built):
    zsite, msite = built
    mpages = html_pages(msite)
    assert sorted(html_pages(zsite)) == sorted(rel for rel, html in mpages.items() if not generated(rel, html))


def test_every_question_row_anchor_is_there(built):
    """Topic pages list their questions in rows that carry the questions' ids."""
    zsite, msite = built
    zpages, mpages = html_pages(zsite), html_pages(msite)
    missing, total = [], 0
    for rel, html in mpages.items():
        if generated(rel, html):
            continue
        wanted = set(re.findall(r'<li class="q-row"[^>]*\bid="([^"]+)"', html))
        total += len(wanted)
        have = set(re.findall(r'\bid="([^"]+)"', zpages.get(rel, "")))
        missing += [f"{rel}#{i}" for i in sorted(wanted - have)]
    assert total > 100, "expected the question rows of the MkDocs build"
    assert missing == [], missing[:30]


def test_every_diagram_is_there(built):
    zsite, msite = built
    zpages, mpages = html_pages(zsite), html_pages(msite)
    diagrams = re.compile(r'<figure class="diagram" id="([^"]+)"')
    count = 0
    for rel, html in mpages.items():
        if generated(rel, html):
            continue
        want = diagrams.findall(html)
        count += len(want)
        assert diagrams.findall(zpages[rel]) == want, rel
    assert count > 0 or any(diagrams.search(h) for r, h in mpages.items() if r.startswith("q/"))


def test_what_does_not_carry_over_is_what_readme_says(built):
    """Each gap listed in README.md ("Zensical"), checked so the list cannot go stale."""
    zsite, msite = built
    zpages = html_pages(zsite)
    stale = "README.md's Zensical list is stale: Zensical now {} (update README.md and this test)"
    # 1. on_post_build is never called: no question bank data, no practice deck data.
    assert (msite / "assets/questions.json").exists()
    assert not (zsite / "assets/questions.json").exists(), stale.format("writes assets/questions.json")
    # 2. on_post_page_macros is never called: `[text](q:id)` links written in pages stay unresolved.
    unresolved = [rel for rel, html in zpages.items() if 'href="q:' in html]
    assert unresolved, stale.format("resolves q: links written in pages")
    # 3. ... and pages are not tagged with their questions' topics: the tags index is empty.
    mtags = set(re.findall(r'id="(tag-[a-z0-9-]+)"', (msite / "tags/index.html").read_text()))
    ztags = set(re.findall(r'id="(tag-[a-z0-9-]+)"', zpages["tags/index.html"]))
    assert mtags and not ztags, stale.format("fills the tags index")
    # 5. on_files is never called (no plugins): no question pages, no forwarding pages.
    assert (msite / "q").is_dir() and any((msite / "q").iterdir())
    assert not (zsite / "q").exists(), stale.format("builds the question pages (q/<id>/)")
    # 4. Its own search: search.json at the root instead of search/search_index.json.
    assert (msite / "search/search_index.json").exists() and not (zsite / "search/search_index.json").exists()
    assert (zsite / "search.json").exists(), stale.format("writes search/search_index.json")
    # 6. The facts line under each title (reading time, last update) is a plugin hook too.
    assert 'class="page-facts"' in (msite / "topics/gpu-cuda/index.html").read_text()
    assert 'class="page-facts"' not in zpages["topics/gpu-cuda/index.html"], stale.format("shows the page facts")
