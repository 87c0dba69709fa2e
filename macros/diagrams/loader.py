"""Loading diagram files: one YAML file per diagram, validated and laid out up front."""

from __future__ import annotations

from pathlib import Path

from .model import Diagram, display_path, parse_diagram, read_spec
from .render import layout_of

SUFFIXES = (".yml", ".yaml")


def build_diagram(spec, source: str, stem: str) -> Diagram:
    """Validate and lay out one parsed diagram spec; raise DiagramError on any problem. The
    one way a diagram is loaded: the site's data loader (macros/data/load.py, which adds the
    checks every data file gets) and the tools below both come through here.

    Laying out here means a drawing that cannot fit fails at load time, not mid-build.
    """
    diagram = parse_diagram(spec, source, stem)
    layout_of(diagram)
    return diagram


def load_diagram(path: str | Path) -> Diagram:
    """Read, validate and lay out one diagram file (the goldens script, the tests)."""
    path = Path(path)
    return build_diagram(read_spec(path), display_path(path), path.stem)


def load_all(directory: str | Path) -> dict[str, Diagram]:
    """Every diagram file in `directory`, by id; two files with one id is an error."""
    diagrams: dict[str, Diagram] = {}
    for path in sorted(p for p in Path(directory).iterdir() if p.suffix in SUFFIXES):
        diagram = load_diagram(path)
        if diagram.id in diagrams:
            raise diagram.error(
                f"field 'id': {diagram.id!r} is already the id of {diagrams[diagram.id].source} "
                "(allowed: one file per diagram id)"
            )
        diagrams[diagram.id] = diagram
    return diagrams
