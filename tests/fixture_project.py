"""The small fixture project (tests/fixtures/mini) with the real engine, to break at will.
Its `mini` fixture is registered for every test folder by tests/conftest.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path) -> Path:
    """A copy of the small fixture project, with the real macros package, to break at will."""
    dest = tmp_path / "mini"
    shutil.copytree(MINI, dest)
    shutil.copytree(ROOT / "macros", dest / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "overrides").mkdir(exist_ok=True)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
