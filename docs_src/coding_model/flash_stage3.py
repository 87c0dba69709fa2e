"""Stage 3: blockwise (FlashAttention-style) attention over tiles of queries and keys.

Queries are processed in blocks of Br rows, keys and values in blocks of Bc rows.
Each (query block, key block) tile updates the running (m, l, acc) of its Br
queries with the stage 2 rule, vectorised over the tile. Only a Br x Bc tile of
scores exists at any time; on a GPU the tile lives in shared memory / registers
and Q, K, V are read from HBM once per tile instead of writing Tq x Tk scores.
Causal: tiles wholly above the diagonal are skipped (about half the work);
tiles on the diagonal are masked element by element.
"""

from __future__ import annotations

import numpy as np


def attention_blockwise(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False, block_q: int = 4, block_k: int = 4
) -> tuple[np.ndarray, int]:
    """Returns (output, number of tiles computed)."""
    t_q, t_k, d = q.shape[0], k.shape[0], q.shape[1]
    offset = t_k - t_q
    scale = 1.0 / np.sqrt(d)
    out = np.zeros((t_q, v.shape[1]))
    tiles = 0
    for qs in range(0, t_q, block_q):
        qb = q[qs : qs + block_q]  # (Br, d)
        rows = np.arange(qs, qs + len(qb))[:, None] + offset  # absolute positions of these queries
        m = np.full((len(qb), 1), -np.inf)
        l = np.zeros((len(qb), 1))
        acc = np.zeros((len(qb), v.shape[1]))
        for ks in range(0, t_k, block_k):
            if causal and ks > rows[-1, 0]:
                break  # this tile and all later ones are entirely in the future
            tiles += 1
            s = qb @ k[ks : ks + block_k].T * scale  # (Br, Bc): the only scores that exist
            if causal:
                s = np.where(np.arange(ks, ks + s.shape[1])[None, :] <= rows, s, -np.inf)
            m_new = np.maximum(m, s.max(axis=1, keepdims=True))
            # a row can be fully masked within a tile but never across all its tiles
            safe = np.where(np.isneginf(m_new), 0.0, m_new)
            correction = np.exp(m - safe)
            p = np.exp(s - safe)
            l = l * correction + p.sum(axis=1, keepdims=True)
            acc = acc * correction + p @ v[ks : ks + block_k]
            m = m_new
        with np.errstate(invalid="ignore", divide="ignore"):  # l == 0: a query that sees no key
            out[qs : qs + len(qb)] = np.where(l > 0, acc / l, 0.0)
    return out, tiles
