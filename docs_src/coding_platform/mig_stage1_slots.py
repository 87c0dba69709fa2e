"""Stage 1: place single-instance jobs on MIG slices of A100/H100-class GPUs.

A MIG-capable GPU has 8 memory slices (and 7 compute slices). An instance of a
profile occupies `span` consecutive memory slices starting at one of the
profile's allowed offsets (what `nvidia-smi mig -lgipp` lists). Two instances
may not share a memory slice; with these offsets that alone keeps compute at
7 slices or fewer. Jobs are placed in priority order (FIFO within a priority);
a job that does not fit waits while smaller ones behind it may still start.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

MEMORY_SLICES = 8


@dataclass(frozen=True)
class Profile:
    name: str
    compute: int  # compute slices (the "g" in 3g.40gb)
    span: int  # memory slices occupied
    starts: tuple[int, ...]  # allowed first memory slice


# The H100 80GB names; an A100 40GB has the same geometry with half the memory per slice.
PROFILES = {
    p.name: p
    for p in (
        Profile("1g.10gb", 1, 1, (0, 1, 2, 3, 4, 5, 6)),
        Profile("2g.20gb", 2, 2, (0, 2, 4)),
        Profile("3g.40gb", 3, 4, (0, 4)),
        Profile("4g.40gb", 4, 4, (0,)),
        Profile("7g.80gb", 7, 8, (0,)),
    )
}


@dataclass
class Gpu:
    gpu_id: int
    owner: list[str | None] = field(default_factory=lambda: [None] * MEMORY_SLICES)

    def free_starts(self, p: Profile) -> list[int]:
        return [s for s in p.starts if all(o is None for o in self.owner[s : s + p.span])]

    def occupy(self, start: int, p: Profile, owner: str) -> None:
        if start not in self.free_starts(p):
            raise ValueError(f"{p.name} cannot start at slice {start} on GPU {self.gpu_id}")
        self.owner[start : start + p.span] = [owner] * p.span

    def release(self, owner: str) -> None:
        self.owner = [None if o == owner else o for o in self.owner]

    def free_slices(self) -> int:
        return self.owner.count(None)

    def potential(self) -> int:
        """How much could still be placed: free (profile, start) pairs weighted by compute."""
        return sum(p.compute * len(self.free_starts(p)) for p in PROFILES.values())

    def copy(self) -> Gpu:
        return Gpu(self.gpu_id, list(self.owner))


@dataclass(frozen=True)
class Placement:
    gpu_id: int
    start: int
    profile: str


def best_placement(gpus: list[Gpu], p: Profile) -> Placement | None:
    """Best fit across GPUs (fewest free slices first), then the offset that keeps the
    most options open on that GPU, then the lowest ids: deterministic."""
    best_key, best = None, None
    for gpu in gpus:
        for start in gpu.free_starts(p):
            trial = gpu.copy()
            trial.occupy(start, p, "?")
            key = (gpu.free_slices(), -trial.potential(), gpu.gpu_id, start)
            if best_key is None or key < best_key:
                best_key, best = key, Placement(gpu.gpu_id, start, p.name)
    return best


@dataclass(frozen=True)
class Job:
    job_id: str
    profile: str
    priority: int = 0  # higher runs first


class SliceScheduler:
    def __init__(self, n_gpus: int) -> None:
        if n_gpus < 1:
            raise ValueError("need at least one GPU")
        self.gpus = [Gpu(i) for i in range(n_gpus)]
        self.queue: dict[str, tuple[Job, int]] = {}  # job id -> (job, arrival number)
        self.running: dict[str, Placement] = {}
        self._arrivals = itertools.count()

    def submit(self, job: Job) -> None:
        if job.profile not in PROFILES:
            raise ValueError(f"unknown MIG profile {job.profile!r}")
        if job.job_id in self.queue or job.job_id in self.running:
            raise ValueError(f"duplicate job id {job.job_id!r}")
        self.queue[job.job_id] = (job, next(self._arrivals))

    def pending(self) -> list[Job]:
        """Queued jobs in the order they are considered: priority, then arrival."""
        return [j for j, _ in sorted(self.queue.values(), key=lambda e: (-e[0].priority, e[1]))]

    def schedule(self) -> dict[str, Placement]:
        placed = {}
        for job in self.pending():
            where = best_placement(self.gpus, PROFILES[job.profile])
            if where is None:
                continue  # waits; smaller jobs behind it may still fit (backfill)
            self.gpus[where.gpu_id].occupy(where.start, PROFILES[job.profile], job.job_id)
            self.running[job.job_id] = where
            del self.queue[job.job_id]
            placed[job.job_id] = where
        return placed

    def finish(self, job_id: str) -> None:
        where = self.running.pop(job_id)  # KeyError for a job that is not running
        self.gpus[where.gpu_id].release(job_id)
