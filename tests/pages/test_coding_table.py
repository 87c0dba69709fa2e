"""The coding index's table (macros/pages/coding_table.py) and what every coding entry needs
for it: patterns, and a "Run it yourself" section whose test file exists."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from macros.data.load import load_guide
from macros.data.practice_rules import expected_minutes
from macros.pages.coding_table import DIFFICULTY_RANK, CodingTable, href
from macros.pages.render import Renderer

ROOT = Path(__file__).resolve().parents[2]
PAGE = "coding/index.md"
RUN_IT = re.compile(r"^## Run it yourself\n\n```bash\n(?P<cmd>[^\n]+)\n", re.M)
TEST_FILE = re.compile(r"\btests/solutions/test_[a-z0-9_]+\.py\b")


@pytest.fixture(scope="module")
def g():
    return load_guide(ROOT)


@pytest.fixture(scope="module")
def table(g):
    return CodingTable(g, Renderer(g)).table(PAGE)


def coding(g):
    return [q for q in g.questions.values() if q.kind == "coding"]


def rows(table: str) -> dict[str, list[tuple[str, str]]]:
    """Question id -> [(sort value, cell HTML), ...] for each row of the table."""
    out = {}
    for qid, body in re.findall(r'<tr data-q="([a-z0-9-]+)">(.*?)</tr>', table):
        out[qid] = [
            (html.unescape(v), c)
            for v, c in re.findall(r'<t[hd][^>]*data-sort-value="([^"]*)"[^>]*>(.*?)</t[hd]>', body)
        ]
    return out


def test_one_row_per_coding_question_with_its_facts(g, table):
    got = rows(table)
    assert sorted(got) == sorted(q.id for q in coding(g))
    assert len(got) >= 40
    for q in coding(g):
        cells = got[q.id]
        assert len(cells) == 7, q.id
        title, topic, diff, minutes, patterns, rounds, tracks = cells
        assert f'href="../q/{q.id}/"' in title[1]
        assert diff[0] == str(DIFFICULTY_RANK[q.difficulty]) and q.difficulty.capitalize() in diff[1]
        assert minutes == (str(expected_minutes(q)), str(expected_minutes(q)))
        assert patterns[0] == ", ".join(q.patterns).lower()
        assert html.unescape(patterns[1]) == ", ".join(q.patterns)
        for t in g.tracks.values():
            assert (html.escape(t.title) in tracks[1]) == (q.id in t.questions), (q.id, t.id)
    assert table.count('<th scope="col"') == 7 and "data-sortable" in table


def test_default_order_is_topic_then_difficulty(g, table):
    order = {t: i for i, t in enumerate(g.topics)}
    ids = list(rows(table))
    keys = [(order[g.questions[i].topic], DIFFICULTY_RANK[g.questions[i].difficulty]) for i in ids]
    assert keys == sorted(keys)


def test_links_are_relative_directory_urls():
    assert href(PAGE, "q/binary-search.md") == "../q/binary-search/"
    assert href(PAGE, "coding/platform.md") == "platform/"
    assert href("index.md", "tracks/general.md") == "tracks/general/"


def test_every_coding_entry_has_patterns_from_a_shared_vocabulary(g):
    seen: dict[str, int] = {}
    for q in coding(g):
        assert q.patterns, f"{q.source}: set patterns: [..]"
        assert len(set(q.patterns)) == len(q.patterns), q.id
        for p in q.patterns:
            assert p == p.strip() and len(p) <= 24, (q.id, p)
            seen[p] = seen.get(p, 0) + 1
    # Labels are shared, not one-offs: most of them are used by more than one entry.
    assert sum(1 for n in seen.values() if n > 1) >= len(seen) * 2 // 3, seen


def test_every_coding_entry_says_how_to_run_its_tests(g):
    for q in coding(g):
        m = RUN_IT.search(q.body)
        assert m, f"{q.source}: add a '## Run it yourself' section"
        cmd = m.group("cmd")
        assert "python -m pytest" in cmd, (q.id, cmd)
        files = TEST_FILE.findall(cmd)
        assert files, (q.id, cmd)
        for f in files:
            assert (ROOT / f).is_file(), f"{q.source}: {f} does not exist"
        follow = q.body.find("\n## Follow-ups")
        assert follow == -1 or m.start() < follow, f"{q.source}: put it before Follow-ups"
