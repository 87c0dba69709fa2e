"""The engine's only contact with MkDocs and mkdocs-macros: load the data once per build,
register the macros, add the question pages, write the build's data files.

The data flows one way (macros/data/README: data -> pages, outputs):
    data/      read, validate and cross-check data/ (runs without MkDocs: python -m macros.data)
    pages/     the Markdown each kind of page renders (macros, question pages); its markup
               is in Jinja templates (pages/templates/, README.md there)
    outputs/   the files written next to the pages (questions.json, practice.json, decks)
    diagrams/  the diagram engine (layout, routing, drawing)

Pages opt in to macros with `render_macros: true` in their front matter (see
docs/contributing.md, "the one rule"). A GuideError (one line naming file, record and fix)
becomes MkDocs' PluginError here, so the build prints it as one ERROR line and stops.
MkDocs is imported inside the functions that need it: importing `macros` (as
`python -m macros.data` does) must work where MkDocs is not installed.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .data import hardware
from .data.errors import GuideError
from .data.load import load_guide_unless_unchanged
from .data.urls import question_path
from .outputs import bank, offline, practice, search_index
from .pages import (
    calculators,
    coding_table,
    interviewers,
    plan_generator,
    practice_pages,
    print_pages,
    progress,
    render_cache,
)
from .pages.render import Renderer


def build_errors(fn):
    """Turn a GuideError raised in a MkDocs hook into PluginError: one ERROR line, no traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GuideError as e:
            from mkdocs.exceptions import PluginError

            raise PluginError(str(e)) from None

    return wrapper


def install_macro_error_format() -> None:
    """Make mkdocs-macros print our errors (and Jinja's undefined names) as one line.

    mkdocs-macros formats a failed page with a traceback; for errors we raise on purpose
    the traceback is noise, so we register one-line formatters for them.
    """
    from jinja2 import UndefinedError
    from mkdocs_macros.errors import format_error

    # Types given to register() itself: this module's annotations are strings (__future__).
    @format_error.register(GuideError)
    def _guide(error, markdown, page) -> str:
        return str(error)

    @format_error.register(UndefinedError)
    def _undefined(error, markdown, page) -> str:
        return (
            f"docs/{page.file.src_path}: {error.message} "
            "(macros: question, questions, checklist, diagram, track, loop, plan, round_types, hw, hardware_table, coding_table)"
        )


