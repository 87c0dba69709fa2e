"""Stage 2: allocate KV blocks on demand and preempt by recompute.

Reserving the worst case (stage 1) leaves most of the cache empty: requests stop long
before max_new_tokens. Here a request holds only the blocks its computed tokens use,
so many more run at once, and a running request can find no free block when it grows.
Then the scheduler preempts the lowest-priority running request (the tail of the
priority order, possibly the one asking): its blocks are freed, its KV is dropped, and
it goes back to the waiting queue in its old FCFS place. When it is admitted again it
re-prefills prompt + output so far in one go; nothing it generated is lost.

Recompute rather than swap: no second memory tier to manage, no PCIe traffic racing
the model's own transfers, and the re-prefill is compute-bound work batched with
everything else (with a prefix cache, often a cache hit on its own freed blocks).
"""

from __future__ import annotations

from docs_src.coding_llm_engine.scheduler_stage1 import Batch, Request, Scheduler, blocks_for


class PreemptingScheduler(Scheduler):
    def _admit(self, r: Request, n: int) -> bool:
        need = blocks_for(r.computed + n, self.block_size)  # only this chunk's blocks
        if need > self.free_blocks:
            return False  # admission never preempts anyone
        self.free_blocks -= need
        self.held[r.id] = need
        return True

    def _grow(self, r: Request, n: int, order: list[Request], batch: Batch) -> bool:
        need = blocks_for(r.computed + n, self.block_size) - self.held[r.id]
        while need > self.free_blocks:
            victim = next(v for v in reversed(order) if v.id not in batch.preempted)
            self._preempt(victim, batch)
            if victim is r:
                return False
        self.free_blocks -= need
        self.held[r.id] += need
        return True

    def _preempt(self, victim: Request, batch: Batch) -> None:
        self._drop(batch, victim)  # it may already hold a slot in this step's batch
        batch.preempted.append(victim.id)
        self.running.remove(victim)
        self.free_blocks += self.held.pop(victim.id)
        victim.recomputed += victim.computed
        victim.computed = 0  # its KV is gone; prompt + output are re-prefilled later
        self._enqueue(victim)

    def _drop(self, batch: Batch, r: Request) -> None:
        batch.drop(r.id)
