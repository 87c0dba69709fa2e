"""Reading time, last-updated date and "edit this page" for every page.

Content pages (under docs/) get a facts line under their title: "6 min read · Updated
December 3, 2026". A question's page (q/<id>/, generated, no file under docs/) carries the same
facts in its meta line (render.Renderer.meta_line) and edits its data file.

- Reading time: the page's words at WORDS_PER_MINUTE, at least one minute.
- Dates of docs/ pages: mkdocs-git-revision-date-localized-plugin (mkdocs.yml) puts them in
  page.meta. Question pages are generated, so the plugin only knows the build time for them:
  their date is the last commit of their data file, read here from one `git log` per build.
  Without usable history (no git, not a repository, a shallow clone, a file never committed)
  a page shows no date: never a wrong one, and the build never fails for it.
- Edit link: MkDocs' own page.edit_url (repo_url, edit_uri from the environment) for docs/
  pages; for a question page the same address rebuilt for data/questions/<topic>/<id>.md.
  With no repo_url there is no edit link at all.
"""

from __future__ import annotations

import html
import math
import os
import posixpath
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from .templating import render

WORDS_PER_MINUTE = 230
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Not read as words: scripts, styles, drawings (a diagram's text version follows its art).
_CODE_OR_ART = re.compile(r"<(script|style|svg)\b.*?</\1>|<pre class=\"diagram-art\".*?</pre>", re.S)
_TAG = re.compile(r"<[^>]+>")
_MD_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_ATTRS = re.compile(r"\{:[^}\n]*\}")
_WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?")


# --------------------------------------------------------------------------- reading time


def count_words(text: str) -> int:
    """Words a reader reads in Markdown or HTML: no tags, link targets or attribute lists;
    code counts (it is read too); `all-reduce`, `don't` and `3.5` are one word each."""
    text = _CODE_OR_ART.sub(" ", text)
    text = _MD_TARGET.sub("] ", _MD_ATTRS.sub(" ", text))
    text = html.unescape(_TAG.sub(" ", text))
    return len(_WORD.findall(text))


def reading_minutes(words: int, per_minute: int = WORDS_PER_MINUTE) -> int:
    """Minutes to read `words`, rounded half up, never below one."""
    return max(1, math.floor(words / per_minute + 0.5))


# --------------------------------------------------------------------------- dates


def format_date(d: date) -> str:
    """A date as the site writes it: "December 3, 2026"."""
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def has_history(root: Path) -> bool:
    """True where `root` is in a git repository with its whole history: not a tarball or a
    copy (no repository), not a shallow clone (every file would get the clone's date)."""
    out = _git(root, "rev-parse", "--is-shallow-repository")
    return out is not None and out.strip() == "false"


def parse_log(text: str) -> dict[str, date]:
    """`git log --format=%x00%at --name-only` (newest first) -> each path's last commit date (UTC)."""
    out: dict[str, date] = {}
    when: date | None = None
    for line in text.splitlines():
        if line.startswith("\0"):
            try:
                when = datetime.fromtimestamp(int(line[1:].strip()), tz=UTC).date()
            except (ValueError, OverflowError, OSError):
                when = None
        elif line.strip() and when is not None:
            out.setdefault(line.strip(), when)
    return out


class GitDates:
    """Last-commit dates of the files under `root` (paths relative to it), read lazily with a
    single `git log` and kept for the build. Empty without usable history."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._dates: dict[str, date] | None = None
        self._ok: bool | None = None

    @property
    def ok(self) -> bool:
        if self._ok is None:
            self._ok = has_history(self.root)
        return self._ok

    def dates(self) -> dict[str, date]:
        if self._dates is None:
            log = (
                _git(self.root, "log", "--format=%x00%at", "--name-only", "--no-renames", "--relative", "--", ".")
                if self.ok
                else None
            )
            self._dates = parse_log(log) if log else {}
        return self._dates

    def date_of(self, rel_path: str) -> date | None:
        return self.dates().get(rel_path)


def plugin_date(meta: dict) -> date | None:
    """The date mkdocs-git-revision-date-localized-plugin put in a page's meta, if it came from
    a commit: its build-date fallback (no repository, no git, a file never committed) has no
    commit hash and is not a date the page was updated."""
    if not meta.get("git_revision_date_localized_hash"):
        return None
    try:
        return date.fromisoformat(str(meta.get("git_revision_date_localized_raw_iso_date", "")))
    except ValueError:
        return None


def set_page_date(meta: dict, d: date | None) -> None:
    """Put a question page's own date in its meta where the plugin would (its value for a
    generated page is the build time), or take the plugin's value away when there is none."""
    keys = [k for k in meta if k.startswith("git_revision_date_localized")]
    for k in keys:
        del meta[k]
    if d is None:
        return
    meta["git_revision_date_localized"] = format_date(d)
    meta["git_revision_date_localized_raw_date"] = format_date(d)
    meta["git_revision_date_localized_raw_iso_date"] = d.isoformat()


# --------------------------------------------------------------------------- what a page shows


def facts(minutes: int | None, updated: date | None, line: bool = False) -> str:
    """The facts as HTML (page_facts.html): reading time and last-updated date, either of
    which may be missing, joined by " · "; empty when there are none."""
    if not (minutes or updated):
        return ""
    return render(
        "page_facts.html",
        minutes=minutes,
        updated=updated.isoformat() if updated else "",
        updated_text=format_date(updated) if updated else "",
        line=line,
    )


def facts_line(minutes: int | None, updated: date | None) -> str:
    """The line under a content page's title; empty when there is nothing to say."""
    return facts(minutes, updated, line=True)


def insert_after_title(content: str, line: str) -> str:
    """The page's HTML with `line` right after its first h1 (before everything when the theme
    writes the title itself, i.e. the content has none)."""
    if not line:
        return content
    end = content.find("</h1>")
    if end < 0:
        return line + "\n" + content
    end += len("</h1>")
    return content[:end] + "\n" + line + content[end:]


# --------------------------------------------------------------------------- edit links


def edit_url(repo_url: str | None, edit_uri: str | None, edit_uri_template, path: str) -> str | None:
    """The "edit this page" address of a file, as MkDocs builds it for docs/ pages: `path` is
    relative to docs_dir and may leave it (`../data/questions/gpu-cuda/x.md`); the `..` is
    resolved in the address. None without repo_url or without edit_uri / edit_uri_template."""
    if not repo_url or not (edit_uri or edit_uri_template):
        return None
    if edit_uri_template:
        noext = posixpath.splitext(path)[0]
        uri = str(edit_uri_template.format(path=path, path_noext=noext))
    else:
        uri = edit_uri + path
    if not uri.startswith(("?", "#")) and not repo_url.endswith("/"):
        repo_url += "/"
    parts = urlsplit(urljoin(repo_url, uri))
    if ".." in parts.query:  # a query-style edit_uri ("?path=/docs/"): resolve it there too
        key, sep, value = parts.query.partition("=")
        if sep and value.startswith("/"):
            parts = parts._replace(query=f"{key}={posixpath.normpath(value)}")
    return urlunsplit(parts)
