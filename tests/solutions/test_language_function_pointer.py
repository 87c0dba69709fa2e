from __future__ import annotations

import math
from pathlib import Path

from tests.solutions import cbuild

EXPECTED = """\
input       -2.0000  -0.5000   0.0000   0.5000   2.0000
identity    -2.0000  -0.5000   0.0000   0.5000   2.0000
relu         0.0000   0.0000   0.0000   0.5000   2.0000
leaky_relu  -0.0200  -0.0050   0.0000   0.5000   2.0000
sigmoid      0.1192   0.3775   0.5000   0.6225   0.8808
tanh        -0.9640  -0.4621   0.0000   0.4621   0.9640
sigmoid(1.0) = 0.7311
unknown activation 'gelu'
raw(-3.0) = 0.0000, (*raw)(3.0) = 3.0000
sorted       0.9000   0.5000   0.2500  -1.5000
"""


def test_dispatch_table_output(tmp_path: Path) -> None:
    assert cbuild.build_and_run("docs_src/language/activations.c", tmp_path) == EXPECTED


def test_expected_values_are_right() -> None:
    """Recompute the table in Python so the expected text is not just copied from a run."""
    xs = [-2.0, -0.5, 0.0, 0.5, 2.0]
    fns = {
        "identity": lambda x: x,
        "relu": lambda x: max(x, 0.0),
        "leaky_relu": lambda x: x if x > 0 else 0.01 * x,
        "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
        "tanh": math.tanh,
    }
    rows = EXPECTED.splitlines()[1:6]
    for row, (name, fn) in zip(rows, fns.items()):
        label, *values = row.split()
        assert label == name
        assert [float(v) for v in values] == [round(fn(x), 4) + 0.0 for x in xs]
