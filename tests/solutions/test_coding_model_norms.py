"""Tests for docs_src/coding_model/norms.py."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from docs_src.coding_model.norms import layer_norm, layer_norm_one_pass, rms_norm


def layer_norm_loop(row, gamma, beta, eps):
    d = len(row)
    mean = math.fsum(row) / d
    var = math.fsum((v - mean) ** 2 for v in row) / d
    return [(v - mean) / math.sqrt(var + eps) * g + b for v, g, b in zip(row, gamma, beta)]


def rms_norm_loop(row, gamma, eps):
    rms = math.sqrt(math.fsum(v * v for v in row) / len(row) + eps)
    return [v / rms * g for v, g in zip(row, gamma)]


vectors = st.integers(1, 16).flatmap(
    lambda d: st.tuples(
        arrays(np.float64, (3, d), elements=st.floats(-1e3, 1e3)),
        arrays(np.float64, d, elements=st.floats(-2, 2)),
        arrays(np.float64, d, elements=st.floats(-2, 2)),
    )
)


@settings(deadline=None, max_examples=200)
@given(vectors)
def test_match_the_direct_formulas(args):
    x, gamma, beta = args
    got_ln, got_rms = layer_norm(x, gamma, beta, eps=1e-5), rms_norm(x, gamma, eps=1e-6)
    for i, row in enumerate(x.tolist()):
        assert np.allclose(got_ln[i], layer_norm_loop(row, gamma, beta, 1e-5), rtol=1e-9, atol=1e-9)
        assert np.allclose(got_rms[i], rms_norm_loop(row, gamma, 1e-6), rtol=1e-9, atol=1e-9)


@settings(deadline=None, max_examples=200)
@given(arrays(np.float64, st.integers(2, 16), elements=st.floats(-100, 100)), st.floats(-1e3, 1e3))
def test_layer_norm_ignores_a_shift_rms_norm_does_not(x, c):
    assume(x.std() > 1e-2)
    assert np.allclose(layer_norm(x + c), layer_norm(x), atol=1e-6)
    if abs(c) > 10 * (np.abs(x).max() + 1):
        assert not np.allclose(rms_norm(x + c), rms_norm(x), atol=1e-2)


@settings(deadline=None, max_examples=200)
@given(arrays(np.float64, st.integers(1, 16), elements=st.floats(-100, 100)), st.floats(1e-2, 1e3))
def test_both_ignore_a_positive_scale_when_eps_is_negligible(x, a):
    assume(min(np.sqrt(np.mean(x * x)), np.sqrt(np.mean((a * x) ** 2))) > 1e-1)
    assert np.allclose(rms_norm(x * a, eps=0.0), rms_norm(x, eps=0.0), atol=1e-9)
    assert np.allclose(rms_norm(x * a), rms_norm(x), atol=1e-3)  # eps=1e-6 is tiny next to mean(x^2)
    assume(x.std() > 1e-1)
    assert np.allclose(layer_norm(x * a, eps=0.0), layer_norm(x, eps=0.0), atol=1e-9)


def test_output_statistics():
    x = np.random.default_rng(0).normal(3.0, 5.0, size=(4, 4096))
    y = layer_norm(x)
    assert np.allclose(y.mean(axis=-1), 0, atol=1e-12) and np.allclose(y.std(axis=-1), 1, atol=1e-6)
    r = rms_norm(x)
    assert np.allclose(np.sqrt(np.mean(r * r, axis=-1)), 1, atol=1e-6)


def test_constant_and_zero_rows_are_safe():
    assert np.array_equal(layer_norm(np.full(8, 7.0), beta=np.arange(8.0)), np.arange(8.0))  # -> beta
    assert np.array_equal(rms_norm(np.zeros(8)), np.zeros(8))


def test_eps_matters_only_for_tiny_rows():
    x = np.array([1e-4, -1e-4])  # variance 1e-8, comparable to nothing; eps 1e-5 dominates
    assert np.abs(layer_norm(x, eps=1e-5)).max() < 0.04
    assert np.allclose(np.abs(layer_norm(x, eps=0.0)), 1.0)


def test_float16_input_is_computed_in_float32():
    x = np.array([300.0, -300.0, 250.0, 10.0], dtype=np.float16)  # 300^2 = 90000 > float16 max
    with np.errstate(over="ignore"):
        assert not np.isfinite(np.mean(x * x))  # what a float16-only implementation hits
    y = rms_norm(x)
    assert y.dtype == np.float16 and np.all(np.isfinite(y))
    assert np.allclose(y, rms_norm(x.astype(np.float64)), atol=2e-3)


def test_one_pass_variance_cancels_catastrophically():
    x = (1e4 + np.random.default_rng(1).normal(0, 1.0, size=1024)).astype(np.float32)
    good = layer_norm(x).astype(np.float64)
    bad = layer_norm_one_pass(x).astype(np.float64)
    reference = layer_norm(x.astype(np.float64))
    assert np.abs(good - reference).max() < 1e-3
    assert np.abs(bad - reference).max() > 10  # E[x^2] - E[x]^2 lost every digit
