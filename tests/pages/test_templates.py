"""The templates' contract (macros/pages/templates/README.md) against the templates and the
site's scripts and styles.

A hook is a class (`.q-row`), an id (`#qb-text`) or a data attribute (`data-q`) that a
template writes. The README lists, per template, the hooks that something reads and names
the files that read them. Checked here:

1. every hook the README lists is written by the template it is listed under, and each
   file named as reading it does read it;
2. every hook a template writes whose name docs/assets/ (the scripts and styles) reads is
   listed for that template: no undocumented hook;
3. every template renders from a small context under StrictUndefined, and fails without it.

The checks are functions that return their problems, so the last tests can show each one
failing on a broken README or template.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.pages import templating

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = templating.FOLDER
README = TEMPLATES / "README.md"
ASSETS = ROOT / "docs" / "assets"
SHARED = "shared"  # the README's section of hooks that several templates write

# --------------------------------------------------------------------------- reading templates

COMMENT = re.compile(r"\{#.*?#\}", re.S)
TAG = re.compile(r"\{%.*?%\}", re.S)
EXPR = re.compile(r"\{\{.*?\}\}", re.S)
CLASS_ATTR = re.compile(r'(?<![\w-])class="([^"]*)"')
ID_ATTR = re.compile(r'(?<![\w-])id="([^"]*)"')
ATTR_LIST = re.compile(r"\{:\s([^}\n]*)\}")
DATA_ATTR = re.compile(r"(?<![\w-])(data-[a-z0-9]+(?:-[a-z0-9]+)*)(?=[=\s>/\"]|$)")


def markup(source: str) -> str:
    """A template's markup as the scan reads it: no comments, each tag a space, each
    printed value `*` (so `q-difficulty--{{ difficulty }}` reads `q-difficulty--*`)."""
    return EXPR.sub("*", TAG.sub(" ", COMMENT.sub("", source)))


def hooks_in(source: str) -> set[str]:
    """The hooks a template's source writes: `.class`, `#id`, `data-name`; a value printed
    into a name makes it a pattern (`.q-difficulty--*`). Names that are all value are left out."""
    text = markup(source)
    out: set[str] = set()
    for value in CLASS_ATTR.findall(text):
        out |= {"." + c for c in value.split() if named(c)}
    for value in ID_ATTR.findall(text):
        if named(value) and " " not in value:
            out.add("#" + value)
    for attrs in ATTR_LIST.findall(text):
        for token in attrs.split():
            if token[:1] in ".#" and named(token[1:]):
                out.add(token)
    out |= set(DATA_ATTR.findall(text))
    return out


def named(name: str) -> bool:
    """A name with a word of its own (`checklist-*`), not only printed values (`*-*`)."""
    return re.search(r"[a-z]", name.replace("*", "")) is not None


def template_hooks(folder: Path = TEMPLATES) -> dict[str, set[str]]:
    return {p.name: hooks_in(p.read_text(encoding="utf-8")) for p in sorted(folder.iterdir()) if is_template(p.name)}


def is_template(name: str) -> bool:
    return name.endswith((".html", ".md.j2"))


# --------------------------------------------------------------------------- reading scripts and styles

JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", re.S)
JS_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")
# bank.js reads its facets as "data-" + f.key, from its FACETS list
JS_DYNAMIC_DATA = re.compile(r"[\"']data-[\"']\s*\+\s*f\.key")
JS_FACET_KEY = re.compile(r"\{\s*key:\s*\"([a-z-]+)\"")


def name_pattern(name: str) -> str:
    """A hook's name as a regex: a trailing or inner `*` (a printed value) matches a name part."""
    return r"[\w-]+".join(re.escape(part) for part in name.split("*"))


