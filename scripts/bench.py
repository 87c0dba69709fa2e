#!/usr/bin/env python3
"""The guide's benchmarks: `make bench`. Figures are printed (and, with --record, written
into BENCHMARKS.md); nothing here is asserted, and no test runs it.

1. Build: a cold strict build (new process each run, median of --runs); the same site
   built from its rendered Markdown with the macros plugin removed (the engine's overhead,
   target <= 1.10x); and Zensical 0.0.73 (.venv/zensical) on the same rendered Markdown and
   on the real sources (unmodified; PYTHONPATH set, as tests/ship/test_zensical.py does).
2. Rebuild: the time `mkdocs serve` spends after one question file changes (config reload
   and full build in one process, as serve does), median over a few edits.
3. First view, through nginx with deploy/nginx.conf over the precompressed site (as the
   Docker image serves it: Brotli to Chromium): bytes on the wire and request
   count for the home page, a topic page and the question bank, in Chromium with a cold
   cache; the search index's size compressed and not. Targets: <= 150 KB compressed without
   the search index; index <= 400 KB compressed.
4. Lighthouse (node_modules/.bin/lighthouse, Debian's chromium): performance,
   accessibility, best practices and SEO for those pages, mobile (default) and desktop.
5. Load: wrk against nginx on 127.0.0.1, a few seconds, a few dozen connections.

Everything runs on copies in a temporary directory; the repository is never modified.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.precompress import precompress  # noqa: E402 - what the Dockerfile runs
from tests.ship.nginx import free_port, nginx_serving  # noqa: E402

PY = sys.executable
ZENSICAL = ROOT / ".venv" / "zensical" / "bin" / "zensical"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --disable-quic")
PAGES = {"home": "", "topic": "topics/gpu-cuda/", "question": "q/sd-llm-inference-service/",
         "question bank": "question-bank/", "checklists": "checklists/", "practice": "practice/flashcards/"}
COPY = ["data", "docs", "docs_src", "macros", "overrides", "mkdocs.yml"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(args, cwd: Path, env: dict | None = None, timeout: int = 900) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+sys) of one command; it must succeed.

    CPU time is reported next to wall time because a shared 2-core machine makes wall time
    noisy; the ratio of CPU times is the steadier measure of the engine's overhead."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(args, cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, args))}\n{(r.stdout + r.stderr)[-3000:]}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_capture(args, cwd: Path) -> str:
    """Standard output of a command that must succeed."""
    r = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, args))}\n{(r.stdout + r.stderr)[-3000:]}")
    return r.stdout


def median_of(n: int, fn) -> dict:
    runs = [fn() for _ in range(n)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return {"wall": statistics.median(walls), "walls": walls, "cpu": statistics.median(cpus), "cpus": cpus}


def copy_project(src: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in COPY:
        p = src / name
        if p.is_dir():
            shutil.copytree(p, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif p.exists():
            shutil.copy2(p, dest / name)
    return dest


def strip_macros(conf_text: str) -> str:
    """mkdocs.yml without the `- macros:` plugin entry (and its indented options)."""
    lines, out, skipping = conf_text.splitlines(), [], None
    for line in lines:
        if skipping is not None:
            indent = len(line) - len(line.lstrip())
            if line.strip() and indent <= skipping:
                skipping = None
            else:
                continue
        if re.match(r"^\s*- macros:?\s*$", line):
            skipping = len(line) - len(line.lstrip())
            continue
        out.append(line)
    text = "\n".join(out) + "\n"
    if re.search(r"^\s*- macros", text, re.M):
        raise SystemExit("could not remove the macros plugin from mkdocs.yml")
    return text


# ----------------------------------------------------------------------------- 1. builds


def bench_builds(src: Path, tmp: Path, runs: int) -> dict:
    res = {}
    project = copy_project(src, tmp / "full")
    out = tmp / "out"
    log(f"build: {runs} cold strict builds of the full site")
    res["full"] = median_of(runs, lambda: run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                                              project))

    # Dump the Markdown after the macros, then build that without the plugin.
    dump = tmp / "rendered" / "docs"
    shutil.copytree(project / "docs", dump)
    hooked = project / "mkdocs-dump.yml"
    hooked.write_text((project / "mkdocs.yml").read_text() +
                      f"\nhooks:\n  - {ROOT / 'scripts' / 'bench' / 'dump_markdown.py'}\n")
    run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(hooked), "-d", str(tmp / "dump-out")],
        project, env={**ENV, "BENCH_DUMP_DIR": str(dump)})
    plain = copy_project(src, tmp / "plain")
    shutil.rmtree(plain / "docs")
    shutil.copytree(dump, plain / "docs")
    (plain / "mkdocs.yml").write_text(strip_macros((plain / "mkdocs.yml").read_text()))
    log(f"build: {runs} cold strict builds of the rendered Markdown, macros plugin removed")
    res["rendered"] = median_of(runs, lambda: run(
        [PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "out-plain")], plain))

    log("build: one in-process build with timers on the engine's steps")
    timings = [json.loads(run_capture([PY, str(ROOT / "scripts" / "bench" / "engine_breakdown.py"),
                                       str(tmp / f"out-timed-{i}")], project)) for i in range(runs)]
    res["breakdown"] = {k: statistics.median(t.get(k, 0.0) for t in timings) for k in timings[0]}

    if ZENSICAL.exists():
        log(f"build: {runs} cold Zensical builds (rendered Markdown, then the sources)")
        zplain = tmp / "zplain"
        shutil.copytree(plain, zplain)
        res["zensical-rendered"] = median_of(runs, lambda: run(
            [str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"], zplain))
        zfull = copy_project(src, tmp / "zfull")
        res["zensical-sources"] = median_of(runs, lambda: run(
            [str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"], zfull,
            env={**ENV, "PYTHONPATH": str(zfull)}))
        res["zensical-version"] = subprocess.run([str(ZENSICAL), "--version"], capture_output=True,
                                                 text=True).stdout.strip()
    return res


# ----------------------------------------------------------------------------- 2. rebuild

REBUILD = r"""
import statistics, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
target = Path(sys.argv[1]); out = sys.argv[2]; n = int(sys.argv[3])
def once():
    cfg = load_config("mkdocs.yml", site_dir=out, strict=True)
    build(cfg)
