"""Temperature, top-k and top-p (nucleus) sampling from one row of logits, in NumPy.

Order of operations (the Hugging Face and vLLM order): divide by the temperature,
keep the top k, keep the smallest set of tokens whose probability reaches top_p,
renormalise, draw with the caller's seeded numpy Generator.

Tie rule, for both cuts: tokens whose value equals the value at the cut are all
kept, so the result never depends on token ids. A -inf logit (a banned token) has
probability 0 and is never drawn.
"""

from __future__ import annotations

import numpy as np

from docs_src.coding_model.softmax import softmax


def filtered_probs(
    logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None, top_p: float | None = None
) -> np.ndarray:
    """The distribution `sample` draws from, as float64 probabilities over the vocab."""
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError("expected one non-empty row of logits")
    if not np.isfinite(logits.max()):
        raise ValueError("need at least one finite logit, and no +inf or NaN")
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1 (None disables it)")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError("top_p must be in (0, 1] (None disables it)")

    if temperature == 0:  # greedy: all mass on the first maximum
        probs = np.zeros_like(logits)
        probs[np.argmax(logits)] = 1.0
        return probs

    scaled = logits / temperature
    if top_k is not None and top_k < scaled.size:
        kth = np.partition(scaled, -top_k)[-top_k]  # the k-th largest value, O(V)
        scaled = np.where(scaled >= kth, scaled, -np.inf)  # ties with the k-th stay in
    probs = softmax(scaled)
    if top_p is not None and top_p < 1:
        order = np.argsort(-probs, kind="stable")
        cumulative = np.cumsum(probs[order])
        # first index where the running mass reaches top_p; clamp against rounding
        cut = min(int(np.searchsorted(cumulative, top_p)), probs.size - 1)
        threshold = probs[order[cut]]
        probs = np.where(probs >= threshold, probs, 0.0)
        probs /= probs.sum()
    return probs


def sample(
    logits: np.ndarray,
    rng: np.random.Generator,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float | None = None,
) -> int:
    probs = filtered_probs(logits, temperature, top_k, top_p)
    if temperature == 0:
        return int(np.argmax(probs))  # no random draw: greedy does not consume the stream
    return int(rng.choice(probs.size, p=probs))
