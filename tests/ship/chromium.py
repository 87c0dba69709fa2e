"""Debian's Chromium for tests/ship, driven by Playwright in a thread of its own.

tests/browser/conftest.py's `browser` fixture runs Playwright's sync API on the main
thread, and a second sync Playwright cannot start there while it is alive ("Sync API inside
the asyncio loop"), which is what happens when the whole suite runs. So tests/ship drives
its own Chromium (same binary, same flags) from one dedicated thread: each test hands it a
function `fn(browser) -> result`, which runs there; the result, or the exception, comes back.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from scripts.tooling import CHROMIUM, CHROMIUM_ARGS


class Chromium:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ship-chromium")
        self._playwright = None
        self._browser = None

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )

    def run(self, fn, *args, timeout: float = 300):
        def job():
            if self._browser is None:
                self._start()
            return fn(self._browser, *args)

        return self._pool.submit(job).result(timeout=timeout)

    def close(self) -> None:
        def job():
            if self._browser is not None:
                self._browser.close()
                self._playwright.stop()

        try:
            self._pool.submit(job).result(timeout=60)
        finally:
            self._pool.shutdown(wait=True)


WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


def visit(browser, url: str, then=None) -> dict:
    """Open `url` in a fresh context, wait for the network to settle, run `then(page)`.

    Returns the response status, the CSP violations the page saw, console errors and
    uncaught exceptions, and whatever `then` returned (as "result")."""
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    try:
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        result = then(page) if then else None
        return {
            "status": response.status if response else None,
            "csp": page.evaluate("window.__csp"),
            "errors": errors,
            "result": result,
        }
    finally:
        context.close()
