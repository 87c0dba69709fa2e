"""Tests for docs_src/coding_llm_engine/sampler.py.

Each filter is checked against its definition written a second, independent way
(top-p: keep a token iff the mass ranked strictly before it is below top_p), on
Hypothesis-generated logits; the draw is checked against the distribution with a
chi-square statistic over seeded trials.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.sampler import SamplingParams, apply_penalties, probabilities, sample_token

LOGITS = [math.log(p) for p in (0.5, 0.3, 0.15, 0.05)]


def close(a, b):
    return all(math.isclose(x, y, abs_tol=1e-12) for x, y in zip(a, b))


def test_plain_softmax_and_temperature():
    assert close(probabilities(LOGITS), [0.5, 0.3, 0.15, 0.05])
    hot = probabilities(LOGITS, SamplingParams(temperature=2.0))
    cold = probabilities(LOGITS, SamplingParams(temperature=0.5))
    assert hot[3] > 0.05 > cold[3]  # higher temperature flattens, lower sharpens
    assert close(cold, [x * x / 0.365 for x in (0.5, 0.3, 0.15, 0.05)])  # p^2, renormalised


def test_greedy_breaks_ties_by_lowest_id():
    assert probabilities([1.0, 3.0, 3.0], SamplingParams(temperature=0)) == [0.0, 1.0, 0.0]
    rng = random.Random(0)
    assert {sample_token([1.0, 3.0, 3.0], SamplingParams(temperature=0), rng) for _ in range(50)} == {1}


def test_top_k_top_p_min_p_examples():
    assert close(probabilities(LOGITS, SamplingParams(top_k=2)), [0.625, 0.375, 0, 0])
    assert close(probabilities(LOGITS, SamplingParams(top_p=0.75)), [0.625, 0.375, 0, 0])
    assert close(probabilities(LOGITS, SamplingParams(top_p=0.1)), [1, 0, 0, 0])  # never empty
    # min_p 0.2: keep p >= 0.2 * 0.5 = 0.1
    assert close(probabilities(LOGITS, SamplingParams(min_p=0.2)), [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0])


def test_penalties():
    out = apply_penalties([1.0, 1.0, 1.0], [0, 0, 2], SamplingParams(presence_penalty=0.5, frequency_penalty=0.25))
    assert out == [1.0 - 0.5 - 0.5, 1.0, 1.0 - 0.5 - 0.25]


def test_masked_tokens_are_never_drawn_and_all_masked_raises():
    logits = [-math.inf, 0.0, -math.inf, 0.0]
    rng = random.Random(1)
    assert {sample_token(logits, SamplingParams(), rng) for _ in range(200)} == {1, 3}
    with pytest.raises(ValueError):
        probabilities([-math.inf, -math.inf])
    with pytest.raises(ValueError):
        SamplingParams(top_p=0)


def test_huge_logits_do_not_overflow():
    assert close(probabilities([1000.0, 1000.0, -1000.0]), [0.5, 0.5, 0.0])


def test_draws_follow_the_distribution_and_seeds_reproduce():
    params = SamplingParams(temperature=0.8, top_k=3)
    probs = probabilities(LOGITS, params)
    rng, n = random.Random(42), 20_000
    counts = [0] * 4
    for _ in range(n):
        counts[sample_token(LOGITS, params, rng)] += 1
    assert counts[3] == 0
    stat = sum((c - n * p) ** 2 / (n * p) for c, p in zip(counts, probs) if p > 0)
    assert stat < 13.82  # chi-square, 2 degrees of freedom, significance 0.001
    a = [sample_token(LOGITS, params, random.Random(7)) for _ in range(5)]
    b = [sample_token(LOGITS, params, random.Random(7)) for _ in range(5)]
    assert a == b


logits_st = st.lists(st.integers(-8, 8).map(float), min_size=1, max_size=8)


@settings(deadline=None, max_examples=300)
@given(
    logits_st,
    st.integers(0, 9),
    st.sampled_from([1.0, 0.95, 0.9, 0.5, 0.3, 0.01]),
    st.sampled_from([0.0, 0.05, 0.3, 1.0]),
    st.sampled_from([0.0, 0.7, 1.0, 1.5]),
)
def test_filters_match_their_definitions(logits, k, top_p, min_p, temperature):
    params = SamplingParams(temperature=temperature, top_k=k, top_p=top_p, min_p=min_p)
    probs = probabilities(logits, params)
    support = {t for t, p in enumerate(probs) if p > 0}
    assert support and math.isclose(sum(probs), 1.0)
    if temperature == 0:
        assert support == {max(range(len(logits)), key=lambda t: (logits[t], -t))}
        return
    if k:
        assert len(support) <= k
    # every kept token must survive each filter as defined independently
    base = probabilities(logits, SamplingParams(temperature=temperature, top_k=k))
    rank = sorted(range(len(base)), key=lambda t: (-base[t], t))
    for t in range(len(base)):
        mass_before = math.fsum(base[u] for u in rank[: rank.index(t)])
        if t in support:
            assert mass_before < top_p + 1e-12
        elif base[t] > 0 and min_p == 0:  # only top-p can have removed it
            assert mass_before >= top_p - 1e-12
    # the kept set is a head of the ranking: no lower-ranked token is kept over a higher one
    kept_ranks = sorted(rank.index(t) for t in support)
    assert kept_ranks == list(range(len(kept_ranks)))
    # smaller top_p never keeps more
    tighter = probabilities(logits, SamplingParams(temperature=temperature, top_k=k, top_p=top_p / 2, min_p=min_p))
    assert {t for t, p in enumerate(tighter) if p > 0} <= support
