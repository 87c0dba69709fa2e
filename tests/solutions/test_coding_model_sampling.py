"""Tests for docs_src/coding_model/sampling.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from docs_src.coding_model.sampling import filtered_probs, sample
from docs_src.coding_model.softmax import softmax

LOGITS = np.array([2.0, 1.0, 0.5, 0.0, -1.0, -np.inf])


def empirical(logits, n=20_000, seed=0, **kw):
    rng = np.random.default_rng(seed)
    counts = np.bincount([sample(logits, rng, **kw) for _ in range(n)], minlength=len(logits))
    return counts / n


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"temperature": 0.5},
        {"temperature": 2.0},
        {"top_k": 3},
        {"top_p": 0.8},
        {"temperature": 1.5, "top_k": 4, "top_p": 0.9},
    ],
)
def test_empirical_frequencies_match_the_distribution(kw):
    expected = filtered_probs(LOGITS, **kw)
    freq = empirical(LOGITS, **kw)
    # 20,000 draws: one standard error is at most 0.0036, so 0.015 is about 4 sigma
    assert np.allclose(freq, expected, atol=0.015)
    assert freq[expected == 0].sum() == 0  # filtered and banned tokens are never drawn


def test_same_seed_same_tokens_different_seed_different_tokens():
    def draws(seed: int) -> list[int]:
        rng = np.random.default_rng(seed)
        return [sample(LOGITS, rng, top_p=0.95) for _ in range(50)]

    assert draws(42) == draws(42)
    assert draws(42) != draws(43)


def test_temperature_zero_is_greedy_with_lowest_index_on_ties():
    rng = np.random.default_rng(0)
    assert sample(np.array([0.0, 3.0, 3.0, 1.0]), rng, temperature=0) == 1
    state = rng.bit_generator.state
    sample(LOGITS, rng, temperature=0)
    assert rng.bit_generator.state == state  # greedy consumed no randomness


def test_no_op_settings():
    plain = softmax(LOGITS)
    assert np.allclose(filtered_probs(LOGITS, top_p=1.0), plain)
    assert np.allclose(filtered_probs(LOGITS, top_k=100), plain)  # k larger than the vocab
    assert np.allclose(filtered_probs(LOGITS, top_k=len(LOGITS)), plain)


def test_top_k_one_and_tiny_top_p_are_greedy():
    for probs in (filtered_probs(LOGITS, top_k=1), filtered_probs(LOGITS, top_p=1e-9)):
        assert probs.tolist() == [1.0, 0, 0, 0, 0, 0]


def test_ties_at_the_cut_are_kept_together():
    logits = np.array([1.0, 3.0, 2.0, 2.0, 0.0])
    assert np.count_nonzero(filtered_probs(logits, top_k=2)) == 3  # 3.0 and both 2.0s
    p = softmax(logits)
    assert np.count_nonzero(filtered_probs(logits, top_p=p[1] + 1e-6)) == 3


def test_top_p_example():
    probs = filtered_probs(np.log(np.array([0.5, 0.3, 0.15, 0.05])), top_p=0.7)
    assert np.allclose(probs, [0.5 / 0.8, 0.3 / 0.8, 0, 0])  # 0.5 < 0.7 <= 0.5 + 0.3


def test_invalid_arguments():
    for kw in ({"temperature": -1}, {"top_k": 0}, {"top_p": 0.0}, {"top_p": 1.5}):
        with pytest.raises(ValueError):
            filtered_probs(LOGITS, **kw)
    with pytest.raises(ValueError):
        filtered_probs(np.array([-np.inf, -np.inf]))


logit_rows = arrays(np.float64, st.integers(1, 30), elements=st.floats(-30, 30))


@settings(deadline=None, max_examples=300)
@given(logit_rows, st.floats(0.05, 5.0), st.integers(1, 40), st.floats(0.01, 1.0))
def test_filtered_distribution_properties(logits, temperature, k, p):
    probs = filtered_probs(logits, temperature, k, p)
    assert probs.sum() == pytest.approx(1.0) and np.all(probs >= 0)
    kept = probs > 0
    # top-k: nothing outside the k largest values (ties with the k-th allowed)
    kth = np.sort(logits)[::-1][min(k, len(logits)) - 1]
    assert np.all(logits[kept] >= kth)
    # top-p: the kept set holds at least p of the top-k distribution, and dropping its
    # smallest value group would fall below p (it is minimal up to ties)
    base = filtered_probs(logits, temperature, k)
    assert base[kept].sum() >= p - 1e-9
    smallest = base[kept].min()
    assert base[kept & (base > smallest)].sum() < p + 1e-9
    # order is preserved: a kept token never has a lower logit than a dropped live one
    dropped = (~kept) & (base > 0)
    if dropped.any():
        assert logits[kept].min() >= logits[dropped].max()


def test_high_temperature_flattens_low_temperature_sharpens():
    assert np.allclose(filtered_probs(LOGITS[:5], temperature=1e6), 0.2, atol=1e-5)
    assert filtered_probs(LOGITS, temperature=0.05)[0] > 0.999
