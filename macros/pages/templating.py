"""The markup of pages/ lives in Jinja templates (macros/pages/templates/, one per block; its
README.md is the contract: each template's inputs and the classes and `data-*` attributes
the site's scripts and styles read). The Python modules choose the records, compute the
links and escape Markdown text; a template only lays them out.

Two kinds of template, told apart by name:

* `*.html`: HTML only, autoescaped. A value is escaped as `html.escape` does (quotes too,
  `&quot;` and `&#x27;`), so a template prints raw text (`{{ q.title }}`); a value that is
  already HTML (another template's output, a fragment Python made) is `Safe` and printed as
  it is. The file's last line break is not output: a block ends where its last element
  does, and the caller adds the line break Markdown needs after it.
* `*.md.j2`: Markdown (with HTML, attr_list `{: ... }` and md_in_html `markdown`), not
  escaped: every value is Markdown the caller has escaped already (`escape_html`,
  `markdown_text`, `html.escape` for the HTML in it) or a `Safe` fragment. Whitespace is
  output as written, except that `trim_blocks` and `lstrip_blocks` keep the lines of
  `{% ... %}` tags out of it (`+%}` keeps the line break after a tag); `{{ br }}` is
  Markdown's hard line break (two trailing spaces, which editors strip).

In both, a line that ends with a backslash continues on the next: the backslash, the line
break and the next line's indentation are dropped (a space before the backslash stays). A
block that the page needs on one line can so be laid out for reading.

Every template renders under StrictUndefined: a missing input fails the build, naming it.
The environment is made once per process; Jinja reloads a template whose file changed (so
`mkdocs serve` picks up an edited template).
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

FOLDER = Path(__file__).with_name("templates")
_CONTINUATION = re.compile(r"\\\n[ \t]*")


class Safe(str):
    """Text that is HTML already (escaped, or rendered by a template): printed as it is."""

    __slots__ = ()

    def __html__(self) -> Safe:
        return self


def _finalize_for(eval_ctx, value):
    """Autoescape with the project's rule (html.escape, quote=True), not MarkupSafe's
    spelling (`&#34;`): the pages stay byte for byte what the f-strings wrote."""
    if eval_ctx.autoescape and not hasattr(value, "__html__"):
        return Safe(html.escape(str(value), quote=True))
    return value


@functools.cache
def environment():
    """The Jinja environment of macros/pages/templates/ (jinja2 is imported here, on first use:
    `python -m macros.data` imports the package without needing it)."""
    import jinja2
    from jinja2.ext import Extension

    class Layout(Extension):
        """Backslash continuations joined; an `.html` template's last line break dropped."""

        def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
            if name and name.endswith(".html"):
                source = source.removesuffix("\n")
            return _CONTINUATION.sub("", source)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=jinja2.pass_eval_context(_finalize_for),
        extensions=[Layout],
    )
    env.globals["br"] = "  "
    return env


def render(name: str, **context) -> Safe:
    """The template `name` (a file in macros/pages/templates/) rendered with `context`."""
    return Safe(environment().get_template(name).render(**context))


def names() -> list[str]:
    """Every template, by file name."""
    return sorted(p.name for p in FOLDER.iterdir() if p.name.endswith((".html", ".md.j2")))


def sources_digest() -> str:
    """The templates' sources: what they render changes with them (Jinja reloads an edited one)."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(FOLDER.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(FOLDER).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
