"""Content safety: text in data that looks like HTML or Jinja is shown as text (or rendered
as intended), never executed, never templated.

Each case builds a copy of tests/fixtures/mini (with the real macros/ and the site's own
docs/assets scripts) plus one question carrying the payload in one field, then checks the
HTML and, in Chromium, that `window.__pwned` stays undefined on the question's page, on the
question bank and after a search. A build that refuses the payload with one line naming the
file and the field is also safe.

A case marked xfail is an engine defect reported to the engine's owner (see its reason).
xfail is strict: the fix turns it red until the marker is removed.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from scripts.csp_hashes import scan
from tests.conftest import QuietHandler, free_port, mkdocs_build
from tests.waits import search

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
SCRIPT = "<script>window.__pwned=1</script>"
HANDLER = '<img src="x" onerror="window.__pwned=2">'
JINJA = "{{ 7*7 }}"

QUESTION = """---
id: evil-question
title: {title}
prompt: {prompt}
kind: knowledge
difficulty: easy
topic: alpha
rounds: [ml-domain]
short_answer: {short_answer}
---

## What the interviewer listens for

Whether you can say {jinja} out loud.

## Answer

{body}

## Pitfalls

- None.

## Follow-ups

- **Why {jinja}?** Because.
"""

SAFE = {"title": "Evil question", "prompt": "Prompt text.", "short_answer": "Short text.", "body": "A plain answer."}

PASSIVE = '<b>bold</b> <img src="x" alt="pwned"> Vec<T>'

CASES = {
    # Plain-text fields with active HTML: refused with one line (or escaped).
    "title": pytest.param({"title": f"'Evil {SCRIPT} {JINJA}'"}, "Evil", SCRIPT),
    "prompt": pytest.param({"prompt": f"'Prompt {SCRIPT} {JINJA} {HANDLER}'"}, "Prompt", SCRIPT),
    "short_answer": pytest.param({"short_answer": f"'Short {SCRIPT} {JINJA} {HANDLER}'"}, "Short", SCRIPT),
    # ... and with passive HTML: shown to the reader as the text it is, never as markup.
    "title-passive": pytest.param({"title": f"'Evil {PASSIVE}'"}, "Evil", PASSIVE),
    "title-braces": pytest.param({"title": f"'Evil {JINJA}'"}, "Evil", JINJA),
    "prompt-passive": pytest.param({"prompt": f"'Prompt {PASSIVE} {JINJA}'"}, "Prompt", PASSIVE),
    "short_answer-passive": pytest.param({"short_answer": f"'Short {PASSIVE} {JINJA}'"}, "Short", PASSIVE),
    # Markdown body: code is shown as written; Jinja is never run on bodies.
    "body-code": pytest.param(
        {"body": f"Inline `{SCRIPT}`, {JINJA} and {{% if true %}}x{{% endif %}}.\n\n```html\n{SCRIPT}\n{HANDLER}\n```"},
        "Inline",
        None,
    ),
    # Raw active HTML in a body: Markdown would pass it through; it must be refused or escaped.
    "body-html": pytest.param({"body": f"Raw {SCRIPT} and {HANDLER} in prose."}, "Raw", None),
}


def build_case(tmp: Path, fields: dict) -> tuple:
    project = tmp / "mini"
    shutil.copytree(MINI, project)
    shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "overrides").mkdir(exist_ok=True)
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    values = {**SAFE, **fields, "jinja": JINJA}
    (project / "data/questions/alpha/evil-question.md").write_text(QUESTION.format(**values), encoding="utf-8")
    (project / "docs/bank.md").write_text(
        "---\nrender_macros: true\n---\n# Bank\n\n{{ question_bank() }}\n", encoding="utf-8"
    )
    conf = project / "mkdocs.yml"
    text = conf.read_text(encoding="utf-8")
    assert "  - the-loop.md\n" in text, "tests/fixtures/mini/mkdocs.yml changed: update this test"
    text = text.replace("  - the-loop.md\n", "  - the-loop.md\n  - bank.md\n")
    text += "\nextra_javascript:\n  - assets/core.js\n  - assets/guide.js\n  - assets/bank.js\nextra_css:\n  - assets/guide.css\n"
    conf.write_text(text, encoding="utf-8")
    out = tmp / "out"
    port = free_port()
    return mkdocs_build(project, out, f"http://127.0.0.1:{port}/"), out, port


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    cache = {}

    def get(name, fields):
        if name not in cache:
            cache[name] = build_case(tmp_path_factory.mktemp(name), fields)
        return cache[name]

    return get


def rejected_loudly(result, field: str) -> bool:
    lines = [line for line in (result.stdout + result.stderr).splitlines() if "ERROR" in line]
    return any("data/questions/alpha/evil-question.md" in line and f"field '{field}'" in line for line in lines)


def live_markup(html: str) -> list[str]:
    """Payload markup that would run or render: the script element, the handler attribute,
    the passive payload's elements, unescaped."""
    return re.findall(r"<script>window\.__pwned|\bonerror=|<b>bold</b>|<img src=\"x\" alt=\"pwned\">", html)


