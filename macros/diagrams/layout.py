"""Lays a Diagram out as a character drawing.

1. Size the grid: one width per grid column (its widest label), one height per grid row.
2. Place the boxes with generous gutters and route every edge through them.
3. Compact: drop blank gutter columns/rows that only straight lines cross, so the
   drawing is as tight as the routes allow (routing in roomy gutters finds cleaner routes).
4. Draw edge labels beside their lines where there is room.
"""
from __future__ import annotations

from dataclasses import dataclass

from .glyphs import ARROW, BOX, CROSSING, HORIZONTAL, SOLID, VERTICAL, E, N, Point, S, W, axis, line_char
from .labels import place_labels
from .model import MAX_WIDTH, Diagram
from .routing import Rect, Route, Router

ROUTE_GAP_COLS = 8  # gutter widths while routing; compaction trims what no line needs
ROUTE_GAP_ROWS = 6
ROUTE_MARGIN = 4  # room to route around the outside of the grid
RETRY_GROWTH = 4  # gutters grow by this much when an edge finds no route
ATTEMPTS = 3
KEEP_COLS = 3  # blank columns kept between two things after compaction
KEEP_ROWS = 2
SIDE_PORTS_HEIGHT = 5  # box height that gives two side ports clear of each other and the label


@dataclass
class Layout:
    """A finished drawing and where everything in it went (tests check these)."""

    rows: list[str]
    boxes: dict[str, Rect]
    routes: list[Route]  # by edge index
    labels: dict[int, tuple[Point, str]]  # edge index -> (first cell, text) of labels drawn

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    @property
    def text(self) -> str:
        return "\n".join(self.rows)


def layout(diagram: Diagram) -> Layout:
    widths, heights = _grid_sizes(diagram)
    router = None
    for attempt in range(ATTEMPTS):
        grow = attempt * RETRY_GROWTH
        boxes, size = _place(diagram, widths, heights, ROUTE_GAP_COLS + grow, ROUTE_GAP_ROWS + grow,
                             ROUTE_MARGIN + grow)
        router = Router(*size, boxes, _paired_sides(diagram))
        failed = next((i for i in _routing_order(diagram) if not _route(router, diagram, i)), None)
        if failed is None:
            break
    else:
        edge = diagram.edges[failed]
        raise diagram.error(
            f"field 'edges[{failed}]': no room to route {edge.source!r} -> {edge.target!r} "
            "(allowed: fewer edges per node, or move nodes so the edge has a free path)"
        )
    cells = _compact(router, diagram)
    width = max(x for x, _ in cells) + 1
    if width > MAX_WIDTH:
        raise diagram.error(
            f"drawing is {width} columns wide (max {MAX_WIDTH}): use fewer columns or shorter labels"
        )
    routes = [router.routes[i] for i in range(len(diagram.edges))]
    labels = place_labels(cells, routes, [e.label for e in diagram.edges], MAX_WIDTH)
    height = max(y for _, y in cells) + 1
    rows = ["".join(cells.get((x, y), " ") for x in range(width + MAX_WIDTH)).rstrip() for y in range(height)]
    return Layout(rows, router.boxes, routes, labels)


def _grid_sizes(diagram: Diagram) -> tuple[list[int], list[int]]:
    """Box width per grid column and box height per grid row (0 for empty ones)."""
    widths = [0] * (max(n.col for n in diagram.nodes) + 1)
    heights = [0] * (max(n.row for n in diagram.nodes) + 1)
    for node in diagram.nodes:
        widths[node.col] = max(widths[node.col], max(map(len, node.label)) + 4)
        heights[node.row] = max(heights[node.row], len(node.label) + 2)
    # Two nodes side by side with edges both ways need two side ports each.
    pairs = {(e.source, e.target) for e in diagram.edges}
    for a, b in pairs:
        first, second = diagram.node(a), diagram.node(b)
        if (b, a) in pairs and first.row == second.row and abs(first.col - second.col) == 1:
            heights[first.row] = max(heights[first.row], SIDE_PORTS_HEIGHT)
    return widths, heights


def _paired_sides(diagram: Diagram) -> dict[str, frozenset[int]]:
    """For each node, the sides facing a neighbour it has edges to and from."""
    pairs = {(e.source, e.target) for e in diagram.edges}
    sides: dict[str, set[int]] = {}
    for a, b in pairs:
        first, second = diagram.node(a), diagram.node(b)
        if (b, a) not in pairs or abs(first.row - second.row) + abs(first.col - second.col) != 1:
            continue
        if first.row == second.row:
            facing = E if second.col > first.col else W
        else:
            facing = S if second.row > first.row else N
        sides.setdefault(a, set()).add(facing)
    return {name: frozenset(found) for name, found in sides.items()}


def _place(diagram: Diagram, widths: list[int], heights: list[int], gap_x: int, gap_y: int,
           margin: int) -> tuple[dict[str, Rect], tuple[int, int]]:
    gaps_x = [gap_x] * len(widths)
    for edge in diagram.edges:
        a, b = diagram.node(edge.source), diagram.node(edge.target)
        if edge.label and a.row == b.row and abs(a.col - b.col) == 1:
            # Room for the label over a straight line; compaction gives back what is unused.
            left = min(a.col, b.col)
            gaps_x[left] = max(gaps_x[left], len(edge.label) + 4)
    xs, ys = _offsets(widths, gaps_x, margin), _offsets(heights, [gap_y] * len(heights), margin)
    boxes = {n.id: Rect(xs[n.col], ys[n.row], widths[n.col], heights[n.row]) for n in diagram.nodes}
    return boxes, (xs[-1] + margin, ys[-1] + margin)


def _offsets(sizes: list[int], gaps: list[int], margin: int) -> list[int]:
    """Start of each column (or row), plus the end of the last one."""
    starts = [margin]
    for size, gap in zip(sizes, gaps):
        starts.append(starts[-1] + size + gap)
    starts[-1] -= gaps[-1]
    return starts


def _routing_order(diagram: Diagram) -> list[int]:
    """Short edges first: they have the fewest good routes and should get them."""
    def span(i: int) -> tuple[int, int]:
        a, b = diagram.node(diagram.edges[i].source), diagram.node(diagram.edges[i].target)
        return abs(a.row - b.row) + abs(a.col - b.col), i
    return sorted(range(len(diagram.edges)), key=span)


def _route(router: Router, diagram: Diagram, index: int) -> bool:
    edge = diagram.edges[index]
    return router.route(index, edge.source, edge.target, edge.style)


# -- compaction and drawing -----------------------------------------------------------

def _compact(router: Router, diagram: Diagram) -> dict[Point, str]:
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
