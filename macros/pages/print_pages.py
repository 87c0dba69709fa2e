"""Print packs: the whole guide, and each company track, as one page to print or turn into a PDF.

At the end of the build (`PrintPacks.on_post_build`) the engine assembles, from the built
question pages, `print/all/index.html` (every question, chapter by chapter in the order of
the navigation, each chapter in its page's reading order, then every checklist) and
`print/<track>/index.html` (the track's questions grouped by kind as on the track page, then
its checklists), each with a cover and a table of contents. They are made from the HTML the
reader sees, so an entry prints exactly as its page shows it: answers, diagrams, code.

What changes on the way:

- screen-only parts go: the tags, the practised box and copy-link button, previous / next,
  related questions, permalinks, checklist toolbars and the progress panel;
- folded parts (the short answer, any other <details>) are open;
- headings move down a level under the chapter headings, so the PDF outline reads
  chapter > question > section;
- every id gets the question's prefix (`pq--<id>...`), so anchors stay unique in one page;
  links to a question in the pack become links within the page (and the PDF), links to
  anything else become absolute addresses on the site (`site_url`);
- each <pre> states its longest line (`--cols`) so the print style sizes the font to fit
  the paper (assets/print-pack.css): ASCII diagrams keep their shape.

The pages' markup is in macros/pages/templates/ (print_document.html, print_pack.html,
print_question.html, print_checklist.html; the download links: downloads_line.html,
downloads_list.html); this module rewrites the built HTML that goes into them.

`print/packs.json` lists the packs and the files the release step adds to the site
(`scripts/pdf.py` writes `downloads/<name>.pdf`; the offline zip goes there too), which the
link checks in tests/ accept before they exist.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..data.errors import GuideError
from ..data.load import Guide
from ..data.memo import digest, memo
from ..data.model import KIND_LABELS
from .question_pages import reading_order
from .render import page_title
from .templating import Safe, render

FOLDER = "print"
DOWNLOADS = "downloads"
PACKS_FILE = f"{FOLDER}/packs.json"
ALL = "all"
BASE_NAME = "ai-platform-interview-guide"
ZIP = f"{DOWNLOADS}/{BASE_NAME}.zip"
STYLE = "assets/print-pack.css"
SITE = "AI Platform Interview Guide"

PRINTED = memo("print-question")  # a question's entry in a pack, across rebuilds in one process
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")
ATTR = re.compile(r'(\s)(id|href|src|for|aria-labelledby|aria-describedby)="([^"]*)"')
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)


def pdf_name(pack: str) -> str:
    """The site path of a pack's PDF (made by scripts/pdf.py, copied in by the release step)."""
    return f"{DOWNLOADS}/{BASE_NAME}.pdf" if pack == ALL else f"{DOWNLOADS}/{BASE_NAME}-{pack}.pdf"


def pack_page(pack: str) -> str:
    return f"{FOLDER}/{pack}/index.html"


# --------------------------------------------------------------------------- HTML helpers


def element_end(text: str, start: int) -> int:
    """The end of the element whose start tag begins at `start` (balanced on its tag name)."""
    m = TAG.match(text, start)
    if not m:
        raise ValueError("no tag at start")
    name, depth = m.group(2).lower(), 0
    for t in TAG.finditer(text, start):
        if t.group(2).lower() != name:
            continue
        if t.group(1):
            depth -= 1
            if depth == 0:
                return t.end()
        elif not t.group(3).rstrip().endswith("/"):
            depth += 1
    raise ValueError(f"<{name}> at {start} is never closed")


def drop(text: str, start_pattern: str) -> str:
    """Remove every element whose start tag matches `start_pattern` (a regex)."""
    while True:
        m = re.search(start_pattern, text)
        if not m:
            return text
        text = text[: m.start()] + text[element_end(text, m.start()) :]


def article(page_html: str, source: str) -> str:
    m = re.search(r'<article class="md-content__inner md-typeset">', page_html)
    if not m:
        raise GuideError(f"{source}: no article in the built page (allowed: pages built by the theme)")
    return page_html[m.end() : element_end(page_html, m.start()) - len("</article>")]


def pre_columns(pre_html: str) -> int:
    text = html.unescape(re.sub(r"<[^>]+>", "", pre_html))
    return max((len(line.rstrip()) for line in text.splitlines()), default=0)


