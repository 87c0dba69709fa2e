"""Tests for docs_src/coding_model/kv_cache.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.kv_cache import (
    Config,
    KVCache,
    decode_step,
    forward,
    generate_greedy,
    init_params,
    kv_bytes_per_token,
    prefill,
)

CONFIGS = [
    Config(),
    Config(n_heads=4, n_kv_heads=4),
    Config(n_heads=4, n_kv_heads=1, n_layers=3),
    Config(d_model=24, n_heads=6, n_kv_heads=3, n_layers=1),
]


@settings(deadline=None, max_examples=40)
@given(st.sampled_from(CONFIGS), st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 12), st.integers(1, 12))
def test_prefill_then_decode_equals_full_recomputation(cfg, seed, batch, n_prompt, n_decode):
    params = init_params(cfg, seed)
    tokens = np.random.default_rng(seed).integers(0, cfg.vocab, size=(batch, n_prompt + n_decode))
    full = forward(params, cfg, tokens)  # no cache: every position from scratch
    cache = KVCache(cfg, batch)
    got = [prefill(params, cfg, tokens[:, :n_prompt], cache)]
    for pos in range(n_prompt, n_prompt + n_decode):  # feed the known next token (teacher forcing)
        got.append(decode_step(params, cfg, tokens[:, pos], cache)[:, None])
        assert cache.length == pos + 1
    assert np.allclose(np.concatenate(got, axis=1), full, atol=1e-10)


def test_greedy_generation_matches_recompute_every_step():
    cfg = Config()
    params = init_params(cfg, 7)
    prompt = np.random.default_rng(7).integers(0, cfg.vocab, size=(2, 5))
    seq = prompt
    for _ in range(10):  # the slow way: the whole sequence through the model per token
        seq = np.concatenate([seq, forward(params, cfg, seq)[:, -1].argmax(-1)[:, None]], axis=1)
    assert np.array_equal(generate_greedy(params, cfg, prompt, 10), seq[:, 5:])


def test_chunked_prefill_equals_one_prefill():
    cfg = Config()
    params = init_params(cfg, 1)
    tokens = np.random.default_rng(1).integers(0, cfg.vocab, size=(1, 20))
    cache = KVCache(cfg, 1)
    chunks = [forward(params, cfg, tokens[:, a:b], cache) for a, b in [(0, 7), (7, 8), (8, 20)]]
    assert np.allclose(np.concatenate(chunks, axis=1), forward(params, cfg, tokens), atol=1e-10)


def test_cache_shapes_and_memory_formula():
    cfg = Config()
    cache = KVCache(cfg, batch=3, dtype=np.float16)
    assert cache.k.shape == (cfg.n_layers, 3, cfg.n_kv_heads, cfg.max_len, cfg.head_dim) == cache.v.shape
    per_token = kv_bytes_per_token(cfg, bytes_per_element=2)
    assert per_token == 2 * 2 * 2 * 8 * 2 == 128  # K and V, 2 layers, 2 KV heads, head_dim 8, fp16
    assert cache.k.nbytes + cache.v.nbytes == per_token * cfg.max_len * 3
    # the same formula at real scale, Llama 3 8B in bf16: 32 layers, 8 KV heads, head_dim 128
    llama3_8b = Config(vocab=128_256, d_model=4096, n_layers=32, n_heads=32, n_kv_heads=8, max_len=8192)
    assert kv_bytes_per_token(llama3_8b, 2) == 131_072  # 128 KiB per token


def test_decode_reads_only_the_cache_not_the_prompt():
    cfg = Config()
    params = init_params(cfg, 2)
    tokens = np.random.default_rng(2).integers(0, cfg.vocab, size=(1, 6))
    cache = KVCache(cfg, 1)
    prefill(params, cfg, tokens[:, :5], cache)
    expected = decode_step(params, cfg, tokens[:, 5], cache)
    cache.length = 5  # rewind and corrupt the cached prompt keys: the result must change
    cache.k[:, :, :, :5] += 1.0
    assert not np.allclose(decode_step(params, cfg, tokens[:, 5], cache), expected)


def test_cache_overflow_raises():
    cfg = Config(max_len=4)
    params = init_params(cfg)
    cache = KVCache(cfg, 1)
    prefill(params, cfg, np.zeros((1, 4), dtype=int), cache)
    with pytest.raises(ValueError, match="cache full"):
        decode_step(params, cfg, np.zeros(1, dtype=int), cache)
