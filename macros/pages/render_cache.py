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
import enum
import functools
import hashlib
import logging
import os
import types

log = logging.getLogger("mkdocs.plugins.guide.render_cache")


class Memo:
    """Results by key for the current build; a build keeps the entries it used (bounded memory).
    Inactive outside a MkDocs build of the site (no plugin to end the build): nothing is kept."""

    def __init__(self, name: str):
        self.name = name
        self.entries: dict = {}
        self.used: dict = {}
        self.active = False
        self.hits = 0
        self.stored = 0

    def get(self, key):
        if not self.active or key is None:
            return None
        value = self.used.get(key)
        if value is None:
            value = self.entries.get(key)
            if value is not None:
                self.used[key] = value
        if value is not None:
            self.hits += 1
        return value

    def put(self, key, value) -> None:
        if self.active and key is not None:
            self.used[key] = value
            self.stored += 1

    def begin(self) -> None:
        self.active, self.hits, self.stored = True, 0, 0

    def end(self, ok: bool) -> None:
        # A failed build may have stopped before using entries the next one needs: keep those too.
        self.entries = self.used if ok else {**self.entries, **self.used}
        self.used, self.active = {}, False


PAGES = Memo("pages")
SEARCH = Memo("search")
MEMOS = {"pages": PAGES, "search": SEARCH}
RENDERED: list[str] = []  # src_uri of each page converted (not restored) in the current build


def memo(name: str) -> Memo:
    """The memo of one of the engine's own steps (created on first use)."""
    return MEMOS.setdefault(name, Memo(name))


# ---------------------------------------------------------------------------- keys


class Unnamed(Exception):
    """A value with no stable description (an object, a closure): what it does cannot be keyed."""


def stable(value) -> str:
    """A description of a config value that is equal exactly when the values are."""
    if value is None or isinstance(value, (str, int, float, bool, enum.Enum)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(stable, value)) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(map(stable, value))) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(sorted(f"{stable(k)}:{stable(v)}" for k, v in value.items())) + "}"
    # A module-level function or class (a slugify function) is its name; a bound method, a
    # closure or an instance carries state we cannot see.
    name, module = getattr(value, "__qualname__", None), getattr(value, "__module__", None)
    owner = getattr(value, "__self__", None)
    if name and module and "<" not in name and (owner is None or isinstance(owner, types.ModuleType)):
        return f"{module}.{name}"
    raise Unnamed(type(value).__name__)


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(b"%d:" % len(data))
        h.update(data)
    return h.hexdigest()


def snippet_settings(config) -> tuple[list[str], bool, list[str]] | None:
    """(absolute base paths, restrict_base_path, auto_append) of pymdownx.snippets; None if off."""
    if "pymdownx.snippets" not in config["markdown_extensions"]:
        return None
    conf = (config["mdx_configs"] or {}).get("pymdownx.snippets", {})
    base = conf.get("base_path", ["."])
    bases = [os.path.abspath(b) for b in ([base] if isinstance(base, (str, os.PathLike)) else base)]
    if conf.get("url_download"):
        raise Unnamed("snippets from URLs")
    return bases, bool(conf.get("restrict_base_path", True)), list(conf.get("auto_append") or [])


def snippet_paths(text: str):
    """The paths a text's `--8<--` lines name, read as pymdownx.snippets 13.1 reads them
    (SnippetPreprocessor.parse_snippets, with its own pattern): `--8<-- "path"`, or one path a
    line between two bare markers; `;` escapes a marker or comments a path out."""
    from pymdownx.snippets import SnippetPreprocessor

    block = False
    for line in text.split("\n"):
        m = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
        if m:
            if m.group("escape"):
                continue
            if m.group("inline_marker"):
                path = m.group("snippet")[1:-1].strip()
                if not block and not path.startswith(";"):
                    yield path
            else:
                block = not block
        elif block and line.strip() and not line.strip().startswith(";"):
            yield line.strip()


