"""Tests for the three stages of the stream metrics aggregator:
docs_src/coding_platform/metrics_stage1_window.py, docs_src/coding_platform/metrics_stage2_watermark.py
and docs_src/coding_platform/metrics_stage3_bounded.py. Every estimate is checked
against an exact computation over the same events."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.metrics_stage1_window import Event, LogHistogram, WindowAggregator
from docs_src.coding_platform.metrics_stage2_watermark import WatermarkAggregator
from docs_src.coding_platform.metrics_stage3_bounded import OTHER, BoundedAggregator, CollapsingHistogram

ALPHA = 0.01
QS = (0.5, 0.9, 0.99, 1.0)


def exact_quantile(values, q):
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def close_enough(estimate, exact, alpha=ALPHA):
    return estimate == 0.0 if exact == 0 else abs(estimate - exact) <= alpha * exact * (1 + 1e-9)


def in_window(events, key, end_second, window):
    return [e.value for e in events if e.key == key and end_second - window < math.floor(e.ts) <= end_second]


values = st.one_of(st.just(0.0), st.floats(1e-3, 1e5, allow_nan=False))
streams = st.lists(
    st.tuples(st.floats(0, 120, allow_nan=False), st.sampled_from("abc"), values), min_size=1, max_size=150
).map(lambda rows: [Event(t, k, v) for t, k, v in rows])


# ---- stage 1 -----------------------------------------------------------------------


def test_latencies_of_one_second():
    agg = WindowAggregator(window=10)
    for ms in range(1, 101):
        agg.add(Event(5.0 + ms / 1000, "llama-70b", float(ms)))
    assert agg.count("llama-70b") == 100
    assert agg.rate("llama-70b", now=5.5) == 10.0  # 100 events over a 10 s window
    assert close_enough(agg.quantile("llama-70b", 0.5, now=5.5), 50)
    assert close_enough(agg.quantile("llama-70b", 0.99, now=5.5), 99)
    assert agg.rate("llama-70b", now=15.0) == 0.0  # the window has moved past them
    assert agg.rate("unknown", now=5.5) == 0.0


def test_window_edges_are_whole_seconds():
    agg = WindowAggregator(window=3)
    for t in (10.0, 10.9, 11.5, 12.99):
        agg.add(Event(t, "k", 1.0))
    assert agg.rate("k", now=12.99) * 3 == 4  # seconds 10, 11, 12
    agg.add(Event(13.0, "k", 1.0))
    assert agg.rate("k", now=13.0) * 3 == 3  # seconds 11, 12, 13: second 10 left the window


def test_stage1_rejects_out_of_order_and_bad_values():
    agg = WindowAggregator()
    agg.add(Event(10, "k", 1))
    with pytest.raises(ValueError, match="out of order"):
        agg.add(Event(9.5, "k", 1))
    with pytest.raises(ValueError):
        agg.add(Event(11, "k", -1))
    with pytest.raises(ValueError):
        LogHistogram(alpha=1.5)
    h = LogHistogram()
    with pytest.raises(ValueError):
        h.quantile(0.5)  # empty
    h.add(1.0)
    with pytest.raises(ValueError):
        h.quantile(0)
    with pytest.raises(ValueError):
        h.merge(LogHistogram(alpha=0.05))


@settings(deadline=None, max_examples=300)
@given(vals=st.lists(values, min_size=1, max_size=300), alpha=st.sampled_from([0.005, 0.01, 0.05]))
def test_histogram_relative_error_bound_for_every_quantile(vals, alpha):
    h = LogHistogram(alpha)
    for v in vals:
        h.add(v)
    for q in (0.01, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0):
        assert close_enough(h.quantile(q), exact_quantile(vals, q), alpha)


@settings(deadline=None, max_examples=200)
@given(a=st.lists(values, max_size=50), b=st.lists(values, min_size=1, max_size=50))
def test_merging_equals_adding_everything_to_one_histogram(a, b):
    ha, hb, both = LogHistogram(), LogHistogram(), LogHistogram()
    for v in a:
        ha.add(v)
        both.add(v)
    for v in b:
        hb.add(v)
        both.add(v)
    ha.merge(hb)
    assert ha.counts == both.counts and ha.zeros == both.zeros and ha.n == both.n


@settings(deadline=None, max_examples=200)
@given(events=streams, window=st.integers(1, 30), extra=st.floats(0, 5))
def test_in_order_stream_matches_exact_counts_rates_and_quantiles(events, window, extra):
    events = sorted(events, key=lambda e: e.ts)
    agg = WindowAggregator(window=window)
    for e in events:
        agg.add(e)
    now = events[-1].ts + extra
    for key in "abc":
        assert agg.count(key) == sum(e.key == key for e in events)
        vals = in_window(events, key, math.floor(now), window)
        assert agg.rate(key, now) == len(vals) / window
        for q in QS if vals else ():
            assert close_enough(agg.quantile(key, q, now), exact_quantile(vals, q))


# ---- stage 2 -----------------------------------------------------------------------


def test_watermark_accepts_late_events_within_the_allowed_lateness():
    agg = WatermarkAggregator(window=10, lateness=5)
    assert agg.add(Event(100.0, "k", 1))
    assert agg.add(Event(96.0, "k", 2))  # 4 s late: fine
    assert not agg.add(Event(94.9, "k", 3))  # before the watermark (95): dropped, and counted
    assert agg.late == {"k": 1} and agg.count("k") == 2
    assert agg.closed_second() == 94  # second 95 may still receive an event at 95.0
    assert agg.stable_rate("k") == 0.0  # nothing closed yet holds data
    agg.add(Event(107.2, "k", 1))  # watermark 102.2: seconds up to 101 are final
    assert agg.closed_second() == 101
    assert agg.stable_rate("k") * 10 == 2  # the events at 96 and 100


def test_no_events_no_watermark():
    with pytest.raises(ValueError):
        WatermarkAggregator().closed_second()


def bounded_disorder(events, lateness, rng):
    """Arrival order when every event is delayed by at most `lateness` seconds."""
    return [e for _, _, e in sorted((e.ts + rng.uniform(0, lateness), i, e) for i, e in enumerate(events))]


@settings(deadline=None, max_examples=200)
@given(events=streams, window=st.integers(1, 20), lateness=st.floats(0, 10), seed=st.integers(0, 2**31))
def test_bounded_disorder_gives_exactly_the_in_order_answers(events, window, lateness, seed):
    arrivals = bounded_disorder(events, lateness, random.Random(seed))
    agg = WatermarkAggregator(window=window, lateness=lateness)
    assert all(agg.add(e) for e in arrivals)  # nothing is late
    c = agg.closed_second()
    for key in "abc":
        assert agg.count(key) == sum(e.key == key for e in events)
        vals = in_window(events, key, c, window)
        assert agg.stable_rate(key) == len(vals) / window
        if vals:  # the same buckets as a histogram fed the exact window in order
            reference = LogHistogram(ALPHA)
            for v in vals:
                reference.add(v)
            for q in QS:
                assert agg.stable_quantile(key, q) == reference.quantile(q)


@settings(deadline=None, max_examples=200)
@given(events=streams, window=st.integers(1, 20), lateness=st.floats(0, 10), data=st.data())
def test_any_disorder_drops_exactly_the_late_events_and_stable_answers_never_change(events, window, lateness, data):
    arrivals = data.draw(st.permutations(events))
    agg = WatermarkAggregator(window=window, lateness=lateness)
    accepted, max_ts, recorded = [], -math.inf, []
    for e in arrivals:
        expected_ok = e.ts >= max_ts - lateness  # brute-force replay of the rule
        assert agg.add(e) == expected_ok
        if expected_ok:
            accepted.append(e)
            max_ts = max(max_ts, e.ts)
        c = agg.closed_second()
        recorded.append((c, {k: agg.stable_rate(k) for k in "abc"}))
    assert sum(agg.late.values()) == len(events) - len(accepted)
    c = agg.closed_second()
    for key in "abc":
        assert agg.stable_rate(key) == len(in_window(accepted, key, c, window)) / window
    still_held = math.floor(agg.max_ts) - agg._retention() + window
    for c_then, rates in recorded:  # a closed second's answer is final
        if c_then >= still_held:
            assert {k: agg.rate(k, c_then) for k in "abc"} == rates


# ---- stage 3 -----------------------------------------------------------------------


def test_a_key_explosion_is_folded_into_other_and_totals_stay_exact():
    agg = BoundedAggregator(window=10, lateness=2, max_keys=100, max_buckets=32)
    for i in range(10_000):
        agg.add(Event(i / 100, f"user-{i}", float(i % 500 + 1)))
        agg.add(Event(i / 100, "hot-model", 5.0))  # updated constantly: never evicted
    assert agg.tracked_keys() == 100
    assert agg.count("hot-model") == 10_000
    assert sum(agg.totals.values()) == 20_000  # nothing lost, only relabelled
    assert agg.evicted == 10_000 - 99
    assert agg.count(OTHER) == 10_000 - 99
    slots = agg._retention() + 1
    assert agg.memory_cells() <= (100 + 1) * slots * (32 + 1)


def test_collapsing_keeps_the_top_of_the_distribution_exact():
    h = CollapsingHistogram(ALPHA, max_buckets=50)
    rng = random.Random(3)
    vals = [10 ** rng.uniform(-3, 6) for _ in range(5000)]  # nine decades: ~1000 buckets uncollapsed
    for v in vals:
        h.add(v)
    assert len(h.counts) <= 50
    exact = exact_quantile(vals, 0.99)
    assert h.exact_above(h.index(exact)) and close_enough(h.quantile(0.99), exact)
    low = exact_quantile(vals, 0.1)
    assert not h.exact_above(h.index(low)) and h.quantile(0.1) > low  # the bottom lost resolution


@settings(deadline=None, max_examples=300)
@given(
    vals=st.lists(st.floats(1e-3, 1e6), min_size=1, max_size=400),
    max_buckets=st.integers(2, 40),
    split=st.integers(0, 400),
)
def test_collapsed_histograms_keep_the_bound_wherever_they_are_exact(vals, max_buckets, split):
    left, right = CollapsingHistogram(ALPHA, max_buckets), CollapsingHistogram(ALPHA, max_buckets)
    for i, v in enumerate(vals):
        (left if i < split else right).add(v)
    left.merge(right)
    assert len(left.counts) <= max_buckets and left.n == len(vals)
    for q in (0.5, 0.9, 0.99, 1.0):
        exact = exact_quantile(vals, q)
        if left.exact_above(left.index(exact)):
            assert close_enough(left.quantile(q), exact)
        else:
            assert left.quantile(q) >= exact * (1 - ALPHA)  # collapsing only moves mass up


@settings(deadline=None, max_examples=150)
@given(events=streams, max_keys=st.integers(1, 3))
def test_bounded_aggregator_conserves_every_accepted_event(events, max_keys):
    agg = BoundedAggregator(window=10, lateness=200, max_keys=max_keys, max_buckets=8)
    accepted = sum(agg.add(e) for e in events)
    assert sum(agg.totals.values()) == accepted
    assert agg.tracked_keys() <= max_keys
    c = agg.closed_second()
    in_slots = sum(s.count for per_key in agg.slots.values() for sec, s in per_key.items() if c - 10 < sec <= c)
    exact = sum(1 for e in events if c - 10 < math.floor(e.ts) <= c)
    assert in_slots == exact  # windowed counts over all keys, OTHER included, stay exact
