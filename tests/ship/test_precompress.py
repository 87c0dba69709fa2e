"""scripts/precompress.py: a .gz and a .br beside every text file, byte-for-byte the same data."""

from __future__ import annotations

import gzip

import brotli

from scripts.precompress import main, precompress


def test_text_files_get_both_encodings_and_binaries_none(tmp_path):
    (tmp_path / "index.html").write_text("<p>" + "hello " * 100, encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    (tmp_path / "deck.apkg").write_bytes(b"PK\x03\x04 binary")
    done = precompress(tmp_path)
    assert sorted(p.name for p in done) == ["index.html", "search_index.json"]
    for path in done:
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data
    assert not (tmp_path / "deck.apkg.gz").exists() and not (tmp_path / "deck.apkg.br").exists()


def test_output_depends_only_on_the_input(tmp_path):
    (tmp_path / "index.html").write_text("<p>same</p>", encoding="utf-8")
    precompress(tmp_path)
    first = (tmp_path / "index.html.gz").read_bytes(), (tmp_path / "index.html.br").read_bytes()
    precompress(tmp_path)  # again: no time stamps, and .gz/.br files are not compressed themselves
    assert ((tmp_path / "index.html.gz").read_bytes(), (tmp_path / "index.html.br").read_bytes()) == first
    assert not (tmp_path / "index.html.gz.gz").exists()


def test_refuses_a_directory_that_is_not_a_site(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path}: not a built site (no index.html)"
