#!/usr/bin/env python3
"""The guide's benchmarks: `make bench`. Figures are printed (and, with --record, written
into BENCHMARKS.md, each part into its own block); nothing here is asserted, and no test
runs it. `--only` picks the parts (comma-separated); each can run alone:

- build: a cold strict build (new process each run, median of --runs); the same site built
  from its rendered Markdown with the macros plugin removed (the engine's overhead: measured,
  no longer a target); the engine's fixed costs, step by step; Zensical 0.0.73
  (.venv/zensical) on the same rendered Markdown and on the real sources (unmodified;
  PYTHONPATH set, as tests/ship/test_zensical.py does).
- rebuild: the time `mkdocs serve` spends after one question file changes (config reload
  and full build in one process, as serve does), median over a few edits.
- doubled: the project at twice the content (scripts/doubled.py: a generated copy where
  every question is there twice), built the same way as a copy at today's size, runs
  alternating: cold build, rebuild after one edit, search index (raw, Brotli 11, gzip) and
  page weights, 1x and 2x side by side. Targets at 2x: build <= 2.1x today's, rebuild
  <= 1.5x today's, search index <= 400 KB with Brotli.
- serve: `mkdocs serve` on a free loopback port, a question's page open in Chromium, a
  unique marker appended to the question's file: seconds from the save until the page that
  live reload reloaded shows the marker (median of --runs), at 1x and 2x.
- served: first view through nginx with deploy/nginx.conf over the precompressed site (as
  the Docker image serves it: Brotli to Chromium): bytes on the wire and requests for a few
  pages in Chromium with a cold cache (target <= 150 KB compressed without the search
  index); the search index's size; Lighthouse (node_modules/.bin/lighthouse, Debian's
  chromium; every page --runs times, median; a page of the theme alone for comparison;
  `--skip lighthouse` leaves it out); load: wrk against nginx on 127.0.0.1.

Everything runs on copies in a temporary directory; the repository is never modified.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.doubled import double_project  # noqa: E402 - every question twice, in a copy
from scripts.precompress import precompress  # noqa: E402 - what the Dockerfile runs
from scripts.tooling import CHROMIUM, CHROMIUM_ARGS, stop  # noqa: E402 - the tests' launch of Debian's chromium
from tests.ship.nginx import free_port, nginx_serving  # noqa: E402

PY = sys.executable
ZENSICAL = ROOT / ".venv" / "zensical" / "bin" / "zensical"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])  # Lighthouse's launch of Chromium
PAGES = {
    "home": "",
    "topic": "topics/gpu-cuda/",
    "question": "q/sd-llm-inference-service/",
    "question bank": "question-bank/",
    "checklists": "checklists/",
    "practice": "practice/flashcards/",
    "calculator": "calculators/training-memory/",
}
COPY = ["data", "docs", "docs_src", "macros", "overrides", "mkdocs.yml"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PARTS = ("build", "rebuild", "doubled", "serve", "served")
# BENCHMARKS.md: one block per part (Lighthouse apart from the rest of `served`), replaced on --record.
BLOCKS = ("build", "rebuild", "doubled", "serve", "served", "lighthouse")
TARGETS_2X = {"build": 2.1, "rebuild": 1.5, "index_kb": 400}


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


def summary(runs: list[tuple[float, float]]) -> dict:
    """Median and all runs of (wall, CPU) pairs."""
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    return {"wall": statistics.median(walls), "walls": walls, "cpu": statistics.median(cpus), "cpus": cpus}


def median_of(n: int, fn) -> dict:
    return summary([fn() for _ in range(n)])


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
    res["full"] = median_of(runs, lambda: run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], project))

    # Dump the Markdown after the macros, then build that without the plugin.
    dump = tmp / "rendered" / "docs"
    shutil.copytree(project / "docs", dump)
    hooked = project / "mkdocs-dump.yml"
    hooked.write_text(
        (project / "mkdocs.yml").read_text() + f"\nhooks:\n  - {ROOT / 'scripts' / 'bench' / 'dump_markdown.py'}\n"
    )
    run(
        [PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(hooked), "-d", str(tmp / "dump-out")],
        project,
        env={**ENV, "BENCH_DUMP_DIR": str(dump)},
    )
    plain = copy_project(src, tmp / "plain")
    shutil.rmtree(plain / "docs")
    shutil.copytree(dump, plain / "docs")
    (plain / "mkdocs.yml").write_text(strip_macros((plain / "mkdocs.yml").read_text()))
    log(f"build: {runs} cold strict builds of the rendered Markdown, macros plugin removed")
    res["rendered"] = median_of(
        runs, lambda: run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "out-plain")], plain)
    )

    log("build: one in-process build with timers on the engine's steps")
    timings = [
        json.loads(
            run_capture(
                [PY, str(ROOT / "scripts" / "bench" / "engine_breakdown.py"), str(tmp / f"out-timed-{i}")], project
            )
        )
        for i in range(runs)
    ]
    res["breakdown"] = {k: statistics.median(t.get(k, 0.0) for t in timings) for k in timings[0]}

    if ZENSICAL.exists():
        log(f"build: {runs} cold Zensical builds (rendered Markdown, then the sources)")
        zplain = tmp / "zplain"
        shutil.copytree(plain, zplain)
        res["zensical-rendered"] = median_of(
            runs, lambda: run([str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"], zplain)
        )
        zfull = copy_project(src, tmp / "zfull")
        res["zensical-sources"] = median_of(
            runs,
            lambda: run(
                [str(ZENSICAL), "build", "--clean", "-f", "mkdocs.yml"], zfull, env={**ENV, "PYTHONPATH": str(zfull)}
            ),
        )
        res["zensical-version"] = subprocess.run(
            [str(ZENSICAL), "--version"], capture_output=True, text=True
        ).stdout.strip()
    return res


# ----------------------------------------------------------------------------- 2. rebuild

REBUILD = r"""
import json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
target = Path(sys.argv[1]); out = sys.argv[2]; n = int(sys.argv[3])
def once():
    cfg = load_config("mkdocs.yml", site_dir=out, strict=True)
    build(cfg)
