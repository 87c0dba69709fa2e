"""Threads take turns printing 1..limit: with two threads, A prints the odd numbers and B
the even ones, strictly alternating. One Condition guards the shared counter; each thread
waits until the counter is its turn (or the work is done)."""

from __future__ import annotations

import threading
from collections.abc import Callable

Emit = Callable[[str, int], None]


def _print_line(name: str, number: int) -> None:
    print(f"{name}: {number}")


def take_turns(limit: int = 100, names: tuple[str, ...] = ("A", "B"), emit: Emit = _print_line) -> None:
    """Print 1..limit round-robin across len(names) threads; emit runs while holding the lock,
    so its calls happen in exactly the printed order."""
    if limit < 0 or not names:
        raise ValueError("need limit >= 0 and at least one thread name")
    cond = threading.Condition()
    next_number = 1  # shared state, only touched while holding cond

    def worker(index: int, name: str) -> None:
        nonlocal next_number

        def my_turn_or_done() -> bool:
            return next_number > limit or (next_number - 1) % len(names) == index

        while True:
            with cond:
                cond.wait_for(my_turn_or_done)  # loops on spurious wake-ups for us
                if next_number > limit:
                    return
                emit(name, next_number)
                next_number += 1
                cond.notify_all()  # with one Condition, notify() could wake the wrong thread

    threads = [threading.Thread(target=worker, args=(i, n), name=n) for i, n in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    take_turns(10)  # A: 1, B: 2, A: 3, ... B: 10
