"""Per-tenant rate limiting: a token bucket AND a sliding window, both must agree.

Each tenant has a quota (from its tier, or an override): a token bucket sets
the burst and the sustained rate, a sliding window caps the cost admitted in
any `window` seconds. A request is admitted only if both allow it, and then
both are charged; a rejection charges neither. The window is either an exact
log or an O(1) two-counter estimate. The clock is injected.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Clock = Callable[[], float]


@dataclass(frozen=True)
class Quota:
    rate: float  # bucket refill, cost units per second
    burst: float  # bucket capacity
    window: float  # seconds
    window_limit: float  # most cost admitted in any window

    def __post_init__(self) -> None:
        if min(self.rate, self.burst, self.window, self.window_limit) <= 0:
            raise ValueError("every quota field must be positive")


class QuotaTable:
    """Tier per tenant, per-tenant overrides, and a default tier for unknown tenants."""

    def __init__(self, tiers: dict[str, Quota], default_tier: str) -> None:
        if default_tier not in tiers:
            raise ValueError(f"default tier {default_tier!r} is not defined")
        self.tiers, self.default_tier = dict(tiers), default_tier
        self.tier_of: dict[str, str] = {}
        self.overrides: dict[str, Quota] = {}

    def quota_for(self, tenant: str) -> Quota:
        if tenant in self.overrides:
            return self.overrides[tenant]
        return self.tiers[self.tier_of.get(tenant, self.default_tier)]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0  # seconds until this request would pass, traffic permitting
    limited_by: tuple[str, ...] = ()


class _Bucket:
    def __init__(self, now: float, burst: float) -> None:
        self.tokens, self.updated = burst, now

    def refill(self, now: float, q: Quota) -> None:
        elapsed = max(0.0, now - self.updated)  # a clock stepping back adds nothing
        self.tokens = min(q.burst, self.tokens + elapsed * q.rate)  # also clamps a lowered burst
        self.updated = now

    def fits(self, now: float, cost: float, q: Quota) -> bool:
        return self.tokens >= cost

    def wait(self, now: float, cost: float, q: Quota) -> float:
        return (cost - self.tokens) / q.rate

    def charge(self, cost: float) -> None:
        self.tokens -= cost


class _WindowLog:
    """Exact: the (time, cost) of every admitted request still inside the window."""

    def __init__(self) -> None:
        self.entries: deque[tuple[float, float]] = deque()
        self.total = 0.0

    def advance(self, now: float, q: Quota) -> None:
        while self.entries and self.entries[0][0] <= now - q.window:  # window is (now - W, now]
            self.total -= self.entries.popleft()[1]

    def fits(self, now: float, cost: float, q: Quota) -> bool:
        return self.total + cost <= q.window_limit

    def wait(self, now: float, cost: float, q: Quota) -> float:
        excess = self.total + cost - q.window_limit
        for t, c in self.entries:  # oldest first: when enough of them have expired
            excess -= c
            if excess <= 0:
                return max(0.0, t + q.window - now)
        raise AssertionError("cost <= window_limit, so expiring everything always suffices")

    def charge(self, now: float, cost: float) -> None:
        self.entries.append((now, cost))
        self.total += cost

    def empty(self) -> bool:
        return not self.entries


class _WindowCounter:
    """Approximate, O(1): counts for the current and the previous aligned window.

    estimate = previous * (1 - f) + current, f = elapsed fraction of the current
    window: it assumes the previous window's traffic was spread evenly.
    """

    def __init__(self) -> None:
        self.index, self.prev, self.curr = 0, 0.0, 0.0

    def advance(self, now: float, q: Quota) -> None:
        index = math.floor(now / q.window)
        if index == self.index + 1:
            self.prev, self.curr = self.curr, 0.0
        elif index > self.index + 1:
            self.prev, self.curr = 0.0, 0.0
        self.index = max(self.index, index)

    def estimate(self, now: float, q: Quota) -> float:
        f = min(1.0, max(0.0, now / q.window - self.index))
        return self.prev * (1.0 - f) + self.curr

    def fits(self, now: float, cost: float, q: Quota) -> bool:
        return self.estimate(now, q) + cost <= q.window_limit

    def wait(self, now: float, cost: float, q: Quota) -> float:
        room = q.window_limit - cost  # the estimate must fall to this
        start = self.index * q.window
        if self.curr <= room:  # the previous window's share decays enough within this one
            f = 1.0 - (room - self.curr) / self.prev
            return max(0.0, start + f * q.window - now)
        # only the next window helps: there `current` becomes `previous` and decays
        f = 1.0 - room / self.curr
        return start + q.window + f * q.window - now

    def charge(self, now: float, cost: float) -> None:
        self.curr += cost

    def empty(self) -> bool:
        return self.prev == 0 and self.curr == 0


class TenantLimiter:
    def __init__(
        self, quotas: QuotaTable, window: Literal["log", "counter"] = "log", clock: Clock = time.monotonic
    ) -> None:
        self.quotas, self._clock = quotas, clock
        self._new_window = {"log": _WindowLog, "counter": _WindowCounter}[window]
        self._state: dict[str, tuple[_Bucket, _WindowLog | _WindowCounter]] = {}
        self._lock = threading.Lock()

    def check(self, tenant: str, cost: float = 1.0) -> Decision:
        q = self.quotas.quota_for(tenant)
        if not 0 < cost <= min(q.burst, q.window_limit):
            raise ValueError(f"cost {cost} can never pass tenant {tenant!r}'s quota")
        with self._lock:  # decide on both, then charge both: one atomic step
            now = self._clock()
            if tenant not in self._state:
                self._state[tenant] = (_Bucket(now, q.burst), self._new_window())
            bucket, window = self._state[tenant]
            bucket.refill(now, q)
            window.advance(now, q)
            parts = {"bucket": bucket, "window": window}
            blocked = tuple(name for name, part in parts.items() if not part.fits(now, cost, q))
            if blocked:
                # each condition only improves with time, so the later wait satisfies both
                return Decision(False, max(parts[name].wait(now, cost, q) for name in blocked), blocked)
            bucket.charge(cost)
            window.charge(now, cost)
            return Decision(True)

    def sweep(self) -> int:
        """Forget tenants whose state equals a fresh one (full bucket, empty window)."""
        with self._lock:
            now = self._clock()
            idle = []
            for tenant, (bucket, window) in self._state.items():
                q = self.quotas.quota_for(tenant)
                bucket.refill(now, q)
                window.advance(now, q)
                if bucket.tokens >= q.burst and window.empty():
                    idle.append(tenant)
            for tenant in idle:
                del self._state[tenant]
            return len(idle)

    def tracked(self) -> int:
        return len(self._state)
