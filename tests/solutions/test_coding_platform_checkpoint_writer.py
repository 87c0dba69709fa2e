"""Tests for the three stages of the crash-safe checkpoint writer:
docs_src/coding_platform/ckpt_stage1_atomic.py, docs_src/coding_platform/ckpt_stage2_async.py
and docs_src/coding_platform/ckpt_stage3_sharded.py.

SimFS is an in-memory file system that knows what is durable: file data only
after fsync, directory entries (creations, renames, removals) only after the
directory is fsynced. `crash("process")` keeps everything (the OS page cache
survives a killed process); `crash("power")` keeps only what is durable, so an
unsynced file comes back empty; `crash("torn")` keeps half of every unsynced
file. Every test crashes the writer before each of its file-system calls in
turn and checks that resume finds the old checkpoint or the new one, whole.
"""

from __future__ import annotations

import posixpath
import threading

import pytest

from docs_src.coding_platform.ckpt_stage1_atomic import CheckpointStore, CorruptCheckpoint, OsFileSystem
from docs_src.coding_platform.ckpt_stage2_async import AsyncCheckpointer
from docs_src.coding_platform.ckpt_stage3_sharded import ShardedCheckpointStore

ROOT = "/ckpt"
OLD = {"model.bin": b"old weights " * 50, "optim.bin": b"old moments " * 80}
NEW = {"model.bin": b"NEW WEIGHTS " * 60, "optim.bin": b"NEW MOMENTS " * 70, "rng.bin": b"seed=7"}


class Crash(Exception):
    """The process died here."""


