"""Tests for docs_src/coding_katas/grad_bucketer.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.grad_bucketer import Param, Reducer, build_buckets, simulate_overlap

MB = 1_000_000


def layers(*sizes_mb, dtype="fp32"):
    return [Param(f"p{i}", int(s * MB), dtype) for i, s in enumerate(sizes_mb)]


def test_reverse_registration_order_and_cap():
    buckets = build_buckets(layers(10, 10, 10, 10, 10), cap_bytes=25 * MB)
    assert [b.params for b in buckets] == [["p4", "p3"], ["p2", "p1"], ["p0"]]
    assert [b.nbytes for b in buckets] == [20 * MB, 20 * MB, 10 * MB]
    assert [b.index for b in buckets] == [0, 1, 2]


def test_exactly_at_the_cap_still_fits():
    buckets = build_buckets(layers(10, 15, 10), cap_bytes=25 * MB)
    assert [b.params for b in buckets] == [["p2", "p1"], ["p0"]]


def test_a_parameter_larger_than_the_cap_gets_its_own_bucket_and_is_never_split():
    buckets = build_buckets(layers(5, 100, 5, 5), cap_bytes=25 * MB)
    assert [b.params for b in buckets] == [["p3", "p2"], ["p1"], ["p0"]]
    assert buckets[1].nbytes == 100 * MB


def test_small_first_bucket_starts_the_first_all_reduce_early():
    buckets = build_buckets(layers(1, 1, 1, 1, 0.6, 0.6), cap_bytes=25 * MB, first_cap_bytes=1 * MB)
    assert [b.params for b in buckets] == [["p5"], ["p4", "p3", "p2", "p1", "p0"]]


def test_dtypes_never_share_a_bucket():
    params = [
        Param("w0", 4 * MB, "fp32"),
        Param("w1", 2 * MB, "bf16"),
        Param("w2", 4 * MB, "fp32"),
        Param("w3", 2 * MB, "bf16"),
    ]
    buckets = build_buckets(params, cap_bytes=25 * MB)
    assert {b.dtype: b.params for b in buckets} == {"bf16": ["w3", "w1"], "fp32": ["w2", "w0"]}


def test_invalid_input():
    with pytest.raises(ValueError):
        build_buckets(layers(1), cap_bytes=0)
    with pytest.raises(ValueError):
        build_buckets([Param("a", 1), Param("a", 2)], cap_bytes=10)
    with pytest.raises(ValueError):
        build_buckets([Param("a", 0)], cap_bytes=10)


def reducer_for(params, cap_mb, find_unused=False):
    launched = []
    buckets = build_buckets(params, int(cap_mb * MB))
    return Reducer(buckets, lambda b: launched.append(b.index), find_unused), launched


def test_a_bucket_launches_when_its_last_gradient_is_ready():
    reducer, launched = reducer_for(layers(10, 10, 10, 10), 25)  # buckets [p3 p2] [p1 p0]
    reducer.begin_backward()
    reducer.mark_ready("p3")
    assert launched == []
    reducer.mark_ready("p2")
    assert launched == [0]
    reducer.mark_ready("p1")
    reducer.mark_ready("p0")
    assert launched == [0, 1]
    reducer.finish_backward()


def test_buckets_launch_in_index_order_even_if_a_later_one_is_ready_first():
    reducer, launched = reducer_for(layers(10, 10, 10, 10), 25)
    reducer.begin_backward()
    reducer.mark_ready("p1")
    reducer.mark_ready("p0")  # bucket 1 complete, but bucket 0 is not: it must wait
    assert launched == []
    reducer.mark_ready("p3")
    reducer.mark_ready("p2")
    assert launched == [0, 1]


def test_unused_parameter_without_find_unused_is_reported_and_blocks_the_next_pass():
    reducer, launched = reducer_for(layers(10, 10, 10), 15)  # [p2] [p1] [p0]
    reducer.begin_backward()
    reducer.mark_ready("p2")
    reducer.mark_ready("p0")  # p1 sits in a branch the forward pass skipped
    assert launched == [0]  # bucket 2 is complete but waits behind bucket 1
    with pytest.raises(RuntimeError, match=r"\['p1'\].*find_unused=True"):
        reducer.finish_backward()
    with pytest.raises(RuntimeError, match="did not finish"):
        reducer.begin_backward()


def test_find_unused_marks_skipped_parameters_ready_at_the_start():
    reducer, launched = reducer_for(layers(10, 10, 10), 15, find_unused=True)
    reducer.begin_backward(unused=["p1"])
    reducer.mark_ready("p2")
    reducer.mark_ready("p0")
    assert launched == [0, 1, 2]
    reducer.finish_backward()
    reducer.begin_backward(unused=[])  # the next pass starts clean
    assert launched == [0, 1, 2]


def test_marking_a_parameter_twice_or_outside_backward_is_an_error():
    reducer, _ = reducer_for(layers(10, 10), 25)
    with pytest.raises(RuntimeError, match="outside"):
        reducer.mark_ready("p0")
    reducer.begin_backward()
    reducer.mark_ready("p0")
    with pytest.raises(RuntimeError, match="twice"):
        reducer.mark_ready("p0")
    with pytest.raises(KeyError):
        reducer.mark_ready("not-a-param")


def test_overlap_a_middle_bucket_size_beats_both_extremes():
    # 8 gradients of 10 MB; backward produces one per ms, the last layer first.
    params = layers(*[10] * 8)
    ready = {f"p{i}": (8 - i) * 1e-3 for i in range(8)}
    end = lambda cap_mb: simulate_overlap(params, ready, int(cap_mb * MB), 0.5e-3, 10e9)  # noqa: E731
    assert end(10) == pytest.approx(13e-3)  # per tensor: latency paid 8 times
    assert end(20) == pytest.approx(12e-3)  # pairs: the best here
    assert end(40) == pytest.approx(13e-3)
    assert end(80) == pytest.approx(16.5e-3)  # one bucket: nothing overlaps backward


@settings(deadline=None, max_examples=300)
@given(
    sizes=st.lists(st.integers(1, 60), min_size=1, max_size=30),
    cap=st.integers(1, 80),
    first=st.one_of(st.none(), st.integers(1, 80)),
    dtypes=st.lists(st.sampled_from(["fp32", "bf16"]), max_size=30),
)
def test_packing_invariants(sizes, cap, first, dtypes):
    params = [Param(f"p{i}", s, dtypes[i] if i < len(dtypes) else "fp32") for i, s in enumerate(sizes)]
    buckets = build_buckets(params, cap, first)
    # every parameter in exactly one bucket
    assert sorted(n for b in buckets for n in b.params) == sorted(p.name for p in params)
    by_name = {p.name: p for p in params}
    seen_dtype: set[str] = set()
    for b in buckets:
        assert len({by_name[n].dtype for n in b.params}) == 1
        assert b.nbytes == sum(by_name[n].nbytes for n in b.params)
        limit = first if first is not None and b.dtype not in seen_dtype else cap
        seen_dtype.add(b.dtype)
        assert b.nbytes <= limit or len(b.params) == 1  # over the cap only when alone
        # within a bucket, parameters appear in reverse registration order
        order = [int(n[1:]) for n in b.params]
        assert order == sorted(order, reverse=True)


@settings(deadline=None, max_examples=200)
@given(sizes=st.lists(st.integers(1, 30), min_size=1, max_size=20), cap=st.integers(1, 60), data=st.data())
def test_any_readiness_order_launches_every_bucket_once_in_index_order(sizes, cap, data):
    params = [Param(f"p{i}", s) for i, s in enumerate(sizes)]
    buckets = build_buckets(params, cap)
    launched = []
    reducer = Reducer(buckets, lambda b: launched.append(b.index))
    reducer.begin_backward()
    order = data.draw(st.permutations([p.name for p in params]))
    done: set[str] = set()
    for name in order:
        reducer.mark_ready(name)
        done.add(name)
        # a bucket has launched iff it and every earlier bucket are complete
        expected = 0
        while expected < len(buckets) and set(buckets[expected].params) <= done:
            expected += 1
        assert launched == list(range(expected))
    reducer.finish_backward()