once()  # the first build, as `mkdocs serve` does on start
walls, cpus = [], []
for i in range(n):
    with target.open("a", encoding="utf-8") as f:
        f.write(f"\nEdited {i}.\n")
    t, c = time.perf_counter(), time.process_time()
    once()
    walls.append(time.perf_counter() - t); cpus.append(time.process_time() - c)
print(json.dumps({"walls": walls, "cpus": cpus}))
"""


def edited_file(src: Path) -> str:
    """The question file every edit goes to (the first one, by path, of the original project)."""
    return str(sorted((src / "data" / "questions").rglob("*.md"))[0].relative_to(src))


def rebuilds(project: Path, rel: str, out: Path, runs: int) -> dict:
    """Wall and CPU seconds of `runs` rebuilds after appending to `rel`, in one process."""
    r = subprocess.run(
        [PY, "-c", REBUILD, str(project / rel), str(out), str(runs)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if r.returncode != 0:
        raise SystemExit("rebuild failed:\n" + r.stderr[-3000:])
    data = json.loads(r.stdout.strip().splitlines()[-1])
    return summary(list(zip(data["walls"], data["cpus"])))


def bench_rebuild(src: Path, tmp: Path, runs: int) -> dict:
    project = copy_project(src, tmp / "rebuild")
    rel = edited_file(src)
    log(f"rebuild: {runs} edits of {rel} in one process")
    return {"rebuild": rebuilds(project, rel, tmp / "rebuild-out", runs), "rebuild-file": rel}


# ----------------------------------------------------------------------------- doubled


def compressed(data: bytes) -> dict:
    import brotli

    return {
        "raw": len(data),
        "brotli11": len(brotli.compress(data, quality=11)),
        "gzip9": len(gzip.compress(data, 9, mtime=0)),
    }


COPY_PAGE = re.compile(r"^q/[a-z0-9-]+-copy/")


def index_apart(site: Path) -> int:
    """Brotli 11 bytes of a doubled site's search index with the copies' entries compressed
    apart from the rest and the two added: the copies repeat their originals word for word, which
    Brotli's window (megabytes) finds, so the index as built compresses far better than new
    content of the same amount would. This is the estimate without that sharing."""
    import brotli

    index = json.loads((site / "search" / "search_index.json").read_bytes())
    copies = [d for d in index["docs"] if COPY_PAGE.match(d["location"])]
    rest = [d for d in index["docs"] if not COPY_PAGE.match(d["location"])]
    parts = ({**index, "docs": rest}, {"docs": copies})
    return sum(
        len(brotli.compress(json.dumps(p, ensure_ascii=False, separators=(",", ":")).encode(), quality=11))
        for p in parts
    )


# Data files pages fetch at run time (the question bank, the practice pages).
DATA_FILES = {"questions.json": "assets/questions.json", "practice.json": "assets/practice.json"}


def page_weights(site: Path) -> dict:
    """Raw, Brotli 11 and gzip -9 bytes of each benchmarked page's HTML and of the data files."""
    out = {name: compressed((site / path / "index.html").read_bytes()) for name, path in PAGES.items()}
    out.update(
        {name: compressed((site / path).read_bytes()) for name, path in DATA_FILES.items() if (site / path).exists()}
    )
    return out


