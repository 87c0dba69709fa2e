from __future__ import annotations

from pathlib import Path

from tests.solutions import cbuild

EXPECTED = """\
construct scale (kind() in base constructor: Layer)
construct relu (kind() in base constructor: Layer)
model(3) = 6
model(-1.5) = 0
scale is a Scale
relu is a ReLU
construct relu (kind() in base constructor: Layer)
as_base.kind() = ReLU
as_base.label() = Layer::label
relu.label() = ReLU::label
as_base.Layer::kind() = Layer
virtual adds one hidden pointer (the vptr): yes
deleting through Layer pointers:
destroy Scale (frees its weights)
destroy Layer part of scale
destroy ReLU
destroy Layer part of relu
end of main
destroy ReLU
destroy Layer part of relu
"""


def test_dispatch_and_destruction_order(tmp_path: Path) -> None:
    # Built with -Wall -Wextra -Werror and, where available, AddressSanitizer: a derived
    # destructor that did not run would leak Scale's weights and fail the run.
    assert cbuild.build_and_run("docs_src/language/virtual_dispatch.cpp", tmp_path) == EXPECTED
