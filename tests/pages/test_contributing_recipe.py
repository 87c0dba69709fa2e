"""The contributor page's recipe works as written: add one question file, call the macro, build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import mkdocs_build

ROOT = Path(__file__).resolve().parents[2]


def example_question() -> str:
    page = (ROOT / "docs/contributing.md").read_text()
    block = re.search(r"## Add a question: one file.*?```markdown\n(.*?)\n```\n", page, re.S).group(1)
    assert block.startswith("---\nid: kv-cache-size")
    return block


def test_recipe_builds(tmp_path):
    project = tmp_path / "guide"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "site", "__pycache__", ".pytest_cache", ".hypothesis", "tests"
        ),
    )
    text = example_question().replace("id: kv-cache-size", "id: kv-cache-size-example")
    text = text.replace("...", "Written by a contributor.")
    (project / "data/questions/model-serving/kv-cache-size-example.md").write_text(text + "\n")
    page = project / "docs/topics/model-serving.md"
    page.write_text(page.read_text() + "\n{{ question('kv-cache-size-example') }}\n")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    html = (tmp_path / "out/topics/model-serving/index.html").read_text()
    assert 'id="kv-cache-size-example"' in html
