"""The built HTML is valid: html-validate (npm, pinned in package.json) over one page of each
kind the engine renders, so a template or macro that leaves a tag open, nests a block wrongly
or writes a broken attribute fails here with the file, line and rule.

The rules are html-validate's "standard" set (.htmlvalidate.json) less five that only ever
fire on Material's own markup or pymdownx's output, which this project does not write: trailing
spaces in the theme's templates, its lower-case doctype, `autocomplete` on the drawer's and
search's toggle checkboxes, `tabindex=""` on navigation labels, and `<a name>` line anchors
in highlighted code.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"

# One page per kind of page (and per block the engine renders), by site path.
PAGES = [
    "",  # home: plans, tabs
    "404.html",
    "topics/gpu-cuda/",  # topic overview: question rows
    "q/prefix-caching/",  # knowledge question page
    "q/paged-kv-allocator/",  # coding page: included solutions, highlighted code
    "q/sd-llm-inference-service/",  # system design: diagrams
    "question-bank/",  # bank form and rows
    "checklists/",  # checklists, progress panel
    "practice/mock-loop/",
    "practice/flashcards/",
    "practice/progress/",  # dashboard
    "calculators/training-memory/",
    "calculators/collective/",
    "plan-generator/",
    "tracks/openai-anthropic/",  # track: rows by kind, checklists
    "the-loop/",
    "coding/",  # sortable coding table
    "interviewers/coding-rubric/",
    "print/all/",  # print pack
    "system-design/feature-store/",  # a moved page's forwarding stub
    "tags/",
]


def html_file(out: Path, path: str) -> Path:
    return out / path if path.endswith(".html") else out / path / "index.html"


def validate(files: list[Path]) -> subprocess.CompletedProcess:
    if not VALIDATE.exists():
        pytest.fail("node_modules/.bin/html-validate missing: run `npm ci` (make test does)")
    return subprocess.run(
        [str(VALIDATE), "--config", str(ROOT / ".htmlvalidate.json"), "--formatter", "text", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_one_page_of_each_kind_is_valid_html(site):
    out, _ = site
    files = [html_file(out, p) for p in PAGES]
    missing = [str(f.relative_to(out)) for f in files if not f.is_file()]
    assert not missing, f"pages this test names are gone (update PAGES): {missing}"
    result = validate(files)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_the_validator_catches_a_broken_page(site, tmp_path):
    """The check can fail: a question page with a block closed in the wrong order."""
    out, _ = site
    page = tmp_path / "broken.html"
    text = html_file(out, "q/prefix-caching/").read_text(encoding="utf-8")
    page.write_text(text.replace("<article", "<div><span></div><article", 1), encoding="utf-8")
    shutil.copy(ROOT / ".htmlvalidate.json", tmp_path / ".htmlvalidate.json")
    result = validate([page])
    assert result.returncode != 0 and "close-order" in result.stdout, result.stdout[-2000:]
