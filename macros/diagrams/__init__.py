"""ASCII architecture diagrams: YAML specs in data/diagrams/ drawn with box-drawing characters.

See README.md in this folder for the file format and how to refresh the test goldens.
"""

from .layout import Layout
from .loader import load_all, load_diagram
from .model import Diagram, DiagramError, parse_diagram
from .render import connection_text, layout_of, render_html, render_text

__all__ = [
    "Diagram",
    "DiagramError",
    "Layout",
    "connection_text",
    "layout_of",
    "load_all",
    "load_diagram",
    "parse_diagram",
    "render_html",
    "render_text",
]