def resolve_snippet(path: str, bases: list[str], restrict: bool) -> str | None:
    """The file a snippet path names (pymdownx.snippets' get_snippet_path: the first base that
    has it), its `:1:5` or `:section` suffix dropped; None if none does."""
    from pymdownx.snippets import SnippetPreprocessor

    name = SnippetPreprocessor.RE_SNIPPET_FILE.match(path).group(1).strip()
    if not name or name.lower().startswith(("http://", "https://")):
        return None
    for base in bases:
        if os.path.isdir(base):
            filename = os.path.abspath(os.path.join(base, name))
            if restrict and not filename.startswith(base.rstrip(os.sep) + os.sep):
                continue
            if os.path.exists(filename):
                return filename if os.path.isfile(filename) else None
        elif os.path.isfile(base):
            filename = os.path.join(os.path.dirname(base), name)
            if os.path.exists(filename) and os.path.samefile(filename, base):
                return filename
    return None


def snippet_files(text: str, settings, extra=(), seen=frozenset()) -> list[str] | None:
    """'path:sha256' of every file the text pulls in (nested snippets too); None if a path
    cannot be resolved (the page is then not cached)."""
    if settings is None or ("8<-" not in text and not extra):
        return []
    bases, restrict, _ = settings
    out = []
    for path in [*snippet_paths(text), *extra]:
        filename = resolve_snippet(path, bases, restrict)
        if filename is None:
            return None
        if filename in seen:
            continue
        with open(filename, "rb") as f:
            data = f.read()
        out.append(f"{filename}:{hashlib.sha256(data).hexdigest()}")
        nested = snippet_files(data.decode("utf-8", "replace"), settings, (), seen | {filename})
        if nested is None:
            return None
        out += nested
    return out


def build_signature(config, files) -> str:
    """What every page's render reads besides its own Markdown and file: the extensions and
    their configs, the link settings and the build's files."""
    links = config.validation.links
    listing = sorted(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}" for f in files)
    return digest(
        stable(config["markdown_extensions"]),
        stable(config["mdx_configs"] or {}),
        stable([config["use_directory_urls"], links.absolute_links, links.unrecognized_links, links.not_found]),
        stable(snippet_settings(config)),
        "\n".join(listing),
    )


# ---------------------------------------------------------------------------- pages


class _Logged(logging.Handler):
    """Notes whether anything was logged at INFO or above (to the root logger or to a logger
    that does not pass its records up, such as `mkdocs` under the CLI)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen = False
        self.loggers = [logging.getLogger()] + [
            lg
            for lg in list(logging.Logger.manager.loggerDict.values())
            if isinstance(lg, logging.Logger) and not lg.propagate
        ]

    def emit(self, record) -> None:
        self.seen = True

    def __enter__(self):
        for lg in self.loggers:
            lg.addHandler(self)
        return self

    def __exit__(self, *exc):
        for lg in self.loggers:
            lg.removeHandler(self)


class _Build:
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
                self.snippets = snippet_settings(config)
                self.signature = build_signature(config, files)
            except Unnamed as e:
                log.debug(f"render cache off for this build: {e}")
                self.signature = None
        return self.signature


def page_key(page, config, files, build: _Build) -> str | None:
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


def cached_render(page, render, build: _Build, config, files) -> None:
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
    with _Logged() as logged:
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


def render_cache_plugin():
    """The MkDocs plugin (registered by macros/__init__.py's define_env)."""
    from mkdocs.plugins import BasePlugin, event_priority

    class RenderCache(BasePlugin):
        def __init__(self):
            super().__init__()
            self.build = _Build()

        def on_pre_build(self, config):
            RENDERED.clear()
            for m in MEMOS.values():
                m.begin()
            wrap_search(config)  # its index is made anew in each build's on_config

        def on_pre_page(self, page, config, files):
            page.render = functools.partial(cached_render, page, page.render, self.build)
            return page

        @event_priority(-100)  # last: the engine's memos are used up to the end of on_post_build
        def on_post_build(self, config):
            for m in MEMOS.values():
                m.end(ok=True)

        def on_build_error(self, error):
            for m in MEMOS.values():
                if m.active:
                    m.end(ok=False)

    return RenderCache()
