"""Top-k mixture-of-experts routing with an expert capacity and token dropping, in NumPy.

N tokens, E experts, each token picks its k best experts. Every expert has a fixed
buffer of C = ceil(capacity_factor * N * k / E) slots, because expert parallelism
sends fixed-shape buffers through an all-to-all. Slots are handed out in priority
order; an assignment that finds its expert full is dropped, and if all k of a
token's assignments are dropped the token skips the layer (the residual carries it).

Priority "position" (GShard, Switch): every token's first choice is served before
any second choice, earlier tokens first. Priority "score" (batch-prioritised
routing): within each choice rank, higher router probability first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from docs_src.coding_model.softmax import softmax


@dataclass(frozen=True)
class Routing:
    experts: np.ndarray  # (N, k) chosen expert per token and choice rank
    gates: np.ndarray  # (N, k) combine weight; 0 where the assignment was dropped
    slots: np.ndarray  # (N, k) slot in the expert's buffer, -1 if dropped
    capacity: int  # C, slots per expert
    aux_loss: float  # Switch load-balancing loss: 1.0 when perfectly balanced


def expert_capacity(n_tokens: int, n_experts: int, k: int, capacity_factor: float) -> int:
    return math.ceil(capacity_factor * n_tokens * k / n_experts)


def route(
    router_logits: np.ndarray,
    k: int,
    capacity_factor: float = 1.25,
    renormalize: bool = True,
    priority: Literal["position", "score"] = "position",
) -> Routing:
    n, e = router_logits.shape
    if not 1 <= k <= e:
        raise ValueError("need 1 <= k <= number of experts")
    probs = softmax(router_logits, axis=1)  # (N, E)
    experts = np.argsort(-probs, axis=1, kind="stable")[:, :k]  # best first; ties -> lower id
    chosen = np.take_along_axis(probs, experts, axis=1)  # router probabilities, (N, k)
    gates = chosen / chosen.sum(axis=1, keepdims=True) if renormalize else chosen  # Mixtral renormalises
    capacity = expert_capacity(n, e, k, capacity_factor)

    slots = np.full((n, k), -1)
    fill = np.zeros(e, dtype=int)
    for r in range(k):  # all first choices before any second choice
        # rank by the raw probability: with k = 1 every renormalised gate is exactly 1
        order = np.arange(n) if priority == "position" else np.argsort(-chosen[:, r], kind="stable")
        for t in order:
            ex = experts[t, r]
            if fill[ex] < capacity:
                slots[t, r] = fill[ex]
                fill[ex] += 1
    gates = np.where(slots >= 0, gates, 0.0)

    # fraction of tokens whose first choice is each expert, times the mean probability
    top1_share = np.bincount(experts[:, 0], minlength=e) / n
    aux_loss = float(e * np.sum(top1_share * probs.mean(axis=0)))
    return Routing(experts, gates, slots, capacity, aux_loss)


def moe_layer(
    x: np.ndarray,
    router_w: np.ndarray,
    experts_w: list[tuple[np.ndarray, np.ndarray]],
    k: int,
    capacity_factor: float = 1.25,
    **kw,
) -> tuple[np.ndarray, Routing]:
    """x (N, D) -> (N, D). Each expert is a ReLU MLP (w_in (D, F), w_out (F, D)).
    Dispatch into (E, C, D) buffers, run each expert on its buffer, combine."""
    n, d = x.shape
    routing = route(x @ router_w, k, capacity_factor, **kw)
    e, c = len(experts_w), routing.capacity
    buffers = np.zeros((e, c, d))  # what the all-to-all sends: fixed shape, padded
    kept = np.argwhere(routing.slots >= 0)  # (assignments, 2): token, choice rank
    for t, r in kept:
        buffers[routing.experts[t, r], routing.slots[t, r]] = x[t]
    outputs = np.stack([np.maximum(buffers[i] @ w_in, 0.0) @ w_out for i, (w_in, w_out) in enumerate(experts_w)])
    y = np.zeros_like(x)
    for t, r in kept:
        y[t] += routing.gates[t, r] * outputs[routing.experts[t, r], routing.slots[t, r]]
    return y, routing
