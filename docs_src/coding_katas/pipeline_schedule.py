"""Pipeline-parallel schedules (GPipe and 1F1B) and a simulator that times them.

A schedule gives each stage its list of operations in order: ("F", i) is the
forward of micro-batch i on that stage, ("B", i) its backward. The simulator
enforces the data dependencies between stages:
    F(s, i) needs F(s-1, i)      (activations flow down the pipeline)
    B(s, i) needs B(s+1, i)      (gradients flow back up)
    B(s, i) needs F(s, i)        (a stage can only backprop what it ran forward)
and reports when every op ran, the idle share and the activations each stage
holds at its peak. An order that can never make progress raises DeadlockError.
"""

from __future__ import annotations

from dataclasses import dataclass

Op = tuple[str, int]  # ("F" | "B", micro-batch index)
Schedule = list[list[Op]]  # one op list per stage


class DeadlockError(RuntimeError):
    """No stage can run its next op: the schedule waits on itself."""


def gpipe(p: int, m: int) -> Schedule:
    """All forwards, then all backwards (latest micro-batch first, as in the GPipe paper)."""
    _check(p, m)
    return [[("F", i) for i in range(m)] + [("B", i) for i in reversed(range(m))] for _ in range(p)]


def one_f_one_b(p: int, m: int) -> Schedule:
    """PipeDream-Flush / Megatron 1F1B: warm up, then alternate one forward and one backward.

    Stage s runs min(p - s - 1, m) warm-up forwards, so at most min(p - s, m)
    micro-batches' activations are alive on it at once (GPipe keeps all m).
    """
    _check(p, m)
    schedule = []
    for s in range(p):
        warmup = min(p - s - 1, m)
        ops: list[Op] = [("F", i) for i in range(warmup)]
        for k in range(m - warmup):  # steady state: F of a new micro-batch, B of the oldest
            ops += [("F", warmup + k), ("B", k)]
        ops += [("B", i) for i in range(m - warmup, m)]  # cool-down
        schedule.append(ops)
    return schedule


@dataclass(frozen=True)
class Timeline:
    start: dict[tuple[int, str, int], float]  # (stage, kind, micro-batch) -> start time
    end: dict[tuple[int, str, int], float]
    makespan: float
    idle_fraction: float  # share of stage-time spent waiting
    peak_activations: list[int]  # per stage: most micro-batches run forward but not yet backward


def simulate(schedule: Schedule, t_f: float, t_b: float, t_comm: float = 0.0) -> Timeline:
    p = len(schedule)
    m = _validate(schedule)
    duration = {"F": t_f, "B": t_b}
    start: dict[tuple[int, str, int], float] = {}
    end: dict[tuple[int, str, int], float] = {}
    pos = [0] * p  # next op index per stage
    free = [0.0] * p  # when each stage finishes its current op

    def ready_at(s: int, kind: str, i: int) -> float | None:
        """Earliest start allowed by dependencies, or None if one has not run yet."""
        deps: list[tuple[tuple[int, str, int], float]] = []
        if kind == "F" and s > 0:
            deps.append(((s - 1, "F", i), t_comm))
        if kind == "B":
            deps.append(((s, "F", i), 0.0))
            if s < p - 1:
                deps.append(((s + 1, "B", i), t_comm))
        times = []
        for key, delay in deps:
            if key not in end:
                return None
            times.append(end[key] + delay)
        return max(times, default=0.0)

    remaining = p * 2 * m
    while remaining:
        progressed = False
        for s in range(p):
            if pos[s] == len(schedule[s]):
                continue
            kind, i = schedule[s][pos[s]]
            dep = ready_at(s, kind, i)
            if dep is None:
                continue
            t0 = max(free[s], dep)
            start[(s, kind, i)], end[(s, kind, i)] = t0, t0 + duration[kind]
            free[s] = t0 + duration[kind]
            pos[s] += 1
            remaining -= 1
            progressed = True
        if not progressed:
            stuck = {s: schedule[s][pos[s]] for s in range(p) if pos[s] < len(schedule[s])}
            raise DeadlockError(f"every stage waits on another: next ops {stuck}")
    makespan = max(end.values())
    busy = m * (t_f + t_b)  # every stage does the same work
    idle = 1 - busy / makespan if makespan else 0.0
    return Timeline(start, end, makespan, idle, [_peak(ops) for ops in schedule])


def render(timeline: Timeline, p: int, unit: float = 1.0) -> str:
    """One text row per stage, one character per `unit` of time: F/B digits, '.' idle."""
    width = round(timeline.makespan / unit)
    rows = []
    for s in range(p):
        cells = ["."] * width
        for (stage, kind, i), t0 in timeline.start.items():
            if stage == s:
                for c in range(round(t0 / unit), round(timeline.end[(stage, kind, i)] / unit)):
                    cells[c] = str(i) if kind == "F" else chr(ord("a") + i)
        rows.append(f"stage {s} |{''.join(cells)}|")
    return "\n".join(rows)


def _peak(ops: list[Op]) -> int:
    alive = peak = 0
    for kind, _ in ops:
        alive += 1 if kind == "F" else -1
        peak = max(peak, alive)
    return peak


def _check(p: int, m: int) -> None:
    if p < 1 or m < 1:
        raise ValueError("need at least one stage and one micro-batch")


def _validate(schedule: Schedule) -> int:
    """Every stage must run F and B of every micro-batch exactly once; return m."""
    if not schedule:
        raise ValueError("empty schedule")
    m = len(schedule[0]) // 2
    expected = sorted([("F", i) for i in range(m)] + [("B", i) for i in range(m)])
    for s, ops in enumerate(schedule):
        if sorted(ops) != expected:
            raise ValueError(f"stage {s} must run F and B of micro-batches 0..{m - 1} once each")
    return m
