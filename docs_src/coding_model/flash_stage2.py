"""Stage 2: online softmax. One pass over the keys, never holding a row of scores.

State per query: m (the largest score seen), l (sum of exp(score - m) so far) and
acc (sum of exp(score - m) * value so far). A new score s with value vector u:

    m_new = max(m, s)
    l   = l   * exp(m - m_new) + exp(s - m_new)
    acc = acc * exp(m - m_new) + exp(s - m_new) * u

Rescaling by exp(m - m_new) re-expresses the old sums relative to the new max,
so at the end acc / l is exactly softmax(scores) @ V. Memory O(d) per query.
"""

from __future__ import annotations

import numpy as np


def online_softmax_sum(scores: np.ndarray) -> tuple[float, float]:
    """(max, sum of exp(s - max)) of a stream of scores in one pass: log-sum-exp = m + log(l)."""
    m, l = -np.inf, 0.0
    for s in scores:
        m_new = max(m, float(s))
        if m_new == -np.inf:
            continue  # only masked scores so far
        l = l * np.exp(m - m_new) + np.exp(s - m_new)
        m = m_new
    return m, l


def attention_online(q: np.ndarray, k: np.ndarray, v: np.ndarray, causal: bool = False) -> np.ndarray:
    t_q, t_k = q.shape[0], k.shape[0]
    out = np.zeros((t_q, v.shape[1]))
    scale = 1.0 / np.sqrt(q.shape[1])
    for i in range(t_q):
        m, l, acc = -np.inf, 0.0, np.zeros(v.shape[1])
        last = i + (t_k - t_q) if causal else t_k - 1  # keys after this are masked: skip them
        for j in range(last + 1):
            s = float(q[i] @ k[j]) * scale
            m_new = max(m, s)
            correction = np.exp(m - m_new)  # exp(-inf) = 0 on the first key
            p = np.exp(s - m_new)
            l = l * correction + p
            acc = acc * correction + p * v[j]
            m = m_new
        out[i] = acc / l if l > 0 else 0.0
    return out
