"""Write a .gz and a .br next to every text file of a built site, for nginx to send as is.

    python scripts/precompress.py SITE_DIR

The Docker image does this once at build time (deploy/nginx.conf: gzip_static and
brotli_static), so no reader waits for compression and every file gets the best level:
gzip -9 (no name or time stamp, so the output depends only on the input) and Brotli 11
(about a fifth smaller than gzip -9 on the search index; every current browser asks for it).
`make bench` measures the site served this way.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

import brotli

TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".csv"}


def precompress(site: Path) -> list[Path]:
    """Compress every text file under `site`; returns the files compressed."""
    done = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT:
            continue
        data = path.read_bytes()
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        path.with_name(path.name + ".br").write_bytes(brotli.compress(data, quality=11))
        done.append(path)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build --site-dir)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site}: not a built site (no index.html)", file=sys.stderr)
        return 2
    done = precompress(args.site)
    print(f"precompressed {len(done)} files under {args.site} (.gz and .br)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
