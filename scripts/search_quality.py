"""The search query set against a built site, without a browser: quick while tuning the index.

    python scripts/search_quality.py SITE_DIR

Runs Material's own search worker in Node (scripts/search_worker.js) over SITE_DIR's
search/search_index.json with every query of tests/browser/search_queries.yml, prints each
query that does not find its page (and each known miss that now does), and the index's size
raw and with Brotli 11 (as scripts/precompress.py sends it). tests/browser/test_search_quality.py
is the test; this is the same check in a few seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build --site-dir)")
    args = parser.parse_args(argv)
    index = args.site / "search" / "search_index.json"
    workers = sorted((args.site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not index.is_file() or not workers:
        print(f"error: {args.site}: no search index or search worker", file=sys.stderr)
        return 2
    queries = yaml.safe_load((ROOT / "tests" / "browser" / "search_queries.yml").read_text(encoding="utf-8"))
    out = subprocess.run(
        ["node", str(ROOT / "scripts" / "search_worker.js"), str(index), str(workers[0])],
        input="\n".join(q["query"] for q in queries),
        capture_output=True,
        text=True,
        check=True,
    )
    results = json.loads(out.stdout)
    bad = 0
    for q in queries:
        pages = [loc.split("#")[0] for loc in results[q["query"]]]
        first = q["first"] if isinstance(q["first"], list) else [q["first"]]
        ok = bool(pages) and pages[0] in first and all(p in pages[:3] for p in q.get("top3", []))
        if ok == bool(q.get("known_miss")):
            bad += 1
            print(("now passes (remove known_miss): " if ok else "miss: ") + f"{q['query']!r} -> {pages[:3]}")
    import brotli  # requirements-deploy.txt, as for scripts/precompress.py

    data = index.read_bytes()
    print(
        f"{len(queries) - bad}/{len(queries)} as expected; index {len(data) / 1024:.1f} KB raw, "
        f"{len(brotli.compress(data, quality=11)) / 1024:.1f} KB Brotli 11"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
