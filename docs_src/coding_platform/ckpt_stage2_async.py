"""Stage 2: save in the background so training does not wait for the disk.

`save` copies the state (on a GPU: device-to-host into pinned memory) and
returns at once; one background thread runs the stage-1 writer and then
garbage-collects. At most one save is in flight: a new `save` first waits for
the previous one, which bounds memory to one extra copy of the state, and
re-raises its error if it failed, so a failing disk is never silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from docs_src.coding_platform.ckpt_stage1_atomic import CheckpointStore


class AsyncCheckpointer:
    def __init__(self, store: CheckpointStore, keep: int = 2) -> None:
        self.store, self.keep = store, keep
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ckpt-writer")
        self._in_flight: Future[str] | None = None

    def save(self, step: int, state: Mapping[str, bytes | bytearray | memoryview]) -> Future[str]:
        self.wait()  # back-pressure, and surfaces the previous save's error here
        snapshot = {name: bytes(buf) for name, buf in state.items()}  # copy NOW
        self._in_flight = self._pool.submit(self._write, step, snapshot)
        return self._in_flight

    def _write(self, step: int, snapshot: dict[str, bytes]) -> str:
        path = self.store.save(step, snapshot)
        self.store.gc(self.keep)
        return path

    def wait(self) -> None:
        """Block until the save in flight is durable; re-raise its error, once."""
        future, self._in_flight = self._in_flight, None
        if future is not None:
            future.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)

    def __enter__(self) -> AsyncCheckpointer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
