"""Orthogonal edge routing on the character grid.

Each edge is found by A* over (cell, heading) states. Costs favour short routes with few
bends that keep clear of boxes and of other lines. Lines may cross other lines at a right
angle (drawn ┼) but never run along them, with one exception that keeps fan-out and
fan-in readable: an edge may branch off a line that starts at the same node, or join a
line that ends at the same node, when both have the same style. A "net" is such a group
of edges drawn as one tree; a net always has one source or one target, never neither,
so a reader can follow every branch unambiguously.
"""
from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field

from .glyphs import DIRECTIONS, OPPOSITE, E, N, Point, S, W, across, axis, move, turns

# Costs in tenths of a step, so every cost is an int and ties break by insertion order.
STEP = 10
BEND = 30
CROSS = 40  # crossing another line
HUG = 40  # running right next to a box border
CROWD = 8  # running right next to another line
OFF_CENTRE = 4  # per cell a port sits away from the middle of its side
CORNER_PORT = 10  # a port next to a box corner looks cramped
PAIR_MIDDLE = 12  # the middle port of a side shared by a two-way pair of edges
SHARE_START = 5  # branching off an existing line of the same source
SHARE_CELL = 2  # per cell of the line shared
NO_ORIGIN = -1


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    def cells(self) -> list[Point]:
        return [(x, y) for y in range(self.y, self.y + self.h) for x in range(self.x, self.x + self.w)]

    def distance(self, point: Point) -> int:
        """Manhattan distance from point to the nearest cell of the rectangle."""
        dx = max(self.x - point[0], 0, point[0] - (self.x + self.w - 1))
        dy = max(self.y - point[1], 0, point[1] - (self.y + self.h - 1))
        return dx + dy

    def ports(self, paired_sides: frozenset[int] = frozenset()) -> list[tuple[Point, int, int]]:
        """Border cells a line may attach to: (cell, outward direction, cost).

        On `paired_sides` two edges go to the same neighbour, one each way: their
        middle port costs more, so the pair takes the two ports either side of it
        instead of one taking the middle and pushing the other against it.
        """
        found = []
        for i in range(1, self.w - 1):
            for cell, out in (((self.x + i, self.y), N), ((self.x + i, self.y + self.h - 1), S)):
                found.append((cell, out, self._side_cost(i, self.w, out in paired_sides)))
        for i in range(1, self.h - 1):
            for cell, out in (((self.x, self.y + i), W), ((self.x + self.w - 1, self.y + i), E)):
                found.append((cell, out, self._side_cost(i, self.h, out in paired_sides)))
        return found

    @staticmethod
    def _side_cost(i: int, length: int, paired: bool) -> int:
        off_centre = abs(2 * i - (length - 1)) // 2
        next_to_corner = i in (1, length - 2) and length > 5
        middle = paired and off_centre == 0
        return OFF_CENTRE * off_centre + CORNER_PORT * next_to_corner + PAIR_MIDDLE * middle


@dataclass
class Net:
    """Edges drawn as one tree of line cells: all from one source or all to one target."""

    style: str
    source: str | None
    target: str | None
    edges: list[int] = field(default_factory=list)


@dataclass
class Route:
    """Where one edge was drawn."""

    edge: int
    port: Point  # border cell of the source box the line leaves from
    path: list[Point]  # from the cell just outside `port` to the arrowhead cell
    arrow: int  # direction the arrowhead points: into the target box


@dataclass(frozen=True)
class _State:
    """A search state: a free cell reached with a heading."""

    x: int
    y: int
    heading: int  # direction of the last step, into this cell
    origin: int  # net this route branched off, or NO_ORIGIN when it left from a port

    @property
    def cell(self) -> Point:
        return self.x, self.y


@dataclass(frozen=True)
class _Goal:
    """End of a search: an arrowhead at (x, y), or joining line `net` at (x, y)."""

    kind: str  # "arrow" or "merge"
    x: int
    y: int
    heading: int
    net: int


