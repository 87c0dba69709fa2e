"""An iterator class, generators and decorators, in a small data-loading pipeline."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, ParamSpec, TypeVar

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


# ---- 1. An iterator: an object with __next__ (and __iter__ returning itself) ----------


class Batches(Generic[T]):
    """Iterate over a sequence in batches of `size`. Like every iterator it is one-shot:
    once exhausted it stays exhausted."""

    def __init__(self, items: Sequence[T], size: int, drop_last: bool = False) -> None:
        if size < 1:
            raise ValueError("size must be >= 1")
        self._items, self._size, self._drop_last = items, size, drop_last
        self._pos = 0

    def __iter__(self) -> Batches[T]:
        return self

    def __next__(self) -> list[T]:
        remaining = len(self._items) - self._pos
        if remaining <= 0 or (self._drop_last and remaining < self._size):
            raise StopIteration
        batch = list(self._items[self._pos : self._pos + self._size])
        self._pos += len(batch)
        return batch


class Dataset(Generic[T]):
    """An iterable (not an iterator): each `for` loop gets a fresh Batches iterator,
    so you can loop over it once per epoch."""

    def __init__(self, items: Sequence[T], batch_size: int) -> None:
        self.items, self.batch_size = items, batch_size

    def __iter__(self) -> Iterator[list[T]]:
        return Batches(self.items, self.batch_size)


# ---- 2. Generators: functions with `yield`; Python builds the iterator for you --------


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Same batches as Batches, but for any iterable, lazily: it holds one batch at a time.
    A plain function that returns a generator, so the check fails at the call, not at the
    first next() (code in a generator body only runs when iteration starts)."""
    if size < 1:
        raise ValueError("size must be >= 1")
    return _batched(items, size)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def parse_records(lines: Iterable[str]) -> Iterator[tuple[str, float]]:
    """'label,value' lines -> (label, value); skips blank lines and # comments."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        label, value = line.split(",")
        yield label, float(value)


# ---- 3. Decorators: functions that take a function and return a wrapped one ----------


def retry(
    attempts: int = 3,
    exceptions: tuple[type[BaseException], ...] = (OSError,),
    sleep: Callable[[float], None] = time.sleep,
    base_delay: float = 0.1,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator factory: call again on the listed exceptions, waiting base_delay * 2**k
    between tries; re-raise the last error after `attempts` tries."""
    if attempts < 1:
        raise ValueError("attempts must be >= 1")

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)  # keep fn's __name__, __doc__, __wrapped__ for logs and tools
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(attempts):
                try:
                    return fn(*args, **kwargs)
                except exceptions:
                    if attempt == attempts - 1:
                        raise
                    sleep(base_delay * 2**attempt)
            raise AssertionError("unreachable")

        return wrapper

    return decorate


def timed(fn: Callable[P, R]) -> Callable[P, R]:
    """Plain decorator: record each call's wall time (seconds) in wrapper.timings."""
    timings: list[float] = []

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings.append(time.perf_counter() - start)

    wrapper.timings = timings  # type: ignore[attr-defined]
    return wrapper


if __name__ == "__main__":
    print(list(Batches([1, 2, 3, 4, 5], 2)))  # [[1, 2], [3, 4], [5]]
    lines = ["# label,value", "cat,0.9", "", "dog,0.4", "cat,0.7"]
    print(list(batched(parse_records(lines), 2)))  # [[('cat', 0.9), ('dog', 0.4)], [('cat', 0.7)]]

    calls = 0

    @retry(attempts=3, sleep=lambda seconds: None)
    def load_shard(path: str) -> str:
        """Pretend the first two reads hit a flaky network filesystem."""
        global calls
        calls += 1
        if calls < 3:
            raise OSError("transient read error")
        return f"loaded {path}"

    print(load_shard("s3://bucket/shard-0001"), calls, load_shard.__name__)  # loaded ... 3 load_shard