def doubled_copy(src: Path, dest: Path) -> tuple[Path, dict]:
    project = copy_project(src, dest)
    return project, double_project(project)


def bench_doubled(src: Path, tmp: Path, runs: int) -> dict:
    one = copy_project(src, tmp / "1x")
    two, done = doubled_copy(src, tmp / "2x")
    log(
        f"doubled: {len(done['questions'])} questions, {len(done['copies'])} copies "
        f"({done['calls']} question() calls added, {len(done['appended'])} rows appended to home pages)"
    )
    res = {
        "questions": len(done["questions"]),
        "copies": len(done["copies"]),
        "calls": done["calls"],
        "appended": len(done["appended"]),
        "1x": {},
        "2x": {},
    }
    builds: dict[str, list] = {"1x": [], "2x": []}
    for i in range(runs):  # alternating, so a busy spell on the machine hits both sizes alike
        for size, project in (("1x", one), ("2x", two)):
            log(f"doubled: cold strict build {i + 1}/{runs} at {size}")
            builds[size].append(
                run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / f"out-{size}")], project)
            )
    rel = edited_file(src)
    for size in ("1x", "2x"):
        res[size]["build"] = summary(builds[size])
        site = tmp / f"out-{size}"
        log(f"doubled: search index and page weights at {size}")
        res[size]["index"] = compressed((site / "search" / "search_index.json").read_bytes())
        res[size]["pages"] = page_weights(site)
    res["2x"]["index"]["brotli11-apart"] = index_apart(tmp / "out-2x")
    for size, project in (("1x", one), ("2x", two)):
        log(f"doubled: {runs} edits of {rel} in one process at {size}")
        res[size]["rebuild"] = rebuilds(project, rel, tmp / f"rebuild-{size}", runs)
    res["rebuild-file"] = rel
    return res


# ----------------------------------------------------------------------------- serve


def wait_until_served(url: str, proc: subprocess.Popen, log_path: Path, limit: float = 900) -> None:
    """Poll `url` until it answers 200 (mkdocs serve answers after its first build)."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve exited ({proc.returncode}):\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # a script polling a server, not a test
    raise SystemExit(f"mkdocs serve did not answer {url} within {limit:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_reload(project: Path, rel: str, runs: int, log_path: Path) -> dict:
    """Seconds from appending a unique marker to `rel` until the question's page, open in
    Chromium and reloaded by mkdocs serve's live reload, shows it; and the start-up time."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}/q/{Path(rel).stem}/"
    with log_path.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [PY, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_served(url, proc, log_path)
            startup = time.perf_counter() - start
            times: list[float] = []
            cpus: list[float] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
                page = browser.new_page()
                page.goto(url)
                page.wait_for_function("() => !!document.querySelector('.q-title')", timeout=120_000)
                for i in range(runs):
                    marker = f"benchmarker{uuid.uuid4().hex}"
                    t, c = time.perf_counter(), cpu_seconds(proc.pid)
                    with (project / rel).open("a", encoding="utf-8") as f:
                        f.write(f"\n\n{marker}\n")
                    page.wait_for_function(
                        "m => !!document.body && document.body.textContent.includes(m)",
                        arg=marker,
                        polling=50,
                        timeout=600_000,
                    )
                    times.append(time.perf_counter() - t)
                    cpus.append(cpu_seconds(proc.pid) - c)
                    log(
                        f"serve: edit {i + 1}/{runs} shown after {times[-1]:.2f} s ({cpus[-1]:.2f} s CPU in mkdocs serve)"
                    )
                browser.close()
        finally:
            stop(proc, timeout=30)
    return {"startup": startup, "wall": statistics.median(times), "walls": times, "cpu": statistics.median(cpus)}


def bench_serve(src: Path, tmp: Path, runs: int) -> dict:
    rel = edited_file(src)
    res = {"serve-file": rel}
    one = copy_project(src, tmp / "1x")
    two, _ = doubled_copy(src, tmp / "2x")
    for size, project in (("1x", one), ("2x", two)):
        log(f"serve: mkdocs serve at {size}, {runs} edits of {rel}")
        res[size] = serve_reload(project, rel, runs, tmp / f"serve-{size}.log")
    return res


# ----------------------------------------------------------------------------- 3-5. served


def first_views(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    res = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        for name, path in PAGES.items():
            context = browser.new_context()  # cold cache
            page = context.new_page()
            seen = []
            page.on("requestfinished", lambda r, seen=seen: seen.append(r))
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            rows = []
            for r in seen:
                s = r.sizes()
                rows.append((r.url, s["responseBodySize"] + s["responseHeadersSize"], s["responseBodySize"]))
            index = [x for x in rows if "search_index.json" in x[0]]
            rest = [x for x in rows if "search_index.json" not in x[0]]
            res[name] = {
                "requests": len(rest),
                "bytes": sum(x[1] for x in rest),
                "body_bytes": sum(x[2] for x in rest),
                "index_loaded": bool(index),
                "largest": sorted(((x[2], x[0].replace(base, "/")) for x in rest), reverse=True)[:3],
            }
            context.close()
        browser.close()
    return res


def index_sizes(site: Path) -> dict:
    raw = (site / "search" / "search_index.json").read_bytes()
    return {"raw": len(raw), "gzip6": len(gzip.compress(raw, 6))}


LH_METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}


def lighthouse_once(url: str, preset: str, report: Path) -> dict | None:
    """One Lighthouse run of `url`: its category scores, metrics and the audits below 1."""
    args = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--chrome-flags={CHROME_FLAGS}",
    ] + (["--preset=desktop"] if preset == "desktop" else [])
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    for _ in range(3):  # Lighthouse sometimes loses the trace (NO_NAVSTART): retry
        report.unlink(missing_ok=True)
        subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
        data = json.loads(report.read_text()) if report.exists() else None
        if data and all(c["score"] is not None for c in data["categories"].values()):
            break
    else:
        return None
    audits = data["audits"]
    return {
        "scores": {k: round(c["score"] * 100) for k, c in data["categories"].items()},
        "metrics": {k: audits[k]["numericValue"] for k in LH_METRICS},
        "failing": {
            ref["id"]
            for c in data["categories"].values()
            for ref in c["auditRefs"]
            if ref.get("weight", 0) > 0
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 1
        },
        "version": data.get("lighthouseVersion", "?"),
    }


