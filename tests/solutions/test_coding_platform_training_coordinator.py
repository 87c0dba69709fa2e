"""Tests for docs_src/coding_platform/training_coordinator.py."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.training_coordinator import (
    TrainingCoordinator,
    TrainState,
    WorkerFailure,
    WorkerState,
    gradient,
)


def expected_state(num_workers: int, total_steps: int) -> TrainState:
    weight = sum(gradient(w, s) for s in range(total_steps) for w in range(num_workers))
    return TrainState(total_steps, weight, tuple(range(total_steps)))


def kill_once(worker_id: int, step: int):
    """A fault hook that kills one worker the first time it reaches one step."""
    fired = []

    def hook(w: int, s: int) -> None:
        if (w, s) == (worker_id, step) and not fired:
            fired.append(True)
            raise WorkerFailure(f"worker {w} died at step {s}")

    return hook


def test_clean_run_applies_every_step_once():
    coord = TrainingCoordinator(num_workers=3, total_steps=10, checkpoint_every=4)
    final = asyncio.run(coord.run())
    assert final == expected_state(3, 10)
    assert [c.step for c in coord.checkpoints] == [0, 4, 8]
    assert all(w.state is WorkerState.DONE for w in coord.workers)
    assert all(w.replica == final for w in coord.workers)
    assert len(coord.executions) == 3 * 10  # no step computed twice


def test_killed_worker_resumes_from_latest_checkpoint():
    # checkpoints at steps 0, 4, 8; worker 1 dies while computing step 6
    coord = TrainingCoordinator(3, 10, checkpoint_every=4, fault_hook=kill_once(1, 6))
    final = asyncio.run(coord.run())

    assert coord.workers[1].restored_from == [4]  # the latest checkpoint, not step 0
    assert coord.workers[0].restored_from == []  # only the failed worker was "restored"
    assert coord.restarts == 1
    # no step lost or applied twice: the final state equals a failure-free run
    assert final == expected_state(3, 10)
    assert final.applied == tuple(range(10))
    # worker 1's attempts: 0..6, then from the checkpoint (4) again to the end
    w1_steps = [s for w, s in coord.executions if w == 1]
    assert w1_steps == [0, 1, 2, 3, 4, 5, 6, 4, 5, 6, 7, 8, 9]
    # only the steps after the checkpoint were recomputed (4 and 5 were committed, 6 was not)
    assert len(coord.executions) == 3 * 10 + 3 * (6 - 4 + 1)


def test_failure_on_a_checkpoint_step_loses_nothing():
    coord = TrainingCoordinator(2, 6, checkpoint_every=2, fault_hook=kill_once(0, 4))
    final = asyncio.run(coord.run())
    assert coord.workers[0].restored_from == [4]  # checkpoint 4 was saved before step 4 ran
    assert final == expected_state(2, 6)


def test_worker_state_machine_on_failure():
    coord = TrainingCoordinator(2, 4, checkpoint_every=1, fault_hook=kill_once(0, 2))
    asyncio.run(coord.run())
    S = WorkerState
    assert coord.workers[0].history == [S.IDLE, S.TRAINING, S.FAILED, S.RECOVERING, S.TRAINING, S.DONE]
    assert coord.workers[1].history == [S.IDLE, S.TRAINING, S.DONE]
    assert coord.workers[0].restored_from == [2]


def test_gives_up_after_max_restarts():
    def always_fail(w: int, s: int) -> None:
        if s == 1:
            raise WorkerFailure("flaky node")

    coord = TrainingCoordinator(2, 5, checkpoint_every=1, fault_hook=always_fail, max_restarts=2)
    with pytest.raises(RuntimeError, match="gave up after 2 restarts"):
        asyncio.run(coord.run())
    assert [w.state for w in coord.workers] == [WorkerState.FAILED, WorkerState.FAILED]


def test_unexpected_errors_are_not_swallowed():
    def buggy(w: int, s: int) -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        asyncio.run(TrainingCoordinator(2, 3, 1, fault_hook=buggy).run())


def test_rejects_bad_config():
    with pytest.raises(ValueError):
        TrainingCoordinator(0, 10, 1)
    with pytest.raises(ValueError):
        TrainingCoordinator(2, 10, 0)


@settings(deadline=None, max_examples=100)
@given(
    num_workers=st.integers(1, 4),
    total_steps=st.integers(0, 12),
    every=st.integers(1, 5),
    failures=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 11)), max_size=3, unique=True),
)
def test_any_failure_pattern_gives_the_failure_free_result(num_workers, total_steps, every, failures):
    pending = set(failures)

    def hook(w: int, s: int) -> None:
        if (w, s) in pending:
            pending.discard((w, s))  # each injected failure fires once
            raise WorkerFailure

    coord = TrainingCoordinator(num_workers, total_steps, every, fault_hook=hook, max_restarts=10)
    final = asyncio.run(coord.run())
    assert final == expected_state(num_workers, total_steps)
    for w in coord.workers:
        # every restore used a checkpoint on the checkpoint schedule
        assert all(step % every == 0 for step in w.restored_from)
