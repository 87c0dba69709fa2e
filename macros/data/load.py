"""Read data/, validate every record, check every cross-reference.

Any problem raises GuideError with one line: `<file>: <record> '<id>': field '<f>': <what is
wrong> (<what is allowed>)`. The first problem stops the load, so a contributor fixes one
thing at a time and never reads a wall of follow-on errors.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import GuideError
from .mdtext import FENCE, heading, lines_outside_code, unsafe_html  # noqa: F401 - FENCE re-exported
from .model import (
    REQUIRED_SECTIONS,
    Checklist,
    Company,
    LoopRound,
    Plan,
    Question,
    RoundTypeInfo,
    Topic,
    Track,
)

MAX_FILE_BYTES = 256 * 1024
QLINK = re.compile(r"\]\(q:([^)\s]*)\)")
M = TypeVar("M", bound=BaseModel)


class Problems:
    """Where errors go: raised at once for the build, collected for `python -m macros.data`."""

    def __init__(self, collect: bool = False):
        self.collect, self.lines = collect, []

    def report(self, error: GuideError) -> None:
        if not self.collect:
            raise error
        self.lines.append(str(error))


@dataclass
class Guide:
    """Everything in data/, validated and cross-checked."""

    root: Path
    docs_dir: Path | None = None  # the site's docs/ (None: root / "docs")
    topics: dict[str, Topic] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    round_types: dict[str, RoundTypeInfo] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    tracks: dict[str, Track] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    loop: list[LoopRound] = field(default_factory=list)
    diagrams: dict[str, Any] = field(default_factory=dict)
    hardware: dict[str, Any] = field(default_factory=dict)  # data/hardware.yml (macros/data/hardware.py)

    def asked_in(self, question_id: str) -> list[LoopRound]:
        return [r for r in self.loop if question_id in r.questions]

    def companies_of(self, question_id: str) -> list[str]:
        """Companies a question belongs to: its own list plus every company whose track lists it."""
        own = list(self.questions[question_id].companies)
        via_tracks = [
            c.id
            for c in self.companies.values()
            if c.track in self.tracks and question_id in self.tracks[c.track].questions
        ]
        return own + [c for c in via_tracks if c not in own]


# --------------------------------------------------------------------------- reading


def read_text(path: Path, root: Path) -> str:
    rel = relpath(path, root)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise GuideError(f"{rel}: file is {size // 1024} KB (allowed: at most {MAX_FILE_BYTES // 1024} KB)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise GuideError(f"{rel}: not UTF-8 text (bad byte at offset {e.start}; save the file as UTF-8)") from None
    if not text.strip():
        raise GuideError(f"{rel}: file is empty (write the record or delete the file)")
    return text


# libyaml's parser is several times faster; same safe subset, same error marks.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, rel: str, what: str = "YAML") -> Any:
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise GuideError(f"{rel}: {what} is not valid YAML: {where}{problem} (fix the syntax)") from None


def split_front_matter(text: str, rel: str) -> tuple[dict, str]:
    match = re.match(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?(.*)\Z", text, re.S | re.M)
    if not match:
        raise GuideError(f"{rel}: no front matter (start the file with '---', the YAML fields, then '---')")
    meta = parse_yaml(match.group(1), rel, "front matter")
    if not isinstance(meta, dict):
        raise GuideError(f"{rel}: front matter is not a mapping of fields (write 'field: value' lines)")
    return meta, match.group(2)


def relpath(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- validation


def _allowed_fields(model: type[BaseModel], loc: tuple) -> str:
    fields = [n for n, f in model.model_fields.items() if n not in ("body", "source", "home")]
    return ", ".join(fields) if len(loc) == 1 else "see docs/contributing.md"


def describe_error(err: dict, model: type[BaseModel]) -> str:
    """Turn the first pydantic error into `field 'x': what is wrong (what is allowed)`."""
    loc = tuple(err["loc"])
    name = ".".join(str(p) for p in loc)
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        what = "is missing (it is required)"
    elif kind == "extra_forbidden":
        what = f"is not a known field (allowed: {_allowed_fields(model, loc)})"
    elif kind == "literal_error":
        allowed = ", ".join(re.findall(r"'([^']*)'", ctx.get("expected", "")))
        what = f"{value!r} is not allowed (allowed: {allowed})"
    elif kind == "string_pattern_mismatch":
        if "(hard|soft)" in ctx.get("pattern", ""):
            what = f"{value!r} is not a loop round id (allowed: hard-01 ... soft-03)"
        elif r"\d{4}" in ctx.get("pattern", ""):
            what = f"{value!r} is not a month (allowed: YYYY-MM, e.g. 2026-11)"
        else:
            what = f"{value!r} is not a slug (allowed: lowercase letters, digits, single hyphens)"
    elif kind in ("string_too_short", "too_short"):
        what = "is empty (allowed: at least one " + ("character)" if kind.startswith("string") else "entry)")
    elif kind == "string_too_long":
        what = f"is {len(value)} characters long (allowed: at most {ctx.get('max_length')})"
    elif kind == "too_long":
        what = f"has too many entries (allowed: at most {ctx.get('max_length')})"
    elif kind in ("string_type", "list_type", "int_type", "int_parsing", "dict_type", "model_type"):
        expected = {
            "string_type": "text",
            "list_type": "a list",
            "dict_type": "a mapping",
            "model_type": "a mapping",
        }.get(kind, "a whole number")
        what = f"has the wrong type: {type(value).__name__} (allowed: {expected})"
    else:
        what = err["msg"]
    return f"field '{name}': {what}"


def validate(model: type[M], data: Any, rel: str, label: str, rid: str) -> M:
    if not isinstance(data, dict):
        raise GuideError(f"{rel}: {label} '{rid}': is not a mapping of fields (write 'field: value' lines)")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise GuideError(f"{rel}: {label} '{rid}': {describe_error(e.errors()[0], model)}") from None


def record_id(data: Any, fallback: str) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"].strip():
        return data["id"]
    return fallback


def load_list(root: Path, name: str, model: type[M], label: str) -> dict[str, M]:
    path = root / "data" / name
    rel = relpath(path, root)
    if not path.exists():
        raise GuideError(f"{rel}: file is missing (it lists every {label}; see docs/contributing.md)")
    data = parse_yaml(read_text(path, root), rel)
    if not isinstance(data, list):
        raise GuideError(f"{rel}: expected a list of {label}s (write '- id: ...' entries)")
    out: dict[str, M] = {}
    for i, item in enumerate(data):
        rid = record_id(item, f"#{i + 1}")
        rec = validate(model, item, rel, label, rid)
        if rec.id in out:
            raise GuideError(f"{rel}: {label} '{rec.id}': field 'id': used twice (allowed: unique ids)")
        out[rec.id] = rec
    return out


def load_files(
    root: Path, folder: str, pattern: str, model: type[M], label: str, seen: dict[str, str], problems: Problems
) -> dict[str, M]:
    """One record per file; the file name must be the id; ids are unique across `seen`."""
    out: dict[str, M] = {}
    for path in sorted((root / "data" / folder).glob(pattern)):
        try:
            rec = load_file(root, path, model, label, seen)
        except GuideError as e:
            problems.report(e)
            continue
        out[rec.id] = rec
    return out


def load_file(root: Path, path: Path, model: type[M], label: str, seen: dict[str, str]) -> M:
    rel = relpath(path, root)
    rec = parse_record(rel, path.stem, path.suffix, read_text(path, root), model, label)
    if rec.id in seen:
        raise GuideError(
            f"{rel}: {label} '{rec.id}': field 'id': already used by {seen[rec.id]} "
            "(allowed: ids unique across the site)"
        )
    seen[rec.id] = rel
    return rec


@functools.lru_cache(maxsize=2048)
def parse_record(rel: str, stem: str, suffix: str, text: str, model: type[M], label: str) -> M:
    """Parse and validate one file. Cached on its text: a rebuild (or the fuzz test)
    re-parses only the files that changed."""
    if suffix == ".md":
        meta, body = split_front_matter(text, rel)
    else:
        meta, body = parse_yaml(text, rel), ""
    rid = record_id(meta, stem)
    if isinstance(meta, dict) and {"body", "source", "home"} & set(meta):
        bad = sorted({"body", "source", "home"} & set(meta))[0]
        raise GuideError(
            f"{rel}: {label} '{rid}': field '{bad}': is set by the loader (allowed: remove it from the file)"
        )
    extra = {"body": body, "source": rel} if model is Question else {"source": rel}
    rec = validate(model, {**meta, **extra} if isinstance(meta, dict) else meta, rel, label, rid)
    if rec.id != stem:
        raise GuideError(
            f"{rel}: {label} '{rec.id}': field 'id': does not match the file name "
            f"(allowed: rename the file to {rec.id}{suffix} or set id: {stem})"
        )
    return rec


# --------------------------------------------------------------------------- cross-references


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX heading outside fenced code."""
    return [h for line, prose in lines_outside_code(markdown) if prose and (h := heading(line))]


