from __future__ import annotations

from pathlib import Path

import pytest

from tests.solutions import cbuild

SOURCE = "docs_src/concurrency/shared_ptr.cpp"

EXPECTED = """\
default: use_count=0 holds=0 live=0
a = new 1: use_count=1 holds=1 live=1
b(a): use_count=2 holds=1 live=1
c = b: use_count=3 holds=1 live=1
c = c: use_count=3 holds=1 live=1
d(move(c)): use_count=3 holds=1 live=1
  c after move: use_count=0 holds=0 live=1
e = move(d): use_count=3 holds=1 live=1
  d after move: use_count=0 holds=0 live=1
b.reset(): use_count=2 holds=1 live=1
  destroyed Tracked 2
f = a: use_count=3 holds=1 live=1
e.reset(new 3): use_count=1 holds=3 live=2
  a: use_count=2 holds=1 live=2
leaving scope
  destroyed Tracked 3
  destroyed Tracked 1
after scope: live=0
after 8 threads x 20000 copies: use_count=1 holds=4 live=1
  destroyed Tracked 4
after threads: live=0
  destroyed Tracked 5
at exit: live=0
"""


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("shared_ptr")
    # AddressSanitizer reports leaks and double frees; ThreadSanitizer reports races on
    # the count or on the object's destruction. Each is used where the machine supports it.
    built = [cbuild.build(SOURCE, out, name="asan")]
    if cbuild.sanitizers_work(cbuild.CPP, cbuild.TSAN):
        built.append(cbuild.build(SOURCE, out, sanitize=cbuild.TSAN, name="tsan"))
    return built


def test_counts_destruction_order_and_no_leaks(binaries: list[Path]) -> None:
    for exe in binaries:
        for _ in range(5):
            assert cbuild.run(exe) == EXPECTED
