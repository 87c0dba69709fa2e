"""The print packs and their PDFs: print/<pack>/index.html (macros/pages/print_pages.py) over the
session's build, and the PDF that scripts/pdf.py prints from one of them in Chromium.

One track is printed (the one with the fewest questions, to keep it fast); the PDF is read
back with pypdf: its pages, its outline (bookmarks: chapter > question > section), its links
within the document (each must land on a page) and the page numbers in its contents.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
SCREEN_ONLY = [
    "Copy link",
    "← Previous",
    "Next: ",
    "Related questions",
    "Print with my ticks",
    "Export progress",
    "Reset",
]


@pytest.fixture(scope="module")
def packs(site):
    out, _ = site
    return json.loads((out / "print" / "packs.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_pack(packs, guide):
    tracks = [p for p in packs["packs"] if p["id"] in guide.tracks]
    return min(tracks, key=lambda p: p["questions"])


@pytest.fixture(scope="module")
def printed(site, small_pack, tmp_path_factory):
    """(pack, PdfReader) of one track printed the way `make pdf` prints it."""
    from pypdf import PdfReader

    out, _ = site
    dist = tmp_path_factory.mktemp("pdf")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "pdf.py"),
            "--site-dir",
            str(out),
            "--pack",
            small_pack["id"],
            "-o",
            str(dist),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    pdf = dist / Path(small_pack["pdf"]).name
    assert pdf.is_file(), f"scripts/pdf.py wrote no {pdf.name}"
    return small_pack, PdfReader(pdf)


def flat_outline(reader, items=None, depth=0):
    """[(depth, title, page index)] of the PDF's bookmarks, in order."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += flat_outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item)))
    return out


# ----------------------------------------------------------------------------- the print pages


def test_every_pack_has_its_page_and_its_pdf_name(site, packs, guide):
    out, _ = site
    ids = [p["id"] for p in packs["packs"]]
    assert ids == ["all", *guide.tracks]
    for p in packs["packs"]:
        text = (out / p["page"]).read_text(encoding="utf-8")
        assert text.count('<section class="print-question"') == p["questions"] > 0, p["id"]
        assert re.fullmatch(r"downloads/ai-platform-interview-guide(-[a-z0-9-]+)?\.pdf", p["pdf"])
        assert p["pdf"] in packs["downloads"]
    everything = next(p for p in packs["packs"] if p["id"] == "all")
    assert everything["questions"] == len(guide.questions)
    assert everything["checklists"] == len(guide.checklists)


def test_print_pages_hold_no_screen_controls_or_scripts(site, packs):
    out, _ = site
    for p in packs["packs"]:
        text = (out / p["page"]).read_text(encoding="utf-8")
        for marker in (
            'class="q-actions"',
            'class="q-pager"',
            'class="md-tags"',
            'class="headerlink"',
            'class="checklist-toolbar"',
            "data-progress-panel",
            "<script",
        ):
            assert marker not in text, (p["id"], marker)
        closed = [tag for tag in re.findall(r"<details\b[^>]*>", text) if not re.search(r"\sopen[\s>]", tag)]
        assert closed == [], (p["id"], closed[:3])
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), (p["id"], [i for i in ids if ids.count(i) > 1][:5])


def test_track_pages_and_home_link_their_pdfs(site, packs, guide):
    out, _ = site
    home = (out / "index.html").read_text(encoding="utf-8")
    for p in packs["packs"]:
        assert f'href="{p["pdf"]}"' in home, p["id"]
    assert f'href="{packs["zip"]}"' in home
    for tid, t in guide.tracks.items():
        page = out / t.page.replace(".md", "") / "index.html"
        pdf = next(p["pdf"] for p in packs["packs"] if p["id"] == tid)
        assert f'href="../../{pdf}"' in page.read_text(encoding="utf-8"), tid


@pytest.mark.browser
def test_code_and_diagrams_fit_the_paper(chromium, site, small_pack):
    """At the width of A4 less its margins (180 mm), in print media, no block is wider than
    the page: the long lines of code and ASCII diagrams are sized down to fit."""
    out, _ = site

    def then(pg):
        pg.emulate_media(media="print")
        return pg.evaluate("""() => {
            const W = document.documentElement.clientWidth, out = [];
            document.querySelectorAll('pre, table, figure, .admonition, details').forEach(el => {
                const r = el.getBoundingClientRect();
                if (r.right > W + 1 || el.scrollWidth > el.clientWidth + 1)
                    out.push(el.tagName + ' ' + (el.closest('[data-question]') || {dataset: {}}).dataset.question);
            });
            return {width: W, pre: document.querySelectorAll('pre[style*="--cols"]').length, wide: out};
        }""")

    def run(browser):
        context = browser.new_context(viewport={"width": 680, "height": 1000})
        page = context.new_page()
        try:
            page.goto((out / small_pack["page"]).as_uri())
            return then(page)
        finally:
            context.close()

    seen = chromium.run(run)
    assert seen["width"] == 680 and seen["pre"] > 0
    assert seen["wide"] == []


# ----------------------------------------------------------------------------- the PDF


def test_pdf_has_a_page_per_question_at_least(printed):
    pack, reader = printed
    assert len(reader.pages) >= pack["questions"] + 2  # cover, contents, each question from a new page
    assert reader.metadata.title == pack["title"]
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in SCREEN_ONLY:
        assert words not in text, words


def test_pdf_outline_lists_every_question_under_its_chapter(printed, guide):
    pack, reader = printed
    outline = flat_outline(reader)
    top = [title for depth, title, _ in outline if depth == 0]
    assert top[0] == "Contents" and "Checklists" in top
    questions = [title for depth, title, _ in outline if depth == 1]
    wanted = [guide.questions[q].title for q in guide.tracks[pack["id"]].questions]
    assert set(wanted) <= set(questions), sorted(set(wanted) - set(questions))[:5]
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages), "bookmarks out of page order"
    assert any(depth == 2 for depth, _, _ in outline), "no sections under the questions"


def test_pdf_links_within_the_document_land_on_pages(printed):
    _, reader = printed
    names = reader.named_destinations
    internal, unresolved = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or annot.get("/Dest") is None:
                continue
            internal += 1
            dest = str(annot["/Dest"])
            if dest not in names or not 0 <= reader.get_destination_page_number(names[dest]) < len(reader.pages):
                unresolved.append(dest)
    assert unresolved == []
    assert internal >= len(names) > 0 or internal > 20, (internal, len(names))


def test_pdf_contents_give_each_questions_page(printed, guide):
    """The page numbers written into the contents are those the questions start on."""
    pack, reader = printed
    starts = {title: page + 1 for depth, title, page in flat_outline(reader) if depth == 1}
    contents = reader.pages[1].extract_text()
    checked = 0
    for qid in guide.tracks[pack["id"]].questions:
        title = guide.questions[qid].title
        m = re.search(re.escape(title.replace("fi", "ﬁ")) + r"\s+(\d+)|" + re.escape(title) + r"\s+(\d+)", contents)
        if m:
            assert int(m.group(1) or m.group(2)) == starts[title], title
            checked += 1
    assert checked >= len(guide.tracks[pack["id"]].questions) // 2, "contents without page numbers"
