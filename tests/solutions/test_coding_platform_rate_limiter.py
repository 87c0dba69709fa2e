"""Tests for docs_src/coding_platform/rate_limiter.py."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.rate_limiter import SlidingWindowLogLimiter, TokenBucketLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_burst_then_refill():
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=2, capacity=5, clock=clock)
    assert [limiter.allow("a") for _ in range(6)] == [True] * 5 + [False]
    assert limiter.retry_after("a") == pytest.approx(0.5)
    clock.now = 0.5  # one token back
    assert limiter.allow("a") is True
    assert limiter.allow("a") is False
    clock.now = 100  # refill is capped at capacity
    assert sum(limiter.allow("a") for _ in range(10)) == 5


def test_token_bucket_clients_are_independent_and_costs_work():
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate=1, capacity=3, clock=clock)
    assert limiter.allow("a", cost=3) is True
    assert limiter.allow("a") is False
    assert limiter.allow("b") is True  # b has its own full bucket
    assert limiter.retry_after("new-client") == 0.0
    with pytest.raises(ValueError):
        limiter.allow("a", cost=4)  # could never succeed
    with pytest.raises(ValueError):
        limiter.allow("a", cost=0)
    with pytest.raises(ValueError):
        TokenBucketLimiter(rate=0, capacity=1)


def test_token_bucket_ignores_clock_going_backwards():
    clock = FakeClock()
    clock.now = 10
    limiter = TokenBucketLimiter(rate=1, capacity=1, clock=clock)
    assert limiter.allow("a") is True
    clock.now = 5
    assert limiter.allow("a") is False  # no negative refill, no crash
    clock.now = 11
    assert limiter.allow("a") is True


def test_sliding_window_boundaries():
    clock = FakeClock()
    limiter = SlidingWindowLogLimiter(limit=2, window=10, clock=clock)
    assert limiter.allow("a") and limiter.allow("a")
    clock.now = 9.999
    assert limiter.allow("a") is False
    clock.now = 10  # the two requests at t=0 leave the window (now - 10, now]
    assert limiter.allow("a") and limiter.allow("a")
    assert limiter.allow("a") is False
    assert limiter.allow("b") is True
    with pytest.raises(ValueError):
        SlidingWindowLogLimiter(limit=0, window=1)


def test_sliding_window_does_not_log_rejections():
    clock = FakeClock()
    limiter = SlidingWindowLogLimiter(limit=1, window=10, clock=clock)
    assert limiter.allow("a")
    for t in range(1, 10):  # a client hammering while blocked
        clock.now = t
        assert limiter.allow("a") is False
    clock.now = 10
    assert limiter.allow("a") is True  # not locked out by its own rejected attempts


@pytest.mark.parametrize(
    "make",
    [
        lambda clock: TokenBucketLimiter(rate=1, capacity=100, clock=clock),
        lambda clock: SlidingWindowLogLimiter(limit=100, window=60, clock=clock),
    ],
)
def test_concurrent_callers_never_exceed_the_limit(make):
    clock = FakeClock()  # frozen: no refill, so exactly 100 may pass
    limiter = make(clock)
    start = threading.Barrier(8)
    allowed: list[int] = []

    def caller() -> None:
        start.wait()
        allowed.append(sum(limiter.allow("shared") for _ in range(50)))

    threads = [threading.Thread(target=caller) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 100


# ---- properties -------------------------------------------------------------

# Dyadic rates and time steps keep float arithmetic exact.
steps = st.lists(st.tuples(st.integers(0, 8).map(lambda q: q / 4), st.sampled_from("ab")), max_size=80)


@settings(deadline=None, max_examples=300)
@given(st.sampled_from([0.5, 1.0, 2.0, 4.0]), st.integers(1, 6), steps)
def test_token_bucket_never_exceeds_burst_plus_rate(rate, capacity, requests):
    clock = FakeClock()
    limiter = TokenBucketLimiter(rate, capacity, clock)
    allowed: dict[str, list[float]] = {"a": [], "b": []}
    for dt, client in requests:
        clock.now += dt
        if limiter.allow(client):
            allowed[client].append(clock.now)
    for times in allowed.values():
        for i in range(len(times)):
            for j in range(i, len(times)):
                assert j - i + 1 <= capacity + rate * (times[j] - times[i])


@settings(deadline=None, max_examples=300)
@given(st.integers(1, 5), st.integers(1, 6), steps)
def test_sliding_window_matches_definition(limit, window, requests):
    clock = FakeClock()
    limiter = SlidingWindowLogLimiter(limit, window, clock)
    allowed: dict[str, list[float]] = {"a": [], "b": []}
    for dt, client in requests:
        clock.now += dt
        now = clock.now
        in_window = sum(1 for t in allowed[client] if t > now - window)
        expected = in_window < limit  # the brute-force definition
        assert limiter.allow(client) is expected
        if expected:
            allowed[client].append(now)
