"""Tests for docs_src/coding_model/softmax.py."""

from __future__ import annotations

import decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from docs_src.coding_model.softmax import log_softmax, logsumexp, naive_softmax, softmax


def decimal_reference(row: list[float]) -> tuple[float, list[float]]:
    """logsumexp and softmax of one row with 50 significant digits and no shift trick."""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        exps = [decimal.Decimal(v).exp() for v in row]  # exact float -> Decimal
        total = sum(exps)
        return float(total.ln()), [float(e / total) for e in exps]


def test_naive_overflows_where_stable_does_not():
    with np.errstate(all="ignore"):
        bad16 = naive_softmax(np.array([12.0, 0.0], dtype=np.float16))  # e^12 > 65504
        bad32 = naive_softmax(np.array([100.0, 0.0], dtype=np.float32))  # e^100 > 3.4e38
        bad_low = naive_softmax(np.array([-1000.0, -1000.0]))  # 0 / 0
    assert np.isnan(bad16[0]) and np.isnan(bad32[0]) and np.isnan(bad_low).all()
    good16 = softmax(np.array([12.0, 0.0], dtype=np.float16))
    assert good16.dtype == np.float16
    assert np.allclose(good16.astype(np.float64), [1 / (1 + np.exp(-12)), np.exp(-12) / (1 + np.exp(-12))], rtol=1e-3)
    assert np.allclose(softmax(np.array([100.0, 0.0], dtype=np.float32)), [1.0, np.exp(-100.0)])
    assert np.array_equal(softmax(np.array([-1000.0, -1000.0])), [0.5, 0.5])


def test_logsumexp_large_values():
    assert logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000.0 + np.log(2.0))
    assert logsumexp(np.array([-1000.0, -1000.0])) == pytest.approx(-1000.0 + np.log(2.0))
    x16 = np.array([60000.0, 60000.0], dtype=np.float16)  # close to the float16 max
    assert logsumexp(x16).dtype == np.float16 and np.isfinite(logsumexp(x16))


def test_minus_infinity_rows_and_entries():
    x = np.array([[0.0, -np.inf, 0.0], [-np.inf, -np.inf, -np.inf]])
    p = softmax(x)
    assert np.array_equal(p, [[0.5, 0.0, 0.5], [0.0, 0.0, 0.0]])  # masked entries exactly 0
    assert np.array_equal(logsumexp(x), [np.log(2.0), -np.inf])
    ls = log_softmax(x)
    assert ls[0, 1] == -np.inf and np.isneginf(ls[1]).all() and ls[0, 0] == pytest.approx(-np.log(2.0))


def test_nan_is_not_hidden():
    assert np.isnan(softmax(np.array([np.nan, 1.0]))).all()


def test_axis_and_keepdims():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 4, 5)) * 50
    for axis in (0, 1, 2, -1):
        p = softmax(x, axis=axis)
        assert np.allclose(p.sum(axis=axis), 1.0)
        assert np.allclose(p, np.moveaxis(softmax(np.moveaxis(x, axis, -1)), -1, axis))
    assert logsumexp(x, axis=1).shape == (3, 5)
    assert logsumexp(x, axis=1, keepdims=True).shape == (3, 1, 5)
    assert np.allclose(np.exp(log_softmax(x, axis=0)), softmax(x, axis=0))


def test_integer_input_becomes_float():
    assert softmax(np.array([1, 2, 3])).dtype == np.float64


rows = st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=1, max_size=12)


@settings(deadline=None, max_examples=200)
@given(rows)
def test_matches_a_decimal_reference_at_large_magnitude(row):
    lse_ref, p_ref = decimal_reference(row)
    x = np.array(row)
    assert logsumexp(x) == pytest.approx(lse_ref, rel=1e-12, abs=1e-12)
    assert np.allclose(softmax(x), p_ref, rtol=1e-9, atol=1e-15)


@settings(deadline=None, max_examples=200)
@given(arrays(np.float32, st.integers(1, 16), elements=st.floats(-700, 700, width=32)))
def test_float32_matches_float64_naive_reference(x):
    # |x| <= 700: far past float32's overflow at 88.7, still inside float64's range (709)
    reference = naive_softmax(x.astype(np.float64))
    p = softmax(x)
    assert p.dtype == np.float32
    assert np.allclose(p, reference, rtol=1e-4, atol=1e-6)


@settings(deadline=None, max_examples=200)
@given(
    arrays(
        st.sampled_from([np.float16, np.float32, np.float64]),
        st.tuples(st.integers(1, 4), st.integers(1, 16)),
        elements=st.floats(-6e4, 6e4, width=16),
    )
)
def test_rows_are_distributions(x):
    p = softmax(x)
    assert p.dtype == x.dtype
    assert np.all(p >= 0) and np.all(p <= 1)
    tol = 2e-3 if x.dtype == np.float16 else 1e-5
    assert np.allclose(p.astype(np.float64).sum(axis=-1), 1.0, atol=tol)
    assert np.all(p[np.arange(len(x)), np.argmax(x, axis=-1)] > 0)  # the max logit keeps mass


@settings(deadline=None, max_examples=200)
@given(arrays(np.float64, st.integers(1, 16), elements=st.floats(-1e3, 1e3)), st.floats(-1e3, 1e3))
def test_shift_invariance(x, c):
    assert np.allclose(softmax(x + c), softmax(x), atol=1e-9)
    assert logsumexp(x + c) == pytest.approx(logsumexp(x) + c, abs=1e-9)
