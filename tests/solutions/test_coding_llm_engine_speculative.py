"""Tests for docs_src/coding_llm_engine/speculative_verify.py.

The property that matters is that speculative sampling is lossless: whatever the
draft, the tokens that come out are distributed exactly as if the target model had
sampled them alone. The tests check it empirically with a chi-square statistic over
many seeded trials (seeded, so the outcome is deterministic, not flaky), for single
positions with awkward draft/target pairs and for whole two-token continuations from
a toy autoregressive model. Greedy decoding must match the target's greedy output
token for token.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.speculative_verify import acceptance_rate, residual, sample, verify, verify_greedy

# chi-square critical values at significance 0.001 by degrees of freedom
CHI2_999 = {1: 10.83, 2: 13.82, 3: 16.27, 4: 18.47, 15: 37.70}


def chi_square(counts, probs, n):
    stat, cells = 0.0, 0
    for c, p in zip(counts, probs):
        if p == 0:
            assert c == 0, "a token the target never produces came out"
            continue
        stat += (c - n * p) ** 2 / (n * p)
        cells += 1
    return stat, cells - 1


PAIRS = {  # name: (target p, draft q)
    "close": ([0.5, 0.3, 0.15, 0.05], [0.4, 0.4, 0.1, 0.1]),
    "draft-overconfident": ([0.25, 0.25, 0.25, 0.25], [0.97, 0.01, 0.01, 0.01]),
    "draft-misses-a-token": ([0.2, 0.2, 0.2, 0.4], [0.34, 0.33, 0.33, 0.0]),
    "draft-proposes-impossible": ([0.0, 0.5, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25]),
    "disjoint": ([0.0, 0.0, 0.7, 0.3], [0.6, 0.4, 0.0, 0.0]),
    "identical": ([0.1, 0.2, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]),
}


@pytest.mark.parametrize("name", PAIRS)
def test_first_token_follows_the_target(name):
    p, q = PAIRS[name]
    rng, n = random.Random(1234), 20_000
    counts = [0] * 4
    accepted = 0
    for _ in range(n):
        d = sample(q, rng)
        out, a = verify([d], [q], [p, p], rng)
        counts[out[0]] += 1
        accepted += a
    stat, df = chi_square(counts, p, n)
    assert stat < CHI2_999[df], (name, counts)
    assert abs(accepted / n - acceptance_rate(p, q)) < 0.015


def target_dist(prefix):  # a toy target model: next-token probabilities given the prefix
    last = prefix[-1] if prefix else 0
    base = [1.0, 2.0, 3.0, 4.0]
    base[last] += 4.0
    total = sum(base)
    return [b / total for b in base]


def draft_dist(prefix):  # a weaker draft that likes token 0 too much
    p = target_dist(prefix)
    mixed = [0.5 * pi for pi in p]
    mixed[0] += 0.5
    return mixed


def speculate(rng, k, length):
    seq = []
    while len(seq) < length:
        draft, qs = [], []
        for _ in range(k):
            qd = draft_dist(seq + draft)
            qs.append(qd)
            draft.append(sample(qd, rng))
        ps = [target_dist(seq + draft[:i]) for i in range(k + 1)]
        out, _ = verify(draft, qs, ps, rng)
        assert 1 <= len(out) <= k + 1
        seq += out
    return seq[:length]


@pytest.mark.parametrize("k", [1, 3])
def test_two_token_continuations_follow_the_target(k):
    rng, n = random.Random(99), 20_000
    counts = [0] * 16
    for _ in range(n):
        a, b = speculate(rng, k, 2)
        counts[4 * a + b] += 1
    exact = [target_dist([])[a] * target_dist([a])[b] for a in range(4) for b in range(4)]
    stat, df = chi_square(counts, exact, n)
    assert stat < CHI2_999[df], counts


def test_expected_tokens_per_step():
    p, q = PAIRS["close"]
    alpha, k, n = acceptance_rate(p, q), 4, 20_000
    rng = random.Random(5)
    total = 0
    for _ in range(n):
        draft = [sample(q, rng) for _ in range(k)]
        out, _ = verify(draft, [q] * k, [p] * (k + 1), rng)
        total += len(out)
    expected = (1 - alpha ** (k + 1)) / (1 - alpha)  # accepted run + 1 corrected/bonus token
    assert abs(total / n - expected) / expected < 0.02


def test_identical_models_accept_everything_and_add_a_bonus():
    p = [0.1, 0.2, 0.3, 0.4]
    rng = random.Random(0)
    for _ in range(200):
        draft = [sample(p, rng) for _ in range(5)]
        out, accepted = verify(draft, [p] * 5, [p] * 6, rng)
        assert accepted == 5 and out[:5] == draft and len(out) == 6


def test_residual_and_errors():
    assert residual([0.5, 0.5, 0.0], [0.2, 0.6, 0.2]) == [0.3, 0.0, 0.0]
    rng = random.Random(0)
    with pytest.raises(ValueError):
        verify([1], [[0.5, 0.5]], [[0.5, 0.5]], rng)  # needs k + 1 target dists
    with pytest.raises(ValueError):
        verify([1], [[1.0, 0.0]], [[0.5, 0.5]] * 2, rng)  # draft could not have said 1
    with pytest.raises(ValueError):
        sample([0.0, 0.0], rng)


def one_hot(i, v=5):
    return [1.0 if j == i else 0.0 for j in range(v)]


@settings(deadline=None, max_examples=200)
@given(
    st.lists(st.integers(0, 4), max_size=6).flatmap(
        lambda d: st.tuples(st.just(d), st.lists(st.integers(0, 4), min_size=len(d) + 1, max_size=len(d) + 1))
    ),
    st.integers(0, 10**6),
)
def test_one_hot_sampling_is_greedy(case, seed):
    draft, argmax = case
    got = verify(draft, [one_hot(t) for t in draft], [one_hot(t) for t in argmax], random.Random(seed))
    assert got == verify_greedy(draft, argmax)


def test_greedy_speculation_reproduces_target_greedy():
    def target_next(seq):  # a deterministic "argmax" model
        return (sum(seq) * 7 + len(seq)) % 5

    def draft_next(seq):  # right about 2 times in 3
        return target_next(seq) if len(seq) % 3 else (target_next(seq) + 1) % 5

    plain = []
    for _ in range(30):
        plain.append(target_next(plain))
    seq, passes = [], 0
    while len(seq) < 30:
        draft = []
        for _ in range(4):
            draft.append(draft_next(seq + draft))
        argmax = [target_next(seq + draft[:i]) for i in range(5)]
        out, _ = verify_greedy(draft, argmax)
        seq += out
        passes += 1
    assert seq[:30] == plain and passes < 30  # same text, fewer target passes
