"""Site search as a reader meets it: the right page first, and the list that matches the box.

The queries and what they must find are in search_queries.yml (identifiers, companies,
behavioural phrases, topics). Each runs through Material's own search in Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.waits import open_search, search

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yml")).read_text(encoding="utf-8"))

# Test-only instrumentation, installed before Material's bundle runs: every query Material
# sends its search worker, and every answer (message types of Material 9: 2 a query, 3 a result).
RECORD_WORKER = """
(() => {
  window.__queries = []; window.__answers = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (!this.__recorded) {
      this.__recorded = true;
      this.addEventListener("message", e => { if (e.data && e.data.type === 3) window.__answers++; });
    }
    if (message && message.type === 2) window.__queries.push(message.data);
    return post.apply(this, arguments);
  };
})();
"""


def result_paths(page, n: int = 10) -> list[str]:
    """Site paths (no query string, no anchor) of the first n results, best first."""
    return page.evaluate(
        """([base, n]) => Array.from(document.querySelectorAll('.md-search-result__item'))
        .slice(0, n).map(li => {
            const u = new URL(li.querySelector('a').href);
            return u.href.slice(base.length).split(/[?#]/)[0];
        })""",
        [page.base, n],
    )


def clear(page) -> None:
    """Empty the box, as a reader does, and wait for Material's placeholder: the next query's
    list is then the only one with a count."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")
    page.wait_for_function("""() => {
        const meta = document.querySelector('.md-search-result__meta');
        return meta && !/matching|Initializing/i.test(meta.textContent);
    }""")


@pytest.fixture(scope="module")
def search_page(browser, site):
    """One page for the whole query set: the index is loaded once."""
    _, url = site
    context = browser.new_context()
    page = context.new_page()
    page.base = url
    page.goto(url)
    open_search(page)
    yield page
    context.close()


def verdict(q: dict, paths: list[str]) -> str:
    """'' when the results are what the query set expects, else what went wrong."""
    first = q["first"] if isinstance(q["first"], list) else [q["first"]]
    if not paths or paths[0] not in first:
        return f"first result {paths[:1]}, expected one of {first}"
    missing = [p for p in q.get("top3", []) if p not in paths[:3]]
    return f"{missing} not in the first three {paths[:3]}" if missing else ""


@pytest.mark.parametrize("q", QUERIES, ids=[q["query"] for q in QUERIES])
def test_the_query_finds_its_page_first(search_page, q):
    clear(search_page)
    search(search_page, q["query"])
    problem = verdict(q, result_paths(search_page))
    if q.get("known_miss"):
        assert problem, f"{q['query']!r} now finds its page: remove its known_miss note"
        pytest.xfail(q["known_miss"])
    assert not problem, f"{q['query']!r}: {problem}"


def test_the_query_set_covers_what_readers_search_for():
    assert len(QUERIES) >= 20
    words = {q["query"] for q in QUERIES}
    for term in [
        "all-reduce",
        "kv_cache",
        "shared_ptr",
        "H100",
        "MIG",
        "nvidia-smi",
        "torch.compile",
        "NCCL_DEBUG",
        "Anthropic",
        "conflict with a teammate",
    ]:
        assert term in words, term


@pytest.mark.parametrize("text", ["all-reduce", "nvidia-smi", "kv-cache size"])
def test_typing_key_by_key_ends_on_the_results_of_the_whole_query(browser, site, text):
    """Typed one key at a time, the list must end up as the list of the whole query, and
    it must be the worker's last answer: no answer for an earlier, slower query (a word
    ending in a hyphen, `all-`) is still on its way to replace it."""
    _, url = site
    context = browser.new_context()
    page = context.new_page()
    page.base = url
    page.add_init_script(RECORD_WORKER)
    try:
        page.goto(url)
        open_search(page)
        search(page, text)  # the whole query at once: the list to expect
        expected = result_paths(page)
        assert expected
        clear(page)
        box = page.locator("input.md-search__input")
        box.press_sequentially(text)
        page.wait_for_function(
            """(q) => {
            const box = document.querySelector('input.md-search__input');
            return box.value === q && window.__queries[window.__queries.length - 1] === q
                && window.__answers === window.__queries.length;
        }""",
            arg=text,
            timeout=30000,
        )
        assert result_paths(page) == expected
        sent = page.evaluate("window.__queries")
        slow = [s for s in sent if any(w.endswith("-") and w.strip("-") for w in s.split())]
        assert not slow, f"queries ending a word with a hyphen reached the worker: {slow}"
        assert len(sent) >= len(text) - 2, sent  # it did search as the reader typed
    finally:
        context.close()
