"""Tests for docs_src/coding_katas/deadline_retry.py."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.deadline_retry import (
    AttemptTimeout,
    CallError,
    ConnectFailed,
    DeadlineClient,
    GaveUp,
    Policy,
    Request,
    RetryBudget,
)


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps.append(seconds)
        self.now += seconds


class FakeServer:
    """Plays a script of (latency, outcome); outcome is a response or a CallError."""

    def __init__(self, time_: FakeTime, script) -> None:
        self.time, self.script = time_, list(script)
        self.timeouts: list[float] = []

    def send(self, payload, timeout):
        self.timeouts.append(timeout)
        latency, outcome = self.script.pop(0) if self.script else (0.01, "ok")
        if latency > timeout:  # the transport gives up at the timeout
            self.time.now += timeout
            raise AttemptTimeout()
        self.time.now += latency
        if isinstance(outcome, CallError):
            raise outcome
        return outcome


def client(script, policy=Policy(), budget=None, uniform=lambda lo, hi: hi):
    t = FakeTime()
    server = FakeServer(t, script)
    return (
        DeadlineClient(
            server.send,
            policy,
            budget if budget is not None else RetryBudget(),
            clock=t.clock,
            sleep=t.sleep,
            uniform=uniform,
        ),
        server,
        t,
    )


GET = Request("GET /model/config", idempotent=True)
POST = Request("POST /jobs", idempotent=False)


def test_success_on_the_first_attempt_uses_the_capped_timeout():
    c, server, t = client([(0.1, "ok")])
    assert c.call(GET) == "ok"
    assert server.timeouts == [0.5] and t.sleeps == []


def test_per_attempt_timeout_shrinks_to_the_remaining_budget():
    policy = Policy(deadline=1.0, attempt_timeout=0.375, min_attempt=0.0625, base_delay=0.0625)
    c, server, t = client([(10, None)] * 5, policy)  # the server never answers in time
    with pytest.raises(GaveUp) as info:
        c.call(GET)
    assert server.timeouts == [0.375, 0.375, 0.0625]  # the last attempt gets what is left
    assert t.sleeps == [0.0625, 0.125]
    assert t.now == 1.0  # exactly at the deadline, never past it
    assert info.value.reason == "deadline" and isinstance(info.value.__cause__, AttemptTimeout)


def test_transient_errors_are_retried_with_full_jitter_ceilings():
    ceilings = []
    c, server, _ = client(
        [(0.01, CallError(503))] * 3 + [(0.01, "ok")], uniform=lambda lo, hi: ceilings.append(hi) or 0.0
    )
    assert c.call(GET) == "ok"
    assert ceilings == [0.05, 0.1, 0.2]  # min(max_delay, base * 2^k)


def test_a_non_retryable_error_propagates_unchanged_after_one_attempt():
    c, server, t = client([(0.01, CallError(400))])
    with pytest.raises(CallError) as info:
        c.call(GET)
    assert info.value.status == 400 and len(server.timeouts) == 1 and t.sleeps == []


def test_a_write_that_may_have_been_applied_is_not_retried():
    c, server, _ = client([(10, None)])  # times out: the server may have created the job
    with pytest.raises(AttemptTimeout):
        c.call(POST)
    assert len(server.timeouts) == 1


def test_a_write_that_never_reached_the_server_is_retried():
    c, server, _ = client([(0.0, ConnectFailed()), (0.01, "created")])
    assert c.call(POST) == "created"
    assert len(server.timeouts) == 2


def test_retry_after_sets_a_floor_on_the_sleep():
    c, _, t = client([(0.01, CallError(429, applied="no", retry_after=0.7)), (0.01, "ok")])
    assert c.call(GET) == "ok"
    assert t.sleeps == [0.7]


def test_retry_after_beyond_the_deadline_gives_up_without_sleeping():
    c, _, t = client([(0.01, CallError(429, applied="no", retry_after=5.0))])
    with pytest.raises(GaveUp, match="deadline"):
        c.call(GET)
    assert t.sleeps == []


def test_attempts_run_out_without_a_final_sleep():
    c, server, t = client([(0.01, CallError(502))] * 4, Policy(deadline=10, max_attempts=3))
    with pytest.raises(GaveUp) as info:
        c.call(GET)
    assert info.value.reason == "attempts" and len(info.value.attempts) == 3
    assert len(t.sleeps) == 2


def test_the_budget_limits_retries_to_a_share_of_calls():
    budget = RetryBudget(ratio=0.5, max_tokens=10, tokens=0.0)
    c, _, _ = client([(0.01, CallError(503)), (0.01, CallError(503)), (0.01, "ok")], budget=budget)
    with pytest.raises(GaveUp, match="retry budget"):
        c.call(GET)  # deposits 0.5: not enough for one retry
    assert c.call(GET) == "ok"  # deposits 0.5 more: one retry allowed, and it succeeds
    assert budget.tokens == 0.0


def test_budget_never_exceeds_its_cap():
    budget = RetryBudget(ratio=1.0, max_tokens=2.0, tokens=2.0)
    for _ in range(5):
        budget.deposit()
    assert budget.tokens == 2.0


def test_invalid_policies():
    with pytest.raises(ValueError):
        Policy(deadline=0.1, attempt_timeout=0.5)
    with pytest.raises(ValueError):
        Policy(min_attempt=0)
    with pytest.raises(ValueError):
        Policy(max_attempts=0)


outcomes = st.one_of(
    st.just("ok"),
    st.sampled_from([400, 404, 429, 500, 502, 503, 504]).map(CallError),
    st.just(None).map(lambda _: ConnectFailed()),
    st.floats(0.0, 2.0).map(lambda s: CallError(429, applied="no", retry_after=s)),
)


@settings(deadline=None, max_examples=400)
@given(
    script=st.lists(st.tuples(st.floats(0.0, 1.5), outcomes), max_size=8),
    deadline=st.floats(0.2, 3.0),
    attempt_timeout=st.floats(0.1, 1.0),
    max_attempts=st.integers(1, 6),
    idempotent=st.booleans(),
    tokens=st.floats(0.0, 3.0),
    seed=st.integers(0, 2**31),
)
def test_invariants_under_random_servers(script, deadline, attempt_timeout, max_attempts, idempotent, tokens, seed):
    policy = Policy(
        deadline=max(deadline, attempt_timeout),
        attempt_timeout=attempt_timeout,
        min_attempt=0.05,
        max_attempts=max_attempts,
    )
    budget = RetryBudget(ratio=0.1, max_tokens=5.0, tokens=tokens)
    rng = random.Random(seed)
    c, server, t = client(script, policy, budget, uniform=rng.uniform)
    tokens_before = budget.tokens + budget.ratio
    try:
        c.call(Request("x", idempotent))
    except (GaveUp, CallError):
        pass
    n = len(server.timeouts)
    assert 1 <= n <= max_attempts
    assert t.now <= policy.deadline + 1e-9  # never past the deadline, sleeps included
    assert all(timeout <= attempt_timeout + 1e-12 for timeout in server.timeouts)
    assert len(t.sleeps) == n - 1  # one sleep between attempts, none after the last
    assert n - 1 <= int(min(tokens_before, budget.max_tokens) + 1e-9)  # every retry spent a token
