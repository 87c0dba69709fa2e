"""Per-client rate limiters: a token bucket and a sliding-window log.

Both take an injected clock (seconds, monotonic) and guard their state with one
lock, so any number of request threads can call `allow` at once.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


@dataclass
class _Bucket:
    tokens: float
    updated_at: float


class TokenBucketLimiter:
    """Each client may burst up to `capacity` requests, refilled at `rate` per second."""

    def __init__(self, rate: float, capacity: float, clock: Clock = time.monotonic) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be positive")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, client_id: str, cost: float = 1.0) -> bool:
        if not 0 < cost <= self.capacity:
            raise ValueError(f"cost must be in (0, {self.capacity}], got {cost}")
        with self._lock:  # read-refill-decide-write must be one atomic step
            now = self._clock()
            bucket = self._buckets.get(client_id)
            if bucket is None:  # a new client starts with a full bucket
                bucket = self._buckets[client_id] = _Bucket(self.capacity, now)
            elapsed = max(0.0, now - bucket.updated_at)  # ignore a clock that steps back
            bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
            bucket.updated_at = now
            if bucket.tokens >= cost:
                bucket.tokens -= cost
                return True
            return False

    def retry_after(self, client_id: str, cost: float = 1.0) -> float:
        """Seconds until `cost` tokens will be available (0.0 if they are now)."""
        with self._lock:
            bucket = self._buckets.get(client_id)
            if bucket is None:
                return 0.0
            elapsed = max(0.0, self._clock() - bucket.updated_at)
            tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
            return max(0.0, (cost - tokens) / self.rate)


class SlidingWindowLogLimiter:
    """At most `limit` allowed requests per client in any window of `window` seconds."""

    def __init__(self, limit: int, window: float, clock: Clock = time.monotonic) -> None:
        if limit <= 0 or window <= 0:
            raise ValueError("limit and window must be positive")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._logs: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client_id: str) -> bool:
        with self._lock:
            now = self._clock()
            log = self._logs.setdefault(client_id, deque())
            while log and log[0] <= now - self.window:  # window is (now - window, now]
                log.popleft()
            if len(log) < self.limit:
                log.append(now)  # log only allowed requests: rejected ones cost nothing
                return True
            return False
