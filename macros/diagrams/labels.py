"""Edge labels on the drawing: beside a straight stretch of the edge's own line.

A label goes down only where a blank margin surrounds it, so it cannot be read as
belonging to another line or box. Where there is no such room the label is left out of
the drawing; the text alternative always lists it.
"""

from __future__ import annotations

from collections import Counter

from .glyphs import Point
from .routing import Route

VERTICAL_LINE = frozenset("│┆")
HORIZONTAL_LINE = frozenset("─┄")
FAR_MARGIN = 3  # blank columns between a label and anything on its far side


def place_labels(
    cells: dict[Point, str], routes: list[Route], labels: list[str | None], max_width: int
) -> dict[int, tuple[Point, str]]:
    """Write labels into `cells`; return edge index -> (first cell, text) for those placed."""
    owners = Counter(p for route in routes for p in set(route.path))
    placed: dict[int, tuple[Point, str]] = {}
    for index, (route, text) in enumerate(zip(routes, labels)):
        if not text:
            continue
        own = [p for p in route.path[:-1] if owners[p] == 1]
        spot = _best_spot(cells, route.path, set(own), text, max_width)
        if spot is not None:
            x, y = spot
            for i, ch in enumerate(text):
                cells[(x + i, y)] = ch
            placed[index] = (spot, text)
    return placed


def _best_spot(cells: dict[Point, str], path: list[Point], own: set[Point], text: str, max_width: int) -> Point | None:
    n = len(text)
    middle = (len(path) - 1) / 2
    options: list[tuple[float, int, Point]] = []
    for i, (x, y) in enumerate(path):
        if (x, y) not in own:
            continue
        ch = cells.get((x, y))
        if ch in VERTICAL_LINE:
            # One blank between label and line; a wider one to anything further out, so the
            # label is never read as belonging to a line on its other side.
            far = FAR_MARGIN
            options.append((abs(i - middle), 0, (x + 2, y), (x + 1, y - 1, x + 1 + n + far, y + 1)))
            options.append((abs(i - middle), 1, (x - 1 - n, y), (x - 1 - n - far, y - 1, x - 1, y + 1)))
        elif ch in HORIZONTAL_LINE:
            run = _straight_run(cells, path, own, i)
            if len(run) >= n + 2:
                start = run[0][0] + (len(run) - n) // 2
                options.append((abs(i - middle), 2, (start, y - 1), (start - 1, y - 2, start + n, y - 1)))
                options.append((abs(i - middle), 3, (start, y + 1), (start - 1, y + 1, start + n, y + 2)))
    for *_, spot, area in sorted(options, key=lambda o: (o[0], o[1])):
        if spot[0] >= 0 and spot[1] >= 0 and spot[0] + n <= max_width and _blank(cells, area):
            return spot
    return None


def _straight_run(cells: dict[Point, str], path: list[Point], own: set[Point], i: int) -> list[Point]:
    """The horizontal stretch of own straight cells of `path` around index i."""

    def straight(j: int) -> bool:
        return (
            0 <= j < len(path) and path[j] in own and path[j][1] == path[i][1] and cells.get(path[j]) in HORIZONTAL_LINE
        )

    lo, hi = i, i
    while straight(lo - 1):
        lo -= 1
    while straight(hi + 1):
        hi += 1
    return sorted(path[lo : hi + 1])


def _blank(cells: dict[Point, str], area: tuple[int, int, int, int]) -> bool:
    left, top, right, bottom = area
    return all((x, y) not in cells for x in range(left, right + 1) for y in range(top, bottom + 1))
