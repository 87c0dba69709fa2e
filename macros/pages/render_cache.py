"""A content-addressed cache that lets `mkdocs serve` skip, on a rebuild, the work whose inputs
did not change.

Why: on any change `mkdocs serve` reloads the config and runs a full build in the same
process, and MkDocs 1.6 rebuilds every page. After one edit nearly every page has the same
Markdown as before, yet each was converted to HTML, indexed for search and laid out in the
theme's templates again: a rebuild cost a cold build and grew with the content like one
(BENCHMARKS.md, issue #23). The cache lives at module level, so it outlives the config and
the plugin instances that each rebuild makes anew; each build keeps only the entries it used
(macros/data/memo.py). The plugin that drives it is in macros/__init__.py.

What is cached, and its key (every input the step reads; a value we cannot describe turns
the cache off for that step, which then runs as it would without it):

- A page's Markdown -> HTML (MkDocs' `Page.render`, wrapped per page in `on_pre_page`): a hit
  restores what `render` sets (content, toc, title from the first heading, anchor ids, links
  to anchors: those by src_uri, mapped back to this build's files). Key: the page's Markdown
  after the macros; its src_uri, dest_uri, url and inclusion; the build's files (each src_uri
  with its dest_uri, url and inclusion: links resolve against them); the Markdown extensions
  and their configs, `use_directory_urls`, the link validation levels, whether debug logging
  is on; the snippet base paths and the contents of every file pymdownx.snippets pulls in
  (nested ones too). A page whose snippet path cannot be resolved is not cached.
- Material's search entries of a page (`SearchIndex.add_entry_from_context`). Key: the page's
  url, title, content and toc and the `title`, `tags` and `search` of its meta (all it reads).
- A page's template output (`Template.render` of the template MkDocs asks for by name). Key:
  the config (theme and plugins' options included), the Jinja environment's names, the
  theme folders' files, the navigation (titles, URLs, the meta keys templates read) and the
  page list; the page's own attributes (content, toc, meta keys templates read, title, URL,
  neighbours, parents) and every other value in its context (base_url, scripts, tags).
- The engine's own steps (`memo()`): question pages' Markdown, related questions, print
  entries, practice HTML, search-index keys, each keyed by what its step reads.

A step that logged anything at INFO or above is not cached, so the next build runs it again
and logs the same lines (a strict build fails on the same broken link). A rebuild writes
exactly the files a cold build writes (tests/pages/test_render_cache.py).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import os
import re
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
        self.template_inputs = None
        self.template_signature: tuple[str, bool, set[str] | None] | None = None

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

    def templates(self, config, env, nav, pages) -> tuple[str, bool, set[str] | None] | None:
        if self.template_inputs is None or any(
            a is not b for a, b in zip(self.template_inputs, (config, env, nav, pages))
        ):
            self.template_inputs = (config, env, nav, pages)
            try:
                self.template_signature = template_signature(config, env, nav, pages)
            except Unnamed as e:
                log.debug(f"template cache off for this build: {e}")
                self.template_signature = None
        return self.template_signature


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


def copy_toc(toc):
    """A copy of a TableOfContents (mkdocs 1.6.1: `items`, AnchorLinks with `children`), its
    items copied down the tree: what deepcopy gives, without copying the strings."""

    def anchor(a):
        c = copy.copy(a)
        c.children = [anchor(x) for x in a.children]
        return c

    c = copy.copy(toc)
    c.items = [anchor(a) for a in toc.items]
    return c


def copy_entries(entries: list[dict]) -> list[dict]:
    """Search entries (str values, a list of tag names): each dict and list copied."""
    return [{k: list(v) if isinstance(v, list) else v for k, v in e.items()} for e in entries]


def saved(page) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": copy_toc(page.toc),
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
    page.toc = copy_toc(entry["toc"])  # each build its own: a plugin or template may change one
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
        index.entries.extend(copy_entries(entries))
        return
    start = len(index.entries)
    add(page)
    SEARCH.put(key, copy_entries(index.entries[start:]))


def wrap_search(config) -> None:
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        add = getattr(index, "add_entry_from_context", None)
        if type(plugin).__module__.startswith("material.plugins.search") and isinstance(add, types.MethodType):
            index.add_entry_from_context = functools.partial(cached_entries, index, add)


# ---------------------------------------------------------------------------- the plugin


# ---------------------------------------------------------------------------- page templates

TEMPLATES = memo("templates")
# What MkDocs' get_context puts in every page's context (mkdocs 1.6.1, commands/build.py).
STANDARD = {"nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc"}
STANDARD |= {"config", "page"}
BUILT_FROM = {"nav", "pages", "config", "page", "build_date_utc"}  # described apart, once or per page
FILE, PAGE = "mkdocs.structure.files.File", "mkdocs.structure.pages.Page"
SECTION, LINK = "mkdocs.structure.nav.Section", "mkdocs.structure.nav.Link"
TOC, ANCHOR = "mkdocs.structure.toc.TableOfContents", "mkdocs.structure.toc.AnchorLink"
# A page's attributes no template reads: our wrapper, and MkDocs' anchor checks' own state.
UNSHOWN = {"render", "present_anchor_ids", "links_to_anchors"}
INSTALLED: dict[str, tuple[str, bool, set[str] | None]] = {}  # theme folder of an installed package -> its digest


def kind(value) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def known(value, describe, objects: bool = False) -> str | None:
    """MkDocs' objects as templates read them: a file by its addresses, another nav item by
    its title and URL, a table of contents by its items; with `objects`, a plain object (a
    tag of Material's tags plugin) by its attributes."""
    k = kind(value)
    if k == FILE:
        return f"File({value.src_uri!r},{value.dest_uri!r},{value.url!r},{value.inclusion.name})"
    if k in (PAGE, SECTION, LINK):
        return f"{k}({value.title!r},{getattr(value, 'url', None)!r})"
    if k == TOC:
        return "toc" + describe(list(value))
    if k == ANCHOR:
        return "anchor" + describe(vars(value))
    if k.endswith(".Locale"):
        return f"Locale({str(value)!r})"
    if objects and hasattr(value, "__dict__") and not callable(value):
        return k + describe(vars(value))
    return None


def with_objects(value, describe):
    return known(value, describe, objects=True)


JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
STRING = re.compile(r"""(['"])(?:\\.|(?!\1).)*\1""", re.S)
SUBSCRIPT = re.compile(r"""\bmeta\s*\[\s*(['"])(\w+)\1\s*\]""")
META = re.compile(r"\bmeta\b")
DICT_METHODS = {"get", "items", "keys", "values", "copy", "update", "pop", "setdefault"}


def meta_reads(text: str) -> set[str] | None:
    """The keys of a page's meta that a template's Jinja reads (`meta.hide`, `meta["hide"]`),
    plus "" when it tests whether meta is empty (`page.meta and ...`); None when it may read
    any key (meta passed on, printed, iterated, or named in a string), so keys are by all of it."""
    reads: set[str] = set()
    for block in JINJA.findall(text):
        block = SUBSCRIPT.sub(lambda m: f"meta.{m.group(2)}", block)
        if any(m.group(0)[1:-1].strip() == "meta" for m in STRING.finditer(block)):
            return None
        code = STRING.sub('""', block)
        words = code.strip("{%}-+ \n\t").split(None, 1)
        for m in META.finditer(code):
            after = code[m.end() :]
            attr = re.match(r"\s*\.\s*(\w+)", after)
            if attr and attr.group(1) not in DICT_METHODS:
                reads.add(attr.group(1))
            elif re.match(r"\s+(and|or)\b", after) or (
                words[:1] in (["if"], ["elif"]) and re.match(r"\s*-?%\}", after)
            ):
                reads.add("")
            else:
                return None
    return reads


def theme_folder(folder: str) -> tuple[str, bool, set[str] | None]:
    """(digest of a theme folder's files, whether a template reads build_date_utc, the meta keys
    its templates read). An installed package's folder is read once per process; a project's
    (overrides/) each build."""
    if folder in INSTALLED:
        return INSTALLED[folder]
    h, dated, reads = hashlib.sha256(), False, set()
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            if name.endswith(".svg"):  # icons: thousands, included whole, never templated
                st = os.stat(path)
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
                continue
            with open(path, "rb") as f:
                data = f.read()
            dated = dated or b"build_date_utc" in data
            if reads is not None and b"meta" in data:
                more = meta_reads(data.decode("utf-8", "replace"))
                reads = None if more is None else reads | more
            h.update(f"{path}\0{hashlib.sha256(data).hexdigest()}\n".encode())
    result = (h.hexdigest(), dated, reads)
    if os.sep + "site-packages" + os.sep in folder or os.sep + "dist-packages" + os.sep in folder:
        INSTALLED[folder] = result
    return result


def meta_view(meta, reads: set[str] | None):
    """What the templates can see of a page's meta."""
    if reads is None or not isinstance(meta, dict):
        return meta
    return [{k: meta[k] for k in reads if k in meta}, bool(meta)]


def nav_outline(nav, reads: set[str] | None) -> list:
    def item(i):
        k = kind(i)
        if k == SECTION:
            return ["S", i.title, [item(c) for c in i.children]]
        if k == PAGE:
            return ["P", i.title, i.url, i.file.src_uri, i.is_index, meta_view(i.meta, reads)]
        if k == LINK:
            return ["L", i.title, i.url]
        raise Unnamed(k)

    return [[item(i) for i in nav.items], nav.homepage.url if nav.homepage else None]


def template_signature(config, env, nav, pages) -> tuple[str, bool, set[str] | None]:
    """What every page's template reads besides its page: the config (theme, plugins' options),
    the Jinja environment's names, the theme's files, the navigation and the pages."""
    folders = [theme_folder(d) for d in config.theme.dirs]
    reads: set[str] | None = set()
    for _, _, more in folders:
        reads = None if reads is None or more is None else reads | more
    plain_globals = {k: v for k, v in env.globals.items() if not callable(v)}
    signature = digest(
        stable({k: v for k, v in config.items() if k != "plugins"}, known),
        stable({name: getattr(p, "config", {}) for name, p in config.plugins.items()}, known),
        stable([sorted(env.filters), sorted(env.globals), plain_globals, list(config.theme.dirs)], known),
        *(d for d, _, _ in folders),
        stable(nav_outline(nav, reads), known),
        stable(pages, known),
    )
    return signature, any(dated for _, dated, _ in folders), reads


def template_key(template, context, config, env, build: Build) -> str | None:
    if not isinstance(context, dict) or not STANDARD <= context.keys():
        return None
    page = context["page"]
    if page is None or context["config"] is not config or kind(page) != PAGE:
        return None
    signature = build.templates(config, env, context["nav"], context["pages"])
    if signature is None:
        return None
    sig, dated, reads = signature
    own = {k: v for k, v in vars(page).items() if k not in UNSHOWN}
    own["meta"] = meta_view(page.meta, reads)  # git dates and the like, unless a template shows them
    described = stable([own, page.title, page.url, page.is_homepage, page.parent, page.ancestors], known)
    rest = stable({k: v for k, v in context.items() if k not in BUILT_FROM}, with_objects)
    stamp = str(context["build_date_utc"]) if dated else ""
    return digest(sig, template.name or "", described, rest, stamp)


def cached_template(template, render, config, env, build: Build, *args, **kwargs) -> str:
    """A page template's render through the cache (read against mkdocs 1.6.1, commands/
    build.py _build_page: `env.get_template(name).render(context)` with get_context's context
    and what plugins add in on_page_context; Jinja2 3.1.6). Other renders pass through."""
    try:
        key = template_key(template, args[0], config, env, build) if len(args) == 1 and not kwargs else None
    except Exception as e:  # never fail a build: render as MkDocs would
        log.debug(f"template cache skipped: {e!r}")
        key = None
    return TEMPLATES.through(key, lambda: render(*args, **kwargs), unless_logged=True)


def wrap_templates(env, config, build: Build) -> None:
    """Route the templates MkDocs asks for by name (a page's, the theme's own) through the
    cache; the includes and extends inside templates pass a parent and are left alone."""
    get = env.get_template

    def get_template(name, parent=None, globals=None):
        template = get(name, parent, globals)
        if parent is None and globals is None and not isinstance(template.render, functools.partial):
            template.render = functools.partial(cached_template, template, template.render, config, env, build)
        return template

    env.get_template = get_template


# ---------------------------------------------------------------------------- the build's hooks
# Called by the plugin in macros/__init__.py (the only module that talks to MkDocs).


def begin_build(config) -> None:
    RENDERED.clear()
    Logged.refresh()
    for m in MEMOS.values():
        m.begin()
    wrap_search(config)  # its index is made anew in each build's on_config


def wrap_render(page, build: Build) -> None:
    page.render = functools.partial(cached_render, page, page.render, build)


def end_build(ok: bool) -> None:
    for m in MEMOS.values():
        if m.active:
            m.end(ok)