class Router:
    """Routes edges one by one on a width x height grid with the given boxes."""

    def __init__(self, width: int, height: int, boxes: dict[str, Rect],
                 paired_sides: dict[str, frozenset[int]] | None = None):
        self.width, self.height = width, height
        self.boxes = boxes
        self.paired_sides = paired_sides or {}
        self.box_at: dict[Point, str] = {c: name for name, r in boxes.items() for c in r.cells()}
        self.lines: dict[Point, dict[int, int]] = {}  # cell -> {net: direction bits}
        self.arrows: dict[Point, int] = {}  # arrowhead cell -> direction it points
        self.port_dirs: dict[Point, int] = {}  # source border cell -> direction of its line
        self.used_border: set[Point] = set()
        self.nets: list[Net] = []
        self.routes: dict[int, Route] = {}

    # -- cell tests -------------------------------------------------------------------

    def _ports(self, node: str) -> list[tuple[Point, int, int]]:
        return self.boxes[node].ports(self.paired_sides.get(node, frozenset()))

    def _inside(self, p: Point) -> bool:
        return 0 <= p[0] < self.width and 0 <= p[1] < self.height

    def _free(self, p: Point) -> bool:
        return self._inside(p) and p not in self.box_at and p not in self.lines and p not in self.arrows

    def _next_to_box(self, p: Point) -> bool:
        return any(move(p, d) in self.box_at for d in DIRECTIONS)

    def _crossable(self, p: Point, heading: int, origin: int) -> bool:
        """A lone straight line of another net at a right angle, away from boxes."""
        nets = self.lines.get(p)
        if not nets or len(nets) != 1 or p in self.arrows or not self._inside(move(p, heading)):
            return False
        (net, dirs), = nets.items()
        return net != origin and dirs == across(heading) and not self._next_to_box(p)

    def _penalty(self, p: Point, heading: int) -> int:
        """Cost of a line through p: hugging a box or running beside another line."""
        cost = 0
        along = axis(heading)
        for side in turns(heading):
            beside = move(p, side)
            if beside in self.box_at:
                cost += HUG
            elif any(dirs & along for dirs in self.lines.get(beside, {}).values()):
                cost += CROWD
            elif beside in self.arrows and axis(self.arrows[beside]) == along:
                cost += CROWD
        return cost

    # -- search -----------------------------------------------------------------------

    def route(self, index: int, source: str, target: str, style: str) -> bool:
        """Find and record a route for edge `index`; False when there is none."""
        goal_box = self.boxes[target]
        arrow_ports = {cell: cost for cell, _, cost in self._ports(target) if cell not in self.used_border}
        joinable = {n for n, net in enumerate(self.nets) if net.style == style and net.target == target}
        join_area = _bounds(p for p, nets in self.lines.items() if len(nets) == 1 and set(nets) <= joinable)

        heap: list[tuple[int, int, int, _State | _Goal]] = []
        best: dict[_State | _Goal, int] = {}
        parent: dict[_State | _Goal, tuple[object, tuple[Point, ...]]] = {}
        tiebreak = itertools.count()

        def estimate(p: Point) -> int:
            steps = goal_box.distance(p) - 1
            if join_area is not None:
                steps = min(steps, join_area.distance(p) - 1)
            return STEP * max(steps, 0)

        def push(key: _State | _Goal, cost: int, prev: object, via: tuple[Point, ...] = ()) -> None:
            if key in best and best[key] <= cost:
                return
            best[key] = cost
            parent[key] = (prev, via)
            guess = 0 if isinstance(key, _Goal) else estimate(key.cell)
            heapq.heappush(heap, (cost + guess, next(tiebreak), cost, key))

        for start, cost, prev in self._starts(source, style):
            push(start, cost, prev)

        while heap:
            _, _, cost, key = heapq.heappop(heap)
            if best.get(key) != cost:
                continue  # a cheaper way here was found after this entry was pushed
            if isinstance(key, _Goal):
                self._commit(index, source, target, style, key, parent)
                return True
            ahead = move(key.cell, key.heading)
            if ahead in arrow_ports:
                push(_Goal("arrow", key.x, key.y, key.heading, NO_ORIGIN), cost + arrow_ports[ahead], key)
            for heading in (key.heading, *turns(key.heading)):
                step_cost = STEP + (BEND if heading != key.heading else 0)
                nxt = move(key.cell, heading)
                via: list[Point] = []
                while self._crossable(nxt, heading, key.origin):
                    via.append(nxt)
                    step_cost += STEP + CROSS
                    nxt = move(nxt, heading)
                if not via and key.origin == NO_ORIGIN:
                    join = self._join_cost(nxt, heading, joinable)
                    if join is not None:
                        net = next(iter(self.lines[nxt]))
                        push(_Goal("merge", *nxt, heading, net), cost + step_cost + join, key)
                if self._free(nxt):
                    state = _State(*nxt, heading, key.origin)
                    push(state, cost + step_cost + self._penalty(nxt, heading), key, tuple(via))
        return False

    def _starts(self, source: str, style: str):
        """Start states: free ports of the source box, or branches off its own lines."""
        for cell, out, cost in self._ports(source):
            first = move(cell, out)
            if cell not in self.used_border and self._free(first):
                yield _State(*first, out, NO_ORIGIN), cost + STEP, ("port", cell)
        for n, net in enumerate(self.nets):
            if net.style != style or net.source != source:
                continue
            seen: set[Point] = set()
            for edge in net.edges:
                route = self.routes[edge]
                for i, p in enumerate(route.path[:-1]):
                    nets = self.lines[p]
                    if p in seen or len(nets) != 1 or bin(nets[n]).count("1") > 2 or self._next_to_box(p):
                        continue  # a junction must be clear of boxes to read as a branch
                    seen.add(p)
                    behind = route.path[i - 1] if i else route.port
                    for heading in DIRECTIONS:
                        nxt = move(p, heading)
                        if nets[n] & heading or not self._free(nxt):
                            continue
                        straight = move(p, OPPOSITE[heading]) == behind
                        cost = SHARE_START + SHARE_CELL * i + STEP + (0 if straight else BEND)
                        cost += self._penalty(nxt, heading)
                        yield _State(*nxt, heading, n), cost, ("tree", p, edge, i)

    def _join_cost(self, p: Point, heading: int, joinable: set[int]) -> int | None:
        """Cost of ending by joining a line into the same target at p, or None."""
        nets = self.lines.get(p)
        if not nets or len(nets) != 1 or p in self.arrows or self._next_to_box(p):
            return None
        (net, dirs), = nets.items()
        if net not in joinable or bin(dirs).count("1") > 2 or dirs & OPPOSITE[heading]:
            return None
        route = next(self.routes[e] for e in self.nets[net].edges if p in self.routes[e].path)
        rest = len(route.path) - route.path.index(p)
        ahead = route.path[route.path.index(p) + 1]
        straight = move(p, heading) == ahead
        return STEP + SHARE_START + SHARE_CELL * rest + (0 if straight else BEND)

    # -- recording --------------------------------------------------------------------

    def _commit(self, index: int, source: str, target: str, style: str, goal: _Goal, parent) -> None:
        cells: list[Point] = []
        key: object = parent[goal][0]
        while isinstance(key, _State):
            prev, via = parent[key]
            cells.append(key.cell)
            cells.extend(reversed(via))
            key = prev
        cells.reverse()
        origin_kind, *info = key  # ("port", cell) or ("tree", cell, edge, index)

        if origin_kind == "tree":
            branch, edge, i = info
            base = self.routes[edge]
            port, prefix, chain = base.port, base.path[: i + 1], [branch]
            net_id = next(iter(self.lines[branch]))
        else:
            port, prefix, chain = info[0], [], [info[0]]
            net_id = None
        chain = chain + cells
        if goal.kind == "merge":
            joined = (goal.x, goal.y)
            base = next(self.routes[e] for e in self.nets[goal.net].edges if joined in self.routes[e].path)
            suffix = base.path[base.path.index(joined):]
            arrow = base.arrow
            chain.append(joined)
            net_id = goal.net
        else:
            suffix, arrow = [], goal.heading
            self.arrows[cells[-1]] = arrow
            self.used_border.add(move(cells[-1], arrow))

        if net_id is None:
            net_id = len(self.nets)
            self.nets.append(Net(style, source, target))
        net = self.nets[net_id]
        net.edges.append(index)
        net.source = net.source if net.source == source else None
        net.target = net.target if net.target == target else None

        if origin_kind == "port":
            self.used_border.add(port)
            self.port_dirs[port] = _direction(port, chain[1])
        for a, b in zip(chain, chain[1:]):
            heading = _direction(a, b)
            if a != port:
                self._connect(a, net_id, heading)
            if b not in self.arrows:
                self._connect(b, net_id, OPPOSITE[heading])
        self.routes[index] = Route(index, port, prefix + cells + suffix, arrow)

    def relocate(self, x_map: list[int | None], y_map: list[int | None]) -> None:
        """Move everything to new coordinates; cells mapped to None are dropped.

        Only straight line cells may be dropped (compaction makes sure), so every line
        stays connected.
        """
        def moved(p: Point) -> Point | None:
            x, y = x_map[p[0]], y_map[p[1]]
            return None if x is None or y is None else (x, y)

        def moved_keys(cells: dict) -> dict:
            return {moved(p): value for p, value in cells.items() if moved(p) is not None}

        self.width = max(x for x in x_map if x is not None) + 1
        self.height = max(y for y in y_map if y is not None) + 1
        self.boxes = {name: Rect(*moved((r.x, r.y)), r.w, r.h) for name, r in self.boxes.items()}
        self.box_at = moved_keys(self.box_at)
        self.lines = moved_keys(self.lines)
        self.arrows = moved_keys(self.arrows)
        self.port_dirs = moved_keys(self.port_dirs)
        self.used_border = {moved(p) for p in self.used_border}
        for route in self.routes.values():
            route.port = moved(route.port)
            route.path = [q for q in map(moved, route.path) if q is not None]

    def _connect(self, p: Point, net: int, direction: int) -> None:
        nets = self.lines.setdefault(p, {})
        nets[net] = nets.get(net, 0) | direction


def _direction(a: Point, b: Point) -> int:
    return next(d for d in DIRECTIONS if move(a, d) == b)


def _bounds(points) -> Rect | None:
    """The smallest rectangle holding all points, or None for no points."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
