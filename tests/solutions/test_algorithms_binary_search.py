from __future__ import annotations

import bisect
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.binary_search import count, first_true, index_of, lower_bound, upper_bound
from tests.solutions import cbuild

sorted_lists = st.lists(st.integers(min_value=-20, max_value=20), max_size=30).map(sorted)
probes = st.integers(min_value=-25, max_value=25)


@settings(deadline=None, max_examples=400)
@given(sorted_lists, probes)
def test_matches_bisect(a: list[int], x: int) -> None:
    assert lower_bound(a, x) == bisect.bisect_left(a, x)
    assert upper_bound(a, x) == bisect.bisect_right(a, x)
    assert count(a, x) == a.count(x)
    assert index_of(a, x) == (a.index(x) if x in a else -1)


@settings(deadline=None, max_examples=300)
@given(sorted_lists, probes, st.data())
def test_sub_ranges_match_bisect(a: list[int], x: int, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(a)))
    hi = data.draw(st.integers(lo, len(a)))
    assert lower_bound(a, x, lo, hi) == bisect.bisect_left(a, x, lo, hi)
    assert upper_bound(a, x, lo, hi) == bisect.bisect_right(a, x, lo, hi)


@settings(deadline=None, max_examples=300)
@given(st.integers(0, 50), st.integers(0, 60), st.integers(0, 60))
def test_first_true_matches_linear_scan(lo: int, width: int, threshold: int) -> None:
    hi = lo + width

    def pred(i: int) -> bool:
        return i >= threshold

    expected = next((i for i in range(lo, hi) if pred(i)), hi)
    assert first_true(lo, hi, pred) == expected


def test_examples() -> None:
    a = [1, 3, 3, 3, 7, 9]
    assert (lower_bound(a, 3), upper_bound(a, 3), count(a, 3)) == (1, 4, 3)
    assert lower_bound(a, 0) == 0 and upper_bound(a, 10) == 6  # before / after everything
    assert index_of(a, 4) == -1 and index_of(a, 9) == 5
    assert lower_bound([], 5) == 0 and index_of([], 5) == -1
    assert lower_bound(["a", "c", "e"], "d") == 2  # any ordered type


@pytest.fixture(scope="module")
def c_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cbuild.build("docs_src/algorithms/binary_search.c", tmp_path_factory.mktemp("bsearch"))


def test_c_example(c_binary: Path) -> None:
    out = cbuild.run(c_binary, stdin="6  1 3 3 3 7 9  4  3 4 0 10\n0 1 5\n")
    assert out.splitlines() == ["3 1 4 1", "4 4 4 -1", "0 0 0 -1", "10 6 6 -1", "5 0 0 -1"]


@settings(deadline=None, max_examples=20)
@given(st.lists(st.tuples(sorted_lists, st.lists(probes, min_size=1, max_size=10)), min_size=1, max_size=20))
def test_c_matches_bisect(c_binary: Path, cases: list[tuple[list[int], list[int]]]) -> None:
    stdin, expected = [], []
    for a, queries in cases:
        stdin.append(" ".join(map(str, [len(a), *a, len(queries), *queries])))
        for x in queries:
            found = a.index(x) if x in a else -1
            expected.append(f"{x} {bisect.bisect_left(a, x)} {bisect.bisect_right(a, x)} {found}")
    assert cbuild.run(c_binary, stdin="\n".join(stdin) + "\n").splitlines() == expected
