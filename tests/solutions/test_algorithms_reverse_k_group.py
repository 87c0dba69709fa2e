from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.reverse_k_group import from_values, iter_nodes, reverse_k_group


def by_slicing(xs: list[int], k: int) -> list[int]:
    out: list[int] = []
    for start in range(0, len(xs), k):
        chunk = xs[start : start + k]
        out += chunk[::-1] if len(chunk) == k else chunk
    return out


@settings(deadline=None, max_examples=400)
@given(st.lists(st.integers(), max_size=40), st.integers(min_value=1, max_value=12))
def test_matches_slicing(xs: list[int], k: int) -> None:
    head = from_values(xs)
    original = [id(node) for node in iter_nodes(head)]
    result = list(iter_nodes(reverse_k_group(head, k)))
    assert [node.value for node in result] == by_slicing(xs, k)
    # same nodes, relinked: ids are a permutation, and the permutation is the same slicing
    assert [id(node) for node in result] == by_slicing(original, k)


def test_examples() -> None:
    def run(xs: list[int], k: int) -> list[int]:
        return [node.value for node in iter_nodes(reverse_k_group(from_values(xs), k))]

    assert run([1, 2, 3, 4, 5], 2) == [2, 1, 4, 3, 5]
    assert run([1, 2, 3, 4, 5], 3) == [3, 2, 1, 4, 5]
    assert run([1, 2, 3, 4, 5], 5) == [5, 4, 3, 2, 1]  # k == n
    assert run([1, 2, 3, 4, 5], 6) == [1, 2, 3, 4, 5]  # k > n
    assert run([1, 2, 3, 4, 5], 1) == [1, 2, 3, 4, 5]  # k == 1
    assert run([1, 2, 3, 4, 5, 6], 3) == [3, 2, 1, 6, 5, 4]  # no remainder
    assert reverse_k_group(None, 3) is None


@pytest.mark.parametrize("k", [0, -1])
def test_rejects_bad_k(k: int) -> None:
    with pytest.raises(ValueError):
        reverse_k_group(from_values([1, 2]), k)


def test_long_list() -> None:
    n = 100_001
    result = reverse_k_group(from_values(range(n)), 1000)
    assert [node.value for node in iter_nodes(result)] == by_slicing(list(range(n)), 1000)
