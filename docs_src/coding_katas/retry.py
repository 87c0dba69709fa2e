"""Retry a call with exponential backoff and jitter.

Sleep, randomness and the clock are parameters, so a test can run a whole
retry schedule instantly and check every delay.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

T = TypeVar("T")


class RetryError(Exception):
    """Gave up: attempts or the deadline ran out. `__cause__` is the last error."""

    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5  # total calls, including the first
    base_delay: float = 0.1  # seconds
    max_delay: float = 10.0  # cap on any single sleep
    jitter: Literal["full", "decorrelated", "none"] = "full"
    retry_on: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)
    deadline: float | None = None  # seconds for all attempts and sleeps together

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_delay <= 0 or self.max_delay < self.base_delay:
            raise ValueError("need max_attempts >= 1 and 0 < base_delay <= max_delay")

    def next_delay(self, retry: int, previous: float, uniform: Callable[[float, float], float]) -> float:
        """Delay before retry number `retry` (0 for the first retry)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0**retry)
        if self.jitter == "none":
            return ceiling
        if self.jitter == "full":  # anywhere in [0, exponential ceiling]
            return uniform(0.0, ceiling)
        # decorrelated: grows from the previous delay, never below base
        return min(self.max_delay, uniform(self.base_delay, max(self.base_delay, previous * 3)))


def call_with_retry(
    fn: Callable[[], T],
    policy: RetryPolicy = RetryPolicy(),
    *,
    sleep: Callable[[float], None] = time.sleep,
    uniform: Callable[[float, float], float] = random.uniform,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    start = clock()
    previous = policy.base_delay
    for attempt in range(1, policy.max_attempts + 1):
        try:
            return fn()
        except policy.retry_on as err:  # anything else propagates at once
            if attempt == policy.max_attempts:
                raise RetryError(f"failed after {attempt} attempts", attempt) from err
            delay = policy.next_delay(attempt - 1, previous, uniform)
            if policy.deadline is not None and clock() + delay - start > policy.deadline:
                raise RetryError(
                    f"deadline of {policy.deadline}s would pass before attempt {attempt + 1}", attempt
                ) from err
            previous = delay
            sleep(delay)
    raise AssertionError("unreachable")  # the loop always returns or raises