class SimFS:
    MUTATING = {"makedirs", "write", "fsync", "replace", "fsync_dir", "remove", "rmtree"}

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.data: dict[int, bytes] = {}  # inode -> current bytes
        self.synced: dict[int, bytes] = {}  # inode -> bytes as of its last fsync
        self.entries: dict[str, dict[str, object]] = {"/": {}}  # dir -> name -> inode id or "dir"
        self.durable: dict[str, dict[str, object]] = {"/": {}}
        self.next_inode = 0
        self.ops = 0
        self.fail_at: int | None = None

    def _tick(self) -> None:
        with self.lock:
            if self.fail_at is not None and self.ops >= self.fail_at:
                raise Crash(f"crash before operation {self.ops}")
            self.ops += 1

    @staticmethod
    def _split(path: str) -> tuple[str, str]:
        parent, name = posixpath.split(path.rstrip("/"))
        return parent or "/", name

    def __getattribute__(self, name):
        attr = object.__getattribute__(self, name)
        if name in SimFS.MUTATING:

            def counted(*args):
                with self.lock:
                    self._tick()
                    return attr(*args)

            return counted
        return attr

    def makedirs(self, path: str) -> None:
        parts = [p for p in path.split("/") if p]
        cur = "/"
        for part in parts:
            child = posixpath.join(cur, part)
            if part not in self.entries[cur]:
                self.entries[cur][part] = "dir"
                self.entries[child] = {}
                self.durable.setdefault(child, {})
            cur = child

    def write(self, path: str, data: bytes) -> None:
        parent, name = self._split(path)
        inode = self.next_inode
        self.next_inode += 1
        self.data[inode] = bytes(data)
        self.entries[parent][name] = inode

    def fsync(self, path: str) -> None:
        parent, name = self._split(path)
        inode = self.entries[parent][name]
        self.synced[inode] = self.data[inode]

    def replace(self, src: str, dst: str) -> None:
        sp, sn = self._split(src)
        dp, dn = self._split(dst)
        self.entries[dp][dn] = self.entries[sp].pop(sn)

    def fsync_dir(self, path: str) -> None:
        self.durable[path] = dict(self.entries[path])

    def remove(self, path: str) -> None:
        parent, name = self._split(path)
        del self.entries[parent][name]

    def rmtree(self, path: str) -> None:
        parent, name = self._split(path)
        del self.entries[parent][name]
        for d in [d for d in self.entries if d == path or d.startswith(path + "/")]:
            del self.entries[d]

    def listdir(self, path: str) -> list[str]:
        return sorted(self.entries.get(path, {}))

    def exists(self, path: str) -> bool:
        parent, name = self._split(path)
        return path == "/" or name in self.entries.get(parent, {})

    def read(self, path: str) -> bytes:
        parent, name = self._split(path)
        return self.data[self.entries[parent][name]]

    def crash(self, mode: str) -> SimFS:
        """The file system as the next process finds it."""
        new = SimFS()
        if mode == "process":
            new.entries = {d: dict(e) for d, e in self.entries.items()}
            new.data = dict(self.data)
        else:

            def restore(d: str) -> None:
                new.entries[d] = {}
                for name, inode in self.durable.get(d, {}).items():
                    child = posixpath.join(d, name)
                    if inode == "dir":
                        new.entries[d][name] = "dir"
                        restore(child)
                    else:
                        new.entries[d][name] = inode
                        if inode in self.synced:
                            new.data[inode] = self.synced[inode]
                        else:  # never fsynced: lost, or half there
                            new.data[inode] = b"" if mode == "power" else self.data[inode][: len(self.data[inode]) // 2]

            restore("/")
        new.durable = {d: dict(e) for d, e in new.entries.items()}
        new.synced = dict(new.data)
        new.next_inode = self.next_inode
        return new


def committed_fs() -> SimFS:
    fs = SimFS()
    CheckpointStore(ROOT, fs).save(1, OLD)
    return fs


def count_ops(action) -> int:
    fs = committed_fs()
    start = fs.ops
    action(fs)
    return fs.ops - start


def crash_points(action):
    """Run `action` on a fresh file system, crashing before each of its operations in turn."""
    total = count_ops(action)
    assert total > 0
    for k in range(total + 1):  # k == total: no crash at all
        fs = committed_fs()
        fs.fail_at = fs.ops + k
        crashed = False
        try:
            action(fs)
        except Crash:
            crashed = True
        assert crashed == (k < total)
        yield k, fs


# ---- stage 1 ---------------------------------------------------------------------


def test_save_load_and_layout():
    fs = SimFS()
    store = CheckpointStore(ROOT, fs)
    store.save(7, NEW)
    assert store.latest() == 7
    assert store.load() == (7, NEW)
    assert fs.listdir(store.step_dir(7)) == ["MANIFEST.json", "model.bin", "optim.bin", "rng.bin"]


@pytest.mark.parametrize("mode", ["process", "power", "torn"])
def test_a_crash_before_any_operation_never_exposes_a_torn_checkpoint(mode):
    outcomes = set()
    for k, fs in crash_points(lambda fs: CheckpointStore(ROOT, fs).save(2, NEW)):
        store = CheckpointStore(ROOT, fs.crash(mode))
        step, files = store.load()
        assert (step, files) in [(1, OLD), (2, NEW)], f"torn checkpoint after crash at op {k}"
        outcomes.add(step)
        store.gc(keep=1)  # recovery cleans up and keeps what resume would load
        assert store.load() == (step, files)
        store.save(3, {"model.bin": b"after recovery"})  # and the writer works again
        assert store.load() == (3, {"model.bin": b"after recovery"})
    assert outcomes == {1, 2}  # early crashes keep the old one; late crashes already committed


def test_once_save_returns_the_checkpoint_survives_a_power_cut():
    fs = committed_fs()
    CheckpointStore(ROOT, fs).save(2, NEW)
    assert CheckpointStore(ROOT, fs.crash("power")).load() == (2, NEW)


def test_fsyncing_only_the_manifest_serves_empty_files_unless_checksums_catch_it():
    class ManifestOnlyFsync(CheckpointStore):  # "the manifest is the commit point, so..."
        def _durable_write(self, d, name, data):
            tmp = posixpath.join(d, name + ".tmp")
            self.fs.write(tmp, data)
            if name == "MANIFEST.json":
                self.fs.fsync(tmp)
            self.fs.replace(tmp, posixpath.join(d, name))
            self.fs.fsync_dir(d)

    fs = committed_fs()
    ManifestOnlyFsync(ROOT, fs).save(2, NEW)
    after = fs.crash("power")
    assert CheckpointStore(ROOT, after, verify=False).load()[1]["model.bin"] == b""  # torn, and loaded
    assert CheckpointStore(ROOT, after).load() == (1, OLD)  # checksums catch it: fall back


def test_a_corrupted_file_makes_resume_fall_back():
    fs = committed_fs()
    store = CheckpointStore(ROOT, fs)
    store.save(2, NEW)
    fs.write(posixpath.join(store.step_dir(2), "optim.bin"), b"bit rot")
    assert store.latest() == 1
    with pytest.raises(CorruptCheckpoint):
        store.load(2)


def test_gc_keeps_the_newest_complete_and_an_in_progress_partial():
    fs = SimFS()
    store = CheckpointStore(ROOT, fs)
    for step in (1, 2, 3, 4):
        store.save(step, {"model.bin": bytes([step])})
    fs.makedirs(store.step_dir(2) + "x")  # not a step directory: ignored
    fs.remove(posixpath.join(store.step_dir(2), "MANIFEST.json"))  # an old partial
    fs.makedirs(store.step_dir(5))  # newer than every complete one: maybe still being written
    assert store.gc(keep=2) == [2, 1]
    assert store.steps() == [5, 4, 3]
    assert store.load() == (4, {"model.bin": b"\x04"})


def test_gc_itself_is_crash_safe():
    def action(fs):
        store = CheckpointStore(ROOT, fs)
        store.save(2, NEW)
        store.gc(keep=1)

    for _, fs in crash_points(action):
        for mode in ("process", "power"):
            assert CheckpointStore(ROOT, fs.crash(mode)).load() in [(1, OLD), (2, NEW)]


def test_saving_a_committed_step_twice_is_refused_and_a_partial_one_is_redone():
    fs = committed_fs()
    store = CheckpointStore(ROOT, fs)
    with pytest.raises(FileExistsError):
        store.save(1, NEW)
    fs.makedirs(store.step_dir(2))
    fs.write(posixpath.join(store.step_dir(2), "model.bin.tmp"), b"junk")
    store.save(2, NEW)
    assert store.load() == (2, NEW) and "model.bin.tmp" not in fs.listdir(store.step_dir(2))


def test_bad_input():
    store = CheckpointStore(ROOT, SimFS())
    with pytest.raises(ValueError):
        store.save(1, {})
    with pytest.raises(ValueError):
        store.save(1, {"MANIFEST.json": b"x"})
    with pytest.raises(ValueError):
        store.save(1, {"a/b": b"x"})
    with pytest.raises(CorruptCheckpoint):
        store.load()
    with pytest.raises(ValueError):
        store.gc(keep=0)


def test_the_real_file_system_with_a_crash_between_every_step(tmp_path, monkeypatch):
    calls = {"n": 0, "fail_at": None}
    names = ["makedirs", "write", "fsync", "replace", "fsync_dir", "remove", "rmtree"]
    originals = {n: getattr(OsFileSystem, n) for n in names}

    def wrap(name):
        def counted(self, *args):
            if calls["fail_at"] is not None and calls["n"] >= calls["fail_at"]:
                raise Crash(name)  # the process dies before this call
            calls["n"] += 1
            return originals[name](self, *args)

        return counted

    for n in names:
        monkeypatch.setattr(OsFileSystem, n, wrap(n))

    def fresh(tag):
        calls.update(n=0, fail_at=None)
        root = str(tmp_path / f"run-{tag}")
        CheckpointStore(root).save(1, OLD)
        calls["n"] = 0
        return root

    CheckpointStore(fresh("count")).save(2, NEW)
    total = calls["n"]
    assert total >= 14  # mkdir, fsync root, 4 calls per file and the manifest
    for k in range(total):
        root = fresh(k)
        calls["fail_at"] = k
        with pytest.raises(Crash):
            CheckpointStore(root).save(2, NEW)
        calls["fail_at"] = None
        store = CheckpointStore(root)
        assert store.load() in [(1, OLD), (2, NEW)]
        store.gc(keep=1)
        assert store.load() in [(1, OLD), (2, NEW)]


# ---- stage 2 ---------------------------------------------------------------------


class GatedStore(CheckpointStore):
    """Blocks inside save until the test opens the gate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gate, self.entered = threading.Event(), threading.Event()

    def save(self, step, files):
        self.entered.set()
        assert self.gate.wait(10)
        return super().save(step, files)


def test_save_returns_before_the_write_and_snapshots_the_state():
    store = GatedStore(ROOT, SimFS())
    weights = bytearray(b"step-10 weights")
    with AsyncCheckpointer(store) as ckpt:
        future = ckpt.save(10, {"model.bin": weights})
        assert store.entered.wait(10) and not future.done()  # training goes on meanwhile
        weights[:7] = b"step-11"  # the optimizer updates the live buffer
        store.gate.set()
        ckpt.wait()
    assert store.load() == (10, {"model.bin": b"step-10 weights"})


def test_one_save_in_flight_and_old_checkpoints_collected():
    store = CheckpointStore(ROOT, SimFS())
    with AsyncCheckpointer(store, keep=2) as ckpt:
        for step in range(1, 6):
            ckpt.save(step, {"model.bin": bytes([step])})
    assert store.steps() == [5, 4]


def test_a_failed_background_save_is_raised_on_the_next_call():
    class Broken(CheckpointStore):
        def save(self, step, files):
            raise OSError("disk full")

    ckpt = AsyncCheckpointer(Broken(ROOT, SimFS()))
    ckpt.save(1, {"model.bin": b"x"})
    with pytest.raises(OSError, match="disk full"):
        ckpt.save(2, {"model.bin": b"y"})
    ckpt.close()  # the error was reported once; closing is clean


@pytest.mark.parametrize("mode", ["process", "power"])
def test_a_crash_during_a_background_save_keeps_the_previous_checkpoint(mode):
    def action(fs):
        ckpt = AsyncCheckpointer(CheckpointStore(ROOT, fs), keep=1)
        try:
            ckpt.save(2, NEW)
            ckpt.wait()
        finally:
            ckpt._pool.shutdown(wait=True)

    for _, fs in crash_points(action):
        assert CheckpointStore(ROOT, fs.crash(mode)).load() in [(1, OLD), (2, NEW)]


# ---- stage 3 ---------------------------------------------------------------------

SHARDS = [bytes([r]) * (100 + r) for r in range(4)]


def test_every_rank_writes_its_shard_and_rank0_commits():
    store = ShardedCheckpointStore(ROOT, 4, SimFS())
    store.save_all(5, SHARDS)
    assert store.latest() == 5
    assert [store.load_rank(r)[1] for r in range(4)] == SHARDS


def test_commit_refuses_a_missing_or_duplicate_rank():
    store = ShardedCheckpointStore(ROOT, 3, SimFS())
    reports = [store.write_shard(1, r, SHARDS[r]) for r in (0, 1)]
    with pytest.raises(CorruptCheckpoint):
        store.commit(1, reports)
    with pytest.raises(CorruptCheckpoint):
        store.commit(1, reports + [reports[0]])
    assert store.latest() is None


def test_a_rank_that_dies_leaves_no_checkpoint_for_anyone():
    class DiesOnRank2(ShardedCheckpointStore):
        def write_shard(self, step, rank, data):
            if rank == 2 and step == 2:
                raise Crash("rank 2 lost its node")
            return super().write_shard(step, rank, data)

    fs = SimFS()
    store = DiesOnRank2(ROOT, 4, fs)
    store.save_all(1, SHARDS)
    with pytest.raises(Crash):
        store.save_all(2, [s + b"!" for s in SHARDS])
    assert all(store.load_rank(r) == (1, SHARDS[r]) for r in range(4))


@pytest.mark.parametrize("mode", ["process", "power", "torn"])
def test_sharded_save_crashing_anywhere_resumes_every_rank_from_the_same_step(mode):
    new = [s.upper() + b"-v2" for s in SHARDS]

    def setup():
        fs = SimFS()
        ShardedCheckpointStore(ROOT, 4, fs).save_all(1, SHARDS, parallel=False)
        return fs

    probe = setup()
    start = probe.ops
    ShardedCheckpointStore(ROOT, 4, probe).save_all(2, new, parallel=False)
    total = probe.ops - start
    for k in range(total):
        fs = setup()
        fs.fail_at = fs.ops + k
        with pytest.raises(Crash):
            ShardedCheckpointStore(ROOT, 4, fs).save_all(2, new, parallel=False)
        store = ShardedCheckpointStore(ROOT, 4, fs.crash(mode))
        loaded = [store.load_rank(r) for r in range(4)]
        steps = {step for step, _ in loaded}
        assert len(steps) == 1  # all ranks agree
        expected = SHARDS if steps == {1} else new
        assert [data for _, data in loaded] == expected


def test_a_checkpoint_from_another_world_size_is_not_loaded_as_is():
    fs = SimFS()
    ShardedCheckpointStore(ROOT, 4, fs).save_all(1, SHARDS)
    assert ShardedCheckpointStore(ROOT, 8, fs).latest() is None
    with pytest.raises(ValueError):
        ShardedCheckpointStore(ROOT, 0, fs)
    with pytest.raises(ValueError):
        ShardedCheckpointStore(ROOT, 4, fs).write_shard(2, 4, b"x")
