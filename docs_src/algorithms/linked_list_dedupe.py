"""Remove duplicate values from an unsorted singly linked list.

Two readings of the prompt, so two functions:
  keep_first_occurrence  1 -> 3 -> 1 -> 2 -> 3  becomes  1 -> 3 -> 2
  drop_repeated_values   1 -> 3 -> 1 -> 2 -> 3  becomes  2
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


@dataclass(eq=False)
class Node(Generic[T]):
    value: T
    next: Node[T] | None = None


def from_values(values: Iterable[T]) -> Node[T] | None:
    head: Node[T] | None = None
    for value in reversed(list(values)):
        head = Node(value, head)
    return head


def iter_nodes(head: Node[T] | None) -> Iterator[Node[T]]:
    while head is not None:
        yield head
        head = head.next


def to_values(head: Node[T] | None) -> list[T]:
    return [node.value for node in iter_nodes(head)]


def keep_first_occurrence(head: Node[T] | None) -> Node[T] | None:
    """Unlink every node whose value was seen earlier. O(n) time, O(n) extra space."""
    seen: set[T] = set()
    prev: Node[T] | None = None
    node = head
    while node is not None:
        if node.value in seen:
            assert prev is not None  # the head's value is never seen before
            prev.next = node.next  # unlink; prev stays where it is
        else:
            seen.add(node.value)
            prev = node
        node = node.next
    return head


def keep_first_occurrence_no_buffer(head: Node[T] | None) -> Node[T] | None:
    """Same result with O(1) extra space: for each kept node, unlink later copies. O(n^2) time."""
    current = head
    while current is not None:
        runner = current
        while runner.next is not None:
            if runner.next.value == current.value:
                runner.next = runner.next.next
            else:
                runner = runner.next
        current = current.next
    return head


def drop_repeated_values(head: Node[T] | None) -> Node[T] | None:
    """Remove every node whose value occurs more than once. Two passes, O(n) space."""
    counts = Counter(node.value for node in iter_nodes(head))
    while head is not None and counts[head.value] > 1:
        head = head.next  # the head itself may go, so move it first
    prev = head
    while prev is not None and prev.next is not None:
        if counts[prev.next.value] > 1:
            prev.next = prev.next.next
        else:
            prev = prev.next
    return head


if __name__ == "__main__":
    print(to_values(keep_first_occurrence(from_values([1, 3, 1, 2, 3]))))  # [1, 3, 2]
    print(to_values(drop_repeated_values(from_values([1, 3, 1, 2, 3]))))  # [2]
