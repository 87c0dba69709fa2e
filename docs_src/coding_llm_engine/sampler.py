"""Turn one position's logits into a next token: penalties, temperature, top-k,
top-p, min-p, then a seeded draw.

The order is fixed and documented because engines differ and the result depends on
it: here penalties -> temperature -> softmax -> top-k -> top-p -> min-p, renormalising
after each filter. Every filter keeps at least one token. Token ids break ties (the
lower id ranks first), so the same logits and seed always give the same token.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 1.0  # 0 means greedy
    top_k: int = 0  # 0: off
    top_p: float = 1.0  # 1: off
    min_p: float = 0.0  # 0: off
    presence_penalty: float = 0.0  # subtracted once from every token already generated
    frequency_penalty: float = 0.0  # subtracted once per earlier occurrence

    def __post_init__(self) -> None:
        if self.temperature < 0 or self.top_k < 0:
            raise ValueError("temperature and top_k must be >= 0")
        if not 0 < self.top_p <= 1 or not 0 <= self.min_p <= 1:
            raise ValueError("top_p must be in (0, 1] and min_p in [0, 1]")


def apply_penalties(logits: Sequence[float], generated: Iterable[int], params: SamplingParams) -> list[float]:
    out = list(logits)
    for token, count in Counter(generated).items():
        out[token] -= params.presence_penalty + params.frequency_penalty * count
    return out


def _ranked(probs: Sequence[float]) -> list[int]:
    return sorted((t for t, p in enumerate(probs) if p > 0), key=lambda t: (-probs[t], t))


def _renormalised(probs: Sequence[float], keep: set[int]) -> list[float]:
    total = math.fsum(probs[t] for t in keep)
    return [p / total if t in keep else 0.0 for t, p in enumerate(probs)]


def probabilities(
    logits: Sequence[float], params: SamplingParams = SamplingParams(), generated: Iterable[int] = ()
) -> list[float]:
    """The distribution the next token is drawn from (zeros for filtered tokens)."""
    scores = apply_penalties(logits, generated, params)
    finite = [t for t, s in enumerate(scores) if s != -math.inf]
    if not finite:
        raise ValueError("every token is masked")
    if params.temperature == 0:  # greedy: one-hot on the highest score, lowest id on ties
        best = max(finite, key=lambda t: (scores[t], -t))
        return [1.0 if t == best else 0.0 for t in range(len(scores))]
    top = max(scores[t] for t in finite)  # subtract the max: exp never overflows
    weights = [math.exp((s - top) / params.temperature) if s != -math.inf else 0.0 for s in scores]
    probs = _renormalised(weights, set(finite))
    if params.top_k:
        probs = _renormalised(probs, set(_ranked(probs)[: params.top_k]))
    if params.top_p < 1:
        keep, before = set(), 0.0
        for t in _ranked(probs):  # the smallest head of the ranking with mass >= top_p
            if before >= params.top_p:
                break
            keep.add(t)
            before += probs[t]
        probs = _renormalised(probs, keep)
    if params.min_p > 0:
        floor = params.min_p * max(probs)
        probs = _renormalised(probs, {t for t, p in enumerate(probs) if p > 0 and p >= floor})
    return probs


def sample_token(
    logits: Sequence[float], params: SamplingParams, rng: random.Random, generated: Iterable[int] = ()
) -> int:
    """Draw one token. Give each request its own rng (seeded per request) so a seeded
    request reproduces whatever else shares its batch."""
    probs = probabilities(logits, params, generated)
    u, acc, last = rng.random(), 0.0, None
    for t, p in enumerate(probs):
        if p > 0:
            acc += p
            last = t
            if u < acc:
                return t
    return last  # u fell in the rounding gap just below 1.0
