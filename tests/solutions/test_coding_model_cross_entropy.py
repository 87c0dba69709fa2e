"""Tests for docs_src/coding_model/cross_entropy.py."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.cross_entropy import cross_entropy


def finite_difference_grad(logits, targets, h=1e-5, **kw):
    """Central differences, one logit at a time: error O(h^2), the slow but sure oracle."""
    grad = np.zeros_like(logits)
    for idx in np.ndindex(logits.shape):
        up, down = logits.copy(), logits.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (cross_entropy(up, targets, **kw)[0] - cross_entropy(down, targets, **kw)[0]) / (2 * h)
    return grad


def loop_loss(logits, targets, ignore_index=-100, label_smoothing=0.0):
    total, count = 0.0, 0
    for row, t in zip(logits.tolist(), targets.tolist()):
        if t == ignore_index:
            continue
        top = max(row)
        log_z = top + math.log(math.fsum(math.exp(z - top) for z in row))
        vocab = len(row)
        q = [label_smoothing / vocab + (1 - label_smoothing) * (v == t) for v in range(vocab)]
        total += -math.fsum(qv * (z - log_z) for qv, z in zip(q, row))
        count += 1
    return total / count


problems = st.tuples(
    st.integers(0, 2**32 - 1), st.integers(1, 5), st.integers(2, 7), st.sampled_from([0.0, 0.1]), st.floats(0.1, 20.0)
)


@settings(deadline=None, max_examples=100)
@given(problems)
def test_gradient_matches_finite_differences(problem):
    seed, n, vocab, smoothing, scale = problem
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, vocab)) * scale
    targets = rng.integers(0, vocab, size=n)
    targets[rng.random(n) < 0.3] = -100  # some padding rows
    loss, grad = cross_entropy(logits, targets, label_smoothing=smoothing)
    if (targets == -100).all():
        assert loss == 0.0 and not grad.any()
        return
    assert loss == pytest.approx(loop_loss(logits, targets, label_smoothing=smoothing), rel=1e-10)
    fd = finite_difference_grad(logits, targets, label_smoothing=smoothing)
    assert np.allclose(grad, fd, atol=1e-6)


def test_known_values():
    loss, grad = cross_entropy(np.zeros((1, 4)), np.array([2]))  # uniform over 4: loss ln 4
    assert loss == pytest.approx(math.log(4))
    assert np.allclose(grad, [[0.25, 0.25, -0.75, 0.25]])


def test_huge_logits_stay_finite():
    logits = np.array([[1000.0, 0.0, -1000.0], [0.0, 5e4, 0.0]])
    loss, grad = cross_entropy(logits, np.array([0, 0]))
    assert loss == pytest.approx((0.0 + 5e4) / 2)  # row 1 is wrong by 5e4 nats
    assert np.all(np.isfinite(grad))
    with np.errstate(all="ignore"):  # the two-step version: log(softmax) underflows to log(0)
        p = np.exp(logits[1] - logits[1].max()) / np.exp(logits[1] - logits[1].max()).sum()
        assert np.isinf(-np.log(p[0]))


def test_gradient_rows_sum_to_zero_and_ignore_padding():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 6))
    _, grad = cross_entropy(logits, np.array([1, -100, 5, 0]), label_smoothing=0.2)
    assert np.allclose(grad.sum(axis=1), 0)
    assert not grad[1].any()
    loss_all, _ = cross_entropy(logits[[0, 2, 3]], np.array([1, 5, 0]), label_smoothing=0.2)
    assert cross_entropy(logits, np.array([1, -100, 5, 0]), label_smoothing=0.2)[0] == pytest.approx(loss_all)


def test_label_smoothing_punishes_overconfidence():
    # right but 50 nats sure: smoothing puts 0.1 * 3/4 of the target mass on the other
    # tokens, each 50 nats below the winner, so the loss is about 0.075 * 50 = 3.75 nats
    logits = np.array([[50.0, 0.0, 0.0, 0.0]])
    assert cross_entropy(logits, np.array([0]))[0] < 1e-20
    loss, _ = cross_entropy(logits, np.array([0]), label_smoothing=0.1)
    assert loss == pytest.approx(0.1 * 3 / 4 * 50, rel=1e-6)


def test_invalid_targets():
    with pytest.raises(ValueError):
        cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError):
        cross_entropy(np.zeros((2, 3)), np.array([0, 1]), label_smoothing=1.0)