def uses(path: Path, hook: str) -> bool:
    """Does this file read the hook? Styles through selectors; scripts through selector
    strings, classList / className, getElementById, attribute names and dataset; any other
    file (Python, tests) by naming it."""
    text = path.read_text(encoding="utf-8")
    sigil, name = (hook[0], hook[1:]) if hook[0] in ".#" else ("", hook)
    pat = name_pattern(name)
    end = r"(?![\w-])"
    if path.suffix == ".css":
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        if sigil:
            return re.search(re.escape(sigil) + pat + end, text) is not None
        return re.search(r"\[" + pat + end, text) is not None
    if path.suffix == ".js":
        code = JS_COMMENT.sub("", text)
        strings = " ".join(m.group(0)[1:-1] for m in JS_STRING.finditer(code))
        if sigil == ".":
            return (
                re.search(r"\." + pat + end, strings) is not None
                or re.search(r"classList\.\w+\(\s*[\"']" + pat + r"[\"']", code) is not None
                or re.search(r"className\s*[:=]\s*[\"'](?:[^\"']*\s)?" + pat + r"[\"'\s]", code) is not None
            )
        if sigil == "#":
            return (
                re.search("#" + pat + end, strings) is not None
                or re.search(r"getElementById\(\s*[\"']" + pat + r"[\"']", code) is not None
            )
        camel = re.sub(r"-([a-z0-9])", lambda m: m.group(1).upper(), name[len("data-") :])
        dynamic = JS_DYNAMIC_DATA.search(code) and name[len("data-") :] in JS_FACET_KEY.findall(code)
        return (
            re.search(r"(?<![\w-])" + pat + end, strings) is not None
            or re.search(r"\bdataset\." + camel + r"\b", code) is not None
            or bool(dynamic)
        )
    return re.search(r"(?<![\w-])" + pat + end, text) is not None


def assets() -> list[Path]:
    return sorted(p for p in ASSETS.iterdir() if p.suffix in (".js", ".css"))


def reader_path(name: str) -> Path:
    """A file the README names as reading a hook: a bare name is in docs/assets/."""
    return ROOT / name if "/" in name else ASSETS / name


# --------------------------------------------------------------------------- reading the README

SECTION = re.compile(r"^### `([^`]+)`")
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|")


def contract(text: str) -> tuple[list[str], list[dict]]:
    """(the templates the README has a section for, its hook rows). A row is
    {template(s), hook, readers}; the shared section names its templates in a column."""
    sections, rows = [], []
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = SHARED if "shared" in line.lower() else None
            continue
        m = SECTION.match(line)
        if m:
            current = m.group(1)
            sections.append(current)
            continue
        m = ROW.match(line)
        if not (m and current):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]

        def names(cell: str) -> list[str]:
            return [n.strip().strip("`") for n in cell.split(",") if n.strip() and n.strip() != "–"]

        if current == SHARED:
            rows.append({"templates": names(cells[1]), "hook": m.group(1), "readers": names(cells[2])})
        else:
            rows.append({"templates": [current], "hook": m.group(1), "readers": names(cells[1])})
    return sections, rows


# --------------------------------------------------------------------------- the checks


def section_problems(sections: list[str], templates: list[str]) -> list[str]:
    out = [f"README.md: no section for {t}" for t in templates if t not in sections]
    out += [f"README.md: a section for {s}, which is not a template" for s in sections if s not in templates]
    out += [f"README.md: two sections for {s}" for s in set(sections) if sections.count(s) > 1]
    return out


def listed_problems(rows: list[dict], hooks: dict[str, set[str]]) -> list[str]:
    """Check 1: a listed hook is written by its template, and read by each file named."""
    out = []
    for row in rows:
        for t in row["templates"]:
            if t not in hooks:
                out.append(f"README.md: {row['hook']} is listed for {t}, which is not a template")
            elif row["hook"] not in hooks[t]:
                out.append(f"README.md: {row['hook']} is listed for {t}, which does not write it")
        for name in row["readers"]:
            path = reader_path(name)
            if not path.is_file():
                out.append(f"README.md: {row['hook']}: {name} does not exist")
            elif not uses(path, row["hook"]):
                out.append(f"README.md: {row['hook']}: {name} is said to read it and does not")
    return out


