// Row-wise softmax, fused into one kernel: y[r][c] = exp(x[r][c] - max_r) / sum_r.
//
// One thread block per row. Pass 1 reads the row once and keeps, per thread, a
// running (max, sum of exp(x - max)) pair: the "online softmax" update, so max
// and sum need one read instead of two. Threads merge their pairs with warp
// shuffles, then across warps through shared memory. Pass 2 reads the row again
// and writes the result. Global memory traffic: 2 reads + 1 write per element,
// against 3 reads + 1 write for separate max, sum and normalise kernels.
//
// Build: nvcc -std=c++17 -O2 fused_softmax.cu -o fused_softmax
// The guide's tests compile this file and test a NumPy emulation of the same
// indexing (docs_src/coding_platform/fused_softmax_emulation.py) on a CPU.

#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CUDA_CHECK(call)                                                          \
    do {                                                                          \
        cudaError_t err_ = (call);                                                \
        if (err_ != cudaSuccess) {                                                \
            std::fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,               \
                         cudaGetErrorString(err_));                               \
            std::exit(1);                                                         \
        }                                                                         \
    } while (0)

constexpr int kWarp = 32;
constexpr unsigned kAllLanes = 0xffffffffu;

// A partial softmax denominator: the largest value seen, and the sum of
// exp(value - m) over the values seen. (-inf, 0) is the empty pair.
struct MaxSum {
    float m;
    float s;
};

__device__ __forceinline__ MaxSum combine(MaxSum a, MaxSum b) {
    const float m = fmaxf(a.m, b.m);
    if (m == -INFINITY) {  // both sides empty (or all -inf): avoid (-inf) - (-inf) = NaN
        return {m, a.s + b.s};
    }
    // rescale each side's sum from its own max to the common max
    return {m, a.s * expf(a.m - m) + b.s * expf(b.m - m)};
}

// Butterfly reduction: at each step lane i swaps with lane i ^ offset, so after
// log2(32) = 5 steps every lane of the warp holds the combined pair.
__device__ __forceinline__ MaxSum warp_combine(MaxSum v) {
    for (int offset = kWarp / 2; offset > 0; offset /= 2) {
        MaxSum other{__shfl_xor_sync(kAllLanes, v.m, offset),
                     __shfl_xor_sync(kAllLanes, v.s, offset)};
        v = combine(v, other);
    }
    return v;
}

template <int kBlock>
__global__ void softmax_rows(const float* __restrict__ x, float* __restrict__ y, int cols) {
    static_assert(kBlock % kWarp == 0 && kBlock <= 1024, "block: whole warps, at most 1024 threads");
    constexpr int kWarps = kBlock / kWarp;

    const int tid = threadIdx.x;
    const int lane = tid % kWarp;
    const int warp = tid / kWarp;
    const float* in = x + static_cast<size_t>(blockIdx.x) * cols;  // this block's row
    float* out = y + static_cast<size_t>(blockIdx.x) * cols;

    // Pass 1. Thread t reads columns t, t + kBlock, t + 2 kBlock, ...: at each
    // iteration the warp's 32 threads read 32 neighbouring floats, one 128-byte
    // coalesced transaction.
    MaxSum acc{-INFINITY, 0.0f};
    for (int c = tid; c < cols; c += kBlock) {
        acc = combine(acc, MaxSum{in[c], 1.0f});
    }

    // Merge within each warp, then lane 0 of every warp publishes its pair.
    acc = warp_combine(acc);
    __shared__ MaxSum per_warp[kWarps];
    __shared__ MaxSum row_total;
    if (lane == 0) {
        per_warp[warp] = acc;
    }
    __syncthreads();  // every warp's pair is in shared memory

    // Warp 0 merges the per-warp pairs; lanes beyond kWarps contribute the empty pair.
    if (warp == 0) {
        MaxSum v = lane < kWarps ? per_warp[lane] : MaxSum{-INFINITY, 0.0f};
        v = warp_combine(v);
        if (lane == 0) {
            row_total = v;
        }
    }
    __syncthreads();  // row_total is visible to the whole block

    // Pass 2. Same strided, coalesced pattern; one reciprocal, then multiplies.
    const float m = row_total.m;
    const float inv = 1.0f / row_total.s;
    for (int c = tid; c < cols; c += kBlock) {
        out[c] = expf(in[c] - m) * inv;
    }
}

