"""A retrying client with an overall deadline, full jitter and a shared retry budget.

One call gets a deadline. Each attempt's timeout is the smaller of the
per-attempt cap and what is left of the deadline, so the last attempt shrinks
instead of overrunning. A retry happens only if the error is transient, the
request is idempotent or provably was not applied, the sleep and a minimal
attempt still fit before the deadline, and the client-wide budget has a token.
Clock, sleep and randomness are injected so tests run a whole schedule at once.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

T = TypeVar("T")
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class CallError(Exception):
    """A failed attempt, as the transport reports it."""

    def __init__(
        self, status: int, applied: Literal["no", "maybe"] = "maybe", retry_after: float | None = None
    ) -> None:
        super().__init__(f"status {status}")
        self.status = status
        self.applied = applied  # "no": the server provably did not act on the request
        self.retry_after = retry_after  # seconds, from a Retry-After header


class AttemptTimeout(CallError):
    """The attempt ran out of time; the server may still have applied it."""

    def __init__(self) -> None:
        super().__init__(504, applied="maybe")


class ConnectFailed(CallError):
    """The connection was refused: nothing reached the server."""

    def __init__(self) -> None:
        super().__init__(503, applied="no")


class GaveUp(Exception):
    """No more attempts; `__cause__` is the last error and `attempts` the history."""

    def __init__(self, reason: str, attempts: list[Attempt]) -> None:
        super().__init__(f"{reason} after {len(attempts)} attempt(s)")
        self.reason = reason
        self.attempts = attempts


@dataclass(frozen=True)
class Attempt:
    started_at: float
    timeout: float
    error: CallError | None = None


@dataclass(frozen=True)
class Request(Generic[T]):
    payload: T
    idempotent: bool


@dataclass(frozen=True)
class Policy:
    deadline: float = 2.0  # seconds for the whole call, sleeps included
    attempt_timeout: float = 0.5  # cap on one attempt
    min_attempt: float = 0.05  # never start an attempt with less time than this
    base_delay: float = 0.05
    max_delay: float = 1.0
    max_attempts: int = 4

    def __post_init__(self) -> None:
        if not (0 < self.min_attempt <= self.attempt_timeout <= self.deadline):
            raise ValueError("need 0 < min_attempt <= attempt_timeout <= deadline")
        if self.max_attempts < 1 or not 0 < self.base_delay <= self.max_delay:
            raise ValueError("need max_attempts >= 1 and 0 < base_delay <= max_delay")


@dataclass
class RetryBudget:
    """Every call deposits `ratio` tokens (capped); every retry spends one.

    Over any run, retries <= initial + ratio * calls, so when a dependency is
    down the extra load from retries stays a fixed fraction of real traffic.
    """

    ratio: float = 0.1
    max_tokens: float = 10.0
    tokens: float = 10.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def deposit(self) -> None:
        with self._lock:
            self.tokens = min(self.max_tokens, self.tokens + self.ratio)

    def try_withdraw(self) -> bool:
        with self._lock:
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


class DeadlineClient:
    def __init__(
        self,
        send: Callable[[object, float], object],  # send(payload, timeout_s) -> response
        policy: Policy = Policy(),
        budget: RetryBudget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        uniform: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self._send = send
        self.policy = policy
        self.budget = budget if budget is not None else RetryBudget()
        self._clock, self._sleep, self._uniform = clock, sleep, uniform

    def call(self, request: Request) -> object:
        p = self.policy
        deadline = self._clock() + p.deadline
        self.budget.deposit()
        attempts: list[Attempt] = []
        for n in range(1, p.max_attempts + 1):
            now = self._clock()
            remaining = deadline - now
            if remaining < p.min_attempt:
                raise GaveUp("deadline", attempts) from (attempts[-1].error if attempts else None)
            timeout = min(p.attempt_timeout, remaining)  # shrinks to what is left
            try:
                return self._send(request.payload, timeout)  # timeout travels downstream
            except CallError as err:
                attempts.append(Attempt(now, timeout, err))
                if not self._may_retry(err, request):
                    raise  # a bug, a 4xx, or a write that may have happened: surface it
                if n == p.max_attempts:
                    raise GaveUp("attempts", attempts) from err
                delay = self._uniform(0.0, min(p.max_delay, p.base_delay * 2 ** (n - 1)))
                if err.retry_after is not None:
                    delay = max(delay, err.retry_after)  # the server knows best
                if self._clock() + delay + p.min_attempt > deadline:
                    raise GaveUp("deadline", attempts) from err  # do not sleep just to fail
                if not self.budget.try_withdraw():
                    raise GaveUp("retry budget", attempts) from err
                self._sleep(delay)
        raise AssertionError("unreachable")

    @staticmethod
    def _may_retry(err: CallError, request: Request) -> bool:
        if err.status not in RETRYABLE_STATUS:
            return False
        return request.idempotent or err.applied == "no"
