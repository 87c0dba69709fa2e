"""Tests for docs_src/coding_katas/pipeline_schedule.py."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_katas.pipeline_schedule import DeadlockError, gpipe, one_f_one_b, render, simulate

GPIPE_3x4 = """\
stage 0 |0123......ddccbbaa|
stage 1 |.0123...ddccbbaa..|
stage 2 |..0123ddccbbaa....|"""

ONE_F_ONE_B_3x4 = """\
stage 0 |012....aa3bb.cc.dd|
stage 1 |.01..aa2bb3cc.dd..|
stage 2 |..0aa1bb2cc3dd....|"""


def test_timelines_for_three_stages_and_four_micro_batches():
    # forward 1 unit, backward 2 units; digits are forwards, letters backwards
    g, o = simulate(gpipe(3, 4), 1, 2), simulate(one_f_one_b(3, 4), 1, 2)
    assert render(g, 3) == GPIPE_3x4
    assert render(o, 3) == ONE_F_ONE_B_3x4
    assert g.makespan == o.makespan == 18  # (m + p - 1) * (t_f + t_b)
    assert g.idle_fraction == pytest.approx(1 / 3)  # (p - 1) / (m + p - 1)
    assert g.peak_activations == [4, 4, 4]
    assert o.peak_activations == [3, 2, 1]


def test_one_f_one_b_op_order_on_each_stage():
    assert one_f_one_b(3, 4) == [
        [("F", 0), ("F", 1), ("F", 2), ("B", 0), ("F", 3), ("B", 1), ("B", 2), ("B", 3)],
        [("F", 0), ("F", 1), ("B", 0), ("F", 2), ("B", 1), ("F", 3), ("B", 2), ("B", 3)],
        [("F", 0), ("B", 0), ("F", 1), ("B", 1), ("F", 2), ("B", 2), ("F", 3), ("B", 3)],
    ]


def test_fewer_micro_batches_than_stages():
    t = simulate(one_f_one_b(4, 2), 1, 1)
    assert t.makespan == (2 + 4 - 1) * 2
    assert t.peak_activations == [2, 2, 2, 1]


def test_one_stage_has_no_bubble():
    t = simulate(one_f_one_b(1, 5), 1, 2)
    assert t.makespan == 15 and t.idle_fraction == 0


@settings(deadline=None, max_examples=200)
@given(p=st.integers(1, 7), m=st.integers(1, 12), t_f=st.integers(1, 4), t_b=st.integers(1, 8))
def test_bubble_formula_and_memory_for_both_schedules(p, m, t_f, t_b):
    for make in (gpipe, one_f_one_b):
        t = simulate(make(p, m), t_f, t_b)
        assert t.makespan == (m + p - 1) * (t_f + t_b)
        assert Fraction(t.idle_fraction).limit_denominator(1000) == Fraction(p - 1, m + p - 1)
    assert simulate(gpipe(p, m), t_f, t_b).peak_activations == [m] * p
    assert simulate(one_f_one_b(p, m), t_f, t_b).peak_activations == [min(p - s, m) for s in range(p)]


@settings(deadline=None, max_examples=150)
@given(p=st.integers(1, 6), m=st.integers(1, 8), t_comm=st.integers(0, 3))
def test_every_op_respects_its_dependencies_and_no_stage_overlaps(p, m, t_comm):
    for make in (gpipe, one_f_one_b):
        t = simulate(make(p, m), 1, 2, t_comm)
        for (s, kind, i), t0 in t.start.items():
            if kind == "F" and s > 0:
                assert t0 >= t.end[(s - 1, "F", i)] + t_comm
            if kind == "B":
                assert t0 >= t.end[(s, "F", i)]
                if s < p - 1:
                    assert t0 >= t.end[(s + 1, "B", i)] + t_comm
        for s in range(p):
            spans = sorted((t.start[k], t.end[k]) for k in t.start if k[0] == s)
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
        assert t.makespan >= (m + p - 1) * 3  # communication can only add time


def test_an_impossible_order_is_reported_as_a_deadlock():
    bad = one_f_one_b(2, 2)
    bad[1] = [("B", 0), ("F", 0), ("F", 1), ("B", 1)]  # last stage backprops before its forward
    with pytest.raises(DeadlockError):
        simulate(bad, 1, 1)
    crossed = [[("F", 0), ("B", 1), ("F", 1), ("B", 0)], [("F", 1), ("F", 0), ("B", 0), ("B", 1)]]
    with pytest.raises(DeadlockError):  # stage 1 wants micro-batch 1 first, stage 0 sends 0 first
        simulate(crossed, 1, 1)


def test_malformed_schedules_are_rejected():
    with pytest.raises(ValueError):
        simulate([[("F", 0)]], 1, 1)  # no backward
    with pytest.raises(ValueError):
        simulate([[("F", 0), ("B", 0)], [("F", 0), ("F", 0)]], 1, 1)
    with pytest.raises(ValueError):
        simulate([], 1, 1)
    with pytest.raises(ValueError):
        gpipe(0, 3)
