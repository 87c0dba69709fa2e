"""Stage 2: events arrive out of order; a watermark decides what is final.

The watermark trails the newest timestamp seen by the allowed lateness:
watermark = max_ts - lateness. An event at or after the watermark is
accepted into its own second's slot, however old; an event before it is late,
counted and dropped. A second is closed once the watermark passes its end,
and no accepted event can ever change a closed second, so "stable" queries,
which end at the last closed second, never change their answer afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from docs_src.coding_platform.metrics_stage1_window import Event, WindowAggregator


@dataclass
class WatermarkAggregator(WindowAggregator):
    lateness: float = 5.0  # seconds an event may trail the newest one
    max_ts: float = -math.inf
    late: dict[str, int] = field(default_factory=dict)

    @property
    def watermark(self) -> float:
        return self.max_ts - self.lateness

    def add(self, event: Event) -> bool:
        if event.ts < self.watermark:
            self.late[event.key] = self.late.get(event.key, 0) + 1
            return False  # in production: a side output, not silence
        self.max_ts = max(self.max_ts, event.ts)
        self._accept(event)
        return True

    def _newest_second(self) -> int:
        return math.floor(self.max_ts)

    def _retention(self) -> int:
        # stable windows end up to ceil(lateness) + 1 seconds behind the newest event
        return self.window + math.ceil(self.lateness) + 1

    def closed_second(self) -> int:
        """The last second whose end the watermark has passed: s + 1 <= watermark."""
        if self.max_ts == -math.inf:
            raise ValueError("no events yet")
        return math.floor(self.watermark) - 1

    def stable_rate(self, key: str) -> float:
        return self.rate(key, self.closed_second())

    def stable_quantile(self, key: str, q: float) -> float:
        return self.quantile(key, q, self.closed_second())
