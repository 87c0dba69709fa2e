"""Tests for docs_src/coding_platform/fused_softmax.cu and its CPU emulation,
docs_src/coding_platform/fused_softmax_emulation.py.

The kernel is compiled with nvcc (object, PTX and a linked host program), which
needs no GPU. Its block and warp index math is tested through the emulation,
which follows the kernel step by step. The program itself runs only where a
CUDA device is present.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.fused_softmax_emulation import (
    WARP,
    combine,
    softmax_reference,
    softmax_rows_emulated,
    thread_columns,
    warp_combine,
)
from tests.solutions import cbuild

SOURCE = "docs_src/coding_platform/fused_softmax.cu"
F32 = np.float32


# ---- the CUDA source ---------------------------------------------------------------


def test_kernel_compiles_for_ampere_and_hopper_with_warnings_as_errors(tmp_path):
    cbuild.nvcc(
        SOURCE,
        tmp_path / "fused_softmax.o",
        "-c",
        "-gencode",
        "arch=compute_80,code=sm_80",
        "-gencode",
        "arch=compute_90,code=sm_90",
    )


def test_ptx_shows_butterfly_shuffles_and_shared_memory(tmp_path):
    ptx = cbuild.nvcc(SOURCE, tmp_path / "fused_softmax.ptx", "-ptx", "-arch=sm_90").read_text()
    # two values (max, sum) x 5 butterfly steps x 2 reductions (in-warp, then warp 0)
    assert len(re.findall(r"shfl\.sync\.bfly\.b32", ptx)) == 20
    assert re.search(r"\.shared .*per_warp", ptx) and "bar.sync" in ptx


def test_a_missing_nvcc_fails_loudly_instead_of_skipping(monkeypatch):
    monkeypatch.setattr(cbuild.shutil, "which", lambda name: None)
    monkeypatch.setattr(cbuild.Path, "is_file", lambda self: False)
    with pytest.raises(pytest.fail.Exception, match="nvcc not found"):
        cbuild.require_nvcc()


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return cbuild.nvcc(SOURCE, tmp_path_factory.mktemp("cuda") / "fused_softmax")


def test_host_program_links(program):
    assert program.stat().st_size > 0


def has_gpu() -> bool:
    smi = shutil.which("nvidia-smi")
    return smi is not None and subprocess.run([smi, "-L"], capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(not has_gpu(), reason="no CUDA device here; compile and emulation tests still ran")
def test_kernel_matches_the_cpu_reference_on_a_gpu(program):
    out = subprocess.run([str(program)], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert float(re.search(r"max_abs_err=(\S+)", out.stdout).group(1)) < 1e-6


# ---- the index math, through the emulation -----------------------------------------


@pytest.mark.parametrize("cols,block", [(1, 32), (31, 32), (256, 256), (3000, 256), (1025, 1024)])
def test_every_column_is_read_by_exactly_one_thread(cols, block):
    seen = sorted(c for t in range(block) for c in thread_columns(t, cols, block))
    assert seen == list(range(cols))
    # coalescing: at each iteration, thread t and t + 1 read neighbouring columns
    assert all(thread_columns(t, cols, block)[:1] == range(t, t + 1) for t in range(min(cols, block)))


def test_butterfly_leaves_the_total_in_every_lane():
    rng = np.random.default_rng(0)
    m = rng.normal(size=(3, WARP)).astype(F32)
    s = np.ones((3, WARP), dtype=F32)
    tm, ts = warp_combine(m, s)
    assert (tm == tm[:, :1]).all() and np.allclose(ts, ts[:, :1])
    assert np.allclose(tm[:, 0], m.max(axis=1))
    assert np.allclose(ts[:, 0], np.exp(m - m.max(axis=1, keepdims=True)).sum(axis=1), rtol=1e-6)


def test_combine_handles_empty_pairs_without_nan():
    empty_m, empty_s = np.array([-np.inf], F32), np.array([0], F32)
    m, s = combine(empty_m, empty_s, empty_m, empty_s)
    assert m[0] == -np.inf and s[0] == 0
    m, s = combine(empty_m, empty_s, np.array([3], F32), np.array([2], F32))
    assert (m[0], s[0]) == (3, 2)


@settings(deadline=None, max_examples=200)
@given(pairs=st.lists(st.tuples(st.floats(-50, 50, width=32), st.floats(0.5, 100, width=32)), min_size=3, max_size=3))
def test_combine_is_commutative_and_associative_up_to_rounding(pairs):
    (am, as_), (bm, bs), (cm, cs) = [(np.array([m], F32), np.array([s], F32)) for m, s in pairs]
    ab = combine(am, as_, bm, bs)
    ba = combine(bm, bs, am, as_)
    assert ab[0] == ba[0] and np.allclose(ab[1], ba[1], rtol=1e-6)
    left = combine(*combine(am, as_, bm, bs), cm, cs)
    right = combine(am, as_, *combine(bm, bs, cm, cs))
    assert left[0] == right[0] and np.allclose(left[1], right[1], rtol=1e-5)


@pytest.mark.parametrize(
    "rows,cols,block", [(1, 1, 32), (3, 31, 32), (4, 33, 64), (2, 3000, 256), (2, 5000, 1024), (5, 256, 256)]
)
def test_emulation_matches_the_reference(rows, cols, block):
    x = (np.random.default_rng(rows * cols).normal(size=(rows, cols)) * 8).astype(F32)
    y = softmax_rows_emulated(x, block)
    assert y.dtype == F32
    assert np.allclose(y, softmax_reference(x), rtol=1e-5, atol=1e-7)
    assert np.allclose(y.sum(axis=1), 1, atol=1e-5)


def test_huge_logits_do_not_overflow():
    x = np.array([[1e4, 0, -1e4, 5], [88.0, 89.0, 90.0, -np.inf]], F32)  # exp(89) overflows float32
    y = softmax_rows_emulated(x, 32)
    assert np.isfinite(y).all()
    assert np.allclose(y, softmax_reference(x), atol=1e-7)


def test_a_row_of_minus_infinity_is_nan_like_the_frameworks():
    assert np.isnan(softmax_rows_emulated(np.full((1, 8), -np.inf, F32), 32)).all()


def test_block_size_must_be_whole_warps():
    with pytest.raises(ValueError):
        softmax_rows_emulated(np.zeros((1, 4), F32), block=48)
    with pytest.raises(ValueError):
        softmax_rows_emulated(np.zeros((1, 4), F32), block=2048)


@settings(deadline=None, max_examples=150)
@given(
    rows=st.integers(1, 4),
    cols=st.integers(1, 700),
    block=st.sampled_from([32, 64, 128, 256, 512]),
    scale=st.sampled_from([0.1, 5.0, 60.0]),
    seed=st.integers(0, 2**31),
)
def test_any_shape_and_block_size_matches_the_reference(rows, cols, block, scale, seed):
    x = (np.random.default_rng(seed).standard_normal((rows, cols)) * scale).astype(F32)
    y = softmax_rows_emulated(x, block)
    assert np.allclose(y, softmax_reference(x), rtol=1e-4, atol=1e-7)