@pytest.mark.parametrize(("fields", "word", "shown"), list(CASES.values()), ids=list(CASES))
def test_payload_is_text_or_refused_never_run(builds, chromium, fields, word, shown, request):
    name = request.node.callspec.id
    result, out, port = builds(name, fields)
    field = name.split("-")[0]
    if result.returncode != 0:
        assert rejected_loudly(result, field), (result.stdout + result.stderr)[-3000:]
        print(
            f"{name}: refused: "
            + next(line for line in (result.stdout + result.stderr).splitlines() if "evil-question.md" in line)
        )
        return
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    live = {rel: live_markup(h) for rel, h in pages.items() if live_markup(h)}
    assert live == {}, live
    home = pages["q/evil-question/index.html"]  # the question's own page holds the whole entry
    assert JINJA in home, "the Jinja-looking text must be shown as written"
    assert ">49<" not in home and " 49 " not in re.sub(r"<[^>]+>", " ", home)
    # The CSP tool would refuse this build if any inline script reached the page content.
    assert scan(out)[1] == []

    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seen = chromium.run(observe, f"http://127.0.0.1:{port}/", word)
    finally:
        server.shutdown()
        server.server_close()
    assert seen["pwned"] == {
        "topics/alpha/": "undefined",
        "bank/": "undefined",
        "q/evil-question/": "undefined",
        "search": "undefined",
    }
    if shown:
        assert shown in seen["article"], "the payload must be shown to the reader as the text it is"
    assert seen["images"] == 0, "the passive payload's <img> was rendered as an element"


def observe(browser, base: str, word: str) -> dict:
    """In Chromium: is window.__pwned set on the question's page, the bank, after a search?"""
    context = browser.new_context()
    pg = context.new_page()
    pwned = {}
    try:
        for path in ("bank/", "topics/alpha/", "q/evil-question/"):
            pg.goto(base + path)
            pg.wait_for_load_state("networkidle")
            pwned[path] = pg.evaluate("typeof window.__pwned")
        article = pg.locator("article").text_content()
        images = pg.locator('img[alt="pwned"]').count()
        search(pg, word).first.wait_for()
        pwned["search"] = pg.evaluate("typeof window.__pwned")
        return {"pwned": pwned, "article": article, "images": images}
    finally:
        context.close()


def test_csp_tool_refuses_inline_script_in_page_content(tmp_path):
    """Hashing every inline script would let injected content run: only the theme's count."""
    from scripts.csp_hashes import main

    (tmp_path / "index.html").write_text(
        "<html><head><script>theme()</script></head><body>"
        '<script id="__config" type="application/json">{"a": 1}</script>'
        "<article><p>text</p></article></body></html>",
        encoding="utf-8",
    )
    hashes, problems, _ = scan(tmp_path)
    assert problems == [] and len(hashes) == 1
    (tmp_path / "a.html").write_text("<article><script>evil()</script></article>", encoding="utf-8")
    (tmp_path / "b.html").write_text('<p><a href="javascript:evil()" onclick="evil()">x</a></p>', encoding="utf-8")
    problems = scan(tmp_path)[1]
    assert any(p.startswith("a.html: inline <script> in the page content") for p in problems), problems
    assert any("b.html" in p and "onclick" in p for p in problems), problems
    assert any("b.html" in p and "javascript: URL" in p for p in problems), problems
    assert main([str(tmp_path)]) == 1
