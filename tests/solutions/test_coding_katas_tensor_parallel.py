"""Tests for docs_src/coding_katas/tensor_parallel.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.tensor_parallel import (
    CommLog,
    all_reduce,
    column_parallel,
    gelu,
    gelu_grad,
    megatron_mlp,
    mlp_reference,
    row_parallel,
    row_then_column_mlp,
    split,
)


def ints(rng, *shape):
    return rng.integers(-9, 10, size=shape).astype(np.int64)


def test_split_sizes_differ_by_at_most_one_and_may_be_empty():
    w = np.arange(10).reshape(2, 5)
    assert [s.shape[1] for s in split(w, 3, axis=1)] == [2, 2, 1]
    assert [s.shape[1] for s in split(w, 7, axis=1)] == [1, 1, 1, 1, 1, 0, 0]
    with pytest.raises(ValueError):
        split(w, 0, axis=1)


def test_small_example_by_hand():
    x = np.array([[1, 2], [3, 4]])
    w = np.array([[1, 0, 2], [0, 1, 3]])
    expected = x @ w  # [[1, 2, 8], [3, 4, 18]]
    log = CommLog()
    assert all((y == expected).all() for y in column_parallel(x, w, 3, log))
    assert all((y == expected).all() for y in row_parallel(x, w, 2, log))
    assert log.calls == [("all_gather", 6), ("all_reduce", 6)]


@settings(deadline=None, max_examples=150)
@given(
    n=st.integers(1, 6),
    b=st.integers(1, 4),
    d_in=st.integers(1, 7),
    d_out=st.integers(1, 7),
    seed=st.integers(0, 2**31),
)
def test_both_splits_equal_the_unsplit_matmul_on_every_device(n, b, d_in, d_out, seed):
    rng = np.random.default_rng(seed)
    x, w = ints(rng, b, d_in), ints(rng, d_in, d_out)  # integers: exact, any summation order
    for layer in (column_parallel, row_parallel):
        outs = layer(x, w, n, CommLog())
        assert len(outs) == n
        assert all(np.array_equal(y, x @ w) for y in outs)


def test_outputs_are_copies_not_shared_buffers():
    outs = column_parallel(np.eye(2), np.eye(2), 2, CommLog())
    outs[0][0, 0] = 99.0
    assert outs[1][0, 0] == 1.0


def test_all_reduce_adds_in_rank_order_so_replicas_agree_bit_for_bit():
    parts = [np.array([1e16]), np.array([1.0]), np.array([-1e16])]
    outs = all_reduce(parts, CommLog())
    assert all(o.tobytes() == outs[0].tobytes() for o in outs)
    assert outs[0][0] == (1e16 + 1.0) - 1e16  # the rank-order result, rounding included


def test_gelu_grad_matches_finite_differences():
    z = np.linspace(-4, 4, 41)
    eps = 1e-6
    numeric = (gelu(z + eps) - gelu(z - eps)) / (2 * eps)
    assert np.allclose(gelu_grad(z), numeric, atol=1e-8)


def test_reference_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    x, w1, w2, dz = rng.normal(size=(3, 4)), rng.normal(size=(4, 6)), rng.normal(size=(6, 5)), rng.normal(size=(3, 5))

    def loss(x_, w1_, w2_):
        return float((mlp_reference(x_, w1_, w2_, dz)[0] * dz).sum())  # dL/dz = dz

    _, dx, dw1, dw2 = mlp_reference(x, w1, w2, dz)
    eps = 1e-6
    for arr, grad, wrap in (
        (x, dx, lambda a: (a, w1, w2)),
        (w1, dw1, lambda a: (x, a, w2)),
        (w2, dw2, lambda a: (x, w1, a)),
    ):
        for idx in [(0, 0), (1, 2), (2, 3)]:
            plus, minus = arr.copy(), arr.copy()
            plus[idx] += eps
            minus[idx] -= eps
            numeric = (loss(*wrap(plus)) - loss(*wrap(minus))) / (2 * eps)
            assert abs(numeric - grad[idx]) < 1e-5


@settings(deadline=None, max_examples=80)
@given(
    n=st.integers(1, 5), b=st.integers(1, 4), d=st.integers(1, 6), hidden=st.integers(1, 12), seed=st.integers(0, 2**31)
)
def test_megatron_mlp_matches_the_unsplit_forward_and_backward(n, b, d, hidden, seed):
    rng = np.random.default_rng(seed)
    x, w1, w2, dz = (rng.normal(size=s) for s in [(b, d), (d, hidden), (hidden, d), (b, d)])
    z, dx, dw1, dw2 = mlp_reference(x, w1, w2, dz)
    out = megatron_mlp(x, w1, w2, dz, n)
    for r in range(n):
        assert np.allclose(out.z[r], z) and np.allclose(out.dx[r], dx)
        assert out.z[r].tobytes() == out.z[0].tobytes()  # replicas identical, not just close
    # each device's weight gradient is exactly its shard of the full gradient
    assert np.allclose(np.concatenate(out.dw1, axis=1), dw1)
    assert np.allclose(np.concatenate(out.dw2, axis=0), dw2)
    # one all-reduce of the output in forward, one of dx in backward; nothing else
    assert out.log.calls == [("all_reduce", b * d), ("all_reduce", b * d)]


def test_gelu_on_partial_sums_is_wrong_which_is_why_row_first_needs_a_collective_early():
    rng = np.random.default_rng(1)
    x, w1 = rng.normal(size=(2, 4)), rng.normal(size=(4, 3))
    partials = [xr @ wr for xr, wr in zip(split(x, 2, axis=1), split(w1, 2, axis=0))]
    assert not np.allclose(gelu(partials[0]) + gelu(partials[1]), gelu(x @ w1))


def test_row_then_column_pairing_is_correct_but_needs_two_collectives_in_forward():
    rng = np.random.default_rng(2)
    x, w1, w2 = rng.normal(size=(3, 4)), rng.normal(size=(4, 8)), rng.normal(size=(8, 4))
    outs, log = row_then_column_mlp(x, w1, w2, 4)
    assert all(np.allclose(o, gelu(x @ w1) @ w2) for o in outs)
    assert [name for name, _ in log.calls] == ["all_reduce", "all_gather"]
    # and it all-reduces the 8-wide hidden activation instead of the 4-wide output
    assert log.calls[0][1] == 3 * 8


def test_ring_cost_formula():
    log = CommLog(calls=[("all_reduce", 800), ("all_gather", 800)])
    assert log.ring_elements_sent_per_device(8) == pytest.approx(2 * 7 / 8 * 800 + 7 / 8 * 800)
    assert CommLog(calls=[("all_reduce", 100)]).ring_elements_sent_per_device(1) == 0


def test_shape_mismatch_is_rejected():
    with pytest.raises(ValueError):
        megatron_mlp(np.ones((2, 3)), np.ones((3, 4)), np.ones((5, 3)), np.ones((2, 3)), 2)
