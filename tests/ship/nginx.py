"""Run deploy/nginx.conf with Debian's nginx on 127.0.0.1, over a given built site.

Used by tests/ship/test_nginx.py and scripts/bench.py. The repo's configuration is used
as written; only the container paths listed at its top are replaced, and each replacement
must match (a drifted config fails here rather than testing something else).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from scripts.tooling import stop

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx.conf"
CSP_SCRIPT = ROOT / "scripts" / "csp_hashes.py"
MODULES = Path("/usr/lib/nginx/modules")  # Debian's dynamic nginx modules


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_conf(site: Path, port: int, workdir: Path, hashes_conf: Path, workers: int | None = 1) -> str:
    text = CONF.read_text(encoding="utf-8")
    replacements = [
        ("listen 8080;", f"listen 127.0.0.1:{port};"),
        ("/usr/share/nginx/html", str(site)),
        ("/etc/nginx/guide-csp-hashes.conf", str(hashes_conf)),
        ("/tmp/nginx", str(workdir)),
        ("worker_processes auto;", f"worker_processes {workers or 'auto'};"),
    ]
    for old, new in replacements:
        if old not in text:
            raise AssertionError(f"deploy/nginx.conf no longer contains {old!r}: update tests/ship/nginx.py")
        text = text.replace(old, new)
    if os.geteuid() == 0:
        # As root, nginx would switch its workers to `nobody`, who cannot read a pytest temp
        # dir: keep them as the current user, as in the container (which runs unprivileged).
        text = f"user {pwd.getpwuid(os.getuid()).pw_name};\n" + text
    return text


@contextmanager
def nginx_serving(site: Path, workdir: Path, python: str, port: int | None = None, workers: int | None = 1):
    """Yield the base URL of nginx serving `site` with the repo's configuration; always stop it."""
    binary = nginx_binary()
    if binary is None:
        raise AssertionError("Debian's nginx is missing: run `make test` (scripts/system-deps.sh installs it)")
    workdir.mkdir(parents=True, exist_ok=True)
    # `-p workdir` moves nginx's prefix, against which Debian's module snippets
    # (/etc/nginx/modules-enabled: `load_module modules/...`) are resolved: link it like
    # Debian's own prefix, /usr/share/nginx/modules -> /usr/lib/nginx/modules.
    modules = workdir / "modules"
    if not modules.exists():
        modules.symlink_to(MODULES, target_is_directory=True)
    hashes_conf = workdir / "guide-csp-hashes.conf"
    hashes = subprocess.run(
        [python, str(CSP_SCRIPT), str(site), "-o", str(hashes_conf)], capture_output=True, text=True
    )
    if hashes.returncode != 0:
        raise AssertionError("scripts/csp_hashes.py refused the build:\n" + hashes.stderr[-3000:])
    port = port or free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(render_conf(site, port, workdir, hashes_conf, workers), encoding="utf-8")
    log = (workdir / "stderr.log").open("w")
    args = [binary, "-p", str(workdir), "-e", str(workdir / "error.log"), "-c", str(conf), "-g", "daemon off;"]
    test = subprocess.run([*args[:-2], "-t"], capture_output=True, text=True)
    if test.returncode != 0:
        raise AssertionError("nginx -t rejected deploy/nginx.conf:\n" + test.stderr)
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60  # generous: the suite must pass on a loaded machine
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("nginx did not start listening within 60 s") from None
            try:  # until it listens or exits: waiting on the process, not for a fixed time
                proc.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError("nginx exited at start:\n" + (workdir / "stderr.log").read_text())
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)
        log.close()