@build_errors
def define_env(env) -> None:
    install_macro_error_format()
    # project_dir: the folder of mkdocs.yml under mkdocs-macros, the project root under
    # Zensical's emulation of it (whose docs_dir is relative: joined here, an absolute one stays).
    root = Path(env.project_dir)
    guide = load_guide_unless_unchanged(root, root / env.conf["docs_dir"])
    renderer = Renderer(guide)
    env.variables["guide"] = guide
    env.variables["_renderer"] = renderer

    def page() -> str:
        return page_path(env.page)

    @env.macro
    def question(id):
        """One question: in full on its home page, compact (prompt + link) elsewhere."""
        return renderer.question(id, page())

    @env.macro
    def questions(topic=None, kind=None, difficulty=None, company=None, round=None):
        """A filtered list of questions."""
        return renderer.questions(page(), topic=topic, kind=kind, difficulty=difficulty, company=company, round=round)

    @env.macro
    def checklist(id):
        """A checklist whose boxes keep their state per item id."""
        return renderer.checklist(id, page())

    @env.macro
    def track(id):
        """A company track; above it, its PDF and printable page (macros/pages/print_pages.py)."""
        body = renderer.track(id, page())
        return print_pages.downloads_line(env.page.url, id, "this track", online()) + "\n" + body

    @env.macro
    def downloads():
        """The guide to read away from the site: the PDFs (whole guide, each track) and the
        offline zip. Raw HTML: the files are added after the build (README, "PDF")."""
        return print_pages.downloads_list(env.page.url, guide, online())

    def online() -> str | None:
        """The site's address in the copy that opens from disk (its downloads are online)."""
        return env.conf.get("site_url") if offline.offline_plugin_enabled(env.conf) else None

    @env.macro
    def loop():
        return renderer.loop(page())

    @env.macro
    def plan(id):
        return renderer.plan(id, page())

    @env.macro
    def round_types():
        return renderer.round_types(page())

    @env.macro
    def question_bank():
        """Every question with its facets, for the filterable question bank page."""
        return renderer.question_bank(page())

    @env.macro
    def diagram(id):
        """An architecture diagram drawn from data/diagrams/<id>.yml."""
        if not isinstance(id, str) or id not in guide.diagrams:
            raise GuideError(
                f"docs/{page()}: diagram({id!r}): unknown diagram id "
                f"(allowed: {', '.join(sorted(guide.diagrams)) or 'files in data/diagrams/'})"
            )
        from .diagrams import render_html

        return "\n" + render_html(guide.diagrams[id]) + "\n"

    @env.macro
    def hw(ref):
        """One accelerator figure with its unit from data/hardware.yml: hw('h100-sxm.memory')."""
        return hardware.hw_macro(guide.hardware, ref, page())

    @env.macro
    def hardware_table():
        """Every accelerator in data/hardware.yml side by side, with as-of dates and sources."""
        return hardware.hardware_table(guide.hardware)

    practice_pages.register(env, guide, page)
    interviewers.register(env, guide, renderer, page)  # the interviewer's guide, story worksheet
    plan_generator.register(env, guide, renderer, page)  # the study-plan generator's form and rules
    progress.register(env, guide, renderer, page)  # the progress dashboard
    calculators.register(env, guide, renderer, page)  # docs/calculators/: forms and worked examples
    coding_table.register(env, guide, renderer, page)  # the coding index's sortable table
    from mkdocs.config.defaults import MkDocsConfig

    if isinstance(env.conf, MkDocsConfig):  # Zensical runs no MkDocs plugin (no on_files)
        # No repository, no "edit this page": an edit_uri alone would make relative links.
        if not env.conf.get("repo_url"):
            env.conf["edit_uri"] = None
            env.conf["edit_uri_template"] = None
        # Added while MkDocs runs on_config, before it collects the files: the pages of the
        # questions join the site as generated files (nothing is written under docs/).
        env.conf.plugins["guide-question-pages"] = question_pages_plugin(renderer)
        # Reading time, last-updated date and edit link (macros/page_facts.py).
        sources = {question_path(q.id): q.source for q in guide.questions.values()}
        env.conf.plugins["guide-page-facts"] = page_facts_plugin(sources, renderer.dates)
        # The print pages (print/all/, print/<track>/), assembled from the built question pages,
        # then, last, offline-manifest.json and the worker's version over the finished site.
        env.conf.plugins["guide-print-and-offline"] = print_and_offline_plugin(guide)
        # Rebuilds under `mkdocs serve` reuse what did not change (pages/render_cache.py).
        env.conf.plugins["guide-render-cache"] = render_cache_plugin()
        if offline.offline_plugin_enabled(env.conf):  # the downloadable copy (make offline-zip)
            offline.prepare_offline_copy(env.conf)