def fit_pre(fragment: str) -> str:
    """Mark each <pre> with its longest line, for the print style to size it to the paper."""
    out, pos = [], 0
    for m in re.finditer(r"<pre\b([^>]*)>", fragment):
        end = element_end(fragment, m.start())
        cols = pre_columns(fragment[m.end() : end])
        attrs = m.group(1)
        style = f"--cols: {max(cols, 1)}"
        if cols > 150:  # below ~5.5 pt a line is unreadable: such lines wrap instead
            attrs += ' data-print-wrap=""'
        out.append(fragment[pos : m.start()] + f'<pre{attrs} style="{style}">')
        pos = m.end()
    out.append(fragment[pos:])
    return "".join(out)


def shift_headings(fragment: str) -> str:
    def repl(m: re.Match) -> str:
        level = min(int(m.group(2)) + 1, 6)
        return f"<{m.group(1)}h{level}"

    return re.sub(r"<(/?)h([1-6])(?=[\s>])", repl, fragment)


# --------------------------------------------------------------------------- packs


class PackBuilder:
    """Builds the print pages of one finished site."""

    def __init__(self, g: Guide, config):
        self.g = g
        self.site = Path(config["site_dir"])
        self.site_url = (config.get("site_url") or "").rstrip("/") + "/" if config.get("site_url") else ""
        self.directory_urls = bool(config.get("use_directory_urls", True))
        self.nav = nav_pages(config.get("nav") or [])
        self.order = reading_order(g)
        self.docs = g.docs_dir or g.root / "docs"
        self._pages: dict[str, str] = {}
        self.ids_key = digest(*sorted(g.questions))

    # ---- where things are in the build

    def page_url(self, src: str) -> str:
        """Site-root-relative URL of a docs page (as MkDocs writes it)."""
        stem = src[: -len(".md")]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/" if self.directory_urls else stem + ".html"

    def built_file(self, url: str) -> Path:
        return self.site / (url + "index.html" if url == "" or url.endswith("/") else url)

    def built(self, url: str) -> str:
        if url not in self._pages:
            path = self.built_file(url)
            try:
                self._pages[url] = path.read_text(encoding="utf-8")
            except OSError:
                raise GuideError(
                    f"{path}: missing from the build (allowed: the print packs read the "
                    "question pages and checklists/ as MkDocs built them)"
                ) from None
        return self._pages[url]

    def question_of(self, site_path: str) -> str | None:
        m = re.fullmatch(r"q/([a-z0-9-]+)(?:/(?:index\.html)?|\.html)", site_path)
        return m.group(1) if m and m.group(1) in self.g.questions else None

    # ---- ids and links

    @staticmethod
    def qid_anchor(qid: str, anchor: str = "") -> str:
        if not anchor or anchor == qid or anchor.startswith(qid + "--"):
            return "pq--" + (anchor or qid)
        return f"pq--{qid}.{anchor}"

    def on_site(self, path: str, anchor: str = "") -> str:
        """An address on the site for a page the pack does not hold."""
        target = path + (f"#{anchor}" if anchor else "")
        if self.site_url:
            return self.site_url + target
        return posixpath.relpath(path or ".", f"{FOLDER}/x") + (f"#{anchor}" if anchor else "")

    def rewrite(self, fragment: str, base_url: str, in_pack: set[str], id_of, local=None) -> str:
        """Ids through `id_of`; links resolved against the page they came from (`base_url`);
        a link to an anchor of that page through `local` (default: `#` + id_of)."""

        def link(value: str) -> str:
            if value.startswith("#"):
                return local(value[1:]) if local else "#" + id_of(value[1:])
            if EXTERNAL.match(value):
                return value
            resolved = urlsplit(urljoin("/" + base_url, value))
            path, anchor = resolved.path.lstrip("/"), resolved.fragment
            qid = self.question_of(path)
            if qid and qid in in_pack:
                return "#" + self.qid_anchor(qid, anchor)
            return self.on_site(path, anchor)

        def attr(m: re.Match) -> str:
            name, value = m.group(2), html.unescape(m.group(3))
            if name in ("id", "for"):
                new = id_of(value)
            elif name in ("aria-labelledby", "aria-describedby"):
                new = " ".join(id_of(v) for v in value.split())
            elif name == "src":
                new = (
                    value
                    if EXTERNAL.match(value)
                    else posixpath.relpath(urlsplit(urljoin("/" + base_url, value)).path.lstrip("/"), f"{FOLDER}/x")
                )
            else:
                new = link(value)
            return f'{m.group(1)}{name}="{html.escape(new)}"'

        def tag(m: re.Match) -> str:
            text = m.group(0)
            if m.group(1) or "=" not in text:
                return text
            text = ATTR.sub(attr, text)
            # Links that leave the guide print their address (guide.css, as on the site).
            if m.group(2).lower() == "a":
                href = re.search(r'\shref="([^"]*)"', text)
                if href and EXTERNAL.match(href.group(1)) and not href.group(1).startswith(self.site_url or "\0"):
                    text = text.replace("<a ", '<a data-print-external="" ', 1)
            return text

        return TAG.sub(tag, fragment)

    # ---- one question, one checklist

    def question_html(self, qid: str, in_pack: set[str], in_pack_key: str = "") -> str:
        url = self.page_url(f"q/{qid}.md")
        page = self.built(url)
        # A rebuild under `mkdocs serve` reuses the entry of a page that did not change. All the
        # rewriting reads: the built page, its id and URL, the pack's questions, every
        # question id (links to questions) and where the site is.
        in_pack_key = in_pack_key or digest(*sorted(in_pack))
        key = digest(page, qid, url, in_pack_key, self.ids_key, self.site_url, str(self.directory_urls))
        body = PRINTED.through(key, lambda: self.question_body(qid, url, page, in_pack))
        return render("print_question.html", id=qid, body=Safe(body))

    def question_body(self, qid: str, url: str, page: str, in_pack: set[str]) -> str:
        body = article(page, str(self.built_file(url)))
        body = drop(body, r'<nav class="md-tags"')
        body = drop(body, r'<div class="q-actions"')
        body = drop(body, r'<nav aria-label="In this topic" class="q-pager"|<nav class="q-pager"')
        related = re.search(rf'<h2 id="{re.escape(qid)}--related"', body)
        if related:  # the heading and its list: links for the screen, not for paper
            after = body.find('<div class="q-list"', related.start())
            end = element_end(body, after) if after >= 0 else element_end(body, related.start())
            body = body[: related.start()] + body[end:]
        body = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", body, flags=re.S)
        body = re.sub(r"<details\b(?![^>]*\sopen)", "<details open", body)  # nothing folded on paper
        body = self.rewrite(body, url, in_pack, lambda i: self.qid_anchor(qid, i))
        return fit_pre(shift_headings(body)).strip()

    def find_checklist(self, cid: str) -> tuple[str, str, int] | None:
        """(page URL, its article, where the checklist starts) of a built page showing it:
        the checklists page first (it shows every one), else any page; None if none does."""
        pattern = re.compile(rf'<div class="checklist"[^>]*\sid="checklist-{re.escape(cid)}"')

        def candidates():
            yield self.page_url("checklists/index.md")
            for path in sorted(self.site.rglob("*.html")):
                rel = path.relative_to(self.site).as_posix()
                if not rel.startswith(FOLDER + "/"):
                    yield rel

        for url in candidates():
            if not self.built_file(url).is_file() and url not in self._pages:
                continue
            text = self.built(url)
            if pattern.search(text):
                body = article(text, str(self.built_file(url)))
                return url, body, pattern.search(body).start()
        return None

    def checklists_html(self, cids: list[str], in_pack: set[str]) -> str:
        out = []
        for cid in cids:
            found = self.find_checklist(cid)
            if found is None:  # a checklist no page shows has nothing to print either
                continue
            url, page, start = found
            block = page[start : element_end(page, start)]
            block = drop(block, r'<div class="checklist-toolbar"')
            title = self.g.checklists[cid].title

            def id_of(i, cid=cid):
                return "pc--" + (cid if i == f"checklist-{cid}" else f"{cid}.{i}")

            def local(anchor, cid=cid, url=url, block=block):
                # another checklist of the pack, an anchor of this one, or its page on the site
                other = anchor[len("checklist-") :] if anchor.startswith("checklist-") else None
                if other in cids:
                    return f"#pc--{other}"
                if re.search(rf'\sid="{re.escape(anchor)}"', block):
                    return "#" + id_of(anchor)
                return self.on_site(url, anchor)

            block = self.rewrite(block, url, in_pack, id_of, local)
            out.append(render("print_checklist.html", id=cid, title=title, block=Safe(fit_pre(block))))
        return "\n".join(out)

    # ---- the packs

    def chapters(self, pack: str) -> list[tuple[str, str, list[str]]]:
        """(chapter id, title, question ids) of a pack, in reading order."""
        if pack == ALL:
            homes = sorted(self.order, key=lambda h: (self.nav.index(h) if h in self.nav else len(self.nav), h))
            return [
                (f"chapter-{i + 1}", page_title(self.docs / home), self.order[home]) for i, home in enumerate(homes)
            ]
        t = self.g.tracks[pack]
        by_kind = {k: [q for q in t.questions if self.g.questions[q].kind == k] for k in KIND_LABELS}
        return [(f"chapter-{kind}", label, by_kind[kind]) for kind, label in KIND_LABELS.items() if by_kind[kind]]

    def pack(self, pack: str) -> tuple[str, dict]:
        chapters = self.chapters(pack)
        in_pack = {qid for _, _, qids in chapters for qid in qids}
        in_pack_key = digest(*sorted(in_pack))
        cids = list(self.g.checklists) if pack == ALL else list(self.g.tracks[pack].checklists)
        if pack == ALL:
            title, subtitle = SITE, "Every question with its full answer, and every checklist."
        else:
            t = self.g.tracks[pack]
            title = f"{SITE}: {t.title} track"
            subtitle = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", " ".join(t.summary.split()))
        content = render(
            "print_pack.html",
            site=SITE,
            cover_title=title if pack == ALL else self.g.tracks[pack].title + " track",
            subtitle=subtitle,
            questions=len(in_pack),
            checklists=len(cids),
            built=time.strftime("%Y-%m-%d", time.gmtime()),
            home=self.site_url or "../../index.html",
            home_text=self.site_url or "index.html",
            chapters=[
                {
                    "id": cid,
                    "title": name,
                    "entries": [{"anchor": self.qid_anchor(q), "title": self.g.questions[q].title} for q in qids],
                    "body": Safe("\n".join(self.question_html(q, in_pack, in_pack_key) for q in qids)),
                }
                for cid, name, qids in chapters
            ],
            checklists_body=Safe(self.checklists_html(cids, in_pack)) if cids else "",
        )
        page = self.document(title, content)
        meta = {
            "id": pack,
            "title": title,
            "page": pack_page(pack),
            "pdf": pdf_name(pack),
            "questions": len(in_pack),
            "checklists": len(cids),
        }
        return page, meta

    def document(self, title: str, content: str) -> str:
        sample = self.built("")
        styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', sample) + [STYLE]
        body = re.search(r"<body([^>]*)>", sample)
        page = render(
            "print_document.html",
            title=title,
            styles=styles,
            body_attrs=Safe(body.group(1) if body else ""),
            content=Safe(content.strip()),
        )
        return page + "\n"

    def write(self) -> list[dict]:
        packs = [ALL, *self.g.tracks]
        metas = []
        for pack in packs:
            page, meta = self.pack(pack)
            path = self.site / pack_page(pack)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page, encoding="utf-8")
            metas.append(meta)
        (self.site / PACKS_FILE).write_text(
            json.dumps({"packs": metas, "zip": ZIP, "downloads": [m["pdf"] for m in metas] + [ZIP]}, indent=1) + "\n",
            encoding="utf-8",
        )
        return metas


