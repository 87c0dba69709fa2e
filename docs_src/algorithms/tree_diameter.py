"""Diameter of a binary tree: the number of edges on the longest path between two nodes.
The longest path always ends at leaves (or at a root with a single child)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class TreeNode:
    value: int = 0
    left: TreeNode | None = None
    right: TreeNode | None = None


def diameter(root: TreeNode | None) -> int:
    """Recursive post-order: O(n) time, O(h) stack. Fine while height h < ~900 in Python."""
    best = 0

    def height(node: TreeNode | None) -> int:
        """Nodes on the longest downward path from node (0 for None, 1 for a leaf)."""
        nonlocal best
        if node is None:
            return 0
        left, right = height(node.left), height(node.right)
        best = max(best, left + right)  # longest path that bends at this node
        return 1 + max(left, right)

    height(root)
    return best


def diameter_iterative(root: TreeNode | None) -> int:
    """Same post-order with an explicit stack, for trees too deep for recursion."""
    if root is None:
        return 0
    best = 0
    depth: dict[int, int] = {}  # id(node) -> nodes on its longest downward path
    stack: list[tuple[TreeNode, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            for child in (node.left, node.right):
                if child is not None:
                    stack.append((child, False))
            continue
        left = depth.pop(id(node.left)) if node.left else 0
        right = depth.pop(id(node.right)) if node.right else 0
        best = max(best, left + right)
        depth[id(node)] = 1 + max(left, right)
    return best


if __name__ == "__main__":
    #       1
    #      / \
    #     2   3        longest path 4-2-1-3 or 5-2-1-3: 3 edges
    #    / \
    #   4   5
    tree = TreeNode(1, TreeNode(2, TreeNode(4), TreeNode(5)), TreeNode(3))
    print(diameter(tree), diameter_iterative(tree))  # 3 3
