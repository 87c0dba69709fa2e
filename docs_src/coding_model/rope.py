"""Rotary position embeddings (RoPE) in NumPy.

Each head vector of even size d is read as d/2 pairs; pair i at position p is
rotated by the angle p * theta_i with theta_i = base ** (-2i / d). Low i spin fast
(theta_0 = 1 radian per token), high i slowly, like the hands of a clock.

Two pairing conventions exist and are NOT interchangeable for a trained model:
- "half" (GPT-NeoX, the Hugging Face Llama code): pair i is (x[i], x[i + d/2]).
- "interleaved" (GPT-J, the RoFormer paper, Meta's original Llama code):
  pair i is (x[2i], x[2i + 1]).
They differ only by a fixed permutation of the head dimensions.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Pairing = Literal["half", "interleaved"]


def rope_frequencies(head_dim: int, base: float = 10_000.0) -> np.ndarray:
    if head_dim % 2:
        raise ValueError("RoPE needs an even head dimension")
    return base ** (-np.arange(0, head_dim, 2, dtype=np.float64) / head_dim)  # (d/2,)


def rope_angles(positions: np.ndarray, head_dim: int, base: float = 10_000.0) -> np.ndarray:
    # float64 on purpose: p * theta at p ~ 1e5 keeps only ~3 correct digits in float32
    return np.asarray(positions, dtype=np.float64)[:, None] * rope_frequencies(head_dim, base)


def apply_rope(x: np.ndarray, positions: np.ndarray, base: float = 10_000.0, pairing: Pairing = "half") -> np.ndarray:
    """Rotate x of shape (..., T, d) whose tokens sit at absolute `positions` (T,)."""
    x = np.asarray(x)
    d = x.shape[-1]
    angles = rope_angles(positions, d, base)  # (T, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    if pairing == "half":
        x1, x2 = x[..., : d // 2], x[..., d // 2 :]
    elif pairing == "interleaved":
        x1, x2 = x[..., 0::2], x[..., 1::2]
    else:
        raise ValueError(f"unknown pairing {pairing!r}")
    r1 = x1 * cos - x2 * sin  # (x1 + i x2) * (cos + i sin), real part
    r2 = x1 * sin + x2 * cos  # imaginary part
    out = np.empty(x.shape, dtype=np.float64)  # rotate in float64, return in x's dtype
    if pairing == "half":
        out[..., : d // 2], out[..., d // 2 :] = r1, r2
    else:
        out[..., 0::2], out[..., 1::2] = r1, r2
    return out.astype(x.dtype) if np.issubdtype(x.dtype, np.floating) else out
