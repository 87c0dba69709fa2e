"""Softmax cross-entropy over a vocabulary, with its gradient, in NumPy.

loss_n = logsumexp(z_n) - sum_v q_nv * z_nv, where q is the target distribution:
one-hot on the label, or (1 - eps) one-hot + eps / V with label smoothing eps.
The gradient with respect to the logits is (softmax(z_n) - q_n) / N_valid: no
division by a probability anywhere, which is why frameworks fuse the softmax into
the loss instead of taking log(softmax(z)) in two steps.
Targets equal to `ignore_index` (padding) add nothing to the loss or the count.
"""

from __future__ import annotations

import numpy as np

from docs_src.coding_model.softmax import logsumexp, softmax


def cross_entropy(
    logits: np.ndarray, targets: np.ndarray, ignore_index: int = -100, label_smoothing: float = 0.0
) -> tuple[float, np.ndarray]:
    """logits (N, V), targets (N,) ints -> (mean loss over valid rows, dloss/dlogits (N, V))."""
    logits = np.asarray(logits, dtype=np.float64)
    n, vocab = logits.shape
    if not 0.0 <= label_smoothing < 1.0:
        raise ValueError("label_smoothing must be in [0, 1)")
    valid = targets != ignore_index
    if np.any(valid & ((targets < 0) | (targets >= vocab))):
        raise ValueError("target out of range")
    n_valid = int(valid.sum())
    if n_valid == 0:
        return 0.0, np.zeros_like(logits)  # PyTorch returns NaN here; 0 keeps training going
    safe_targets = np.where(valid, targets, 0)
    q = np.full((n, vocab), label_smoothing / vocab)
    q[np.arange(n), safe_targets] += 1.0 - label_smoothing
    lse = logsumexp(logits, axis=1)  # (N,)
    per_row = lse - np.sum(q * logits, axis=1)  # sum_v q_v * (lse - z_v) = -sum_v q_v log p_v
    loss = float(np.sum(per_row[valid]) / n_valid)
    grad = (softmax(logits, axis=1) - q) * valid[:, None] / n_valid
    return loss, grad
