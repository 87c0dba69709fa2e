"""Tests for docs_src/coding_model/moe_router.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.moe_router import expert_capacity, moe_layer, route
from docs_src.coding_model.softmax import softmax


def make_layer(seed, d=6, f=8, e=4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(d, e)), [(rng.normal(size=(d, f)) / 3, rng.normal(size=(f, d)) / 3) for _ in range(e)]


def dense_reference(x, router_w, experts_w, k):
    """No capacity: every token gets its k experts, one token at a time."""
    y = np.zeros_like(x)
    for t in range(len(x)):
        p = softmax(x[t] @ router_w)
        top = sorted(range(len(p)), key=lambda i: (-p[i], i))[:k]
        total = sum(p[i] for i in top)
        for i in top:
            w_in, w_out = experts_w[i]
            y[t] += p[i] / total * (np.maximum(x[t] @ w_in, 0) @ w_out)
    return y


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 2**32 - 1), st.integers(1, 20), st.integers(1, 4))
def test_with_enough_capacity_it_equals_the_dense_mixture(seed, n, k):
    router_w, experts_w = make_layer(seed)
    x = np.random.default_rng(seed + 1).normal(size=(n, 6))
    y, routing = moe_layer(x, router_w, experts_w, k, capacity_factor=4 / k)  # C >= N: nothing dropped
    assert (routing.slots >= 0).all()
    assert np.allclose(y, dense_reference(x, router_w, experts_w, k), atol=1e-12)


@settings(deadline=None, max_examples=200)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 40),
    st.integers(2, 8),
    st.integers(1, 3),
    st.floats(0.25, 2.0),
    st.sampled_from(["position", "score"]),
)
def test_capacity_is_respected_and_slots_are_dense(seed, n, e, k, cf, priority):
    k = min(k, e)
    logits = np.random.default_rng(seed).normal(size=(n, e)) * 2
    r = route(logits, k, cf, priority=priority)
    assert r.capacity == expert_capacity(n, e, k, cf)
    for x in range(e):
        used = sorted(r.slots[(r.experts == x) & (r.slots >= 0)].tolist())
        assert used == list(range(len(used))) and len(used) <= r.capacity  # slots 0..m-1, no gaps
        wanted = int((r.experts == x).sum())
        assert len(used) == min(wanted, r.capacity)  # an expert drops only when it is full
    assert np.all(r.gates[r.slots < 0] == 0)
    assert np.all(r.gates.sum(axis=1) <= 1 + 1e-12)


def test_position_priority_first_choices_before_second():
    # 4 tokens, 2 experts, k = 2, capacity_factor 0.5: C = ceil(0.5 * 4 * 2 / 2) = 2
    logits = np.array([[2.0, 0.0], [2.0, 0.0], [2.0, 0.0], [0.0, 2.0]])
    r = route(logits, k=2, capacity_factor=0.5)
    assert r.capacity == 2
    # expert 0: first choices of tokens 0 and 1 fill it; token 2's first choice is dropped
    assert r.slots[:, 0].tolist() == [0, 1, -1, 0]
    # expert 1 got token 3's first choice (slot 0); only token 0's second choice still fits
    assert r.slots[:, 1].tolist() == [1, -1, -1, -1]
    assert np.all(r.gates[2] == 0)  # token 2 skips the layer entirely


def test_score_priority_keeps_the_most_confident_tokens():
    logits = np.array([[0.1, 0.0], [3.0, 0.0], [1.0, 0.0]])  # all want expert 0
    r = route(logits, k=1, capacity_factor=1 / 3, priority="score")  # C = ceil(1/3 * 3 / 2) = 1
    assert r.capacity == 1 and r.slots[:, 0].tolist() == [-1, 0, -1]
    r = route(logits, k=1, capacity_factor=1 / 3, priority="position")
    assert r.slots[:, 0].tolist() == [0, -1, -1]


def test_dropped_tokens_produce_zero_output():
    router_w, experts_w = make_layer(5)
    x = np.random.default_rng(5).normal(size=(16, 6))
    y, r = moe_layer(x, router_w, experts_w, k=1, capacity_factor=0.25)  # C = 1 per expert
    dropped = (r.slots < 0).all(axis=1)
    assert dropped.sum() >= 16 - 4
    assert np.array_equal(y[dropped], np.zeros((int(dropped.sum()), 6)))


def test_gates_without_renormalisation_are_the_router_probabilities():
    logits = np.array([[1.0, 2.0, 3.0]])
    p = softmax(logits[0])
    r = route(logits, k=2, capacity_factor=10, renormalize=False)
    assert r.experts.tolist() == [[2, 1]] and np.allclose(r.gates, [[p[2], p[1]]])
    r = route(logits, k=2, capacity_factor=10)
    assert np.allclose(r.gates, [[p[2] / (p[1] + p[2]), p[1] / (p[1] + p[2])]])


def test_load_balancing_loss():
    e = 4
    balanced = np.tile(np.eye(e) * 5.0, (8, 1))  # each expert is top-1 for a quarter of tokens
    assert route(balanced, k=1).aux_loss == pytest.approx(1.0)
    collapsed = np.tile([50.0, 0.0, 0.0, 0.0], (32, 1))  # every token to expert 0 with p ~ 1
    assert route(collapsed, k=1).aux_loss == pytest.approx(e, rel=1e-6)


def test_capacity_formula_and_errors():
    assert expert_capacity(n_tokens=4096, n_experts=8, k=2, capacity_factor=1.25) == 1280
    with pytest.raises(ValueError):
        route(np.zeros((2, 3)), k=4)
