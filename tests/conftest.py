"""Shared fixtures: one strict build of the real site per test session, served on loopback."""

from __future__ import annotations

import functools
import http.server
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from scripts import tooling
from tests.fixture_project import mini  # noqa: F401 - the fixture, for every folder

ROOT = Path(__file__).resolve().parent.parent

# Every test is marked with its folder, so `-m` selects layers: data, pages, outputs and
# solutions are the fast loop (make test-fast); build, browser and ship need the real build.
LAYERS = ("data", "pages", "outputs", "solutions", "build", "browser", "ship")


def pytest_collection_modifyitems(items):
    for item in items:
        parts = Path(str(item.path)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in LAYERS:
            item.add_marker(getattr(pytest.mark, parts[0]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    return tooling.mkdocs_build(project, site_dir, site_url, timeout=600)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """(site_dir, base_url): the real site built strictly and served on 127.0.0.1."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out, url)
    if result.returncode != 0:
        pytest.fail("strict build failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def guide():
    from macros.data.load import load_guide

    return load_guide(ROOT)
