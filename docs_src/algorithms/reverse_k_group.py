"""Reverse a singly linked list k nodes at a time; a final group shorter than k stays as is.

1 -> 2 -> 3 -> 4 -> 5, k = 2   becomes   2 -> 1 -> 4 -> 3 -> 5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(eq=False)
class Node:
    value: int
    next: Node | None = None


def from_values(values: Iterable[int]) -> Node | None:
    head: Node | None = None
    for value in reversed(list(values)):
        head = Node(value, head)
    return head


def iter_nodes(head: Node | None) -> Iterator[Node]:
    while head is not None:
        yield head
        head = head.next


def reverse_k_group(head: Node | None, k: int) -> Node | None:
    """Relink the nodes (values are never swapped). O(n) time, O(1) extra space."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    dummy = Node(0, head)
    group_prev = dummy  # the node just before the group being reversed
    while True:
        # 1. Is there a full group of k nodes after group_prev?
        kth: Node | None = group_prev
        for _ in range(k):
            kth = kth.next if kth is not None else None
        if kth is None:
            return dummy.next  # fewer than k left: leave them in order
        group_next = kth.next
        # 2. Reverse the k nodes; the first one ends up pointing at group_next.
        prev, node = group_next, group_prev.next
        while node is not group_next:
            assert node is not None
            following = node.next
            node.next = prev
            prev, node = node, following
        # 3. Stitch: the old first node is now the group's tail.
        old_first = group_prev.next
        assert old_first is not None
        group_prev.next = kth
        group_prev = old_first


if __name__ == "__main__":
    result = reverse_k_group(from_values([1, 2, 3, 4, 5]), 2)
    print([node.value for node in iter_nodes(result)])  # [2, 1, 4, 3, 5]
