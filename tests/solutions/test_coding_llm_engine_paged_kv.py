"""Tests for the paged KV allocator, stages 1-3 (docs_src/coding_llm_engine/paged_kv_stage*.py).

Besides unit examples, a Hypothesis state machine drives each stage with random
allocate / append / fork / free / swap operations against a fake KV memory: every
token written is a unique number, and after every step each sequence must read back
exactly its own tokens through its block table. That catches a copy-on-write that
forgot to copy, or a block handed to two owners, which counting alone would miss.
"""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from docs_src.coding_llm_engine.paged_kv_stage1 import OutOfBlocks, PagedKVAllocator, blocks_for
from docs_src.coding_llm_engine.paged_kv_stage2 import CowKVAllocator
from docs_src.coding_llm_engine.paged_kv_stage3 import SequenceSwapped, TieredKVAllocator

# ---- stage 1 -------------------------------------------------------------------


def test_stage1_allocate_append_free():
    kv = PagedKVAllocator(num_blocks=4, block_size=4)
    assert kv.allocate("a", 6) == [0, 1]  # 6 tokens -> 2 blocks, the second half full
    assert kv.append("a", 2) == []  # fills block 1 exactly
    assert kv.append("a") == [2]  # token 9 opens a new block
    assert kv.num_tokens("a") == 9 and kv.block_table("a") == [0, 1, 2]
    assert kv.slot("a", 8) == (2, 0)
    kv.free("a")
    assert kv.num_free_blocks == 4 and kv.sequences() == []


def test_stage1_out_of_blocks_changes_nothing():
    kv = PagedKVAllocator(num_blocks=3, block_size=2)
    kv.allocate("a", 4)
    with pytest.raises(OutOfBlocks) as err:
        kv.allocate("b", 3)  # needs 2 blocks, 1 free
    assert (err.value.needed, err.value.free) == (2, 1)
    assert "b" not in kv.sequences() and kv.num_free_blocks == 1
    with pytest.raises(OutOfBlocks):
        kv.append("a", 3)  # needs 2 more blocks
    assert kv.num_tokens("a") == 4 and kv.block_table("a") == [0, 1]


def test_stage1_errors():
    kv = PagedKVAllocator(num_blocks=2, block_size=2)
    kv.allocate("a", 0)  # an empty sequence holds no block
    assert kv.block_table("a") == [] and kv.num_free_blocks == 2
    with pytest.raises(ValueError):
        kv.allocate("a", 1)
    with pytest.raises(KeyError):
        kv.free("ghost")
    with pytest.raises(IndexError):
        kv.slot("a", 0)
    kv.free("a")
    with pytest.raises(KeyError):
        kv.free("a")  # freeing twice is an error, not a silent double free


# ---- stage 2 -------------------------------------------------------------------


def test_stage2_fork_shares_and_copies_on_write():
    kv = CowKVAllocator(num_blocks=6, block_size=4)
    kv.allocate("p", 6)  # blocks [0, 1]; block 1 holds 2 of 4 tokens
    kv.fork("p", "c")
    assert kv.block_table("c") == [0, 1] and kv.refcount(0) == kv.refcount(1) == 2
    assert kv.num_free_blocks == 4  # the fork cost no memory
    assert kv.append("c") == [2]  # c writes into shared block 1: private copy first
    assert kv.take_copies() == [(1, 2)]
    assert kv.block_table("c") == [0, 2] and kv.refcount(1) == 1
    assert kv.append("p") == [] and kv.take_copies() == []  # p is now sole owner of 1
    kv.free("p")
    assert kv.refcount(0) == 1 and kv.refcount(1) == 0  # block 0 still used by c
    kv.free("c")
    assert kv.num_free_blocks == 6


def test_stage2_full_shared_block_needs_no_copy():
    kv = CowKVAllocator(num_blocks=4, block_size=2)
    kv.allocate("p", 2)
    kv.fork("p", "c")
    assert kv.append("c") == [1] and kv.take_copies() == []  # the new token opens a block


def test_stage2_cow_out_of_blocks_is_atomic():
    kv = CowKVAllocator(num_blocks=2, block_size=4)
    kv.allocate("p", 5)  # both blocks
    kv.fork("p", "c")
    with pytest.raises(OutOfBlocks):
        kv.append("c")  # needs a private copy of block 1, none free
    assert kv.block_table("c") == [0, 1] and kv.refcount(1) == 2 and kv.take_copies() == []


# ---- stage 3 -------------------------------------------------------------------