class References:
    """Checks that every id or path a record names exists."""

    def __init__(self, guide: Guide, docs_dir: Path, problems: Problems):
        self.g, self.docs, self.problems = guide, docs_dir, problems

    def fail(self, rel: str, label: str, rid: str, fieldname: str, what: str) -> None:
        self.problems.report(GuideError(f"{rel}: {label} '{rid}': field '{fieldname}': {what}"))

    def need(self, pool: dict, value: str, rel: str, label: str, rid: str, fieldname: str, kind: str, where: str):
        if value not in pool:
            close = difflib.get_close_matches(value, list(pool), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(close)}?" if close else f"an id in {where}"
            self.fail(rel, label, rid, fieldname, f"unknown {kind} '{value}' (allowed: {hint})")

    def page(self, value: str, rel: str, label: str, rid: str, fieldname: str) -> None:
        if not (self.docs / value.split("#")[0]).is_file():
            self.fail(
                rel,
                label,
                rid,
                fieldname,
                f"page '{value}' does not exist (allowed: a path under docs/, e.g. topics/gpu-cuda.md)",
            )

    def link(self, value: str, rel: str, label: str, rid: str, fieldname: str) -> None:
        if value.startswith("q:"):
            self.need(self.g.questions, value[2:], rel, label, rid, fieldname, "question", "data/questions/")
        else:
            self.page(value, rel, label, rid, fieldname)

    def check(self) -> None:
        g = self.g
        for t in g.topics.values():
            self.page(t.page, "data/topics.yml", "topic", t.id, "page")
        for c in g.companies.values():
            self.need(g.tracks, c.track, "data/companies.yml", "company", c.id, "track", "track", "data/tracks/")
        for q in g.questions.values():
            self.question(q)
        for c in g.checklists.values():
            ids: set[str] = set()
            for s in c.sections:
                for item in s.items:
                    if item.id in ids:
                        self.fail(
                            c.source,
                            "checklist",
                            c.id,
                            "items.id",
                            f"'{item.id}' is used twice (allowed: unique item ids)",
                        )
                    ids.add(item.id)
                    if item.link:
                        self.link(item.link, c.source, "checklist", c.id, f"items.{item.id}.link")
        for t in g.tracks.values():
            if t.company:
                self.need(g.companies, t.company, t.source, "track", t.id, "company", "company", "data/companies.yml")
            self.page(t.page, t.source, "track", t.id, "page")
            for qid in t.questions:
                self.need(g.questions, qid, t.source, "track", t.id, "questions", "question", "data/questions/")
            for cid in t.checklists:
                self.need(g.checklists, cid, t.source, "track", t.id, "checklists", "checklist", "data/checklists/")
        for p in g.plans.values():
            for b in p.blocks:
                for qid in b.questions:
                    self.need(
                        g.questions,
                        qid,
                        "data/plans.yml",
                        "plan",
                        p.id,
                        "blocks.questions",
                        "question",
                        "data/questions/",
                    )
                for cid in b.checklists:
                    self.need(
                        g.checklists,
                        cid,
                        "data/plans.yml",
                        "plan",
                        p.id,
                        "blocks.checklists",
                        "checklist",
                        "data/checklists/",
                    )
        seen_rounds: set[str] = set()
        for r in g.loop:
            if r.id in seen_rounds:
                self.fail("data/loop.yml", "round", r.id, "id", "used twice (allowed: unique round ids)")
            seen_rounds.add(r.id)
            if not r.id.startswith(r.type):
                self.fail(
                    "data/loop.yml",
                    "round",
                    r.id,
                    "type",
                    f"'{r.type}' does not match the id (allowed: hard-NN rounds are hard, soft-NN soft)",
                )
            for qid in r.questions:
                self.need(g.questions, qid, "data/loop.yml", "round", r.id, "questions", "question", "data/questions/")

    def question(self, q: Question) -> None:
        rel, label = q.source, "question"
        self.need(self.g.topics, q.topic, rel, label, q.id, "topic", "topic", "data/topics.yml")
        folder = Path(rel).parent.name
        if folder != q.topic:
            self.fail(
                rel,
                label,
                q.id,
                "topic",
                f"'{q.topic}' but the file is in data/questions/{folder}/ (allowed: move the file or set topic: {folder})",
            )
        for t in q.tags:
            self.need(self.g.topics, t, rel, label, q.id, "tags", "topic", "data/topics.yml")
        for c in q.companies:
            self.need(self.g.companies, c, rel, label, q.id, "companies", "company", "data/companies.yml")
        if q.page:
            self.page(q.page, rel, label, q.id, "page")
        for old in q.moved_from:
            if (self.docs / old).exists():
                self.fail(
                    rel,
                    label,
                    q.id,
                    "moved_from",
                    f"docs/{old} still exists (allowed: delete the page, or the entry: a page cannot forward and stay)",
                )
        for d in q.diagrams:
            self.need(self.g.diagrams, d, rel, label, q.id, "diagrams", "diagram", "data/diagrams/")
        for s in q.solutions:
            path = self.g.root / s
            if not s.startswith("docs_src/") or not path.is_file():
                self.fail(
                    rel,
                    label,
                    q.id,
                    "solutions",
                    f"'{s}' is not a file under docs_src/ (allowed: an existing docs_src/... path)",
                )
            if f'--8<-- "{s}"' not in q.body:
                self.fail(
                    rel,
                    label,
                    q.id,
                    "solutions",
                    f"'{s}' is listed but never included (allowed: add a --8<-- \"{s}\" line in a code block)",
                )
        found = [t for lvl, t in headings(q.body) if lvl == 2]
        for name in REQUIRED_SECTIONS:
            if name not in found:
                self.fail(
                    rel,
                    label,
                    q.id,
                    "body",
                    f"the section '## {name}' is missing (allowed: the sections {', '.join(REQUIRED_SECTIONS)} and any others)",
                )
        if any(lvl == 1 for lvl, _ in headings(q.body)):
            self.fail(
                rel,
                label,
                q.id,
                "body",
                "has a '# ' heading (allowed: '##' sections and deeper; the title comes from the front matter)",
            )
        for name in ("title", "prompt", "short_answer", "body"):
            active = unsafe_html(getattr(q, name))
            if active:
                self.fail(
                    rel,
                    label,
                    q.id,
                    name,
                    f"contains active HTML {active!r} (allowed: Markdown; "
                    "show markup inside a code block or `code span`)",
                )
        for target in QLINK.findall(q.body):
            self.need(self.g.questions, target, rel, label, q.id, "body", "question link q:", "data/questions/")


