"""From a routed canvas to the characters of the drawing: compaction, then drawing.

Routing happens in roomy gutters. Afterwards a column that holds nothing but blanks and
straight horizontal lines can go without breaking any line (likewise a row of blanks and
vertical lines), so each run of such spare columns or rows shrinks to a small fixed gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from .glyphs import ARROW, BOX, CROSSING, HORIZONTAL, SOLID, VERTICAL, Point, axis, line_char
from .model import MAX_WIDTH, Diagram
from .routing import Rect, Router

KEEP_COLS = 3  # spare columns kept between two busy ones
KEEP_ROWS = 2  # spare rows kept between two busy ones


@dataclass
class _Run:
    """Consecutive spare columns (or rows), of which the first `keep` stay."""

    start: int
    length: int
    keep: int

    def __contains__(self, index: int) -> bool:
        return self.start <= index < self.start + self.length


def compact(router: Router, diagram: Diagram) -> None:
    """Drop spare columns and rows from the routed canvas, moving everything with them."""
    busy_columns = {x for r in router.boxes.values() for x in range(r.x, r.x + r.w)}
    busy_rows = {y for r in router.boxes.values() for y in range(r.y, r.y + r.h)}
    for (x, y), nets in router.lines.items():
        dirs = next(iter(nets.values())) if len(nets) == 1 else 0
        if dirs != HORIZONTAL:
            busy_columns.add(x)
        if dirs != VERTICAL:
            busy_rows.add(y)
    for x, y in router.arrows:
        busy_columns.add(x)
        busy_rows.add(y)
    column_runs = _spare_runs(router.width, busy_columns, KEEP_COLS)
    _widen_for_labels(column_runs, busy_columns, router, diagram)
    row_runs = _spare_runs(router.height, busy_rows, KEEP_ROWS)
    router.relocate(_index_map(router.width, column_runs), _index_map(router.height, row_runs))


def _spare_runs(length: int, busy: set[int], keep: int) -> list[_Run]:
    """Maximal runs of spare indexes; the margins before and after all busy ones keep none."""
    runs: list[_Run] = []
    start = None
    for i in range(length + 1):
        if i < length and i not in busy:
            start = i if start is None else start
        elif start is not None:
            inside = start > min(busy) and i <= max(busy)
            runs.append(_Run(start, i - start, min(i - start, keep) if inside else 0))
            start = None
    return runs


def _widen_for_labels(runs: list[_Run], busy: set[int], router: Router, diagram: Diagram) -> None:
    """Keep room over straight one-row edges for their labels, while the drawing fits.

    Edges earlier in the file get room first, so authors list the important ones first.
    """
    width = len(busy) + sum(run.keep for run in runs)
    labelled = [(len(e.label), i) for i, e in enumerate(diagram.edges) if e.label]
    for size, index in labelled:
        path = router.routes[index].path
        if len({y for _, y in path}) != 1:
            continue
        spare = {x for x, _ in path if x not in busy}
        crossed = [run for run in runs if any(x in run for x in spare)]
        if len(crossed) != 1:
            continue
        run = crossed[0]
        wanted = min(run.length, size + 2)  # the label plus a blank each side
        if wanted > run.keep and width + wanted - run.keep <= MAX_WIDTH:
            width += wanted - run.keep
            run.keep = wanted


def _index_map(length: int, runs: list[_Run]) -> list[int | None]:
    """New index of each old one; None for those past the kept part of their run."""
    dropped = {i for run in runs for i in range(run.start + run.keep, run.start + run.length)}
    new: list[int | None] = []
    nxt = 0
    for i in range(length):
        new.append(None if i in dropped else nxt)
        nxt += i not in dropped
    return new


def draw(router: Router, diagram: Diagram) -> dict[Point, str]:
    """The character of every non-blank cell: boxes with labels, lines, arrowheads."""
    cells: dict[Point, str] = {}
    for node in diagram.nodes:
        _draw_box(cells, router.boxes[node.id], node.label)
    for p, nets in router.lines.items():
        if len(nets) > 1:
            cells[p] = CROSSING
        else:
            ((net, dirs),) = nets.items()
            cells[p] = line_char(dirs, router.nets[net].style == "dotted")
    for p, direction in router.arrows.items():
        cells[p] = ARROW[direction]
    for p, direction in router.port_dirs.items():
        # The border line plus the line leaving it: ┬ ┴ ├ ┤.
        cells[p] = SOLID[axis(direction) ^ (VERTICAL | HORIZONTAL) | direction]
    return cells


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
    top = r.y + 1 + (r.h - 2 - len(label)) // 2  # centred, any spare row goes below
    for i, line in enumerate(label):
        start = r.x + 1 + (r.w - 2 - len(line)) // 2
        for j, ch in enumerate(line):
            cells[(start + j, top + i)] = ch
