"""Tests for the three stages of the MIG gang scheduler:
docs_src/coding_platform/mig_stage1_slots.py, docs_src/coding_platform/mig_stage2_gang.py
and docs_src/coding_platform/mig_stage3_preempt.py."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_platform.mig_stage1_slots import (
    MEMORY_SLICES,
    PROFILES,
    Gpu,
    Job,
    SliceScheduler,
    best_placement,
)
from docs_src.coding_platform.mig_stage2_gang import GangJob, GangScheduler, plan_gang
from docs_src.coding_platform.mig_stage3_preempt import PreemptiveScheduler

# ---- stage 1: slices ------------------------------------------------------------


def test_the_profile_table_matches_the_hardware_geometry():
    assert {n: (p.compute, p.span, p.starts) for n, p in PROFILES.items()} == {
        "1g.10gb": (1, 1, (0, 1, 2, 3, 4, 5, 6)),
        "2g.20gb": (2, 2, (0, 2, 4)),
        "3g.40gb": (3, 4, (0, 4)),
        "4g.40gb": (4, 4, (0,)),
        "7g.80gb": (7, 8, (0,)),
    }


def all_layouts():
    """Every set of instances a GPU can hold at once (memory slices disjoint)."""
    options = [(p, s) for p in PROFILES.values() for s in p.starts]
    layouts = [[]]

    def extend(layout, i, used):
        for j in range(i, len(options)):
            p, s = options[j]
            cells = set(range(s, s + p.span))
            if not cells & used:
                new = layout + [(p, s)]
                layouts.append(new)
                extend(new, j, used | cells)

    extend([], 0, set())
    return layouts


def test_memory_slices_alone_keep_every_layout_within_seven_compute_slices():
    layouts = all_layouts()
    assert max(sum(p.compute for p, _ in layout) for layout in layouts) == 7
    assert all(sum(p.span for p, _ in layout) <= MEMORY_SLICES for layout in layouts)


def test_offsets_chosen_to_keep_big_profiles_possible():
    empty = [Gpu(0)]
    assert best_placement(empty, PROFILES["1g.10gb"]).start == 6  # leaves 4g and 3g@0 free
    assert best_placement(empty, PROFILES["2g.20gb"]).start == 4
    assert best_placement(empty, PROFILES["3g.40gb"]).start == 4  # leaves 4g@0 free


def test_a_valid_start_can_be_blocked_and_occupy_refuses_it():
    gpu = Gpu(0)
    gpu.occupy(6, PROFILES["1g.10gb"], "a")
    assert gpu.free_starts(PROFILES["3g.40gb"]) == [0]
    with pytest.raises(ValueError):
        gpu.occupy(4, PROFILES["3g.40gb"], "b")
    with pytest.raises(ValueError):
        gpu.occupy(1, PROFILES["2g.20gb"], "b")  # not an allowed offset


def test_seven_small_slices_fill_a_gpu_and_the_eighth_spills_over():
    s = SliceScheduler(2)
    for i in range(8):
        s.submit(Job(f"j{i}", "1g.10gb"))
    placed = s.schedule()
    on_gpu0 = sorted(p.start for p in placed.values() if p.gpu_id == 0)
    assert on_gpu0 == [0, 1, 2, 3, 4, 5, 6]
    assert placed["j7"].gpu_id == 1


def test_best_fit_packs_a_partly_used_gpu_first():
    s = SliceScheduler(2)
    s.submit(Job("big", "4g.40gb"))
    s.schedule()
    s.submit(Job("small", "3g.40gb"))
    assert s.schedule()["small"].gpu_id == s.running["big"].gpu_id  # 4g + 3g fill one GPU


def test_priority_order_then_backfill():
    s = SliceScheduler(1)
    s.submit(Job("low", "1g.10gb", priority=0))
    s.submit(Job("whole-gpu", "7g.80gb", priority=1))
    s.submit(Job("high", "4g.40gb", priority=5))
    placed = s.schedule()
    assert set(placed) == {"high", "low"}  # 7g does not fit; the small job behind it backfills
    assert [j.job_id for j in s.pending()] == ["whole-gpu"]
    s.finish("high")
    s.finish("low")
    assert set(s.schedule()) == {"whole-gpu"}


def test_stage1_rejects_bad_input():
    s = SliceScheduler(1)
    with pytest.raises(ValueError):
        s.submit(Job("x", "5g.50gb"))
    s.submit(Job("x", "1g.10gb"))
    with pytest.raises(ValueError):
        s.submit(Job("x", "1g.10gb"))
    with pytest.raises(KeyError):
        s.finish("never-ran")
    with pytest.raises(ValueError):
        SliceScheduler(0)


# ---- stage 2: gangs ----------------------------------------------------------------


def test_a_gang_starts_whole_or_not_at_all():
    s = GangScheduler(2)
    s.submit(GangJob("blocker", "1g.10gb"))
    s.schedule()
    s.submit(GangJob("pair", "7g.80gb", workers=2))  # needs both GPUs empty
    s.submit(GangJob("filler", "3g.40gb", workers=2))
    placed = s.schedule()
    assert "pair" not in placed and "filler" in placed
    owners = {o for g in s.gpus for o in g.owner if o}
    assert not any(o.startswith("pair/") for o in owners)  # waiting holds nothing


def test_planning_never_touches_the_live_cluster():
    gpus = [Gpu(0)]
    assert plan_gang(gpus, GangJob("g", "3g.40gb", workers=3)) is None  # only two fit
    assert gpus[0].owner == [None] * MEMORY_SLICES
    assert len(plan_gang(gpus, GangJob("g", "3g.40gb", workers=2))) == 2


def test_finish_frees_every_worker():
    s = GangScheduler(2)
    s.submit(GangJob("g", "2g.20gb", workers=5))
    assert len(s.schedule()["g"]) == 5
    s.finish("g")
    assert all(o is None for g in s.gpus for o in g.owner)


def test_stage2_rejects_impossible_gangs():
    s = GangScheduler(1)
    with pytest.raises(ValueError):
        s.submit(GangJob("g", "1g.10gb", workers=0))
    with pytest.raises(ValueError):
        s.submit(GangJob("g", "4g.40gb", workers=2))  # 8 compute slices on a 7-slice cluster


# ---- stage 3: preemption ---------------------------------------------------------


def test_a_high_priority_gang_evicts_the_cheapest_sufficient_victims():
    s = PreemptiveScheduler(2)
    for job in (
        GangJob("old-low", "4g.40gb", priority=1),
        GangJob("new-low", "4g.40gb", priority=1),
        GangJob("mid", "3g.40gb", workers=2, priority=3),
    ):
        s.submit(job)
        s.schedule()  # each GPU ends with a 4g at offset 0 and a 3g of "mid" at offset 4
    s.submit(GangJob("urgent", "4g.40gb", priority=9))
    placed = s.schedule()
    assert "urgent" in placed
    assert s.preemptions[-1].victims == ("new-low",)  # lowest priority, started last
    assert "new-low" in s.queue and "mid" in s.running and "old-low" in s.running


def test_never_preempts_equal_or_higher_priority():
    s = PreemptiveScheduler(1)
    s.submit(GangJob("a", "7g.80gb", priority=5))
    s.schedule()
    s.submit(GangJob("b", "7g.80gb", priority=5))
    assert s.schedule() == {} and s.preemptions == []


def test_no_preemption_when_it_would_not_make_room():
    s = PreemptiveScheduler(1)
    s.submit(GangJob("vip", "4g.40gb", priority=9))
    s.submit(GangJob("low", "3g.40gb", priority=0))
    s.schedule()
    s.submit(GangJob("needs-all", "7g.80gb", priority=5))  # would need vip gone too
    assert s.schedule() == {} and s.preemptions == [] and "low" in s.running


def test_victims_keep_their_place_in_line():
    s = PreemptiveScheduler(1)
    s.submit(GangJob("first", "7g.80gb", priority=0))
    s.schedule()
    s.submit(GangJob("second", "1g.10gb", priority=0))
    s.submit(GangJob("boss", "7g.80gb", priority=9))
    s.schedule()
    assert [j.job_id for j in s.pending()] == ["first", "second"]  # first arrived first


def test_minimisation_gives_back_victims_the_gang_does_not_need():
    s = PreemptiveScheduler(1)
    s.submit(GangJob("a", "1g.10gb", priority=0))  # lands on slice 6
    s.submit(GangJob("b", "3g.40gb", priority=1))  # slices 0-3
    s.schedule()
    # a 3g at offset 4 needs slice 6: evicting "a" alone is enough, "b" (priority 1) stays
    s.submit(GangJob("c", "3g.40gb", priority=5))
    assert "c" in s.schedule()
    assert s.preemptions[-1].victims == ("a",) and "b" in s.running


# ---- invariants for every stage ----------------------------------------------------


def check_cluster(s):
    labels = [o for g in s.gpus for o in g.owner if o]
    expected = set()
    for job_id, (job, plan) in s.running.items():
        p = PROFILES[job.profile]
        assert len(plan) == job.workers  # gang: all workers placed, never some
        for w, where in enumerate(plan):
            assert where.start in p.starts
            owner = s.gpus[where.gpu_id].owner
            assert owner[where.start : where.start + p.span] == [f"{job_id}/{w}"] * p.span
            expected.add(f"{job_id}/{w}")
    assert set(labels) == expected  # no slice held by a job that is not running
    assert not set(s.queue) & set(s.running)
    for g in s.gpus:  # never over-committed
        per_owner = {o: g.owner.count(o) for o in set(g.owner) if o}
        assert sum(per_owner.values()) <= MEMORY_SLICES


job_specs = st.tuples(st.sampled_from(sorted(PROFILES)), st.integers(1, 4), st.integers(0, 4))
actions = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), job_specs),
        st.tuples(st.just("finish"), st.integers(0, 50)),
        st.just(("schedule", None)),
    ),
    max_size=40,
)


@pytest.mark.parametrize("cls", [GangScheduler, PreemptiveScheduler])
@settings(deadline=None, max_examples=150)
@given(n_gpus=st.integers(1, 3), script=actions)
def test_random_workloads_never_overcommit_and_gangs_stay_whole(cls, n_gpus, script):
    s = cls(n_gpus)
    ids = itertools.count()
    for action, arg in script:
        if action == "submit":
            profile, workers, priority = arg
            try:
                s.submit(GangJob(f"j{next(ids)}", profile, workers, priority))
            except ValueError:
                assert workers * PROFILES[profile].compute > 7 * n_gpus
        elif action == "finish" and s.running:
            s.finish(sorted(s.running)[arg % len(s.running)])
        elif action == "schedule":
            before = len(getattr(s, "preemptions", []))
            s.schedule()
            for event in getattr(s, "preemptions", [])[before:]:
                boss = s.running[event.for_job][0]  # the job that caused it is now running
                for victim in event.victims:
                    assert s.queue[victim][0].priority < boss.priority  # strictly lower only
        check_cluster(s)


@settings(deadline=None, max_examples=150)
@given(n_gpus=st.integers(1, 2), running=st.lists(job_specs, max_size=8), new=job_specs)
def test_chosen_victims_are_sufficient_and_minimal(n_gpus, running, new):
    s = PreemptiveScheduler(n_gpus)
    for i, (profile, workers, priority) in enumerate(running):
        if workers * PROFILES[profile].compute <= 7 * n_gpus:
            s.submit(GangJob(f"r{i}", profile, workers, priority))
    s.schedule()
    profile, workers, priority = new
    if workers * PROFILES[profile].compute > 7 * n_gpus:
        return
    job = GangJob("new", profile, workers, priority + 1)
    if plan_gang(s.gpus, job) is not None:
        return  # fits already: nothing to preempt
    victims = s.choose_victims(job)
    if victims is None:  # not even evicting every cheaper job helps
        cheaper = [j for j, (g, _) in s.running.items() if g.priority < job.priority]
        assert not s._fits_without(job, cheaper)
        return
    assert all(s.running[v][0].priority < job.priority for v in victims)
    assert s._fits_without(job, list(victims))
    for v in victims:  # remove any one victim and it no longer fits
        assert not s._fits_without(job, [x for x in victims if x != v])


@settings(deadline=None, max_examples=150)
@given(
    n_gpus=st.integers(1, 3),
    script=st.lists(
        st.one_of(
            st.tuples(st.just("submit"), st.sampled_from(sorted(PROFILES)), st.integers(0, 3)),
            st.tuples(st.just("finish"), st.integers(0, 50), st.just(0)),
            st.tuples(st.just("schedule"), st.just(""), st.just(0)),
        ),
        max_size=40,
    ),
)
def test_stage1_random_workloads_keep_slices_consistent(n_gpus, script):
    s = SliceScheduler(n_gpus)
    ids = itertools.count()
    for action, arg, priority in script:
        if action == "submit":
            s.submit(Job(f"j{next(ids)}", arg, priority))
        elif action == "finish" and s.running:
            s.finish(sorted(s.running)[arg % len(s.running)])
        elif action == "schedule":
            s.schedule()
        labels = {o for g in s.gpus for o in g.owner if o}
        assert labels == set(s.running)
        for job_id, where in s.running.items():
            p = PROFILES[where.profile]
            assert where.start in p.starts
            assert s.gpus[where.gpu_id].owner[where.start : where.start + p.span] == [job_id] * p.span
