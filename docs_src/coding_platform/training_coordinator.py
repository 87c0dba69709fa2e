"""A fault-tolerant coordinator for synchronous data-parallel training (asyncio).

One task owns the global step: the coordinator. Each step it runs every worker's
step concurrently and waits for all of them (`asyncio.gather` is the barrier),
then commits the step. Workers never touch the step counter, so there is
nothing to race on.

All replicas of synchronous training hold the same weights, so a step cannot
finish without every worker. When one fails, the job rolls back to the latest
checkpoint: the failed worker is restored from it (FAILED -> RECOVERING ->
TRAINING), the healthy ones reload it too, and the steps after the checkpoint
run again. Because the rollback discards them, every step is applied to the
final state exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class WorkerState(Enum):
    IDLE = "idle"  # registered, waiting for the gang to assemble
    TRAINING = "training"
    RECOVERING = "recovering"  # restarting from the last checkpoint
    FAILED = "failed"
    DONE = "done"


class WorkerFailure(Exception):
    """Raised inside a worker's step when the worker dies (here: injected)."""


@dataclass(frozen=True)
class TrainState:
    """Immutable, so a saved checkpoint can never change after it is taken."""

    step: int = 0  # number of committed steps == the next step to run
    weight: int = 0  # stand-in for the model: the sum of all applied updates
    applied: tuple[int, ...] = ()  # steps applied, in order (for auditing)


@dataclass
class Worker:
    worker_id: int
    state: WorkerState = WorkerState.IDLE
    replica: TrainState = field(default_factory=TrainState)
    restored_from: list[int] = field(default_factory=list)  # checkpoint steps loaded
    history: list[WorkerState] = field(default_factory=lambda: [WorkerState.IDLE])

    def set_state(self, state: WorkerState) -> None:
        self.state = state
        self.history.append(state)


# A fault hook gets (worker_id, step) and raises WorkerFailure to kill that worker.
FaultHook = Callable[[int, int], None]


def gradient(worker_id: int, step: int) -> int:
    """Deterministic stand-in for the gradient a worker computes at a step."""
    return (worker_id + 1) * (step + 1)


class TrainingCoordinator:
    def __init__(
        self,
        num_workers: int,
        total_steps: int,
        checkpoint_every: int,
        fault_hook: FaultHook | None = None,
        max_restarts: int = 3,
    ) -> None:
        if num_workers < 1 or total_steps < 0 or checkpoint_every < 1:
            raise ValueError("need num_workers >= 1, total_steps >= 0, checkpoint_every >= 1")
        self.workers = [Worker(i) for i in range(num_workers)]
        self.total_steps = total_steps
        self.checkpoint_every = checkpoint_every
        self.fault_hook = fault_hook
        self.max_restarts = max_restarts
        self.state = TrainState()  # owned by the coordinator alone
        self.checkpoints: list[TrainState] = []
        self.executions: list[tuple[int, int]] = []  # (worker, step) attempts, for tests
        self.restarts = 0

    async def run(self) -> TrainState:
        self._save_checkpoint()  # step 0: there is always something to roll back to
        for w in self.workers:
            w.set_state(WorkerState.TRAINING)
        while self.state.step < self.total_steps:
            step = self.state.step
            outcomes = await asyncio.gather(
                *(self._worker_step(w, step) for w in self.workers),
                return_exceptions=True,
            )  # barrier: nobody moves on until every worker has finished this step
            failed = [w for w, out in zip(self.workers, outcomes) if isinstance(out, WorkerFailure)]
            for out in outcomes:
                if isinstance(out, BaseException) and not isinstance(out, WorkerFailure):
                    raise out  # a bug, not an injected failure: do not hide it
            if failed:
                await self._recover(failed)
                continue  # rerun from the checkpoint's step
            self._commit(step, [out for out in outcomes if isinstance(out, int)])
            if self.state.step % self.checkpoint_every == 0:
                self._save_checkpoint()
        for w in self.workers:
            w.set_state(WorkerState.DONE)
        return self.state

    async def _worker_step(self, worker: Worker, step: int) -> int:
        self.executions.append((worker.worker_id, step))
        await asyncio.sleep(0)  # yield to the loop, as real compute or I/O would
        if self.fault_hook is not None:
            self.fault_hook(worker.worker_id, step)
        return gradient(worker.worker_id, step)

    def _commit(self, step: int, gradients: list[int]) -> None:
        # all-reduce of the gradients, applied once, by the single owner of the step
        self.state = TrainState(step + 1, self.state.weight + sum(gradients), self.state.applied + (step,))
        for w in self.workers:
            w.replica = self.state

    def _save_checkpoint(self) -> None:
        self.checkpoints.append(self.state)

    async def _recover(self, failed: list[Worker]) -> None:
        self.restarts += 1
        for w in failed:
            w.set_state(WorkerState.FAILED)
        if self.restarts > self.max_restarts:
            raise RuntimeError(f"gave up after {self.max_restarts} restarts")
        latest = self.checkpoints[-1]
        for w in failed:
            w.set_state(WorkerState.RECOVERING)
            await asyncio.sleep(0)  # stands for: replace the node, load the checkpoint
            w.replica = latest
            w.restored_from.append(latest.step)
            w.set_state(WorkerState.TRAINING)
        for w in self.workers:
            w.replica = latest  # healthy replicas roll back too: replicas must agree
        self.state = latest  # steps after the checkpoint are discarded, then redone
