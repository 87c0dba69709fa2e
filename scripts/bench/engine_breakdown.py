"""Where the engine's build time goes: one strict build in this process, with timers
around the macros plugin's hooks and the engine's own steps. Run by scripts/bench.py in a
copy of the project (cwd); prints one JSON object of seconds.

The hooks include the engine steps listed under them (a step is counted in its hook too).
"""

from __future__ import annotations

import functools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))

SECONDS: dict[str, float] = {}


def timed(owner, name: str, label: str) -> None:
    """Wrap owner.name so each call adds its wall time to SECONDS[label]."""
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            SECONDS[label] = SECONDS.get(label, 0.0) + time.perf_counter() - start

    setattr(owner, name, wrapper)


def steps(plugin, load, render, practice) -> list[tuple[object, str, str]]:
    """(owner, attribute, label) of each timed step, in the order they are reported."""
    return [
        (plugin.MacrosPlugin, "on_config", "on_config (load and check data/, lay out diagrams)"),
        (load, "load_diagrams", "  diagrams: parse and lay out"),
        (plugin.MacrosPlugin, "on_page_markdown", "on_page_markdown (Jinja, q: links, tags)"),
        (render.Renderer, "question_pages", "question pages: their Markdown (on_files)"),
        (plugin.MacrosPlugin, "on_post_build", "on_post_build (checks, questions.json, practice)"),
        (practice.Practice, "data", "  practice.json"),
        (practice.Practice, "write_apkg", "  Anki decks (.apkg)"),
    ]


def main() -> None:
    from mkdocs.__main__ import cli
    from mkdocs_macros import plugin

    start = time.perf_counter()
    import macros  # noqa: F401 - timed: pydantic, the models, the engine modules

    try:  # the engine's layout since its re-cut into macros/data, macros/pages, macros/outputs
        from macros.data import load
        from macros.outputs import practice
        from macros.pages import render
    except ImportError:  # before it
        from macros import load, practice, render
    SECONDS["import the engine"] = time.perf_counter() - start

    table = steps(plugin, load, render, practice)
    for owner, name, label in table:
        timed(owner, name, label)
    try:
        cli(["build", "--strict", "-q", "-d", sys.argv[1]])
    except SystemExit as exc:
        if exc.code:
            raise
    labels = dict.fromkeys(["import the engine", *(label for _, _, label in table)])
    print(json.dumps({k: round(SECONDS.get(k, 0.0), 3) for k in labels}))


if __name__ == "__main__":
    main()
