"""Stage 3: bounded memory, whatever the stream throws at it.

Two things grow without bound in stage 2: the number of keys (someone logs a
user id as the key) and, for a wide range of values, the buckets per
histogram. Keys: keep at most `max_keys`; a new key beyond that evicts the
least recently updated one, whose counts and slots are folded into OTHER, so
totals over all keys stay exact. Buckets: keep at most `max_buckets` per
histogram by merging the two LOWEST buckets, so high quantiles (the p99 you
page on) keep their error bound and only the bottom of the distribution
loses resolution.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from docs_src.coding_platform.metrics_stage1_window import Event, LogHistogram, Slot
from docs_src.coding_platform.metrics_stage2_watermark import WatermarkAggregator

OTHER = "__other__"


class CollapsingHistogram(LogHistogram):
    def __init__(self, alpha: float, max_buckets: int) -> None:
        super().__init__(alpha)
        if max_buckets < 2:
            raise ValueError("need at least two buckets")
        self.max_buckets = max_buckets
        self.floor_index: int | None = None  # buckets at or below this absorbed lower ones

    def add(self, value: float, count: int = 1) -> None:
        super().add(value, count)
        self._collapse()

    def merge(self, other: LogHistogram) -> None:
        super().merge(other)
        theirs = getattr(other, "floor_index", None)
        if theirs is not None:
            self.floor_index = theirs if self.floor_index is None else max(self.floor_index, theirs)
        self._collapse()

    def _collapse(self) -> None:
        while len(self.counts) > self.max_buckets:
            lowest, second = sorted(self.counts)[:2]
            self.counts[second] += self.counts.pop(lowest)
            self.floor_index = max(second, self.floor_index if self.floor_index is not None else second)

    def exact_above(self, index: int) -> bool:
        """True if quantiles landing in bucket `index` keep the alpha bound."""
        return self.floor_index is None or index > self.floor_index


@dataclass
class BoundedAggregator(WatermarkAggregator):
    max_keys: int = 1000
    max_buckets: int = 128
    lru: OrderedDict[str, None] = field(default_factory=OrderedDict)
    evicted: int = 0

    def _new_hist(self) -> LogHistogram:
        return CollapsingHistogram(self.alpha, self.max_buckets)

    def _accept(self, e: Event) -> None:
        if e.key != OTHER:
            if e.key not in self.lru and len(self.lru) >= self.max_keys:
                self._fold_into_other(self.lru.popitem(last=False)[0])
            self.lru[e.key] = None
            self.lru.move_to_end(e.key)
        super()._accept(e)

    def _fold_into_other(self, key: str) -> None:
        self.evicted += 1
        self.totals[OTHER] = self.totals.get(OTHER, 0) + self.totals.pop(key, 0)
        other = self.slots.setdefault(OTHER, {})
        for second, slot in self.slots.pop(key, {}).items():
            target = other.get(second)
            if target is None:
                other[second] = target = Slot(0, self._new_hist())
            target.count += slot.count
            target.hist.merge(slot.hist)
        self._prune(OTHER)

    def tracked_keys(self) -> int:
        return len(self.lru)

    def memory_cells(self) -> int:
        """Slots plus histogram buckets held: the quantity the bounds limit."""
        return sum(1 + len(slot.hist.counts) for per_key in self.slots.values() for slot in per_key.values())
