"""Offline reading: the service worker's precache list, and the copy that opens from disk.

Two ways to read the guide without a network, both written at the end of the build:

- **Served site** (`OfflineFiles.on_post_build`): `offline-manifest.json` lists every file
  the guide needs (pages, assets, the search index, practice data) with a build version, a
  hash of those files' contents; the version is written into `sw.js` (docs/sw.js), so a new
  deploy is a new worker, which stores the new build and deletes the old one.
- **Downloadable copy** (`make offline-zip`, a separate build with `GUIDE_OFFLINE=true`):
  Material's `offline` plugin makes the pages work from `file://`. It adds a shim from a
  third-party host for search (a Web Worker cannot start from a file in Chromium); the
  engine swaps it for the guide's own `assets/file-shims.js`. The practice data is also
  written as a script (`assets/practice-data.js`, with its links to pages as files), since
  `fetch` of a file fails there and the shims answer it from that script.
  No worker and no manifest: a service worker needs a server.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..data.errors import GuideError

MANIFEST = "offline-manifest.json"
WORKER = "sw.js"
VERSION_MARK = "__GUIDE_BUILD_VERSION__"
FILE_SHIMS = "assets/file-shims.js"
PRACTICE_SCRIPT = "assets/practice-data.js"
PRACTICE_JSON = "assets/practice.json"
HREF = re.compile(r'(href=")([^"]*)(")')

# Not stored for offline reading: downloads (decks, PDFs, the zip), print pages (for
# printing, and as large as the whole guide), source maps, precompressed twins, and
# Material's search language packs (the site's search is English: the worker never loads them).
SKIP_FOLDERS = ("downloads/", "print/", "assets/decks/", "assets/javascripts/lunr/")
SKIP_SUFFIXES = (".map", ".gz", ".br", ".apkg", ".csv", ".pdf", ".zip")


def offline_plugin_enabled(config) -> bool:
    """True in the downloadable copy's build: Material's offline plugin is on."""
    plugins = config.get("plugins") or {}
    plugin = plugins.get("material/offline") or plugins.get("offline")
    if plugin is None:
        return False
    settings = getattr(plugin, "config", plugin)  # MkDocs: the plugin; Zensical: its settings
    enabled = settings.get("enabled", True) if hasattr(settings, "get") else bool(settings)
    return enabled is True or str(enabled).lower() == "true"


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
    """Write offline-manifest.json and stamp its version into sw.js (docs/sw.js, copied to the
    site root so that its scope is the whole site); returns the manifest."""
    worker = site / WORKER
    text = worker.read_text(encoding="utf-8")
    if VERSION_MARK not in text:
        raise GuideError(
            f"docs/{WORKER}: no {VERSION_MARK} placeholder (allowed: keep "
            f'`var VERSION = "{VERSION_MARK}";` for the build to fill in)'
        )
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


def prepare_offline_copy(config) -> None:
    """The downloadable copy's build settings, on top of what Material's offline plugin sets.

    - The plugin adds a polyfill from unpkg.com; the guide loads nothing from other hosts, so
      its own shims (docs/assets/file-shims.js) take that place.
    - Instant navigation goes: it cannot work from disk, and left on, the theme's bundle
      completes `document$` without a page when it finds a file:// address, so nothing that
      waits for the page (checklists, the practice pages, the question bank) would start.
    """
    features = config["theme"]["features"]
    features[:] = [f for f in features if not f.startswith("navigation.instant")]
    extra = config["extra"]
    polyfills = [p for p in (extra.get("polyfills") or []) if "iframe-worker" not in str(p)]
    if FILE_SHIMS not in polyfills:
        polyfills.append(FILE_SHIMS)
    extra["polyfills"] = polyfills


def file_address(site: Path, url: str) -> str:
    """A site-root-relative address in directory style (`q/<id>/#x`, `coding/`) as the file
    it names in a build without directory URLs (`q/<id>.html#x`, `coding/index.html`)."""
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/|^#|^\?", url, re.I):
        return url
    path, hash_, fragment = url.partition("#")
    if path.endswith("/") or path == "":
        if (site / path / "index.html").is_file():
            path += "index.html"
        elif path and (site / (path[:-1] + ".html")).is_file():
            path = path[:-1] + ".html"
    return path + hash_ + fragment


def as_files(site: Path, value):
    """The practice data with every page address (`url` fields, links in its HTML) as a file."""
    if isinstance(value, dict):
        return {
            k: file_address(site, v) if k == "url" and isinstance(v, str) else as_files(site, v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [as_files(site, v) for v in value]
    if isinstance(value, str) and 'href="' in value:
        return HREF.sub(lambda m: m.group(1) + file_address(site, m.group(2)) + m.group(3), value)
    return value


def write_practice_script(site: Path) -> None:
    """The practice data as a script, for the copy opened from disk (file-shims.js loads it)."""
    data = as_files(site, json.loads((site / PRACTICE_JSON).read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (site / PRACTICE_SCRIPT).write_text("window.__guidePracticeData = " + text + ";\n", encoding="utf-8")


def post_build(config) -> None:
    """After every other step of the build that writes files (the macros' data files, the
    question pages' forwarding pages), so the manifest sees the finished site."""
    site = Path(config["site_dir"])
    if offline_plugin_enabled(config):
        write_practice_script(site)
        for name in (WORKER, MANIFEST):  # file:// has no service workers
            (site / name).unlink(missing_ok=True)
        return
    if (site / WORKER).is_file():  # a site whose docs/ ship no worker (a test fixture) has no copy
        write_manifest(site)
