"""Place models on GPUs under per-GPU memory limits.

Sizes are integers in one unit of your choice (MiB in practice): integer
arithmetic keeps `used` exact after any sequence of place and release calls.
A model never spans GPUs, so free memory split over several GPUs is only as
useful as its largest piece; `fragmentation()` measures that loss.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


class AllocationError(Exception):
    """A model cannot be placed: no GPU has enough free memory for it."""


@dataclass
class Gpu:
    gpu_id: int
    total: int
    models: dict[str, int] = field(default_factory=dict)  # model id -> size
    used: int = 0

    @property
    def free(self) -> int:
        return self.total - self.used


class GpuAllocator:
    def __init__(self, capacities: Iterable[int]) -> None:
        self.gpus = [Gpu(i, total) for i, total in enumerate(capacities)]
        if not self.gpus or any(g.total <= 0 for g in self.gpus):
            raise ValueError("need at least one GPU, each with positive capacity")
        self._where: dict[str, int] = {}  # model id -> GPU id

    # ---- online: one model at a time, best fit -------------------------
    def place(self, model_id: str, size: int) -> int:
        """Put one model on the GPU it fills most tightly; return the GPU id."""
        self._check_new(model_id, size)
        fits = [g for g in self.gpus if g.free >= size]
        if not fits:
            raise AllocationError(f"{model_id} ({size}) fits no GPU; largest free block is {self.largest_free()}")
        best = min(fits, key=lambda g: (g.free - size, g.gpu_id))
        self._commit(model_id, size, best)
        return best.gpu_id

    # ---- batch: first-fit decreasing, all or nothing --------------------
    def place_batch(self, models: dict[str, int]) -> dict[str, int]:
        """Place many models at once with first-fit decreasing.

        Largest model first; each goes on the lowest-numbered GPU with room.
        The plan is computed on a copy of the free memory and committed only
        if every model fits, so a failed batch leaves the allocator unchanged.
        """
        for model_id, size in models.items():
            self._check_new(model_id, size)
        free = [g.free for g in self.gpus]
        plan: dict[str, int] = {}
        unplaced: list[str] = []
        for model_id, size in sorted(models.items(), key=lambda kv: (-kv[1], kv[0])):
            for gpu_id, room in enumerate(free):
                if room >= size:  # the FIRST GPU that fits, not the tightest
                    free[gpu_id] -= size
                    plan[model_id] = gpu_id
                    break
            else:
                unplaced.append(model_id)
        if unplaced:
            raise AllocationError(f"first-fit decreasing could not place {unplaced}")
        for model_id, gpu_id in plan.items():
            self._commit(model_id, models[model_id], self.gpus[gpu_id])
        return plan

    # ---- release and metrics ---------------------------------------------
    def release(self, model_id: str) -> int:
        """Free a model's memory using the size stored at placement; return its GPU id."""
        if model_id not in self._where:
            raise KeyError(f"unknown model {model_id!r}")
        gpu = self.gpus[self._where.pop(model_id)]
        gpu.used -= gpu.models.pop(model_id)
        return gpu.gpu_id

    def largest_free(self) -> int:
        return max(g.free for g in self.gpus)

    def fragmentation(self) -> float:
        """1 - largest free block / total free memory (0.0 when nothing is free).

        0.0: all free memory is on one GPU, so any model up to that size fits.
        Close to 1.0: free memory exists but is scattered in small pieces.
        """
        total_free = sum(g.free for g in self.gpus)
        return 0.0 if total_free == 0 else 1 - self.largest_free() / total_free

    def location(self, model_id: str) -> int | None:
        return self._where.get(model_id)

    # ---- helpers ----------------------------------------------------------
    def _check_new(self, model_id: str, size: int) -> None:
        if model_id in self._where:
            raise ValueError(f"model {model_id!r} is already placed on GPU {self._where[model_id]}")
        if size <= 0:
            raise ValueError(f"model {model_id!r}: size must be positive, got {size}")
        biggest = max(g.total for g in self.gpus)
        if size > biggest:
            raise AllocationError(
                f"model {model_id!r} ({size}) is larger than the biggest GPU ({biggest}); "
                "shard it (tensor or pipeline parallel) instead"
            )

    def _commit(self, model_id: str, size: int, gpu: Gpu) -> None:
        gpu.models[model_id] = size
        gpu.used += size
        self._where[model_id] = gpu.gpu_id
