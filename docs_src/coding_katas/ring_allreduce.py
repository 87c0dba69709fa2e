"""Ring all-reduce, simulated step by step over N workers in one process.

Each worker's buffer is cut into N chunks. Reduce-scatter (N - 1 steps): every
worker sends one chunk to its right neighbour, which adds it to its own copy;
afterwards worker i holds the complete sum of chunk (i + 1) mod N. All-gather
(N - 1 steps): the complete chunks travel round the ring once more and are
copied, not added. Every worker ends with the element-wise sum (or mean).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Number = int | float


@dataclass(frozen=True)
class RingResult:
    outputs: list[list[Number]]  # one reduced buffer per worker
    sent: list[int]  # elements each worker sent
    steps: int  # communication steps (2 * (N - 1))


def chunk_bounds(length: int, n: int) -> list[tuple[int, int]]:
    """Split range(length) into n contiguous chunks whose sizes differ by at most 1."""
    base, extra = divmod(length, n)
    bounds, start = [], 0
    for c in range(n):
        end = start + base + (1 if c < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds


def ring_allreduce(buffers: Sequence[Sequence[Number]], op: Literal["sum", "mean"] = "sum") -> RingResult:
    n = len(buffers)
    if n == 0:
        raise ValueError("need at least one worker")
    length = len(buffers[0])
    if any(len(b) != length for b in buffers):
        raise ValueError("all workers must hold buffers of the same length")
    data = [list(b) for b in buffers]  # never modify the caller's buffers
    bounds = chunk_bounds(length, n)
    sent = [0] * n

    def step(chunk_of: list[int], reduce: bool) -> None:
        # All workers send at once: build every message of the step (a copy, as on
        # the wire), then deliver. Worker i sends chunk chunk_of[i] to worker i + 1.
        messages = []
        for src in range(n):
            lo, hi = bounds[chunk_of[src]]
            messages.append(((src + 1) % n, chunk_of[src], data[src][lo:hi]))
            sent[src] += hi - lo
        for dst, c, values in messages:
            lo, _ = bounds[c]
            for k, v in enumerate(values):
                data[dst][lo + k] = data[dst][lo + k] + v if reduce else v

    for s in range(n - 1):  # reduce-scatter: worker i sends chunk (i - s) mod n
        step([(i - s) % n for i in range(n)], reduce=True)
    for s in range(n - 1):  # all-gather: worker i sends its complete chunk (i + 1 - s) mod n
        step([(i + 1 - s) % n for i in range(n)], reduce=False)

    if op == "mean":
        data = [[v / n for v in row] for row in data]
    return RingResult(data, sent, 2 * (n - 1))
