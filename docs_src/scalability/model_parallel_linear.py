"""A linear layer Y = X @ W split across two simulated GPUs.

Each device is a thread with its own copy of its data. Devices share nothing: they
talk only through two one-way Channels (0 -> 1 and 1 -> 0), which behave like a
blocking send/recv pair. Two layouts:

* column-parallel: device r owns W[:, cols_r]. Forward: local GEMM, then an
  all-gather of the output columns. Backward: dW_r is local; dX needs an
  all-reduce (sum) of each device's partial product.
* row-parallel: device r owns X[:, rows_r] and W[rows_r, :]. Forward: an
  all-reduce of the partial outputs. Backward: dW_r and dX_r are local; an
  all-gather rebuilds the full dX.

Every collective here is one exchange: send my block to the peer, receive the
peer's block. With rendezvous channels (capacity 0) a send blocks until the peer
receives, so if both devices send first, both wait forever: a deadlock. Two
fixes are shown: order the calls by rank (rank 0 sends then receives, rank 1
receives then sends), or give the channel a buffer (capacity >= 1), which is what
a non-blocking isend into a preallocated buffer does. Every wait has a timeout,
so a deadlock surfaces as DeadlockError instead of a hung process.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Matrix = list[list[Any]]  # row-major; ints, floats or Fractions
Mode = Literal["column", "row"]
Order = Literal["rank-ordered", "send-first"]


class DeadlockError(RuntimeError):
    """A send or receive waited longer than the channel's timeout."""


class ProtocolError(RuntimeError):
    """A device received a message for a different collective than the one it is in."""


class Channel:
    """A one-way link. capacity=0: send blocks until the receiver has taken the message
    (rendezvous, like a synchronous send). capacity=k > 0: up to k messages wait in a
    buffer and send returns at once while there is room."""

    def __init__(self, name: str, capacity: int = 0, timeout: float = 2.0) -> None:
        if capacity < 0 or timeout <= 0:
            raise ValueError("capacity must be >= 0 and timeout > 0")
        self.name, self.capacity, self.timeout = name, capacity, timeout
        self._items: deque[Any] = deque()
        self._sent = 0  # messages ever put in
        self._taken = 0  # messages ever taken out
        self._cond = threading.Condition()

    def send(self, message: Any) -> None:
        with self._cond:
            if self.capacity and not self._cond.wait_for(lambda: len(self._items) < self.capacity, self.timeout):
                raise DeadlockError(f"{self.name}: send found the buffer full for {self.timeout}s")
            self._items.append(message)
            self._sent += 1
            ticket = self._sent
            self._cond.notify_all()
            if self.capacity == 0 and not self._cond.wait_for(lambda: self._taken >= ticket, self.timeout):
                raise DeadlockError(f"{self.name}: no matching recv within {self.timeout}s")

    def recv(self) -> Any:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._items) > 0, self.timeout):
                raise DeadlockError(f"{self.name}: no message within {self.timeout}s")
            message = self._items.popleft()
            self._taken += 1
            self._cond.notify_all()
            return message


# ---- plain matrix helpers (lists of rows) -------------------------------------------


def matmul(a: Matrix, b: Matrix) -> Matrix:
    inner = len(b)
    if any(len(row) != inner for row in a):
        raise ValueError("inner dimensions differ")
    cols = len(b[0]) if b else 0
    return [[sum(row[k] * b[k][j] for k in range(inner)) for j in range(cols)] for row in a]


def transpose(a: Matrix) -> Matrix:
    return [list(col) for col in zip(*a)]


def add(a: Matrix, b: Matrix) -> Matrix:
    return [[p + q for p, q in zip(ra, rb)] for ra, rb in zip(a, b)]


def hconcat(parts: list[Matrix]) -> Matrix:
    return [sum((part[i] for part in parts), []) for i in range(len(parts[0]))]


def vconcat(parts: list[Matrix]) -> Matrix:
    return [list(row) for part in parts for row in part]


def copy(a: Matrix) -> Matrix:
    return [list(row) for row in a]


