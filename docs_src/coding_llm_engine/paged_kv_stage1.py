"""Stage 1: a paged KV-cache block allocator.

The KV cache lives in a fixed pool of `num_blocks` physical blocks, each holding the
keys and values of `block_size` tokens. A sequence owns a block table: logical block i
of the sequence is physical block table[i]. Tokens are appended one block at a time,
so the only waste is the unfilled tail of each sequence's last block.

Every operation is all-or-nothing: when the pool cannot cover a request, OutOfBlocks
is raised and no state has changed, so the scheduler can preempt and retry.
"""

from __future__ import annotations


class OutOfBlocks(Exception):
    """The pool has fewer free blocks than the operation needs; nothing was changed."""

    def __init__(self, needed: int, free: int) -> None:
        super().__init__(f"need {needed} free KV blocks, only {free} left")
        self.needed, self.free = needed, free


def blocks_for(num_tokens: int, block_size: int) -> int:
    """Blocks needed to hold num_tokens tokens (ceiling division)."""
    return -(-num_tokens // block_size)


class BlockPool:
    """The free list of one memory tier. take() is all-or-nothing."""

    def __init__(self, num_blocks: int) -> None:
        if num_blocks < 0:
            raise ValueError("num_blocks must be >= 0")
        self.num_blocks = num_blocks
        # A stack: the most recently freed block is reused first (LIFO).
        self._free = list(range(num_blocks - 1, -1, -1))

    @property
    def num_free(self) -> int:
        return len(self._free)

    def free_ids(self) -> list[int]:
        return list(self._free)

    def take(self, n: int) -> list[int]:
        if n > len(self._free):
            raise OutOfBlocks(n, len(self._free))
        return [self._free.pop() for _ in range(n)]

    def give(self, block: int) -> None:
        self._free.append(block)


class PagedKVAllocator:
    def __init__(self, num_blocks: int, block_size: int) -> None:
        if block_size < 1:
            raise ValueError("block_size must be >= 1")
        self.block_size = block_size
        self.pool = self._make_pool(num_blocks)
        self._tables: dict[str, list[int]] = {}  # seq id -> physical block ids
        self._lengths: dict[str, int] = {}  # seq id -> tokens stored

    def _make_pool(self, num_blocks: int) -> BlockPool:
        return BlockPool(num_blocks)

    # ---- queries -------------------------------------------------------------
    @property
    def num_free_blocks(self) -> int:
        return self.pool.num_free

    def sequences(self) -> list[str]:
        return list(self._tables)

    def block_table(self, seq_id: str) -> list[int]:
        return list(self._require(seq_id))

    def num_tokens(self, seq_id: str) -> int:
        self._require(seq_id)
        return self._lengths[seq_id]

    def slot(self, seq_id: str, position: int) -> tuple[int, int]:
        """(physical block, offset) where token `position` of the sequence is stored."""
        if not 0 <= position < self.num_tokens(seq_id):
            raise IndexError(f"{seq_id!r} has no token {position}")
        table = self._tables[seq_id]
        return table[position // self.block_size], position % self.block_size

    def blocks_needed_to_append(self, seq_id: str, n: int = 1) -> int:
        length = self.num_tokens(seq_id)
        return blocks_for(length + n, self.block_size) - len(self._tables[seq_id])

    # ---- operations ----------------------------------------------------------
    def allocate(self, seq_id: str, num_tokens: int) -> list[int]:
        """Create a sequence holding num_tokens tokens (its prompt); return its table."""
        if seq_id in self._tables:
            raise ValueError(f"sequence {seq_id!r} already exists")
        if num_tokens < 0:
            raise ValueError("num_tokens must be >= 0")
        blocks = self.pool.take(blocks_for(num_tokens, self.block_size))  # may raise
        self._tables[seq_id] = blocks
        self._lengths[seq_id] = num_tokens
        return list(blocks)

    def append(self, seq_id: str, n: int = 1) -> list[int]:
        """Make room for n more tokens; return the blocks added to the table."""
        if n < 0:
            raise ValueError("n must be >= 0")
        new = self.pool.take(self.blocks_needed_to_append(seq_id, n))  # may raise
        self._tables[seq_id].extend(new)
        self._lengths[seq_id] += n
        return new

    def free(self, seq_id: str) -> None:
        for block in reversed(self._require(seq_id)):
            self._release(block)
        del self._tables[seq_id], self._lengths[seq_id]

    # ---- helpers -------------------------------------------------------------
    def _release(self, block: int) -> None:
        self.pool.give(block)

    def _require(self, seq_id: str) -> list[int]:
        try:
            return self._tables[seq_id]
        except KeyError:
            raise KeyError(f"unknown sequence {seq_id!r}") from None
