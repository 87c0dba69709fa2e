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


def test_every_internal_link_and_anchor_resolves(site, scans):
    out, _ = site
    broken = []
    for page, s in scans.items():
        for tag, url in s.links:
            if is_external(url) or url.startswith(("mailto:", "javascript:")):
                continue
            target, fragment = resolve(out, page, url)
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: <{tag}> {url} -> missing {target.relative_to(out)}")
            elif fragment and target.suffix == ".html" and fragment not in scans[target].ids:
                broken.append(f"{page.relative_to(out)}: <{tag}> {url} -> no anchor #{fragment}")
    assert not broken, "\n".join(broken[:40])


def test_no_unresolved_question_links(scans):
    leftovers = [f"{p}: {u}" for p, s in scans.items() for _, u in s.links if u.startswith("q:")]
    assert not leftovers, leftovers[:10]


def test_every_question_is_one_anchor(site, scans, guide):
    counts = Counter(i for s in scans.values() for i in s.ids)
    wrong = {q: counts[q] for q in guide.questions if counts[q] != 1}
    assert not wrong, f"questions not anchored exactly once: {wrong}"


def test_no_asset_from_another_host(site, scans):
    out, _ = site
    offenders = [f"{p.relative_to(out)}: <{t}> {u}" for p, s in scans.items() for t, u in s.assets if is_external(u)]
    for css in out.rglob("*.css"):
        for url in re.findall(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')\s]+)""", css.read_text()):
            offenders.append(f"{css.relative_to(out)}: {url}")
    assert not offenders, offenders[:20]


def test_search_index_has_every_question(site, guide):
    out, _ = site
    index = json.loads((out / "search/search_index.json").read_text())
    locations = {d["location"] for d in index["docs"]}
    for q in guide.questions.values():
        page = q.home[:-3]
        page = page[: -len("index")] if page.endswith("index") else page + "/"
        assert f"{page}#{q.id}" in locations, f"{q.id} missing from the search index"


def test_no_macro_error_text_in_pages(scans):
    for page in scans:
        text = page.read_text()
        assert "Macro Rendering Error" not in text and "Macro Syntax Error" not in text, page


def test_every_diagram_call_renders_a_figure_with_text(site):
    out, _ = site
    docs = Path(__file__).resolve().parents[2] / "docs"
    calls = 0
    for md in docs.rglob("*.md"):
        for did in re.findall(r"\{\{\s*diagram\('([a-z0-9-]+)'\)\s*\}\}", md.read_text()):
            calls += 1
            rel = md.relative_to(docs).as_posix()[:-3]
            page = out / (rel[: -len("index")] if rel.endswith("index") else rel + "/") / "index.html"
            html = page.read_text()
            assert f'<figure class="diagram" id="diagram-{did}"' in html, (rel, did)
            figure = html[html.index(f'id="diagram-{did}"'):]
            figure = figure[: figure.index("</figure>")]
            assert 'class="diagram-text"' in figure and "→" in figure and 'role="img"' in figure
    assert calls >= 7


def test_practice_records_reuse_the_pages_html_faithfully(site, guide):
    """practice.json takes each question's parts from the HTML of its home page (macros/
    capture.py). Converting the same Markdown on its own must give the same HTML, and no
    capture marker may be left in a page."""
    from mkdocs.config import load_config

    from macros.practice import Practice
    from macros.render import Renderer

    out, url = site
    conf = load_config(str(Path(__file__).resolve().parents[2] / "mkdocs.yml"))
    standalone = Practice(guide, Renderer(guide), conf["markdown_extensions"], conf["mdx_configs"], url)
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


def test_contents_of_a_topic_page_list_its_questions_not_their_sections(site, guide):
    """macros/toc.py: several entries on a page -> their titles only; one entry -> in full."""
    out, _ = site

    def contents(page: str) -> list[str]:
        html = (out / page / "index.html").read_text()
        start = html.index("md-sidebar--secondary")
        return re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', html[start:html.index("md-content", start)])

    topic = contents("topics/gpu-cuda")
    titles = [q.title for q in guide.questions.values() if q.home == "topics/gpu-cuda.md"]
    assert len(titles) > 1 and all(t in topic for t in titles)
    assert "Pitfalls" not in topic and "Follow-ups" not in topic
    design = contents("system-design/llm-inference-service")
    assert "Capacity estimate" in design and "Follow-ups" in design


def test_scoring_sheet_and_debrief_template_come_from_the_same_areas(site, guide):
    """Both printable sheets are drawn from data/interviewers/areas.yml (macros/interviewers.py):
    the same areas in the same order, the mock loop's scale, no macro text left over."""
    import html as htmllib

    from macros.interviewers import load_interviewing
    from macros.practice import SCALE

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
        assert f'#{q.id}"' in scoring, q.id


def test_calibrated_answers_and_levels_render_every_record(site, guide):
    from macros.interviewers import load_interviewing

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
