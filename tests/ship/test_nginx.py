"""deploy/nginx.conf, run by Debian's nginx on 127.0.0.1 over a fresh strict build.

The Docker image cannot be built here (no Docker engine), so the same configuration file
the image uses is exercised directly: headers, caching, the 404 page, gzip, and in
Chromium, pages that load with zero CSP violations and zero console errors.
"""

from __future__ import annotations

import gzip
import http.client
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from scripts.csp_hashes import scan
from tests.waits import search, search_ready

from .chromium import visit
from .nginx import nginx_serving

pytestmark = pytest.mark.site

YEAR = "public, max-age=31536000, immutable"
PAGES = {
    "home": "",
    "topic": "topics/gpu-cuda/",
    "checklists": "checklists/",
    "question bank": "question-bank/",
    # the practice pages render HTML from assets/practice.json in the browser
    "mock loop": "practice/mock-loop/",
    "flashcards": "practice/flashcards/",
}


def fetch(base: str, path: str, method: str = "GET", headers: dict | None = None):
    """(status, headers with lower-case names, raw body): no redirects followed, no decoding."""
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request(method, "/" + path.lstrip("/"), headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def csp_directives(value: str) -> dict[str, list[str]]:
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def fingerprinted(site_dir: Path) -> list[str]:
    found = [
        p.relative_to(site_dir).as_posix()
        for p in (site_dir / "assets").rglob("*.min.*")
        if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", p.name)
    ]
    return sorted(found)


# ----------------------------------------------------------------------------- headers


@pytest.mark.parametrize("path", ["", "topics/gpu-cuda/", "assets/guide.css", "no-such-page/"])
def test_security_headers(nginx, path):
    _, h, _ = fetch(nginx, path)
    assert h.get("x-content-type-options") == "nosniff"
    assert h.get("referrer-policy") == "strict-origin-when-cross-origin"
    assert "camera=()" in h.get("permissions-policy", "")
    assert "server" not in h or h["server"] == "nginx", "server_tokens must stay off"
    csp = csp_directives(h["content-security-policy"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    script = csp["script-src"]
    assert script[0] == "'self'"
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in script[1:]), script
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert csp["style-src-elem"] == ["'self'"]


def test_csp_lists_exactly_the_inline_scripts_of_this_build(site, nginx):
    out, _ = site
    hashes, problems, pages = scan(out)
    assert problems == [], problems  # no inline event handlers or javascript: URLs anywhere
    assert pages > 20 and hashes, "expected Material's inline scripts in the build"
    _, h, _ = fetch(nginx, "")
    listed = set(csp_directives(h["content-security-policy"])["script-src"][1:])
    assert listed == set(hashes)


def test_json_config_blocks_are_not_hashed(site):
    """Material's __config block is data, never executed: it needs no hash and gets none."""
    from scripts.csp_hashes import InlineScripts, sha256

    out, _ = site
    text = (out / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    assert m, "Material's config block moved: check what CSP needs for it"
    parser = InlineScripts()
    parser.feed(text)
    assert sha256(m.group(1)) not in {sha256(s) for s in parser.scripts}
    assert parser.scripts, "the home page has executable inline scripts"


# ----------------------------------------------------------------------------- status, caching


def test_missing_page_gets_the_theme_404_with_status_404(site, nginx):
    out, _ = site
    status, h, body = fetch(nginx, "no/such/page/")
    assert status == 404
    assert h["content-type"].startswith("text/html")
    assert body == (out / "404.html").read_bytes()
    assert h["cache-control"] == "no-cache"
    status, _, _ = fetch(nginx, "assets/no-such-file.js")
    assert status == 404


def test_directory_without_slash_redirects_relatively(nginx):
    status, h, _ = fetch(nginx, "topics/gpu-cuda")
    assert status == 301
    assert h["location"] == "/topics/gpu-cuda/"


def test_only_get_and_head(nginx):
    assert fetch(nginx, "", method="HEAD")[0] == 200
    assert fetch(nginx, "", method="POST")[0] == 405


def test_fingerprinted_assets_are_immutable_for_a_year(site, nginx):
    out, _ = site
    assets = fingerprinted(out)
    names = " ".join(assets)
    assert re.search(r"javascripts/bundle\.[0-9a-f]{8}\.min\.js", names), assets
    assert re.search(r"stylesheets/main\.[0-9a-f]{8}\.min\.css", names), assets
    for path in assets:
        status, h, _ = fetch(nginx, path)
        assert status == 200, path
        assert h["cache-control"] == YEAR, path


@pytest.mark.parametrize(
    "path",
    [
        "",
        "topics/gpu-cuda/",
        "question-bank/",
        "assets/guide.css",
        "assets/guide.js",
        "assets/bank.js",
        "assets/questions.json",
        "search/search_index.json",
        "sitemap.xml",
        "sw.js",
        "offline-manifest.json",
        "assets/offline.js",
    ],
)
def test_html_and_unfingerprinted_files_revalidate(nginx, path):
    status, h, _ = fetch(nginx, path)
    assert status == 200, path
    assert h["cache-control"] == "no-cache", path
    validator = h.get("etag")
    assert validator, path
    status, _, body = fetch(nginx, path, headers={"If-None-Match": validator})
    assert status == 304 and body == b"", path


# ----------------------------------------------------------------------------- gzip


@pytest.mark.parametrize("path", ["", "question-bank/", "assets/guide.css", "search/search_index.json"])
def test_gzip(site, nginx, path):
    out, _ = site
    file = out / (path + "index.html" if path == "" or path.endswith("/") else path)
    status, h, body = fetch(nginx, path, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert h.get("content-encoding") == "gzip"
    assert "Accept-Encoding" in h.get("vary", "")
    assert gzip.decompress(body) == file.read_bytes()
    assert len(body) < file.stat().st_size / 2
    status, h, body = fetch(nginx, path)
    assert "content-encoding" not in h and body == file.read_bytes()


def test_fingerprinted_bundle_is_gzipped(site, nginx):
    out, _ = site
    bundle = next(a for a in fingerprinted(out) if "/bundle." in a)
    _, h, body = fetch(nginx, bundle, headers={"Accept-Encoding": "gzip"})
    assert h.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == (out / bundle).read_bytes()


def test_precompressed_files_are_sent_as_is(tmp_path):
    """The Docker image precompresses every text file at build time (scripts/precompress.py):
    brotli_static and gzip_static must send those files, Brotli first when accepted."""
    import brotli

    from scripts.precompress import precompress

    site = tmp_path / "site"
    site.mkdir()
    page = b"<!doctype html><title>t</title><p>" + b"plain " * 200
    (site / "index.html").write_bytes(page)
    (site / "404.html").write_bytes(b"<!doctype html><title>404</title>")
    precompress(site)
    # Markers prove the files on disk are sent, not something compressed on the fly.
    gz_marker = gzip.compress(b"<!doctype html><p>from the .gz file</p>", 9)
    br_marker = brotli.compress(b"<!doctype html><p>from the .br file</p>")
    (site / "index.html.gz").write_bytes(gz_marker)
    (site / "index.html.br").write_bytes(br_marker)
    with nginx_serving(site, tmp_path / "nginx", sys.executable) as base:
        status, h, body = fetch(base, "", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        assert status == 200 and h.get("content-encoding") == "br" and body == br_marker
        assert "Accept-Encoding" in h.get("vary", "")
        assert h["cache-control"] == "no-cache" and "content-security-policy" in h
        status, h, body = fetch(base, "", headers={"Accept-Encoding": "gzip"})
        assert status == 200 and h.get("content-encoding") == "gzip" and body == gz_marker
        status, h, body = fetch(base, "")
        assert "content-encoding" not in h and body == page
        # the 404 page is precompressed too, and still sent with status 404
        status, h, body = fetch(base, "missing/", headers={"Accept-Encoding": "br"})
        assert status == 404 and h.get("content-encoding") == "br"
        assert brotli.decompress(body) == (site / "404.html").read_bytes()


# ----------------------------------------------------------------------------- Chromium


def problems(seen: dict) -> list[str]:
    """CSP violations the page saw, then console errors (Chromium logs CSP blocks there too)."""
    return seen["csp"] + seen["errors"]


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_with_no_csp_violation_or_console_error(chromium, nginx, name):
    def then(pg):
        if name == "question bank":
            pg.locator(".qb-item").first.wait_for(state="attached")
        # late scripts (search worker, practice data) get to run: their errors count too
        pg.wait_for_load_state("networkidle")
        search_ready(pg)
        return pg.locator("h1").first.is_visible()

    seen = chromium.run(visit, nginx + PAGES[name], then)
    assert seen["status"] == 200
    assert seen["result"], "no visible h1"
    assert problems(seen) == []


@pytest.mark.browser
def test_search_and_instant_navigation_under_the_csp(chromium, nginx):
    def then(pg):
        search(pg, "kv_cache").first.wait_for()
        pg.keyboard.press("Escape")
        pg.locator("nav.md-tabs a").nth(1).click()
        pg.wait_for_load_state("networkidle")
        scheme = pg.evaluate("document.body.getAttribute('data-md-color-scheme')")
        pg.locator("form[data-md-component=palette] label:visible").first.click()
        pg.wait_for_function("s => document.body.getAttribute('data-md-color-scheme') !== s", arg=scheme)
        return pg.url

    seen = chromium.run(visit, nginx, then)
    assert seen["result"].startswith(nginx) and seen["result"] != nginx, "instant navigation did not move"
    assert problems(seen) == []


@pytest.mark.browser
def test_missing_page_renders_the_404_page_in_chromium(chromium, nginx):
    seen = chromium.run(visit, nginx + "no/such/page/", lambda pg: pg.locator("h1").first.inner_text())
    assert seen["status"] == 404
    assert "404" in seen["result"]
    assert seen["csp"] == []


def test_offline_worker_is_served_as_javascript_and_revalidated(nginx):
    """A browser registers the worker only with a JavaScript MIME type, and learns of a new
    deploy only if sw.js and its manifest are revalidated (never cached for a time)."""
    status, h, body = fetch(nginx, "sw.js")
    assert status == 200 and re.match(r"(application|text)/javascript", h["content-type"]), h["content-type"]
    assert h["cache-control"] == "no-cache"
    assert b"__GUIDE_BUILD_VERSION__" not in body, "the build did not stamp its version into sw.js"
    status, h, _ = fetch(nginx, "offline-manifest.json")
    assert status == 200 and h["content-type"].startswith("application/json")


@pytest.mark.browser
def test_offline_worker_installs_under_the_csp(chromium, nginx):
    """The worker registers, stores the site and takes control with the policy in force
    (worker-src, connect-src): no violation, no console error."""

    def then(pg):
        pg.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=180_000)
        return pg.evaluate("() => caches.keys()")

    seen = chromium.run(visit, nginx + "topics/gpu-cuda/", then)
    assert seen["status"] == 200
    assert len(seen["result"]) == 1 and seen["result"][0].startswith("aipg-offline-"), seen["result"]
    assert problems(seen) == []