once()  # the first build, as `mkdocs serve` does on start
times = []
for i in range(n):
    with target.open("a", encoding="utf-8") as f:
        f.write(f"\nEdited {i}.\n")
    t = time.perf_counter(); once(); times.append(time.perf_counter() - t)
print(" ".join(f"{x:.3f}" for x in times))
"""


def bench_rebuild(src: Path, tmp: Path, runs: int) -> dict:
    project = copy_project(src, tmp / "rebuild")
    target = sorted((project / "data" / "questions").rglob("*.md"))[0]
    log(f"rebuild: {runs} edits of {target.relative_to(project)} in one process")
    r = subprocess.run([PY, "-c", REBUILD, str(target), str(tmp / "rebuild-out"), str(runs)], cwd=project,
                       env=ENV, capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        raise SystemExit("rebuild failed:\n" + r.stderr[-3000:])
    times = [float(x) for x in r.stdout.split()]
    return {"rebuild": (statistics.median(times), times), "rebuild-file": str(target.relative_to(project))}


# ----------------------------------------------------------------------------- 3-5. served


def first_views(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    res = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROME_FLAGS.split()[1:],
                                    headless=True)
        for name, path in PAGES.items():
            context = browser.new_context()  # cold cache
            page = context.new_page()
            seen = []
            page.on("requestfinished", seen.append)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            rows = []
            for r in seen:
                s = r.sizes()
                rows.append((r.url, s["responseBodySize"] + s["responseHeadersSize"], s["responseBodySize"]))
            index = [x for x in rows if "search_index.json" in x[0]]
            rest = [x for x in rows if "search_index.json" not in x[0]]
            res[name] = {"requests": len(rest), "bytes": sum(x[1] for x in rest),
                         "body_bytes": sum(x[2] for x in rest), "index_loaded": bool(index),
                         "largest": sorted(((x[2], x[0].replace(base, "/")) for x in rest), reverse=True)[:3]}
            context.close()
        browser.close()
    return res


def index_sizes(site: Path) -> dict:
    raw = (site / "search" / "search_index.json").read_bytes()
    return {"raw": len(raw), "gzip6": len(gzip.compress(raw, 6))}


def lighthouse(base: str, tmp: Path) -> dict:
    if not LIGHTHOUSE.exists():
        log("lighthouse: node_modules/.bin/lighthouse missing (npm ci): skipped")
        return {}
    res = {}
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    for preset in ("mobile", "desktop"):
        for name, path in PAGES.items():
            report = tmp / f"lh-{preset}-{name.replace(' ', '-')}.json"
            args = [str(LIGHTHOUSE), base + path, "--output=json", f"--output-path={report}", "--quiet",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    f"--chrome-flags={CHROME_FLAGS}"] + (["--preset=desktop"] if preset == "desktop" else [])
            for attempt in range(3):  # Lighthouse sometimes loses the trace (NO_NAVSTART): retry
                log(f"lighthouse: {preset} {name} (try {attempt + 1})")
                subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
                data = json.loads(report.read_text()) if report.exists() else None
                if data and all(c["score"] is not None for c in data["categories"].values()):
                    break
            if not data:
                continue
            scores = {k: (None if c["score"] is None else round(c["score"] * 100))
                      for k, c in data["categories"].items()}
            failing = sorted({ref["id"] for c in data["categories"].values() for ref in c["auditRefs"]
                              if ref.get("weight", 0) > 0
                              and data["audits"][ref["id"]].get("score") is not None
                              and data["audits"][ref["id"]]["score"] < 1})
            res[(preset, name)] = {"scores": scores, "failing": failing,
                                   "version": data.get("lighthouseVersion", "?")}
    return res


def wrk(base: str) -> dict:
    binary = shutil.which("wrk")
    if not binary:
        log("wrk: missing (scripts/system-deps.sh wrk): skipped")
        return {}
    res = {}
    for name in ("home", "topic"):
        url = base + PAGES[name]
        assert url.startswith("http://127.0.0.1:"), url  # loopback only
        log(f"wrk: {name} for 5 s, 32 connections, 2 threads")
        r = subprocess.run([binary, "-t2", "-c32", "-d5s", "--timeout", "2s", "--latency",
                            "-H", "Accept-Encoding: gzip", url], capture_output=True, text=True, timeout=60)
        text = r.stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
        p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
        total = re.search(r"(\d+) requests in", text)
        errors = 0
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        if m:
            errors += sum(int(x) for x in m.groups())
        m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        if m:
            errors += int(m.group(1))
        res[name] = {"rps": float(rps.group(1)) if rps else None, "p99": p99.group(1) if p99 else "?",
                     "requests": int(total.group(1)) if total else 0, "errors": errors}
    return res


# ----------------------------------------------------------------------------- report


def fmt_s(x: float) -> str:
    return f"{x:.2f} s"


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def report(b: dict, rb: dict, fv: dict, idx: dict, lh: dict, load: dict, meta: dict) -> str:
    out = [f"Measured {meta['date']} on {meta['machine']}; {meta['runs']} runs each, median shown "
           f"(all runs in brackets). Source: {meta['source']}.", ""]
    if b:
        out += ["### Build (cold: a new process per build)", "",
                "| Build | Wall, median | CPU (user+sys), median | Wall, all runs |", "| --- | --- | --- | --- |"]
        rows = [("MkDocs, full site (macros engine on)", b["full"]),
                ("MkDocs, rendered Markdown, macros plugin removed", b["rendered"])]
        if "zensical-rendered" in b:
            v = b["zensical-version"].split()[-1]
            rows += [(f"Zensical {v}, rendered Markdown", b["zensical-rendered"]),
                     (f"Zensical {v}, sources (macros engine on)", b["zensical-sources"])]
        out += [f"| {n} | {fmt_s(r['wall'])} | {fmt_s(r['cpu'])} | {', '.join(f'{x:.2f}' for x in r['walls'])} |"
                for n, r in rows]
        full, rendered = b["full"], b["rendered"]
        out += ["", f"Engine overhead (full / rendered Markdown): **{full['cpu'] / rendered['cpu']:.2f}x** CPU, "
                f"{full['wall'] / rendered['wall']:.2f}x wall (target <= 1.10x).", ""]
    if b.get("breakdown"):
        out += ["Where the engine's time goes (`scripts/bench/engine_breakdown.py`: one build in one process, "
                "timers around the macros plugin's hooks and the engine's steps; indented steps are part of "
                "the hook above them; median of the runs):", "", "| Step | Wall |", "| --- | --- |"]
        for step, seconds in b["breakdown"].items():
            name = step.strip()
            out.append(f"| {'&nbsp;&nbsp;&nbsp;&nbsp;' if step.startswith(' ') else ''}{name} | {seconds:.3f} s |")
        out.append("")
    if rb:
        m, ts = rb["rebuild"]
        out += ["### Rebuild after editing one question", "",
                f"`{rb['rebuild-file']}` appended to, then config reload + full build in the same process "
                f"(what `mkdocs serve` does on a change): **{fmt_s(m)}** wall, median "
                f"({', '.join(f'{x:.2f}' for x in ts)}).", ""]
    if fv:
        out += ["### First view (cold cache, Chromium, nginx serving the precompressed files: Brotli)", "",
                "| Page | Requests | Transferred (headers + compressed bodies) | Bodies only | "
                "Search index fetched | Largest |", "| --- | --- | --- | --- | --- | --- |"]
        for name, r in fv.items():
            largest = "; ".join(f"{u} {kb(n)}" for n, u in r["largest"])
            out.append(f"| {name} | {r['requests']} | {kb(r['bytes'])} | {kb(r['body_bytes'])} | "
                       f"{'yes' if r['index_loaded'] else 'no'} (not counted) | {largest} |")
        out += ["", "Target: <= 150 KB compressed without the search index.", ""]
    if idx:
        out += [f"Search index (`search/search_index.json`): **{kb(idx['raw'])}** raw; as the Docker image "
                f"sends it, **{kb(idx['brotli11'])}** with Brotli (quality 11, to every current browser) or "
                f"{kb(idx['gzip9'])} with gzip -9 (clients without Brotli); {kb(idx['gzip6'])} when "
                "gzipped on the fly (level 6, a plain `mkdocs build` behind the same nginx) — target "
                "<= 400 KB compressed. Material fetches it on every first view (search is ready at "
                "once), after the page has rendered.", ""]
    if lh:
        version = next(iter(lh.values()))["version"]
        out += [f"### Lighthouse {version}", "", "| Preset | Page | Performance | Accessibility | "
                "Best practices | SEO | Audits below 1 |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for (preset, name), r in lh.items():
            s = r["scores"]
            out.append(f"| {preset} | {name} | {s.get('performance')} | {s.get('accessibility')} | "
                       f"{s.get('best-practices')} | {s.get('seo')} | {', '.join(r['failing']) or '-'} |")
        out += ["", "Target: 100 everywhere.", ""]
    if load:
        out += ["### Load (wrk on the same 2 cores as nginx: 127.0.0.1, 2 threads, 32 connections, 5 s, "
                "Accept-Encoding: gzip)", "",
                "| Compression | Page | Requests/s | p99 latency | Requests | Errors |",
                "| --- | --- | --- | --- | --- | --- |"]
        for mode, pages in load.items():
            for name, r in pages.items():
                out.append(f"| {mode} | {name} | {r['rps']:.0f} | {r['p99']} | {r['requests']} | {r['errors']} |")
        out += ["", "Target: 0 errors.", ""]
    return "\n".join(out)


def record(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    doc = path.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"BENCHMARKS.md has no {START} ... {END} block")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")
    log("recorded in BENCHMARKS.md")


def main() -> int:
    ap = argparse.ArgumentParser(description="The guide's benchmarks (see the module docstring).")
    ap.add_argument("--runs", type=int, default=3, help="runs per build figure (median reported)")
    ap.add_argument("--source", type=Path, default=ROOT,
                    help="project to measure (default: this repo; a copy is used, never modified)")
    ap.add_argument("--only", default="build,rebuild,served",
                    help="comma-separated parts: build, rebuild, served (first view, Lighthouse, load)")
    ap.add_argument("--skip", default="", help="comma-separated: lighthouse")
    ap.add_argument("--record", action="store_true", help="also write the figures into BENCHMARKS.md")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    skip = set(args.skip.split(","))
    src = args.source.resolve()
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as t:
        tmp = Path(t)
        b = bench_builds(src, tmp / "b", args.runs) if "build" in parts else {}
        rb = bench_rebuild(src, tmp / "r", args.runs) if "rebuild" in parts else {}
        fv, idx, lh, load = {}, {}, {}, {}
        if "served" in parts:
            port = free_port()
            base = f"http://127.0.0.1:{port}/"
            project = copy_project(src, tmp / "served")
            site = tmp / "served-site"
            log(f"served: strict build for {base}")
            run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], project,
                env={**ENV, "SITE_URL": base})
            idx = index_sizes(site)
            # As tested: every response compressed on the fly.
            with nginx_serving(site, tmp / "nginx-dyn", PY, port=port, workers=None) as url:
                load["on the fly"] = wrk(url)
            # As the Docker image serves it: precompressed once (.br and .gz), sent as they are.
            precompress(site)
            idx["gzip9"] = (site / "search" / "search_index.json.gz").stat().st_size
            idx["brotli11"] = (site / "search" / "search_index.json.br").stat().st_size
            with nginx_serving(site, tmp / "nginx", PY, port=port, workers=None) as url:
                fv = first_views(url)
                lh = lighthouse(url, tmp) if "lighthouse" not in skip else {}
                load["precompressed"] = wrk(url)
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "unknown CPU")
        meta = {"date": time.strftime("%Y-%m-%d"), "runs": args.runs,
                "machine": f"{os.cpu_count()} cores ({cpu})",
                "source": "this repository" if src == ROOT else f"a copy of {src}"}
        text = report(b, rb, fv, idx, lh, load, meta)
    print(text)
    if args.record:
        record(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
