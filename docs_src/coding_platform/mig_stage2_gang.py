"""Stage 2: gang scheduling. A job is N workers that must all start together.

The planner places the workers one by one on a COPY of the cluster with the
stage-1 rule; only if every worker found a slot is the plan committed. A job
therefore holds either all N instances or none: a half-started gang would
hold slices while it waits for the rest, and two such gangs can wait on each
other for ever.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from docs_src.coding_platform.mig_stage1_slots import PROFILES, Gpu, Placement, best_placement


@dataclass(frozen=True)
class GangJob:
    job_id: str
    profile: str
    workers: int = 1
    priority: int = 0  # higher runs first


def plan_gang(gpus: list[Gpu], job: GangJob) -> list[Placement] | None:
    """Placements for all workers of `job`, or None; never modifies `gpus`."""
    trial = [g.copy() for g in gpus]
    p = PROFILES[job.profile]
    plan = []
    for w in range(job.workers):
        where = best_placement(trial, p)
        if where is None:
            return None
        trial[where.gpu_id].occupy(where.start, p, f"{job.job_id}/{w}")
        plan.append(where)
    return plan


class GangScheduler:
    def __init__(self, n_gpus: int) -> None:
        if n_gpus < 1:
            raise ValueError("need at least one GPU")
        self.gpus = [Gpu(i) for i in range(n_gpus)]
        self.queue: dict[str, tuple[GangJob, int]] = {}  # job id -> (job, arrival number)
        self.running: dict[str, tuple[GangJob, list[Placement]]] = {}
        self.arrival: dict[str, int] = {}  # kept while queued and running: FIFO order survives
        self._arrivals = itertools.count()

    def submit(self, job: GangJob, arrival: int | None = None) -> None:
        if job.profile not in PROFILES:
            raise ValueError(f"unknown MIG profile {job.profile!r}")
        if job.workers < 1:
            raise ValueError("a gang needs at least one worker")
        if job.job_id in self.queue or job.job_id in self.running:
            raise ValueError(f"duplicate job id {job.job_id!r}")
        if job.workers * PROFILES[job.profile].compute > 7 * len(self.gpus):
            raise ValueError(f"{job.job_id} needs more compute slices than the cluster has")
        self.arrival[job.job_id] = next(self._arrivals) if arrival is None else arrival
        self.queue[job.job_id] = (job, self.arrival[job.job_id])

    def pending(self) -> list[GangJob]:
        return [j for j, _ in sorted(self.queue.values(), key=lambda e: (-e[0].priority, e[1]))]

    def schedule(self) -> dict[str, list[Placement]]:
        placed = {}
        for job in self.pending():
            plan = plan_gang(self.gpus, job)
            if plan is None:
                continue  # all or nothing: not one worker starts
            self._commit(job, plan)
            placed[job.job_id] = plan
        return placed

    def finish(self, job_id: str) -> None:
        self._release(job_id)
        del self.arrival[job_id]

    def _release(self, job_id: str) -> GangJob:
        job, plan = self.running.pop(job_id)  # KeyError for a job that is not running
        for w, where in enumerate(plan):
            self.gpus[where.gpu_id].release(f"{job_id}/{w}")
        return job

    def _commit(self, job: GangJob, plan: list[Placement]) -> None:
        p = PROFILES[job.profile]
        for w, where in enumerate(plan):
            self.gpus[where.gpu_id].occupy(where.start, p, f"{job.job_id}/{w}")
        self.running[job.job_id] = (job, plan)
        del self.queue[job.job_id]
