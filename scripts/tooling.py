"""What the scripts and the tests share to build the site and drive Chromium: one place for
Debian's Chromium, the flags every launch uses, and the strict build of a project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Debian's package (scripts/system-deps.sh): Playwright's own browser download cannot work here.
CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (root in CI), no GPU, and nothing that reaches the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def mkdocs_build(
    project: Path,
    site_dir: Path,
    site_url: str | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 900,
) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site_dir` (output captured, never raises on a
    failed build): `site_url` as SITE_URL, `env` added to the environment."""
    full = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if site_url:
        full["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    """End a server started for a measurement or a test: ask, then insist after `timeout` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
