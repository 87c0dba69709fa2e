"""Stage 4: split the keys across workers and merge their partial results.

Each worker (a GPU in ring attention, a thread block in split-KV "flash decoding")
attends over its own slice of keys (with the stage 3 tile loop on a real device;
directly here, to keep the file short) and returns a partial state per query:
(m, l, o) with o = acc / l already normalised. Two states merge exactly:

    m = max(m1, m2);  w1 = l1 * exp(m1 - m);  w2 = l2 * exp(m2 - m)
    l = w1 + w2;      o = (w1 * o1 + w2 * o2) / l

The merge is associative and commutative, so slices can be combined in any order
or as a tree. log-sum-exp m + log(l) is all a worker needs to send with o.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Partial:
    m: np.ndarray  # (Tq, 1) running max; -inf where the slice had no visible key
    l: np.ndarray  # (Tq, 1) sum of exp(score - m)
    o: np.ndarray  # (Tq, dv) attention output over this slice alone


def partial_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, key_positions: np.ndarray, query_positions: np.ndarray | None = None
) -> Partial:
    """Attention of q over one slice of keys; causal when query positions are given."""
    s = q @ k.T / np.sqrt(q.shape[1])
    if query_positions is not None:
        s = np.where(key_positions[None, :] <= query_positions[:, None], s, -np.inf)
    m = s.max(axis=1, keepdims=True) if s.shape[1] else np.full((len(q), 1), -np.inf)
    safe = np.where(np.isneginf(m), 0.0, m)
    p = np.exp(s - safe)
    l = p.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        o = np.where(l > 0, (p @ v) / l, 0.0)
    return Partial(m, l, o)


def merge(a: Partial, b: Partial) -> Partial:
    m = np.maximum(a.m, b.m)
    safe = np.where(np.isneginf(m), 0.0, m)
    wa, wb = a.l * np.exp(a.m - safe), b.l * np.exp(b.m - safe)
    l = wa + wb
    with np.errstate(invalid="ignore", divide="ignore"):
        o = np.where(l > 0, (wa * a.o + wb * b.o) / l, 0.0)
    return Partial(m, l, o)


def attention_split(q: np.ndarray, k: np.ndarray, v: np.ndarray, n_splits: int, causal: bool = False) -> np.ndarray:
    t_q, t_k = q.shape[0], k.shape[0]
    positions = np.arange(t_k)
    query_positions = np.arange(t_q) + (t_k - t_q) if causal else None
    bounds = np.linspace(0, t_k, n_splits + 1).astype(int)  # slices may be empty
    parts = [partial_attention(q, k[a:b], v[a:b], positions[a:b], query_positions) for a, b in zip(bounds, bounds[1:])]
    total = parts[0]
    for part in parts[1:]:
        total = merge(total, part)
    return total.o
