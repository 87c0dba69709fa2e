"""Compaction and drawing: from a routed canvas to the characters of the drawing.

Routing happens in roomy gutters. Afterwards every column that holds nothing but blank
cells and straight horizontal lines (and every row with nothing but blanks and vertical
lines) can go without breaking a line, so runs of them shrink to a small fixed gap.
"""
from __future__ import annotations

from .glyphs import ARROW, BOX, CROSSING, HORIZONTAL, SOLID, VERTICAL, Point, axis, line_char
from .model import MAX_WIDTH, Diagram
from .routing import Rect, Router

KEEP_COLS = 3  # blank columns kept between two things after compaction
KEEP_ROWS = 2

def compact_and_draw(router: Router, diagram: Diagram) -> dict[Point, str]:
    """Remove spare blank columns and rows, moving boxes and routes with them; draw."""
    busy_columns = {x for r in router.boxes.values() for x in range(r.x, r.x + r.w)}
    busy_rows = {y for r in router.boxes.values() for y in range(r.y, r.y + r.h)}
    for (x, y), nets in router.lines.items():
        dirs = next(iter(nets.values())) if len(nets) == 1 else 0
        if dirs != HORIZONTAL:
            busy_columns.add(x)  # a column holding anything but a straight ─ must stay
        if dirs != VERTICAL:
            busy_rows.add(y)
    for x, y in router.arrows:
        busy_columns.add(x)
        busy_rows.add(y)
    column_runs = _spare_runs(router.width, busy_columns, KEEP_COLS)
    _widen_for_labels(column_runs, busy_columns, router, diagram)
    x_map = _index_map(router.width, column_runs)
    y_map = _index_map(router.height, _spare_runs(router.height, busy_rows, KEEP_ROWS))

    def moved(p: Point) -> Point | None:
        x, y = x_map[p[0]], y_map[p[1]]
        return None if x is None or y is None else (x, y)

    for name, r in router.boxes.items():
        router.boxes[name] = Rect(x_map[r.x], y_map[r.y], r.w, r.h)
    for route in router.routes.values():
        route.port = moved(route.port)
        route.path = [q for q in map(moved, route.path) if q is not None]

    cells: dict[Point, str] = {}
    for node in diagram.nodes:
        _draw_box(cells, router.boxes[node.id], node.label)
    styles = [net.style for net in router.nets]
    for p, nets in router.lines.items():
        q = moved(p)
        if q is None:
            continue
        if len(nets) > 1:
            cells[q] = CROSSING
        else:
            (net, dirs), = nets.items()
            cells[q] = line_char(dirs, styles[net] == "dotted")
    for p, direction in router.arrows.items():
        cells[moved(p)] = ARROW[direction]
    for p, direction in router.port_dirs.items():
        cells[moved(p)] = SOLID[axis(direction) ^ (VERTICAL | HORIZONTAL) | direction]
    return cells


def _spare_runs(length: int, busy: set[int], keep: int) -> dict[int, list[int]]:
    """Runs of spare indexes, as run start -> [run length, how many to keep].

    Runs before the first and after the last busy index are margins: none kept.
    """
    runs: dict[int, list[int]] = {}
    start = None
    for i in range(length + 1):
        if i < length and i not in busy:
            start = i if start is None else start
            continue
        if start is not None:
            inside = start > min(busy) and i <= max(busy)
            runs[start] = [i - start, min(i - start, keep) if inside else 0]
            start = None
    return runs


def _widen_for_labels(runs: dict[int, list[int]], busy: set[int], router: Router,
                      diagram: Diagram) -> None:
    """Keep room for the label of a straight edge between neighbours while under 80 columns."""
    width = len([x for x in busy]) + sum(keep for _, keep in runs.values())
    for index, edge in enumerate(diagram.edges):
        path = router.routes[index].path
        if not edge.label or len({y for _, y in path}) != 1:
            continue
        spare = [x for x, _ in path if x not in busy]
        starts = {s for s in runs for x in spare if s <= x < s + runs[s][0]}
        if len(starts) != 1:
            continue
        run = runs[starts.pop()]
        wanted = min(run[0], len(edge.label) + 2)
        if wanted > run[1] and width + wanted - run[1] <= MAX_WIDTH:
            width += wanted - run[1]
            run[1] = wanted


def _index_map(length: int, runs: dict[int, list[int]]) -> list[int | None]:
    """New index of each old one; None for the dropped end of each spare run."""
    new: list[int | None] = []
    nxt = 0
    run_start, run = None, None
    for i in range(length):
        if i in runs:
            run_start, run = i, runs[i]
        dropped = run is not None and run_start <= i < run_start + run[0] and i - run_start >= run[1]
        new.append(None if dropped else nxt)
        nxt += 0 if dropped else 1
    return new


def _draw_box(cells: dict[Point, str], r: Rect, label: tuple[str, ...]) -> None:
    right, bottom = r.x + r.w - 1, r.y + r.h - 1
    for x in range(r.x + 1, right):
        cells[(x, r.y)] = cells[(x, bottom)] = BOX["horizontal"]
    for y in range(r.y + 1, bottom):
        cells[(r.x, y)] = cells[(right, y)] = BOX["vertical"]
        for x in range(r.x + 1, right):
            cells[(x, y)] = " "
    cells[(r.x, r.y)], cells[(right, r.y)] = BOX["top_left"], BOX["top_right"]
    cells[(r.x, bottom)], cells[(right, bottom)] = BOX["bottom_left"], BOX["bottom_right"]
    top = r.y + 1 + (r.h - 2 - len(label)) // 2
    for i, line in enumerate(label):
        start = r.x + 1 + (r.w - 2 - len(line)) // 2
        for j, ch in enumerate(line):
            cells[(start + j, top + i)] = ch
