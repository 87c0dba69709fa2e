"""Is an undirected graph bipartite? BFS 2-colouring over every component."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence


def two_colouring(graph: Sequence[Sequence[int]]) -> list[int] | None:
    """Return a colour (0 or 1) per node so that every edge joins different colours,
    or None when no such colouring exists (the graph has an odd cycle).

    graph[u] lists the neighbours of node u; nodes are 0..len(graph)-1 and every
    edge appears in both lists. The graph may be disconnected.
    """
    colour = [-1] * len(graph)
    for start in range(len(graph)):
        if colour[start] != -1:
            continue  # already coloured as part of an earlier component
        colour[start] = 0
        queue = deque([start])
        while queue:
            u = queue.popleft()
            for v in graph[u]:
                if colour[v] == -1:
                    colour[v] = 1 - colour[u]
                    queue.append(v)
                elif colour[v] == colour[u]:
                    return None  # edge inside one colour class: odd cycle (or a self-loop)
    return colour


def is_bipartite(graph: Sequence[Sequence[int]]) -> bool:
    return two_colouring(graph) is not None


def from_edges(n: int, edges: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Adjacency lists for n nodes from an undirected edge list."""
    graph: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        graph[u].append(v)
        if u != v:
            graph[v].append(u)
    return graph


if __name__ == "__main__":
    square = from_edges(4, [(0, 1), (1, 2), (2, 3), (3, 0)])
    triangle = from_edges(3, [(0, 1), (1, 2), (2, 0)])
    print(two_colouring(square))  # [0, 1, 0, 1]
    print(is_bipartite(triangle))  # False
