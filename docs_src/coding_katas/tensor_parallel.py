"""Tensor-parallel matmuls over N simulated devices, checked against the unsplit math.

A "device" is an index into Python lists of NumPy arrays. Collectives are plain
functions that build every device's result from copies (as if over a wire) and
log what they moved, so a test can count communication as well as check values.

Column parallel: W = [W_0 | W_1 | ...]; device r computes X @ W_r, an all-gather
rebuilds Y. Row parallel: W stacked by rows, X split by columns to match;
device r computes a partial sum X_r @ W_r, an all-reduce adds them.
Megatron's MLP chains column then row so the activation stays local and only
one all-reduce is needed in forward and one in backward.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class CommLog:
    """What the collectives moved: (name, elements of the full result) in call order."""

    calls: list[tuple[str, int]] = field(default_factory=list)

    def ring_elements_sent_per_device(self, n: int) -> float:
        """Elements each device sends if every collective runs as a ring."""
        per_op = {"all_gather": (n - 1) / n, "all_reduce": 2 * (n - 1) / n}
        return sum(per_op[name] * size for name, size in self.calls)


def split(a: np.ndarray, n: int, axis: int) -> list[np.ndarray]:
    """n contiguous shards along `axis`; sizes differ by at most one (a shard may be empty)."""
    if n < 1:
        raise ValueError("need at least one device")
    return [s.copy() for s in np.array_split(a, n, axis=axis)]


def all_gather(shards: list[np.ndarray], axis: int, log: CommLog) -> list[np.ndarray]:
    """Every device ends with the shards concatenated in rank order (its own copy)."""
    full = np.concatenate(shards, axis=axis)
    log.calls.append(("all_gather", full.size))
    return [full.copy() for _ in shards]


def all_reduce(partials: list[np.ndarray], log: CommLog) -> list[np.ndarray]:
    """Every device ends with the sum, added in rank order so all replicas agree bit for bit."""
    total = partials[0].copy()
    for p in partials[1:]:
        total = total + p
    log.calls.append(("all_reduce", total.size))
    return [total.copy() for _ in partials]


def column_parallel(x: np.ndarray, w: np.ndarray, n: int, log: CommLog) -> list[np.ndarray]:
    w_shards = split(w, n, axis=1)  # device r owns output columns r
    local = [x @ w_r for w_r in w_shards]  # no communication: X is replicated
    return all_gather(local, axis=1, log=log)


def row_parallel(x: np.ndarray, w: np.ndarray, n: int, log: CommLog) -> list[np.ndarray]:
    w_shards = split(w, n, axis=0)  # device r owns input rows r of W ...
    x_shards = split(x, n, axis=1)  # ... and the matching input columns of X
    partials = [x_r @ w_r for x_r, w_r in zip(x_shards, w_shards)]
    return all_reduce(partials, log)


# ---- the Megatron MLP: column-parallel W1, local activation, row-parallel W2 ----------

_C = np.sqrt(2.0 / np.pi)


def gelu(z: np.ndarray) -> np.ndarray:
    """The tanh approximation of GELU, elementwise."""
    return 0.5 * z * (1.0 + np.tanh(_C * (z + 0.044715 * z**3)))


def gelu_grad(z: np.ndarray) -> np.ndarray:
    t = np.tanh(_C * (z + 0.044715 * z**3))
    return 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t**2) * _C * (1.0 + 3 * 0.044715 * z**2)


def mlp_reference(x, w1, w2, dz):
    """Unsplit forward and backward: z = gelu(x @ w1) @ w2, with dL/dz = dz."""
    a = x @ w1
    h = gelu(a)
    z = h @ w2
    dh = dz @ w2.T
    da = dh * gelu_grad(a)
    return z, da @ w1.T, x.T @ da, h.T @ dz  # z, dx, dw1, dw2


@dataclass
class MlpResult:
    z: list[np.ndarray]  # output on every device (replicated)
    dx: list[np.ndarray]  # input gradient on every device (replicated)
    dw1: list[np.ndarray]  # device r: gradient of its column shard of W1
    dw2: list[np.ndarray]  # device r: gradient of its row shard of W2
    log: CommLog


def megatron_mlp(x, w1, w2, dz, n: int) -> MlpResult:
    """Forward and backward of the MLP with W1 split by columns and W2 by rows.

    The hidden dimension is split the same way for both weights, so device r's
    slice of the hidden activation feeds its own rows of W2: no collective
    between the two matmuls. Exactly one all-reduce in forward (the output)
    and one in backward (the input gradient).
    """
    if w1.shape[1] != w2.shape[0]:
        raise ValueError("W1's output width must equal W2's input height")
    log = CommLog()
    w1_shards = split(w1, n, axis=1)
    w2_shards = split(w2, n, axis=0)  # same hidden-dimension cut as w1's columns
    # forward: x is replicated (Megatron's "f" is the identity in forward)
    a = [x @ w1_r for w1_r in w1_shards]
    h = [gelu(a_r) for a_r in a]  # elementwise, so it is correct on a column shard
    z = all_reduce([h_r @ w2_r for h_r, w2_r in zip(h, w2_shards)], log)  # "g": sum
    # backward: dz is replicated ("g" is the identity in backward)
    dh = [dz @ w2_r.T for w2_r in w2_shards]
    da = [dh_r * gelu_grad(a_r) for dh_r, a_r in zip(dh, a)]
    dw1 = [x.T @ da_r for da_r in da]  # local: no communication for weight gradients
    dw2 = [h_r.T @ dz for h_r in h]
    dx = all_reduce([da_r @ w1_r.T for da_r, w1_r in zip(da, w1_shards)], log)  # "f": sum
    return MlpResult(z, dx, dw1, dw2, log)


def row_then_column_mlp(x, w1, w2, n: int) -> tuple[list[np.ndarray], CommLog]:
    """The other pairing: W1 by rows, W2 by columns. GELU is not additive, so the
    partial sums must be all-reduced BEFORE the activation, and the output needs
    an all-gather: two collectives in forward instead of one."""
    log = CommLog()
    a = row_parallel(x, w1, n, log)  # all-reduce, then every device holds the full a
    h = gelu(a[0])
    return column_parallel(h, w2, n, log), log