def undocumented_problems(rows: list[dict], hooks: dict[str, set[str]], files: list[Path]) -> list[str]:
    """Check 2: every hook a template writes that a script or style reads is listed for that
    template (or in the shared section, naming it). Which element a script reads a name on
    is beyond a scan (bank.js reads the bank row's data-kind, not the badge's), so the row
    names the readers by hand and check 1 holds each of them to it."""
    documented = {(t, row["hook"]) for row in rows for t in row["templates"]}
    out = []
    for t, written in sorted(hooks.items()):
        for hook in sorted(written):
            readers = [p.name for p in files if uses(p, hook)]
            if readers and (t, hook) not in documented:
                out.append(f"{t} writes {hook}, which {', '.join(readers)} read(s): not in README.md")
    return out


def test_every_template_has_its_section():
    sections, _ = contract(README.read_text(encoding="utf-8"))
    assert section_problems(sections, templating.names()) == []


def test_listed_hooks_are_written_and_read():
    _, rows = contract(README.read_text(encoding="utf-8"))
    assert rows, "README.md lists no hooks"
    assert listed_problems(rows, template_hooks()) == []


def test_every_hook_the_scripts_and_styles_read_is_documented():
    _, rows = contract(README.read_text(encoding="utf-8"))
    assert undocumented_problems(rows, template_hooks(), assets()) == []


# --------------------------------------------------------------------------- rendering

QUESTION_ROW = {
    "id": "kv",
    "home": True,
    "title": "KV cache",
    "link": "../q/kv.md",
    "badges": templating.Safe("<span>b</span>"),
    "minutes": 10,
    "mark": templating.Safe("<span>m</span>"),
    "prompt": "How big?",
}
BADGE = {"kind": "coding", "kind_label": "Coding", "difficulty": "easy", "difficulty_label": "Easy"}
FIELD = {
    "id": "c-tm-x",
    "name": "x",
    "kind": "select",
    "default": "h100",
    "label": "GPU",
    "unit": "GB",
    "help": "which",
    "source": "gpus",
    "integer": False,
    "optional": True,
    "gt": "0.0",
    "ge": None,
    "lt": None,
    "le": "1.0",
    "when": '{"a":["1"]}',
    "hidden": False,
    "described": "c-tm-x-unit c-tm-x-help c-tm-x-error",
    "options": [
        {
            "value": "h100",
            "text": "H100",
            "selected": True,
            "gpu": {"memory": "80.0", "memory_bw": "3.35", "bf16": "989.0", "fp8": "1979.0", "fp4": "", "name": "H100"},
            "bw": None,
        },
        {"value": "nvlink", "text": "NVLink", "selected": False, "gpu": None, "bw": "900.0"},
    ],
}
OUTPUTS = [
    {"name": "verdict", "kind": "text", "unit": "", "label": "Verdict", "value": "fits", "text": "fits"},
    {"name": "total", "kind": "bytes", "unit": "GB", "label": "Total", "value": "1.0", "text": "1 GB"},
]
STATS = [{"name": "Due", "stat": "due", "text": 0, "count": ""}, {"name": "Done", "count": templating.Safe("<s>")}]

