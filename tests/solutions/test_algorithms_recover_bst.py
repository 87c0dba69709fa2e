from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.recover_bst import TreeNode, in_order, recover, recover_morris

# A shape is None or (left, right); values are assigned afterwards in in-order sequence.
shapes = st.recursive(st.none(), lambda sub: st.tuples(sub, sub), max_leaves=30)


def build_bst(shape: Any, values: list[int]) -> TreeNode | None:
    it = iter(values)

    def make(s: Any) -> TreeNode | None:
        if s is None:
            return None
        left = make(s[0])
        node = TreeNode(next(it), left)
        node.right = make(s[1])
        return node

    return make(shape)


def structure(root: TreeNode | None) -> Any:
    """The shape plus the identity of every node: detects relinking or leftover threads."""
    if root is None:
        return None
    return (id(root), structure(root.left), structure(root.right))


Fix = Callable[[TreeNode | None], None]


@pytest.mark.parametrize("fix", [recover, recover_morris], ids=["stack", "morris"])
@settings(deadline=None, max_examples=300)
@given(shape=shapes, data=st.data())
def test_recovers_any_swap(fix: Fix, shape: Any, data: st.DataObject) -> None:
    n = len(list(in_order(build_bst(shape, list(range(10_000))))))
    if n < 2:
        return
    values = sorted(data.draw(st.sets(st.integers(-1000, 1000), min_size=n, max_size=n)))
    root = build_bst(shape, values)
    nodes = list(in_order(root))
    i, j = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    nodes[i].value, nodes[j].value = nodes[j].value, nodes[i].value
    before = structure(root)

    fix(root)

    assert [node.value for node in in_order(root)] == values  # sorted again == original
    assert structure(root) == before  # same nodes, same links


@pytest.mark.parametrize("fix", [recover, recover_morris], ids=["stack", "morris"])
def test_examples(fix: Fix) -> None:
    tree = TreeNode(3, TreeNode(1), TreeNode(4, TreeNode(2)))  # 2 and 3 swapped
    fix(tree)
    assert [n.value for n in in_order(tree)] == [1, 2, 3, 4]
    pair = TreeNode(1, TreeNode(2))  # two nodes, adjacent
    fix(pair)
    assert [n.value for n in in_order(pair)] == [1, 2]
    with pytest.raises(ValueError):
        fix(TreeNode(2, TreeNode(1), TreeNode(3)))  # nothing to fix
    with pytest.raises(ValueError):
        fix(None)


def test_deep_tree() -> None:
    values = list(range(5000))
    root = TreeNode(values[0])
    node = root
    for v in values[1:]:
        node.right = TreeNode(v)
        node = node.right
    nodes = list(in_order(root))
    nodes[10].value, nodes[4000].value = nodes[4000].value, nodes[10].value
    recover(root)
    assert [n.value for n in in_order(root)] == values
    nodes[0].value, nodes[4999].value = nodes[4999].value, nodes[0].value
    recover_morris(root)
    assert [n.value for n in in_order(root)] == values
