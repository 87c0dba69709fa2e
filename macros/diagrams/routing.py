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
from collections import deque
from dataclasses import dataclass, field
from typing import NamedTuple

from .glyphs import DIRECTIONS, HORIZONTAL, OFFSET, OPPOSITE, VERTICAL, E, N, Point, S, W, across, axis, move, turns

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


class _Port(NamedTuple):
    """A border cell a line may attach to (see Rect.ports), placed on the flat grid."""

    cell: Point
    cost: int
    index: int  # grid index of the cell
    first: int  # grid index of the cell just outside it
    start: int  # the search state that leaves through it: `first`, heading out


# The search reads a flat copy of the canvas: cell (x, y) is index (y + 1) * stride + x + 1
# of a grid with a one-cell frame around it, so a step is one addition and a look-up is a
# list index. What the search needs to know of a cell fits in a byte:
OPEN = 0  # free: a line may run here
LINE = 1  # holds a line and no arrowhead: maybe one to cross or to join, never to run along
BLOCKED = 2  # a box, an arrowhead or the frame
# A search state is a free cell reached with a heading (the direction of the last step, into
# the cell) and an origin (the net this route branched off, or NO_ORIGIN when it left from a
# port). Its key is the int ((origin + 1) * grid size + cell index) << HEADING_BITS | heading:
# ints hash and compare far faster than tuples or dataclasses, and a search that allocates
# no object per step spares the garbage collector too.
HEADING_BITS = 4
HEADING_MASK = (1 << HEADING_BITS) - 1


