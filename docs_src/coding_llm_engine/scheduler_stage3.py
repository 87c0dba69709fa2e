"""Stage 3: per-tenant fairness (weighted fair sharing of the token budget).

FCFS lets one tenant that submits 500 requests at once hold every other tenant behind
it. Here each tenant has a weight and a virtual-time counter `served`: the tokens
scheduled for it divided by its weight. Admission always takes the oldest waiting
request of the tenant with the least `served`; the running order used for the token
budget and for choosing preemption victims is sorted the same way, so the tenant
furthest over its share is preempted first. A tenant that was idle does not bank
credit: when it becomes active its counter is raised to the smallest counter among
active tenants, as fair queueing does, so it cannot lock others out for minutes.
"""

from __future__ import annotations

from collections import defaultdict

from docs_src.coding_llm_engine.scheduler_stage1 import Batch, Request, Scheduled
from docs_src.coding_llm_engine.scheduler_stage2 import PreemptingScheduler


class FairScheduler(PreemptingScheduler):
    def __init__(
        self,
        token_budget: int,
        num_blocks: int,
        block_size: int,
        max_running: int = 256,
        weights: dict[str, float] | None = None,
    ) -> None:
        super().__init__(token_budget, num_blocks, block_size, max_running)
        self.weights = dict(weights or {})
        if any(w <= 0 for w in self.weights.values()):
            raise ValueError("weights must be > 0")
        self.served: defaultdict[str, float] = defaultdict(float)

    def active_tenants(self) -> set[str]:
        return {r.tenant for r in self.waiting + self.running}

    def add(self, request: Request) -> None:
        active = self.active_tenants()
        if request.tenant not in active and active:
            floor = min(self.served[t] for t in active)
            self.served[request.tenant] = max(self.served[request.tenant], floor)
        super().add(request)

    def _key(self, r: Request) -> tuple[float, int, str]:
        return (self.served[r.tenant], r.arrival, r.id)

    def _priority_order(self) -> list[Request]:
        return sorted(self.running, key=self._key)

    def _next_waiting(self) -> Request:
        return min(self.waiting, key=self._key)  # counters move as this step admits

    def _charge(self, r: Request, tokens: int) -> None:
        self.served[r.tenant] += tokens / self.weights.get(r.tenant, 1.0)

    def _add(self, batch: Batch, r: Request, item: Scheduled) -> None:
        super()._add(batch, r, item)
        self._charge(r, item.num_tokens)

    def _drop(self, batch: Batch, r: Request) -> None:
        item = batch.items.get(r.id)
        if item is not None:
            self._charge(r, -item.num_tokens)  # refund a slot taken back by preemption
        super()._drop(batch, r)
