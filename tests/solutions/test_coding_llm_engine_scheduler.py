"""Tests for the continuous batching scheduler, stages 1-3
(docs_src/coding_llm_engine/scheduler_stage*.py), driven by a simulated model.

The simulated model does what the engine loop does: each step it asks the scheduler
for a batch, "runs" it (every request that reaches the end of its known tokens samples
one token) and reports back. After every step the harness checks the token budget,
the KV block count and that no request appears twice; at the end, that every request
finished with all its tokens and that the work done equals the work needed plus what
preemption threw away.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.scheduler_stage1 import Request, Scheduler, blocks_for
from docs_src.coding_llm_engine.scheduler_stage2 import PreemptingScheduler
from docs_src.coding_llm_engine.scheduler_stage3 import FairScheduler


def simulate(sched, arrivals, max_steps=20_000, eos_at=None):
    """arrivals: {step: [Request]}. eos_at: {request id: output length at which it samples EOS}."""
    eos_at = eos_at or {}
    requests = {r.id: r for rs in arrivals.values() for r in rs}
    work = {rid: 0 for rid in requests}
    finish, first_token, steps = {}, {}, 0
    for step in range(max_steps):
        for r in arrivals.get(step, []):
            sched.add(r)
        if not sched.has_work():
            if step > max(arrivals, default=0):
                break
            continue
        batch = sched.schedule()
        steps += 1
        assert batch.items, "work is waiting but nothing was scheduled"
        assert batch.num_tokens <= sched.token_budget
        assert sum(i.num_tokens for i in batch.items.values()) == batch.num_tokens
        running = {r.id: r for r in sched.running}
        assert len(running) <= sched.max_running
        for item in batch.items.values():
            r = running[item.request_id]
            assert 1 <= item.num_tokens <= r.known - r.computed
            work[r.id] += item.num_tokens
        assert sum(sched.held.values()) + sched.free_blocks == sched.num_blocks
        assert sched.free_blocks >= 0
        eos = frozenset(
            rid
            for rid, r in running.items()
            if rid in batch.items
            and r.generated + 1 == eos_at.get(rid)
            and r.computed + batch.items[rid].num_tokens == r.known
        )
        for r in sched.complete(batch, eos):
            finish[r.id] = step
        for r in sched.running:
            first_token.setdefault(r.id, step) if r.generated else None
            # after a step a request holds blocks for exactly what it has computed
            if type(sched) is not Scheduler:
                assert sched.held[r.id] == blocks_for(r.computed, sched.block_size)
    assert not sched.has_work(), "requests left unfinished"
    for rid, r in requests.items():
        assert r.generated == eos_at.get(rid, r.max_new_tokens)
        assert work[rid] == r.prompt_len + r.generated - 1 + r.recomputed
    return finish, steps


def reqs(n, prompt, new, tenant="default", start=0, prefix="r"):
    return [Request(f"{prefix}{i}", prompt, new, arrival=start + i, tenant=tenant) for i in range(n)]


# ---- stage 1 -------------------------------------------------------------------


def test_stage1_chunked_prefill_then_decode():
    s = Scheduler(token_budget=8, num_blocks=16, block_size=4)
    s.add(Request("a", prompt_len=10, max_new_tokens=3))
    b = s.schedule()
    assert [(i.request_id, i.num_tokens, i.prefill) for i in b.items.values()] == [("a", 8, True)]
    s.complete(b)
    b = s.schedule()
    assert b.items["a"].num_tokens == 2  # rest of the prompt; it samples token 1
    s.complete(b)
    assert s.running[0].generated == 1
    b = s.schedule()
    assert b.items["a"].num_tokens == 1 and not b.items["a"].prefill  # decode


def test_stage1_decodes_go_first_and_budget_is_shared():
    s = Scheduler(token_budget=6, num_blocks=64, block_size=4)
    s.add(Request("old", 1, 5, arrival=0))
    s.complete(s.schedule())  # "old" is decoding now
    s.add(Request("big", 100, 1, arrival=1))
    b = s.schedule()
    assert b.items["old"].num_tokens == 1 and b.items["big"].num_tokens == 5


def test_stage1_reserves_worst_case_and_is_strict_fcfs():
    s = Scheduler(token_budget=100, num_blocks=10, block_size=4)
    s.add(Request("a", 20, 17, arrival=0))  # 36 KV slots -> 9 blocks reserved
    s.add(Request("b", 8, 1, arrival=1))  # needs 2 blocks: does not fit
    s.add(Request("c", 1, 1, arrival=2))  # would fit, but may not jump b
    b = s.schedule()
    assert list(b.items) == ["a"] and s.free_blocks == 1


def test_stage1_rejects_a_request_that_can_never_fit():
    s = Scheduler(token_budget=8, num_blocks=2, block_size=4)
    with pytest.raises(ValueError):
        s.add(Request("huge", 8, 2))  # 9 KV slots > 8
    with pytest.raises(ValueError):
        s.add(Request("empty", 0, 1))


def test_stage1_eos_frees_reserved_memory_early():
    s = Scheduler(token_budget=16, num_blocks=4, block_size=4)
    finish, _ = simulate(s, {0: [Request("a", 4, 9), Request("b", 4, 9, arrival=1)]}, eos_at={"a": 2})
    assert finish["a"] < finish["b"]


# ---- stage 2 -------------------------------------------------------------------


def test_stage2_admits_more_than_the_reservation_would():
    blocks, budget = 20, 64
    one = Scheduler(budget, blocks, 4)
    two = PreemptingScheduler(budget, blocks, 4)
    for s in (one, two):
        for r in reqs(10, prompt=4, new=30):
            s.add(r)
        s.schedule()
    assert len(one.running) == 2  # 33 slots -> 9 blocks each
    assert len(two.running) == 10  # 1 block each for now


def test_stage2_preempts_the_newest_and_it_resumes():
    s = PreemptingScheduler(token_budget=16, num_blocks=4, block_size=4)
    s.add(Request("a", 4, 9, arrival=0))
    s.add(Request("b", 4, 9, arrival=1))
    preempted = []
    while s.has_work():
        b = s.schedule()
        preempted += b.preempted
        s.complete(b)
    assert preempted and set(preempted) == {"b"}  # the older request is never the victim
    done = {r.id: r for r in s.finished}
    assert done["b"].generated == 9 and done["b"].recomputed > 0 and done["a"].recomputed == 0


def test_stage2_request_can_preempt_itself():
    s = PreemptingScheduler(token_budget=16, num_blocks=3, block_size=2)
    s.add(Request("a", 2, 4, arrival=0))
    s.add(Request("b", 2, 4, arrival=1))
    s.complete(s.schedule())  # both prefilled: 1 block each, 1 free
    b = s.schedule()  # a's decode takes the last block; b needs one and is the tail
    assert b.preempted == ["b"] and list(b.items) == ["a"]
    assert [r.id for r in s.waiting] == ["b"] and s.waiting[0].generated == 1


# ---- stage 3 -------------------------------------------------------------------


def flood(cls, **kw):
    heavy = reqs(24, prompt=16, new=16, tenant="heavy", prefix="h")
    light = reqs(3, prompt=16, new=16, tenant="light", start=100, prefix="l")
    sched = cls(token_budget=32, num_blocks=64, block_size=4, max_running=4, **kw)
    finish, _ = simulate(sched, {0: heavy + light})
    return [finish[r.id] for r in light], [finish[r.id] for r in heavy]


def test_stage3_light_tenant_is_not_stuck_behind_a_flood():
    fcfs_light, _ = flood(PreemptingScheduler)
    fair_light, fair_heavy = flood(FairScheduler)
    assert max(fair_light) * 3 < min(fcfs_light)  # FCFS: behind all 24 heavy requests
    assert max(fair_light) < sorted(fair_heavy)[6]


def test_stage3_weights_split_the_budget():
    s = FairScheduler(token_budget=30, num_blocks=400, block_size=4, max_running=8, weights={"a": 2.0, "b": 1.0})
    for r in reqs(150, 8, 10, "a", prefix="a") + reqs(150, 8, 10, "b", start=1000, prefix="b"):
        s.add(r)
    tokens = {"a": 0, "b": 0}
    tenant = {r.id: r.tenant for r in s.waiting}
    for step in range(300):
        b = s.schedule()
        backlogged = {r.tenant for r in s.waiting} == {"a", "b"}
        if step >= 20 and backlogged:  # measure only while both tenants want more
            for item in b.items.values():
                tokens[tenant[item.request_id]] += item.num_tokens
        s.complete(b)
    assert tokens["b"] > 1000
    assert 1.8 < tokens["a"] / tokens["b"] < 2.2


def test_stage3_idle_tenant_does_not_bank_credit():
    s = FairScheduler(token_budget=8, num_blocks=100, block_size=4, max_running=2)
    s.add(Request("a0", 8, 50, tenant="a"))
    for _ in range(20):
        s.complete(s.schedule())
    s.add(Request("b0", 8, 5, tenant="b"))  # b arrives late: starts at a's counter
    assert s.served["b"] == s.served["a"]


# ---- every stage against the simulated model -------------------------------------

workload = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 40), st.integers(1, 20), st.sampled_from("xyz")),
    min_size=1,
    max_size=25,
)


@settings(deadline=None, max_examples=60)
@given(
    workload,
    st.integers(1, 48),
    st.integers(1, 8),
    st.sampled_from([1, 2, 4, 16]),
    st.integers(1, 6),
    st.randoms(use_true_random=False),
)
def test_every_stage_finishes_everything_within_limits(spec, budget, block_size, max_running, slack, rnd):
    biggest = max(p + n - 1 for _, p, n, _ in spec)
    num_blocks = blocks_for(biggest, block_size) + slack  # tight memory forces preemption
    for cls in (Scheduler, PreemptingScheduler, FairScheduler):
        arrivals = {}
        eos_at = {}
        for i, (at, p, n, tenant) in enumerate(spec):
            arrivals.setdefault(at, []).append(Request(f"r{i}", p, n, arrival=i, tenant=tenant))
            if rnd.random() < 0.3:
                eos_at[f"r{i}"] = rnd.randint(1, n)
        simulate(cls(budget, num_blocks, block_size, max_running), arrivals, eos_at=eos_at)


def test_preemption_happens_under_pressure_and_costs_recompute():
    rng = random.Random(7)
    arrivals = {t: [Request(f"r{t}", rng.randint(8, 64), rng.randint(8, 64), arrival=t)] for t in range(60)}
    s = PreemptingScheduler(token_budget=64, num_blocks=40, block_size=8)
    simulate(s, arrivals)
    assert sum(r.recomputed for r in s.finished) > 0
