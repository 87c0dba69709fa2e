"""Size the KV cache an engine carves out at startup, per GPU, and what it holds.

The engine loads the weights, measures its activation peak, and turns what is left
of its memory share into KV blocks. How many bytes one token costs on one GPU depends
on the attention layout and the parallelism:

- MHA / GQA / MQA: 2 (K and V) x KV heads on this GPU x head_dim x bytes, per layer.
  Tensor parallelism splits the KV heads; with more TP ranks than KV heads each rank
  keeps one whole head (heads are replicated, not split).
- MLA (DeepSeek-V2/V3 style): one compressed latent plus a small RoPE key per token
  per layer, the same on every TP rank: TP does not divide it.
- Sliding-window layers keep only the blocks that overlap the last `window` tokens.
- Pipeline parallelism gives each GPU a share of the layers.

Integers in bytes throughout; the result is an estimate of capacity, as real engines
also keep embeddings replicated and reserve room for CUDA graphs and fragmentation.
"""

from __future__ import annotations

from dataclasses import dataclass


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class ModelShape:
    layers: int
    params: int  # total parameters, for the weight footprint
    kv_heads: int = 0  # MHA / GQA / MQA: KV heads per layer
    head_dim: int = 0
    mla_dim: int = 0  # MLA: cached values per token per layer (latent + RoPE key)
    window: int = 0  # sliding-window length of the local layers (0: none)
    local_layers: int = 0  # how many layers use the window

    def __post_init__(self) -> None:
        if (self.mla_dim > 0) == (self.kv_heads > 0):
            raise ValueError("give either kv_heads and head_dim, or mla_dim")
        if not 0 <= self.local_layers <= self.layers or (self.local_layers and self.window < 1):
            raise ValueError("local layers need a window and must not exceed layers")


@dataclass(frozen=True)
class Parallelism:
    tp: int = 1
    pp: int = 1


def token_bytes_per_layer(shape: ModelShape, kv_dtype_bytes: float, tp: int) -> float:
    """KV bytes one token costs in one layer on one GPU."""
    if shape.mla_dim:
        return shape.mla_dim * kv_dtype_bytes  # replicated on every TP rank
    if shape.kv_heads % tp and tp % shape.kv_heads:
        raise ValueError(f"tp={tp} neither divides nor is a multiple of {shape.kv_heads} KV heads")
    heads_here = max(1, shape.kv_heads // tp)
    return 2 * heads_here * shape.head_dim * kv_dtype_bytes


def window_blocks(context: int, window: int, block_size: int) -> int:
    """Blocks a sliding-window layer holds for a sequence of `context` tokens: those
    that overlap positions [context - window, context)."""
    if context <= 0:
        return 0
    first = max(0, context - window)
    return (context - 1) // block_size - first // block_size + 1


@dataclass(frozen=True)
class KVPlan:
    kv_budget_bytes: int  # per GPU, after weights and the activation reserve
    token_bytes_per_layer: float  # per GPU
    global_layers: int  # layers on this GPU with full attention
    local_layers: int  # layers on this GPU with a sliding window
    window: int
    block_size: int

    @property
    def block_bytes(self) -> float:
        """One block of block_size tokens across every layer this GPU holds."""
        return self.block_size * self.token_bytes_per_layer * (self.global_layers + self.local_layers)

    def sequence_bytes(self, context: int) -> float:
        full = ceil_div(context, self.block_size) * self.global_layers
        local = window_blocks(context, self.window, self.block_size) * self.local_layers
        return (full + local) * self.block_size * self.token_bytes_per_layer

    def max_sequences(self, context: int) -> int:
        """How many sequences of `context` tokens fit at once (each rounded up to blocks)."""
        return int(self.kv_budget_bytes // self.sequence_bytes(context))

    def max_tokens_without_windows(self) -> int:
        """Token slots in the pool if every layer kept every token."""
        return int(self.kv_budget_bytes // self.block_bytes) * self.block_size


def plan(
    shape: ModelShape,
    gpu_memory_bytes: int,
    *,
    weight_bytes: float = 2,
    kv_dtype_bytes: float = 2,
    parallel: Parallelism = Parallelism(),
    memory_utilization: float = 0.9,
    activation_reserve_bytes: int = 0,
    block_size: int = 16,
) -> KVPlan:
    tp, pp = parallel.tp, parallel.pp
    if shape.layers % pp or shape.local_layers % pp:
        raise ValueError("pp must divide the layer counts (stages get equal shares)")
    weights = shape.params * weight_bytes / (tp * pp)
    budget = int(gpu_memory_bytes * memory_utilization - weights - activation_reserve_bytes)
    if budget <= 0:
        raise ValueError(f"weights need {weights / 1e9:.1f} GB per GPU: no room left for KV")
    local = shape.local_layers // pp
    return KVPlan(
        budget,
        token_bytes_per_layer(shape, kv_dtype_bytes, tp),
        shape.layers // pp - local,
        local,
        shape.window,
        block_size,
    )
