"""The render cache (macros/pages/render_cache.py): rebuilds in one process, as `mkdocs serve`
makes them, write exactly the files a cold build writes, convert again what an edit touched
(a page's Markdown, a snippet file, the set of files links resolve against), and fail a
strict build on a broken link every time it is there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from macros.data.memo import snippet_paths
from macros.pages.render_cache import meta_reads

# Builds in one process: the first build, then each step's edits and a rebuild. One JSON line
# per build: whether it passed, the pages converted (not restored) and each memo's hits.
REBUILDS = r"""
import json, shutil, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from macros.data.memo import MEMOS
from macros.pages import render_cache

site, steps = sys.argv[1], json.loads(sys.argv[2])
for i, step in enumerate([[]] + steps):
    for path, old, new in step:
        p = Path(path)
        if new is None:
            p.unlink()
        elif old is None:
            p.write_text(new)
        else:
            text = p.read_text()
            assert old in text, (path, old)
            p.write_text(text.replace(old, new, 1))
    try:
        build(load_config("mkdocs.yml", site_dir=f"{site}/live", strict=True))  # one folder, as serve
        ok = True
    except Abort:
        ok = False
    shutil.copytree(f"{site}/live", f"{site}/{i}")
    hits = {name: m.hits for name, m in MEMOS.items()}
    print(json.dumps({"ok": ok, "rendered": sorted(render_cache.RENDERED), "hits": hits}), flush=True)
"""

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}  # dated files agree


def rebuilds(project: Path, site: Path, *steps) -> list[dict]:
    """Build, then apply each step (a list of (path, old, new): new None deletes, old None
    writes the file) and rebuild, all in one process; one result per build."""
    r = subprocess.run(
        [sys.executable, "-c", REBUILDS, str(site), json.dumps(steps)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


def cold(project: Path, site: Path) -> dict:
    return rebuilds(project, site)[0]


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def same_tree(a: Path, b: Path) -> None:
    ta, tb = tree(a), tree(b)
    assert sorted(ta) == sorted(tb)
    assert [name for name in ta if ta[name] != tb[name]] == []


APPEND = ("data/questions/alpha/first-question.md", "- Skipping a step.", "- Skipping a step.\n- Edited once.")


def test_rebuild_after_an_edit_writes_what_a_cold_build_writes(mini, tmp_path):
    first, again = rebuilds(mini, tmp_path / "serve", [APPEND])
    assert first["ok"] and again["ok"]
    assert len(first["rendered"]) > 3 and first["hits"]["pages"] == 0
    # Only the edited question's page is converted again; every other page is restored.
    assert again["rendered"] == ["q/first-question.md"]
    assert again["hits"]["pages"] == len(first["rendered"]) - 1
    assert again["hits"]["search"] == again["hits"]["pages"]
    assert again["hits"]["templates"] >= again["hits"]["pages"] - 1  # pages listing the question change
    assert cold(mini, tmp_path / "cold")["ok"]
    same_tree(tmp_path / "serve/1", tmp_path / "cold/0")


def test_a_title_in_the_navigation_changes_every_page(mini, tmp_path):
    """Each page's navigation shows the other pages' titles: a changed heading lays out every
    page again, none restored from the last build."""
    first, again = rebuilds(mini, tmp_path / "serve", [("docs/topics/alpha.md", "# Alpha", "# Alpha, renamed")])
    assert again["ok"] and again["hits"]["templates"] == 0
    assert again["rendered"] == ["topics/alpha.md"]
    assert "Alpha, renamed" in (tmp_path / "serve/1/topics/beta/index.html").read_text()
    assert cold(mini, tmp_path / "cold")["ok"]
    same_tree(tmp_path / "serve/1", tmp_path / "cold/0")


def test_snippet_file_change_converts_the_page_that_includes_it(mini, tmp_path):
    snippet = ("docs_src/alpha/hello.py", "hello", "hello_again")
    first, again = rebuilds(mini, tmp_path / "serve", [snippet])
    assert again["ok"]
    assert "q/first-question.md" in again["rendered"]
    assert "hello_again" in (tmp_path / "serve/1/q/first-question/index.html").read_text()
    assert cold(mini, tmp_path / "cold")["ok"]
    same_tree(tmp_path / "serve/1", tmp_path / "cold/0")


def test_files_added_or_removed_convert_the_pages_again(mini, tmp_path):
    """A link's target is looked up among the build's files: a page whose Markdown did not
    change is converted again when a file comes or goes, and a link to a file now gone warns."""
    link = ("docs/topics/beta.md", "See [first]", "Notes: [notes](notes.txt). See [first]")
    add = ("docs/topics/notes.txt", None, "notes\n")
    first, added, removed, back = rebuilds(
        mini, tmp_path / "serve", [link, add], [("docs/topics/notes.txt", None, None)], [add]
    )
    assert first["ok"] and added["ok"] and back["ok"]
    assert not removed["ok"]  # strict: the link's target is gone
    assert "topics/alpha.md" in removed["rendered"] and "topics/alpha.md" in back["rendered"]
    assert cold(mini, tmp_path / "cold")["ok"]
    same_tree(tmp_path / "serve/3", tmp_path / "cold/0")


def test_broken_link_fails_every_strict_rebuild_until_fixed(mini, tmp_path):
    broken = ("data/questions/alpha/first-question.md", "- Skipping a step.", "- Skipping [a step](nope.md).")
    fixed = ("data/questions/alpha/first-question.md", "[a step](nope.md)", "a step")
    first, bad, still_bad, good = rebuilds(mini, tmp_path / "serve", [broken], [], [fixed])
    assert first["ok"] and good["ok"]
    assert not bad["ok"] and not still_bad["ok"]  # a render that warned is never cached
    assert still_bad["rendered"] == ["q/first-question.md"]


def test_snippet_paths_read_as_pymdownx_reads_them():
    text = "\n".join(
        [
            '--8<-- "docs_src/a.py"',
            ';--8<-- "docs_src/escaped.py"',
            "  --8<-- 'docs_src/b.py:1:3'",
            'text --8<-- "not/a/snippet.py"',
            "--8<--",
            "docs_src/c.py",
            ";docs_src/commented.py",
            "",
            "--8<--",
        ]
    )
    assert list(snippet_paths(text)) == ["docs_src/a.py", "docs_src/b.py:1:3", "docs_src/c.py"]


def test_meta_keys_templates_read():
    """The page meta a template can see: keys it names, whether meta is empty, or all of it."""
    assert meta_reads('{% if page.meta and page.meta.hide %}{{ lang.t("blog.meta") }}{% endif %}') == {"", "hide"}
    assert meta_reads('{{ page.meta["status"] }}{% if page.meta %}x{% endif %}') == {"status", ""}
    for anything in (
        "{% set m = page.meta %}",
        '{{ page | attr("meta") }}',
        "{{ page.meta.items() }}",
        "{{ page.meta }}",
    ):
        assert meta_reads(anything) is None, anything
