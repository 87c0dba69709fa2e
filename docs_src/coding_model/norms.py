"""LayerNorm and RMSNorm forward passes over the last axis, in NumPy.

LayerNorm:  y = (x - mean(x)) / sqrt(var(x) + eps) * gamma + beta
RMSNorm:    y = x / sqrt(mean(x**2) + eps) * gamma

Both put eps inside the square root (as PyTorch's LayerNorm and Llama's RMSNorm
do), use the biased variance (divide by d, not d - 1), and compute in at least
float32 because the sum of squares of float16 activations overflows above ~256.
"""

from __future__ import annotations

import numpy as np


def _upcast(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        return x.astype(np.float64)
    return x.astype(np.promote_types(x.dtype, np.float32))


def _out_dtype(x: np.ndarray) -> np.dtype:
    x = np.asarray(x)
    return x.dtype if np.issubdtype(x.dtype, np.floating) else np.dtype(np.float64)


def layer_norm(
    x: np.ndarray, gamma: np.ndarray | None = None, beta: np.ndarray | None = None, eps: float = 1e-5
) -> np.ndarray:
    xf = _upcast(x)
    mean = xf.mean(axis=-1, keepdims=True)
    centred = xf - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)  # two-pass: no cancellation
    y = centred / np.sqrt(var + eps)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    return y.astype(_out_dtype(x))


def rms_norm(x: np.ndarray, gamma: np.ndarray | None = None, eps: float = 1e-6) -> np.ndarray:
    xf = _upcast(x)
    mean_square = np.mean(xf * xf, axis=-1, keepdims=True)
    y = xf / np.sqrt(mean_square + eps)
    if gamma is not None:
        y = y * gamma
    return y.astype(_out_dtype(x))


def layer_norm_one_pass(x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """The tempting single-pass version, var = E[x^2] - E[x]^2, kept to show its failure:
    when |mean| >> std the two terms are nearly equal and their difference is noise."""
    x = np.asarray(x)
    mean = x.mean(axis=-1, keepdims=True)
    var = np.maximum((x * x).mean(axis=-1, keepdims=True) - mean * mean, 0)
    return (x - mean) / np.sqrt(var + eps)
