"""Stage 2: fork a sequence with copy-on-write.

Parallel sampling (n > 1) and beam search start several sequences from one prompt.
fork() gives the child the parent's block table and bumps each block's reference
count instead of copying KV data. A block is returned to the free list only when its
count drops to zero. Sequences only ever write at their end, so the one block that
can need copying is the last one: when a sequence appends into a partly filled block
that another sequence also points at, it first gets a private copy. The copy itself
is GPU work, so the allocator only records it; the engine drains take_copies() and
runs the block copies before the next forward pass.
"""

from __future__ import annotations

from docs_src.coding_llm_engine.paged_kv_stage1 import BlockPool, PagedKVAllocator


class RefCountedPool(BlockPool):
    def __init__(self, num_blocks: int) -> None:
        super().__init__(num_blocks)
        self._ref = [0] * num_blocks

    def take(self, n: int) -> list[int]:
        blocks = super().take(n)
        for b in blocks:
            self._ref[b] = 1
        return blocks

    def refcount(self, block: int) -> int:
        return self._ref[block]

    def incref(self, block: int) -> None:
        if self._ref[block] == 0:
            raise ValueError(f"block {block} is free; cannot share it")
        self._ref[block] += 1

    def decref(self, block: int) -> None:
        if self._ref[block] == 0:
            raise ValueError(f"block {block} is already free (double free)")
        self._ref[block] -= 1
        if self._ref[block] == 0:
            self.give(block)


class CowKVAllocator(PagedKVAllocator):
    pool: RefCountedPool

    def __init__(self, num_blocks: int, block_size: int) -> None:
        super().__init__(num_blocks, block_size)
        self._copies: list[tuple[int, int]] = []  # (src block, dst block) not yet run

    def _make_pool(self, num_blocks: int) -> RefCountedPool:
        return RefCountedPool(num_blocks)

    def _release(self, block: int) -> None:
        self.pool.decref(block)

    def refcount(self, block: int) -> int:
        return self.pool.refcount(block)

    def take_copies(self) -> list[tuple[int, int]]:
        """Block copies the engine must run (src -> dst) before the next step."""
        copies, self._copies = self._copies, []
        return copies

    def fork(self, parent: str, child: str) -> None:
        if child in self._tables:
            raise ValueError(f"sequence {child!r} already exists")
        table = self._require(parent)
        for block in table:
            self.pool.incref(block)
        self._tables[child] = list(table)
        self._lengths[child] = self._lengths[parent]

    def _needs_cow(self, seq_id: str, n: int) -> bool:
        table, length = self._require(seq_id), self._lengths[seq_id]
        partly_full = length % self.block_size != 0
        return n > 0 and partly_full and self.pool.refcount(table[-1]) > 1

    def blocks_needed_to_append(self, seq_id: str, n: int = 1) -> int:
        return super().blocks_needed_to_append(seq_id, n) + self._needs_cow(seq_id, n)

    def append(self, seq_id: str, n: int = 1) -> list[int]:
        if n < 0:
            raise ValueError("n must be >= 0")
        cow = self._needs_cow(seq_id, n)
        # Take the copy target and the new tail blocks in one call: all or nothing.
        taken = self.pool.take(self.blocks_needed_to_append(seq_id, n))
        table, added = self._tables[seq_id], []
        if cow:
            private, shared = taken.pop(0), table[-1]
            self._copies.append((shared, private))  # copy the filled slots first
            self.pool.decref(shared)  # still held by the other sequences
            table[-1] = private
            added.append(private)
        table.extend(taken)
        added.extend(taken)
        self._lengths[seq_id] += n
        return added
