"""Fixtures for the shipping tests: nginx over the session's build, and Chromium."""
from __future__ import annotations

import sys

import pytest

from tests.browser.conftest import browser  # noqa: F401 - the same Chromium fixture, reused

from .nginx import nginx_serving


@pytest.fixture(scope="session")
def nginx(site, tmp_path_factory):
    """Base URL of deploy/nginx.conf served by Debian's nginx over the session's strict build."""
    out, _ = site
    with nginx_serving(out, tmp_path_factory.mktemp("nginx"), sys.executable) as url:
        yield url
