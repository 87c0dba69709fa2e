"""Stage 1: an iteration-level (continuous batching) scheduler.

Every engine step, schedule() picks which requests run and how many tokens each
feeds to the model, within a per-step token budget: 1 token for a request that is
decoding, a chunk of its prompt for one that is prefilling (chunked prefill). The
engine runs the batch and calls complete(); requests join and leave between any
two steps.

One counter covers prefill, decode and (in stage 2) recompute: `known` tokens exist
(prompt plus output so far), `computed` of them have KV in the cache. A step feeds
tokens computed..known-1; when it reaches known, the model samples one new token.

Memory in this stage is the simple, safe version: a request is admitted only when
the worst case for it (prompt + max_new_tokens - 1 KV slots) can be reserved, so a
running request never runs out of blocks. It wastes memory on requests that stop
early, which is what stage 2 fixes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


def blocks_for(tokens: int, block_size: int) -> int:
    return -(-tokens // block_size)


@dataclass
class Request:
    id: str
    prompt_len: int
    max_new_tokens: int
    arrival: int = 0  # FCFS key: the step (or sequence number) it arrived at
    tenant: str = "default"
    computed: int = 0  # tokens whose KV is in the cache
    generated: int = 0  # output tokens sampled so far
    recomputed: int = 0  # tokens thrown away by preemption (stage 2)

    @property
    def known(self) -> int:
        return self.prompt_len + self.generated

    @property
    def max_kv(self) -> int:  # the last sampled token is never fed back
        return self.prompt_len + self.max_new_tokens - 1

    @property
    def decoding(self) -> bool:  # its prompt is in the cache; it feeds one token a step
        return self.computed > 0 and self.known - self.computed == 1


@dataclass(frozen=True)
class Scheduled:
    request_id: str
    num_tokens: int
    prefill: bool  # more than the one token a decode feeds


@dataclass
class Batch:
    items: dict[str, Scheduled] = field(default_factory=dict)  # in scheduling order
    preempted: list[str] = field(default_factory=list)
    num_tokens: int = 0

    def add(self, item: Scheduled) -> None:
        self.items[item.request_id] = item
        self.num_tokens += item.num_tokens

    def drop(self, request_id: str) -> None:
        item = self.items.pop(request_id, None)
        if item is not None:
            self.num_tokens -= item.num_tokens


class Scheduler:
    def __init__(self, token_budget: int, num_blocks: int, block_size: int, max_running: int = 256) -> None:
        if token_budget < 1 or block_size < 1 or max_running < 1:
            raise ValueError("token_budget, block_size and max_running must be >= 1")
        self.token_budget, self.block_size = token_budget, block_size
        self.num_blocks, self.free_blocks = num_blocks, num_blocks
        self.max_running = max_running
        self.waiting: list[Request] = []  # kept sorted by (arrival, id)
        self.running: list[Request] = []
        self.held: dict[str, int] = {}  # blocks held per running request
        self.finished: list[Request] = []

    # ---- public API ----------------------------------------------------------
    def add(self, request: Request) -> None:
        if request.prompt_len < 1 or request.max_new_tokens < 1:
            raise ValueError("a request needs a prompt and at least one output token")
        if blocks_for(request.max_kv, self.block_size) > self.num_blocks:
            raise ValueError(f"{request.id} can never fit in the KV cache")  # reject now
        self._enqueue(request)

    def has_work(self) -> bool:
        return bool(self.waiting or self.running)

    def schedule(self) -> Batch:
        batch = Batch()
        order = self._priority_order()
        # Pass 1, decodes first: one token each, latency-sensitive and cheap.
        # Pass 2, running prefills: the rest of the budget goes to prompt chunks.
        for decoding in (True, False):
            for r in order:
                budget = self.token_budget - batch.num_tokens
                if budget == 0:
                    break
                if r.decoding != decoding or r.id in batch.preempted:
                    continue
                n = min(r.known - r.computed, budget)
                if self._grow(r, n, order, batch):  # False: r itself was preempted
                    self._add(batch, r, Scheduled(r.id, n, prefill=not decoding))
        # Pass 3, admission in fairness order; strict: if the next request does not
        # fit, nobody behind it jumps the queue (no starvation of big requests).
        # A step that had to preempt admits nobody: memory is already short.
        while self.waiting and len(self.running) < self.max_running and not batch.preempted:
            budget = self.token_budget - batch.num_tokens
            r = self._next_waiting()
            n = min(r.known - r.computed, budget)
            if n == 0 or not self._admit(r, n):
                break
            self.waiting.remove(r)
            self.running.append(r)
            self._add(batch, r, Scheduled(r.id, n, prefill=True))
        return batch

    def complete(self, batch: Batch, eos: frozenset[str] = frozenset()) -> list[Request]:
        """The model ran `batch`; advance each request. eos: ids that sampled EOS."""
        by_id = {r.id: r for r in self.running}
        done = []
        for item in batch.items.values():
            r = by_id[item.request_id]
            r.computed += item.num_tokens
            if r.computed == r.known:  # the step reached the end: one token sampled
                r.generated += 1
                if r.generated == r.max_new_tokens or r.id in eos:
                    done.append(r)
        for r in done:
            self.running.remove(r)
            self.free_blocks += self.held.pop(r.id)
            self.finished.append(r)
        return done

    # ---- policy hooks (stages 2 and 3 override these) --------------------------
    def _priority_order(self) -> list[Request]:
        return sorted(self.running, key=lambda r: (r.arrival, r.id))

    def _next_waiting(self) -> Request:
        return self.waiting[0]

    def _enqueue(self, request: Request) -> None:
        bisect.insort(self.waiting, request, key=lambda r: (r.arrival, r.id))

    def _admit(self, r: Request, n: int) -> bool:
        need = blocks_for(r.max_kv, self.block_size)  # reserve the worst case
        if need > self.free_blocks:
            return False
        self.free_blocks -= need
        self.held[r.id] = need
        return True

    def _grow(self, r: Request, n: int, order: list[Request], batch: Batch) -> bool:
        return True  # everything was reserved at admission

    def _add(self, batch: Batch, r: Request, item: Scheduled) -> None:
        batch.add(item)
