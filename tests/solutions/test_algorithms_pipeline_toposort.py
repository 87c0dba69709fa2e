from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.pipeline_toposort import CycleError, dfs_order, kahn_order, parallel_stages

NAMES = ["ingest", "validate", "features", "train", "evaluate", "deploy"]


@st.composite
def pipelines(draw: st.DrawFn) -> dict[str, list[str]]:
    n = draw(st.integers(0, len(NAMES)))
    names = NAMES[:n]
    return {name: draw(st.lists(st.sampled_from(names), max_size=3)) if names else [] for name in names}


def valid(order: list[str], steps: dict[str, list[str]]) -> bool:
    if sorted(order) != sorted(steps):
        return False
    position = {step: i for i, step in enumerate(order)}
    return all(position[need] < position[step] for step, needs in steps.items() for need in needs)


def brute_force_orders(steps: dict[str, list[str]]) -> list[list[str]]:
    return [list(p) for p in itertools.permutations(steps) if valid(list(p), steps)]


def is_real_cycle(cycle: list[str], steps: dict[str, list[str]]) -> bool:
    """cycle[i] must run before cycle[i + 1] (and the last before the first)."""
    if not cycle or len(set(cycle)) != len(cycle):
        return False
    return all(cycle[i] in steps[cycle[(i + 1) % len(cycle)]] for i in range(len(cycle)))


ORDERS: list[Callable[[dict[str, list[str]]], list[str]]] = [kahn_order, dfs_order]


@settings(deadline=None, max_examples=400)
@given(pipelines())
def test_against_brute_force(steps: dict[str, list[str]]) -> None:
    orders = brute_force_orders(steps)
    for sort in ORDERS:
        if orders:
            assert valid(sort(steps), steps)
        else:
            with pytest.raises(CycleError) as info:
                sort(steps)
            assert is_real_cycle(info.value.cycle, steps), info.value.cycle
    if orders:
        assert kahn_order(steps) == min(orders)  # heap picks the alphabetically smallest order


@settings(deadline=None, max_examples=400)
@given(pipelines())
def test_stages(steps: dict[str, list[str]]) -> None:
    if not brute_force_orders(steps):
        with pytest.raises(CycleError) as info:
            parallel_stages(steps)
        assert is_real_cycle(info.value.cycle, steps)
        return
    stages = parallel_stages(steps)
    level = {step: i for i, stage in enumerate(stages) for step in stage}
    assert sorted(level) == sorted(steps) and sum(map(len, stages)) == len(steps)
    for step, needs in steps.items():  # earliest possible stage: one after the latest dependency
        assert level[step] == (1 + max(level[need] for need in needs) if needs else 0)


def test_example_pipeline() -> None:
    pipeline = {
        "ingest": [],
        "validate": ["ingest"],
        "features": ["validate"],
        "profile": ["validate"],
        "train": ["features"],
        "evaluate": ["train", "profile"],
        "register": ["evaluate"],
        "deploy": ["register"],
    }
    assert kahn_order(pipeline) == [
        "ingest",
        "validate",
        "features",
        "profile",
        "train",
        "evaluate",
        "register",
        "deploy",
    ]
    assert valid(dfs_order(pipeline), pipeline)
    assert parallel_stages(pipeline)[2] == ["features", "profile"]
    with pytest.raises(CycleError, match="validate -> profile -> evaluate -> register -> deploy -> validate"):
        kahn_order({**pipeline, "validate": ["ingest", "deploy"]})


def test_self_dependency_and_empty() -> None:
    with pytest.raises(CycleError) as info:
        kahn_order({"train": ["train"]})
    assert info.value.cycle == ["train"]
    assert kahn_order({}) == [] and dfs_order({}) == [] and parallel_stages({}) == []


def test_unknown_dependency_is_not_a_cycle() -> None:
    for fn in (kahn_order, dfs_order, parallel_stages):
        with pytest.raises(ValueError, match="unknown dependencies: lables") as info:
            fn({"train": ["lables"]})
        assert not isinstance(info.value, CycleError)


def test_long_chain() -> None:
    steps = {f"s{i:04d}": [f"s{i - 1:04d}"] if i else [] for i in range(500)}
    assert kahn_order(steps) == sorted(steps)
    assert dfs_order(steps) == sorted(steps)
