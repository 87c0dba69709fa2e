"""Run the guide's macros module under Zensical's mkdocs-macros emulation (tests only).

Zensical 0.0.73 re-implements mkdocs-macros, but its `env` differs from the plugin's in
ways this engine depends on (see README.md, "Zensical"):

- `env.conf` has no `config_file_path` (the engine finds the repo root from it), and
  `docs_dir` is relative;
- `env.page` is Zensical's Page (`.path`, `.url`), with no `.file.src_uri`;
- `define_env` runs again for every page, in a fresh env, so the data would be loaded and
  validated once per page;
- the module-level hooks `on_post_page_macros` and `on_post_build` are never called.

This adapter fixes the first three from outside the engine (copied next to mkdocs.yml by
tests/ship/test_zensical.py, which points `module_name` at it). The fourth cannot be fixed
from here: what depends on those hooks is listed in README.md and checked by the test.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import macros as engine  # noqa: E402 - the project's own package, next to this file

# Load and validate data/ once per build, not once per page.
engine.load_guide = functools.cache(engine.load_guide)


class PageShim:
    """Zensical's page with the `file.src_uri` the engine reads (both are docs-relative)."""

    def __init__(self, page):
        self._page = page
        self.file = SimpleNamespace(src_uri=page.path)

    def __getattr__(self, name):
        return getattr(self._page, name)


def define_env(env) -> None:
    env.conf.setdefault("config_file_path", str(ROOT / "mkdocs.yml"))
    env.conf["docs_dir"] = str(ROOT / env.conf.get("docs_dir", "docs"))
    if env.page is not None:
        env.page = PageShim(env.page)
    engine.define_env(env)
