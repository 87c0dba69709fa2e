from __future__ import annotations

from collections import deque
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.tree_diameter import TreeNode, diameter, diameter_iterative

# A tree shape is None (empty) or a pair (left, right) of shapes.
shapes = st.recursive(st.none(), lambda sub: st.tuples(sub, sub), max_leaves=40)


def build(shape: Any) -> TreeNode | None:
    if shape is None:
        return None
    return TreeNode(0, build(shape[0]), build(shape[1]))


def undirected(root: TreeNode | None) -> dict[int, list[int]]:
    """The tree as an undirected graph keyed by id(node)."""
    adj: dict[int, list[int]] = {}
    stack = [root] if root else []
    while stack:
        node = stack.pop()
        adj.setdefault(id(node), [])
        for child in (node.left, node.right):
            if child is not None:
                adj[id(node)].append(id(child))
                adj.setdefault(id(child), []).append(id(node))
                stack.append(child)
    return adj


def bfs_distances(adj: dict[int, list[int]], start: int) -> dict[int, int]:
    dist = {start: 0}
    queue = deque([start])
    while queue:
        u = queue.popleft()
        for v in adj[u]:
            if v not in dist:
                dist[v] = dist[u] + 1
                queue.append(v)
    return dist


def brute_force(root: TreeNode | None) -> int:
    """Longest path over all pairs of leaves of the undirected tree (degree <= 1 nodes)."""
    adj = undirected(root)
    ends = [u for u, nbrs in adj.items() if len(nbrs) <= 1]
    best = 0
    for u in ends:
        dist = bfs_distances(adj, u)
        best = max(best, max(dist[v] for v in ends))
    return best


def brute_force_all_pairs(root: TreeNode | None) -> int:
    adj = undirected(root)
    return max((max(bfs_distances(adj, u).values()) for u in adj), default=0)


@settings(deadline=None, max_examples=300)
@given(shapes)
def test_matches_leaf_pair_oracle(shape: Any) -> None:
    root = build(shape)
    expected = brute_force(root)
    assert expected == brute_force_all_pairs(root)  # the longest path ends at leaves
    assert diameter(root) == expected
    assert diameter_iterative(root) == expected


def test_examples() -> None:
    assert diameter(None) == 0 == diameter_iterative(None)
    assert diameter(TreeNode(1)) == 0 == diameter_iterative(TreeNode(1))
    tree = TreeNode(1, TreeNode(2, TreeNode(4), TreeNode(5)), TreeNode(3))
    assert diameter(tree) == 3 == diameter_iterative(tree)
    # the longest path need not pass through the root
    left_heavy = TreeNode(
        1, TreeNode(2, TreeNode(3, TreeNode(4, TreeNode(5))), TreeNode(6, None, TreeNode(7, None, TreeNode(8))))
    )
    assert diameter(left_heavy) == 6 == diameter_iterative(left_heavy)


def test_deep_chain_iterative() -> None:
    root = TreeNode(0)
    node = root
    for i in range(1, 20_000):
        node.left = TreeNode(i)
        node = node.left
    assert diameter_iterative(root) == 19_999
