"""Tests for docs_src/scalability/model_parallel_linear.py."""

from __future__ import annotations

import math
import threading
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.scalability.model_parallel_linear import (
    Channel,
    DeadlockError,
    halves,
    linear_backward,
    linear_forward,
    run_two_devices,
)


def finishes_within(seconds, fn, *args, **kwargs):
    """Run fn in a watchdog thread: fail the test if it has not returned in time."""
    box = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds}s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def matrix(rows, cols, values):
    return st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@st.composite
def problems(draw, values=st.integers(-9, 9)):
    batch, d_in, d_out = draw(st.integers(1, 4)), draw(st.integers(2, 5)), draw(st.integers(2, 5))
    return (draw(matrix(batch, d_in, values)), draw(matrix(d_in, d_out, values)), draw(matrix(batch, d_out, values)))


X = [[1, 2, 3], [4, 5, 6]]
W = [[1, 0, 2, -1], [0, 1, 1, 1], [3, -2, 0, 1]]
DY = [[1, 1, 0, 2], [0, -1, 1, 1]]


def test_reference_by_hand():
    assert linear_forward([[1, 2]], [[3], [4]]) == [[11]]
    grad_x, grad_w = linear_backward([[1, 2]], [[3], [4]], [[1]])
    assert grad_x == [[3, 4]] and grad_w == [[1], [2]]


@pytest.mark.parametrize("mode", ["column", "row"])
def test_small_example_matches_single_device(mode):
    out = finishes_within(10, run_two_devices, mode, X, W, DY)
    grad_x, grad_w = linear_backward(X, W, DY)
    assert out.y == [linear_forward(X, W)] * 2
    assert out.grad_x == [grad_x] * 2
    assert out.grad_w == grad_w


@pytest.mark.parametrize("mode", ["column", "row"])
@pytest.mark.parametrize("order,capacity", [("rank-ordered", 0), ("rank-ordered", 2), ("send-first", 1)])
@settings(deadline=None, max_examples=40)
@given(problem=problems())
def test_every_layout_equals_the_single_device_computation(mode, order, capacity, problem):
    x, w, grad_y = problem
    out = finishes_within(10, run_two_devices, mode, x, w, grad_y, order=order, capacity=capacity)
    expected_y = linear_forward(x, w)
    expected_grad_x, expected_grad_w = linear_backward(x, w, grad_y)
    assert out.y == [expected_y, expected_y]  # integers: exact, whatever the summation order
    assert out.grad_x == [expected_grad_x, expected_grad_x]
    assert out.grad_w == expected_grad_w


@settings(deadline=None, max_examples=30)
@given(problem=problems(values=st.floats(-4, 4, allow_nan=False, allow_infinity=False)))
def test_floats_agree_within_rounding_and_replicas_agree_exactly(problem):
    x, w, grad_y = problem
    out = finishes_within(10, run_two_devices, "column", x, w, grad_y)
    expected_grad_x, _ = linear_backward(x, w, grad_y)
    assert out.grad_x[0] == out.grad_x[1]  # both add the partial sums in rank order
    for got_row, want_row in zip(out.grad_x[0], expected_grad_x):
        assert all(math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-9) for g, e in zip(got_row, want_row))


def test_fractions_are_exact():
    x = [[Fraction(1, 3), Fraction(2, 7)]]
    w = [[Fraction(1, 2), 1], [3, Fraction(-1, 5)]]
    out = run_two_devices("row", x, w, [[1, Fraction(1, 9)]])
    assert out.y[0] == linear_forward(x, w)


@pytest.mark.parametrize(
    "mode,tags",
    [
        ("column", ["forward all-gather Y", "backward all-reduce dX"]),
        ("row", ["forward all-reduce Y", "backward all-gather dX"]),
    ],
)
def test_one_sync_point_each_way_in_order_on_both_devices(mode, tags):
    out = run_two_devices(mode, X, W, DY)
    for rank in (0, 1):
        assert [tag for r, tag in out.trace if r == rank] == tags


def test_both_sending_first_on_rendezvous_channels_deadlocks_and_is_reported():
    with pytest.raises(DeadlockError):
        finishes_within(5, run_two_devices, "column", X, W, DY, order="send-first", capacity=0, timeout=0.2)


def test_a_one_message_buffer_removes_the_deadlock():
    out = finishes_within(5, run_two_devices, "row", X, W, DY, order="send-first", capacity=1)
    assert out.y[0] == linear_forward(X, W)


def test_channel_rendezvous_and_buffer():
    buffered = Channel("b", capacity=1, timeout=0.1)
    buffered.send("a")  # room in the buffer: returns at once
    with pytest.raises(DeadlockError):
        buffered.send("b")  # buffer full and nobody receives
    assert buffered.recv() == "a"
    with pytest.raises(DeadlockError):
        Channel("r", capacity=0, timeout=0.1).send("x")  # nobody ever receives
    with pytest.raises(DeadlockError):
        Channel("e", timeout=0.1).recv()  # nothing ever sent


def test_rendezvous_send_returns_once_received():
    channel = Channel("r", capacity=0, timeout=5)
    got = []
    receiver = threading.Thread(target=lambda: got.append(channel.recv()))
    receiver.start()
    channel.send(42)
    receiver.join(5)
    assert got == [42]


def test_halves_cover_the_dimension():
    assert halves(5) == [(0, 3), (3, 5)]
    assert halves(2) == [(0, 1), (1, 2)]


def test_bad_input():
    with pytest.raises(ValueError):
        run_two_devices("column", [[1]], [[1]], [[1]])  # one output column cannot be split in two
    with pytest.raises(ValueError):
        run_two_devices("row", [[1, 2]], [[1, 2], [3]], [[1, 2]])
    with pytest.raises(ValueError):
        run_two_devices("column", X, W, [[1, 2]])
    with pytest.raises(ValueError):
        run_two_devices("diagonal", X, W, DY)
    with pytest.raises(ValueError):
        Channel("c", capacity=-1)