# A small context for each template: every input it reads (check 3).
SAMPLES: dict[str, dict] = {
    "badges.html": BADGE,
    "difficulty_badge.html": BADGE,
    "practised_mark.html": {"id": "kv"},
    "question_rows.md.j2": {"rows": [QUESTION_ROW, QUESTION_ROW | {"home": False}]},
    "question_actions.html": {"id": "kv"},
    "question_pager.md.j2": {
        "prev": {"title": "A", "link": "a.md"},
        "next": None,
        "up": {"title": "Topic", "link": "../t.md"},
    },
    "question_page.md.j2": {
        "id": "kv",
        "title": "KV",
        "meta": {
            "badges": templating.Safe("<span>b</span>"),
            "minutes": 10,
            "topics": [{"title": "GPU", "link": "../gpu.md"}],
            "rounds": ["Coding"],
            "companies": [{"name": "Acme", "link": "../acme.md"}, {"name": "Beta", "link": ""}],
            "asked": [{"label": "Hard round 1", "link": "../the-loop.md#hard-01", "interviewer": "CTO"}],
            "as_of": "2026-11",
            "facts": templating.Safe("<span>6 min read</span>"),
        },
        "prompt": "    p",
        "short_answer": "    s",
        "body": "## Answer",
        "related": "rows",
        "prev": None,
        "next": {"title": "B", "link": "b.md"},
        "up": {"title": "Topic", "link": "../t.md"},
    },
    "progress_panel.html": {"print_buttons": True},
    "checklist.md.j2": {
        "panel": "<div>panel</div>",
        "id": "day-before",
        "total": 2,
        "title": "Day before",
        "intro": "Intro",
        "sections": [
            {
                "title": "S",
                "entries": [
                    {"id": "a", "text": "Sleep", "study": None},
                    {"id": "b", "text": "Read", "study": {"title": "KV", "link": "../q/kv.md"}},
                ],
            }
        ],
    },
    "bank_form.html": {
        "sorts": [("topic", "Topic")],
        "facets": [
            {"key": "kind", "legend": "Kind", "flow": True, "boxes": [{"value": "coding", "label": "C", "count": 1}]}
        ],
        "total": 1,
    },
    "bank_rows.md.j2": {
        "rows": [
            {
                "id": "kv",
                "kind": "coding",
                "difficulty": "easy",
                "topics": "a b",
                "companies": "",
                "rounds": "r",
                "loop": "",
                "minutes": "10",
                "title": "KV",
                "title_attr": "KV",
                "link": "q/kv.md",
                "badges": "b",
                "topic_names": "A, B",
                "prompt": "p",
            }
        ]
    },
    "loop.md.j2": {
        "rounds": [
            {"id": "hard-01", "label": "Hard round 1", "interviewer": "CTO", "note": "n", "rows": [QUESTION_ROW]},
            {"id": "hard-02", "label": "Hard round 2", "interviewer": "CTO", "note": "", "rows": []},
        ]
    },
    "track.md.j2": {
        "id": "acme",
        "focus_areas": ["a"],
        "technologies": [{"name": "K8s", "why": "w"}],
        "kinds": [{"kind": "coding", "label": "Coding", "rows": "rows\n"}],
        "checklists": ["c\n"],
    },
    "plan.md.j2": {
        "id": "p",
        "summary": "s",
        "blocks": [
            {"title": "W1", "slug": "w1", "goals": ["g"], "rows": "r\n", "checklists": [{"title": "C", "link": "c.md"}]}
        ],
    },
    "round_types.md.j2": {"rounds": [{"title": "Coding", "minutes": [45, 60], "tests": ["a", "b"]}]},
    "redirect_page.html": {"title": "KV", "target": "../q/kv/", "up": "../"},
    "calc_field.html": {"field": FIELD},
    "calc_results.html": {"id": "training-memory", "outputs": OUTPUTS},
    "calculator.html": {
        "id": "training-memory",
        "title": "Training memory",
        "groups": [{"name": "Model", "fields": [FIELD, FIELD | {"kind": "check", "default": "1"}]}],
        "verdict": "fits",
    },
    "napkin_example.md.j2": {
        "inputs": [{"label": "GPU", "value": "H100"}],
        "results": [{"label": "Total", "value": "1 GB"}],
        "link": "../calculators/x.md?a=1",
    },
    "napkin_table.md.j2": {"head": ["GPU", "Total"], "rows": [{"cells": ["H100", "1 GB"], "link": "x.md?a=1"}]},
    "progress_count.html": {"kind": "checklist", "key": "c", "total": 3, "items": "a b c", "title": "C"},
    "progress_bar.html": {},
    "progress_stats.html": {"stats": STATS},
    "progress_block.md.j2": {"kind": "overview"},
    "progress_overview.md.j2": {"kind": "overview", "stats": STATS},
    "progress_next.md.j2": {
        "kind": "next",
        "topic": {"title": "T", "link": "t.md"},
        "cards_link": "f.md",
        "checklist": {"title": "C", "link": "c.md"},
    },
    "progress_table.md.j2": {
        "kind": "topic",
        "head": "Topic",
        "done": "Practised",
        "rows": [{"name": "T", "count": "0 of 1"}],
    },
    "progress_flashcards.md.j2": {"kind": "flashcards", "stats": STATS, "link": "f.md"},
    "progress_reset.html": {},
    "plan_form.html": {
        "config": '{"a":1}',
        "numbers": [{"name": "weeks", "label": "Weeks", "min": 1, "max": 8, "value": 4, "hint": "1 to 8"}],
        "tracks": [{"id": "general", "title": "General", "selected": True}],
        "fears": [{"id": "coding", "title": "Coding"}],
    },
    "practice_loop.md.j2": {"bank": "../question-bank.md"},
    "practice_cards.md.j2": {"panel": "<div>panel</div>", "decks": "#download-the-decks"},
    "practice_lengths.md.j2": {
        "lengths": [{"title": "Full", "rounds": [{"title": "Coding", "minutes": 45, "count": 2}]}]
    },
    "practice_pace.md.j2": {"rounds": [{"title": "Coding", "minutes": 20}]},
    "practice_schedule.md.j2": {
        "again_minutes": 10,
        "step": {"good": 1, "easy": 2},
        "intervals": [1, 3],
        "new_per_session": 20,
    },
    "practice_decks.html": {
        "decks": [{"id": "all", "title": "All", "cards": 3, "apkg": "../assets/all.apkg", "csv": "../assets/all.csv"}]
    },
    "iv_fields.html": {"names": ["Candidate"]},
    "iv_boxes.html": {"label": "Level:", "options": ["Senior", "Staff"]},
    "iv_lines.html": {"lines": 2},
    "scoring_scale.md.j2": {"scale": [{"label": "1", "meaning": "weak"}]},
    "scoring_sheet.md.j2": {
        "scale": [{"label": "1", "meaning": "weak"}],
        "areas": [
            {
                "id": "a",
                "title": "A",
                "question": "[Q](q.md)",
                "ladder": "l.md#a",
                "anchors": [{"label": "1", "text": "t"}],
            }
        ],
        "levels": ["Senior"],
    },
    "debrief_sheet.md.j2": {
        "intro": "i",
        "header": ["Candidate"],
        "feedback": ["f"],
        "areas": ["A"],
        "scoring_sheet": "s.md",
        "scale": ["1", "2"],
        "agenda": [{"title": "T", "minutes": 5, "text": "x"}],
        "bias_checks": [{"id": "b", "text": "t"}],
        "levels": ["Senior"],
        "decision": ["Why"],
        "committee": ["c"],
    },
    "coding_rubric.md.j2": {
        "scale": ["1", "2", "3", "4"],
        "dimensions": [{"name": "D", "measures": "m", "anchors": ["a", "b", "c", "d"]}],
    },
    "story_worksheet_blank.md.j2": {"competencies": ["Ownership"], "rows": 2},
    "coding_table.html": {
        "columns": [{"id": "problem", "title": "Problem"}],
        "rows": [
            {
                "id": "bs",
                "title": "Binary search",
                "title_sort": "binary search",
                "link": "../q/bs/",
                "topic": {"title": "Algorithms", "sort": "algorithms", "link": "algorithms/"},
                "rank": 0,
                "difficulty": "easy",
                "difficulty_label": "Easy",
                "minutes": 20,
                "patterns": "",
                "patterns_sort": "",
                "rounds": "Coding",
                "rounds_sort": "coding",
                "tracks": [{"title": "General", "link": "../tracks/general/"}],
                "tracks_sort": "general",
            }
        ],
    },
    "page_facts.html": {"line": True, "minutes": 6, "updated": "2026-12-03", "updated_text": "December 3, 2026"},
    "print_document.html": {
        "title": "Guide",
        "styles": ["assets/a.css"],
        "body_attrs": templating.Safe(' dir="ltr"'),
        "content": templating.Safe("<p>x</p>"),
    },
    "print_pack.html": {
        "site": "Guide",
        "cover_title": "Guide",
        "subtitle": "All",
        "built": "2026-01-01",
        "questions": 1,
        "checklists": 1,
        "home": "../../index.html",
        "home_text": "index.html",
        "chapters": [
            {"id": "chapter-1", "title": "GPU", "entries": [{"anchor": "pq--kv", "title": "KV"}], "body": "<section>"}
        ],
        "checklists_body": "<section>",
    },
    "print_question.html": {"id": "kv", "body": templating.Safe("<h2>KV</h2>")},
    "print_checklist.html": {"id": "day-before", "title": "Day before", "block": templating.Safe("<div>")},
    "downloads_line.html": {"pdf": "../downloads/a.pdf", "page": "../print/a/index.html", "what": "this track"},
    "downloads_list.html": {
        "all": {"pdf": "a.pdf", "page": "print/all/index.html"},
        "tracks": [{"title": "Acme", "pdf": "b.pdf", "page": "print/acme/index.html"}],
        "zip": "downloads/site.zip",
    },
    "interviewer_areas.md.j2": {
        "areas": [{"title": "A", "link": "a.md#area-a", "tests": "t", "question": "[Q](q.md)", "rounds": "Coding"}]
    },
    "interviewer_area.md.j2": {
        "number": 1,
        "title": "A",
        "anchor": "area-a",
        "tests": "t",
        "run": "r",
        "question": "[Q](q.md)",
        "samples": "rows\n",
        "listen": ["l"],
        "strong": "s",
        "ladder": [{"level": "Senior", "ask": "a", "listen": "l"}],
        "levels_question": "[Q](q.md)",
        "level_labels": ["Mid", "Senior", "Staff"],
        "signals": [{"label": "Scope", "cells": ["a", "b", "c"]}],
    },
    "progressive_scoring.md.j2": {"stages": [{"title": "T", "adds": "a", "reveals": "r", "cap": "3"}], "rules": ["r"]},
    "assistant_rubric.md.j2": {"dimensions": [{"name": "D", "forbidden": "f", "allowed": "a"}]},
    "calibrated_answer.md.j2": {
        "id": "kv",
        "title": "KV",
        "question": "[KV](q.md)",
        "round": "Coding",
        "rubric": "coding",
        "dims": ["Correctness"],
        "context": "c",
        "answers": [
            {"admonition": "note", "label": "Weak", "quote": "    > w", "scores": [1], "score": "1", "why": "y"}
        ],
    },
    "story_worksheet.md.j2": {
        "owner": "o",
        "story_types": ["Conflict"],
        "coverage": [{"title": "Ownership", "marks": ["✓"], "count": 1}],
        "asks": [{"title": "Ownership", "questions": ["[Q](q.md)"]}],
        "stories": [
            {
                "id": "s",
                "type": "Conflict",
                "title": "T",
                "situation": "s",
                "task": "t",
                "actions": ["a"],
                "result": "r",
                "numbers": ["n"],
                "competencies": ["Ownership"],
                "answers": "rows\n",
                "probes": ["p"],
            }
        ],
    },
    "question_meta.md.j2": {
        "meta": {
            "badges": "b",
            "minutes": 10,
            "topics": [],
            "rounds": [],
            "companies": [],
            "asked": [],
            "as_of": "",
            "facts": "",
        }
    },
    "plan_rules.md.j2": {
        "rules": {
            "study_days": 6,
            "weights": {"base": 1, "track": 3, "company": 1, "feared": 2},
            "review_gaps": [2, 5],
            "review_min": 3,
            "final_mocks": 3,
        },
        "last_day": {"title": "day before", "link": "c.md#checklist-day-before", "duration": "30 min"},
        "kinds": "coding 45 minutes",
        "long_mocks": "full loop",
        "debrief": "20 min",
    },
}


