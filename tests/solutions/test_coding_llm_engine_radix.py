"""Tests for docs_src/coding_llm_engine/radix_prefix_cache.py.

The oracle is the brute-force model of a prefix cache: a dict from every cached
prefix (a tuple of token ids) to its last-access time. A longest match is the
longest key that prefixes the query; size is the number of keys; a leaf is a key
with no one-token extension. Hypothesis runs random insert / match / acquire /
release / evict sequences against both, and every eviction the tree reports is
checked when it happens: a leaf, unlocked, and the least recently used one.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.radix_prefix_cache import CacheFull, RadixPrefixCache

SYSTEM = tuple(range(100, 108))  # an 8-token system prompt


def test_shared_system_prompt_is_matched_and_split():
    cache = RadixPrefixCache(capacity=100)
    assert cache.insert(SYSTEM + (1, 2, 3)) == 11
    assert cache.insert(SYSTEM + (4, 5)) == 2  # only the new tail is stored
    assert cache.size == 13
    assert cache.match(SYSTEM + (9,)) == 8
    assert cache.match(SYSTEM + (1, 2)) == 10  # ends inside an edge: split there
    assert cache.match((7,)) == 0 and cache.match(()) == 0
    assert len(cache.root.children) == 1  # one branch: the system prompt


def test_lru_evicts_leaves_only_and_frees_parents_later():
    evicted = []
    cache = RadixPrefixCache(capacity=12, on_evict=lambda path, n: evicted.append((path, n)))
    cache.insert(SYSTEM + (1, 2))  # t=1
    cache.insert(SYSTEM + (3, 4))  # t=2
    cache.match(SYSTEM + (1, 2))  # t=3: the (1, 2) branch is now the most recent
    cache.insert((9, 9))  # needs 2 tokens: the (3, 4) leaf goes, not the shared prefix
    assert evicted == [(SYSTEM + (3, 4), 2)]
    assert cache.match(SYSTEM + (3,)) == 8 and cache.size == 12


def test_a_partial_match_refreshes_only_the_matched_part():
    evicted = []
    cache = RadixPrefixCache(capacity=4, on_evict=lambda path, n: evicted.append((path, n)))
    cache.insert((1, 2, 3, 4))  # t=1
    cache.match((1, 2))  # t=2: splits the edge; (3, 4) keeps t=1
    cache.insert((5,))
    assert evicted == [((1, 2, 3, 4), 2)]  # the stale tail went, the used head stayed
    assert cache.match((1, 2, 3)) == 2


def test_locked_prefix_is_never_evicted():
    cache = RadixPrefixCache(capacity=10)
    cache.insert(SYSTEM)
    handle = cache.acquire(SYSTEM + (5,))
    assert handle.length == 8
    assert cache.evictable_size() == 0
    with pytest.raises(CacheFull):
        cache.insert((1, 2, 3))  # would need 1 more token; everything cached is in use
    assert cache.match(SYSTEM) == 8
    cache.release(handle)
    assert cache.insert((1, 2, 3)) == 3 and cache.match(SYSTEM) == 0  # now it could go
    with pytest.raises(ValueError):
        cache.release(handle)


def test_a_split_keeps_the_lock_on_the_lower_part():
    cache = RadixPrefixCache(capacity=10)
    cache.insert((1, 2, 3, 4))
    handle = cache.acquire((1, 2, 3, 4))
    cache.insert((1, 2, 7))  # splits (1, 2, 3, 4) into (1, 2) and (3, 4)
    assert cache.evict(10) == 1  # only the unlocked (7) leaf can go
    assert cache.match((1, 2, 3, 4)) == 4
    cache.release(handle)
    assert cache.evict(10) == 4 and cache.size == 0


class Oracle:
    def __init__(self, capacity):
        self.capacity, self.time, self.locks, self.clock = capacity, {}, [], 0

    def longest(self, tokens):
        return max(k for k in range(len(tokens) + 1) if k == 0 or tokens[:k] in self.time)

    def touch(self, tokens, k):
        for i in range(1, k + 1):
            self.time[tokens[:i]] = self.clock

    def protected(self, key, extra=()):
        return any(lock[: len(key)] == key for lock in list(self.locks) + list(extra))

    def is_leaf(self, key):
        return not any(len(k) == len(key) + 1 and k[:-1] == key for k in self.time)

    def evictable(self, extra=()):
        return sum(not self.protected(k, extra) for k in self.time)

    def on_evict(self, path, n, extra):
        assert path in self.time and self.is_leaf(path), "evicted a non-leaf"
        removed = [path[:i] for i in range(len(path) - n + 1, len(path) + 1)]
        assert not any(self.protected(k, extra) for k in removed), "evicted a locked prefix"
        leaves = [k for k in self.time if self.is_leaf(k) and not self.protected(k, extra)]
        assert self.time[path] == min(self.time[k] for k in leaves), "not the LRU leaf"
        for k in removed:
            del self.time[k]


tokens = st.lists(st.integers(0, 2), max_size=7).map(tuple)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("insert"), tokens),
        st.tuples(st.just("match"), tokens),
        st.tuples(st.just("acquire"), tokens),
        st.tuples(st.just("release"), st.integers(0, 10)),
        st.tuples(st.just("evict"), st.integers(0, 6)),
    ),
    max_size=40,
)


@settings(deadline=None, max_examples=300)
@given(st.integers(1, 14), ops)
def test_against_the_dict_of_tuples_oracle(capacity, program):
    oracle = Oracle(capacity)
    extra = []  # the prefix insert() protects while it evicts
    cache = RadixPrefixCache(capacity, on_evict=lambda path, n: oracle.on_evict(path, n, extra))
    handles = []
    for op, arg in program:
        if op == "release":
            if handles:
                i = arg % len(handles)
                cache.release(handles.pop(i)[0])
                oracle.locks.pop(i)
            continue
        if op == "evict":
            want = min(arg, oracle.evictable())
            assert cache.evict(arg) >= want
            continue
        oracle.clock += 1
        k = oracle.longest(arg)
        oracle.touch(arg, k)
        if op == "match":
            assert cache.match(arg) == k
        elif op == "acquire":
            handle = cache.acquire(arg)
            assert handle.length == k
            handles.append((handle, arg[:k]))
            oracle.locks.append(arg[:k])
        else:
            new = len(arg) - k
            extra[:] = [arg[:k]]
            if new > capacity - len(oracle.time) + oracle.evictable(extra):
                with pytest.raises(CacheFull):
                    cache.insert(arg)
            else:
                assert cache.insert(arg) == new
                oracle.touch(arg, len(arg))
            extra[:] = []
        assert cache.size == len(oracle.time) <= capacity
        assert cache.evictable_size() == oracle.evictable()
        for node in cache._nodes():  # white-box: each node carries its tokens' LRU time
            if node is not cache.root:
                path = cache._path(node)
                head = path[: len(path) - len(node.key) + 1]
                assert node.last_access == oracle.time[path] == oracle.time[head]
