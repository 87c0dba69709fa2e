"""Memos that outlive a build: results by a key made of every input, kept across the rebuilds
`mkdocs serve` makes in one process (macros/pages/render_cache.py says why and what each key
covers), and the pieces of those keys: stable descriptions of config values, digests, the
files a text pulls in through pymdownx.snippets, and whether a step logged anything.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import json
import logging
import os
import types
from collections.abc import Mapping


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

    def through(self, key, compute, *args, unless_logged: bool = False):
        """The value for `key`, else `compute(*args)`, kept for the next build (with `unless_logged`,
        only when computing it logged nothing, so the next build logs the same lines)."""
        value = self.get(key)
        if value is None:
            if unless_logged:
                with Logged() as logged:
                    value = compute(*args)
                if logged.seen:
                    return value
            else:
                value = compute(*args)
            self.put(key, value)
        return value

    def begin(self) -> None:
        self.active, self.hits, self.stored = True, 0, 0

    def end(self, ok: bool) -> None:
        # A failed build may have stopped before using entries the next one needs: keep those too.
        self.entries = self.used if ok else {**self.entries, **self.used}
        self.used, self.active = {}, False


MEMOS: dict[str, Memo] = {}


def memo(name: str) -> Memo:
    """The memo named `name` (created on first use); the build's plugin begins and ends them all."""
    return MEMOS.setdefault(name, Memo(name))


class Unnamed(Exception):
    """A value with no stable description (an object, a closure): what it does cannot be keyed."""


def stable(value, known=None, depth: int = 0) -> str:
    """A description of a value that is equal exactly when the values are: data as it is,
    module-level functions and classes by name; `known(value, describe)` may describe other
    objects (or return None). Anything else raises Unnamed."""
    if depth > 40:
        raise Unnamed("nested too deep")

    def describe(v) -> str:
        return stable(v, known, depth + 1)

    if value is None or isinstance(value, (str, int, float, bool, enum.Enum)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(describe, value)) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(map(describe, value))) + "}"
    if isinstance(value, Mapping):
        return "{" + ",".join(sorted(f"{describe(k)}:{describe(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return repr(value)
    if isinstance(value, functools.partial):  # a slugify function with its options
        return f"partial({describe(value.func)},{describe(value.args)},{describe(value.keywords)})"
    if known is not None:
        described = known(value, describe)
        if described is not None:
            return described
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


def records(*values) -> str:
    """A description of loaded records (pydantic models, dataclasses, in dicts and lists): the
    JSON of their fields, with each record's type. Raises Unnamed for anything else."""

    def default(o):
        if hasattr(o, "model_dump"):
            return [type(o).__qualname__, o.model_dump(mode="json")]
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            return [type(o).__qualname__, {f.name: getattr(o, f.name) for f in dataclasses.fields(o)}]
        if isinstance(o, (set, frozenset)):
            return sorted(map(str, o))
        if isinstance(o, (datetime.date, os.PathLike)):
            return str(o)
        raise TypeError(type(o).__name__)

    try:
        return json.dumps(values, default=default, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as e:
        raise Unnamed(str(e)) from None


def snippet_settings(extensions, configs) -> tuple[list[str], bool, list[str]] | None:
    """(absolute base paths, restrict_base_path, auto_append) of pymdownx.snippets; None if off."""
    if "pymdownx.snippets" not in extensions:
        return None
    conf = (configs or {}).get("pymdownx.snippets", {})
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


class TextKeys:
    """Keys for Markdown -> HTML of a text with a fixed set of extensions (the engine's own
    conversions): the extensions, their configs and the snippet files the text pulls in."""

    def __init__(self, extensions, configs):
        try:
            self.snippets = snippet_settings(extensions, configs)
            self.signature = digest(stable(extensions), stable(configs or {}), stable(self.snippets))
        except Unnamed:
            self.signature = None

    def key(self, text: str) -> str | None:
        if self.signature is None:
            return None
        deps = snippet_files(text, self.snippets, self.snippets[2] if self.snippets else ())
        return None if deps is None else digest(self.signature, *deps, text)


class Logged(logging.Handler):
    """Notes whether anything was logged at INFO or above (to the root logger or to a logger
    that does not pass its records up, such as `mkdocs` under the CLI)."""

    _loggers: tuple[int, list] = (-1, [])  # (how many loggers there were, those to listen to)

    def __init__(self):
        super().__init__(logging.INFO)
        self.seen = False
        everyone = logging.Logger.manager.loggerDict
        if Logged._loggers[0] != len(everyone):
            stops = [lg for lg in list(everyone.values()) if isinstance(lg, logging.Logger) and not lg.propagate]
            Logged._loggers = (len(everyone), [logging.getLogger(), *stops])
        self.loggers = Logged._loggers[1]

    @classmethod
    def refresh(cls) -> None:
        """Look for the loggers that stop their records again (once a build)."""
        cls._loggers = (-1, [])

    def emit(self, record) -> None:
        self.seen = True

    def __enter__(self):
        for lg in self.loggers:
            lg.addHandler(self)
        return self

    def __exit__(self, *exc):
        for lg in self.loggers:
            lg.removeHandler(self)
