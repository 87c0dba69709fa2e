"""A NumPy emulation of fused_softmax.cu, index for index, so its math runs on a CPU.

Arrays carry one entry per (row, thread): axis 0 is blockIdx.x (one block per
row), axis 1 is threadIdx.x. Each step below matches a step of the kernel:
the strided per-thread pass, the butterfly shuffle inside each warp, the
per-warp pairs in shared memory reduced by warp 0, and the write pass. All
arithmetic is float32, as on the GPU.
"""

from __future__ import annotations

import numpy as np

WARP = 32
F32 = np.float32


def combine(am: np.ndarray, as_: np.ndarray, bm: np.ndarray, bs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kernel's combine(): merge (max, sum of exp(x - max)) pairs elementwise."""
    m = np.maximum(am, bm)
    empty = m == -np.inf
    safe_m = np.where(empty, F32(0), m)  # keeps (-inf) - (-inf) out of the arithmetic
    with np.errstate(invalid="ignore", over="ignore"):
        s = as_ * np.exp(am - safe_m) + bs * np.exp(bm - safe_m)
    return m, np.where(empty, as_ + bs, s).astype(F32)


def thread_columns(tid: int, cols: int, block: int) -> range:
    """Columns thread `tid` reads: for (c = tid; c < cols; c += block)."""
    return range(tid, cols, block)


def warp_combine(m: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """__shfl_xor_sync butterfly over the last axis (32 lanes): every lane ends with the total."""
    lanes = np.arange(WARP)
    offset = WARP // 2
    while offset > 0:
        partner = lanes ^ offset  # lane i reads lane i ^ offset
        m, s = combine(m, s, m[..., partner], s[..., partner])
        offset //= 2
    return m, s


def softmax_rows_emulated(x: np.ndarray, block: int = 256) -> np.ndarray:
    if block % WARP or not 0 < block <= 1024:
        raise ValueError("block must be whole warps, at most 1024 threads")
    x = np.asarray(x, dtype=F32)
    rows, cols = x.shape
    tid = np.arange(block)
    # pass 1: acc starts empty; iteration k handles column k * block + tid
    acc_m = np.full((rows, block), -np.inf, dtype=F32)
    acc_s = np.zeros((rows, block), dtype=F32)
    for base in range(0, cols, block):
        c = base + tid
        live = c < cols  # threads past the end of the row skip this iteration
        xm = np.where(live, x[:, np.minimum(c, cols - 1)], -np.inf).astype(F32)
        new_m, new_s = combine(acc_m, acc_s, xm, np.ones_like(acc_s))
        acc_m, acc_s = np.where(live, new_m, acc_m), np.where(live, new_s, acc_s)
    # warp reduction: threads 32w .. 32w + 31 form warp w
    warps = block // WARP
    wm, ws = warp_combine(acc_m.reshape(rows, warps, WARP), acc_s.reshape(rows, warps, WARP))
    per_warp_m, per_warp_s = wm[:, :, 0], ws[:, :, 0]  # lane 0 writes shared memory
    # warp 0: lane i < warps loads per_warp[i], other lanes the empty pair
    lane_m = np.full((rows, WARP), -np.inf, dtype=F32)
    lane_s = np.zeros((rows, WARP), dtype=F32)
    lane_m[:, :warps], lane_s[:, :warps] = per_warp_m, per_warp_s
    tm, ts = warp_combine(lane_m, lane_s)
    m, inv = tm[:, :1], (F32(1) / ts[:, :1]).astype(F32)
    # pass 2
    with np.errstate(invalid="ignore"):
        return (np.exp(x - m) * inv).astype(F32)


def softmax_reference(x: np.ndarray) -> np.ndarray:
    """Plain float64 softmax along the last axis, max subtracted first."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
