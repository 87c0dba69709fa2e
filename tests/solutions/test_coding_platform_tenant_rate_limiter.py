"""Tests for docs_src/coding_platform/tenant_rate_limiter.py."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.tenant_rate_limiter import Quota, QuotaTable, TenantLimiter


class Clock:
    def __init__(self, now: float = 0.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


FREE = Quota(rate=1.0, burst=5, window=60.0, window_limit=20)
PRO = Quota(rate=10.0, burst=50, window=60.0, window_limit=1000)


def limiter(window="log", quota=FREE, now=0.0):
    clock = Clock(now)
    table = QuotaTable({"free": quota, "pro": PRO}, default_tier="free")
    return TenantLimiter(table, window=window, clock=clock), table, clock


@pytest.mark.parametrize("kind", ["log", "counter"])
def test_burst_then_refill_at_the_sustained_rate(kind):
    lim, _, clock = limiter(kind)
    assert [lim.check("a").allowed for _ in range(6)] == [True] * 5 + [False]
    rejected = lim.check("a")
    assert rejected.limited_by == ("bucket",) and rejected.retry_after == pytest.approx(1.0)
    clock.now = 0.999
    assert not lim.check("a").allowed
    clock.now = 1.0
    assert lim.check("a").allowed
    clock.now = 1000.0  # a long idle refills to the burst, not beyond
    assert [lim.check("a").allowed for _ in range(6)] == [True] * 5 + [False]


def test_the_window_caps_sustained_traffic_that_the_bucket_would_allow():
    lim, _, clock = limiter("log")
    allowed = 0
    for second in range(60):  # one request a second: the bucket always has a token
        clock.now = float(second)
        allowed += lim.check("a").allowed
    assert allowed == 20  # the window cap, not 60
    d = lim.check("a")
    assert d.limited_by == ("window",)
    assert d.retry_after == pytest.approx(1.0)  # the request at t=0 leaves the window at t=60


def test_log_window_edge_a_request_stops_counting_exactly_one_window_later():
    q = Quota(rate=100, burst=100, window=10.0, window_limit=3)
    lim, _, clock = limiter("log", q)
    for t in (0.0, 4.0, 9.0):
        clock.now = t
        assert lim.check("a").allowed
    clock.now = 9.999
    assert not lim.check("a").allowed
    clock.now = 10.0  # (now - W, now] no longer holds t = 0
    assert lim.check("a").allowed


def test_counter_weights_the_previous_window_by_the_part_still_inside():
    q = Quota(rate=1000, burst=1000, window=10.0, window_limit=10)
    lim, _, clock = limiter("counter", q)
    clock.now = 5.0
    assert all(lim.check("a").allowed for _ in range(10))  # window [0, 10) is full
    clock.now = 12.5  # 25% into [10, 20): estimate = 10 * 0.75 = 7.5
    assert [lim.check("a").allowed for _ in range(3)] == [True, True, False]  # 8.5, 9.5, then 10.5
    clock.now = 30.0  # two windows after [10, 20): nothing left
    assert all(lim.check("a").allowed for _ in range(10))


def test_a_rejection_charges_neither_limiter():
    q = Quota(rate=1.0, burst=10, window=100.0, window_limit=3)
    lim, _, clock = limiter("log", q)
    for _ in range(3):
        assert lim.check("a").allowed
    for _ in range(50):  # blocked by the window: must not drain the bucket
        assert lim.check("a").limited_by == ("window",)
    clock.now = 100.0
    assert [lim.check("a").allowed for _ in range(4)] == [True, True, True, False]
    assert lim.check("a").limited_by == ("window",)  # the bucket still had 7 + refill


def test_both_limits_reported_and_retry_after_is_the_later_one():
    q = Quota(rate=1.0, burst=2, window=10.0, window_limit=2)
    lim, _, clock = limiter("log", q)
    assert lim.check("a").allowed and lim.check("a").allowed
    d = lim.check("a")
    assert d.limited_by == ("bucket", "window") and d.retry_after == pytest.approx(10.0)


def test_tiers_overrides_and_default():
    lim, table, _ = limiter()
    table.tier_of["big-lab"] = "pro"
    assert sum(lim.check("big-lab").allowed for _ in range(60)) == 50
    assert sum(lim.check("stranger").allowed for _ in range(60)) == 5  # default tier
    table.overrides["stranger"] = Quota(rate=1, burst=8, window=60, window_limit=100)
    assert sum(lim.check("stranger").allowed for _ in range(10)) == 0  # tokens carry over, 0 left
    assert sum(lim.check("fresh").allowed for _ in range(10)) == 5


def test_lowering_a_quota_clamps_the_tokens_already_held():
    lim, table, _ = limiter(quota=Quota(rate=1, burst=100, window=60, window_limit=1000))
    assert lim.check("a").allowed  # 99 tokens left
    table.overrides["a"] = Quota(rate=1, burst=3, window=60, window_limit=1000)
    assert sum(lim.check("a").allowed for _ in range(10)) == 3


def test_costs():
    lim, _, _ = limiter()
    assert lim.check("a", cost=4).allowed
    assert not lim.check("a", cost=2).allowed and lim.check("a", cost=1).allowed
    with pytest.raises(ValueError):
        lim.check("a", cost=6)  # above the burst: could never pass
    with pytest.raises(ValueError):
        lim.check("a", cost=0)


def test_invalid_configuration():
    with pytest.raises(ValueError):
        Quota(rate=0, burst=1, window=1, window_limit=1)
    with pytest.raises(ValueError):
        QuotaTable({"free": FREE}, default_tier="gold")


def test_clock_stepping_back_adds_no_tokens():
    lim, _, clock = limiter(now=100.0)
    for _ in range(5):
        lim.check("a")
    clock.now = 50.0
    assert not lim.check("a").allowed


@pytest.mark.parametrize("kind", ["log", "counter"])
def test_sweep_forgets_only_tenants_equal_to_fresh_state(kind):
    lim, _, clock = limiter(kind)
    for i in range(1000):
        lim.check(f"scanner-{i}")
    assert lim.tracked() == 1000
    clock.now = 30.0  # buckets full again, but the window still remembers them
    assert lim.sweep() == 0
    clock.now = 200.0
    assert lim.sweep() == 1000 and lim.tracked() == 0


@pytest.mark.parametrize("kind", ["log", "counter"])
def test_threads_cannot_overspend(kind):
    q = Quota(rate=1e-9, burst=100, window=60, window_limit=1000)
    lim, _, _ = limiter(kind, q)
    results: list[bool] = []
    lock = threading.Lock()

    def worker():
        mine = [lim.check("shared").allowed for _ in range(50)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(results) == 100


times = st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=60).map(sorted)


@settings(deadline=None, max_examples=300)
@given(ts=times, limit=st.integers(1, 6), window=st.floats(0.5, 20))
def test_log_decisions_equal_the_brute_force_definition(ts, limit, window):
    q = Quota(rate=1e6, burst=1e6, window=window, window_limit=limit)  # window only
    lim, _, clock = limiter("log", q)
    admitted: list[float] = []
    for t in ts:
        clock.now = t
        expected = sum(1 for a in admitted if a > t - window) < limit
        assert lim.check("a").allowed == expected
        if expected:
            admitted.append(t)


@settings(deadline=None, max_examples=300)
@given(ts=times, limit=st.integers(1, 6), window=st.floats(0.5, 20))
def test_counter_never_admits_more_than_twice_the_limit_in_any_window(ts, limit, window):
    q = Quota(rate=1e6, burst=1e6, window=window, window_limit=limit)
    lim, _, clock = limiter("counter", q)
    admitted = []
    for t in ts:
        clock.now = t
        if lim.check("a").allowed:
            admitted.append(t)
    for t in admitted:
        assert sum(1 for a in admitted if t - window < a <= t) <= 2 * limit


@settings(deadline=None, max_examples=400)
@given(
    kind=st.sampled_from(["log", "counter"]),
    ts=times,
    cost=st.integers(1, 3),
    q=st.builds(
        Quota, rate=st.floats(0.2, 5), burst=st.integers(3, 8), window=st.floats(1, 10), window_limit=st.integers(3, 8)
    ),
)
def test_retry_after_is_exact_when_no_other_traffic_arrives(kind, ts, cost, q):
    def replay(history, at):
        """A fresh limiter fed the same admitted requests, then asked once at `at`."""
        probe, _, probe_clock = limiter(kind, q)
        for h in history:
            probe_clock.now = h
            assert probe.check("a", cost).allowed
        probe_clock.now = at
        return probe.check("a", cost).allowed

    lim, _, clock = limiter(kind, q)
    admitted: list[float] = []
    for t in ts:
        clock.now = t
        d = lim.check("a", cost)
        if d.allowed:
            admitted.append(t)
            continue
        assert d.retry_after >= 0
        assert replay(admitted, t + d.retry_after + 1e-6)
        if d.retry_after > 1e-5:
            assert not replay(admitted, t + d.retry_after - 1e-5)