def question_pages_plugin(renderer: Renderer):
    """A MkDocs plugin that adds q/<id>.md for every question (pages/question_pages.py,
    pages/render.Renderer.full) and the forwarding pages of moved addresses."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File, InclusionLevel

    class QuestionPages(BasePlugin):
        @build_errors
        def on_files(self, files, config):
            for path, markdown in renderer.question_pages():
                if files.get_file_from_path(path) is not None:
                    raise GuideError(
                        f"docs/{path}: a file is in the way of a question's page "
                        "(allowed: nothing under docs/q/; the pages are generated)"
                    )
                files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
            return files

        @build_errors
        def on_post_build(self, config):
            site = Path(config["site_dir"])
            for path, page in renderer.redirect_pages():
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_text(page, encoding="utf-8")
            # After Material's search plugin (first in mkdocs.yml) has written the index.
            search_index.rewrite(
                site, search_index.overview_boosts(renderer.g), search_index.question_terms(renderer.g)
            )

    return QuestionPages()


def page_facts_plugin(sources: dict[str, str], dates):
    """A MkDocs plugin for reading time, last-updated date and edit links (pages/page_facts.py)."""
    from mkdocs.plugins import BasePlugin, event_priority

    from .pages.page_facts import (
        count_words,
        edit_url,
        facts_line,
        insert_after_title,
        plugin_date,
        reading_minutes,
        set_page_date,
    )

    class PageFacts(BasePlugin):
        """Adds the facts line to content pages and gives question pages their own date and
        edit link. `sources`: docs path of each question page -> its data file (from the root)."""

        def __init__(self, sources: dict[str, str], dates):
            super().__init__()
            self.sources = sources
            self.dates = dates

        @event_priority(-100)  # after mkdocs-git-revision-date-localized-plugin has set page.meta
        def on_page_markdown(self, markdown: str, page, config, files) -> str:
            data = self.sources.get(page.file.src_uri)
            if data is not None:
                set_page_date(page.meta, self.dates.date_of(data))
                rel = os.path.relpath(self.dates.root / data, config["docs_dir"]).replace(os.sep, "/")
                page.edit_url = edit_url(
                    config.get("repo_url"), config.get("edit_uri"), config.get("edit_uri_template"), rel
                )
            return markdown

        def on_page_content(self, content: str, page, config, files) -> str:
            if page.file.src_uri in self.sources:
                return content  # a question page says it in its meta line
            minutes = None if page.meta.get("reading_time") is False else reading_minutes(count_words(content))
            updated = None
            if self.dates.ok:
                docs = os.path.relpath(Path(config["docs_dir"]) / page.file.src_path, self.dates.root)
                updated = plugin_date(page.meta) or self.dates.date_of(docs.replace(os.sep, "/"))
            return insert_after_title(content, facts_line(minutes, updated))

    return PageFacts(sources, dates)


def print_and_offline_plugin(guide):
    """A MkDocs plugin for what is written over the finished site (pages/print_pages.py,
    outputs/offline.py), after the other steps that write files."""
    from mkdocs.plugins import BasePlugin, event_priority

    class PrintAndOffline(BasePlugin):
        @event_priority(-40)
        @build_errors
        def on_post_build(self, config):
            print_pages.PackBuilder(guide, config).write()
            offline.post_build(config)

    return PrintAndOffline()


def render_cache_plugin():
    """A MkDocs plugin that lets a rebuild in the same process (`mkdocs serve`) reuse the work
    whose inputs did not change: pages' HTML, search entries, the engine's memos."""
    from mkdocs.plugins import BasePlugin, event_priority

    class RenderCache(BasePlugin):
        def __init__(self):
            super().__init__()
            self.build = render_cache.Build()

        def on_pre_build(self, config):
            render_cache.begin_build(config)

        def on_pre_page(self, page, config, files):
            render_cache.wrap_render(page, self.build)
            return page

        def on_env(self, env, config, files):
            render_cache.wrap_templates(env, config, self.build)
            return env

        @event_priority(-100)  # last: the engine's memos serve up to the end of on_post_build
        def on_post_build(self, config):
            render_cache.end_build(ok=True)

        def on_build_error(self, error):
            render_cache.end_build(ok=False)

    return RenderCache()


def page_path(page) -> str:
    """The page's source path under docs/: MkDocs' page.file.src_uri, Zensical's page.path."""
    file = getattr(page, "file", None)
    return file.src_uri if file is not None else page.path


@build_errors
def on_post_page_macros(env) -> None:
    """Resolve `[text](q:<id>)` links written directly in pages. (Question pages carry their
    topics and companies as tags in their own front matter, for Material's tags index.)"""
    renderer: Renderer = env.variables["_renderer"]
    src = page_path(env.page)
    env.markdown = renderer.resolve_qlinks(env.markdown, src)
    env.markdown = hardware.resolve(env.markdown, renderer.g.hardware, f"docs/{src}")


@build_errors
def on_post_build(env) -> None:
    renderer: Renderer = env.variables["_renderer"]
    renderer.check_homes()
    site = Path(env.conf["site_dir"])
    bank.write(renderer.g, site)
    conf = env.conf
    practice.write(
        renderer.g, site, conf.get("markdown_extensions"), conf.get("mdx_configs"), conf.get("site_url") or ""
    )
