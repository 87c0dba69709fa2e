"""Offline reading: the service worker's precache list, and the copy that opens from disk.

Two ways to read the guide without a network, both written at the end of the build:

- **Served site** (`OfflineFiles.on_post_build`): `offline-manifest.json` lists every file
  the guide needs (pages, assets, the search index, practice data) with a build version, a
  hash of those files' contents; the version is written into `sw.js` (docs/sw.js), so a new
  deploy is a new worker, which stores the new build and deletes the old one.
- **Downloadable copy** (`make offline-zip`, a separate build with `GUIDE_OFFLINE=true`):
  Material's `offline` plugin makes the pages work from `file://`. It adds a shim from a
  third-party host for search (a Web Worker cannot start from a file in Chromium); the
  engine swaps it for the guide's own `assets/file-worker.js`. The practice data is also
  written as a script (`assets/practice-data.js`), since `fetch` of a file fails there.
  No worker and no manifest: a service worker needs a server.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from .errors import GuideError

MANIFEST = "offline-manifest.json"
WORKER = "sw.js"
VERSION_MARK = "__GUIDE_BUILD_VERSION__"
FILE_WORKER = "assets/file-worker.js"
PRACTICE_SCRIPT = "assets/practice-data.js"
PRACTICE_JSON = "assets/practice.json"

# Not stored for offline reading: downloads (decks, PDFs, the zip), print pages (for
# printing, and as large as the whole guide), source maps, precompressed twins, and
# Material's search language packs (the site's search is English: the worker never loads them).
SKIP_FOLDERS = ("downloads/", "print/", "assets/decks/", "assets/javascripts/lunr/")
SKIP_SUFFIXES = (".map", ".gz", ".br", ".apkg", ".csv", ".pdf", ".zip")


def offline_plugin_enabled(config) -> bool:
    """True in the downloadable copy's build: Material's offline plugin is on."""
    plugins = config.get("plugins") or {}
    plugin = plugins.get("material/offline") or plugins.get("offline")
    return bool(plugin is not None and plugin.config.get("enabled"))


def precached(site: Path) -> list[str]:
    """Site paths of the files a reader needs offline, sorted."""
    out = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel in (MANIFEST, WORKER) or rel.startswith(SKIP_FOLDERS) or rel.endswith(SKIP_SUFFIXES):
            continue
        out.append(rel)
    return sorted(out)


def address(rel: str) -> str:
    """The address a reader uses for a file, relative to the site root: `x/index.html` is
    `x/` (the site root itself is the empty string); everything else as it is."""
    if rel == "index.html":
        return ""
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def build_version(site: Path, files: list[str]) -> str:
    """A hash of every listed file's path and contents: any change to the copy is a new version."""
    h = hashlib.sha256()
    for rel in files:
        h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256((site / rel).read_bytes()).digest())
    return h.hexdigest()[:20]


def write_manifest(site: Path) -> dict:
    """Write offline-manifest.json and stamp its version into sw.js; returns the manifest."""
    worker = site / WORKER
    if not worker.is_file():
        raise GuideError(f"docs/{WORKER}: missing from the build (allowed: keep the service worker at the "
                         "docs root, so its scope is the whole site)")
    text = worker.read_text(encoding="utf-8")
    if VERSION_MARK not in text:
        raise GuideError(f"docs/{WORKER}: no {VERSION_MARK} placeholder (allowed: keep "
                         f'`var VERSION = "{VERSION_MARK}";` for the build to fill in)')
    files = precached(site)
    version = build_version(site, files)
    manifest = {
        "version": version,
        "files": [address(rel) for rel in files],
        "bytes": sum((site / rel).stat().st_size for rel in files),
    }
    (site / MANIFEST).write_text(json.dumps(manifest, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    worker.write_text(text.replace(VERSION_MARK, version), encoding="utf-8")
    return manifest


def swap_search_shim(config) -> None:
    """Material's offline plugin adds a polyfill from unpkg.com; the guide loads nothing from
    other hosts, so its own shim (docs/assets/file-worker.js) takes that place."""
    extra = config["extra"]
    polyfills = [p for p in (extra.get("polyfills") or []) if "iframe-worker" not in str(p)]
    if FILE_WORKER not in polyfills:
        polyfills.append(FILE_WORKER)
    extra["polyfills"] = polyfills


def write_practice_script(site: Path) -> None:
    """The practice data as a script for the copy opened from disk (practice.js loads it there)."""
    data = (site / PRACTICE_JSON).read_text(encoding="utf-8")
    json.loads(data)  # written by practice.py just before: must be JSON
    (site / PRACTICE_SCRIPT).write_text("window.__guidePracticeData = " + data + ";\n", encoding="utf-8")


class OfflineFiles(BasePlugin):
    """Runs after every other step of the build that writes files (the macros' data files,
    the question pages' forwarding pages), so the manifest sees the finished site."""

    @event_priority(-50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config["site_dir"])
        if offline_plugin_enabled(config):
            write_practice_script(site)
            for name in (WORKER, MANIFEST):  # file:// has no service workers
                (site / name).unlink(missing_ok=True)
            return
        write_manifest(site)
