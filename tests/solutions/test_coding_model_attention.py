"""Tests for docs_src/coding_model/attention.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.attention import attention, causal_mask, multi_head_attention


def loop_reference(x, wq, wk, wv, wo, n_heads, n_kv_heads, causal, key_padding):
    """Every head, query and key by hand, with math.exp: the slow, obvious oracle."""
    b_size, t, _ = x.shape
    dh = wq.shape[1] // n_heads
    q, k, v = x @ wq, x @ wk, x @ wv
    out = np.zeros((b_size, t, n_heads * dh))
    for b in range(b_size):
        for h in range(n_heads):
            g = h // (n_heads // n_kv_heads)
            for i in range(t):
                qi = q[b, i, h * dh : (h + 1) * dh]
                visible = [j for j in range(t) if (not causal or j <= i) and (key_padding is None or key_padding[b, j])]
                if not visible:
                    continue  # nothing to attend to: zeros
                scores = [float(qi @ k[b, j, g * dh : (g + 1) * dh]) / math.sqrt(dh) for j in visible]
                top = max(scores)
                weights = [math.exp(s - top) for s in scores]
                total = math.fsum(weights)
                for w, j in zip(weights, visible):
                    out[b, i, h * dh : (h + 1) * dh] += w / total * v[b, j, g * dh : (g + 1) * dh]
    return out @ wo


def random_layer(rng, d_model, n_heads, n_kv_heads, dh):
    scale = 1 / math.sqrt(d_model)
    return (
        rng.normal(size=(d_model, n_heads * dh)) * scale,
        rng.normal(size=(d_model, n_kv_heads * dh)) * scale,
        rng.normal(size=(d_model, n_kv_heads * dh)) * scale,
        rng.normal(size=(n_heads * dh, d_model)) * scale,
    )


heads = st.sampled_from([(1, 1), (2, 2), (4, 2), (4, 1), (6, 3), (8, 2)])


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1), heads, st.integers(1, 7), st.booleans(), st.booleans())
def test_matches_the_loop_reference(seed, hg, t, causal, padded):
    n_heads, n_kv_heads = hg
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(2, t, 8)) * 3
    w = random_layer(rng, 8, n_heads, n_kv_heads, 4)
    pad = rng.random((2, t)) < 0.7 if padded else None
    got = multi_head_attention(x, *w, n_heads, n_kv_heads, causal, pad)
    assert np.allclose(got, loop_reference(x, *w, n_heads, n_kv_heads, causal, pad), atol=1e-10)


@settings(deadline=None, max_examples=100)
@given(
    st.integers(0, 2**32 - 1), heads, st.integers(2, 12).flatmap(lambda t: st.tuples(st.just(t), st.integers(1, t - 1)))
)
def test_future_tokens_never_change_past_outputs(seed, hg, tc):
    t, cut = tc
    rng = np.random.default_rng(seed)
    w = random_layer(rng, 8, *hg, 4)
    x = rng.normal(size=(1, t, 8))
    y = x.copy()
    y[:, cut:] = rng.normal(size=(1, t - cut, 8)) * 100  # rewrite the future, wildly
    before = multi_head_attention(x, *w, *hg)
    after = multi_head_attention(y, *w, *hg)
    assert np.array_equal(before[:, :cut], after[:, :cut])  # bit for bit: masked weights are exactly 0
    assert not np.allclose(before[:, cut:], after[:, cut:])


def test_gqa_equals_mha_with_repeated_kv_heads():
    rng = np.random.default_rng(3)
    n_heads, n_kv_heads, dh = 8, 2, 4
    wq, wk, wv, wo = random_layer(rng, 16, n_heads, n_kv_heads, dh)
    repeat = n_heads // n_kv_heads
    # expand each KV head's columns to the query heads that share it
    wk_full = np.concatenate([wk[:, g * dh : (g + 1) * dh] for g in range(n_kv_heads) for _ in range(repeat)], axis=1)
    wv_full = np.concatenate([wv[:, g * dh : (g + 1) * dh] for g in range(n_kv_heads) for _ in range(repeat)], axis=1)
    x = rng.normal(size=(2, 5, 16))
    assert np.allclose(
        multi_head_attention(x, wq, wk, wv, wo, n_heads, n_kv_heads),
        multi_head_attention(x, wq, wk_full, wv_full, wo, n_heads, n_heads),
    )


def test_padding_is_invisible_to_real_tokens():
    rng = np.random.default_rng(4)
    w = random_layer(rng, 8, 4, 2, 4)
    real = rng.normal(size=(1, 5, 8))
    left_padded = np.concatenate([rng.normal(size=(1, 3, 8)), real], axis=1)  # 3 pad tokens first
    pad = np.array([[False] * 3 + [True] * 5])
    got = multi_head_attention(left_padded, *w, 4, 2, True, pad)
    assert np.allclose(got[:, 3:], multi_head_attention(real, *w, 4, 2, True))
    assert np.array_equal(got[:, :3], np.zeros((1, 3, 8)))  # pad queries see no key: zeros, not NaN


def test_causal_mask_with_a_cache_offset():
    assert causal_mask(1, 4).tolist() == [[True, True, True, True]]  # a decode step sees all
    assert causal_mask(2, 4).tolist() == [[True, True, True, False], [True, True, True, True]]


def test_single_head_small_example():
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    w = np.exp(1 / np.sqrt(2))
    assert attention(q, k, v)[0, 0] == pytest.approx((10 * w + 20) / (w + 1))


def test_heads_must_divide():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError):
        multi_head_attention(rng.normal(size=(1, 2, 6)), *random_layer(rng, 6, 3, 2, 2), 3, 2)