# --------------------------------------------------------------------------- entry point


# Zensical calls define_env once per page (and loads macros/__init__.py afresh each time, so
# the cache lives here): the data is loaded and checked once, then again only when a file
# under data/, docs/ or docs_src/ changes (name, size or time).
_LOADED: dict[tuple[Path, Path], tuple[tuple, Guide]] = {}


def load_guide_unless_unchanged(root: Path, docs_dir: Path) -> Guide:
    files = sorted(
        p
        for folder in (root / "data", docs_dir, root / "docs_src")
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.is_file()
    )
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    cached = _LOADED.get((root, docs_dir))
    if cached is None or cached[0] != stamp:
        _LOADED[(root, docs_dir)] = (stamp, load_guide(root, docs_dir))
    return _LOADED[(root, docs_dir)][1]


def load_guide(root: Path, docs_dir: Path | None = None, problems: Problems | None = None) -> Guide:
    """Load and check everything under root/data; raise GuideError on the first problem
    (or, with a collecting Problems, record every problem and carry on)."""
    problems = problems or Problems()
    root = Path(root)
    docs_dir = docs_dir or root / "docs"
    g = Guide(root=root, docs_dir=docs_dir)
    g.topics = load_list(root, "topics.yml", Topic, "topic")
    g.companies = load_list(root, "companies.yml", Company, "company")
    g.round_types = load_list(root, "round_types.yml", RoundTypeInfo, "round type")
    seen: dict[str, str] = {}
    g.questions = load_files(root, "questions", "*/*.md", Question, "question", seen, problems)
    stray = [p for p in (root / "data" / "questions").glob("*.md")]
    if stray:
        rel = relpath(stray[0], root)
        raise GuideError(f"{rel}: question file outside a topic folder (allowed: data/questions/<topic>/<id>.md)")
    g.checklists = load_files(root, "checklists", "*.yml", Checklist, "checklist", {}, problems)
    g.tracks = load_files(root, "tracks", "*.yml", Track, "track", {}, problems)
    plans_path = root / "data" / "plans.yml"
    if plans_path.exists():
        g.plans = load_list(root, "plans.yml", Plan, "plan")
    loop_path = root / "data" / "loop.yml"
    if loop_path.exists():
        g.loop = list(load_list(root, "loop.yml", LoopRound, "round").values())
    g.diagrams = load_diagrams(root)
    from .hardware import load_hardware, resolve_guide  # here: hardware.py reads this module

    g.hardware = load_hardware(root)
    resolve_guide(g, problems)  # [[hw:<id>.<field>]] in questions and checklists
    # Resolve each question's home page now that topics are known.
    for qid, q in list(g.questions.items()):
        topic = g.topics.get(q.topic)
        home = q.page or (topic.page if topic else "")
        g.questions[qid] = q.model_copy(update={"home": home})
    References(g, docs_dir, problems).check()
    return g


def load_diagrams(root: Path) -> dict[str, Any]:
    """Every data/diagrams/*.yml: read with the same file checks as all data (size, UTF-8,
    YAML), then validated and laid out by the diagram engine. Cached on the file's text."""
    out: dict[str, Any] = {}
    for path in sorted((root / "data" / "diagrams").glob("*.yml")):
        rel = relpath(path, root)
        diagram = parse_diagram_cached(rel, path.stem, read_text(path, root))
        if diagram.id in out:
            raise GuideError(
                f"{rel}: diagram '{diagram.id}': field 'id': already used by "
                f"{out[diagram.id].source} (allowed: one file per diagram id)"
            )
        out[diagram.id] = diagram
    return out


@functools.lru_cache(maxsize=256)
def parse_diagram_cached(rel: str, stem: str, text: str):
    from ..diagrams.loader import build_diagram

    try:
        diagram = build_diagram(parse_yaml(text, rel), rel, stem)
    except GuideError:
        raise
    except ValueError as e:  # DiagramError: already one line naming file and id
        raise GuideError(str(e)) from None
    return diagram
