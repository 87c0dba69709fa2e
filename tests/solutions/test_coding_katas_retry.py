"""Tests for docs_src/coding_katas/retry.py."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.retry import RetryError, RetryPolicy, call_with_retry


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def flaky(failures: int, error: BaseException = ConnectionError("reset")):
    calls = []

    def fn() -> str:
        calls.append(1)
        if len(calls) <= failures:
            raise error
        return "ok"

    return fn, calls


def upper(lo: float, hi: float) -> float:
    return hi  # "random" that always picks the top of the range


def test_succeeds_after_transient_failures_with_exponential_delays():
    t = FakeTime()
    fn, calls = flaky(3)
    policy = RetryPolicy(max_attempts=5, base_delay=0.1, max_delay=10, jitter="none")
    assert call_with_retry(fn, policy, sleep=t.sleep, clock=t.clock) == "ok"
    assert len(calls) == 4
    assert t.sleeps == pytest.approx([0.1, 0.2, 0.4])


def test_delays_are_capped():
    t = FakeTime()
    fn, _ = flaky(6)
    policy = RetryPolicy(max_attempts=7, base_delay=1, max_delay=5, jitter="none")
    call_with_retry(fn, policy, sleep=t.sleep, clock=t.clock)
    assert t.sleeps == [1, 2, 4, 5, 5, 5]


def test_full_jitter_draws_between_zero_and_the_ceiling():
    t = FakeTime()
    fn, _ = flaky(3)
    ranges: list[tuple[float, float]] = []

    def record(lo: float, hi: float) -> float:
        ranges.append((lo, hi))
        return lo

    call_with_retry(fn, RetryPolicy(base_delay=0.5), sleep=t.sleep, uniform=record, clock=t.clock)
    assert ranges == [(0.0, 0.5), (0.0, 1.0), (0.0, 2.0)]
    assert t.sleeps == [0.0, 0.0, 0.0]


def test_decorrelated_jitter_grows_from_the_previous_delay():
    t = FakeTime()
    fn, _ = flaky(4)
    policy = RetryPolicy(base_delay=1, max_delay=20, jitter="decorrelated")
    call_with_retry(fn, policy, sleep=t.sleep, uniform=upper, clock=t.clock)
    assert t.sleeps == [3, 9, 20, 20]  # 3 x previous, capped at max_delay


def test_gives_up_after_max_attempts_with_the_cause():
    t = FakeTime()
    fn, calls = flaky(10)
    with pytest.raises(RetryError, match="failed after 3 attempts") as info:
        call_with_retry(fn, RetryPolicy(max_attempts=3), sleep=t.sleep, clock=t.clock)
    assert len(calls) == 3 and len(t.sleeps) == 2  # no pointless sleep after the last try
    assert info.value.attempts == 3
    assert isinstance(info.value.__cause__, ConnectionError)


def test_non_retryable_errors_propagate_at_once():
    t = FakeTime()
    fn, calls = flaky(1, error=ValueError("bad request"))
    with pytest.raises(ValueError, match="bad request"):
        call_with_retry(fn, RetryPolicy(), sleep=t.sleep, clock=t.clock)
    assert len(calls) == 1 and t.sleeps == []


def test_deadline_stops_before_sleeping_past_it():
    t = FakeTime()
    fn, calls = flaky(10)
    policy = RetryPolicy(max_attempts=10, base_delay=1, max_delay=60, jitter="none", deadline=5)
    with pytest.raises(RetryError, match="deadline") as info:
        call_with_retry(fn, policy, sleep=t.sleep, clock=t.clock)
    assert t.sleeps == [1, 2]  # the next sleep (4 s) would end at 7 s > 5 s
    assert len(calls) == 3 and info.value.attempts == 3


def test_invalid_policy():
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay=2, max_delay=1)


@settings(deadline=None, max_examples=300)
@given(
    failures=st.integers(0, 12),
    max_attempts=st.integers(1, 10),
    base=st.sampled_from([0.01, 0.1, 1.0]),
    cap=st.sampled_from([1.0, 5.0, 30.0]),
    jitter=st.sampled_from(["full", "decorrelated", "none"]),
    deadline=st.one_of(st.none(), st.floats(0.1, 60)),
    seed=st.integers(0, 2**32 - 1),
)
def test_schedule_invariants(failures, max_attempts, base, cap, jitter, deadline, seed):
    cap = max(cap, base)
    t = FakeTime()
    fn, calls = flaky(failures)
    policy = RetryPolicy(max_attempts, base, cap, jitter, deadline=deadline)
    try:
        assert call_with_retry(fn, policy, sleep=t.sleep, uniform=random.Random(seed).uniform, clock=t.clock) == "ok"
        assert len(calls) == failures + 1
    except RetryError as err:
        assert len(calls) == err.attempts <= max_attempts
        assert len(calls) <= failures
    assert len(calls) <= max_attempts
    assert len(t.sleeps) == len(calls) - 1  # one sleep between tries, none after the last
    assert all(0 <= d <= cap for d in t.sleeps)
    if jitter == "full":
        assert all(d <= min(cap, base * 2**k) for k, d in enumerate(t.sleeps))
    if jitter == "decorrelated":
        assert all(d >= base for d in t.sleeps)
    if deadline is not None:
        assert sum(t.sleeps) <= deadline
