"""Tests for docs_src/coding_katas/ring_allreduce.py."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.ring_allreduce import chunk_bounds, ring_allreduce


def test_four_workers_small_example():
    buffers = [[1, 2, 3, 4], [10, 20, 30, 40], [100, 200, 300, 400], [1000, 2000, 3000, 4000]]
    result = ring_allreduce(buffers)
    assert all(out == [1111, 2222, 3333, 4444] for out in result.outputs)
    assert result.sent == [6, 6, 6, 6]  # 2 * (4 - 1) / 4 * 4 elements
    assert result.steps == 6
    assert buffers[0] == [1, 2, 3, 4]  # inputs untouched


def test_mean():
    result = ring_allreduce([[2.0, 4.0], [4.0, 8.0]], op="mean")
    assert result.outputs == [[3.0, 6.0], [3.0, 6.0]]


def test_single_worker_sends_nothing():
    result = ring_allreduce([[5, 6, 7]])
    assert result.outputs == [[5, 6, 7]] and result.sent == [0] and result.steps == 0


def test_buffer_shorter_than_the_ring():
    result = ring_allreduce([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])  # some chunks empty
    assert all(out == [25, 30] for out in result.outputs)


def test_invalid_input():
    with pytest.raises(ValueError):
        ring_allreduce([])
    with pytest.raises(ValueError):
        ring_allreduce([[1, 2], [3]])


def test_chunk_bounds_cover_the_buffer():
    assert chunk_bounds(10, 4) == [(0, 3), (3, 6), (6, 8), (8, 10)]
    assert chunk_bounds(2, 3) == [(0, 1), (1, 2), (2, 2)]


@settings(deadline=None, max_examples=300)
@given(
    st.integers(1, 7).flatmap(
        lambda n: st.integers(0, 20).flatmap(
            lambda length: st.lists(
                st.lists(st.integers(-1000, 1000), min_size=length, max_size=length), min_size=n, max_size=n
            )
        )
    )
)
def test_every_worker_gets_the_elementwise_sum(buffers):
    n, length = len(buffers), len(buffers[0])
    expected = [sum(column) for column in zip(*buffers)]  # the brute-force oracle
    result = ring_allreduce(buffers)
    assert all(out == expected for out in result.outputs)
    # worker i sends every chunk but one in each phase
    bounds = chunk_bounds(length, n)
    size = [hi - lo for lo, hi in bounds]
    for i, sent in enumerate(result.sent):
        assert sent == 2 * length - size[(i + 1) % n] - size[(i + 2) % n]
    if length % n == 0:
        assert all(sent * n == 2 * (n - 1) * length for sent in result.sent)  # 2(N-1)/N x size


@settings(deadline=None, max_examples=100)
@given(
    st.integers(2, 6).flatmap(
        lambda n: st.lists(
            st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=6, max_size=6), min_size=n, max_size=n
        )
    )
)
def test_floats_agree_bit_for_bit_across_workers(buffers):
    result = ring_allreduce(buffers)
    first = result.outputs[0]
    assert all(out == first for out in result.outputs)  # all-gather copies: identical replicas
    for got, column in zip(first, zip(*buffers)):
        assert math.isclose(got, math.fsum(column), rel_tol=1e-9, abs_tol=1e-3)
