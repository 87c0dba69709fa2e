"""Stage 1: per-key counts, sliding-window rates and p50/p99 over an in-order stream.

Events carry (timestamp in seconds, key, value), e.g. request latencies per
model. Each key keeps one slot per second: a count and a histogram. A window
query merges the slots of the last `window` whole seconds.

Quantiles come from a histogram with logarithmic buckets: bucket i holds
values in (gamma^(i-1), gamma^i], gamma = (1 + a) / (1 - a), and reports
2 gamma^i / (gamma + 1). Any value in the bucket is then within relative
error a of that estimate, whatever the distribution, and two histograms merge
by adding counts (so per-second slots, shards and hosts combine exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    ts: float  # seconds
    key: str
    value: float  # non-negative, e.g. a latency in ms


class LogHistogram:
    def __init__(self, alpha: float = 0.01) -> None:
        if not 0 < alpha < 1:
            raise ValueError("alpha must be in (0, 1)")
        self.alpha = alpha
        self.gamma = (1 + alpha) / (1 - alpha)
        self._log_gamma = math.log(self.gamma)
        self.counts: dict[int, int] = {}
        self.zeros = 0  # exact zeros have no logarithm
        self.n = 0

    def index(self, value: float) -> int:
        return math.ceil(math.log(value) / self._log_gamma)

    def add(self, value: float, count: int = 1) -> None:
        if value < 0 or math.isnan(value):
            raise ValueError(f"values must be >= 0, got {value}")
        if value == 0:
            self.zeros += count
        else:
            i = self.index(value)
            self.counts[i] = self.counts.get(i, 0) + count
        self.n += count

    def merge(self, other: LogHistogram) -> None:
        if other.gamma != self.gamma:
            raise ValueError("cannot merge histograms with different accuracy")
        for i, c in other.counts.items():
            self.counts[i] = self.counts.get(i, 0) + c
        self.zeros += other.zeros
        self.n += other.n

    def quantile(self, q: float) -> float:
        """Estimate of the value at rank ceil(q * n) (1-based) of the sorted values."""
        if not 0 < q <= 1:
            raise ValueError("q must be in (0, 1]")
        if self.n == 0:
            raise ValueError("no values")
        rank = max(1, math.ceil(q * self.n))
        seen = self.zeros
        if seen >= rank:
            return 0.0
        for i in sorted(self.counts):
            seen += self.counts[i]
            if seen >= rank:
                return 2 * self.gamma**i / (self.gamma + 1)
        raise AssertionError("counts add up to n")


@dataclass
class Slot:
    count: int
    hist: LogHistogram


@dataclass
class WindowAggregator:
    window: int = 60  # seconds
    alpha: float = 0.01
    totals: dict[str, int] = field(default_factory=dict)
    slots: dict[str, dict[int, Slot]] = field(default_factory=dict)  # key -> second -> slot
    last_ts: float = -math.inf

    def add(self, event: Event) -> bool:
        if event.ts < self.last_ts:
            raise ValueError(f"out of order: {event.ts} after {self.last_ts}")
        self.last_ts = event.ts
        self._accept(event)
        return True

    def _newest_second(self) -> int:
        return math.floor(self.last_ts)

    def _retention(self) -> int:
        """Seconds of slots any query can still need."""
        return self.window

    def _new_hist(self) -> LogHistogram:
        return LogHistogram(self.alpha)

    def _accept(self, e: Event) -> None:
        second = math.floor(e.ts)
        per_key = self.slots.setdefault(e.key, {})
        slot = per_key.get(second)
        if slot is None:
            slot = per_key[second] = Slot(0, self._new_hist())
        slot.count += 1
        slot.hist.add(e.value)
        self.totals[e.key] = self.totals.get(e.key, 0) + 1
        self._prune(e.key)

    def _prune(self, key: str) -> None:
        per_key = self.slots.get(key, {})
        oldest = self._newest_second() - self._retention()
        for s in [s for s in per_key if s <= oldest]:  # each slot is dropped once
            del per_key[s]

    def _window_slots(self, key: str, end_second: int) -> list[Slot]:
        per_key = self.slots.get(key, {})
        return [slot for s, slot in per_key.items() if end_second - self.window < s <= end_second]

    # ---- queries; `now` is at or after the last event -------------------------------
    def count(self, key: str) -> int:
        return self.totals.get(key, 0)

    def rate(self, key: str, now: float) -> float:
        """Events per second over the `window` whole seconds ending with now's second."""
        return sum(s.count for s in self._window_slots(key, math.floor(now))) / self.window

    def quantile(self, key: str, q: float, now: float) -> float:
        merged = self._new_hist()
        for slot in self._window_slots(key, math.floor(now)):
            merged.merge(slot.hist)
        return merged.quantile(q)