@pytest.mark.parametrize("name", templating.names())
def test_each_template_renders_from_a_small_context(name):
    """Every input the template reads is in its sample (StrictUndefined names a missing one)."""
    assert name in SAMPLES, f"tests/pages/test_templates.py: add a sample context for {name}"
    out = templating.render(name, **SAMPLES[name])
    assert out.strip()
    if SAMPLES[name]:
        import jinja2

        with pytest.raises((jinja2.UndefinedError, TypeError)):  # TypeError: range() of an undefined
            templating.render(name)


def test_no_sample_for_a_template_that_is_gone():
    assert sorted(set(SAMPLES) - set(templating.names())) == []


# --------------------------------------------------------------------------- the checks can fail


def test_the_checks_catch_a_broken_contract(tmp_path):
    """Each check finds what it is for: a hook listed under the wrong template, a reader that
    does not read it, a hook the scripts read that the README leaves out, a missing section."""
    sections, rows = contract(README.read_text(encoding="utf-8"))
    hooks = template_hooks()
    files = assets()

    assert section_problems(sections[1:], templating.names()), "a dropped section goes unnoticed"

    moved = [dict(rows[0], templates=["practised_mark.html"], hook=".no-such-hook")]
    assert listed_problems(moved, hooks), "a hook its template does not write goes unnoticed"

    wrong_reader = [dict(r, readers=["redirect.js"]) for r in rows if "guide.js" in r["readers"]][:1]
    assert wrong_reader and listed_problems(wrong_reader, hooks), "a false reader goes unnoticed"

    read = next(r for r in rows if any(n.endswith(".js") for n in r["readers"]))
    assert undocumented_problems([r for r in rows if r is not read], hooks, files), (
        "an undocumented hook goes unnoticed"
    )

    # a new hook in a template, read by a script, and not in the README
    (tmp_path / "new.html").write_text('<div data-question-actions="{{ id }}"></div>\n', encoding="utf-8")
    assert undocumented_problems(rows, template_hooks(tmp_path), files) == [
        "new.html writes data-question-actions, which guide.js read(s): not in README.md"
    ]