def halves(n: int) -> list[tuple[int, int]]:
    """Index ranges of the two shards of a dimension of size n (first gets the extra one)."""
    mid = (n + 1) // 2
    return [(0, mid), (mid, n)]


# ---- the single-device reference ------------------------------------------------------


def linear_forward(x: Matrix, w: Matrix) -> Matrix:
    """Y = X @ W with X of shape [batch, d_in] and W of shape [d_in, d_out]."""
    return matmul(x, w)


def linear_backward(x: Matrix, w: Matrix, grad_y: Matrix) -> tuple[Matrix, Matrix]:
    """(dL/dX, dL/dW) = (dY @ W^T, X^T @ dY)."""
    return matmul(grad_y, transpose(w)), matmul(transpose(x), grad_y)


# ---- communication ----------------------------------------------------------------------


@dataclass
class Link:
    """What one device sees: its rank, its two channels and the shared trace."""

    rank: int
    outbox: Channel
    inbox: Channel
    order: Order
    trace: list[tuple[int, str]]
    lock: threading.Lock

    def note(self, event: str) -> None:
        with self.lock:
            self.trace.append((self.rank, event))

    def exchange(self, tag: str, block: Matrix) -> Matrix:
        """Send my block to the peer and return the peer's block. A synchronization point."""
        message = (tag, copy(block))  # the peer gets its own copy, as over a wire
        if self.order == "rank-ordered" and self.rank == 1:
            received = self.inbox.recv()
            self.outbox.send(message)
        else:  # rank 0 always sends first; with "send-first" so does rank 1
            self.outbox.send(message)
            received = self.inbox.recv()
        peer_tag, peer_block = received
        if peer_tag != tag:
            raise ProtocolError(f"rank {self.rank} is in {tag!r} but received {peer_tag!r}")
        self.note(tag)
        return peer_block

    def all_gather(self, tag: str, block: Matrix) -> list[Matrix]:
        """[block of rank 0, block of rank 1] on both devices."""
        other = self.exchange(tag, block)
        return [block, other] if self.rank == 0 else [other, block]

    def all_reduce(self, tag: str, block: Matrix) -> Matrix:
        """Element-wise sum, always added in rank order so both devices get identical bits."""
        first, second = self.all_gather(tag, block)
        return add(first, second)


# ---- the two layouts, as each device runs them ------------------------------------------


def _column_device(link: Link, x: Matrix, w: Matrix, grad_y: Matrix) -> dict[str, Matrix]:
    lo, hi = halves(len(w[0]))[link.rank]
    w_shard = [row[lo:hi] for row in w]  # this device's columns of W
    # forward: Y_r = X @ W_r is local; the all-gather assembles Y on both devices
    y = hconcat(link.all_gather("forward all-gather Y", matmul(x, w_shard)))
    # backward: dY is replicated; each device uses its own columns of it
    grad_y_shard = [row[lo:hi] for row in grad_y]
    grad_w_shard = matmul(transpose(x), grad_y_shard)  # local, no communication
    partial = matmul(grad_y_shard, transpose(w_shard))  # my share of dX
    grad_x = link.all_reduce("backward all-reduce dX", partial)
    return {"y": y, "grad_x": grad_x, "grad_w": grad_w_shard}


def _row_device(link: Link, x: Matrix, w: Matrix, grad_y: Matrix) -> dict[str, Matrix]:
    lo, hi = halves(len(w))[link.rank]
    x_shard = [row[lo:hi] for row in x]  # this device's input features
    w_shard = w[lo:hi]  # and the matching rows of W
    # forward: X_r @ W_r is a partial sum of Y; the all-reduce completes it
    y = link.all_reduce("forward all-reduce Y", matmul(x_shard, w_shard))
    # backward: both gradients are local; an all-gather rebuilds the full dX
    grad_w_shard = matmul(transpose(x_shard), grad_y)
    grad_x = hconcat(link.all_gather("backward all-gather dX", matmul(grad_y, transpose(w_shard))))
    return {"y": y, "grad_x": grad_x, "grad_w": grad_w_shard}