# A page of the theme alone, for Lighthouse: the same theme settings as the guide (features,
# palettes, no fonts), the search plugin, one page of plain prose and no script or style of
# the guide's. Its scores are the floor the theme sets on this machine (read with the rest).
FLOOR = "bench-floor/"


def build_floor_page(site: Path, base: str, tmp: Path) -> None:
    """Build the theme-alone page into site/bench-floor/ (served with the site, never shipped)."""
    conf = yaml.safe_load(
        re.sub(r"!ENV \[[A-Z_]+, ([^\]]*)\]", r"\1", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    theme = {k: v for k, v in conf["theme"].items() if k != "custom_dir"}
    project = tmp / "floor"
    (project / "docs").mkdir(parents=True, exist_ok=True)
    prose = " ".join(["A paragraph of plain prose, long enough to wrap over several lines on a phone."] * 3)
    body = "# The theme alone\n\n" + "\n\n".join(f"## Section {i}\n\n{prose}" for i in range(1, 9)) + "\n"
    (project / "docs" / "index.md").write_text(body, encoding="utf-8")
    floor_conf = {"site_name": "Theme alone", "site_url": base + FLOOR, "theme": theme, "plugins": ["search"]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(floor_conf), encoding="utf-8")
    run([PY, "-m", "mkdocs", "build", "-q", "-d", str(site / FLOOR)], project, env=ENV)


def lighthouse(base: str, tmp: Path, runs: int) -> dict:
    """Each page and preset `runs` times, interleaved (page after page, then again), so a busy
    spell of the machine spreads over the pages instead of sinking one; the median is reported:
    one run's performance score on a shared machine says little (the same page gave 50 and 84)."""
    if not LIGHTHOUSE.exists():
        log("lighthouse: node_modules/.bin/lighthouse missing (npm ci): skipped")
        return {}
    samples: dict[tuple[str, str], list[dict]] = {}
    for i in range(runs):
        for preset in ("mobile", "desktop"):
            for name, path in {**PAGES, "theme alone": FLOOR}.items():
                log(f"lighthouse: {preset} {name} (run {i + 1} of {runs})")
                report = tmp / f"lh-{preset}-{name.replace(' ', '-')}.json"
                one = lighthouse_once(base + path, preset, report)
                if one:
                    samples.setdefault((preset, name), []).append(one)
    res = {}
    for key, got in samples.items():
        perf = [g["scores"]["performance"] for g in got]
        res[key] = {
            "scores": {k: statistics.median(g["scores"][k] for g in got) for k in got[0]["scores"]},
            "performance_runs": perf,
            "metrics": {k: statistics.median(g["metrics"][k] for g in got) for k in LH_METRICS},
            "failing": sorted(set().union(*(g["failing"] for g in got))),
            "version": got[0]["version"],
        }
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
        r = subprocess.run(
            [binary, "-t2", "-c32", "-d5s", "--timeout", "2s", "--latency", "-H", "Accept-Encoding: gzip", url],
            capture_output=True,
            text=True,
            timeout=60,
        )
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
        res[name] = {
            "rps": float(rps.group(1)) if rps else None,
            "p99": p99.group(1) if p99 else "?",
            "requests": int(total.group(1)) if total else 0,
            "errors": errors,
        }
    return res


# ----------------------------------------------------------------------------- report


def fmt_s(x: float) -> str:
    return f"{x:.2f} s"


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def all_runs(xs: list[float]) -> str:
    return ", ".join(f"{x:.2f}" for x in xs)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    return f"{os.cpu_count()} cores ({cpu})"


def meta_line(meta: dict) -> str:
    """Where a block's figures come from: date, machine and how busy it was, the command."""
    load, cores = meta["load"], os.cpu_count() or 1
    busy = (
        f"; the machine was busy (load average {load:.1f} on {cores} cores when this part started): "
        "wall times are inflated by other work, CPU times are steadier"
        if load > 0.5 * cores
        else f"; load average {load:.1f} when this part started"
    )
    return (
        f"Measured {meta['date']} on {meta['machine']}{busy}. Command: `{meta['command']}`; "
        f"{meta['runs']} runs each, median shown (all runs in brackets). Source: {meta['source']}."
    )


def report_build(b: dict) -> str:
    out = [
        "### Build (cold: a new process per build)",
        "",
        "| Build | Wall, median | CPU (user+sys), median | Wall, all runs |",
        "| --- | --- | --- | --- |",
    ]
    rows = [
        ("MkDocs, full site (macros engine on)", b["full"]),
        ("MkDocs, rendered Markdown, macros plugin removed", b["rendered"]),
    ]
    if "zensical-rendered" in b:
        v = b["zensical-version"].split()[-1]
        rows += [
            (f"Zensical {v}, rendered Markdown", b["zensical-rendered"]),
            (f"Zensical {v}, sources (macros engine on)", b["zensical-sources"]),
        ]
    out += [f"| {n} | {fmt_s(r['wall'])} | {fmt_s(r['cpu'])} | {all_runs(r['walls'])} |" for n, r in rows]
    full, rendered = b["full"], b["rendered"]
    out += [
        "",
        f"Engine overhead (full / rendered Markdown, measured; no longer a target): "
        f"**{full['cpu'] / rendered['cpu']:.2f}x** CPU, {full['wall'] / rendered['wall']:.2f}x wall.",
        "",
    ]
    if b.get("breakdown"):
        out += [
            "The engine's fixed costs (`scripts/bench/engine_breakdown.py`: one build in one process, "
            "timers around the macros plugin's hooks and the engine's steps; indented steps are part of "
            "the hook above them; median of the runs):",
            "",
            "| Step | Wall |",
            "| --- | --- |",
        ]
        for step, seconds in b["breakdown"].items():
            name = step.strip()
            out.append(f"| {'&nbsp;&nbsp;&nbsp;&nbsp;' if step.startswith(' ') else ''}{name} | {seconds:.3f} s |")
        out.append("")
    return "\n".join(out)


def report_rebuild(rb: dict) -> str:
    r = rb["rebuild"]
    return "\n".join(
        [
            "### Rebuild after editing one question",
            "",
            f"`{rb['rebuild-file']}` appended to, then config reload + full build in the same process "
            f"(what `mkdocs serve` does on a change): **{fmt_s(r['wall'])}** wall, median "
            f"({all_runs(r['walls'])}); {fmt_s(r['cpu'])} CPU.",
            "",
        ]
    )


def verdict(value: float, target: float, unit: str = "x") -> str:
    return f"{value:.2f}{unit} (target <= {target:g}{unit}): **{'met' if value <= target else 'not met'}**"


def report_doubled(d: dict) -> str:
    one, two = d["1x"], d["2x"]

    def ratio(a: float, b: float) -> str:
        return f"{b / a:.2f}x" if a else "-"

    out = [
        "### At twice the content (1x: today's project; 2x: every question twice)",
        "",
        f"`scripts/doubled.py` makes the 2x copy in a temporary folder: each of the {d['questions']} questions "
        f"again as `<id>-copy` ({d['questions'] + d['copies']} in all; no `moved_from`; `q:` links, tracks and "
        f"diagrams shared), each `question()` call of a page followed by its copy's ({d['calls']} calls; "
        f"{d['appended']} rows added at the end of home pages that list their questions by link). Both built "
        f"the same way, runs alternating; the rebuilds edit `{d['rebuild-file']}` in both.",
        "",
        "| Figure | 1x | 2x | 2x / 1x |",
        "| --- | --- | --- | --- |",
    ]
    b1, b2 = one["build"], two["build"]
    out.append(
        f"| Cold build, wall (runs) | {fmt_s(b1['wall'])} ({all_runs(b1['walls'])}) | "
        f"{fmt_s(b2['wall'])} ({all_runs(b2['walls'])}) | {ratio(b1['wall'], b2['wall'])} |"
    )
    out.append(f"| Cold build, CPU | {fmt_s(b1['cpu'])} | {fmt_s(b2['cpu'])} | {ratio(b1['cpu'], b2['cpu'])} |")
    r1, r2 = one["rebuild"], two["rebuild"]
    out.append(
        f"| Rebuild after one edit, wall (runs) | {fmt_s(r1['wall'])} ({all_runs(r1['walls'])}) | "
        f"{fmt_s(r2['wall'])} ({all_runs(r2['walls'])}) | {ratio(r1['wall'], r2['wall'])} |"
    )
    out.append(
        f"| Rebuild after one edit, CPU | {fmt_s(r1['cpu'])} | {fmt_s(r2['cpu'])} | {ratio(r1['cpu'], r2['cpu'])} |"
    )
    i1, i2 = one["index"], two["index"]
    for key, label in (("raw", "raw"), ("brotli11", "Brotli 11"), ("gzip9", "gzip -9")):
        out.append(f"| Search index, {label} | {kb(i1[key])} | {kb(i2[key])} | {ratio(i1[key], i2[key])} |")
    apart = i2["brotli11-apart"]
    out.append(
        f"| Search index, Brotli 11, copies compressed apart (estimate) | {kb(i1['brotli11'])} | "
        f"{kb(apart)} | {ratio(i1['brotli11'], apart)} |"
    )
    for name in one["pages"]:
        p1, p2 = one["pages"][name], two["pages"].get(name)
        if not p2:
            continue
        what = f"`{DATA_FILES[name]}`" if name in DATA_FILES else f"{name} page HTML (`/{PAGES[name]}`)"
        out.append(
            f"| {what}, raw / Brotli 11 | {kb(p1['raw'])} / {kb(p1['brotli11'])} | "
            f"{kb(p2['raw'])} / {kb(p2['brotli11'])} | {ratio(p1['raw'], p2['raw'])} / "
            f"{ratio(p1['brotli11'], p2['brotli11'])} |"
        )
    t = TARGETS_2X
    out += [
        "",
        "Targets at 2x (judged on CPU time, the steadier figure on a shared machine; wall next to it):",
        "",
        f"- cold build, 2x / 1x: CPU {verdict(b2['cpu'] / b1['cpu'], t['build'])}; wall "
        f"{b2['wall'] / b1['wall']:.2f}x.",
        f"- rebuild after one edit, 2x / 1x: CPU {verdict(r2['cpu'] / r1['cpu'], t['rebuild'])}; wall "
        f"{r2['wall'] / r1['wall']:.2f}x.",
        f"- search index with Brotli 11 at 2x: {verdict(i2['brotli11'] / 1024, t['index_kb'], ' KB')} as "
        f"built, where each copy compresses against its original (a floor); "
        f"{verdict(apart / 1024, t['index_kb'], ' KB')} with the copies compressed apart, closer to what "
        "new questions would weigh.",
        "",
        "The copies repeat their originals word for word, so the compressed sizes at 2x (the index and "
        "the pages listing both) are lower than twice as much new content would be; the raw sizes and the "
        "estimate above are the figures to plan with.",
        "",
    ]
    return "\n".join(out)


def report_serve(sv: dict) -> str:
    out = [
        "### `mkdocs serve`: from saving a question file to the reloaded page",
        "",
        f"`mkdocs serve` on a free loopback port in a copy of the project; the page of `{sv['serve-file']}` "
        "open in Chromium (Playwright, the tests' launch arguments); a unique marker appended to the file, "
        "then the time until the page, reloaded by live reload, shows it (`wait_for_function`, polling "
        "every 50 ms).",
        "",
        "| Size | Save to page shows it, median | All runs | CPU of mkdocs serve per edit, median | "
        "Start-up (first page served) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for size in ("1x", "2x"):
        if size in sv:
            r = sv[size]
            out.append(
                f"| {size} | **{fmt_s(r['wall'])}** | {all_runs(r['walls'])} | {fmt_s(r['cpu'])} | "
                f"{fmt_s(r['startup'])} |"
            )
    return "\n".join(out + [""])


def report_served(fv: dict, idx: dict, load: dict) -> str:
    out = []
    if fv:
        out += [
            "### First view (cold cache, Chromium, nginx serving the precompressed files: Brotli)",
            "",
            "| Page | Requests | Transferred (headers + compressed bodies) | Bodies only | "
            "Search index fetched | Largest |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for name, r in fv.items():
            largest = "; ".join(f"{u} {kb(n)}" for n, u in r["largest"])
            out.append(
                f"| {name} | {r['requests']} | {kb(r['bytes'])} | {kb(r['body_bytes'])} | "
                f"{'yes' if r['index_loaded'] else 'no'} (not counted) | {largest} |"
            )
        out += ["", "Target: <= 150 KB compressed without the search index.", ""]
    if idx:
        out += [
            f"Search index (`search/search_index.json`): **{kb(idx['raw'])}** raw; as the Docker image "
            f"sends it, **{kb(idx['brotli11'])}** with Brotli (quality 11, to every current browser) or "
            f"{kb(idx['gzip9'])} with gzip -9 (clients without Brotli); {kb(idx['gzip6'])} when "
            "gzipped on the fly (level 6, a plain `mkdocs build` behind the same nginx) — target "
            "<= 400 KB compressed. Material fetches it on every first view (search is ready at "
            "once), after the page has rendered.",
            "",
        ]
    if load:
        out += [
            "### Load (wrk on the same machine as nginx: 127.0.0.1, 2 threads, 32 connections, 5 s, "
            "Accept-Encoding: gzip)",
            "",
            "| Compression | Page | Requests/s | p99 latency | Requests | Errors |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for mode, pages in load.items():
            for name, r in pages.items():
                out.append(f"| {mode} | {name} | {r['rps']:.0f} | {r['p99']} | {r['requests']} | {r['errors']} |")
        out += ["", "Target: 0 errors.", ""]
    return "\n".join(out)


def report_lighthouse(lh: dict) -> str:
    version = next(iter(lh.values()))["version"]
    runs = max(len(r["performance_runs"]) for r in lh.values())
    out = [
        f"### Lighthouse {version}",
        "",
        f"Median of {runs} runs per page and preset (performance: all runs in brackets); metrics are "
        "Lighthouse's simulated ones (mobile: a slow 4G link and a 4x slower CPU).",
        "",
        "| Preset | Page | Performance | FCP | LCP | TBT | CLS | Accessibility | Best practices | SEO | Audits below 1 in a run |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (preset, name), r in lh.items():
        s, m = r["scores"], r["metrics"]
        perf = f"{s['performance']:g} ({', '.join(str(p) for p in r['performance_runs'])})"
        out.append(
            f"| {preset} | {name} | {perf} | {m['first-contentful-paint'] / 1000:.2f} s | "
            f"{m['largest-contentful-paint'] / 1000:.2f} s | {m['total-blocking-time']:.0f} ms | "
            f"{m['cumulative-layout-shift']:.3f} | {s.get('accessibility'):g} | {s.get('best-practices'):g} | "
            f"{s.get('seo'):g} | {', '.join(r['failing']) or '-'} |"
        )
    note = (
        '"theme alone": one page of plain prose built with the same theme settings and nothing of '
        "the guide's (bench.py, build_floor_page): what Material itself costs on this machine."
    )
    return "\n".join(out + ["", note, "", "Target: 100 everywhere.", ""])


def block_marks(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"


def record(blocks: dict[str, str], path: Path | None = None) -> None:
    """Replace each measured part's block in BENCHMARKS.md; the other blocks stay as they were."""
    path = path or ROOT / "BENCHMARKS.md"
    doc = path.read_text(encoding="utf-8")
    for name, text in blocks.items():
        start, end = block_marks(name)
        if start not in doc or end not in doc:
            raise SystemExit(f"{path.name} has no {start} ... {end} block")
        head, rest = doc.split(start, 1)
        _, tail = rest.split(end, 1)
        doc = f"{head}{start}\n{text}\n{end}{tail}"
    path.write_text(doc, encoding="utf-8")
    log(f"recorded in {path.name}: {', '.join(blocks)}")


def command_line() -> str:
    exe = Path(sys.executable)
    try:
        py = str(exe.relative_to(ROOT)) if exe.is_absolute() else str(exe)
    except ValueError:
        py = "python"
    return shlex.join([py, "scripts/bench.py", *sys.argv[1:]])


def main() -> int:
    ap = argparse.ArgumentParser(description="The guide's benchmarks (see the module docstring).")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    ap.add_argument(
        "--source",
        type=Path,
        default=ROOT,
        help="project to measure (default: this repo; a copy is used, never modified)",
    )
    ap.add_argument(
        "--only",
        default=",".join(PARTS),
        help="comma-separated parts: build, rebuild, doubled (1x and 2x side by side), serve "
        "(mkdocs serve: save to reloaded page), served (first view, Lighthouse, load)",
    )
    ap.add_argument("--skip", default="", help="comma-separated: lighthouse")
    ap.add_argument("--record", action="store_true", help="also write the figures into BENCHMARKS.md")
    args = ap.parse_args()
    parts = [p for p in args.only.split(",") if p]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        ap.error(f"unknown part(s) {', '.join(unknown)} (allowed: {', '.join(PARTS)})")
    skip = set(args.skip.split(","))
    src = args.source.resolve()
    base_meta = {
        "machine": machine(),
        "runs": args.runs,
        "command": command_line(),
        "source": "this repository" if src == ROOT else f"a copy of {src}",
    }

    def meta() -> dict:
        return {**base_meta, "date": time.strftime("%Y-%m-%d"), "load": os.getloadavg()[0]}

    done: list[str] = []

    def emit(name: str, text: str) -> None:
        """Print a part's block as soon as it is measured (and record it: a later part that fails
        loses nothing already measured)."""
        print(text + "\n", flush=True)
        if args.record:
            record({name: text})
        done.append(name)

    with tempfile.TemporaryDirectory(prefix="guide-bench-") as t:
        tmp = Path(t)
        # Each part: (how to measure it, how to report it, its scratch folder); `served` differs below.
        simple = {
            "build": (bench_builds, report_build, "b"),
            "rebuild": (bench_rebuild, report_rebuild, "r"),
            "doubled": (bench_doubled, report_doubled, "d"),
            "serve": (bench_serve, report_serve, "s"),
        }
        for name, (measure, report, folder) in simple.items():
            if name in parts:
                m = meta()
                emit(name, meta_line(m) + "\n\n" + report(measure(src, tmp / folder, args.runs)))
        if "served" in parts:
            m = meta()
            fv, idx, lh, load = served(src, tmp / "v", skip, args.runs)
            emit("served", meta_line(m) + "\n\n" + report_served(fv, idx, load))
            if lh:
                emit("lighthouse", meta_line(m) + "\n\n" + report_lighthouse(lh))
    log(f"done: {', '.join(done)}")
    return 0


def served(src: Path, tmp: Path, skip: set[str], runs: int) -> tuple[dict, dict, dict, dict]:
    """First views, search index sizes, Lighthouse and load, through nginx."""
    load: dict = {}
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    project = copy_project(src, tmp / "served")
    site = tmp / "served-site"
    log(f"served: strict build for {base}")
    run([PY, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], project, env={**ENV, "SITE_URL": base})
    idx = index_sizes(site)
    # As tested: every response compressed on the fly.
    with nginx_serving(site, tmp / "nginx-dyn", PY, port=port, workers=None) as url:
        load["on the fly"] = wrk(url)
    # As the Docker image serves it: precompressed once (.br and .gz), sent as they are.
    if "lighthouse" not in skip:
        build_floor_page(site, base, tmp)
    precompress(site)
    idx["gzip9"] = (site / "search" / "search_index.json.gz").stat().st_size
    idx["brotli11"] = (site / "search" / "search_index.json.br").stat().st_size
    with nginx_serving(site, tmp / "nginx", PY, port=port, workers=None) as url:
        fv = first_views(url)
        lh = lighthouse(url, tmp, runs) if "lighthouse" not in skip else {}
        load["precompressed"] = wrk(url)
    return fv, idx, lh, load


if __name__ == "__main__":
    sys.exit(main())
