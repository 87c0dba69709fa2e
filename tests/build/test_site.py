"""Checks on the HTML of one strict build of the real site."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from .htmlscan import is_external, pages, resolve, scan

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def scans(site):
    out, _ = site
    return {p: scan(p) for p in pages(out)}


def release_downloads(out: Path) -> set[Path]:
    """Files the release step adds after the build (the PDFs, the offline zip), which
    print/packs.json names (macros/pages/print_pages.py); tests/ship/test_pdf.py makes them."""
    listing = json.loads((out / "print" / "packs.json").read_text(encoding="utf-8"))
    return {out / path for path in listing["downloads"]}


def test_every_internal_link_and_anchor_resolves(site, scans):
    out, _ = site
    later = release_downloads(out)
    broken = []
    for page, s in scans.items():
        for tag, url in s.links:
            if is_external(url) or url.startswith(("mailto:", "javascript:")):
                continue
            target, fragment = resolve(out, page, url)
            if not target.is_file() and target in later:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: <{tag}> {url} -> missing {target.relative_to(out)}")
            elif fragment and target.suffix == ".html" and fragment not in scans[target].ids:
                broken.append(f"{page.relative_to(out)}: <{tag}> {url} -> no anchor #{fragment}")
    assert not broken, "\n".join(broken[:40])


def test_no_unresolved_question_links(scans):
    leftovers = [f"{p}: {u}" for p, s in scans.items() for _, u in s.links if u.startswith("q:")]
    assert not leftovers, leftovers[:10]


def home_html(out: Path, docs_path: str) -> Path:
    rel = docs_path[:-3]
    return out / (rel[: -len("index")] if rel.endswith("index") else rel + "/") / "index.html"


def test_every_question_has_its_page_and_one_row_on_its_home(site, scans, guide):
    """Its page holds the entry (title as h1, sections with their old anchors); its home page
    lists it in a row with its id, so old addresses (home/#<id>) still land."""
    out, _ = site
    counts = Counter(i for s in scans.values() for i in s.ids)
    wrong = {}
    for q in guide.questions.values():
        page = (out / "q" / q.id / "index.html").read_text()
        if not re.search(rf'<h1 [^>]*id="{q.id}"', page) or f'id="{q.id}--answer"' not in page:
            wrong[q.id] = "no entry on its page"
        elif f'id="{q.id}"' not in home_html(out, q.home).read_text() and q.home != "system-design/index.md":
            wrong[q.id] = f"no row on {q.home}"
        elif counts[q.id] > 2:
            wrong[q.id] = f"id used {counts[q.id]} times"
    assert not wrong, wrong


def test_no_asset_from_another_host(site, scans):
    out, _ = site
    offenders = [f"{p.relative_to(out)}: <{t}> {u}" for p, s in scans.items() for t, u in s.assets if is_external(u)]
    for css in out.rglob("*.css"):
        for url in re.findall(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')\s]+)""", css.read_text()):
            offenders.append(f"{css.relative_to(out)}: {url}")
    assert not offenders, offenders[:20]


def squashed(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", re.sub(r"<[^>]+>|&[a-z]+;|&#\d+;", " ", text.lower()))


def test_search_index_finds_each_question_on_its_page_and_only_there(site, guide):
    """Each question is indexed at q/<id>/; its prompt is in the index once (the lists that
    repeat it are data-search-exclude), so a search never shows the same text twice."""
    out, _ = site
    docs = json.loads((out / "search/search_index.json").read_text())["docs"]
    locations = {d["location"] for d in docs}
    texts = [(d["location"], squashed(d["title"] + " " + d["text"])) for d in docs]
    twice = {}
    for q in guide.questions.values():
        assert f"q/{q.id}/" in locations, f"{q.id} missing from the search index"
        probe = squashed(q.prompt)[:60]
        where = sorted({loc.split("#")[0] for loc, t in texts if probe in t})
        if where != [f"q/{q.id}/"]:
            twice[q.id] = where
    assert not twice, dict(list(twice.items())[:10])


def test_no_macro_error_text_in_pages(scans):
    for page in scans:
        text = page.read_text()
        assert "Macro Rendering Error" not in text and "Macro Syntax Error" not in text, page


def test_every_diagram_renders_a_figure_with_text(site, guide):
    """Diagrams a question lists (`diagrams:`) on its page, and `diagram()` calls on pages."""
    out, _ = site
    docs = Path(__file__).resolve().parents[2] / "docs"
    wanted = [(out / "q" / q.id / "index.html", did) for q in guide.questions.values() for did in q.diagrams]
    for md in docs.rglob("*.md"):
        for did in re.findall(r"\{\{\s*diagram\('([a-z0-9-]+)'\)\s*\}\}", md.read_text()):
            wanted.append((home_html(out, md.relative_to(docs).as_posix()), did))
    for page, did in wanted:
        html = page.read_text()
        assert f'<figure class="diagram" id="diagram-{did}"' in html, (page, did)
        figure = html[html.index(f'id="diagram-{did}"') :]
        figure = figure[: figure.index("</figure>")]
        assert 'class="diagram-text"' in figure and "→" in figure and 'role="img"' in figure
    assert len(wanted) >= len(list((docs.parent / "data" / "diagrams").glob("*.yml")))


def test_practice_records_are_the_questions_rendered_with_the_sites_extensions(site, guide):
    """practice.json holds each question's parts as HTML, converted with mkdocs.yml's own
    Markdown extensions (a standalone Practice with that config gives the same)."""
    from mkdocs.config import load_config

    from macros.outputs.practice import Practice

    out, url = site
    conf = load_config(str(Path(__file__).resolve().parents[2] / "mkdocs.yml"))
    standalone = Practice(guide, conf["markdown_extensions"], conf["mdx_configs"], url)
    built = json.loads((out / "assets/practice.json").read_text(encoding="utf-8"))["questions"]
    assert built.keys() == guide.questions.keys()
    for qid, q in guide.questions.items():
        expected = standalone.record(q)
        for part in ("prompt", "short", "listens", "followups"):
            assert built[qid][part] == expected[part], f"{qid}: {part}"
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "guide-capture" not in text and "data-question-end" not in text, page


def test_no_script_blocks_the_first_paint(site):
    """overrides/main.html: every script file loads deferred (Material's bundle first, as it
    defines document$ for ours), and the head marks the page as scripted itself."""
    out, _ = site
    for page in [out / "index.html", out / "topics/gpu-cuda/index.html", out / "question-bank/index.html"]:
        text = page.read_text(encoding="utf-8")
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text)
        assert tags and all(re.search(r"\sdefer[\s>]", t) for t in tags), (page, tags)
        assert "bundle." in tags[0], "Material's bundle must come first"
        head = text.split("</head>", 1)[0]
        assert 'classList.replace("no-js", "js")' in head


def test_contents_of_every_page_list_every_section(site, scans):
    """The table of contents of each page lists each of its h2 and h3 headings (on 30 pages it
    used to stop after the first section)."""
    out, _ = site
    missing = {}
    for page in scans:
        html = page.read_text()
        if "md-sidebar--secondary" not in html or 'class="md-content"' not in html:
            continue
        start = html.index("md-sidebar--secondary")
        toc = set(
            re.findall(
                r'<a href="#([^"]+)" class="md-nav__link">', html[start : html.index('class="md-content"', start)]
            )
        )
        article = html[html.index('class="md-content"') :]
        heads = set(re.findall(r'<h[23] id="([^"]+)"', article))
        if heads - toc:
            missing[page.relative_to(out).as_posix()] = sorted(heads - toc)[:3]
    assert not missing, dict(list(missing.items())[:10])


def test_scoring_sheet_and_debrief_template_come_from_the_same_areas(site, guide):
    """Both printable sheets are drawn from data/interviewers/areas.yml (macros/pages/interviewers.py):
    the same areas in the same order, the mock loop's scale, no macro text left over."""
    import html as htmllib

    from macros.data.interviewing import load_interviewing
    from macros.data.practice_rules import SCALE

    out, _ = site
    data = load_interviewing(guide)
    areas = data.areas.areas
    scoring = (out / "interviewers/scoring-sheet/index.html").read_text(encoding="utf-8")
    debrief = (out / "interviewers/debrief/index.html").read_text(encoding="utf-8")
    assert re.findall(r'data-area="([a-z0-9-]+)"', scoring) == [a.id for a in areas]
    assert re.findall(r'<th scope="row">\d+\. ([^<]+)</th>', debrief) == [htmllib.escape(a.title) for a in areas]
    assert re.findall(r'data-check="([a-z0-9-]+)"', debrief) == [c.id for c in data.debrief.bias_checks]
    for text in (scoring, debrief):
        assert text.count('class="iv-sheet"') == 1 and "{{" not in text and "](q:" not in text
        assert all(label in text for label in SCALE)
    for a in areas:  # every standard question is linked from the scoring sheet
        q = guide.questions[a.question]
        assert f'q/{q.id}/"' in scoring, q.id


def test_calibrated_answers_and_levels_render_every_record(site, guide):
    from macros.data.interviewing import load_interviewing

    out, _ = site
    data = load_interviewing(guide)
    cal = (out / "interviewers/calibrated-answers/index.html").read_text(encoding="utf-8")
    for c in data.calibration.calibrations:
        assert f'id="cal-{c.question}"' in cal, c.question
    assert cal.count("Scores and why</summary>") == len(data.calibration.calibrations)
    levels = (out / "interviewers/areas-and-levels/index.html").read_text(encoding="utf-8")
    for a in data.areas.areas:
        for anchor in (f"area-{a.id}", f"area-{a.id}-ladder", f"area-{a.id}-levels"):
            assert f'id="{anchor}"' in levels, anchor
