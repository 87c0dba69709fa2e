"""The pure parts of the offline copy (macros/offline.py) and the print packs
(macros/print_pages.py), on small inputs; the built site and the browser test the rest."""

from __future__ import annotations

import json

import pytest

from macros.outputs import offline
from macros.pages import print_pages


def test_addresses_are_those_readers_use():
    assert offline.address("index.html") == ""
    assert offline.address("q/kv-cache-size/index.html") == "q/kv-cache-size/"
    assert offline.address("assets/guide.js") == "assets/guide.js"
    assert offline.address("404.html") == "404.html"


def test_precache_leaves_out_downloads_print_pages_and_twins(tmp_path):
    for rel in [
        "index.html",
        "q/a/index.html",
        "assets/guide.js",
        "assets/guide.js.gz",
        "assets/x.js.map",
        "print/all/index.html",
        "downloads/guide.pdf",
        "assets/decks/all.apkg",
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "sw.js",
        "offline-manifest.json",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel)
    assert offline.precached(tmp_path) == ["assets/guide.js", "index.html", "q/a/index.html"]


def test_manifest_version_follows_the_contents(tmp_path):
    (tmp_path / "index.html").write_text("one")
    (tmp_path / "sw.js").write_text(f'var VERSION = "{offline.VERSION_MARK}";')
    first = offline.write_manifest(tmp_path)
    assert first["files"] == [""]
    assert f'"{first["version"]}"' in (tmp_path / "sw.js").read_text()
    assert json.loads((tmp_path / "offline-manifest.json").read_text())["version"] == first["version"]
    (tmp_path / "index.html").write_text("two")
    (tmp_path / "sw.js").write_text(f'var VERSION = "{offline.VERSION_MARK}";')
    assert offline.write_manifest(tmp_path)["version"] != first["version"]


def test_a_worker_without_its_placeholder_fails_in_one_line(tmp_path):
    (tmp_path / "sw.js").write_text('var VERSION = "fixed";')
    with pytest.raises(offline.GuideError, match="placeholder"):
        offline.write_manifest(tmp_path)


def test_file_addresses_for_the_copy_on_disk(tmp_path):
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "a.html").write_text("")
    (tmp_path / "coding").mkdir()
    (tmp_path / "coding" / "index.html").write_text("")
    (tmp_path / "index.html").write_text("")
    assert offline.file_address(tmp_path, "q/a/#x") == "q/a.html#x"
    assert offline.file_address(tmp_path, "coding/") == "coding/index.html"
    assert offline.file_address(tmp_path, "") == ""
    assert offline.file_address(tmp_path, "https://example.com/") == "https://example.com/"
    data = offline.as_files(tmp_path, {"url": "q/a/", "html": '<a href="coding/">c</a>', "n": [1]})
    assert data == {"url": "q/a.html", "html": '<a href="coding/index.html">c</a>', "n": [1]}


def test_offline_plugin_settings_read_both_ways():
    class Plugin:
        config = {"enabled": True}

    assert offline.offline_plugin_enabled({"plugins": {"material/offline": Plugin()}})
    assert not offline.offline_plugin_enabled({"plugins": {"offline": {"enabled": False}}})
    assert not offline.offline_plugin_enabled({"plugins": {}})


def test_elements_end_where_their_tag_closes():
    html = '<div class="a"><div>in</div><br/></div><p>after</p>'
    assert html[: print_pages.element_end(html, 0)] == '<div class="a"><div>in</div><br/></div>'
    assert print_pages.drop(html, r'<div class="a"') == "<p>after</p>"


def test_pre_blocks_state_their_longest_line_and_long_ones_wrap():
    short = print_pages.fit_pre("<pre><code>ab\nabcd &lt;x&gt;</code></pre>")
    assert 'style="--cols: 8"' in short and "data-print-wrap" not in short
    long = print_pages.fit_pre("<pre>" + "x" * 151 + "</pre>")
    assert "data-print-wrap" in long


def test_headings_move_down_one_level_and_ids_keep_their_question():
    assert print_pages.shift_headings("<h1 id=a>T</h1><h6>x</h6>") == "<h2 id=a>T</h2><h6>x</h6>"
    assert print_pages.PackBuilder.qid_anchor("kv") == "pq--kv"
    assert print_pages.PackBuilder.qid_anchor("kv", "kv--answer") == "pq--kv--answer"
    assert print_pages.PackBuilder.qid_anchor("kv", "answer") == "pq--kv.answer"


def test_download_links_are_relative_except_from_disk():
    line = print_pages.downloads_line("tracks/acme/", "acme", "this track")
    assert 'href="../../downloads/ai-platform-interview-guide-acme.pdf"' in line
    assert 'href="../../print/acme/index.html"' in line
    line = print_pages.downloads_line("tracks/acme.html", "acme", "this track", online="https://g.example/")
    assert 'href="https://g.example/downloads/ai-platform-interview-guide-acme.pdf"' in line
    assert 'href="../print/acme/index.html"' in line
