"""Data fuzzing: damage every data file in every applicable way; each case must fail with
exactly one line that names the file (and the record, where there is one). Never a
traceback, never a clean load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from macros.data.errors import GuideError
from macros.data.load import load_guide, split_front_matter

ROOT = Path(__file__).resolve().parents[2]
HUGE = "x" * 300_000  # bigger than any data file may be


def data_files() -> list[str]:
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "data").rglob("*")
        if p.suffix in (".md", ".yml") and p.is_file()
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A private copy of everything the loader reads."""
    dest = tmp_path_factory.mktemp("fuzz")
    for name in ("data", "docs", "docs_src"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


def read(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        meta, body = split_front_matter(text, path.name)
        return meta, body
    return yaml.safe_load(text), None


def write(path: Path, data, body) -> None:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{dumped}---\n{body}" if body is not None else dumped, encoding="utf-8")


def first_record(data):
    """The record to damage: the file itself, or the first entry of a list file."""
    return data[0] if isinstance(data, list) else data


REFERENCE_FIELDS = [  # (field, bad value) tried in order: the first the record has
    ("companies", ["no-such-company"]),
    ("questions", ["no-such-question"]),
    ("track", "no-such-track"),
    ("page", "no-such-page.md"),
    ("edges", None),
    ("sections", None),
]


def dangle(record: dict) -> bool:
    if "edges" in record and record.get("edges"):
        record["edges"][0]["to"] = "no-such-node"
        return True
    if "sections" in record:
        record["sections"][0]["items"][0]["link"] = "q:no-such-question"
        return True
    if "blocks" in record:
        record["blocks"][0]["questions"] = ["no-such-question"]
        return True
    if "topic" in record and "kind" in record:  # a question
        record["companies"] = ["no-such-company"]
        return True
    for name, value in REFERENCE_FIELDS:
        if name in record and value is not None:
            record[name] = value
            return True
    return False


def enum_field(record: dict) -> str | None:
    for name in ("difficulty", "kind", "area", "type", "style"):
        if name in record:
            return name
    return None


DAMAGES = [
    "drop-required",
    "wrong-type",
    "bad-enum",
    "duplicate-id",
    "dangling-reference",
    "broken-yaml",
    "empty-file",
    "huge-value",
    "non-utf8",
]


def damage(tree: Path, rel: str, kind: str) -> tuple[list[Path], str | None]:
    """Apply one damage; return the files written (to restore) and the record id involved."""
    path = tree / rel
    data, body = read(path)
    record = first_record(data)
    rid = record.get("id") if isinstance(record, dict) else None
    if kind == "drop-required":
        # the title, else the id, else (a file of named sections) its first section
        record.pop(next((k for k in ("title", "id") if k in record), next(iter(record))))
    elif kind == "wrong-type":
        key = next((k for k in ("title", "name", "interviewer", "summary") if k in record), "id")
        record[key] = {"not": "text"}
    elif kind == "bad-enum":
        record[enum_field(record)] = "no-such-value"
    elif kind == "duplicate-id":
        if isinstance(data, list):
            data.append(dict(data[0]))
        else:
            twin = path.with_name("zz-copy" + path.suffix)
            if rel.startswith("data/questions/"):
                other = path.parent.with_name("zz-fuzz")
                other.mkdir(exist_ok=True)
                twin = other / path.name
                record = dict(record, topic=path.parent.name)
            shutil.copy(path, twin)
            return [twin], rid
    elif kind == "dangling-reference":
        dangle(record)
    elif kind == "broken-yaml":
        path.write_text("---\ntitle: [unclosed\n---\n" if path.suffix == ".md" else "id: [unclosed\n")
        return [], rid
    elif kind == "empty-file":
        path.write_text("")
        return [], rid
    elif kind == "huge-value":
        key = "title" if "title" in record else "id"
        record[key] = HUGE
    elif kind == "non-utf8":
        path.write_bytes(path.read_bytes().replace(b"\n", b"\n\xff\xfe", 1))
        return [], rid
    write(path, data, body)
    return [], rid


# Files read by a fixed name (not one record per file in a folder): a twin copy of one is
# never read, so "duplicate-id" applies to them only where they hold a list of records.
FIXED_NAME = ("data/interviewers/", "data/story-worksheet.yml")


def load_everything(tree: Path) -> None:
    """What a build reads: the data the engine loads at start, and the interviewer's guide's
    files, which the pages that show them load (macros/pages/interviewers.py)."""
    from macros.data.interviewing import load_interviewing

    load_interviewing(load_guide(tree))


def applicable(rel: str, kind: str) -> bool:
    """Only the damages a file can suffer: no enum to break in a checklist, for example."""
    data, _ = read(ROOT / rel)
    record = first_record(data)
    if kind == "duplicate-id" and rel.startswith(FIXED_NAME) and not isinstance(data, list):
        return False
    if kind == "bad-enum":
        return enum_field(record) is not None
    if kind == "dangling-reference":
        return dangle(dict(record) if not isinstance(record, dict) else yaml.safe_load(yaml.safe_dump(record)))
    return True


@pytest.mark.parametrize("rel", data_files())
def test_damaged_file_fails_with_one_line(tree, rel):
    """Every damage that applies to the file (decided when the test runs, not at import)."""
    kinds = [kind for kind in DAMAGES if applicable(rel, kind)]
    assert kinds, f"{rel}: no damage applies (the fuzzer does not know this kind of file)"
    problems = [p for kind in kinds if (p := damaged_load_problem(tree, rel, kind))]
    assert not problems, "\n".join(problems)


def damaged_load_problem(tree: Path, rel: str, kind: str) -> str | None:
    """Damage the file one way, load, restore; None when the load failed as it must."""
    original = (tree / rel).read_bytes()
    extra: list[Path] = []
    try:
        extra, rid = damage(tree, rel, kind)
        try:
            load_everything(tree)
        except GuideError as caught:
            message = str(caught)
        else:
            return f"{kind}: loaded cleanly"
        if "\n" in message or "Traceback" in message:
            return f"{kind}: more than one line: {message!r}"
        named = [rel] + [p.relative_to(tree).as_posix() for p in extra]
        # A damaged list entry or a twin may be reported from the file that refers to it.
        if not any(n in message for n in named):
            return f"{kind}: the message does not name the file: {message}"
        if (
            rid
            and kind in ("bad-enum", "dangling-reference", "wrong-type")
            and not (f"'{rid}'" in message or "no-such" in message)
        ):
            return f"{kind}: the message does not name the record: {message}"
        return None
    finally:
        (tree / rel).write_bytes(original)
        for p in extra:
            p.unlink()
            if p.parent.name == "zz-fuzz" and not any(p.parent.iterdir()):
                p.parent.rmdir()
