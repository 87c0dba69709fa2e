"""Stage 3: preemption by priority.

When a gang does not fit, look for running jobs of STRICTLY lower priority to
evict. Try victims cheapest first (lowest priority, then the most recently
started, which has lost the least work), stopping as soon as the gang fits;
then give back every victim the gang can do without. Preempt only if the
gang is placed in the same step: evicting jobs and then failing to start the
one they made room for loses work for nothing. Victims go back to the queue
with their original arrival number.
"""

from __future__ import annotations

from dataclasses import dataclass

from docs_src.coding_platform.mig_stage1_slots import Gpu, Placement
from docs_src.coding_platform.mig_stage2_gang import GangJob, GangScheduler, plan_gang


@dataclass(frozen=True)
class Preemption:
    for_job: str
    victims: tuple[str, ...]


class PreemptiveScheduler(GangScheduler):
    def __init__(self, n_gpus: int) -> None:
        super().__init__(n_gpus)
        self.preemptions: list[Preemption] = []

    def schedule(self) -> dict[str, list[Placement]]:
        placed = {}
        for job in self.pending():
            plan = plan_gang(self.gpus, job)
            if plan is None:
                victims = self.choose_victims(job)
                if victims is None:
                    continue  # even evicting everything cheaper would not make room
                for victim in victims:
                    evicted = self._release(victim)
                    self.submit(evicted, arrival=self.arrival[victim])  # back in line, same place
                self.preemptions.append(Preemption(job.job_id, victims))
                plan = plan_gang(self.gpus, job)
                assert plan is not None, "choose_victims promised room"
            self._commit(job, plan)
            placed[job.job_id] = plan
        return placed

    def choose_victims(self, job: GangJob) -> tuple[str, ...] | None:
        """A minimal set of lower-priority running jobs whose eviction lets `job` fit."""
        cheapest_first = sorted(
            (j for j, _ in self.running.values() if j.priority < job.priority),
            key=lambda j: (j.priority, -self.arrival[j.job_id]),
        )
        chosen: list[str] = []
        for victim in cheapest_first:
            chosen.append(victim.job_id)
            if self._fits_without(job, chosen):
                break
        else:
            return None
        # keep the most valuable victims running if the gang fits without evicting them
        for victim in reversed(list(chosen)):
            rest = [v for v in chosen if v != victim]
            if self._fits_without(job, rest):
                chosen = rest
        return tuple(chosen)

    def _fits_without(self, job: GangJob, evicted: list[str]) -> bool:
        trial: list[Gpu] = [g.copy() for g in self.gpus]
        for job_id in evicted:
            for w, where in enumerate(self.running[job_id][1]):
                trial[where.gpu_id].release(f"{job_id}/{w}")
        return plan_gang(trial, job) is not None
