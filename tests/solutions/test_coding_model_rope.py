"""Tests for docs_src/coding_model/rope.py."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.rope import apply_rope, rope_frequencies

pairings = st.sampled_from(["half", "interleaved"])


def complex_reference(x: np.ndarray, positions: np.ndarray, base: float, pairing: str) -> np.ndarray:
    """RoPE as complex multiplication: z_i = x1_i + j x2_i times exp(j * p * theta_i)."""
    d = x.shape[-1]
    if pairing == "half":
        z = x[..., : d // 2] + 1j * x[..., d // 2 :]
    else:
        z = x[..., 0::2] + 1j * x[..., 1::2]
    theta = np.array([base ** (-2 * i / d) for i in range(d // 2)])
    z = z * np.exp(1j * np.outer(positions, theta))
    out = np.empty_like(x)
    if pairing == "half":
        out[..., : d // 2], out[..., d // 2 :] = z.real, z.imag
    else:
        out[..., 0::2], out[..., 1::2] = z.real, z.imag
    return out


def vectors(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.normal(size=shape)


@settings(deadline=None, max_examples=150)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([2, 4, 8, 64]),
    st.integers(1, 9),
    pairings,
    st.sampled_from([10_000.0, 500_000.0]),
)
def test_matches_the_complex_number_reference(seed, d, t, pairing, base):
    rng = np.random.default_rng(seed)
    x = vectors(rng, 3, t, d)
    positions = rng.integers(0, 100_000, size=t)
    assert np.allclose(
        apply_rope(x, positions, base, pairing), complex_reference(x, positions, base, pairing), atol=1e-9
    )


@settings(deadline=None, max_examples=150)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([2, 8, 64]),
    st.integers(0, 4096),
    st.integers(0, 4096),
    st.integers(-2048, 2048),
    pairings,
)
def test_scores_depend_only_on_the_offset(seed, d, m, n, shift, pairing):
    rng = np.random.default_rng(seed)
    q, k = vectors(rng, 1, d), vectors(rng, 1, d)
    m2, n2 = m + shift + 4096, n + shift + 4096  # keep positions non-negative
    score = (apply_rope(q, np.array([m]), pairing=pairing) @ apply_rope(k, np.array([n]), pairing=pairing).T).item()
    moved = (apply_rope(q, np.array([m2]), pairing=pairing) @ apply_rope(k, np.array([n2]), pairing=pairing).T).item()
    assert moved == pytest.approx(score, abs=1e-8)


@settings(deadline=None, max_examples=150)
@given(st.integers(0, 2**32 - 1), st.sampled_from([2, 8, 64]), pairings)
def test_rotation_preserves_norms(seed, d, pairing):
    rng = np.random.default_rng(seed)
    x = vectors(rng, 2, 5, d)
    positions = rng.integers(0, 1_000_000, size=5)
    assert np.allclose(
        np.linalg.norm(apply_rope(x, positions, pairing=pairing), axis=-1), np.linalg.norm(x, axis=-1), rtol=1e-12
    )


def test_position_zero_is_the_identity_and_conventions_are_a_permutation():
    rng = np.random.default_rng(0)
    x = vectors(rng, 4, 16)
    assert np.array_equal(apply_rope(x, np.zeros(4, dtype=int)), x)
    positions = np.arange(4)
    perm = np.concatenate([np.arange(0, 16, 2), np.arange(1, 16, 2)])  # interleaved -> half layout
    assert np.allclose(
        apply_rope(x[:, perm], positions, pairing="half"), apply_rope(x, positions, pairing="interleaved")[:, perm]
    )
    assert not np.allclose(apply_rope(x, positions, pairing="half"), apply_rope(x, positions, pairing="interleaved"))


def test_frequencies_and_errors():
    f = rope_frequencies(8, base=10_000.0)
    assert np.allclose(f, [1.0, 0.1, 0.01, 0.001])
    with pytest.raises(ValueError):
        rope_frequencies(7)
    with pytest.raises(ValueError):
        apply_rope(np.zeros((1, 4)), np.array([0]), pairing="sideways")


def test_dtype_is_kept():
    x = np.ones((2, 8), dtype=np.float32)
    assert apply_rope(x, np.array([3, 70_000])).dtype == np.float32
