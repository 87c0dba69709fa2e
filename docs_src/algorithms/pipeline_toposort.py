"""Order ML pipeline steps so every step runs after its dependencies.

`steps` maps each step to the steps it depends on:
    {"train": ["features"], "features": ["ingest"], "ingest": []}
Kahn's algorithm gives the order (or reports a dependency cycle); a DFS version and a
"stages" version (which steps may run in parallel) answer the usual follow-ups.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping

Steps = Mapping[str, Collection[str]]


class CycleError(ValueError):
    """`cycle` lists steps in run order: each must run before the next, and the last
    before the first, which is impossible."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__("dependency cycle: " + " -> ".join([*cycle, cycle[0]]))


def _dependencies(steps: Steps) -> dict[str, set[str]]:
    deps = {step: set(needs) for step, needs in steps.items()}
    unknown = sorted({d for needs in deps.values() for d in needs} - deps.keys())
    if unknown:
        raise ValueError(f"unknown dependencies: {', '.join(unknown)}")
    return deps


def _find_cycle(deps: dict[str, set[str]], blocked: set[str]) -> list[str]:
    """Every blocked step still waits on some blocked dependency, so following those
    edges from any blocked step must eventually revisit a step: that loop is a cycle."""
    path: list[str] = []
    position: dict[str, int] = {}
    step = min(blocked)
    while step not in position:
        position[step] = len(path)
        path.append(step)
        step = min(deps[step] & blocked)
    walk = path[position[step] :]  # each step here depends on the next one
    return walk[::-1]  # reversed: run order


def kahn_order(steps: Steps) -> list[str]:
    """Topological order, picking the alphabetically smallest ready step each time so the
    order is deterministic. O((V + E) log V); a plain FIFO queue makes it O(V + E)."""
    deps = _dependencies(steps)
    waiting_on = {step: len(needs) for step, needs in deps.items()}  # in-degree
    dependents: dict[str, list[str]] = {step: [] for step in deps}
    for step, needs in deps.items():
        for need in needs:
            dependents[need].append(step)

    ready = [step for step, count in waiting_on.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        step = heapq.heappop(ready)
        order.append(step)
        for later in dependents[step]:
            waiting_on[later] -= 1
            if waiting_on[later] == 0:
                heapq.heappush(ready, later)

    if len(order) < len(deps):  # some steps never became ready
        raise CycleError(_find_cycle(deps, set(deps) - set(order)))
    return order


def dfs_order(steps: Steps) -> list[str]:
    """Topological order by depth-first search: a step is emitted after all its
    dependencies. Meeting a step that is still on the DFS path means a cycle."""
    deps = _dependencies(steps)
    done: set[str] = set()
    on_path: list[str] = []  # the current DFS path, for reporting a cycle
    on_path_set: set[str] = set()
    order: list[str] = []

    def visit(step: str) -> None:
        if step in done:
            return
        if step in on_path_set:  # back edge: step -> ... -> step
            walk = on_path[on_path.index(step) :]
            raise CycleError(walk[::-1])
        on_path.append(step)
        on_path_set.add(step)
        for need in sorted(deps[step]):
            visit(need)
        on_path.pop()
        on_path_set.remove(step)
        done.add(step)
        order.append(step)  # post-order: all dependencies are already in `order`

    for step in sorted(deps):
        visit(step)
    return order


def parallel_stages(steps: Steps) -> list[list[str]]:
    """Group steps into stages: each stage only depends on earlier stages, and every step
    sits in the earliest stage it can. Steps in one stage can run concurrently."""
    deps = _dependencies(steps)
    waiting_on = {step: len(needs) for step, needs in deps.items()}
    dependents: dict[str, list[str]] = {step: [] for step in deps}
    for step, needs in deps.items():
        for need in needs:
            dependents[need].append(step)

    stage = sorted(step for step, count in waiting_on.items() if count == 0)
    stages: list[list[str]] = []
    while stage:
        stages.append(stage)
        following: list[str] = []
        for step in stage:
            for later in dependents[step]:
                waiting_on[later] -= 1
                if waiting_on[later] == 0:
                    following.append(later)
        stage = sorted(following)

    placed = {step for s in stages for step in s}
    if len(placed) < len(deps):
        raise CycleError(_find_cycle(deps, set(deps) - placed))
    return stages


if __name__ == "__main__":
    pipeline = {
        "ingest": [],
        "validate": ["ingest"],
        "features": ["validate"],
        "profile": ["validate"],  # data statistics, the drift baseline
        "train": ["features"],
        "evaluate": ["train", "profile"],
        "register": ["evaluate"],
        "deploy": ["register"],
    }
    print(kahn_order(pipeline))
    print(parallel_stages(pipeline))
    try:
        kahn_order({**pipeline, "validate": ["ingest", "deploy"]})
    except CycleError as err:
        print(err)  # dependency cycle: validate -> profile -> ... -> deploy -> validate
