"""Stage 3: swap sequences out to a CPU block pool and back.

When GPU blocks run out, the scheduler can park a running sequence in host memory
instead of throwing its KV cache away. swap_out() moves a group of sequences to the
CPU tier and swap_in() brings them back, possibly into different GPU blocks (the
block table hides where a block lives). Blocks shared inside the group move once
and stay shared on the CPU side; a block also used by a sequence that stays on the
GPU is copied, and the GPU copy keeps serving that sequence. Both calls are
all-or-nothing and return the block copies (source -> destination) the engine must
run, in order, before any of the freed blocks is written again.
"""

from __future__ import annotations

from collections.abc import Iterable

from docs_src.coding_llm_engine.paged_kv_stage1 import OutOfBlocks
from docs_src.coding_llm_engine.paged_kv_stage2 import CowKVAllocator, RefCountedPool


class SequenceSwapped(KeyError):
    """The sequence is in the CPU tier; swap it in before touching it."""


class TieredKVAllocator(CowKVAllocator):
    def __init__(self, num_gpu_blocks: int, num_cpu_blocks: int, block_size: int) -> None:
        super().__init__(num_gpu_blocks, block_size)
        self.cpu = RefCountedPool(num_cpu_blocks)
        self._cpu_tables: dict[str, list[int]] = {}
        self._cpu_lengths: dict[str, int] = {}

    # ---- queries -------------------------------------------------------------
    def is_swapped(self, seq_id: str) -> bool:
        return seq_id in self._cpu_tables

    def swapped_sequences(self) -> list[str]:
        return list(self._cpu_tables)

    def cpu_block_table(self, seq_id: str) -> list[int]:
        return list(self._cpu_tables[seq_id])

    def cpu_num_tokens(self, seq_id: str) -> int:
        return self._cpu_lengths[seq_id]

    # ---- moving between tiers ----------------------------------------------
    def swap_out(self, seq_ids: Iterable[str]) -> list[tuple[int, int]]:
        """Move the sequences to the CPU tier; return (gpu block, cpu block) copies."""
        group = self._distinct(seq_ids)
        tables = [self._require(s) for s in group]
        gpu_blocks = list(dict.fromkeys(b for t in tables for b in t))  # shared: once
        cpu_blocks = self.cpu.take(len(gpu_blocks))  # may raise: nothing changed yet
        where = dict(zip(gpu_blocks, cpu_blocks))
        seen: set[int] = set()
        for seq_id, table in zip(group, tables):
            cpu_table = [where[b] for b in table]
            for c in cpu_table:  # take() gave each CPU block one reference already
                if c in seen:
                    self.cpu.incref(c)
                seen.add(c)
            self._cpu_tables[seq_id] = cpu_table
            self._cpu_lengths[seq_id] = self._lengths.pop(seq_id)
            del self._tables[seq_id]
        copies = list(where.items())
        for table in tables:  # release GPU references last, after the map is built
            for b in table:
                self.pool.decref(b)
        return copies

    def swap_in(self, seq_ids: Iterable[str]) -> list[tuple[int, int]]:
        """Bring swapped sequences back to the GPU; return (cpu block, gpu block) copies."""
        group = self._distinct(seq_ids)
        missing = [s for s in group if s not in self._cpu_tables]
        if missing:
            raise KeyError(f"not swapped out: {missing}")
        tables = [self._cpu_tables[s] for s in group]
        cpu_blocks = list(dict.fromkeys(c for t in tables for c in t))
        gpu_blocks = self.pool.take(len(cpu_blocks))  # may raise: nothing changed yet
        where = dict(zip(cpu_blocks, gpu_blocks))
        seen: set[int] = set()
        for seq_id, cpu_table in zip(group, tables):
            table = [where[c] for c in cpu_table]
            for b in table:
                if b in seen:
                    self.pool.incref(b)
                seen.add(b)
            self._tables[seq_id] = table
            self._lengths[seq_id] = self._cpu_lengths.pop(seq_id)
            del self._cpu_tables[seq_id]
        copies = list(where.items())
        for cpu_table in tables:
            for c in cpu_table:
                self.cpu.decref(c)
        return copies

    def free(self, seq_id: str) -> None:
        if seq_id in self._cpu_tables:  # a swapped sequence that was cancelled
            for c in reversed(self._cpu_tables.pop(seq_id)):
                self.cpu.decref(c)
            del self._cpu_lengths[seq_id]
        else:
            super().free(seq_id)

    # ---- helpers -------------------------------------------------------------
    def _require(self, seq_id: str) -> list[int]:
        if seq_id in self._cpu_tables:
            raise SequenceSwapped(f"sequence {seq_id!r} is swapped out to CPU")
        return super()._require(seq_id)

    def _distinct(self, seq_ids: Iterable[str]) -> list[str]:
        group = list(seq_ids)
        if len(set(group)) != len(group):
            raise ValueError("a sequence is listed twice")
        return group

    def fork(self, parent: str, child: str) -> None:
        if child in self._cpu_tables:
            raise ValueError(f"sequence {child!r} already exists")
        super().fork(parent, child)

    def allocate(self, seq_id: str, num_tokens: int) -> list[int]:
        if seq_id in self._cpu_tables:
            raise ValueError(f"sequence {seq_id!r} already exists")
        return super().allocate(seq_id, num_tokens)


__all__ = ["OutOfBlocks", "SequenceSwapped", "TieredKVAllocator"]
