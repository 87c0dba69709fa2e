"""Tests for docs_src/coding_llm_engine/kv_planner.py: published shapes give the
per-token sizes worked out by hand, and Hypothesis checks the plan never promises
more than the budget holds and moves the right way when its inputs do."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.kv_planner import ModelShape, Parallelism, plan, token_bytes_per_layer, window_blocks

GB, KiB = 10**9, 1024
LLAMA3_70B = ModelShape(layers=80, params=70_600_000_000, kv_heads=8, head_dim=128)
LLAMA31_8B = ModelShape(layers=32, params=8_030_000_000, kv_heads=8, head_dim=128)
DEEPSEEK_V3 = ModelShape(layers=61, params=671_000_000_000, mla_dim=512 + 64)


def per_token(shape, tp=1, dtype=2):
    return token_bytes_per_layer(shape, dtype, tp) * shape.layers


def test_gqa_per_token_sizes():
    assert per_token(LLAMA3_70B) == 320 * KiB  # 2 x 80 x 8 x 128 x 2 bytes
    assert per_token(LLAMA31_8B) == 128 * KiB
    assert per_token(LLAMA31_8B, dtype=1) == 64 * KiB  # FP8 KV halves it


def test_tensor_parallel_splits_heads_until_one_per_gpu():
    assert per_token(LLAMA3_70B, tp=8) == 40 * KiB  # one KV head per GPU
    assert per_token(LLAMA3_70B, tp=16) == 40 * KiB  # still one: heads are replicated
    with pytest.raises(ValueError):
        per_token(LLAMA3_70B, tp=3)


def test_mla_is_not_divided_by_tensor_parallelism():
    assert per_token(DEEPSEEK_V3) == 61 * 576 * 2 == 70_272
    assert per_token(DEEPSEEK_V3, tp=8) == 70_272


def test_llama_8b_on_one_80gb_gpu():
    p = plan(LLAMA31_8B, 80 * GB, activation_reserve_bytes=2 * GB)
    assert p.kv_budget_bytes == 72 * GB - 16_060_000_000 - 2 * GB
    assert p.sequence_bytes(8192) == 2**30  # 8192 x 128 KiB = 1 GiB
    assert p.max_sequences(8192) == 50  # 53.94 GB / 1.074 GB = 50.2
    assert p.sequence_bytes(8193) == 513 * 16 * 128 * KiB  # one token over: a whole block more


def test_weights_that_do_not_fit_raise():
    with pytest.raises(ValueError):
        plan(LLAMA3_70B, 80 * GB)  # 141 GB of bf16 weights on one GPU
    p = plan(LLAMA3_70B, 80 * GB, parallel=Parallelism(tp=4))
    assert p.max_sequences(8192) > 0


def test_sliding_window_layers_cap_memory():
    shape = ModelShape(layers=12, params=1_000_000_000, kv_heads=4, head_dim=64, window=1024, local_layers=10)
    p = plan(shape, 24 * GB)
    assert p.global_layers == 2 and p.local_layers == 10
    short, long = p.sequence_bytes(1000), p.sequence_bytes(32_000)
    assert short == 12 * 63 * 16 * token_bytes_per_layer(shape, 2, 1)  # all 12 layers, 63 blocks
    # at 32k only the 2 global layers grow; the local ones hold the 64 blocks of the
    # window (aligned here), or 65 when the window straddles a block boundary
    assert long == (2 * 2000 + 10 * 64) * 16 * token_bytes_per_layer(shape, 2, 1)
    assert p.sequence_bytes(32_001) == (2 * 2001 + 10 * 65) * 16 * token_bytes_per_layer(shape, 2, 1)


def test_window_blocks_counts_blocks_touching_the_window():
    assert window_blocks(0, 4, 4) == 0
    assert window_blocks(3, 4, 4) == 1
    assert window_blocks(4, 4, 4) == 1  # positions 0-3: block 0
    assert window_blocks(5, 4, 4) == 2  # positions 1-4 straddle blocks 0 and 1
    assert window_blocks(8, 4, 4) == 1  # positions 4-7: exactly block 1


def test_pipeline_parallel_splits_layers():
    p1 = plan(LLAMA3_70B, 80 * GB, parallel=Parallelism(tp=4))
    p2 = plan(LLAMA3_70B, 80 * GB, parallel=Parallelism(tp=4, pp=2))
    assert p2.global_layers == 40 and p2.max_sequences(8192) > 2 * p1.max_sequences(8192)


shapes = st.builds(
    lambda layers, heads, dim, local, window: ModelShape(
        layers=layers,
        params=layers * 50_000_000,
        kv_heads=heads,
        head_dim=dim,
        local_layers=min(local, layers),
        window=window if local else 0,
    ),
    st.integers(1, 64),
    st.sampled_from([1, 2, 4, 8]),
    st.sampled_from([64, 128]),
    st.integers(0, 64),
    st.integers(1, 4096),
)


@settings(deadline=None, max_examples=300)
@given(
    shapes, st.integers(8, 200), st.integers(1, 200_000), st.sampled_from([1, 2, 4, 8]), st.sampled_from([1, 16, 32])
)
def test_plans_never_overcommit_and_are_monotonic(shape, gb, context, tp, block):
    p = plan(shape, gb * GB, parallel=Parallelism(tp=tp), block_size=block)
    n = p.max_sequences(context)
    assert n * p.sequence_bytes(context) <= p.kv_budget_bytes < (n + 1) * p.sequence_bytes(context)
    assert p.max_sequences(context + block) <= n  # longer sequences: never more of them
    bigger = plan(shape, (gb + 8) * GB, parallel=Parallelism(tp=tp), block_size=block)
    assert bigger.max_sequences(context) >= n
    # a sequence never needs more than keeping every token in every layer
    assert p.sequence_bytes(context) <= -(-context // block) * p.block_bytes
