#!/usr/bin/env python3
"""Build the downloadable copy of the guide, which opens from disk (file://), as one zip.

    python3 scripts/offline_zip.py [-o dist/ai-platform-interview-guide.zip] [--site-dir DIR]

A build of its own, never the site that is served: `GUIDE_OFFLINE=true` turns on Material's
`offline` plugin (mkdocs.yml), which turns off directory URLs (every page is a file:
`q/<id>.html`) and writes the search index as a script, and the engine adds the guide's own
file:// shims (search, practice data: macros/outputs/offline.py). The zip holds one folder; a reader
unzips it and opens index.html. Service workers need a server, so this copy has none.

The archive does not depend on when or where it was made: sorted names, one fixed time
stamp (SOURCE_DATE_EPOCH, else 1980-01-01), no precompressed twins.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/offline_zip.py`
    sys.path.insert(0, str(ROOT))

from scripts.tooling import mkdocs_build  # noqa: E402 - after the path above

DEFAULT_OUT = ROOT / "dist" / "ai-platform-interview-guide.zip"
FOLDER = "ai-platform-interview-guide"
SKIP_SUFFIXES = (".gz", ".br")
README = """AI Platform Interview Guide: the copy that opens from disk.

Open index.html (in this folder) in your browser. Search, checklists (ticks are kept by
the browser, for this folder) and the practice pages work without a network. Links that
leave the guide need one.
"""


def build(site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    return mkdocs_build(ROOT, site_dir, site_url, env={"GUIDE_OFFLINE": "true"})


def stamp() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return (1980, 1, 1, 0, 0, 0)
    return time.gmtime(max(int(epoch), 315532800))[:6]  # a zip cannot hold a date before 1980


def write_zip(site_dir: Path, out: Path) -> int:
    """Zip the built copy under one folder; returns the number of files."""
    out.parent.mkdir(parents=True, exist_ok=True)
    when = stamp()
    files = sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.name.endswith(SKIP_SUFFIXES))
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        entries = [(f"{FOLDER}/README.txt", README.encode("utf-8"))]
        entries += [(f"{FOLDER}/{p.relative_to(site_dir).as_posix()}", p.read_bytes()) for p in files]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=9)
    tmp.replace(out)
    return len(entries)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT, help="the zip to write")
    ap.add_argument("--site-dir", type=Path, help="build here and keep it (default: a temporary folder)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guide-offline-") as tmp:
        site_dir = args.site_dir or Path(tmp) / "site"
        result = build(site_dir)
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
            print("error: the offline build failed (above)", file=sys.stderr)
            return 1
        count = write_zip(site_dir, args.output)
    size = args.output.stat().st_size
    print(f"{args.output}: {count} files, {size / 1e6:.1f} MB (unzip it and open {FOLDER}/index.html)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
