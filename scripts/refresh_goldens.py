"""Rewrite tests/pages/goldens/diagrams/<id>.txt from every data/diagrams/*.yml.

Run after an intended change to a diagram or to the layout engine, then read the diff:
    .venv/bin/python scripts/refresh_goldens.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.diagrams import DiagramError, load_diagram, render_text  # noqa: E402

GOLDENS = ROOT / "tests" / "unit" / "goldens" / "diagrams"


def main() -> int:
    diagrams, failed = {}, 0
    for path in sorted((ROOT / "data" / "diagrams").glob("*.yml")):
        try:
            diagrams[path.stem] = load_diagram(path)
        except DiagramError as exc:
            print(f"ERROR {exc}", file=sys.stderr)  # keep going: refresh the good ones
            failed += 1
    GOLDENS.mkdir(parents=True, exist_ok=True)
    for stale in GOLDENS.glob("*.txt"):
        if stale.stem not in diagrams and not (ROOT / "data" / "diagrams" / f"{stale.stem}.yml").exists():
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    for diagram_id, diagram in sorted(diagrams.items()):
        golden = GOLDENS / f"{diagram_id}.txt"
        text = render_text(diagram) + "\n"
        if not golden.is_file() or golden.read_text(encoding="utf-8") != text:
            golden.write_text(text, encoding="utf-8")
            print(f"wrote {golden.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
