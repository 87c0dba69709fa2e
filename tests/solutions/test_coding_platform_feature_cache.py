"""Tests for docs_src/coding_platform/feature_cache.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.feature_cache import FeatureCache, cache_key, default_sizeof


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def make(max_bytes: int = 100, ttl: float = 10.0, sizeof=lambda f: 10 * len(f)):
    clock = FakeClock()
    return FeatureCache(max_bytes, ttl, clock=clock, sizeof=sizeof), clock


def test_key_ignores_name_order_and_is_unambiguous():
    assert cache_key("user:1", ["b", "a"]) == cache_key("user:1", ["a", "b"])
    assert cache_key("user:1", ["a", "a"]) == cache_key("user:1", ["a"])
    assert cache_key("u", ["a,b"]) != cache_key("u", ["a", "b"])
    assert cache_key("u:1", ["a"]) != cache_key("u", ["1:a"])
    assert len(cache_key("u", [])) == 64  # SHA-256 hex, identical in every process


def test_get_hit_miss_and_returns_a_copy():
    cache, _ = make()
    cache.put("u1", {"clicks": 3.0, "age": 31.0})
    got = cache.get("u1", ["age", "clicks"])
    assert got == {"clicks": 3.0, "age": 31.0}
    got["age"] = 0.0
    assert cache.get("u1", ["clicks", "age"]) == {"clicks": 3.0, "age": 31.0}
    assert cache.get("u1", ["clicks"]) is None  # a different feature set is a different key
    assert (cache.hits, cache.misses) == (2, 1)


def test_ttl_expiry_is_exact_and_frees_bytes():
    cache, clock = make()
    cache.put("u1", {"a": 1.0}, ttl=5)
    clock.now = 4.999
    assert cache.get("u1", ["a"]) == {"a": 1.0}
    clock.now = 5.0  # live during [put, put + ttl)
    assert cache.get("u1", ["a"]) is None
    assert cache.bytes_used == 0 and len(cache) == 0


def test_ttl_zero_is_rejected_not_replaced_by_default():
    cache, _ = make()
    with pytest.raises(ValueError, match="ttl must be positive"):
        cache.put("u1", {"a": 1.0}, ttl=0)


def test_replace_does_not_double_count_bytes():
    cache, _ = make(max_bytes=100)
    cache.put("u1", {"a": 1.0, "b": 2.0})  # 20 bytes
    cache.put("u1", {"a": 5.0, "b": 6.0})  # same key: replaces
    assert cache.bytes_used == 20 and len(cache) == 1
    assert cache.get("u1", ["a", "b"]) == {"a": 5.0, "b": 6.0}


def test_lru_eviction_order_respects_reads():
    cache, _ = make(max_bytes=30)
    for user in ("u1", "u2", "u3"):
        cache.put(user, {"a": 1.0})  # 10 bytes each: full
    cache.get("u1", ["a"])  # u1 is now most recent; u2 is least recent
    cache.put("u4", {"a": 1.0})
    assert cache.get("u2", ["a"]) is None
    assert cache.get("u1", ["a"]) is not None and cache.get("u3", ["a"]) is not None
    assert cache.evictions == 1 and cache.bytes_used == 30


def test_oversized_entry_is_rejected_without_evicting_anything():
    cache, _ = make(max_bytes=30)
    cache.put("u1", {"a": 1.0})
    with pytest.raises(ValueError, match="exceeds the cache budget"):
        cache.put("big", {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0})
    assert len(cache) == 1 and cache.bytes_used == 10


def test_purge_and_delete():
    cache, clock = make()
    cache.put("u1", {"a": 1.0}, ttl=1)
    cache.put("u2", {"a": 1.0}, ttl=100)
    clock.now = 2
    assert cache.purge_expired() == 1
    assert cache.delete("u2", ["a"]) is True
    assert cache.delete("u2", ["a"]) is False
    assert cache.bytes_used == 0


def test_default_sizeof_counts_json_bytes():
    assert default_sizeof({"b": 2, "a": 1}) == len('{"a":1,"b":2}')


# ---- model-based property test ----------------------------------------------


@dataclass
class Row:
    features: dict
    expires_at: float
    size: int
    last_use: int


class ModelCache:
    """Brute-force reference: a plain dict, evict the smallest last-use stamp."""

    def __init__(self, max_bytes: int, ttl: float) -> None:
        self.max_bytes, self.ttl = max_bytes, ttl
        self.rows: dict[tuple, Row] = {}
        self.tick = 0

    def used(self) -> int:
        return sum(r.size for r in self.rows.values())

    def get(self, now, entity, names):
        key = (entity, frozenset(names))
        row = self.rows.get(key)
        if row is None:
            return None
        if now >= row.expires_at:
            del self.rows[key]
            return None
        self.tick += 1
        row.last_use = self.tick
        return dict(row.features)

    def put(self, now, entity, features, ttl):
        size = 10 * len(features)
        if size > self.max_bytes:
            return "rejected"
        key = (entity, frozenset(features))
        self.rows.pop(key, None)
        while self.used() + size > self.max_bytes:
            lru = min(self.rows, key=lambda k: self.rows[k].last_use)
            del self.rows[lru]
        self.tick += 1
        self.rows[key] = Row(dict(features), now + (self.ttl if ttl is None else ttl), size, self.tick)
        return None


# few entities and names, so gets often hit and evictions often happen
entities = st.sampled_from(["u1", "u2", "u3"])
names = st.sets(st.sampled_from(["a", "b"]), min_size=1)
operation = st.one_of(
    st.tuples(
        st.just("put"),
        entities,
        st.dictionaries(st.sampled_from(["a", "b"]), st.integers(0, 999), min_size=1),
        st.one_of(st.none(), st.integers(1, 20)),
    ),
    st.tuples(st.just("get"), entities, names),
    st.tuples(st.just("tick"), st.integers(0, 8)),
)


@settings(deadline=None, max_examples=500)
@given(st.integers(5, 40), st.lists(operation, max_size=60))
def test_matches_brute_force_model(max_bytes, ops):
    clock = FakeClock()
    cache = FeatureCache(max_bytes, default_ttl=10, clock=clock, sizeof=lambda f: 10 * len(f))
    model = ModelCache(max_bytes, 10)
    for op in ops:
        if op[0] == "put":
            _, entity, feats, ttl = op
            expected = model.put(clock.now, entity, feats, ttl)
            if expected == "rejected":
                with pytest.raises(ValueError):
                    cache.put(entity, feats, ttl)
            else:
                cache.put(entity, feats, ttl)
        elif op[0] == "get":
            _, entity, feature_names = op
            assert cache.get(entity, feature_names) == model.get(clock.now, entity, feature_names)
        else:
            clock.now += op[1]
        assert cache.bytes_used == model.used() <= max_bytes
        assert len(cache) == len(model.rows)
