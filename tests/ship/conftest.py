"""Fixtures for the shipping tests: nginx over the session's build, and Chromium."""

from __future__ import annotations

import sys

import pytest

from scripts.tooling import CHROMIUM

from .chromium import Chromium
from .nginx import nginx_serving


@pytest.fixture(scope="session")
def nginx(site, tmp_path_factory):
    """Base URL of deploy/nginx.conf served by Debian's nginx over the session's strict build."""
    out, _ = site
    with nginx_serving(out, tmp_path_factory.mktemp("nginx"), sys.executable) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium on a thread of its own (see chromium.py for why not `browser`)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or apt-get install chromium")
    c = Chromium()
    yield c
    c.close()
