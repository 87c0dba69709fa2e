"""Tests for docs_src/coding_platform/gpu_allocator.py."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.gpu_allocator import AllocationError, GpuAllocator


def test_best_fit_picks_tightest_gpu_first_fit_picks_first():
    online = GpuAllocator([80, 40])
    assert online.place("m", 30) == 1  # best fit: 40 - 30 leaves least
    batch = GpuAllocator([80, 40])
    assert batch.place_batch({"m": 30}) == {"m": 0}  # first fit: GPU 0 is first


def test_first_fit_decreasing_sorts_by_size_descending():
    alloc = GpuAllocator([40, 40])
    # In arrival order, first fit would put 10 and 20 on GPU 0, then 30 on GPU 1,
    # then 20 would not fit anywhere. Sorting by size first packs all four.
    plan = alloc.place_batch({"a": 10, "b": 20, "c": 30, "d": 20})
    assert plan == {"c": 0, "b": 1, "d": 1, "a": 0}
    assert [g.used for g in alloc.gpus] == [40, 40]


def test_release_uses_stored_size_and_restores_memory():
    alloc = GpuAllocator([80])
    alloc.place("a", 30)
    alloc.place("b", 20)
    assert alloc.release("a") == 0
    assert alloc.gpus[0].used == 20
    assert alloc.location("a") is None
    with pytest.raises(KeyError):
        alloc.release("a")


def test_duplicate_and_invalid_sizes_are_rejected():
    alloc = GpuAllocator([80, 80])
    alloc.place("a", 10)
    with pytest.raises(ValueError, match="already placed"):
        alloc.place("a", 10)
    with pytest.raises(ValueError, match="already placed"):
        alloc.place_batch({"a": 5, "b": 5})
    with pytest.raises(ValueError, match="positive"):
        alloc.place("z", 0)
    with pytest.raises(AllocationError, match="larger than the biggest GPU"):
        alloc.place("huge", 81)
    with pytest.raises(ValueError):
        GpuAllocator([])


def test_no_room_left_raises_and_changes_nothing():
    alloc = GpuAllocator([40, 40])
    alloc.place("a", 30)
    alloc.place("b", 30)
    with pytest.raises(AllocationError, match="largest free block is 10"):
        alloc.place("c", 20)
    before = [(g.used, dict(g.models)) for g in alloc.gpus]
    with pytest.raises(AllocationError, match="could not place"):
        alloc.place_batch({"x": 10, "y": 10, "z": 5})  # x and y fit, z does not
    assert [(g.used, dict(g.models)) for g in alloc.gpus] == before


def test_fragmentation_metric():
    alloc = GpuAllocator([40, 40])
    assert alloc.fragmentation() == pytest.approx(0.5)  # 80 free, largest piece 40
    alloc.place("a", 40)
    assert alloc.fragmentation() == 0.0  # all 40 free on one GPU
    alloc.place("b", 40)
    assert alloc.fragmentation() == 0.0  # nothing free


# ---- properties -------------------------------------------------------------

capacities = st.lists(st.integers(1, 100), min_size=1, max_size=4)
ops = st.lists(
    st.tuples(st.sampled_from(["place", "release"]), st.integers(0, 7), st.integers(1, 120)),
    max_size=40,
)


def check_invariants(alloc: GpuAllocator) -> None:
    for g in alloc.gpus:
        assert 0 <= g.used <= g.total
        assert g.used == sum(g.models.values())
        for model_id in g.models:
            assert alloc.location(model_id) == g.gpu_id
    assert 0.0 <= alloc.fragmentation() < 1.0


@settings(deadline=None, max_examples=200)
@given(capacities, ops)
def test_random_place_release_keeps_invariants(caps, operations):
    alloc = GpuAllocator(caps)
    for op, n, size in operations:
        model_id = f"m{n}"
        if op == "place":
            fits_before = [g.gpu_id for g in alloc.gpus if g.free >= size]
            if model_id in {m for g in alloc.gpus for m in g.models}:
                with pytest.raises(ValueError):
                    alloc.place(model_id, size)
            elif not fits_before:
                with pytest.raises(AllocationError):
                    alloc.place(model_id, size)
            else:
                free_before = {g.gpu_id: g.free for g in alloc.gpus}
                chosen = alloc.place(model_id, size)
                # best fit: no GPU that fitted would have left less free memory
                assert all(free_before[chosen] <= free_before[i] for i in fits_before)
        elif alloc.location(model_id) is not None:
            used_before = [g.used for g in alloc.gpus]
            gpu_id = alloc.location(model_id)
            size_stored = alloc.gpus[gpu_id].models[model_id]
            alloc.release(model_id)
            used_before[gpu_id] -= size_stored
            assert [g.used for g in alloc.gpus] == used_before
        check_invariants(alloc)
    for model_id in [m for g in alloc.gpus for m in list(g.models)]:
        alloc.release(model_id)
    assert all(g.used == 0 for g in alloc.gpus)  # releasing everything restores the start


def brute_force_feasible(caps: list[int], sizes: list[int]) -> bool:
    for assignment in itertools.product(range(len(caps)), repeat=len(sizes)):
        load = [0] * len(caps)
        for gpu_id, size in zip(assignment, sizes):
            load[gpu_id] += size
        if all(used <= cap for used, cap in zip(load, caps)):
            return True
    return False


@settings(deadline=None, max_examples=200)
@given(capacities, st.lists(st.integers(1, 60), min_size=1, max_size=6))
def test_first_fit_decreasing_against_oracle(caps, sizes):
    models = {f"m{i}": s for i, s in enumerate(sizes)}
    alloc = GpuAllocator(caps)
    try:
        plan = alloc.place_batch(models)
    except AllocationError:  # no room, or a model larger than every GPU
        assert all(g.used == 0 for g in alloc.gpus)  # all or nothing
        return
    assert brute_force_feasible(caps, sizes)  # a packing it found must be a real one
    check_invariants(alloc)
    # replay the definition: in size order, each model took the first GPU with room
    free = list(caps)
    for model_id, size in sorted(models.items(), key=lambda kv: (-kv[1], kv[0])):
        first = next(i for i, room in enumerate(free) if room >= size)
        assert plan[model_id] == first
        free[first] -= size
