"""Lays a Diagram out as a character drawing.

1. Size the grid: one width per grid column (its widest label), one height per grid row.
2. Place the boxes with generous gutters and route every edge through them.
3. Compact: drop blank gutter columns/rows that only straight lines cross, so the
   drawing is as tight as the routes allow (routing in roomy gutters finds cleaner routes).
4. Draw edge labels beside their lines where there is room.
"""

from __future__ import annotations

from dataclasses import dataclass

from .draw import compact, draw
from .glyphs import E, N, Point, S, W
from .labels import place_labels
from .model import MAX_WIDTH, Diagram, Node
from .routing import Rect, Route, Router

ROUTE_GAP_COLS = 8  # gutter widths while routing; compaction trims what no line needs
ROUTE_GAP_ROWS = 6
ROUTE_MARGIN = 4  # room to route around the outside of the grid
RETRY_GROWTH = 4  # gutters grow by this much when an edge finds no route
ATTEMPTS = 3
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
        boxes, size = _place(
            diagram, widths, heights, ROUTE_GAP_COLS + grow, ROUTE_GAP_ROWS + grow, ROUTE_MARGIN + grow
        )
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
    compact(router, diagram)
    if router.width > MAX_WIDTH:
        raise diagram.error(
            f"drawing is {router.width} columns wide (max {MAX_WIDTH}): use fewer columns or shorter labels"
        )
    cells = draw(router, diagram)
    routes = [router.routes[i] for i in range(len(diagram.edges))]
    labels = place_labels(cells, routes, [e.label for e in diagram.edges], MAX_WIDTH)
    width = max(x for x, _ in cells) + 1  # labels may reach past the lines, up to MAX_WIDTH
    height = max(y for _, y in cells) + 1
    rows = ["".join(cells.get((x, y), " ") for x in range(width)).rstrip() for y in range(height)]
    return Layout(rows, router.boxes, routes, labels)


def _grid_sizes(diagram: Diagram) -> tuple[list[int], list[int]]:
    """Box width per grid column and box height per grid row (0 for empty ones)."""
    widths = [0] * (max(n.col for n in diagram.nodes) + 1)
    heights = [0] * (max(n.row for n in diagram.nodes) + 1)
    for node in diagram.nodes:
        widths[node.col] = max(widths[node.col], max(map(len, node.label)) + 4)
        heights[node.row] = max(heights[node.row], len(node.label) + 2)
    # Side by side with edges both ways: two side ports each, clear of each other.
    for first, second in _two_way_neighbours(diagram):
        if first.row == second.row:
            heights[first.row] = max(heights[first.row], SIDE_PORTS_HEIGHT)
    return widths, heights


def _two_way_neighbours(diagram: Diagram) -> list[tuple[Node, Node]]:
    """Pairs of neighbouring nodes with an edge each way, both orders of each pair."""
    pairs = {(e.source, e.target) for e in diagram.edges}
    found = []
    for a, b in sorted(pairs):
        first, second = diagram.node(a), diagram.node(b)
        if (b, a) in pairs and abs(first.row - second.row) + abs(first.col - second.col) == 1:
            found.append((first, second))
    return found


def _paired_sides(diagram: Diagram) -> dict[str, frozenset[int]]:
    """For each node, the sides facing a neighbour it has edges to and from."""
    sides: dict[str, set[int]] = {}
    for first, second in _two_way_neighbours(diagram):
        if first.row == second.row:
            facing = E if second.col > first.col else W
        else:
            facing = S if second.row > first.row else N
        sides.setdefault(first.id, set()).add(facing)
    return {name: frozenset(found) for name, found in sides.items()}


def _place(
    diagram: Diagram, widths: list[int], heights: list[int], gap_x: int, gap_y: int, margin: int
) -> tuple[dict[str, Rect], tuple[int, int]]:
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
