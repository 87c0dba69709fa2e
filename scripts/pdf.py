#!/usr/bin/env python3
"""Print the guide's print packs to PDF with headless Chromium (Debian's), through Playwright.

    python3 scripts/pdf.py [--site-dir SITE] [--pack all --pack <track> ...] [-o dist/]
                           [--format A4|Letter] [--copy-into SITE/downloads]

Without --site-dir it first builds the site strictly into a temporary folder. The build
writes the print pages (print/<pack>/index.html, macros/pages/print_pages.py) and print/packs.json,
which names each pack's PDF; this prints each page from disk and writes the PDF under -o:

- a footer with the page number and the page count, a header with the pack's title;
- the outline (bookmarks) from the headings: chapter > question > section;
- links within the pack are links within the PDF; others go to the site (`site_url`);
- tagged (accessible) PDF;
- bookmarks with their headings' exact words (Chromium drops the space where a heading wraps);
- page numbers in the table of contents: a first print gives the page of each chapter and
  question (the PDF's named destinations); they are written into the contents, whose boxes
  already have their width, and the pages printed again.

--copy-into puts the PDFs where the site links to them (`downloads/`), for the Pages workflow.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/pdf.py`
    sys.path.insert(0, str(ROOT))

from scripts.tooling import CHROMIUM, CHROMIUM_ARGS, mkdocs_build  # noqa: E402 - after the path above

MARGIN = {"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}
FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 15mm;color:#444;display:flex;'
    'justify-content:space-between"><span>{site}</span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
HEADER = '<div style="font-size:7px;width:100%;padding:0 15mm;color:#666">{title}</div>'


def build(site_dir: Path) -> None:
    result = mkdocs_build(ROOT, site_dir)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit("error: the strict build failed (above)")


def destinations(pdf: bytes) -> dict[str, int]:
    """Named destination -> page number (1-based) of a PDF."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {
        name.lstrip("/"): reader.get_destination_page_number(dest) + 1
        for name, dest in reader.named_destinations.items()
    }


def fix_outline_titles(pdf: bytes, headings: list[str]) -> tuple[bytes, int]:
    """Chromium builds the outline from the headings but drops the space where a heading's
    line wraps ("...detection andsegmentation"). Each bookmark gets its heading's own text
    back (matched in document order, ignoring white space); returns the PDF and the count."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    outlines = writer.root_object.get("/Outlines")
    if outlines is None:
        return pdf, 0
    items = []

    def walk(node):
        while node is not None:
            node = node.get_object()
            items.append(node)
            if "/First" in node:
                walk(node["/First"])
            node = node.get("/Next")

    walk(outlines.get_object().get("/First"))

    def squash(text: str) -> str:
        return re.sub(r"\s+", "", text)

    fixed, start = 0, 0
    for item in items:
        title = str(item.get("/Title", ""))
        for j in range(start, len(headings)):
            if squash(headings[j]) == squash(title):
                if headings[j] != title:
                    item[NameObject("/Title")] = TextStringObject(headings[j])
                    fixed += 1
                start = j + 1
                break
    if not fixed:
        return pdf, 0
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), fixed


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def print_pack(browser, site: Path, pack: dict, out: Path, paper: str) -> dict:
    """Print one pack; returns what was made (path, pages, seconds)."""
    start = time.monotonic()
    page = browser.new_page()
    try:
        page.goto((site / pack["page"]).as_uri(), wait_until="load", timeout=300_000)
        options = dict(
            format=paper,
            print_background=True,
            display_header_footer=True,
            margin=MARGIN,
            outline=True,
            tagged=True,
            prefer_css_page_size=False,
            header_template=HEADER.format(title=escape(pack["title"])),
            footer_template=FOOTER.format(site="AI Platform Interview Guide"),
        )
        first = page.pdf(**options)
        pages = destinations(first)
        filled = page.evaluate(
            """(pages) => {
            let n = 0;
            document.querySelectorAll('.print-toc-page[data-dest]').forEach((el) => {
                const p = pages[el.dataset.dest];
                if (p) { el.textContent = String(p); n++; }
            });
            return n;
        }""",
            pages,
        )
        final = page.pdf(**options) if filled else first
        headings = page.evaluate("""() => Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6'))
            .map((h) => h.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean)""")
        final, retitled = fix_outline_titles(final, headings)
    finally:
        page.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(final)
    from pypdf import PdfReader

    count = len(PdfReader(io.BytesIO(final)).pages)
    return {
        "pdf": out,
        "pages": count,
        "toc_numbers": filled,
        "retitled": retitled,
        "seconds": time.monotonic() - start,
    }


def make_pdfs(site: Path, out_dir: Path, packs: list[str] | None = None, paper: str = "A4") -> list[dict]:
    listing = json.loads((site / "print" / "packs.json").read_text(encoding="utf-8"))
    known = {p["id"]: p for p in listing["packs"]}
    wanted = packs or list(known)
    unknown = [p for p in wanted if p not in known]
    if unknown:
        raise SystemExit(f"error: unknown pack {', '.join(unknown)} (allowed: {', '.join(known)})")
    if not CHROMIUM.exists():
        raise SystemExit("error: Debian's chromium is missing: run `make system-deps` (as root)")
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for pid in wanted:
                pack = known[pid]
                made.append({"id": pid, **print_pack(browser, site, pack, out_dir / Path(pack["pdf"]).name, paper)})
        finally:
            browser.close()
    return made


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site-dir", type=Path, help="a built site (default: build one into a temporary folder)")
    ap.add_argument("--pack", action="append", help="a pack id (all, or a track id); default: every pack")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "dist", help="folder for the PDFs")
    ap.add_argument("--format", default="A4", choices=["A4", "Letter"], help="paper size")
    ap.add_argument("--copy-into", type=Path, help="also copy the PDFs into this folder (the site's downloads/)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guide-pdf-") as tmp:
        site = args.site_dir
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        if not (site / "print" / "packs.json").is_file():
            print(f"error: {site}: no print/packs.json (allowed: a site built by this repository)", file=sys.stderr)
            return 2
        for made in make_pdfs(site, args.output, args.pack, args.format):
            print(
                f"{made['pdf']}: {made['pages']} pages, {made['toc_numbers']} contents entries numbered, "
                f"{made['retitled']} bookmarks retitled, {made['seconds']:.0f} s"
            )
            if args.copy_into:
                args.copy_into.mkdir(parents=True, exist_ok=True)
                shutil.copy2(made["pdf"], args.copy_into / made["pdf"].name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
