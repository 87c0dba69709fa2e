"""A dynamic batching queue for model inference.

A batch is released when it is full (`max_batch_size` requests waiting) or when
the oldest waiting request has waited `max_wait` seconds. Requests leave in
priority order: higher priority first, first come first served within one
priority. The clock is injected, so tests never sleep.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
Clock = Callable[[], float]


@dataclass(order=True)
class _Pending(Generic[T]):
    sort_key: tuple[int, int]  # (-priority, arrival number): heapq pops the smallest
    arrived_at: float = field(compare=False)
    item: T = field(compare=False)
    taken: bool = field(default=False, compare=False)


class BatchingQueue(Generic[T]):
    def __init__(self, max_batch_size: int, max_wait: float, clock: Clock = time.monotonic) -> None:
        if max_batch_size < 1 or max_wait < 0:
            raise ValueError("need max_batch_size >= 1 and max_wait >= 0")
        self.max_batch_size = max_batch_size
        self.max_wait = max_wait
        self._clock = clock
        self._heap: list[_Pending[T]] = []  # priority order
        self._arrivals: deque[_Pending[T]] = deque()  # arrival order, to find the oldest
        self._counter = itertools.count()

    def submit(self, item: T, priority: int = 0) -> None:
        pending = _Pending((-priority, next(self._counter)), self._clock(), item)
        heapq.heappush(self._heap, pending)
        self._arrivals.append(pending)

    def __len__(self) -> int:
        return len(self._heap)

    def oldest_wait(self) -> float | None:
        """How long the oldest waiting request has waited (None if the queue is empty)."""
        while self._arrivals and self._arrivals[0].taken:
            self._arrivals.popleft()  # already sent in an earlier batch
        if not self._arrivals:
            return None
        return self._clock() - self._arrivals[0].arrived_at

    def time_until_ready(self) -> float | None:
        """Seconds a server loop may sleep before a batch is due; None means wait for a submit."""
        waited = self.oldest_wait()
        if waited is None:
            return None
        if len(self._heap) >= self.max_batch_size:
            return 0.0
        return max(0.0, self.max_wait - waited)

    def ready(self) -> bool:
        return self.time_until_ready() == 0.0

    def next_batch(self, force: bool = False) -> list[T]:
        """The next batch if one is due (or anything waiting, with force=True), else []."""
        if not (force or self.ready()):
            return []
        batch: list[T] = []
        while self._heap and len(batch) < self.max_batch_size:
            pending = heapq.heappop(self._heap)
            pending.taken = True
            batch.append(pending.item)
        return batch