// ---- host program: run on a GPU, compare with a double-precision CPU softmax ----

static void cpu_softmax(const std::vector<float>& x, std::vector<double>& y, int rows, int cols) {
    for (int r = 0; r < rows; ++r) {
        const float* in = &x[static_cast<size_t>(r) * cols];
        double m = -INFINITY, s = 0.0;
        for (int c = 0; c < cols; ++c) m = in[c] > m ? in[c] : m;
        for (int c = 0; c < cols; ++c) s += std::exp(static_cast<double>(in[c]) - m);
        for (int c = 0; c < cols; ++c) y[static_cast<size_t>(r) * cols + c] = std::exp(in[c] - m) / s;
    }
}

int main() {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("no CUDA device found: nothing to run\n");
        return 0;
    }
    constexpr int kBlock = 256;
    const int rows = 4096, cols = 3000;  // cols: not a multiple of the block or of a warp
    const size_t n = static_cast<size_t>(rows) * cols;

    std::vector<float> x(n);
    unsigned state = 12345u;  // a fixed LCG, so every run checks the same numbers
    for (size_t i = 0; i < n; ++i) {
        state = state * 1664525u + 1013904223u;
        x[i] = static_cast<float>(state >> 8) / 16777216.0f * 40.0f - 20.0f;
    }
    x[7] = 1.0e4f;  // a huge logit: exp(x) overflows unless the max is subtracted first

    float *d_x = nullptr, *d_y = nullptr;
    CUDA_CHECK(cudaMalloc(&d_x, n * sizeof(float)));
    CUDA_CHECK(cudaMalloc(&d_y, n * sizeof(float)));
    CUDA_CHECK(cudaMemcpy(d_x, x.data(), n * sizeof(float), cudaMemcpyHostToDevice));

    softmax_rows<kBlock><<<rows, kBlock>>>(d_x, d_y, cols);  // warm-up and correctness run
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaDeviceSynchronize());

    cudaEvent_t start, stop;
    CUDA_CHECK(cudaEventCreate(&start));
    CUDA_CHECK(cudaEventCreate(&stop));
    const int iters = 50;
    CUDA_CHECK(cudaEventRecord(start));
    for (int i = 0; i < iters; ++i) {
        softmax_rows<kBlock><<<rows, kBlock>>>(d_x, d_y, cols);
    }
    CUDA_CHECK(cudaEventRecord(stop));
    CUDA_CHECK(cudaEventSynchronize(stop));
    float ms = 0.0f;
    CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));

    std::vector<float> y(n);
    CUDA_CHECK(cudaMemcpy(y.data(), d_y, n * sizeof(float), cudaMemcpyDeviceToHost));
    std::vector<double> ref(n);
    cpu_softmax(x, ref, rows, cols);
    double max_err = 0.0;
    for (size_t i = 0; i < n; ++i) max_err = std::fmax(max_err, std::fabs(y[i] - ref[i]));

    const double per_launch_ms = ms / iters;
    const double bytes = 3.0 * n * sizeof(float);  // 2 reads + 1 write per element
    std::printf("rows=%d cols=%d block=%d\n", rows, cols, kBlock);
    std::printf("max_abs_err=%.3e\n", max_err);
    std::printf("time_per_launch_ms=%.4f effective_GBps=%.1f\n", per_launch_ms, bytes / (per_launch_ms * 1e6));

    CUDA_CHECK(cudaEventDestroy(start));
    CUDA_CHECK(cudaEventDestroy(stop));
    CUDA_CHECK(cudaFree(d_x));
    CUDA_CHECK(cudaFree(d_y));
    return max_err < 1e-6 ? 0 : 1;
}