def test_stage3_swap_moves_shared_blocks_once():
    kv = TieredKVAllocator(num_gpu_blocks=4, num_cpu_blocks=4, block_size=2)
    kv.allocate("p", 3)  # gpu [0, 1]
    kv.fork("p", "c")
    copies = kv.swap_out(["p", "c"])
    assert copies == [(0, 0), (1, 1)]  # two distinct blocks, not four
    assert kv.is_swapped("p") and kv.cpu_block_table("c") == [0, 1]
    assert kv.num_free_blocks == 4 and kv.cpu.refcount(0) == 2
    with pytest.raises(SequenceSwapped):
        kv.append("p")
    kv.allocate("x", 8)  # the GPU is free for someone else meanwhile
    with pytest.raises(OutOfBlocks):
        kv.swap_in(["p", "c"])
    assert kv.is_swapped("p") and kv.is_swapped("c")  # unchanged
    kv.free("x")
    back = kv.swap_in(["p", "c"])
    assert len(back) == 2 and kv.block_table("p") == kv.block_table("c")
    assert kv.cpu.num_free == 4 and kv.num_tokens("c") == 3


def test_stage3_shared_with_a_resident_sequence_is_copied():
    kv = TieredKVAllocator(num_gpu_blocks=4, num_cpu_blocks=4, block_size=2)
    kv.allocate("p", 4)
    kv.fork("p", "c")
    kv.swap_out(["c"])  # p stays on the GPU and keeps its blocks
    assert kv.block_table("p") == [0, 1] and kv.refcount(0) == 1
    kv.free("c")  # cancelling a swapped sequence frees its CPU blocks
    assert kv.cpu.num_free == 4 and kv.swapped_sequences() == []


# ---- the state machine ---------------------------------------------------------


def snapshot(kv):
    state = {s: (kv.block_table(s), kv.num_tokens(s)) for s in kv.sequences()}
    cpu = {}
    if isinstance(kv, TieredKVAllocator):
        cpu = {s: kv.cpu_block_table(s) for s in kv.swapped_sequences()}
    return state, cpu, sorted(kv.pool.free_ids())


