from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.bipartite import from_edges, is_bipartite, two_colouring


def brute_force_bipartite(n: int, edges: list[tuple[int, int]]) -> bool:
    """Try every one of the 2**n colourings."""
    return any(all(c[u] != c[v] for u, v in edges) for c in itertools.product((0, 1), repeat=n))


@st.composite
def small_graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    n = draw(st.integers(min_value=0, max_value=8))
    if n == 0:
        return 0, []
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pairs, max_size=14, unique_by=lambda e: (min(e), max(e))))
    return n, edges


@settings(deadline=None, max_examples=300)
@given(small_graphs())
def test_matches_brute_force(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = case
    graph = from_edges(n, edges)
    assert is_bipartite(graph) == brute_force_bipartite(n, edges)


@settings(deadline=None, max_examples=300)
@given(small_graphs())
def test_colouring_is_proper(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = case
    colour = two_colouring(from_edges(n, edges))
    if colour is not None:
        assert len(colour) == n and set(colour) <= {0, 1}
        assert all(colour[u] != colour[v] for u, v in edges)


def test_examples() -> None:
    assert two_colouring(from_edges(4, [(0, 1), (1, 2), (2, 3), (3, 0)])) == [0, 1, 0, 1]
    assert not is_bipartite(from_edges(3, [(0, 1), (1, 2), (2, 0)]))
    assert is_bipartite([])  # empty graph
    assert is_bipartite([[], [], []])  # isolated nodes
    assert not is_bipartite(from_edges(1, [(0, 0)]))  # self-loop
    # odd cycle only in the second component: a one-component BFS would miss it
    assert not is_bipartite(from_edges(5, [(0, 1), (2, 3), (3, 4), (4, 2)]))


def test_long_path_needs_no_recursion() -> None:
    n = 50_000
    assert is_bipartite(from_edges(n, [(i, i + 1) for i in range(n - 1)]))
