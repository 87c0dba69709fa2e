"""A tiny decoder-only transformer with a KV cache, in NumPy.

Blocks are pre-norm: x += attn(rms_norm(x)); x += mlp(rms_norm(x)), with RoPE on
queries and keys, grouped-query attention and a SwiGLU MLP (the Llama layout).
One `forward` serves three callers: full recomputation (no cache), prefill (the
whole prompt, filling the cache) and decode (one new token per sequence, reading
the cache). The cache stores keys AFTER RoPE, so cached keys never change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from docs_src.coding_model.attention import grouped_query_attention, merge_heads, split_heads
from docs_src.coding_model.norms import rms_norm
from docs_src.coding_model.rope import apply_rope


@dataclass(frozen=True)
class Config:
    vocab: int = 64
    d_model: int = 32
    n_layers: int = 2
    n_heads: int = 4
    n_kv_heads: int = 2
    d_ff: int = 64
    max_len: int = 48
    rope_base: float = 10_000.0

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads


def init_params(cfg: Config, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    d, dh = cfg.d_model, cfg.head_dim

    def w(*shape: int) -> np.ndarray:
        return rng.normal(0.0, 1.0 / np.sqrt(shape[0]), size=shape)

    layers = [
        dict(
            wq=w(d, cfg.n_heads * dh),
            wk=w(d, cfg.n_kv_heads * dh),
            wv=w(d, cfg.n_kv_heads * dh),
            wo=w(cfg.n_heads * dh, d),
            w_gate=w(d, cfg.d_ff),
            w_up=w(d, cfg.d_ff),
            w_down=w(cfg.d_ff, d),
            norm1=np.ones(d),
            norm2=np.ones(d),
        )
        for _ in range(cfg.n_layers)
    ]
    return dict(embed=w(cfg.vocab, d), layers=layers, norm=np.ones(d), unembed=w(d, cfg.vocab))


class KVCache:
    """Preallocated (n_layers, B, G, max_len, dh) keys and values plus one length:
    every sequence in the batch has the same length in this kata."""

    def __init__(self, cfg: Config, batch: int, dtype: np.dtype = np.float64):
        shape = (cfg.n_layers, batch, cfg.n_kv_heads, cfg.max_len, cfg.head_dim)
        self.k = np.zeros(shape, dtype=dtype)
        self.v = np.zeros(shape, dtype=dtype)
        self.length = 0

    def write(self, layer: int, k: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Store (B, G, T, dh) new keys and values at [length, length + T); return the
        keys and values of every position so far. `length` moves in `advance`."""
        start, end = self.length, self.length + k.shape[2]
        if end > self.k.shape[3]:
            raise ValueError(f"cache full: {end} tokens > max_len {self.k.shape[3]}")
        self.k[layer, :, :, start:end] = k
        self.v[layer, :, :, start:end] = v
        return self.k[layer, :, :, :end], self.v[layer, :, :, :end]

    def advance(self, t: int) -> None:
        self.length += t


def silu(x: np.ndarray) -> np.ndarray:
    return x * 0.5 * (1.0 + np.tanh(0.5 * x))  # x * sigmoid(x) without exp overflow


def forward(params: dict, cfg: Config, tokens: np.ndarray, cache: KVCache | None = None) -> np.ndarray:
    """tokens (B, T) -> logits (B, T, vocab). With a cache, the tokens are the next T
    positions after cache.length; without, they start at position 0."""
    b, t = tokens.shape
    start = cache.length if cache is not None else 0
    positions = np.arange(start, start + t)
    x = params["embed"][tokens]  # (B, T, D)
    for i, layer in enumerate(params["layers"]):
        h = rms_norm(x, layer["norm1"])
        q = apply_rope(split_heads(h @ layer["wq"], cfg.n_heads), positions, cfg.rope_base)
        k = apply_rope(split_heads(h @ layer["wk"], cfg.n_kv_heads), positions, cfg.rope_base)
        v = split_heads(h @ layer["wv"], cfg.n_kv_heads)
        if cache is not None:
            k, v = cache.write(i, k, v)  # now (B, G, start + T, dh)
        # causal_mask aligns the T queries with the LAST T keys, so decode sees the whole prefix
        x = x + merge_heads(grouped_query_attention(q, k, v, causal=True)) @ layer["wo"]
        h = rms_norm(x, layer["norm2"])
        x = x + (silu(h @ layer["w_gate"]) * (h @ layer["w_up"])) @ layer["w_down"]
    if cache is not None:
        cache.advance(t)
    return rms_norm(x, params["norm"]) @ params["unembed"]


def prefill(params: dict, cfg: Config, prompt: np.ndarray, cache: KVCache) -> np.ndarray:
    return forward(params, cfg, prompt, cache)


def decode_step(params: dict, cfg: Config, last_tokens: np.ndarray, cache: KVCache) -> np.ndarray:
    """One new token per sequence: (B,) token ids -> (B, vocab) logits."""
    return forward(params, cfg, last_tokens[:, None], cache)[:, -1]


def generate_greedy(params: dict, cfg: Config, prompt: np.ndarray, n_new: int) -> np.ndarray:
    cache = KVCache(cfg, prompt.shape[0])
    logits = prefill(params, cfg, prompt, cache)[:, -1]
    out = []
    for _ in range(n_new):
        nxt = logits.argmax(axis=-1)
        out.append(nxt)
        logits = decode_step(params, cfg, nxt, cache)
    return np.stack(out, axis=1)


def kv_bytes_per_token(cfg: Config, bytes_per_element: int) -> int:
    """2 (K and V) x layers x KV heads x head_dim x bytes, for ONE sequence."""
    return 2 * cfg.n_layers * cfg.n_kv_heads * cfg.head_dim * bytes_per_element
