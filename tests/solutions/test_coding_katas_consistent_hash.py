"""Tests for docs_src/coding_katas/consistent_hash.py."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.consistent_hash import ConsistentHashRing, stable_hash

KEYS = [f"request-{i}" for i in range(20_000)]


def ring_of(n: int, vnodes: int = 100) -> ConsistentHashRing:
    ring = ConsistentHashRing(vnodes)
    for r in range(n):
        ring.add(f"replica-{r}")
    return ring


def test_hash_is_stable_across_processes():
    code = "from docs_src.coding_katas.consistent_hash import stable_hash; print(stable_hash('user:42'))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": "."},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert outputs == {str(stable_hash("user:42"))}


def test_adding_a_replica_moves_about_one_nth_and_only_to_it():
    ring = ring_of(4)
    before = {k: ring.route(k) for k in KEYS}
    ring.add("replica-4")
    after = {k: ring.route(k) for k in KEYS}
    moved = [k for k in KEYS if before[k] != after[k]]
    assert all(after[k] == "replica-4" for k in moved)  # keys move only to the newcomer
    assert 0.5 / 5 < len(moved) / len(KEYS) < 1.5 / 5  # ~1/N of the keys (N = 5 now)


def test_removing_a_replica_moves_only_its_keys():
    ring = ring_of(5)
    before = {k: ring.route(k) for k in KEYS}
    ring.remove("replica-2")
    after = {k: ring.route(k) for k in KEYS}
    moved = {k for k in KEYS if before[k] != after[k]}
    assert moved == {k for k in KEYS if before[k] == "replica-2"}
    assert "replica-2" not in after.values()


def test_virtual_nodes_balance_the_load():
    many_points, one_point = ring_of(8, vnodes=200), ring_of(8, vnodes=1)
    loads = Counter(many_points.route(k) for k in KEYS)
    mean = len(KEYS) / 8
    assert max(loads.values()) < 1.25 * mean and min(loads.values()) > 0.75 * mean
    few = Counter(one_point.route(k) for k in KEYS)
    assert max(few.values()) > max(loads.values())  # one point each: badly skewed


def test_weights_scale_the_share():
    ring = ConsistentHashRing(vnodes=200)
    ring.add("h100", weight=2)
    ring.add("a10g", weight=1)
    share = Counter(ring.route(k) for k in KEYS)["h100"] / len(KEYS)
    assert 0.58 < share < 0.75  # about 2/3


def test_preference_list_gives_distinct_fallbacks():
    ring = ring_of(3)
    prefs = ring.preference_list("user:7", 5)  # asks for more than exist
    assert sorted(prefs) == ring.replicas and prefs[0] == ring.route("user:7")


def test_errors():
    ring = ConsistentHashRing()
    with pytest.raises(LookupError):
        ring.route("x")
    ring.add("a")
    with pytest.raises(ValueError):
        ring.add("a")
    with pytest.raises(KeyError):
        ring.remove("b")
    with pytest.raises(ValueError):
        ConsistentHashRing(vnodes=0)
    with pytest.raises(ValueError):
        ring.add("c", weight=0)


def brute_force_route(replicas: list[str], vnodes: int, key: str) -> str:
    """Scan every point: the smallest position >= the key's, else wrap to the smallest."""
    points = sorted((stable_hash(f"{r}#{v}"), r) for r in replicas for v in range(vnodes))
    h = stable_hash(key)
    return next((r for p, r in points if p >= h), points[0][1])


@settings(deadline=None, max_examples=200)
@given(
    st.sets(st.integers(0, 30), min_size=1, max_size=6),
    st.integers(1, 8),
    st.lists(st.text(max_size=12), min_size=1, max_size=20),
    st.integers(0, 30),
)
def test_route_matches_brute_force_and_add_moves_only_to_newcomer(ids, vnodes, keys, extra):
    names = [f"r{i}" for i in sorted(ids)]
    ring = ConsistentHashRing(vnodes)
    for name in names:
        ring.add(name)
    before = {k: ring.route(k) for k in keys}
    assert before == {k: brute_force_route(names, vnodes, k) for k in keys}
    newcomer = f"r{extra}"
    if newcomer not in names:
        ring.add(newcomer)
        for k in keys:
            assert ring.route(k) in (before[k], newcomer)
