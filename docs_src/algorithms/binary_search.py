"""Binary search with a half-open interval [lo, hi): the form with the fewest off-by-ones.

Invariant for lower_bound: every index < lo holds a value < x, every index >= hi holds a
value >= x. The loop shrinks [lo, hi) until it is empty; then lo == hi is the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar


class Ordered(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


T = TypeVar("T", bound=Ordered)


def lower_bound(a: Sequence[T], x: T, lo: int = 0, hi: int | None = None) -> int:
    """First index i in [lo, hi) with a[i] >= x, or hi if there is none (like bisect_left)."""
    if hi is None:
        hi = len(a)
    while lo < hi:
        mid = lo + (hi - lo) // 2  # in C/Java with int indices, (lo + hi) / 2 can overflow
        if a[mid] < x:
            lo = mid + 1  # a[mid] < x, so the answer is to the right of mid
        else:
            hi = mid  # a[mid] >= x, so mid itself may be the answer
    return lo


def upper_bound(a: Sequence[T], x: T, lo: int = 0, hi: int | None = None) -> int:
    """First index i in [lo, hi) with a[i] > x, or hi if there is none (like bisect_right)."""
    if hi is None:
        hi = len(a)
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def index_of(a: Sequence[T], x: T) -> int:
    """Index of the first occurrence of x in sorted a, or -1."""
    i = lower_bound(a, x)
    return i if i < len(a) and not (x < a[i]) else -1


def count(a: Sequence[T], x: T) -> int:
    return upper_bound(a, x) - lower_bound(a, x)


def first_true(lo: int, hi: int, pred: Callable[[int], bool]) -> int:
    """Smallest i in [lo, hi) with pred(i) true, or hi; pred must be false...false true...true."""
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


if __name__ == "__main__":
    a = [1, 3, 3, 3, 7, 9]
    print(lower_bound(a, 3), upper_bound(a, 3), count(a, 3), index_of(a, 4))  # 1 4 3 -1

    # Search on the answer: the largest batch size whose (toy) memory estimate fits 80 GB.
    def fits(batch: int) -> bool:
        return 20.0 + 0.35 * batch <= 80.0  # GB: weights and optimiser state + activations

    print(first_true(1, 1025, lambda b: not fits(b)) - 1)  # 171
