"""An in-process cache for ML features: TTL + LRU + a memory budget in bytes.

`bytes_used` always equals the sum of the sizes of the entries in the cache:
every path that removes an entry (replace, expiry, eviction, delete) goes
through `_remove`, which subtracts the size stored with that entry.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

Features = Mapping[str, float]
Clock = Callable[[], float]


def default_sizeof(features: Features) -> int:
    """Bytes of the canonical JSON encoding: what the entry costs on the wire."""
    return len(json.dumps(features, sort_keys=True, separators=(",", ":")).encode())


def cache_key(entity_id: str, feature_names: Iterable[str]) -> str:
    """Same entity + same feature set -> same key, whatever the order of the names.

    JSON encoding keeps it unambiguous ("a,b" + "c" differs from "a" + "b,c"), and a
    SHA-256 digest makes it stable across processes (unlike Python's hash()).
    """
    canonical = json.dumps([entity_id, sorted(set(feature_names))])
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class _Entry:
    features: dict[str, float]
    expires_at: float
    size: int


class FeatureCache:
    def __init__(
        self,
        max_bytes: int,
        default_ttl: float,
        clock: Clock = time.monotonic,
        sizeof: Callable[[Features], int] = default_sizeof,
    ) -> None:
        if max_bytes <= 0 or default_ttl <= 0:
            raise ValueError("max_bytes and default_ttl must be positive")
        self.max_bytes = max_bytes
        self.default_ttl = default_ttl
        self._clock = clock
        self._sizeof = sizeof
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # LRU first, MRU last
        self.bytes_used = 0
        self.hits = self.misses = self.evictions = 0

    def get(self, entity_id: str, feature_names: Iterable[str]) -> dict[str, float] | None:
        key = cache_key(entity_id, feature_names)
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        if self._clock() >= entry.expires_at:  # live during [put, put + ttl)
            self._remove(key)
            self.misses += 1
            return None
        self._entries.move_to_end(key)  # now the most recently used
        self.hits += 1
        return dict(entry.features)  # a copy: callers cannot mutate the cached value

    def put(self, entity_id: str, features: Features, ttl: float | None = None) -> None:
        ttl = self.default_ttl if ttl is None else ttl  # `ttl or default` would turn 0 into default
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        size = self._sizeof(features)
        if size > self.max_bytes:  # reject before evicting anything
            raise ValueError(f"entry of {size} bytes exceeds the cache budget of {self.max_bytes}")
        key = cache_key(entity_id, features.keys())
        if key in self._entries:
            self._remove(key)  # replace: give back the old entry's bytes first
        while self.bytes_used + size > self.max_bytes:
            oldest = next(iter(self._entries))
            self._remove(oldest)
            self.evictions += 1
        self._entries[key] = _Entry(dict(features), self._clock() + ttl, size)
        self.bytes_used += size

    def delete(self, entity_id: str, feature_names: Iterable[str]) -> bool:
        key = cache_key(entity_id, feature_names)
        if key not in self._entries:
            return False
        self._remove(key)
        return True

    def purge_expired(self) -> int:
        """Drop every expired entry (call it from a periodic sweeper); O(n)."""
        now = self._clock()
        expired = [k for k, e in self._entries.items() if now >= e.expires_at]
        for key in expired:
            self._remove(key)
        return len(expired)

    def __len__(self) -> int:
        return len(self._entries)

    def _remove(self, key: str) -> None:
        self.bytes_used -= self._entries.pop(key).size
