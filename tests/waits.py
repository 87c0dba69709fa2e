"""Conditions that browser tests wait for, instead of fixed times (the suite runs on busy machines).

Material's search runs in a worker: the box says "Initializing search" until the index is
loaded, then each query's results arrive with a meta line ("12 matching documents",
"No matching documents"). Material reads the query on keyup: `search` fills the box and
presses one key, so exactly one query is sent, and waits for its list, never for a time.
"""

from __future__ import annotations

SHIFTS_INIT = """
    window.__shifts = [];
    window.__shiftObserver = new PerformanceObserver(function (list) {
        list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
    });
    window.__shiftObserver.observe({ type: "layout-shift", buffered: true });
"""


def after_two_frames(page) -> None:
    """Resolve once the browser has rendered two more frames: layout and paint have run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())))")


def layout_shift_total(page) -> float:
    """The page's layout-shift score so far: entries the observer has queued but not yet
    delivered are taken with takeRecords(), so nothing depends on when callbacks run."""
    after_two_frames(page)
    return page.evaluate("""() => {
        window.__shiftObserver.takeRecords().forEach(function (e) { if (!e.hadRecentInput) window.__shifts.push(e.value); });
        return window.__shifts.reduce(function (a, b) { return a + b; }, 0);
    }""")


def search_ready(page, timeout: float = 20000) -> None:
    """Wait until Material's search worker has loaded the index."""
    page.wait_for_function(
        """() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && meta.textContent.trim() !== '' && !/Initializing/i.test(meta.textContent);
    }""",
        timeout=timeout,
    )


def open_search(page) -> None:
    """Open the search box as a reader does: the header's search button on a phone, the box
    itself on a wide screen (Material switches at 60em)."""
    phone = page.evaluate("() => !matchMedia('(min-width: 60em)').matches")
    if phone:
        page.locator("label.md-header__button[for='__search']").click()
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.matches('input.md-search__input')"
        )
    else:
        page.locator("input.md-search__input").click()
    search_ready(page)


def search(page, text: str, timeout: float = 20000):
    """Type a query into the site search and wait for its results; returns the result items."""
    open_search(page)
    box = page.locator("input.md-search__input")
    box.fill(text)
    box.press("End")  # Material reads the query on keyup: one key, one query
    page.wait_for_function(
        """(q) => {
        const box = document.querySelector('input.md-search__input');
        const meta = document.querySelector('.md-search-result__meta');
        return box && box.value === q && meta && /matching document/i.test(meta.textContent);
    }""",
        arg=text,
        timeout=timeout,
    )
    return page.locator(".md-search-result__item")
