"""Tests for the ASCII diagram engine in macros/diagrams."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.diagrams import DiagramError, layout_of, load_all, load_diagram, parse_diagram, render_html, render_text
from macros.diagrams.glyphs import ARROW, DOTTED, HORIZONTAL, OPPOSITE, SOLID, VERTICAL, move
from macros.diagrams.model import MAX_WIDTH
from macros.diagrams.render import connection_text

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "data" / "diagrams"
GOLDENS = Path(__file__).parent / "goldens" / "diagrams"
REQUIRED_IDS = {
    "training-platform",
    "serving-stack",
    "fine-tuning-platform",
    "ml-platform-e2e",
    "rate-limiter",
    "parameter-server",
    "ring-allreduce",
}

# Which neighbours each drawn character connects to (as direction bits).
ARMS = {ch: dirs for table in (SOLID, DOTTED) for dirs, ch in table.items()}
ARROW_HEADS = {ch: direction for direction, ch in ARROW.items()}


# -- golden drawings -------------------------------------------------------------------


def diagram_files() -> list[Path]:
    return sorted(DIAGRAMS.glob("*.yml"))


def test_required_diagrams_exist():
    assert REQUIRED_IDS <= {p.stem for p in diagram_files()}


@functools.cache
def loaded(path: Path):
    return load_diagram(path)


@pytest.mark.parametrize("path", diagram_files(), ids=lambda p: p.stem)
def test_drawing_matches_golden(path):
    golden = GOLDENS / f"{path.stem}.txt"
    assert golden.is_file(), f"no golden for {path.stem}: run python scripts/refresh_goldens.py"
    drawn = render_text(loaded(path))
    assert drawn + "\n" == golden.read_text(encoding="utf-8"), (
        f"{path.stem} draws differently from its golden; if the change is intended, "
        "run python scripts/refresh_goldens.py and review the diff"
    )


@pytest.mark.parametrize("path", diagram_files(), ids=lambda p: p.stem)
def test_real_diagrams_are_sound(path):
    check_layout(loaded(path))


def test_load_all_keys_by_id():
    diagrams = load_all(DIAGRAMS)
    assert set(diagrams) == {p.stem for p in diagram_files()}
    assert all(d.id == key for key, d in diagrams.items())


# -- bad specs: one exact line each ----------------------------------------------------

GOOD = {
    "id": "demo",
    "title": "Demo",
    "nodes": [
        {"id": "api", "label": "API", "row": 0, "col": 0},
        {"id": "db", "label": "Database", "row": 0, "col": 1},
    ],
    "edges": [{"from": "api", "to": "db", "label": "reads"}],
}
PREFIX = "data/diagrams/demo.yml: diagram 'demo': "


def write_spec(tmp_path: Path, monkeypatch, spec, name: str = "demo.yml") -> Path:
    """Write a spec under tmp_path/data/diagrams and make paths in messages relative."""
    monkeypatch.chdir(tmp_path)
    folder = Path("data/diagrams")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(spec if isinstance(spec, str) else yaml.safe_dump(spec, sort_keys=False))
    return path


def with_changes(nodes=None, edges=None, **top):
    spec = {**GOOD, **top}
    spec["nodes"] = nodes if nodes is not None else [dict(n) for n in GOOD["nodes"]]
    spec["edges"] = edges if edges is not None else [dict(e) for e in GOOD["edges"]]
    return spec


def extra_node(**fields):
    return [*GOOD["nodes"], {"id": "cache", "label": "Cache", "row": 1, "col": 0, **fields}]


BAD_SPECS = {
    "unknown node in an edge": (
        with_changes(edges=[{"from": "api", "to": "dbx"}]),
        "field 'edges[0].to': unknown node 'dbx' (allowed: api, db)",
    ),
    "two nodes in one cell": (
        with_changes(nodes=extra_node(row=0, col=1)),
        "field 'nodes[2]': node 'cache' is in row 0, col 1, already taken by node 'db' "
        "(allowed: one node per grid cell)",
    ),
    "duplicate node id": (
        with_changes(nodes=[*GOOD["nodes"], {"id": "api", "label": "API 2", "row": 1, "col": 0}]),
        "field 'nodes[2].id': node id 'api' is already used by nodes[0] (allowed: ids unique within the diagram)",
    ),
    "empty label": (
        with_changes(nodes=extra_node(label="  ")),
        "field 'nodes[2].label': label is empty (allowed: 1 to 3 lines of at most 18 characters, "
        "as one string with \\n or a list of strings)",
    ),
    "label line too long": (
        with_changes(nodes=extra_node(label="Distributed cache tier")),
        "field 'nodes[2].label': line 'Distributed cache tier' is 22 characters "
        "(allowed: at most 18 characters a line)",
    ),
    "too many label lines": (
        with_changes(nodes=extra_node(label=["a", "b", "c", "d"])),
        "field 'nodes[2].label': label has 4 lines (allowed: at most 3 lines)",
    ),
    "edge label too long": (
        with_changes(edges=[{"from": "api", "to": "db", "label": "reads and writes every row"}]),
        "field 'edges[0].label': edge label 'reads and writes every row' is 26 characters "
        "(allowed: one line of 1 to 24 characters)",
    ),
    "unknown edge style": (
        with_changes(edges=[{"from": "api", "to": "db", "style": "dashed"}]),
        "field 'edges[0].style': input should be 'solid' or 'dotted', got 'dashed' (allowed: solid or dotted)",
    ),
    "unknown field": (
        with_changes(nodes=extra_node(colour="red")),
        "field 'nodes[2].colour': unknown field (allowed: id, label, row, col, text)",
    ),
    "missing field": (
        with_changes(nodes=[*GOOD["nodes"], {"id": "cache", "label": "Cache", "row": 1}]),
        "field 'nodes[2].col': is missing (allowed: an integer >= 0)",
    ),
    "negative row": (
        with_changes(nodes=extra_node(row=-1)),
        "field 'nodes[2].row': input should be greater than or equal to 0, got -1 (allowed: an integer >= 0)",
    ),
    "id not matching file name": (
        with_changes(id="other"),
        "field 'id': 'other' does not match the file name (allowed: 'demo', the file name without .yml)",
    ),
    "id not a slug": (
        with_changes(id="Demo_1"),
        "field 'id': 'Demo_1' is not a slug (allowed: a slug of lowercase letters, digits and single "
        "hyphens, e.g. 'gpu-cluster')",
    ),
    "malformed YAML": (
        "id: demo\ntitle: Demo\nnodes:\n  - {id: api, label: API, row: 0, col: 0\n",
        "YAML: expected ',' or '}', but got '<stream end>' at line 5, column 1 "
        "(allowed: a YAML mapping with id, title, nodes and edges)",
    ),
    "not a mapping": (
        "- just\n- a list\n",
        "file: is list, not a mapping (allowed: a YAML mapping with id, title, nodes and edges)",
    ),
    "drawing too wide": (
        with_changes(
            nodes=[{"id": f"n{i}", "label": "Eighteen chars ok!", "row": 0, "col": i} for i in range(4)], edges=[]
        ),
        "drawing is 97 columns wide (max 80): use fewer columns or shorter labels",
    ),
}


@pytest.mark.parametrize("case", BAD_SPECS, ids=str)
def test_bad_spec_message(tmp_path, monkeypatch, case):
    spec, message = BAD_SPECS[case]
    path = write_spec(tmp_path, monkeypatch, spec)
    with pytest.raises(DiagramError) as caught:
        load_diagram(path)
    assert str(caught.value) == PREFIX + message
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_duplicate_id_across_files(tmp_path, monkeypatch):
    write_spec(tmp_path, monkeypatch, GOOD, "demo.yml")
    write_spec(tmp_path, monkeypatch, GOOD, "demo.yaml")
    with pytest.raises(DiagramError) as caught:
        load_all("data/diagrams")
    assert str(caught.value) == (
        "data/diagrams/demo.yml: diagram 'demo': field 'id': 'demo' is already the id of "
        "data/diagrams/demo.yaml (allowed: one file per diagram id)"
    )


def test_good_spec_loads(tmp_path, monkeypatch):
    diagram = load_diagram(write_spec(tmp_path, monkeypatch, GOOD))
    assert render_text(diagram).splitlines() == [
        "┌─────┐ reads  ┌──────────┐",
        "│ API ├───────▶│ Database │",
        "└─────┘        └──────────┘",
    ]


# -- HTML ------------------------------------------------------------------------------


def test_html_escapes_and_describes():
    diagram = parse_diagram(
        {
            "id": "xss",
            "title": 'Title <b> & "q"',
            "description": "Says <i>hi</i>.",
            "nodes": [
                {"id": "a", "label": ["<script>", "alert(1)"], "row": 0, "col": 0},
                {"id": "b", "label": 'Tom & "Jerry"', "row": 1, "col": 0},
            ],
            "edges": [{"from": "a", "to": "b", "label": "<img src=x>", "style": "dotted"}],
        }
    )
    out = render_html(diagram)
    assert "<script>" not in out and "<img" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;" in out
    assert out.startswith('<figure class="diagram" id="diagram-xss" role="group" aria-labelledby="diagram-xss-title">')
    assert out.endswith("</figure>")
    assert (
        '<pre class="diagram-art" role="img" aria-label="Title &lt;b&gt; &amp; &quot;q&quot;" data-search-exclude>'
        in out
    )
    assert "aria-hidden" not in out
    assert '<figcaption id="diagram-xss-title">Title &lt;b&gt; &amp; &quot;q&quot;</figcaption>' in out
    assert '<details class="diagram-text"><summary>Diagram as text</summary>' in out
    assert "<li>&lt;script&gt; alert(1)</li>" in out
    assert "<li>&lt;script&gt; alert(1) → Tom &amp; &quot;Jerry&quot;: &lt;img src=x&gt; (async)</li>" in out
    assert not re.search(r"\n\s*\n", out), "a blank line would end the Markdown HTML block"
    art = re.search(r'<pre class="diagram-art"[^>]*>(.*?)</pre>', out, re.S).group(1)
    assert html.unescape(art) == render_text(diagram)


def test_html_has_no_blank_line_when_a_drawing_row_is_empty():
    diagram = parse_diagram(
        {
            "id": "gap",
            "title": "Gap",
            "nodes": [{"id": "a", "label": "A", "row": 0, "col": 0}, {"id": "b", "label": "B", "row": 1, "col": 0}],
        }
    )
    assert "" in render_text(diagram).split("\n")
    out = render_html(diagram)
    assert "\n\n" not in out
    art = re.search(r'<pre class="diagram-art"[^>]*>(.*?)</pre>', out, re.S).group(1)
    assert html.unescape(art) == render_text(diagram)


@pytest.mark.parametrize(
    ("label", "text", "one_line", "name"),
    [
        ("Router\nprefix affinity\nqueue-aware", None, "Router (prefix affinity, queue-aware)", "Router"),
        ("Pre-\nprocessing\nworkers", None, "Pre-processing (workers)", "Pre-processing"),
        (
            "Eval registry\ndatasets, prompts,\nscorers",
            None,
            "Eval registry (datasets, prompts, scorers)",
            "Eval registry",
        ),
        ("Raw outputs\n+ run metadata", None, "Raw outputs + run metadata", "Raw outputs + run metadata"),
        ("Experiment\ntracking (W&B)", None, "Experiment tracking (W&B)", "Experiment tracking"),
        (
            "Training sets\npoint-in-time\njoins",
            "Training sets (point-in-time joins)",
            "Training sets (point-in-time joins)",
            "Training sets",
        ),
        ("Clients", None, "Clients", "Clients"),
    ],
)
def test_a_box_in_words_is_its_name_then_its_details(label, text, one_line, name):
    node = {"id": "a", "label": label, "row": 0, "col": 0} | ({"text": text} if text else {})
    diagram = parse_diagram({"id": "h", "title": "H", "nodes": [node]})
    assert (diagram.nodes[0].one_line, diagram.nodes[0].name) == (one_line, name)


def test_connections_name_the_boxes_unless_two_share_a_name():
    diagram = parse_diagram(
        {
            "id": "c",
            "title": "C",
            "nodes": [
                {"id": "a", "label": "Router\nprefix affinity", "row": 0, "col": 0},
                {"id": "b", "label": "Pool\nv1", "row": 0, "col": 1},
                {"id": "c", "label": "Pool\nv2", "row": 1, "col": 1},
            ],
            "edges": [{"from": "a", "to": "b", "label": "stable"}, {"from": "a", "to": "c"}],
        }
    )
    assert connection_text(diagram, 0) == "Router → Pool (v1): stable"
    assert connection_text(diagram, 1) == "Router → Pool (v2)"


def test_a_box_text_must_be_one_line():
    with pytest.raises(DiagramError, match=r"nodes\[0\]\.text.*not one line"):
        parse_diagram(
            {"id": "t", "title": "T", "nodes": [{"id": "a", "label": "A", "row": 0, "col": 0, "text": "two\nlines"}]}
        )


# -- properties of any layout ----------------------------------------------------------


def check_layout(diagram) -> None:
    """Boxes apart, lines short and clean, and every edge a connected line to an arrowhead."""
    result = layout_of(diagram)
    rows = result.rows
    assert all(len(row) <= MAX_WIDTH for row in rows)
    assert all(row == row.rstrip() for row in rows)

    def at(p):
        x, y = p
        return rows[y][x] if 0 <= y < len(rows) and 0 <= x < len(rows[y]) else " "

    boxes = result.boxes
    inside = {}
    for name, r in boxes.items():
        assert (at((r.x, r.y)), at((r.x + r.w - 1, r.y + r.h - 1))) == ("┌", "┘"), name
        for cell in r.cells():
            assert cell not in inside, f"boxes {name} and {inside[cell]} overlap"
            inside[cell] = name

    for index, route in enumerate(result.routes):
        edge = diagram.edges[index]
        src, dst = boxes[edge.source], boxes[edge.target]
        path = route.path
        # Leaves from a side (not a corner) of the source box, drawn as a junction there.
        assert route.port in inside and inside[route.port] == edge.source
        assert _on_side(src, route.port)
        assert move(route.port, _heading(route.port, path[0])) == path[0]
        assert ARMS[at(route.port)] & _heading(route.port, path[0])
        # One step at a time, never into a box.
        for a, b in zip(path, path[1:]):
            assert abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1, f"edge {index} jumps from {a} to {b}"
        assert not any(p in inside for p in path), f"edge {index} runs through a box"
        # Line characters joined arm to arm, ending in an arrowhead on the target's border.
        chain = [route.port, *path]
        for a, b in zip(chain, chain[1:]):
            heading = _heading(a, b)
            assert ARMS[at(a)] & heading, f"edge {index} breaks after {a}"
            if b != path[-1]:
                assert at(b) in ARMS, f"edge {index}: {at(b)!r} at {b} is not a line character"
                assert ARMS[at(b)] & OPPOSITE[heading], f"edge {index} breaks at {b}"
        assert at(path[-1]) == ARROW[route.arrow]
        assert _heading(chain[-2], path[-1]) == route.arrow
        target_cell = move(path[-1], route.arrow)
        assert inside.get(target_cell) == edge.target and _on_side(dst, target_cell)

    label_cells = set()
    for index, (spot, text) in result.labels.items():
        assert text == diagram.edges[index].label
        assert rows[spot[1]][spot[0] : spot[0] + len(text)] == text
        label_cells |= {(spot[0] + i, spot[1]) for i in range(len(text))}

    # No loose ends anywhere: every arm of every line character meets an arm coming back.
    def arms(p):
        ch = at(p)
        if ch in ARROW_HEADS:
            return OPPOSITE[ARROW_HEADS[ch]]
        if p in inside:  # only a port on a box side has an arm leaving the box
            r = boxes[inside[p]]
            on_top_or_bottom = p[1] in (r.y, r.y + r.h - 1)
            on_left_or_right = p[0] in (r.x, r.x + r.w - 1)
            if on_top_or_bottom == on_left_or_right:
                return 0  # a corner, or inside the box
            return ARMS.get(ch, 0) & (VERTICAL if on_top_or_bottom else HORIZONTAL)
        return 0 if p in label_cells else ARMS.get(ch, 0)

    drawn = {(x, y): arms((x, y)) for y, row in enumerate(rows) for x, ch in enumerate(row) if ch != " "}
    for p, bits in drawn.items():
        for direction in ARROW:
            if bits & direction:
                assert drawn.get(move(p, direction), 0) & OPPOSITE[direction], f"loose end at {p}"


def _on_side(r, p) -> bool:
    """On the border of r but not at a corner."""
    x, y = p
    on_x = x in (r.x, r.x + r.w - 1) and r.y < y < r.y + r.h - 1
    on_y = y in (r.y, r.y + r.h - 1) and r.x < x < r.x + r.w - 1
    return on_x or on_y


def _heading(a, b) -> int:
    return next(d for d in ARROW if move(a, d) == b)


@st.composite
def small_specs(draw):
    """Up to 3x3 grids of short labels with random edges, adjacent or not, both ways."""
    grid_cell = st.tuples(st.integers(0, 2), st.integers(0, 2))
    cells = draw(st.lists(grid_cell, min_size=2, max_size=9, unique=True))
    words = st.text("abcdefghij <&>", min_size=1, max_size=10).map(str.strip).filter(bool)
    nodes = [
        {"id": f"n{i}", "label": draw(st.lists(words, min_size=1, max_size=3)), "row": r, "col": c}
        for i, (r, c) in enumerate(cells)
    ]
    node_index = st.integers(0, len(cells) - 1)
    pairs = st.tuples(node_index, node_index).filter(lambda p: p[0] != p[1])
    chosen = draw(st.lists(pairs, max_size=10, unique=True))
    edges = [
        {
            "from": f"n{a}",
            "to": f"n{b}",
            "style": draw(st.sampled_from(["solid", "dotted"])),
            **({"label": draw(words)} if draw(st.booleans()) else {}),
        }
        for a, b in chosen
    ]
    return {"id": "random", "title": "Random", "nodes": nodes, "edges": edges}


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(small_specs())
def test_random_layouts_are_sound(spec):
    check_layout(parse_diagram(spec))


def test_bidirectional_edges_use_separate_lines():
    diagram = parse_diagram(
        {
            "id": "pair",
            "title": "Pair",
            "nodes": [
                {"id": "a", "label": "A", "row": 0, "col": 0},
                {"id": "b", "label": "B", "row": 0, "col": 1},
                {"id": "c", "label": "C", "row": 1, "col": 0},
                {"id": "d", "label": "D", "row": 1, "col": 2},
            ],
            "edges": [
                {"from": "a", "to": "b"},
                {"from": "b", "to": "a"},
                {"from": "c", "to": "d"},
                {"from": "d", "to": "c"},
            ],
        }
    )
    check_layout(diagram)
    routes = layout_of(diagram).routes
    assert not set(routes[0].path) & set(routes[1].path)
    assert not set(routes[2].path) & set(routes[3].path)


def test_non_adjacent_edge_goes_around_the_box_between():
    diagram = parse_diagram(
        {
            "id": "around",
            "title": "Around",
            "nodes": [
                {"id": "a", "label": "A", "row": 0, "col": 0},
                {"id": "b", "label": "B", "row": 0, "col": 1},
                {"id": "c", "label": "C", "row": 0, "col": 2},
            ],
            "edges": [{"from": "a", "to": "c"}],
        }
    )
    check_layout(diagram)
    b = layout_of(diagram).boxes["b"]
    assert not set(layout_of(diagram).routes[0].path) & set(b.cells())
