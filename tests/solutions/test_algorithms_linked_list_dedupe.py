from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.linked_list_dedupe import (
    Node,
    drop_repeated_values,
    from_values,
    iter_nodes,
    keep_first_occurrence,
    keep_first_occurrence_no_buffer,
    to_values,
)

values = st.lists(st.integers(min_value=-4, max_value=4), max_size=30)


@settings(deadline=None, max_examples=300)
@given(values)
def test_keep_first_matches_ordered_set(xs: list[int]) -> None:
    expected = list(dict.fromkeys(xs))  # an insertion-ordered set
    assert to_values(keep_first_occurrence(from_values(xs))) == expected
    assert to_values(keep_first_occurrence_no_buffer(from_values(xs))) == expected


@settings(deadline=None, max_examples=300)
@given(values)
def test_drop_repeated_matches_counter(xs: list[int]) -> None:
    counts = Counter(xs)
    assert to_values(drop_repeated_values(from_values(xs))) == [x for x in xs if counts[x] == 1]


@settings(deadline=None, max_examples=100)
@given(values)
def test_nodes_are_relinked_not_copied(xs: list[int]) -> None:
    fn: Callable[[Node[int] | None], Node[int] | None]
    for fn in (keep_first_occurrence, drop_repeated_values):
        head = from_values(xs)
        original = {id(node) for node in iter_nodes(head)}
        assert {id(node) for node in iter_nodes(fn(head))} <= original


def test_examples() -> None:
    assert keep_first_occurrence(None) is None
    assert drop_repeated_values(None) is None
    assert to_values(keep_first_occurrence(from_values([7]))) == [7]
    assert to_values(keep_first_occurrence(from_values([5, 5, 5, 5]))) == [5]
    assert drop_repeated_values(from_values([5, 5, 5, 5])) is None  # every node removed
    assert to_values(drop_repeated_values(from_values([2, 2, 1]))) == [1]  # head removed
    assert to_values(keep_first_occurrence(from_values(["a", "b", "a"]))) == ["a", "b"]


def test_long_list() -> None:
    xs = [i % 1000 for i in range(100_000)]
    assert to_values(keep_first_occurrence(from_values(xs))) == list(range(1000))
