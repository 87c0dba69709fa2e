"""A content-addressed cache that lets `mkdocs serve` skip, on a rebuild, the work whose inputs
did not change.

Why: on any change `mkdocs serve` reloads the config and runs a full build in the same
process, and MkDocs 1.6 rebuilds every page. After one edit nearly every page has the same
Markdown as before, yet each is converted to HTML again and parsed again for the search
index: the rebuild cost as much as a cold build and grew with the content like one
(BENCHMARKS.md, issue #23). The cache lives at module level, so it outlives the config (and
the plugin instances) that each rebuild makes anew; each build keeps only the entries it used.

What is cached, and its key (every input the cached step reads; anything we cannot name is
not cached, and the step runs as it would without the cache):

- A page's Markdown -> HTML (MkDocs' `Page.render`, wrapped per page in `on_pre_page`): on a
  hit the cache restores what `render` sets (content, toc, title from the first heading, the
  anchor ids, the links to anchors: those by src_uri, mapped back to this build's files).
  Key: the page's Markdown after the macros; its src_uri, dest_uri, url and inclusion; the
  build's files (every src_uri with its dest_uri, url and inclusion: links resolve against
  them); the Markdown extensions and their configs, `use_directory_urls` and the link
  validation levels; whether debug logging is on; the snippet base paths and the contents of
  every file pulled in by pymdownx.snippets (nested ones too). A page whose snippet path
  cannot be resolved, and a render that logged anything at INFO or above, is not cached, so
  the next build converts it again and logs the same lines (strict builds fail the same way).
- Material's search entries of a page (`SearchIndex.add_entry_from_context`): key: the page's
  url, title, content, toc and the `title`, `tags` and `search` of its meta (all it reads).
- Memos of the engine's own per-question steps (`memo()`: the question pages' Markdown, the
  print packs' questions, the practice data's HTML), each keyed by what its step reads.

A rebuild writes exactly the files a cold build writes (tests/pages/test_render_cache.py).
"""

from __future__ import annotations

import copy
import functools
import logging
import types

from ..data.memo import MEMOS, Logged, Unnamed, digest, memo, snippet_files, snippet_settings, stable

log = logging.getLogger("mkdocs.plugins.guide.render_cache")


PAGES = memo("pages")
SEARCH = memo("search")
RENDERED: list[str] = []  # src_uri of each page converted (not restored) in the current build


# ---------------------------------------------------------------------------- keys


def build_signature(config, files) -> str:
    """What every page's render reads besides its own Markdown and file: the extensions and
    their configs, the link settings and the build's files."""
    links = config.validation.links
    listing = sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}" for f in files)
    return digest(
        stable(config["markdown_extensions"]),
        stable(config["mdx_configs"] or {}),
        stable([config["use_directory_urls"], links.absolute_links, links.unrecognized_links, links.not_found]),
        stable(snippet_settings(config["markdown_extensions"], config["mdx_configs"])),
        "\n".join(listing),
    )


# ---------------------------------------------------------------------------- pages


class Build:
    """This build's signature, computed once for its Files (None: nothing is cached)."""

    def __init__(self):
        self.files = None
        self.size = -1
        self.signature: str | None = None
        self.snippets = None

    def of(self, config, files) -> str | None:
        if files is not self.files or len(files) != self.size:
            self.files, self.size = files, len(files)
            try:
                self.snippets = snippet_settings(config["markdown_extensions"], config["mdx_configs"])
                self.signature = build_signature(config, files)
            except Unnamed as e:
                log.debug(f"render cache off for this build: {e}")
                self.signature = None
        return self.signature


def page_key(page, config, files, build: Build) -> str | None:
    signature = build.of(config, files)
    if signature is None:
        return None
    f = page.file
    extra = build.snippets[2] if build.snippets else ()
    deps = snippet_files(page.markdown, build.snippets, extra)
    if deps is None:
        return None
    debug = str(logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() <= logging.DEBUG)
    return digest(signature, f.src_uri, f.dest_uri, f.url, f.inclusion.name, debug, *deps, page.markdown)


def saved(page) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": copy.deepcopy(page.toc),
        "title": page._title_from_render,
        "anchors": frozenset(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    }


def restore(page, entry: dict, files) -> bool:
    """Set what Page.render sets (mkdocs 1.6.1, structure/pages.py); False if a linked file is
    gone (then the page is converted)."""
    links = None
    if entry["links"] is not None:
        links = {}
        for src_uri, anchors in entry["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:
                return False
            links[target] = dict(anchors)
    page.content = entry["content"]
    page.toc = copy.deepcopy(entry["toc"])  # each build its own: templates may mark items active
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if links is not None:
        page.links_to_anchors = links
    return True


def cached_render(page, render, build: Build, config, files) -> None:
    """Page.render through the cache (read against mkdocs 1.6.1: render(config, files) sets
    content, toc, _title_from_render, present_anchor_ids, links_to_anchors)."""
    try:
        key = page_key(page, config, files, build)
        entry = PAGES.get(key)
        if entry is not None and restore(page, entry, files):
            return
    except Exception as e:  # a cache problem never fails a build: convert as MkDocs would
        log.debug(f"render cache skipped for {page.file.src_uri}: {e!r}")
        key = None
    RENDERED.append(page.file.src_uri)
    with Logged() as logged:
        render(config, files)
    if not logged.seen:
        PAGES.put(key, saved(page))


# ---------------------------------------------------------------------------- search


def toc_outline(items) -> list:
    return [[i.id, i.title, i.level, toc_outline(i.children)] for i in items]


def search_key(page) -> str | None:
    meta = page.meta or {}
    try:
        described = stable([page.url, page.title, meta.get("title"), meta.get("tags"), meta.get("search")])
        return digest(described, stable(toc_outline(page.toc or [])), page.content or "")
    except Unnamed:
        return None


def cached_entries(index, add, page) -> None:
    """Material's SearchIndex.add_entry_from_context through the cache (read against
    mkdocs-material 9.8.1, plugins/search/plugin.py: it appends the page's entries to
    index.entries and reads only the page's url, title, content, toc and meta)."""
    try:
        key = search_key(page)
        entries = SEARCH.get(key)
    except Exception:
        key = entries = None
    if entries is not None:
        index.entries.extend(copy.deepcopy(entries))
        return
    start = len(index.entries)
    add(page)
    SEARCH.put(key, copy.deepcopy(index.entries[start:]))


def wrap_search(config) -> None:
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if type(plugin).__module__.startswith("material.plugins.search") and isinstance(add, types.MethodType):
            index.add_entry_from_context = functools.partial(cached_entries, index, add)


# ---------------------------------------------------------------------------- the plugin


# ---------------------------------------------------------------------------- the build's hooks
# Called by the plugin in macros/__init__.py (the only module that talks to MkDocs).


def begin_build(config) -> None:
    RENDERED.clear()
    for m in MEMOS.values():
        m.begin()
    wrap_search(config)  # its index is made anew in each build's on_config


def wrap_render(page, build: Build) -> None:
    page.render = functools.partial(cached_render, page, page.render, build)


def end_build(ok: bool) -> None:
    for m in MEMOS.values():
        if m.active:
            m.end(ok)
