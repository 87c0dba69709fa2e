"""Tests for docs_src/coding_llm_engine/prefix_router.py.

Examples pin down the cost function and its crossover; a Hypothesis test replays
random traffic against a brute-force router that keeps, per replica, the list of
prompts it was sent and computes overlap as the longest common prefix in whole
blocks, then checks that every decision had the minimum cost (and, among equal
costs, the minimum load).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.prefix_router import PrefixAwareRouter, block_hashes, blocks_for

BS = 4
SYSTEM = list(range(1000, 1016))  # 16 tokens = 4 full blocks


def test_block_hashes_are_chained_and_skip_the_partial_block():
    a = block_hashes([1, 2, 3, 4, 5, 6, 7, 8, 9], BS)
    assert len(a) == 2  # token 9 is a partial block
    b = block_hashes([9, 9, 9, 9, 5, 6, 7, 8], BS)
    assert a[1] != b[1]  # same block content, different prefix: different hash
    assert block_hashes([1, 2, 3, 4, 5, 6, 7, 8], BS) == a  # deterministic
    assert block_hashes([1, 2, 3], BS) == []


def test_same_prefix_sticks_to_one_replica():
    router = PrefixAwareRouter(["r0", "r1", "r2"], block_size=BS)
    first = router.route("a", SYSTEM + [1, 2, 3, 4]).replica
    router.finish("a")
    again = router.route("b", SYSTEM + [7, 7, 7, 7, 7])
    assert again.replica == first and again.overlap_blocks == 4 and again.prefill_blocks == 2


def test_load_overrides_affinity_at_the_computed_crossover():
    router = PrefixAwareRouter(["warm", "cold"], block_size=BS, overlap_weight=1.0)
    router.on_blocks_stored("warm", block_hashes(SYSTEM, BS))
    prompt = SYSTEM + [5] * 4  # 5 blocks: 1 to prefill on warm, 5 on cold
    router.replicas["warm"].active_blocks = 3  # cost warm = 1 + 3 = 4 < cold = 5
    assert router.route("x", prompt).replica == "warm"
    router.finish("x")
    router.replicas["warm"].active_blocks = 5  # cost warm = 1 + 5 = 6 > cold = 5
    assert router.route("y", prompt).replica == "cold"


def test_overlap_weight_trades_prefill_for_load():
    router = PrefixAwareRouter(["warm", "cold"], block_size=BS, overlap_weight=3.0)
    router.on_blocks_stored("warm", block_hashes(SYSTEM, BS))
    router.replicas["warm"].active_blocks = 10  # 3 * 1 + 10 = 13 < 3 * 5 = 15
    assert router.route("x", SYSTEM + [5] * 4).replica == "warm"


def test_overlap_stops_at_the_first_missing_block():
    router = PrefixAwareRouter(["r"], block_size=BS)
    hashes = block_hashes(SYSTEM, BS)
    router.on_blocks_stored("r", [hashes[0], hashes[2], hashes[3]])
    assert router.score("r", SYSTEM, hashes).overlap_blocks == 1
    router.on_blocks_removed("r", [hashes[0]])
    assert router.score("r", SYSTEM, hashes).overlap_blocks == 0


def test_cold_prefixes_spread_and_ties_are_stable():
    names = [f"r{i}" for i in range(4)]
    counts = dict.fromkeys(names, 0)
    for i in range(400):
        router = PrefixAwareRouter(names, block_size=BS)  # empty: every replica ties
        counts[router.route("q", [i, i + 1, i + 2, i + 3]).replica] += 1
    assert all(70 < c < 130 for c in counts.values()), counts
    r1 = PrefixAwareRouter(names, block_size=BS).route("q", [5, 6, 7, 8]).replica
    r2 = PrefixAwareRouter(list(reversed(names)), block_size=BS).route("q", [5, 6, 7, 8]).replica
    assert r1 == r2  # the tie-break does not depend on the order replicas were listed


def test_finish_releases_load_and_bad_calls_raise():
    router = PrefixAwareRouter(["r0", "r1"], block_size=BS)
    d = router.route("a", SYSTEM, max_new_tokens=8)
    assert router.replicas[d.replica].active_blocks == blocks_for(24, BS)
    with pytest.raises(ValueError):
        router.route("a", SYSTEM)
    router.finish("a")
    assert router.replicas[d.replica].active_blocks == 0
    with pytest.raises(KeyError):
        router.finish("a")
    with pytest.raises(ValueError):
        PrefixAwareRouter(["r", "r"])


def test_lru_view_forgets_old_blocks():
    router = PrefixAwareRouter(["r"], block_size=BS, capacity_blocks=4)
    router.route("a", SYSTEM)  # 4 blocks: the view is full
    router.route("b", [1] * 8)  # 2 more: the two oldest SYSTEM blocks are forgotten
    assert router.score("r", SYSTEM, block_hashes(SYSTEM, BS)).overlap_blocks == 0


def lcp(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


prompts = st.lists(st.integers(0, 1), min_size=0, max_size=14)
traffic = st.lists(
    st.one_of(
        st.tuples(st.just("route"), prompts, st.integers(0, 8)),
        st.tuples(st.just("finish"), st.integers(0, 100), st.just(0)),
    ),
    max_size=30,
)


@settings(deadline=None, max_examples=200)
@given(st.integers(1, 4), st.sampled_from([0.5, 1.0, 2.0]), traffic)
def test_every_decision_has_the_minimum_cost(n_replicas, weight, ops):
    names = [f"r{i}" for i in range(n_replicas)]
    router = PrefixAwareRouter(names, block_size=BS, overlap_weight=weight)
    sent = {n: [] for n in names}  # brute force: every prompt each replica was sent
    load = dict.fromkeys(names, 0)
    inflight = []
    for i, (op, arg, new) in enumerate(ops):
        if op == "finish":
            if inflight:
                rid, name, blocks = inflight.pop(arg % len(inflight))
                router.finish(rid)
                load[name] -= blocks
            continue
        costs = {}
        for n in names:
            overlap = max((lcp(arg, p) // BS for p in sent[n]), default=0)
            costs[n] = weight * blocks_for(len(arg) - overlap * BS, BS) + load[n]
        d = router.route(f"q{i}", arg, new)
        best = min(costs.values())
        assert d.cost == costs[d.replica] == best
        assert load[d.replica] == min(load[n] for n in names if costs[n] == best)
        sent[d.replica].append(arg)
        blocks = blocks_for(len(arg) + new, BS)
        load[d.replica] += blocks
        inflight.append((f"q{i}", d.replica, blocks))
