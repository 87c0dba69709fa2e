"""Stage 1: exact attention that materialises the full score matrix.

q (Tq, d), k (Tk, d), v (Tk, dv). Memory O(Tq * Tk) for the scores: the thing
the later stages remove. Causal alignment as in a decode step: the Tq queries
are the last Tq of the Tk positions.
"""

from __future__ import annotations

import numpy as np


def attention_full(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> np.ndarray:
    t_q, t_k = q.shape[0], k.shape[0]
    scores = q @ k.T / np.sqrt(q.shape[1])  # (Tq, Tk): the whole matrix in memory
    if causal:
        visible = np.arange(t_k)[None, :] <= np.arange(t_q)[:, None] + (t_k - t_q)
        scores = np.where(visible, scores, -np.inf)
    m = scores.max(axis=1, keepdims=True)  # pass 1 over the row: the max
    p = np.exp(scores - m)  # pass 2: exponentials and their sum
    return (p / p.sum(axis=1, keepdims=True)) @ v  # pass 3: weighted values
