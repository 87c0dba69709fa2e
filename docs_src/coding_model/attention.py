"""Scaled dot-product attention with causal and padding masks, and multi-head
attention with grouped-query (GQA) head sharing, in NumPy.

Shapes: B batch, T tokens, D model width, H query heads, G key/value heads
(H % G == 0; G == H is plain multi-head, G == 1 is multi-query), dh head size.
"""

from __future__ import annotations

import numpy as np

from docs_src.coding_model.softmax import softmax


def causal_mask(t_q: int, t_k: int) -> np.ndarray:
    """True where query i may see key j. The t_q queries are the LAST t_q of the t_k
    positions (a decode step has t_q = 1 and sees everything before it)."""
    offset = t_k - t_q
    return np.arange(t_k)[None, :] <= np.arange(t_q)[:, None] + offset  # (t_q, t_k)


def attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False, key_mask: np.ndarray | None = None
) -> np.ndarray:
    """q (..., Tq, dh), k (..., Tk, dh), v (..., Tk, dv); key_mask broadcastable to
    (..., Tq, Tk), True = may attend. Fully masked query rows return zeros."""
    dh = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(dh)  # (..., Tq, Tk)
    allowed = np.ones(scores.shape, dtype=bool)
    if causal:
        allowed &= causal_mask(q.shape[-2], k.shape[-2])
    if key_mask is not None:
        allowed &= key_mask
    weights = softmax(np.where(allowed, scores, -np.inf), axis=-1)  # masked -> exactly 0
    return weights @ v


def grouped_query_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False, key_padding: np.ndarray | None = None
) -> np.ndarray:
    """q (B, H, Tq, dh); k, v (B, G, Tk, dh); key_padding (B, Tk), True = real token.
    Query head h reads KV head h // (H // G). Returns (B, H, Tq, dh)."""
    b, h, t_q, dh = q.shape
    g = k.shape[1]
    if h % g:
        raise ValueError(f"{h} query heads cannot share {g} KV heads evenly")
    qg = q.reshape(b, g, h // g, t_q, dh)  # heads h = kv * (H // G) + r stay together
    kg, vg = k[:, :, None], v[:, :, None]  # (B, G, 1, Tk, dh): broadcast, no copy
    mask = None if key_padding is None else key_padding[:, None, None, None, :]
    return attention(qg, kg, vg, causal, mask).reshape(b, h, t_q, dh)


def split_heads(x: np.ndarray, n: int) -> np.ndarray:
    b, t, width = x.shape
    return x.reshape(b, t, n, width // n).transpose(0, 2, 1, 3)  # (B, n, T, dh)


def merge_heads(x: np.ndarray) -> np.ndarray:
    b, n, t, dh = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, t, n * dh)


def multi_head_attention(
    x: np.ndarray,
    wq: np.ndarray,
    wk: np.ndarray,
    wv: np.ndarray,
    wo: np.ndarray,
    n_heads: int,
    n_kv_heads: int,
    causal: bool = True,
    key_padding: np.ndarray | None = None,
) -> np.ndarray:
    """x (B, T, D); wq (D, H*dh); wk, wv (D, G*dh); wo (H*dh, D)."""
    q = split_heads(x @ wq, n_heads)
    k = split_heads(x @ wk, n_kv_heads)
    v = split_heads(x @ wv, n_kv_heads)
    return merge_heads(grouped_query_attention(q, k, v, causal, key_padding)) @ wo