class Router:
    """Routes edges one by one on a width x height grid with the given boxes."""

    def __init__(
        self, width: int, height: int, boxes: dict[str, Rect], paired_sides: dict[str, frozenset[int]] | None = None
    ):
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
        self._index_canvas()

    # -- the flat grid ----------------------------------------------------------------

    def _index_canvas(self) -> None:
        """Build the flat grid and its tables from the boxes and the cell dicts above.

        From then on _connect and _add_arrow keep both in step.
        """
        stride = self._stride = self.width + 2
        size = stride * (self.height + 2)
        self._delta = {N: -stride, E: 1, S: stride, W: -1}
        self._port_cache: dict[str, list[_Port]] = {}
        self._line_at = {self._index(p): nets for p, nets in self.lines.items()}  # the same dicts
        self._arrow_at = {self._index(p): direction for p, direction in self.arrows.items()}
        self._grid = bytearray([BLOCKED]) * size
        for y in range(self.height):
            self._grid[self._index((0, y)) : self._index((self.width, y))] = bytes(self.width)
        self._is_box = bytearray(size)
        # _penalty by axis, for every cell a line may enter. It is the sum of what the two
        # cells beside add (_side_cost), so an entry changes only when a cell next to it
        # does: see _changed. Entries inside boxes are never read and stay 0.
        self._side_costs = {VERTICAL: bytearray(size), HORIZONTAL: bytearray(size)}
        self._penalty_at = {VERTICAL: bytearray(size), HORIZONTAL: bytearray(size)}
        for r in self.boxes.values():
            self._add_box(r)
        for i in itertools.chain(self._line_at, self._arrow_at):
            self._changed(i)
        # Per heading, the three ways on: (direction, index step, step cost, penalty table).
        self._moves = {
            heading: tuple(
                (way, self._delta[way], STEP + (BEND if way != heading else 0), self._penalty_at[axis(way)])
                for way in (heading, *turns(heading))
            )
            for heading in DIRECTIONS
        }

    def _add_box(self, r: Rect) -> None:
        """Mark a box's cells (those in box_at) on the flat grid, a slice per row, and
        charge HUG to the cells around it."""
        beside_rows = self._penalty_at[HORIZONTAL]  # the rows just above and below it
        beside_cols = self._penalty_at[VERTICAL]  # the columns just left and right of it
        for y in range(r.y, r.y + r.h):
            row = self._index((r.x, y))
            self._is_box[row : row + r.w] = b"\x01" * r.w
            self._grid[row : row + r.w] = bytes([BLOCKED]) * r.w
            for side_costs in self._side_costs.values():
                side_costs[row : row + r.w] = bytes([HUG]) * r.w
            beside_cols[row - 1] += HUG
            beside_cols[row + r.w] += HUG
        above, below = self._index((r.x, r.y - 1)), self._index((r.x, r.y + r.h))
        for x in range(r.w):
            beside_rows[above + x] += HUG
            beside_rows[below + x] += HUG

    def _changed(self, i: int) -> None:
        """Cell i got a line or an arrowhead: update its kind and the penalties beside it."""
        self._grid[i] = self._kind(i)
        for along, sides in ((VERTICAL, (E, W)), (HORIZONTAL, (N, S))):
            side_cost = self._side_cost(i, along)
            change = side_cost - self._side_costs[along][i]
            if change:
                self._side_costs[along][i] = side_cost
                for side in sides:  # the two cells that have cell i beside a line running `along`
                    self._penalty_at[along][i + self._delta[side]] += change

    def _kind(self, i: int) -> int:
        if i in self._line_at and i not in self._arrow_at:
            return LINE
        if self._is_box[i] or i in self._arrow_at or not self._inside(i):
            return BLOCKED
        return OPEN

    def _index(self, p: Point) -> int:
        return (p[1] + 1) * self._stride + p[0] + 1

    def _point(self, i: int) -> Point:
        return i % self._stride - 1, i // self._stride - 1

    def _state(self, cell: int, heading: int, origin: int) -> int:
        return ((origin + 1) * len(self._grid) + cell) << HEADING_BITS | heading

    def _unpack(self, state: int) -> tuple[int, int, int]:
        """(cell index, heading, origin) of a state key."""
        origin_part, cell = divmod(state >> HEADING_BITS, len(self._grid))
        return cell, state & HEADING_MASK, origin_part - 1

    # -- cell tests (on grid indexes) -------------------------------------------------

    def _ports(self, node: str) -> list[_Port]:
        """Rect.ports of the node's box, with their places on the flat grid."""
        if node not in self._port_cache:  # boxes stay put while routing
            ports = self._port_cache[node] = []
            for cell, out, cost in self.boxes[node].ports(self.paired_sides.get(node, frozenset())):
                index = self._index(cell)
                first = index + self._delta[out]
                ports.append(_Port(cell, cost, index, first, self._state(first, out, NO_ORIGIN)))
        return self._port_cache[node]

    def _inside(self, i: int) -> bool:
        return 0 < i % self._stride <= self.width and 0 < i // self._stride <= self.height

    def _free(self, i: int) -> bool:
        return self._grid[i] == OPEN

    def _next_to_box(self, i: int) -> bool:
        is_box, stride = self._is_box, self._stride
        return bool(is_box[i - 1] or is_box[i + 1] or is_box[i - stride] or is_box[i + stride])

    def _crossable(self, i: int, heading: int, origin: int) -> bool:
        """A lone straight line of another net at a right angle, away from boxes."""
        nets = self._line_at.get(i)
        if not nets or len(nets) != 1 or i in self._arrow_at or not self._inside(i + self._delta[heading]):
            return False
        ((net, dirs),) = nets.items()
        return net != origin and dirs == across(heading) and not self._next_to_box(i)

    def _penalty(self, i: int, heading: int) -> int:
        """Cost of a line through cell i: hugging a box or running beside another line.

        The search reads the same numbers from self._penalty_at.
        """
        return sum(self._side_cost(i + self._delta[side], axis(heading)) for side in turns(heading))

    def _side_cost(self, beside: int, along: int) -> int:
        """What the cell beside a line running `along` adds to the line's penalty."""
        if self._is_box[beside]:
            return HUG
        for dirs in self._line_at.get(beside, {}).values():
            if dirs & along:
                return CROWD
        if beside in self._arrow_at and axis(self._arrow_at[beside]) == along:
            return CROWD
        return 0

    def _steps_to(self, r: Rect) -> tuple[list[int], list[int]]:
        """STEP * r.distance, split by axis: (by grid column, by grid row) of the flat grid."""
        return (
            _steps_to_range(r.x + 1, r.w, self._stride),
            _steps_to_range(r.y + 1, r.h, len(self._grid) // self._stride),
        )

    # -- search -----------------------------------------------------------------------

    def route(self, index: int, source: str, target: str, style: str) -> bool:
        """Find and record a route for edge `index`; False when there is none."""
        if self._grid is None:
            self._index_canvas()  # moved by relocate
        arrow_ports = {port.index: port.cost for port in self._ports(target) if port.cell not in self.used_border}
        joinable = {n for n, net in enumerate(self.nets) if net.style == style and net.target == target}
        join_area = (
            _bounds(p for p, nets in self.lines.items() if len(nets) == 1 and set(nets) <= joinable)
            if joinable
            else None
        )
        # The A* guess: STEP per step still needed to reach the goal box or the join area.
        stride = self._stride
        goal_cols, goal_rows = self._steps_to(self.boxes[target])
        join_cols, join_rows = self._steps_to(join_area) if join_area else (goal_cols, goal_rows)

        def estimate(i: int) -> int:
            col, row = i % stride, i // stride
            guess = min(goal_cols[col] + goal_rows[row], join_cols[col] + join_rows[row])
            return guess - STEP if guess > STEP else 0

        # A goal is keyed as the state (its cell, heading, and the net it joins or NO_ORIGIN
        # for an arrowhead) plus goal_base, which is above every state key. A push is
        # queued as the int cost << key_bits | key. The open set is a queue of pushes per
        # priority (cost + guess), in push order, and a heap of those priorities: the first
        # push of the lowest priority is what a heap of (priority, push counter) would pop.
        size = len(self._grid)
        goal_base = (len(self.nets) + 1) * size << HEADING_BITS
        key_bits = (2 * goal_base).bit_length()
        key_mask = (1 << key_bits) - 1
        queues: dict[int, deque[int]] = {}
        priorities: list[int] = []
        best: dict[int, int] = {}  # key -> cost of its latest push, the cheapest so far
        came_from: dict[int, int | tuple] = {}  # key -> state pushed from, or how the route begins

        def push(key: int, cost: int, came: int | tuple, guess: int) -> None:
            if key in best and best[key] <= cost:
                return
            best[key] = cost
            came_from[key] = came
            queue = queues.get(cost + guess)
            if queue is None:
                queue = queues[cost + guess] = deque()
                heapq.heappush(priorities, cost + guess)
            queue.append(cost << key_bits | key)

        # Start from a free port of the source box, or branch off one of its own lines.
        for port in self._ports(source):
            if port.cell not in self.used_border and self._free(port.first):
                push(port.start, port.cost + STEP, ("port", port.cell), estimate(port.first))
        for start, cell, cost, how in self._branches(source, style):
            push(start, cost, how, estimate(cell))

        # The hot loop of the whole layout: locals only, and push() written out.
        grid, delta, moves = self._grid, self._delta, self._moves
        heappop, heappush = heapq.heappop, heapq.heappush
        while priorities:
            queue = queues[priorities[0]]
            entry = queue.popleft()
            if not queue:
                del queues[heappop(priorities)]
            cost, key = entry >> key_bits, entry & key_mask
            if best[key] != cost:
                continue  # a cheaper way here was found after this entry was pushed
            if key >= goal_base:
                self._commit(index, source, target, style, key - goal_base, came_from[key], came_from)
                return True
            heading = key & HEADING_MASK
            cell = (key >> HEADING_BITS) % size
            origin_part = (key >> HEADING_BITS) - cell  # (origin + 1) * size: the same for next states
            ahead = cell + delta[heading]
            if ahead in arrow_ports:
                arrow = self._state(cell, heading, NO_ORIGIN)
                push(goal_base + arrow, cost + arrow_ports[ahead], key, 0)
            for way, step, step_cost, penalties in moves[heading]:
                nxt = cell + step
                kind = grid[nxt]
                if kind:
                    if kind == BLOCKED:
                        continue
                    origin = origin_part // size - 1
                    nxt, crossed = self._crossings(nxt, way, origin)
                    step_cost += (STEP + CROSS) * crossed
                    if not crossed and origin == NO_ORIGIN:
                        join = self._join_cost(nxt, way, joinable)
                        if join is not None:
                            merge = self._state(nxt, way, next(iter(self._line_at[nxt])))
                            push(goal_base + merge, cost + step_cost + join, key, 0)
                    if grid[nxt] != OPEN:
                        continue
                new_cost = cost + step_cost + penalties[nxt]
                new_key = (origin_part + nxt) << HEADING_BITS | way
                if new_key in best and best[new_key] <= new_cost:
                    continue
                best[new_key] = new_cost
                came_from[new_key] = key
                col, row = nxt % stride, nxt // stride  # estimate(nxt)
                guess = goal_cols[col] + goal_rows[row]
                join_guess = join_cols[col] + join_rows[row]
                if join_guess < guess:
                    guess = join_guess
                priority = new_cost + guess - STEP if guess > STEP else new_cost
                queue = queues.get(priority)
                if queue is None:
                    queue = queues[priority] = deque()
                    heappush(priorities, priority)
                queue.append(new_cost << key_bits | new_key)
        return False

    def _crossings(self, i: int, heading: int, origin: int) -> tuple[int, int]:
        """The first cell from i on that is not a line to cross, and how many lines come before it."""
        crossed = 0
        while self._crossable(i, heading, origin):
            crossed += 1
            i += self._delta[heading]
        return i, crossed

    def _branches(self, source: str, style: str):
        """Start states that branch off a line of the same source and style.

        Yields (state, its cell index, cost, how the route begins).
        """
        for n, net in enumerate(self.nets):
            if net.style != style or net.source != source:
                continue
            seen: set[Point] = set()
            for edge in net.edges:
                route = self.routes[edge]
                for i, p in enumerate(route.path[:-1]):
                    nets = self.lines[p]
                    if p in seen or len(nets) != 1 or bin(nets[n]).count("1") > 2 or self._next_to_box(self._index(p)):
                        continue  # a junction must be clear of boxes to read as a branch
                    seen.add(p)
                    behind = route.path[i - 1] if i else route.port
                    for heading in DIRECTIONS:
                        nxt = self._index(move(p, heading))
                        if nets[n] & heading or not self._free(nxt):
                            continue
                        straight = move(p, OPPOSITE[heading]) == behind
                        cost = SHARE_START + SHARE_CELL * i + STEP + (0 if straight else BEND)
                        cost += self._penalty(nxt, heading)
                        yield self._state(nxt, heading, n), nxt, cost, ("tree", p, edge, i)

    def _join_cost(self, i: int, heading: int, joinable: set[int]) -> int | None:
        """Cost of ending by joining a line into the same target at cell i, or None."""
        nets = self._line_at.get(i)
        if not nets or len(nets) != 1 or i in self._arrow_at or self._next_to_box(i):
            return None
        ((net, dirs),) = nets.items()
        if net not in joinable or bin(dirs).count("1") > 2 or dirs & OPPOSITE[heading]:
            return None
        p = self._point(i)
        route = next(self.routes[e] for e in self.nets[net].edges if p in self.routes[e].path)
        rest = len(route.path) - route.path.index(p)
        ahead = route.path[route.path.index(p) + 1]
        straight = move(p, heading) == ahead
        return STEP + SHARE_START + SHARE_CELL * rest + (0 if straight else BEND)

    # -- recording --------------------------------------------------------------------

    def _commit(
        self, index: int, source: str, target: str, style: str, goal: int, last: int, came_from: dict[int, int | tuple]
    ) -> None:
        """Record the route that reached `goal` (a state key: see route) from state `last`."""
        goal_cell, goal_heading, joined_net = self._unpack(goal)
        cells: list[Point] = []
        key: int | tuple = last
        while isinstance(key, int):  # back through the states to how the route began
            cell, heading, _ = self._unpack(key)
            came = came_from[key]
            cells.append(self._point(cell))
            if isinstance(came, int):  # the lines crossed on the way lie between the two cells
                step = self._delta[heading]
                crossed, behind = cell - step, self._unpack(came)[0]
                while crossed != behind:
                    cells.append(self._point(crossed))
                    crossed -= step
            key = came
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
        if joined_net != NO_ORIGIN:  # a merge: the route ends by joining that net's line
            joined = self._point(goal_cell)
            base = next(self.routes[e] for e in self.nets[joined_net].edges if joined in self.routes[e].path)
            suffix = base.path[base.path.index(joined) :]
            arrow = base.arrow
            chain.append(joined)
            net_id = joined_net
        else:
            suffix, arrow = [], goal_heading
            self._add_arrow(cells[-1], arrow)
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
        self._grid = None  # the flat grid is out of date: route() builds it anew if called

    def _connect(self, p: Point, net: int, direction: int) -> None:
        nets = self.lines.setdefault(p, {})
        nets[net] = nets.get(net, 0) | direction
        i = self._index(p)
        self._line_at[i] = nets
        self._changed(i)

    def _add_arrow(self, p: Point, direction: int) -> None:
        self.arrows[p] = direction
        i = self._index(p)
        self._arrow_at[i] = direction
        self._changed(i)


_DIRECTION_OF = {offset: direction for direction, offset in OFFSET.items()}


def _direction(a: Point, b: Point) -> int:
    return _DIRECTION_OF[b[0] - a[0], b[1] - a[1]]


def _steps_to_range(start: int, length: int, count: int) -> list[int]:
    """STEP times the distance from each of 0 .. count-1 to the range start .. start+length-1."""
    after = count - start - length
    return [*range(STEP * start, 0, -STEP), *[0] * length, *range(STEP, STEP * after + 1, STEP)]


def _bounds(points) -> Rect | None:
    """The smallest rectangle holding all points, or None for no points."""
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
