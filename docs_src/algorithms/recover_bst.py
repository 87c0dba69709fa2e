"""Recover a binary search tree in which the values of exactly two nodes were swapped.

An in-order walk of a BST is sorted. Swapping two values creates one "descent"
(prev.value > node.value) when the nodes are adjacent in order, two descents otherwise.
The first wrong node is `prev` at the first descent; the second is `node` at the last.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(eq=False)
class TreeNode:
    value: int
    left: TreeNode | None = None
    right: TreeNode | None = None


class _Finder:
    """Feed nodes in in-order sequence; remembers the two misplaced nodes."""

    def __init__(self) -> None:
        self.prev: TreeNode | None = None
        self.first: TreeNode | None = None
        self.second: TreeNode | None = None

    def visit(self, node: TreeNode) -> None:
        if self.prev is not None and self.prev.value > node.value:
            if self.first is None:
                self.first = self.prev  # the larger value, moved too early
            self.second = node  # the smaller value, moved too late
        self.prev = node

    def fix(self) -> None:
        if self.first is None or self.second is None:
            raise ValueError("the tree is already a valid BST")
        self.first.value, self.second.value = self.second.value, self.first.value


def in_order(root: TreeNode | None) -> Iterator[TreeNode]:
    """Iterative in-order traversal: O(h) stack, no recursion limit."""
    stack: list[TreeNode] = []
    node = root
    while stack or node is not None:
        while node is not None:
            stack.append(node)
            node = node.left
        node = stack.pop()
        yield node
        node = node.right


def recover(root: TreeNode | None) -> None:
    """Swap the two misplaced values back. O(n) time, O(h) extra space."""
    finder = _Finder()
    for node in in_order(root):
        finder.visit(node)
    finder.fix()


def recover_morris(root: TreeNode | None) -> None:
    """Same, with O(1) extra space: Morris traversal threads each in-order predecessor's
    empty right pointer back to the current node, then removes the thread."""
    finder = _Finder()
    node = root
    while node is not None:
        if node.left is None:
            finder.visit(node)
            node = node.right
            continue
        pred = node.left  # rightmost node of the left subtree
        while pred.right is not None and pred.right is not node:
            pred = pred.right
        if pred.right is None:
            pred.right = node  # first visit: leave a thread and go left
            node = node.left
        else:
            pred.right = None  # second visit via the thread: remove it, visit, go right
            finder.visit(node)
            node = node.right
    finder.fix()


if __name__ == "__main__":
    #     3               2
    #    / \     ->      / \
    #   1   4           1   4      (3 and 2 were swapped)
    #      /               /
    #     2               3
    tree = TreeNode(3, TreeNode(1), TreeNode(4, TreeNode(2)))
    recover(tree)
    print([n.value for n in in_order(tree)])  # [1, 2, 3, 4]
