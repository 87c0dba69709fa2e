from __future__ import annotations

import threading
from pathlib import Path

import pytest

from docs_src.concurrency.alternating_printers import take_turns
from tests.solutions import cbuild

RUNS = 50


def collect(limit: int, names: tuple[str, ...]) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    take_turns(limit, names, lambda name, n: out.append((name, threading.current_thread().name, n)))
    return out


@pytest.mark.parametrize("run", range(RUNS))
def test_two_threads_alternate_1_to_100(run: int) -> None:
    out = collect(100, ("A", "B"))
    assert [n for _, _, n in out] == list(range(1, 101))
    assert [name for name, _, _ in out] == ["A", "B"] * 50
    assert all(label == thread for label, thread, _ in out)  # printed by the named thread


@pytest.mark.parametrize("names", [("A",), ("A", "B", "C"), ("w0", "w1", "w2", "w3", "w4")])
def test_round_robin_generalises(names: tuple[str, ...]) -> None:
    for _ in range(10):
        out = collect(37, names)
        assert [n for _, _, n in out] == list(range(1, 38))
        assert [label for label, _, _ in out] == [names[(n - 1) % len(names)] for n in range(1, 38)]
        assert all(label == thread for label, thread, _ in out)


def test_limits() -> None:
    assert collect(0, ("A", "B")) == []
    assert collect(1, ("A", "B")) == [("A", "A", 1)]
    with pytest.raises(ValueError):
        take_turns(-1)
    with pytest.raises(ValueError):
        take_turns(5, ())


def test_prints_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    take_turns(4)
    assert capsys.readouterr().out == "A: 1\nB: 2\nA: 3\nB: 4\n"


def test_no_threads_left_behind() -> None:
    names = ("printer-left", "printer-right")
    take_turns(20, names, emit=lambda name, n: None)
    assert not [t for t in threading.enumerate() if t.name in names]


EXPECTED_CPP = "".join(f"{'A' if n % 2 else 'B'} {n}\n" for n in range(1, 101))


@pytest.fixture(scope="module")
def cpp_binaries(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    src = "docs_src/concurrency/alternating_printers.cpp"
    out = tmp_path_factory.mktemp("alternating")
    binaries = [cbuild.build(src, out, name="asan")]
    if cbuild.sanitizers_work(cbuild.CPP, cbuild.TSAN):  # data races show up here
        binaries.append(cbuild.build(src, out, sanitize=cbuild.TSAN, name="tsan"))
    return binaries


def test_cpp_alternates_1_to_100(cpp_binaries: list[Path]) -> None:
    for exe in cpp_binaries:
        for _ in range(RUNS):
            assert cbuild.run(exe) == EXPECTED_CPP
