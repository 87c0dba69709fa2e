"""A KV-aware request router: pick the replica by cached-prefix overlap against load.

Prompts are cut into full blocks of `block_size` tokens and each block gets a chained
hash (its tokens plus the hash of the block before), so one hash names a whole prefix
and "the first n blocks match" is a run of hits from the start. For every replica the
router keeps the set of block hashes it believes are cached (from the replica's KV
events, or predicted from its own routing when events are off) and the KV blocks of
the requests it sent there that have not finished. It sends a request where

    cost = overlap_weight * blocks to prefill + blocks already active

is lowest: a cache hit saves prefill compute, a busy replica costs queueing and
memory. Ties go to the less loaded replica, then to a rendezvous hash of the first
block, so replicas with equal cost split cold prefixes evenly and each new prefix
always lands on the same replica.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def block_hashes(tokens: Sequence[int], block_size: int) -> list[bytes]:
    """Chained hashes of the full blocks of tokens (a partial last block has none).

    hashlib, not hash(): the engine computes the same hashes in another process.
    """
    out, parent = [], b""
    for start in range(0, len(tokens) - block_size + 1, block_size):
        h = hashlib.blake2b(parent, digest_size=16)
        for t in tokens[start : start + block_size]:
            h.update(t.to_bytes(4, "little"))
        parent = h.digest()
        out.append(parent)
    return out


def blocks_for(tokens: int, block_size: int) -> int:
    return -(-tokens // block_size)


@dataclass
class Replica:
    name: str
    capacity_blocks: int
    cached: OrderedDict[bytes, None] = field(default_factory=OrderedDict)  # LRU view
    active_blocks: int = 0

    def overlap(self, hashes: Sequence[bytes]) -> int:
        n = 0
        for h in hashes:
            if h not in self.cached:
                break  # chained hashes: nothing after a miss can be a prefix hit
            n += 1
        return n

    def store(self, hashes: Iterable[bytes]) -> None:
        for h in hashes:
            self.cached[h] = None
            self.cached.move_to_end(h)
        while len(self.cached) > self.capacity_blocks:
            self.cached.popitem(last=False)

    def remove(self, hashes: Iterable[bytes]) -> None:
        for h in hashes:
            self.cached.pop(h, None)


@dataclass(frozen=True)
class Decision:
    replica: str
    overlap_blocks: int
    prefill_blocks: int
    cost: float


class PrefixAwareRouter:
    def __init__(
        self,
        replicas: Sequence[str],
        block_size: int = 16,
        overlap_weight: float = 1.0,
        capacity_blocks: int = 100_000,
        predict_cache: bool = True,
    ) -> None:
        if not replicas or len(set(replicas)) != len(replicas):
            raise ValueError("need distinct replica names")
        self.block_size, self.overlap_weight = block_size, overlap_weight
        self.predict_cache = predict_cache  # False: rely on KV events only
        self.replicas = {r: Replica(r, capacity_blocks) for r in replicas}
        self._inflight: dict[str, tuple[str, int]] = {}  # request -> (replica, blocks)

    def score(self, replica: str, tokens: Sequence[int], hashes: Sequence[bytes]) -> Decision:
        r = self.replicas[replica]
        overlap = r.overlap(hashes)
        prefill = blocks_for(len(tokens) - overlap * self.block_size, self.block_size)
        return Decision(replica, overlap, prefill, self.overlap_weight * prefill + r.active_blocks)

    def route(self, request_id: str, tokens: Sequence[int], max_new_tokens: int = 0) -> Decision:
        if request_id in self._inflight:
            raise ValueError(f"request {request_id!r} is already routed")
        hashes = block_hashes(tokens, self.block_size)
        seed = hashes[0] if hashes else bytes(str(list(tokens)), "ascii")
        best = min(
            (self.score(name, tokens, hashes) for name in self.replicas),
            key=lambda d: (d.cost, self.replicas[d.replica].active_blocks, -self._rendezvous(seed, d.replica)),
        )
        chosen = self.replicas[best.replica]
        blocks = blocks_for(len(tokens) + max_new_tokens, self.block_size)
        chosen.active_blocks += blocks
        self._inflight[request_id] = (best.replica, blocks)
        if self.predict_cache:
            chosen.store(hashes)  # it will hold these blocks once its prefill runs
        else:
            chosen.store(hashes[: best.overlap_blocks])  # still a hit: refresh the LRU
        return best

    def finish(self, request_id: str) -> None:
        replica, blocks = self._inflight.pop(request_id)
        self.replicas[replica].active_blocks -= blocks

    # KV events reported by the engines (vLLM and SGLang can publish these)
    def on_blocks_stored(self, replica: str, hashes: Iterable[bytes]) -> None:
        self.replicas[replica].store(hashes)

    def on_blocks_removed(self, replica: str, hashes: Iterable[bytes]) -> None:
        self.replicas[replica].remove(hashes)

    @staticmethod
    def _rendezvous(seed: bytes, replica: str) -> int:
        digest = hashlib.blake2b(seed + replica.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")
