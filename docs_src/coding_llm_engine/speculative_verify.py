"""The accept/reject step of speculative decoding (speculative sampling).

A draft model proposed k tokens d_1..d_k, sampling d_i from its distribution q_i.
The target model scored the same positions in one forward pass and produced k + 1
distributions p_1..p_{k+1} (the last one follows d_k). Walk the draft left to right:
accept d_i with probability min(1, p_i(d_i) / q_i(d_i)); at the first rejection,
sample a replacement from the residual max(0, p_i - q_i), renormalised, and stop.
If all k are accepted, sample one bonus token from p_{k+1}. Every call returns
between 1 and k + 1 tokens, and their distribution is exactly what sampling from the
target alone would give. Distributions are plain lists indexed by token id.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

Dist = Sequence[float]


def sample(dist: Dist, rng: random.Random) -> int:
    """Draw a token id from an unnormalised non-negative weight vector."""
    total = sum(dist)
    if total <= 0:
        raise ValueError("distribution has no mass")
    u = rng.random() * total
    acc = 0.0
    last = 0
    for token, w in enumerate(dist):
        if w > 0:
            acc += w
            last = token
            if u < acc:
                return token
    return last  # u landed on the rounding gap at the top: the last token with mass


def residual(p: Dist, q: Dist) -> list[float]:
    """max(0, p - q), the part of the target the draft under-proposes."""
    return [max(0.0, pi - qi) for pi, qi in zip(p, q)]


def verify(draft: Sequence[int], q: Sequence[Dist], p: Sequence[Dist], rng: random.Random) -> tuple[list[int], int]:
    """Return (tokens to append, number of draft tokens accepted)."""
    k = len(draft)
    if len(q) != k or len(p) != k + 1:
        raise ValueError("need k draft distributions and k + 1 target distributions")
    out: list[int] = []
    for i, token in enumerate(draft):
        qi, pi = q[i][token], p[i][token]
        if qi <= 0:
            raise ValueError(f"draft token {token} had probability 0 under the draft")
        if rng.random() * qi < pi:  # u < p/q without dividing; always true when p >= q
            out.append(token)
            continue
        rest = residual(p[i], q[i])
        # p == q up to rounding leaves no residual mass; then p itself is the answer.
        out.append(sample(rest if sum(rest) > 0 else p[i], rng))
        return out, i
    out.append(sample(p[k], rng))  # every draft token accepted: a free bonus token
    return out, k


def verify_greedy(draft: Sequence[int], target_argmax: Sequence[int]) -> tuple[list[int], int]:
    """Temperature 0: keep the draft while it equals the target's argmax, then take
    the target's token (a correction at the first mismatch, or the bonus)."""
    if len(target_argmax) != len(draft) + 1:
        raise ValueError("need one target argmax per draft position plus one")
    for i, token in enumerate(draft):
        if token != target_argmax[i]:
            return list(draft[:i]) + [target_argmax[i]], i
    return list(draft) + [target_argmax[len(draft)]], len(draft)


def acceptance_rate(p: Dist, q: Dist) -> float:
    """Probability one drafted token is accepted: sum of min(p, q) = 1 - TV(p, q)."""
    return sum(min(pi, qi) for pi, qi in zip(p, q))