def test_the_scan_reads_jinja_and_attr_lists():
    src = (
        '{# class="in-comment" #}<span class="a q-difficulty--{{ d }}{% if x == "y" %} b{% endif %}" '
        'data-x="{{ v }}" data-flag id="one"></span>\n{: #anchor .row data-q="{{ id }}" }'
    )
    assert hooks_in(src) == {".a", ".q-difficulty--*", ".b", "data-x", "data-flag", "#one", "#anchor", ".row", "data-q"}


def test_the_reader_scan_knows_selectors_classlist_dataset_and_the_banks_facets(tmp_path):
    js = tmp_path / "a.js"
    js.write_text(
        'var FACETS = [{ key: "kind" }];\n// ".commented" is not read\n'
        'x.querySelector("form.calc[data-calc]"); y.classList.toggle("on"); z.dataset.fooBar;\n'
        'm.getAttribute("data-" + f.key); document.getElementById("box");\n',
        encoding="utf-8",
    )
    css = tmp_path / "a.css"
    css.write_text(".q-difficulty--easy, [data-shown] { color: red } /* .gone */\n", encoding="utf-8")
    for hook in (".calc", "data-calc", ".on", "data-foo-bar", "data-kind", "#box"):
        assert uses(js, hook), hook
    for hook in (".commented", "data-difficulty", ".cal", "#bo"):
        assert not uses(js, hook), hook
    assert uses(css, ".q-difficulty--*") and uses(css, "data-shown")
    assert not uses(css, ".gone") and not uses(css, ".q-difficulty")
