"""DDP-style gradient bucketing, simulated without a GPU.

Parameters are packed into buckets in REVERSE registration order, because
backward produces the last layer's gradients first. A bucket is all-reduced as
soon as every gradient in it is ready, while backward keeps computing earlier
layers. Buckets are launched strictly in index order: every rank must issue its
collectives in the same order, or the collectives pair up wrongly and hang.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Param:
    name: str
    nbytes: int  # size of its gradient in bytes
    dtype: str = "fp32"  # a bucket is one flat buffer, so it holds one dtype


@dataclass
class Bucket:
    index: int
    dtype: str
    params: list[str] = field(default_factory=list)
    nbytes: int = 0


def build_buckets(params: Sequence[Param], cap_bytes: int, first_cap_bytes: int | None = None) -> list[Bucket]:
    """Greedy packing in reverse registration order, one open bucket per dtype.

    A bucket is closed when adding the next parameter would pass the cap; a
    parameter larger than the cap gets a bucket of its own (never split). The
    first bucket of each dtype may use a smaller cap so the first all-reduce
    starts early (PyTorch DDP uses 1 MiB for it and 25 MiB after).
    """
    if cap_bytes <= 0 or (first_cap_bytes is not None and first_cap_bytes <= 0):
        raise ValueError("bucket caps must be positive")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ValueError("parameter names must be unique")
    buckets: list[Bucket] = []
    open_bucket: dict[str, Bucket] = {}
    closed_per_dtype: dict[str, int] = {}

    def cap_for(dtype: str) -> int:
        first = closed_per_dtype.get(dtype, 0) == 0
        return first_cap_bytes if first and first_cap_bytes is not None else cap_bytes

    def close(dtype: str) -> None:
        buckets.append(open_bucket.pop(dtype))
        closed_per_dtype[dtype] = closed_per_dtype.get(dtype, 0) + 1

    for p in reversed(params):
        if p.nbytes <= 0:
            raise ValueError(f"{p.name}: gradient size must be positive")
        b = open_bucket.get(p.dtype)
        if b is not None and b.params and b.nbytes + p.nbytes > cap_for(p.dtype):
            close(p.dtype)
            b = None
        if b is None:
            b = open_bucket[p.dtype] = Bucket(index=-1, dtype=p.dtype)
        b.params.append(p.name)
        b.nbytes += p.nbytes
    for dtype in list(open_bucket):
        close(dtype)
    for i, b in enumerate(buckets):
        b.index = i
    return buckets


class Reducer:
    """Tracks gradient readiness during one backward pass and launches bucket all-reduces.

    `launch(bucket)` stands in for an asynchronous all-reduce on a
    communication stream. The autograd hook of each parameter calls
    `mark_ready(name)` once its gradient is accumulated.
    """

    def __init__(self, buckets: list[Bucket], launch: Callable[[Bucket], None], find_unused: bool = False) -> None:
        self.buckets = buckets
        self._launch = launch
        self.find_unused = find_unused
        self._bucket_of = {name: b.index for b in buckets for name in b.params}
        self._pending: list[set[str]] = []
        self._next = 0  # the only bucket allowed to launch next
        self._in_backward = False

    def begin_backward(self, unused: Sequence[str] = ()) -> None:
        """Start a pass. `unused`: parameters the forward pass did not touch."""
        if self._in_backward:
            raise RuntimeError("previous backward pass did not finish its reduction")
        self._pending = [set(b.params) for b in self.buckets]
        self._next = 0
        self._in_backward = True
        if self.find_unused:
            # their gradients are zero and no hook will ever fire for them
            for name in unused:
                self.mark_ready(name)

    def mark_ready(self, name: str) -> None:
        if not self._in_backward:
            raise RuntimeError("mark_ready outside a backward pass")
        i = self._bucket_of[name]  # KeyError: not a parameter we manage
        if name not in self._pending[i]:
            raise RuntimeError(f"{name} marked ready twice in one backward pass")
        self._pending[i].discard(name)
        # launch every complete bucket whose turn it is, in index order
        while self._next < len(self.buckets) and not self._pending[self._next]:
            self._launch(self.buckets[self._next])
            self._next += 1

    def finish_backward(self) -> None:
        """Called when autograd is done; every bucket must have launched.

        On failure the pass stays open, so the next begin_backward fails too,
        as DDP's next forward does ("finish reduction in the prior iteration").
        """
        if self._next < len(self.buckets):
            missing = sorted(n for s in self._pending for n in s)
            raise RuntimeError(
                "expected every bucket to be reduced, but these parameters never got a "
                f"gradient: {missing}; pass find_unused=True if the forward pass can skip them"
            )
        self._in_backward = False


def simulate_overlap(
    params: Sequence[Param],
    grad_ready_at: dict[str, float],
    cap_bytes: int,
    latency_s: float,
    bandwidth_bytes_per_s: float,
) -> float:
    """Time at which the last all-reduce ends, with one communication stream.

    Bucket k starts when it is launched (all its gradients ready and bucket k-1
    launched) and the stream is free; it takes latency + bytes / bandwidth.
    """
    buckets = build_buckets(params, cap_bytes)
    stream_free, launched_at = 0.0, 0.0
    for b in buckets:
        launched_at = max(launched_at, max(grad_ready_at[n] for n in b.params))
        start = max(launched_at, stream_free)
        stream_free = start + latency_s + b.nbytes / bandwidth_bytes_per_s
    return stream_free
