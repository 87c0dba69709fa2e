"""A prefix cache over token ids: a radix tree with LRU eviction of unlocked leaves.

Each edge holds a run of token ids; a path from the root spells a token prefix whose
KV is cached. match() finds the longest cached prefix of a new request, so prefill
can start after it. acquire() also locks that prefix while a running request reads
its KV; eviction only ever removes leaves whose reference count is zero, so a locked
node and all its ancestors stay. Lookups split an edge where a match ends, so every
node's tokens share one last-access time and eviction stays exact LRU.

Tokens stand in for KV here; a real engine stores the KV block ids of each edge in
the node and hands them back to the block allocator from on_evict.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass


class CacheFull(Exception):
    """Not enough unlocked tokens can be evicted to fit the insert."""


class _Node:
    __slots__ = ("key", "children", "parent", "last_access", "lock_ref", "order")
    _ids = itertools.count()

    def __init__(self, key: tuple[int, ...], parent: _Node | None, last_access: int) -> None:
        self.key = key  # the tokens on the edge from the parent
        self.children: dict[int, _Node] = {}  # first token of the child's edge -> child
        self.parent = parent
        self.last_access = last_access
        self.lock_ref = 0
        self.order = next(self._ids)  # tie-break for the eviction heap


@dataclass(frozen=True)
class Handle:
    length: int  # tokens of the request served from the cache
    node: _Node


class RadixPrefixCache:
    def __init__(self, capacity: int, on_evict: Callable[[tuple[int, ...], int], None] | None = None) -> None:
        self.capacity = capacity  # in tokens (a real engine: KV blocks)
        self.on_evict = on_evict  # (full path of the evicted leaf, tokens freed)
        self.root = _Node((), None, 0)
        self.size = 0
        self.clock = 0

    # ---- lookups -------------------------------------------------------------
    def match(self, tokens: Sequence[int]) -> int:
        """Length of the longest cached prefix of tokens; marks that prefix as used."""
        self.clock += 1
        node, length = self._walk(tuple(tokens))
        self._touch(node)
        return length

    def acquire(self, tokens: Sequence[int]) -> Handle:
        """match() and lock the prefix until release(): it cannot be evicted."""
        self.clock += 1
        node, length = self._walk(tuple(tokens))
        self._touch(node)
        node.lock_ref += 1
        return Handle(length, node)

    def release(self, handle: Handle) -> None:
        if handle.node.lock_ref == 0:
            raise ValueError("handle released twice")
        handle.node.lock_ref -= 1

    # ---- updates -------------------------------------------------------------
    def insert(self, tokens: Sequence[int]) -> int:
        """Cache tokens (a finished prefill); return how many tokens were new."""
        tokens = tuple(tokens)
        self.clock += 1
        node, length = self._walk(tokens)
        self._touch(node)
        new = len(tokens) - length
        if new == 0:
            return 0
        shortfall = new - (self.capacity - self.size)
        if shortfall > 0:
            node.lock_ref += 1  # never evict the path we are about to extend
            try:
                if shortfall > self.evictable_size():
                    raise CacheFull(f"need {shortfall} evictable tokens")
                self.evict(shortfall)
            finally:
                node.lock_ref -= 1
        leaf = _Node(tokens[length:], node, self.clock)
        node.children[leaf.key[0]] = leaf
        self.size += new
        return new

    def evict(self, num_tokens: int) -> int:
        """Free at least num_tokens tokens if possible, least recently used leaves first."""
        heap = [(n.last_access, n.order, n) for n in self._nodes() if self._evictable_leaf(n)]
        heapq.heapify(heap)
        freed = 0
        while freed < num_tokens and heap:
            _, _, leaf = heapq.heappop(heap)
            parent = leaf.parent
            path = self._path(leaf)
            del parent.children[leaf.key[0]]
            self.size -= len(leaf.key)
            freed += len(leaf.key)
            if self.on_evict:
                self.on_evict(path, len(leaf.key))
            if self._evictable_leaf(parent):  # the parent may have become a leaf
                heapq.heappush(heap, (parent.last_access, parent.order, parent))
        return freed

    def evictable_size(self) -> int:
        """Tokens in nodes with no locked node at or below them."""

        def walk(node: _Node) -> tuple[int, bool]:
            total, locked = 0, node.lock_ref > 0
            for child in node.children.values():
                size, child_locked = walk(child)
                total += size
                locked = locked or child_locked
            return (total if locked else total + len(node.key)), locked

        return walk(self.root)[0]

    # ---- internals -----------------------------------------------------------
    def _walk(self, tokens: tuple[int, ...]) -> tuple[_Node, int]:
        """Deepest node whose path is a prefix of tokens, splitting an edge if needed."""
        node, i = self.root, 0
        while i < len(tokens) and tokens[i] in node.children:
            child = node.children[tokens[i]]
            k = 0
            while k < len(child.key) and i + k < len(tokens) and child.key[k] == tokens[i + k]:
                k += 1
            if k < len(child.key):  # the match ends inside this edge: split it there
                child = self._split(child, k)
            node, i = child, i + k  # after a split, no child of node matches tokens[i]
        return node, i

    def _split(self, child: _Node, k: int) -> _Node:
        parent = child.parent
        mid = _Node(child.key[:k], parent, child.last_access)
        parent.children[mid.key[0]] = mid
        child.key = child.key[k:]
        child.parent = mid
        mid.children[child.key[0]] = child
        return mid  # a locked child stays locked; mid is its ancestor, so it is safe

    def _touch(self, node: _Node | None) -> None:
        while node is not None:
            node.last_access = self.clock
            node = node.parent

    def _evictable_leaf(self, node: _Node) -> bool:
        return node is not self.root and not node.children and node.lock_ref == 0

    def _path(self, node: _Node) -> tuple[int, ...]:
        parts = []
        while node is not None:
            parts.append(node.key)
            node = node.parent
        return tuple(t for key in reversed(parts) for t in key)

    def _nodes(self):
        stack = [self.root]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children.values())
