"""The engine's layout is its data flow (macros/__init__.py): data -> pages, outputs. These
rules keep it that way; each failure names the file, the import and the rule it breaks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MACROS = Path(__file__).resolve().parents[2] / "macros"

# For each layer: the layers of ours it may import (its own included).
ALLOWED = {
    "data": {"data", "diagrams"},  # a diagram is data: its engine validates and lays it out
    "pages": {"data", "pages", "diagrams"},
    "outputs": {"data", "outputs"},
    "diagrams": {"diagrams"},
}
MKDOCS = ("mkdocs", "mkdocs_macros")


def modules() -> list[Path]:
    return sorted(p for p in MACROS.rglob("*.py") if "__pycache__" not in p.parts)


def layer(path: Path) -> str | None:
    rel = path.relative_to(MACROS).parts
    return rel[0] if len(rel) > 1 else None  # None: a module at the top (macros/__init__.py, check.py)


def imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module name, line) of every import in the file, top level or in a function."""
    package = ["macros", *path.relative_to(MACROS).parts[:-1]]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append((name, node.lineno))
    return out


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(MACROS).as_posix())
def test_layer_imports_only_what_it_may(path):
    rel = path.relative_to(MACROS).as_posix()
    own = layer(path)
    bad = []
    for name, line in imports(path):
        if name.split(".")[0] in MKDOCS and rel != "__init__.py":
            bad.append(f"macros/{rel}:{line}: imports {name} (only macros/__init__.py talks to MkDocs)")
        parts = name.split(".")
        if own and parts[0] == "macros":
            target = parts[1] if len(parts) > 1 else "macros"
            if target not in ALLOWED[own]:
                bad.append(
                    f"macros/{rel}:{line}: imports {name} "
                    f"(a module in {own}/ may import {', '.join(sorted(ALLOWED[own]))})"
                )
    assert not bad, "\n".join(bad)


def test_every_module_is_in_a_layer():
    """The top level holds the MkDocs glue and the old `macros.check` alias, nothing else."""
    top = sorted(p.name for p in MACROS.glob("*.py"))
    assert top == ["__init__.py", "check.py"], top
    assert {p.name for p in MACROS.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(ALLOWED)


def test_the_data_layer_runs_without_mkdocs(tmp_path):
    """`python -m macros.data` checks all data in a process where MkDocs cannot be imported."""
    import subprocess
    import sys

    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text("import sys\nfor name in ('mkdocs', 'mkdocs_macros'):\n    sys.modules[name] = None\n")
    env = {"PYTHONPATH": f"{tmp_path}:{MACROS.parent}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "macros.data"], cwd=MACROS.parent, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s)" in result.stderr