class AllocatorMachine(RuleBasedStateMachine):
    cls = PagedKVAllocator
    BLOCK_SIZE, GPU_BLOCKS, CPU_BLOCKS = 3, 8, 6

    def __init__(self):
        super().__init__()
        if self.cls is TieredKVAllocator:
            self.kv = self.cls(self.GPU_BLOCKS, self.CPU_BLOCKS, self.BLOCK_SIZE)
        else:
            self.kv = self.cls(self.GPU_BLOCKS, self.BLOCK_SIZE)
        self.tokens: dict[str, list[int]] = {}  # the model: what each sequence holds
        self.gpu = {b: [None] * self.BLOCK_SIZE for b in range(self.GPU_BLOCKS)}
        self.cpu = {b: [None] * self.BLOCK_SIZE for b in range(self.CPU_BLOCKS)}
        self.names = (f"s{i}" for i in itertools.count())
        self.values = itertools.count()

    # -- helpers --
    def resident(self):
        return sorted(self.kv.sequences())

    def swapped(self):
        return sorted(getattr(self.kv, "swapped_sequences", list)())

    def run_copies(self, copies, src, dst):
        for a, b in copies:
            dst[b] = list(src[a])

    def drain(self):
        if hasattr(self.kv, "take_copies"):
            self.run_copies(self.kv.take_copies(), self.gpu, self.gpu)

    def write(self, seq, start):
        for pos in range(start, len(self.tokens[seq])):
            block, offset = self.kv.slot(seq, pos)
            self.gpu[block][offset] = self.tokens[seq][pos]

    def expect_oom(self, action):
        before = snapshot(self.kv)
        with pytest.raises(OutOfBlocks):
            action()
        assert snapshot(self.kv) == before

    # -- rules --
    @rule(n=st.integers(0, 10))
    def allocate(self, n):
        seq = next(self.names)
        if blocks_for(n, self.BLOCK_SIZE) > self.kv.num_free_blocks:
            self.expect_oom(lambda: self.kv.allocate(seq, n))
            return
        self.kv.allocate(seq, n)
        self.tokens[seq] = [next(self.values) for _ in range(n)]
        self.write(seq, 0)

    @precondition(lambda self: self.kv.sequences())
    @rule(data=st.data(), n=st.integers(0, 5))
    def append(self, data, n):
        seq = data.draw(st.sampled_from(self.resident()))
        table, length = self.kv.block_table(seq), self.kv.num_tokens(seq)
        shared = Counter(b for s in self.resident() for b in self.kv.block_table(s))
        cow = n > 0 and length % self.BLOCK_SIZE != 0 and shared[table[-1]] > 1
        needed = blocks_for(length + n, self.BLOCK_SIZE) - len(table) + cow
        if needed > self.kv.num_free_blocks:
            self.expect_oom(lambda: self.kv.append(seq, n))
            return
        self.kv.append(seq, n)
        self.drain()  # the engine runs copy-on-write copies before the forward pass
        self.tokens[seq] += [next(self.values) for _ in range(n)]
        self.write(seq, length)

    @precondition(lambda self: self.kv.sequences() and hasattr(self.kv, "fork"))
    @rule(data=st.data())
    def fork(self, data):
        parent = data.draw(st.sampled_from(self.resident()))
        child = next(self.names)
        self.kv.fork(parent, child)
        self.tokens[child] = list(self.tokens[parent])

    @precondition(lambda self: self.tokens)
    @rule(data=st.data())
    def free(self, data):
        seq = data.draw(st.sampled_from(sorted(self.tokens)))
        self.kv.free(seq)
        del self.tokens[seq]
        with pytest.raises(KeyError):
            self.kv.free(seq)

    @precondition(lambda self: hasattr(self.kv, "swap_out") and self.kv.sequences())
    @rule(data=st.data())
    def swap_out(self, data):
        group = data.draw(st.lists(st.sampled_from(self.resident()), min_size=1, unique=True))
        distinct = {b for s in group for b in self.kv.block_table(s)}
        if len(distinct) > self.kv.cpu.num_free:
            self.expect_oom(lambda: self.kv.swap_out(group))
            return
        self.run_copies(self.kv.swap_out(group), self.gpu, self.cpu)

    @precondition(lambda self: hasattr(self.kv, "swap_in") and self.swapped())
    @rule(data=st.data())
    def swap_in(self, data):
        group = data.draw(st.lists(st.sampled_from(self.swapped()), min_size=1, unique=True))
        distinct = {c for s in group for c in self.kv.cpu_block_table(s)}
        if len(distinct) > self.kv.num_free_blocks:
            self.expect_oom(lambda: self.kv.swap_in(group))
            return
        self.run_copies(self.kv.swap_in(group), self.cpu, self.gpu)

    # -- invariants --
    @invariant()
    def every_sequence_reads_back_its_own_tokens(self):
        for seq in self.resident():
            got = [self.gpu[b][o] for b, o in (self.kv.slot(seq, p) for p in range(len(self.tokens[seq])))]
            assert got == self.tokens[seq], seq
        for seq in self.swapped():
            table, bs = self.kv.cpu_block_table(seq), self.BLOCK_SIZE
            got = [self.cpu[table[p // bs]][p % bs] for p in range(len(self.tokens[seq]))]
            assert got == self.tokens[seq], seq
        assert sorted(self.tokens) == sorted(self.resident() + self.swapped())

    @invariant()
    def no_block_leaked_or_double_freed_and_refcounts_match(self):
        tiers = [(self.kv.pool, [self.kv.block_table(s) for s in self.resident()])]
        if self.swapped() or hasattr(self.kv, "cpu"):
            tiers.append((self.kv.cpu, [self.kv.cpu_block_table(s) for s in self.swapped()]))
        for pool, tables in tiers:
            used = Counter(b for t in tables for b in t)
            free = pool.free_ids()
            assert len(free) == len(set(free)), "a block is on the free list twice"
            assert not set(free) & set(used), "a block is both free and in use"
            assert len(free) + len(used) == pool.num_blocks == pool.num_free + len(used), "leak"
            if hasattr(pool, "refcount"):
                assert all(pool.refcount(b) == used[b] for b in range(pool.num_blocks))
            else:
                assert all(count == 1 for count in used.values()), "stage 1 never shares"
        for seq in self.resident():
            assert len(self.kv.block_table(seq)) == blocks_for(self.kv.num_tokens(seq), self.BLOCK_SIZE)


class Stage1Machine(AllocatorMachine):
    cls = PagedKVAllocator


class Stage2Machine(AllocatorMachine):
    cls = CowKVAllocator


class Stage3Machine(AllocatorMachine):
    cls = TieredKVAllocator


SETTINGS = settings(max_examples=100, stateful_step_count=30, deadline=None)
TestStage1Machine = Stage1Machine.TestCase
TestStage1Machine.settings = SETTINGS
TestStage2Machine = Stage2Machine.TestCase
TestStage2Machine.settings = SETTINGS
TestStage3Machine = Stage3Machine.TestCase
TestStage3Machine.settings = SETTINGS
