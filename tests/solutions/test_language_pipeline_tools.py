from __future__ import annotations

import inspect
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.language.pipeline_tools import Batches, Dataset, batched, parse_records, retry, timed


def by_slicing(xs: list[int], size: int, drop_last: bool = False) -> list[list[int]]:
    out = [xs[i : i + size] for i in range(0, len(xs), size)]
    return [b for b in out if not drop_last or len(b) == size]


@settings(deadline=None, max_examples=300)
@given(st.lists(st.integers(), max_size=40), st.integers(1, 12), st.booleans())
def test_batches_match_slicing(xs: list[int], size: int, drop_last: bool) -> None:
    assert list(Batches(xs, size, drop_last)) == by_slicing(xs, size, drop_last)
    assert list(batched(xs, size)) == by_slicing(xs, size)
    assert list(batched(iter(xs), size)) == by_slicing(xs, size)  # any iterable, not only sequences


def test_iterator_protocol_and_one_shot() -> None:
    it = Batches([1, 2, 3], 2)
    assert iter(it) is it
    assert next(it) == [1, 2] and next(it) == [3]
    with pytest.raises(StopIteration):
        next(it)
    assert list(it) == []  # exhausted stays exhausted


def test_dataset_is_reiterable() -> None:
    ds = Dataset([1, 2, 3, 4, 5], 2)
    first_epoch, second_epoch = list(ds), list(ds)
    assert first_epoch == second_epoch == [[1, 2], [3, 4], [5]]
    assert iter(ds) is not iter(ds)


def test_generators_are_lazy() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for i in itertools.count():
            pulled.append(i)
            yield i

    gen = batched(source(), 3)
    assert inspect.isgenerator(gen) and pulled == []  # nothing runs before next()
    assert next(gen) == [0, 1, 2] and pulled == [0, 1, 2]  # only what one batch needs
    assert list(itertools.islice(batched(itertools.count(), 4), 2)) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_parse_records() -> None:
    lines = ["# header", "cat,0.9", "  ", "dog, 0.25 \n"]
    assert list(parse_records(lines)) == [("cat", 0.9), ("dog", 0.25)]


@pytest.mark.parametrize("size", [0, -3])
def test_bad_batch_size(size: int) -> None:
    with pytest.raises(ValueError):
        Batches([1], size)
    with pytest.raises(ValueError):
        batched([1], size)  # raised at the call: batched checks before it creates the generator


def test_retry_succeeds_after_transient_errors() -> None:
    delays: list[float] = []
    calls = {"n": 0}

    @retry(attempts=4, sleep=delays.append, base_delay=0.5)
    def flaky(x: int) -> int:
        """Docstring kept by functools.wraps."""
        calls["n"] += 1
        if calls["n"] < 3:
            raise ConnectionError("blip")  # a subclass of OSError
        return x * 2

    assert flaky(21) == 42
    assert calls["n"] == 3 and delays == [0.5, 1.0]  # exponential backoff
    assert flaky.__name__ == "flaky" and flaky.__doc__ == "Docstring kept by functools.wraps."
    assert flaky.__wrapped__(5) == 10  # type: ignore[attr-defined]


def test_retry_gives_up_and_ignores_other_errors() -> None:
    calls = {"n": 0}

    @retry(attempts=3, sleep=lambda s: None)
    def always_fails() -> None:
        calls["n"] += 1
        raise TimeoutError("still down")

    with pytest.raises(TimeoutError):
        always_fails()
    assert calls["n"] == 3

    @retry(attempts=3, sleep=lambda s: None)
    def bug() -> None:
        calls["n"] += 1
        raise KeyError("not transient")

    calls["n"] = 0
    with pytest.raises(KeyError):
        bug()
    assert calls["n"] == 1  # only the listed exceptions are retried
    with pytest.raises(ValueError):
        retry(attempts=0)


def test_timed_records_every_call_even_on_error() -> None:
    @timed
    def work(fail: bool) -> str:
        if fail:
            raise RuntimeError("boom")
        return "ok"

    assert work(False) == "ok"
    with pytest.raises(RuntimeError):
        work(True)
    assert len(work.timings) == 2 and all(t >= 0 for t in work.timings)  # type: ignore[attr-defined]
    assert work.__name__ == "work"
