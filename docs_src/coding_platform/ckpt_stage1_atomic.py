"""Stage 1: a checkpoint writer that a crash at any point cannot corrupt.

Layout: <root>/step-0000000042/<file> for each file, then MANIFEST.json.
Every file is written to a temporary name, fsynced, renamed into place with
os.replace (atomic), and the directory is fsynced so the rename itself is
durable. The manifest, with each file's size and SHA-256, is written the same
way and LAST: it is the commit point. Resume picks the newest step whose
manifest parses and whose files all match it; anything else is a partial
checkpoint that garbage collection removes.

All file-system calls go through a small interface so tests can crash the
writer between any two of them, or simulate a power cut that loses whatever
was not yet fsynced.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
from typing import Protocol

MANIFEST = "MANIFEST.json"
STEP_DIR = re.compile(r"^step-(\d{10})$")


class FileSystem(Protocol):
    def makedirs(self, path: str) -> None: ...
    def write(self, path: str, data: bytes) -> None: ...  # create or truncate; NOT durable yet
    def fsync(self, path: str) -> None: ...  # the file's data is durable
    def replace(self, src: str, dst: str) -> None: ...  # atomic rename
    def fsync_dir(self, path: str) -> None: ...  # the directory's entries are durable
    def listdir(self, path: str) -> list[str]: ...
    def read(self, path: str) -> bytes: ...
    def exists(self, path: str) -> bool: ...
    def remove(self, path: str) -> None: ...
    def rmtree(self, path: str) -> None: ...


class OsFileSystem:
    """The real thing, POSIX calls only."""

    def makedirs(self, path: str) -> None:
        os.makedirs(path, exist_ok=True)

    def write(self, path: str, data: bytes) -> None:
        with open(path, "wb") as f:
            f.write(data)

    def fsync(self, path: str) -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def replace(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def fsync_dir(self, path: str) -> None:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def listdir(self, path: str) -> list[str]:
        return os.listdir(path) if os.path.isdir(path) else []

    def read(self, path: str) -> bytes:
        with open(path, "rb") as f:
            return f.read()

    def exists(self, path: str) -> bool:
        return os.path.exists(path)

    def remove(self, path: str) -> None:
        os.remove(path)

    def rmtree(self, path: str) -> None:
        shutil.rmtree(path)


class CorruptCheckpoint(Exception):
    """No complete checkpoint matches what was asked for."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class CheckpointStore:
    def __init__(self, root: str, fs: FileSystem | None = None, verify: bool = True) -> None:
        self.root = root
        self.fs = fs if fs is not None else OsFileSystem()
        self.verify = verify  # False trusts the manifest alone (a deliberate weakness for tests)

    def step_dir(self, step: int) -> str:
        return posixpath.join(self.root, f"step-{step:010d}")

    # ---- writing ---------------------------------------------------------------
    def save(self, step: int, files: dict[str, bytes]) -> str:
        if step < 0 or not files or any("/" in n or n == MANIFEST or n.endswith(".tmp") for n in files):
            raise ValueError("need step >= 0 and plain, non-reserved file names")
        d = self.step_dir(step)
        if self._manifest(d) is not None:
            raise FileExistsError(f"step {step} is already committed")
        if self.fs.exists(d):
            self.fs.rmtree(d)  # a partial attempt at the same step: start clean
        self._ensure_root()
        self.fs.makedirs(d)
        self.fs.fsync_dir(self.root)  # the step directory's entry survives a power cut
        for name, data in files.items():
            self._durable_write(d, name, data)
        self._commit(d, {"step": step, "files": self._describe(files)})
        return d

    def _ensure_root(self) -> None:
        if not self.fs.exists(self.root):
            self.fs.makedirs(self.root)
            self.fs.fsync_dir(posixpath.dirname(self.root.rstrip("/")) or ".")  # root's own entry

    def _durable_write(self, d: str, name: str, data: bytes) -> None:
        tmp, final = posixpath.join(d, name + ".tmp"), posixpath.join(d, name)
        self.fs.write(tmp, data)
        self.fs.fsync(tmp)  # data on disk before the name points at it
        self.fs.replace(tmp, final)  # readers see the old file or the new one, never half
        self.fs.fsync_dir(d)  # the rename is durable

    def _commit(self, d: str, manifest: dict) -> None:
        """Write the manifest last: until it is durable, the checkpoint does not exist."""
        self._durable_write(d, MANIFEST, json.dumps(manifest, sort_keys=True).encode())

    @staticmethod
    def _describe(files: dict[str, bytes]) -> dict[str, dict]:
        return {name: {"bytes": len(data), "sha256": sha256(data)} for name, data in files.items()}

    # ---- reading -----------------------------------------------------------------
    def _manifest(self, d: str) -> dict | None:
        """The manifest if this directory holds a complete, verified checkpoint."""
        path = posixpath.join(d, MANIFEST)
        if not self.fs.exists(path):
            return None
        try:
            manifest = json.loads(self.fs.read(path))
            described = manifest["files"]
        except (ValueError, KeyError, TypeError):
            return None  # torn or foreign manifest: not committed
        for name, meta in described.items():
            p = posixpath.join(d, name)
            if not self.fs.exists(p):
                return None
            if self.verify:
                data = self.fs.read(p)
                if len(data) != meta["bytes"] or sha256(data) != meta["sha256"]:
                    return None
        return manifest

    def steps(self) -> list[int]:
        """Step numbers of every step directory, complete or not, newest first."""
        found = [int(m.group(1)) for n in self.fs.listdir(self.root) if (m := STEP_DIR.match(n))]
        return sorted(found, reverse=True)

    def latest(self) -> int | None:
        for step in self.steps():
            if self._manifest(self.step_dir(step)) is not None:
                return step
        return None

    def load(self, step: int | None = None) -> tuple[int, dict[str, bytes]]:
        step = self.latest() if step is None else step
        if step is None:
            raise CorruptCheckpoint("no complete checkpoint")
        d = self.step_dir(step)
        manifest = self._manifest(d)
        if manifest is None:
            raise CorruptCheckpoint(f"step {step} is not a complete checkpoint")
        return step, {name: self.fs.read(posixpath.join(d, name)) for name in manifest["files"]}

    # ---- garbage collection ----------------------------------------------------
    def gc(self, keep: int = 2) -> list[int]:
        """Delete all but the newest `keep` complete checkpoints, and partial ones.

        A partial directory NEWER than the newest complete checkpoint is left
        alone: it may be a save still in progress. Older partials are debris.
        """
        if keep < 1:
            raise ValueError("keep at least one checkpoint")
        removed, kept = [], 0
        for step in self.steps():  # newest first
            d = self.step_dir(step)
            complete = self._manifest(d) is not None
            if (complete and kept < keep) or (not complete and kept == 0):
                kept += complete
                continue
            manifest = posixpath.join(d, MANIFEST)
            if self.fs.exists(manifest):
                self.fs.remove(manifest)  # uncommit first: a crash mid-delete leaves a partial
                self.fs.fsync_dir(d)
            self.fs.rmtree(d)
            removed.append(step)
        if removed:
            self.fs.fsync_dir(self.root)
        return removed
