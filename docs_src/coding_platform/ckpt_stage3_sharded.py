"""Stage 3: every rank writes its own shard; one manifest commits them all.

Each rank writes rank-00003.bin durably (stage-1 rules) into the shared step
directory and reports its size and checksum. The coordinator (rank 0) commits
only after it holds a report from EVERY rank, by writing the manifest with
the world size and all the checksums. A rank that dies before reporting
leaves no manifest, so resume falls back to the previous step for all ranks:
no rank can restart from a step another rank never finished.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from docs_src.coding_platform.ckpt_stage1_atomic import CheckpointStore, CorruptCheckpoint, FileSystem, sha256


@dataclass(frozen=True)
class ShardReport:
    rank: int
    name: str
    nbytes: int
    digest: str


def shard_name(rank: int) -> str:
    return f"rank-{rank:05d}.bin"


class ShardedCheckpointStore(CheckpointStore):
    def __init__(self, root: str, world_size: int, fs: FileSystem | None = None, verify: bool = True) -> None:
        super().__init__(root, fs, verify)
        if world_size < 1:
            raise ValueError("world size must be at least 1")
        self.world_size = world_size

    # ---- every rank --------------------------------------------------------------
    def write_shard(self, step: int, rank: int, data: bytes) -> ShardReport:
        if not 0 <= rank < self.world_size:
            raise ValueError(f"rank {rank} outside world of {self.world_size}")
        d = self.step_dir(step)
        if self._manifest(d) is not None:
            raise FileExistsError(f"step {step} is already committed")
        self._ensure_root()
        self.fs.makedirs(d)  # idempotent: every rank may be first
        self.fs.fsync_dir(self.root)
        self._durable_write(d, shard_name(rank), data)
        return ShardReport(rank, shard_name(rank), len(data), sha256(data))

    # ---- rank 0, after gathering every report ----------------------------------------
    def commit(self, step: int, reports: list[ShardReport]) -> None:
        ranks = sorted(r.rank for r in reports)
        if ranks != list(range(self.world_size)):
            raise CorruptCheckpoint(f"step {step}: reports from ranks {ranks}, need all of 0..{self.world_size - 1}")
        files = {r.name: {"bytes": r.nbytes, "sha256": r.digest} for r in reports}
        self._commit(self.step_dir(step), {"step": step, "world_size": self.world_size, "files": files})

    def save_all(self, step: int, shards: list[bytes], parallel: bool = True) -> None:
        """Simulate one sharded save: every rank writes, a gather, then the commit."""
        if len(shards) != self.world_size:
            raise ValueError("one shard per rank")
        if parallel:
            with ThreadPoolExecutor(max_workers=self.world_size) as pool:
                reports = list(pool.map(lambda r: self.write_shard(step, r, shards[r]), range(self.world_size)))
        else:
            reports = [self.write_shard(step, r, shards[r]) for r in range(self.world_size)]
        self.commit(step, reports)  # only reached if every rank succeeded

    # ---- resume -------------------------------------------------------------------
    def _manifest(self, d: str) -> dict | None:
        manifest = super()._manifest(d)
        if manifest is None or manifest.get("world_size") != self.world_size:
            return None  # written by a job of another size: needs resharding, not loading
        return manifest

    def load_rank(self, rank: int, step: int | None = None) -> tuple[int, bytes]:
        step, files = self.load(step)
        return step, files[shard_name(rank)]
