"""The data layer: read data/, validate every record (pydantic), check every cross-reference,
and the rules and URLs everything else shares. Runs without MkDocs: `python -m macros.data`
checks all data and prints one line per problem.

Layers (tests/data/test_package_layout.py checks them): data imports nothing else of ours but
the diagram engine (a diagram is data); pages and outputs import data (pages may use each
other); only macros/__init__.py imports MkDocs or mkdocs-macros.
"""

from .errors import GuideError
from .load import Guide, load_guide

__all__ = ["Guide", "GuideError", "load_guide"]
