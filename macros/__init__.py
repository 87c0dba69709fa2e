"""mkdocs-macros entry point: load the data once per build and register the macros.

Pages opt in to macros with `render_macros: true` in their front matter (see
docs/contributing.md, "the one rule"). All logic lives in load.py and render.py.
"""
from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from . import hardware, interviewers, practice, search_index
from .errors import GuideError, install_macro_error_format
from .load import load_guide_unless_unchanged
from .render import Renderer


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
        return renderer.questions(page(), topic=topic, kind=kind, difficulty=difficulty,
                                  company=company, round=round)

    @env.macro
    def checklist(id):
        """A checklist whose boxes keep their state per item id."""
        return renderer.checklist(id, page())

    @env.macro
    def track(id):
        return renderer.track(id, page())

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
            raise GuideError(f"docs/{page()}: diagram({id!r}): unknown diagram id "
                             f"(allowed: {', '.join(sorted(guide.diagrams)) or 'files in data/diagrams/'})")
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

    practice.register(env, guide, renderer, page)
    interviewers.register(env, guide, renderer, page)  # the interviewer's guide, story worksheet
    if isinstance(env.conf, MkDocsConfig):  # Zensical runs no MkDocs plugin (no on_files)
        # Added while MkDocs runs on_config, before it collects the files: the pages of the
        # questions join the site as generated files (nothing is written under docs/).
        env.conf.plugins["guide-question-pages"] = QuestionPages(renderer)


class QuestionPages(BasePlugin):
    """Adds q/<id>.md for every question (macros/question_pages.py, render.Renderer.full)."""

    def __init__(self, renderer: Renderer):
        super().__init__()
        self.renderer = renderer

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for path, markdown in self.renderer.question_pages():
            if files.get_file_from_path(path) is not None:
                raise GuideError(f"docs/{path}: a file is in the way of a question's page "
                                 "(allowed: nothing under docs/q/; the pages are generated)")
            files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config["site_dir"])
        for path, page in self.renderer.redirect_pages():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(page, encoding="utf-8")
        # After Material's search plugin (first in mkdocs.yml) has written the index.
        search_index.rewrite(site, search_index.overview_boosts(self.renderer.g))


def page_path(page) -> str:
    """The page's source path under docs/: MkDocs' page.file.src_uri, Zensical's page.path."""
    file = getattr(page, "file", None)
    return file.src_uri if file is not None else page.path


def on_post_page_macros(env) -> None:
    """Resolve `[text](q:<id>)` links written directly in pages. (Question pages carry their
    topics and companies as tags in their own front matter, for Material's tags index.)"""
    renderer: Renderer = env.variables["_renderer"]
    src = page_path(env.page)
    env.markdown = renderer.resolve_qlinks(env.markdown, src)
    env.markdown = hardware.resolve(env.markdown, renderer.g.hardware, f"docs/{src}")


def on_post_build(env) -> None:
    renderer: Renderer = env.variables["_renderer"]
    renderer.check_homes()
    # The question bank as data (linked from its page, for readers' own tools; the tests
    # check the bank against it): one JSON file built from the same records as the pages.
    site = Path(env.conf["site_dir"])
    payload = {"version": 1, "topics": {t.id: t.title for t in renderer.g.topics.values()},
               "companies": {c.id: c.name for c in renderer.g.companies.values()},
               "rounds": {r.id: r.title for r in renderer.g.round_types.values()},
               "questions": renderer.bank_records()}
    (site / "assets").mkdir(parents=True, exist_ok=True)
    (site / "assets" / "questions.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    practice.on_post_build(renderer, site)
