#!/usr/bin/env python3
"""Double a copy of the project: every question twice, for `scripts/bench.py --only doubled`.

    python scripts/doubled.py DEST        # copy this repository to DEST (new), then double it

Each question file data/questions/<topic>/<id>.md gets a twin <id>-copy.md: the same text
under the new id, without `moved_from` (an old address forwards to one page only). Every
whole-line `{{ question('<id>') }}` call on a page is followed by the same call for the copy,
so topic, round and track-like pages list the copies next to their originals; a question whose
home page lists it only through a `q:` link (a table of designs) gets its copy's row at the end
of that page; a `questions(topic=...)` call lists the copies by itself. Everything else stays
as it is: `q:` links inside the copies point at the originals, the tracks, plans, loop and
checklists name the originals, and the diagrams and solution files are shared.

Only ever run on a copy: it refuses a folder with a .git (the repository or a worktree).
`load_guide` is the engine's loader (imported here for either layout of the engine's package).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

try:  # the engine's layout since the re-cut into macros/data, macros/pages, macros/outputs
    from macros.data.load import load_guide, split_front_matter
    from macros.data.mdtext import lines_outside_code
except ImportError:  # before it: macros/load.py, macros/mdtext.py
    from macros.load import load_guide, split_front_matter
    from macros.mdtext import lines_outside_code

SUFFIX = "-copy"
MACROS_ON = re.compile(r"\A---\s*\n(?:.*\n)*?render_macros:\s*true\s*\n(?:.*\n)*?---", re.M)
RAW = re.compile(r"\{%-?\s*(raw|endraw)\s*-?%\}")
CALL = re.compile(r"""^(\s*)\{\{\s*question\(\s*(['"])([a-z0-9-]+)\2\s*\)\s*\}\}\s*$""")


def copy_id(qid: str) -> str:
    return qid + SUFFIX


def copy_text(text: str, rel: str, new_id: str) -> str:
    """A question file's text under a new id, without `moved_from`."""
    meta, body = split_front_matter(text, rel)
    meta = {**meta, "id": new_id}
    meta.pop("moved_from", None)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100_000, default_flow_style=None)
    return f"---\n{front}---\n{body}"


def with_copied_calls(markdown: str, ids: set[str]) -> tuple[str, int]:
    """The page with a copy's call after each whole-line question() call of an original (outside
    code fences and {% raw %} blocks), and how many were added."""
    out, added, raw = [], 0, False
    for line, prose in lines_outside_code(markdown):
        out.append(line)
        if prose and RAW.search(line):
            raw = RAW.findall(line)[-1] == "raw"
            continue
        m = CALL.match(line) if prose and not raw else None
        if m and m.group(3) in ids:
            out += ["", f"{m.group(1)}{{{{ question('{copy_id(m.group(3))}') }}}}"]
            added += 1
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else ""), added


def double_project(project: Path) -> dict:
    """Double the questions of the project copy at `project`, in place. Returns what was done:
    {"questions": originals, "copies": new ids, "calls": calls added, "appended": rows added at the
    end of home pages}."""
    project = Path(project)
    if (project / ".git").exists():
        raise SystemExit(f"{project}: has a .git; double only a copy (scripts/bench.py makes one)")
    guide = load_guide(project)
    originals = dict(guide.questions)
    clash = sorted(copy_id(q) for q in originals if copy_id(q) in originals)
    if clash:
        raise SystemExit(f"{project}: ids ending in {SUFFIX} already exist: {', '.join(clash[:5])}")
    for q in originals.values():
        src = project / q.source
        new = copy_id(q.id)
        src.with_name(f"{new}.md").write_text(
            copy_text(src.read_text(encoding="utf-8"), q.source, new), encoding="utf-8"
        )
    docs = guide.docs_dir
    calls = 0
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if not MACROS_ON.search(text):  # the calls run only on pages that opt in
            continue
        new_text, n = with_copied_calls(text, set(originals))
        if n:
            page.write_text(new_text, encoding="utf-8")
            calls += n
    appended = []
    for q in originals.values():
        home = docs / q.home
        text = home.read_text(encoding="utf-8")
        new = copy_id(q.id)
        if re.search(rf"question\(\s*['\"]{re.escape(new)}['\"]", text) or f"](q:{new})" in text:
            continue
        if f"](q:{q.id})" in text:  # listed by a link only: the copy gets a row at the end
            home.write_text(text.rstrip("\n") + f"\n\n{{{{ question('{new}') }}}}\n", encoding="utf-8")
            appended.append(new)
    return {
        "questions": sorted(originals),
        "copies": sorted(copy_id(q) for q in originals),
        "calls": calls,
        "appended": appended,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="a new folder for the doubled copy (never inside the repository)")
    args = parser.parse_args(argv)
    from scripts.bench import copy_project

    dest = copy_project(ROOT, args.dest.resolve())
    done = double_project(dest)
    print(
        f"{dest}: {len(done['copies'])} copies, {done['calls']} question() calls added, "
        f"{len(done['appended'])} rows appended to home pages"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
