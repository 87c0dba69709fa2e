"""Practice modes (mock loops, flashcards): macros and build outputs. Filled in by the practice work."""
from __future__ import annotations

from pathlib import Path


def register(env, guide, renderer, page) -> None:
    """Register practice macros on the mkdocs-macros env; `page()` returns the current page path."""


def on_post_build(renderer, site: Path) -> None:
    """Write practice files (decks, loop data) into the built site."""
