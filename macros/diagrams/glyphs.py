"""Directions on the character grid and the box-drawing characters for them."""

from __future__ import annotations

Point = tuple[int, int]  # (x, y): column, row

# Directions are bits so that a cell's connections are one int (N|S is a vertical line).
N, E, S, W = 1, 2, 4, 8
DIRECTIONS = (N, E, S, W)
OFFSET = {N: (0, -1), E: (1, 0), S: (0, 1), W: (-1, 0)}
OPPOSITE = {N: S, S: N, E: W, W: E}
VERTICAL, HORIZONTAL = N | S, E | W


def move(point: Point, direction: int) -> Point:
    dx, dy = OFFSET[direction]
    return point[0] + dx, point[1] + dy


def axis(direction: int) -> int:
    return VERTICAL if direction in (N, S) else HORIZONTAL


def across(direction: int) -> int:
    """The axis at a right angle to `direction`."""
    return HORIZONTAL if axis(direction) == VERTICAL else VERTICAL


def turns(direction: int) -> tuple[int, int]:
    """The two directions at a right angle to `direction`."""
    return (E, W) if axis(direction) == VERTICAL else (N, S)


# Solid lines and every junction share one set; dotted lines have dotted straights
# and rounded corners, so a dotted route stays recognisable where it bends.
SOLID = {
    N | S: "│",
    E | W: "─",
    S | E: "┌",
    S | W: "┐",
    N | E: "└",
    N | W: "┘",
    N | S | E: "├",
    N | S | W: "┤",
    E | W | S: "┬",
    E | W | N: "┴",
    N | E | S | W: "┼",
}
DOTTED = {**SOLID, N | S: "┆", E | W: "┄", S | E: "╭", S | W: "╮", N | E: "╰", N | W: "╯"}
ARROW = {N: "▲", E: "▶", S: "▼", W: "◀"}  # keyed by the direction the arrow points
CROSSING = "┼"

BOX = {"top_left": "┌", "top_right": "┐", "bottom_left": "└", "bottom_right": "┘", "horizontal": "─", "vertical": "│"}

# Every character a routed line may leave on a cell (tests check paths against these).
LINE_CHARS = frozenset(SOLID.values()) | frozenset(DOTTED.values())
ARROW_CHARS = frozenset(ARROW.values())


def line_char(directions: int, dotted: bool) -> str:
    return (DOTTED if dotted else SOLID)[directions]
