"""Offline reading in Chromium: the service worker (docs/sw.js, assets/offline.js) and the
downloadable copy that opens from disk (make offline-zip, scripts/offline_zip.py).

The worker tests serve the session's build from a server of their own, which they stop to
take the network away: Playwright's `set_offline` does not reach a service worker's own
requests (microsoft/playwright#2311), so the page is set offline as well and the server is
gone. Each test gets a fresh origin (a new port), so no worker or cache carries over.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import zipfile

import pytest

from tests.conftest import QuietHandler, free_port
from tests.waits import search

pytestmark = pytest.mark.browser

INSTALL_TIMEOUT = 180_000  # the first visit stores the whole site (about 25 MB) on a busy machine
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
VERSION = """() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({type: 'version'}, [channel.port2]);
})"""


class OverridingHandler(QuietHandler):
    """Serves the build, except the paths in the server's `overrides` (a new deploy's files)."""

    def do_GET(self):
        body = self.server.overrides.get(self.path.split("?")[0])
        if body is None:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript" if self.path.endswith(".js") else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


class Server:
    """The built site on a loopback port of its own, which a test can stop."""

    def __init__(self, directory):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", self.port), functools.partial(OverridingHandler, directory=str(directory))
        )
        self.httpd.overrides = {}
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def stop(self):
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.running = False


@pytest.fixture
def served(site):
    out, _ = site
    server = Server(out)
    yield out, server
    server.stop()


@pytest.fixture
def context(browser):
    ctx = browser.new_context()  # service workers allowed (the `page` fixture blocks them)
    yield ctx
    ctx.close()


def first_visit(context, url):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_function(CONTROLLED, timeout=INSTALL_TIMEOUT)
    return page, errors


def a_checklist_page(out):
    for html in sorted(out.rglob("index.html")):
        m = re.search(r'data-checklist="([a-z0-9-]+)"', html.read_text(encoding="utf-8"))
        if m and "print/" not in html.as_posix():
            return html.parent.relative_to(out).as_posix() + "/", m.group(1)
    pytest.fail("no page renders a checklist")


def test_manifest_lists_every_page_and_the_worker_carries_its_version(site):
    out, _ = site
    manifest = json.loads((out / "offline-manifest.json").read_text(encoding="utf-8"))
    files = set(manifest["files"])
    pages = {p.relative_to(out).as_posix() for p in out.rglob("index.html")}
    wanted = {p[: -len("index.html")] for p in pages if not p.startswith("print/")}
    assert wanted <= files, sorted(wanted - files)[:10]
    for must in ("search/search_index.json", "assets/practice.json", "assets/guide.js", "404.html", "sitemap.xml"):
        assert must in files
    assert not [f for f in files if f.endswith((".map", ".gz", ".apkg", ".pdf")) or f.startswith("print/")]
    assert re.fullmatch(r"[0-9a-f]{20}", manifest["version"])
    assert f'var VERSION = "{manifest["version"]}";' in (out / "sw.js").read_text(encoding="utf-8")


def test_the_guide_reads_offline_after_one_visit(context, served):
    out, server = served
    base = server.url
    page, errors = first_visit(context, base)
    manifest = json.loads((out / "offline-manifest.json").read_text(encoding="utf-8"))
    assert page.evaluate(VERSION)["version"] == manifest["version"]

    server.stop()  # the network is gone: nothing answers on that port any more
    context.set_offline(True)  # and the page knows it (navigator.onLine)

    # a topic page, then a question page reached from it by a click, as a reader would
    page.goto(base + "topics/gpu-cuda/")
    assert page.locator("h1").first.inner_text().strip()
    row = page.locator(".q-row a").first
    qid = page.locator(".q-row").first.get_attribute("data-q")
    row.click()
    page.locator(f'h1.q-title[data-question="{qid}"]').wait_for()
    assert page.locator(f'[id="{qid}--answer"]').count() == 1

    # search: the worker script and the index come from the saved copy
    results = search(page, "kv_cache")
    assert results.count() > 0

    # a checklist: the tick is saved and read back after an offline reload
    path, cid = a_checklist_page(out)
    page.goto(base + path)
    box = page.locator(f'.checklist[data-checklist="{cid}"][data-ready]')
    box.wait_for()
    item = "li:has(.checklist-item) input[type=checkbox]"  # an item's box, not "print this list"
    box.locator(item).first.check(force=True)
    page.reload()
    page.locator(f'.checklist[data-checklist="{cid}"][data-ready]').wait_for()
    assert page.locator(f'.checklist[data-checklist="{cid}"] {item}').first.is_checked()

    # practice pages fetch assets/practice.json: from the copy too
    page.goto(base + "practice/mock-loop/")
    page.locator("#mock-loop form").wait_for()
    assert page.locator("#mock-loop .practice-fallback").is_hidden()

    # an address the copy does not have: the theme's 404 page, offline
    response = page.goto(base + "no/such/page/")
    assert response.status == 404 and "404" in page.locator("h1").first.inner_text()
    assert errors == []


def test_a_new_deploy_is_announced_and_replaces_the_old_copy(context, served):
    out, server = served
    page, _ = first_visit(context, server.url + "topics/gpu-cuda/")
    old = page.evaluate(VERSION)["version"]
    new = "f" * 20 if old != "f" * 20 else "e" * 20

    # The next deploy: a new worker and manifest (same files, another version).
    manifest = json.loads((out / "offline-manifest.json").read_text(encoding="utf-8"))
    manifest["version"] = new
    server.httpd.overrides = {
        "/sw.js": (out / "sw.js").read_text(encoding="utf-8").replace(old, new).encode(),
        "/offline-manifest.json": json.dumps(manifest).encode(),
    }
    assert page.locator(".guide-update").count() == 0

    # The reader moves on to another page; that is when the guide looks for a new version.
    page.locator(".q-row a").first.click()
    page.locator("h1.q-title").wait_for()
    notice = page.locator(".guide-update")
    notice.wait_for(timeout=INSTALL_TIMEOUT)
    assert "new version" in notice.inner_text()
    assert page.evaluate(VERSION)["version"] == new
    # the old build's copy goes as the new worker activates (its activate step, just after)
    page.wait_for_function("n => caches.keys().then(k => k.length === 1 && k[0] === n)", arg=f"aipg-offline-{new}")

    notice.get_by_role("button", name="Reload").click()
    page.wait_for_load_state("load")
    page.wait_for_function(CONTROLLED)
    assert page.locator(".guide-update").count() == 0
    assert page.evaluate(VERSION)["version"] == new


# ----------------------------------------------------------------------------- the zip


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory):
    """The downloadable copy: built as `make offline-zip` builds it, zipped, and unzipped
    into a fresh folder (the folder a reader opens)."""
    from scripts.offline_zip import FOLDER, build, write_zip

    tmp = tmp_path_factory.mktemp("offline-copy")
    result = build(tmp / "site")
    if result.returncode != 0:
        pytest.fail("the offline build failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    archive = tmp / "guide.zip"
    write_zip(tmp / "site", archive)
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert all(n.startswith(FOLDER + "/") for n in names), "the zip must hold one folder"
        z.extractall(tmp / "unzipped")
    return tmp / "unzipped" / FOLDER


@pytest.fixture
def disk_page(context):
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    return page


def test_zip_opens_from_disk_and_search_works(disk_page, offline_copy):
    page = disk_page
    page.goto((offline_copy / "index.html").as_uri())
    assert page.locator("h1").first.inner_text().strip()
    results = search(page, "kv_cache")
    assert results.count() > 0
    first = results.first.locator("a").first
    href = first.get_attribute("href")
    assert ".html" in href, href  # pages are files: no directory URLs
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.locator("h1").first.inner_text().strip()
    assert [u for u in page.requests if not u.startswith(("file://", "data:", "blob:", "about:"))] == []
    assert page.errors == []


def test_zip_question_pages_link_to_files_and_practice_pages_work(disk_page, offline_copy):
    page = disk_page
    page.goto((offline_copy / "topics" / "gpu-cuda.html").as_uri())
    link = page.locator(".q-row a").first
    assert link.get_attribute("href").endswith(".html")
    link.click()
    page.locator("h1.q-title").wait_for()

    # The mock loop reads the practice data through the file:// shims, and links to files.
    page.goto((offline_copy / "practice" / "mock-loop.html").as_uri())
    page.locator("#mock-loop form").wait_for()
    assert page.locator("#mock-loop .practice-fallback").is_hidden()
    page.get_by_role("button", name="Draw a loop").click()
    page.locator(".practice-round").first.wait_for()
    hrefs = page.locator(".practice-round a[href]").evaluate_all("as => as.map(a => a.href)")
    assert hrefs and all(h.startswith("file://") and ".html" in h for h in hrefs), hrefs[:5]

    page.goto((offline_copy / "practice" / "flashcards.html").as_uri())
    page.locator("#flashcards .practice-fallback").wait_for(state="hidden")

    # Checklists keep their ticks from disk as well (the browser keeps them for file:// pages).
    page.goto((offline_copy / "checklists" / "index.html").as_uri())
    box = page.locator(".checklist[data-ready]").first
    box.wait_for()
    item = "li:has(.checklist-item) input[type=checkbox]"  # an item's box, not "print this list"
    box.locator(item).first.check(force=True)
    page.reload()
    page.locator(".checklist[data-ready]").first.wait_for()
    assert page.locator(f".checklist {item}").first.is_checked()
    assert page.errors == []
    assert not (offline_copy / "sw.js").exists(), "a copy opened from disk has no service worker"
