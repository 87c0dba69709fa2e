"""Tests for docs_src/coding_katas/batching_queue.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.batching_queue import BatchingQueue


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make(max_batch_size: int = 4, max_wait: float = 0.010):
    clock = FakeClock()
    return BatchingQueue[str](max_batch_size, max_wait, clock), clock


def test_full_batch_is_released_at_once():
    q, _ = make(max_batch_size=3)
    for name in "abcd":
        q.submit(name)
    assert q.ready() and q.time_until_ready() == 0.0
    assert q.next_batch() == ["a", "b", "c"]  # at most max_batch_size
    assert len(q) == 1


def test_partial_batch_waits_for_max_wait():
    q, clock = make(max_batch_size=8, max_wait=0.010)
    assert q.time_until_ready() is None and q.next_batch() == []
    q.submit("a")
    clock.now = 0.004
    q.submit("b")
    assert q.time_until_ready() == pytest.approx(0.006)  # measured from the OLDEST request
    assert q.next_batch() == []
    clock.now = 0.010
    assert q.next_batch() == ["a", "b"]
    assert q.time_until_ready() is None


def test_priority_order_and_fifo_within_a_priority():
    q, _ = make(max_batch_size=5)
    q.submit("low-1", priority=0)
    q.submit("high-1", priority=9)
    q.submit("mid-1", priority=5)
    q.submit("high-2", priority=9)
    q.submit("low-2", priority=0)
    assert q.next_batch() == ["high-1", "high-2", "mid-1", "low-1", "low-2"]


def test_leftover_old_request_makes_the_next_batch_due():
    q, clock = make(max_batch_size=2, max_wait=0.010)
    q.submit("old-low", priority=0)
    clock.now = 0.010
    q.submit("new-high", priority=1)
    q.submit("new-high-2", priority=1)
    assert q.next_batch() == ["new-high", "new-high-2"]  # priority wins the slots
    assert q.oldest_wait() == pytest.approx(0.010)  # old-low is still the oldest
    assert q.next_batch() == ["old-low"]  # already overdue: released at once


def test_force_and_zero_wait():
    q, _ = make(max_batch_size=4, max_wait=1.0)
    q.submit("a")
    assert q.next_batch() == [] and q.next_batch(force=True) == ["a"]
    eager, _ = make(max_batch_size=4, max_wait=0.0)
    eager.submit("x")
    assert eager.next_batch() == ["x"]  # max_wait 0: no batching delay at all


def test_rejects_bad_config():
    with pytest.raises(ValueError):
        BatchingQueue(0, 0.01)
    with pytest.raises(ValueError):
        BatchingQueue(4, -1)


# ---- property: against a brute-force reference ------------------------------

actions = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(0, 3)),
        st.tuples(st.just("tick"), st.integers(0, 6)),
        st.tuples(st.just("batch"), st.booleans()),
    ),
    max_size=60,
)


@settings(deadline=None, max_examples=300)
@given(st.integers(1, 4), st.integers(0, 10), actions)
def test_matches_brute_force_reference(max_batch_size, max_wait, script):
    clock = FakeClock()
    q = BatchingQueue[int](max_batch_size, max_wait, clock)
    waiting: list[tuple[int, int, float]] = []  # (priority, arrival number, arrived_at)
    arrivals = 0
    for action, arg in script:
        if action == "submit":
            q.submit(arrivals, priority=arg)
            waiting.append((arg, arrivals, clock.now))
            arrivals += 1
        elif action == "tick":
            clock.now += arg
        else:
            due = len(waiting) >= max_batch_size or (
                bool(waiting) and clock.now - min(t for _, _, t in waiting) >= max_wait
            )
            expected: list[int] = []
            if due or arg:
                ordered = sorted(waiting, key=lambda w: (-w[0], w[1]))
                taken = ordered[:max_batch_size]
                expected = [n for _, n, _ in taken]
                waiting = ordered[max_batch_size:]
            assert q.next_batch(force=arg) == expected
        assert len(q) == len(waiting)
