"""Numerically stable softmax, log-softmax and log-sum-exp in NumPy.

The trick is one identity: softmax(x) == softmax(x - c) for any constant c per row.
Choosing c = max(x) makes every exponent <= 0, so exp() lands in (0, 1] and can
neither overflow nor turn the whole row into 0 / 0. The same shift gives
logsumexp(x) = m + log(sum(exp(x - m))).

Conventions:
- float16 (and bfloat16-like) inputs are computed in float32 and returned in the
  input dtype, as GPU kernels accumulate in fp32; integer inputs become float64.
- A row that is entirely -inf (every position masked) has softmax 0 everywhere and
  logsumexp -inf, instead of NaN. Attention uses this for fully padded query rows.
- NaN and +inf logits are invalid input and give NaN.
"""

from __future__ import annotations

import numpy as np


def _compute_dtype(x: np.ndarray) -> np.dtype:
    if not np.issubdtype(x.dtype, np.floating):
        return np.dtype(np.float64)
    return np.promote_types(x.dtype, np.float32)  # float16 -> float32, float64 stays


def _shifted(x: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (x - m, m) with m the row max, using 0 as the shift for all -inf rows."""
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isneginf(m), 0.0, m).astype(x.dtype)  # -inf - -inf would be NaN
    with np.errstate(over="ignore"):  # x - m <= 0; overflow only ever gives -inf
        return x - m, m


def naive_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """The textbook formula. Overflows for logits above ~88.7 (float32), ~11.1 (float16)."""
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    x = np.asarray(x)
    z, _ = _shifted(x.astype(_compute_dtype(x)), axis)
    e = np.exp(z)  # every entry in [0, 1]; the max entry of a row is exactly 1
    s = e.sum(axis=axis, keepdims=True)  # >= 1 unless the row was all -inf
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(s == 0, 0.0, e / s)
    return p.astype(x.dtype if np.issubdtype(x.dtype, np.floating) else p.dtype)


def logsumexp(x: np.ndarray, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    x = np.asarray(x)
    z, m = _shifted(x.astype(_compute_dtype(x)), axis)
    s = np.exp(z).sum(axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):  # log(0) = -inf for an all -inf row: wanted
        out = m + np.log(s)
    if not keepdims:
        out = np.squeeze(out, axis=axis)
    return out.astype(x.dtype if np.issubdtype(x.dtype, np.floating) else out.dtype)


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """x - logsumexp(x): exact in log space, no log(0) for tiny probabilities."""
    x = np.asarray(x)
    xc = x.astype(_compute_dtype(x))
    lse = logsumexp(xc, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore"):
        out = np.where(np.isneginf(lse), -np.inf, xc - lse)
    return out.astype(x.dtype if np.issubdtype(x.dtype, np.floating) else out.dtype)