@dataclass
class ParallelResult:
    y: list[Matrix]  # the output as each device holds it
    grad_x: list[Matrix]  # dL/dX on each device
    grad_w: Matrix  # the two shards of dL/dW put back together
    trace: list[tuple[int, str]] = field(default_factory=list)  # (rank, collective), in completion order


def _check_shapes(mode: Mode, x: Matrix, w: Matrix, grad_y: Matrix) -> None:
    if not x or not w or not x[0] or not w[0]:
        raise ValueError("X and W must be non-empty")
    if any(len(row) != len(w) for row in x) or any(len(row) != len(w[0]) for row in w):
        raise ValueError("X must be [batch, d_in] and W [d_in, d_out]")
    if len(grad_y) != len(x) or any(len(row) != len(w[0]) for row in grad_y):
        raise ValueError("dY must have the shape of Y: [batch, d_out]")
    split = len(w[0]) if mode == "column" else len(w)
    if split < 2:
        raise ValueError(f"a {mode}-parallel split over 2 devices needs that dimension >= 2")


def run_two_devices(
    mode: Mode,
    x: Matrix,
    w: Matrix,
    grad_y: Matrix,
    *,
    order: Order = "rank-ordered",
    capacity: int = 0,
    timeout: float = 2.0,
) -> ParallelResult:
    """Run forward and backward of Y = X @ W split over two device threads.

    Raises DeadlockError if the devices block each other (for example order="send-first"
    with capacity=0); returns within about two timeouts in every case.
    """
    if mode not in ("column", "row") or order not in ("rank-ordered", "send-first"):
        raise ValueError("mode is 'column' or 'row'; order is 'rank-ordered' or 'send-first'")
    _check_shapes(mode, x, w, grad_y)
    to_1, to_0 = Channel("0->1", capacity, timeout), Channel("1->0", capacity, timeout)
    trace: list[tuple[int, str]] = []
    lock = threading.Lock()
    links = [Link(0, to_1, to_0, order, trace, lock), Link(1, to_0, to_1, order, trace, lock)]
    device: Callable[..., dict[str, Matrix]] = _column_device if mode == "column" else _row_device
    results: list[dict[str, Matrix] | None] = [None, None]
    errors: list[BaseException] = []

    def run(rank: int) -> None:
        try:  # each device gets private copies of its inputs
            results[rank] = device(links[rank], copy(x), copy(w), copy(grad_y))
        except BaseException as exc:  # reported to the caller below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(rank,), daemon=True) for rank in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=4 * timeout)  # every blocking call times out first
    if any(thread.is_alive() for thread in threads):
        raise DeadlockError("a device thread is still running")
    if errors:
        raise next((e for e in errors if isinstance(e, DeadlockError)), errors[0])
    r0, r1 = results
    assert r0 is not None and r1 is not None
    shards = [r0["grad_w"], r1["grad_w"]]
    grad_w = hconcat(shards) if mode == "column" else vconcat(shards)
    return ParallelResult([r0["y"], r1["y"]], [r0["grad_x"], r1["grad_x"]], grad_w, trace)


if __name__ == "__main__":
    X = [[1, 2, 3], [4, 5, 6]]
    W = [[1, 0, 2, -1], [0, 1, 1, 1], [3, -2, 0, 1]]
    dY = [[1, 1, 0, 2], [0, -1, 1, 1]]
    for layout in ("column", "row"):
        out = run_two_devices(layout, X, W, dY)
        ref_dx, ref_dw = linear_backward(X, W, dY)
        same = out.y[0] == linear_forward(X, W) and out.grad_x[1] == ref_dx and out.grad_w == ref_dw
        print(layout, "matches single device:", same, "| sync points:", sorted(set(e for _, e in out.trace)))
    try:
        run_two_devices("column", X, W, dY, order="send-first", capacity=0, timeout=0.2)
    except DeadlockError as exc:
        print("send-first with rendezvous channels:", exc)