def nav_pages(nav) -> list[str]:
    """The docs paths of the navigation, in order."""
    out: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            if item.endswith(".md"):
                out.append(item)
        elif isinstance(item, dict):
            for v in item.values():
                walk(v)
        elif isinstance(item, list):
            for v in item:
                walk(v)

    walk(nav)
    return out


def _hrefs(page_url: str, online: str | None):
    """Link makers for a page: to a file of the build (relative), and to a download, which is
    relative too, except in the copy that opens from disk (`online`: the site's address),
    which holds no downloads. The templates escape them."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

    def href(target: str) -> str:
        return posixpath.relpath(target, base.rstrip("/") or ".")

    def download(target: str) -> str:
        return online.rstrip("/") + "/" + target if online else href(target)

    return href, download


def downloads_line(page_url: str, pack: str, what: str, online: str | None = None) -> str:
    """Raw HTML (MkDocs checks Markdown links at build time, and the PDF comes after the build):
    the pack's PDF and its printable page, linked relative to the page showing them."""
    href, download = _hrefs(page_url, online)
    return render("downloads_line.html", pdf=download(pdf_name(pack)), page=href(pack_page(pack)), what=what) + "\n"


def downloads_list(page_url: str, g: Guide, online: str | None = None) -> str:
    """Every download: the whole guide and each track as PDFs, and the offline zip."""
    href, download = _hrefs(page_url, online)

    def pack(pid: str) -> dict:
        return {"pdf": download(pdf_name(pid)), "page": href(pack_page(pid))}

    return (
        render(
            "downloads_list.html",
            all=pack(ALL),
            tracks=[pack(t.id) | {"title": t.title} for t in g.tracks.values()],
            zip=download(ZIP),
        )
        + "\n"
    )
