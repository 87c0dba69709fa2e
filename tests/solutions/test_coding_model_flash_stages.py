"""Tests for docs_src/coding_model/flash_stage1.py ... flash_stage4.py: every stage
must equal stage 1, and stage 1 must equal the attention module of this topic."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.attention import attention
from docs_src.coding_model.flash_stage1 import attention_full
from docs_src.coding_model.flash_stage2 import attention_online, online_softmax_sum
from docs_src.coding_model.flash_stage3 import attention_blockwise
from docs_src.coding_model.flash_stage4 import Partial, attention_split, merge, partial_attention
from docs_src.coding_model.softmax import logsumexp

shapes = st.tuples(st.integers(1, 12), st.integers(0, 10), st.sampled_from([1, 4, 8]), st.booleans())


def qkv(seed, t_q, t_k, d, scale=3.0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(t_q, d)) * scale, rng.normal(size=(t_k, d)) * scale, rng.normal(size=(t_k, 5))


def case(seed, t_q, extra, d, causal):
    return qkv(seed, t_q, t_q + extra, d), causal  # t_k >= t_q: every causal query sees a key


# Stage 1 ---------------------------------------------------------------------


@settings(deadline=None, max_examples=100)
@given(st.integers(0, 2**32 - 1), shapes)
def test_stage1_matches_the_attention_module(seed, shape):
    (q, k, v), causal = case(seed, *shape)
    assert np.allclose(attention_full(q, k, v, causal), attention(q, k, v, causal), atol=1e-12)


# Stage 2 ---------------------------------------------------------------------


@settings(deadline=None, max_examples=200)
@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=40))
def test_stage2_one_pass_logsumexp(scores):
    m, l = online_softmax_sum(np.array(scores))
    assert m == max(scores)
    assert m + np.log(l) == pytest.approx(logsumexp(np.array(scores)), abs=1e-9)


def test_stage2_skips_masked_prefix():
    m, l = online_softmax_sum(np.array([-np.inf, -np.inf, 0.0, 0.0]))
    assert (m, l) == (0.0, 2.0)


@settings(deadline=None, max_examples=100)
@given(st.integers(0, 2**32 - 1), shapes)
def test_stage2_equals_stage1(seed, shape):
    (q, k, v), causal = case(seed, *shape)
    assert np.allclose(attention_online(q, k, v, causal), attention_full(q, k, v, causal), atol=1e-10)


def test_stage2_survives_scores_that_overflow_a_naive_exp():
    q, k, v = qkv(0, 3, 6, 4, scale=40.0)  # scores in the hundreds: exp() overflows float64 past 709
    assert np.abs(q @ k.T / 2).max() > 709
    assert np.all(np.isfinite(attention_online(q, k, v)))
    assert np.allclose(attention_online(q, k, v), attention_full(q, k, v), atol=1e-10)


# Stage 3 ---------------------------------------------------------------------


@settings(deadline=None, max_examples=150)
@given(st.integers(0, 2**32 - 1), shapes, st.integers(1, 6), st.integers(1, 6))
def test_stage3_equals_stage1_for_any_tile_size(seed, shape, bq, bk):
    (q, k, v), causal = case(seed, *shape)
    got, _ = attention_blockwise(q, k, v, causal, bq, bk)
    assert np.allclose(got, attention_full(q, k, v, causal), atol=1e-10)


def test_stage3_causal_skips_tiles_above_the_diagonal():
    q, k, v = qkv(1, 16, 16, 4)
    _, dense = attention_blockwise(q, k, v, causal=False, block_q=4, block_k=4)
    _, causal = attention_blockwise(q, k, v, causal=True, block_q=4, block_k=4)
    assert dense == 16 and causal == 10  # 4 x 4 tiles; the lower triangle with its diagonal


# Stage 4 ---------------------------------------------------------------------


@settings(deadline=None, max_examples=150)
@given(st.integers(0, 2**32 - 1), shapes, st.integers(1, 6))
def test_stage4_split_keys_merge_to_the_exact_result(seed, shape, n_splits):
    (q, k, v), causal = case(seed, *shape)
    assert np.allclose(attention_split(q, k, v, n_splits, causal), attention_full(q, k, v, causal), atol=1e-10)


def test_stage4_merge_order_does_not_matter():
    q, k, v = qkv(2, 3, 12, 4)
    pos = np.arange(12)
    parts = [partial_attention(q, k[a : a + 3], v[a : a + 3], pos[a : a + 3]) for a in range(0, 12, 3)]
    expected = attention_full(q, k, v)
    for order in itertools.permutations(parts):
        total = order[0]
        for p in order[1:]:
            total = merge(total, p)
        assert np.allclose(total.o, expected, atol=1e-12)
    tree = merge(merge(parts[0], parts[1]), merge(parts[2], parts[3]))  # a reduction tree works too
    assert np.allclose(tree.o, expected, atol=1e-12)


def test_stage4_empty_and_fully_masked_slices_are_identities():
    q, k, v = qkv(3, 2, 4, 4)
    full = partial_attention(q, k, v, np.arange(4))
    empty = Partial(np.full((2, 1), -np.inf), np.zeros((2, 1)), np.zeros((2, 5)))
    assert np.allclose(merge(full, empty).o, full.o) and np.allclose(merge(empty, full).o, full.o)
    # a decode step (one query at position 3) against a slice of keys at positions 4..5: all masked
    masked = partial_attention(q[:1], k[:2], v[:2], np.array([4, 5]), np.array([3]))
    assert np.isneginf(masked.m).all() and np.array_equal(masked.o, np.zeros((1, 5)))
