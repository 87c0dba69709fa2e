"""The calculator pages: forms, default results, worked examples and question lists, rendered
at build time from macros/data/napkin.py (the formulas) and data/hardware.yml (the figures).

Macros, for pages with `render_macros: true`:

* `calculator('<id>')`: the form and its results. Every input arrives filled with its default
  and disabled, and the results are computed here, so the page reads complete without
  JavaScript and nothing shifts when docs/assets/calc.js enables the form. The accelerator and
  link presets carry their figures as data attributes: the script never types a figure.
* `napkin_example('<id>', outputs=[...], **inputs)`: a worked example as a table of inputs and
  results, with a link that opens it in the calculator.
* `napkin_value('<id>', '<output>', **inputs)`: one result, formatted, for a sentence.
* `napkin_table('<id>', '<field>', [values], [outputs], **inputs)`: one row per value of a field.
* `calculator_link('<id>', **inputs)`: the relative URL of the calculator with those inputs.
* `calculator_questions('<id>')`: the questions whose body links to the calculator, as rows;
  the build fails if such a link names an unknown input or carries a value the form rejects.

The markup is in macros/pages/templates/: calculator.html (the form), calc_field.html (one
input), calc_results.html, napkin_example.md.j2 and napkin_table.md.j2; their README.md lists
the data attributes calc.js reads.

A question links to a calculator with an ordinary relative link written from its home page,
query string and all: `[Try it](../calculators/kv-cache.md?ctx=32768)`. MkDocs checks the
page and keeps the query; the engine rebases the link for the question's own page.
"""

from __future__ import annotations

import html
import json
import posixpath
from urllib.parse import parse_qsl, urlsplit

from ..data import napkin
from ..data.errors import GuideError
from .render import EXTERNAL, LINK
from .templating import render

FOLDER = "calculators"
BOUNDS = ("gt", "ge", "lt", "le")  # a field's limits, as data-gt ... data-le
PREFIX = {
    "training-memory": "tm",
    "inference-memory": "im",
    "collective": "co",
    "roofline": "rf",
    "training-time": "tt",
    "failures": "fc",
    "serving-fleet": "sf",
}


def page_of(calc_id: str) -> str:
    return f"{FOLDER}/{calc_id}.md"


def number_attr(x) -> str:
    """A figure as calc.js reads it back with Number(): repr keeps every bit."""
    return "" if x is None else repr(float(x))


class Calculators:
    def __init__(self, guide, renderer):
        self.g = guide
        self.r = renderer
        self.gpus = napkin.gpus_from(guide.hardware)

    # ------------------------------------------------------------------ inputs

    def calc(self, calc_id: object, page: str, call: str) -> napkin.Calculator:
        if not isinstance(calc_id, str) or calc_id not in napkin.CALCULATORS:
            raise GuideError(
                f"docs/{page}: {call}({calc_id!r}): unknown calculator (allowed: {', '.join(napkin.CALCULATORS)})"
            )
        if not self.gpus:
            raise GuideError(
                f"docs/{page}: {call}({calc_id!r}): the calculators need {napkin_hw_file()} "
                "(allowed: a project with its hardware table)"
            )
        return napkin.CALCULATORS[calc_id]

    def raw(self, calc: napkin.Calculator, inputs: dict, where: str) -> dict[str, str]:
        """Macro keyword arguments as the text a reader would type; a bad one fails the build."""
        names = napkin.FIELDS[calc.id]
        out = {}
        for name, value in inputs.items():
            if name not in names:
                raise GuideError(f"{where}: unknown input '{name}' (allowed: {', '.join(names)})")
            if isinstance(value, bool):
                value = "1" if value else "0"
            out[name] = str(value)
        result = napkin.run(calc.id, out, self.gpus)
        if result["errors"]:
            name, message = next(iter(result["errors"].items()))
            raise GuideError(f"{where}: input '{name}' = {out.get(name, names[name].default)!r}: {message}")
        return out

    def link(self, calc_id: str, page: str, raw: dict[str, str]) -> str:
        target = page_of(calc_id)
        rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
        q = napkin.query(calc_id, raw, self.gpus)
        return rel + (f"?{q}" if q else "")

    # ------------------------------------------------------------------ the form

    def field_view(self, calc: napkin.Calculator, f: napkin.Field, values: dict) -> dict:
        """What calc_field.html shows of one input: its rules as calc.js reads them back."""
        prefix = f"c-{PREFIX[calc.id]}-{f.name}"
        described = [f"{prefix}-unit"] if f.unit else []
        described += [f"{prefix}-help", f"{prefix}-error"] if f.help else [f"{prefix}-error"]
        bounds = {key: number_attr(getattr(f, key)) if getattr(f, key) is not None else None for key in BOUNDS}
        return {
            "id": prefix,
            "name": f.name,
            "kind": f.kind,
            "default": f.default,
            "label": f.label,
            "unit": f.unit,
            "help": f.help,
            "source": f.source,
            "integer": f.integer,
            "optional": f.optional,
            **bounds,
            "when": json.dumps({k: list(v) for k, v in f.when}, separators=(",", ":")) if f.when else "",
            "hidden": not napkin.active(f, values),
            "described": " ".join(described),
            "options": (
                [
                    {"value": value, "text": text, "selected": value == f.default, **self.option_data(f, value)}
                    for value, text in napkin.field_options(f, self.gpus)
                ]
                if f.kind == "select"
                else []
            ),
        }

    def option_data(self, f: napkin.Field, value: str) -> dict:
        """A preset's figures: an accelerator's (`gpu`) or a link's bandwidth (`bw`)."""
        gpu = bw = None
        if f.source == "gpus" and value in self.gpus:
            g = self.gpus[value]
            gpu = {k: number_attr(g[k]) for k in ("memory", "memory_bw", "bf16", "fp8", "fp4")} | {"name": g["name"]}
        if f.source == "links":
            each = {v: each for v, _, each in napkin.links(self.gpus)}[value]
            bw = number_attr(each) if each is not None else None
        return {"gpu": gpu, "bw": bw}

    def results_html(self, calc: napkin.Calculator, result: dict) -> str:
        outputs = []
        for o in calc.outputs:
            value = result["outputs"][o.name]
            outputs.append(
                {
                    "name": o.name,
                    "kind": o.kind,
                    "unit": o.unit,
                    "label": o.label,
                    "value": value if isinstance(value, str) else number_attr(value),
                    "text": result["text"][o.name],
                }
            )
        return render("calc_results.html", id=calc.id, outputs=outputs)

    def calculator(self, calc_id: object, page: str) -> str:
        calc = self.calc(calc_id, page, "calculator")
        result = napkin.run(calc.id, {}, self.gpus)
        groups: dict[str, list[dict]] = {}
        for f in calc.fields:
            groups.setdefault(f.group or "Inputs", []).append(self.field_view(calc, f, result["values"]))
        form = render(
            "calculator.html",
            id=calc.id,
            title=calc.title,
            groups=[{"name": name, "fields": fields} for name, fields in groups.items()],
            verdict=result["text"]["verdict"],
        )
        return "\n" + form + "\n\n" + self.results_html(calc, result) + "\n"

    # ------------------------------------------------------------------ worked examples

    def example(self, calc_id: object, page: str, outputs=None, **inputs) -> str:
        calc = self.calc(calc_id, page, "napkin_example")
        where = f"docs/{page}: napkin_example({calc_id!r})"
        raw = self.raw(calc, inputs, where)
        result = napkin.run(calc.id, raw, self.gpus)
        names = self.output_names(calc, outputs, where)
        out = {o.name: o for o in calc.outputs}
        return render(
            "napkin_example.md.j2",
            inputs=[
                {"label": f.label, "value": self.input_text(f, raw[f.name])}
                for f in calc.fields
                if f.name in raw and napkin.active(f, result["values"])
            ],
            results=[{"label": out[name].label, "value": escape_cell(result["text"][name])} for name in names],
            link=self.link(calc.id, page, raw),
        )

    def input_text(self, f: napkin.Field, text: str) -> str:
        """An input as a worked example's table shows it: an option's label (an accelerator's
        name), yes / no, or the number (whole numbers grouped: 8,192) with its unit."""
        if f.kind == "select":
            if f.source == "gpus" and text in self.gpus:
                return escape_cell(self.gpus[text]["name"])
            return escape_cell(dict(napkin.field_options(f, self.gpus))[text])
        if f.kind == "check":
            return "yes" if text == "1" else "no"
        x = float(napkin.clean_number(text))
        shown = f"{int(x):,}" if x.is_integer() and abs(x) < 1e15 else text.strip()
        if f.unit in ("%", "$"):
            return escape_cell(f"${shown}" if f.unit == "$" else f"{shown}%")
        return escape_cell(f"{shown} {f.unit}".strip())

    def output_names(self, calc: napkin.Calculator, outputs, where: str) -> list[str]:
        known = [o.name for o in calc.outputs]
        if outputs is None:
            return [n for n in known if n != "verdict"]
        if isinstance(outputs, str):
            outputs = [outputs]
        for name in outputs:
            if name not in known:
                raise GuideError(f"{where}: unknown output '{name}' (allowed: {', '.join(known)})")
        return list(outputs)

    def value(self, calc_id: object, output: object, page: str, **inputs) -> str:
        calc = self.calc(calc_id, page, "napkin_value")
        where = f"docs/{page}: napkin_value({calc_id!r}, {output!r})"
        (name,) = self.output_names(calc, [output] if isinstance(output, str) else output, where)
        return napkin.run(calc.id, self.raw(calc, inputs, where), self.gpus)["text"][name]

    def table(self, calc_id: object, vary: object, values, outputs, page: str, labels=None, **inputs) -> str:
        calc = self.calc(calc_id, page, "napkin_table")
        where = f"docs/{page}: napkin_table({calc_id!r}, {vary!r})"
        fields = napkin.FIELDS[calc.id]
        if vary not in fields:
            raise GuideError(f"{where}: unknown input '{vary}' (allowed: {', '.join(fields)})")
        names = self.output_names(calc, outputs, where)
        out = {o.name: o for o in calc.outputs}
        labels = list(labels) if labels else None
        if labels and len(labels) != len(values):
            raise GuideError(f"{where}: {len(labels)} labels for {len(values)} values (allowed: one label per value)")
        rows = []
        for i, v in enumerate(values):
            raw = self.raw(calc, {**inputs, vary: v}, where)
            result = napkin.run(calc.id, raw, self.gpus)
            label = labels[i] if labels else self.input_text(fields[vary], raw[vary])
            cells = [label] + [escape_cell(result["text"][n]) for n in names]
            rows.append({"cells": cells, "link": self.link(calc.id, page, raw)})
        return render("napkin_table.md.j2", head=[fields[vary].label] + [out[n].label for n in names], rows=rows)

    # ------------------------------------------------------------------ questions that use a calculator

    def question_links(self, q) -> list[tuple[str, dict[str, str]]]:
        """(calculator id, inputs) for every link to a calculator in a question's body."""
        found = []
        home_dir = posixpath.dirname(q.home)
        for m in LINK.finditer(q.body):
            target = m.group(2)
            if target.startswith(("q:", "#")) or EXTERNAL.match(target):
                continue
            parts = urlsplit(target)
            path = posixpath.normpath(posixpath.join(home_dir, parts.path))
            if not path.startswith(FOLDER + "/"):
                continue
            calc_id = path[len(FOLDER) + 1 : -len(".md")] if path.endswith(".md") else ""
            if calc_id not in napkin.CALCULATORS:
                continue  # the index page, or a path MkDocs reports as missing
            found.append((calc_id, dict(parse_qsl(parts.query, keep_blank_values=True))))
        return found

    def check_question_link(self, q, calc_id: str, raw: dict[str, str]) -> None:
        where = f"{q.source}: question '{q.id}': link to {page_of(calc_id)}"
        fields = napkin.FIELDS[calc_id]
        for name in raw:
            if name not in fields:
                raise GuideError(f"{where}: unknown input '{name}' (allowed: {', '.join(fields)})")
        errors = napkin.run(calc_id, raw, self.gpus)["errors"]
        if errors:
            name, message = next(iter(errors.items()))
            raise GuideError(f"{where}: input '{name}' = {raw.get(name, fields[name].default)!r}: {message}")

    def users(self, calc_id: str) -> list:
        out = []
        for q in self.g.questions.values():
            links = [raw for cid, raw in self.question_links(q) if cid == calc_id]
            for raw in links:
                self.check_question_link(q, calc_id, raw)
            if links:
                out.append(q)
        return sorted(out, key=lambda q: q.title.lower())

    def questions(self, calc_id: object, page: str) -> str:
        calc = self.calc(calc_id, page, "calculator_questions")
        qs = self.users(calc.id)
        if not qs:
            return "\nNo question links here yet.\n"
        return "\n" + self.r.compact(qs, page) + "\n"


def escape_cell(text: str) -> str:
    """Text for a Markdown table cell: no pipes, no HTML."""
    return html.escape(text, quote=False).replace("|", "\\|")


def napkin_hw_file() -> str:
    from ..data.hardware import HARDWARE_FILE

    return HARDWARE_FILE


def register(env, guide, renderer, page) -> None:
    calcs = Calculators(guide, renderer)
    renderer.calculators = calcs

    @env.macro
    def calculator(id):
        """A calculator's form and results (docs/assets/calc.js makes it live)."""
        return calcs.calculator(id, page())

    @env.macro
    def napkin_example(id, outputs=None, **inputs):
        """A worked example computed by macros/data/napkin.py, with a link that opens it in the calculator."""
        return calcs.example(id, page(), outputs, **inputs)

    @env.macro
    def napkin_value(id, output, **inputs):
        """One formatted result of a calculator, for prose."""
        return calcs.value(id, output, page(), **inputs)

    @env.macro
    def napkin_table(id, vary, values, outputs, labels=None, **inputs):
        """One row per value of one input."""
        return calcs.table(id, vary, values, outputs, page(), labels, **inputs)

    @env.macro
    def calculator_link(id, **inputs):
        """The calculator's relative URL with these inputs in its query."""
        calc = calcs.calc(id, page(), "calculator_link")
        return calcs.link(calc.id, page(), calcs.raw(calc, inputs, f"docs/{page()}: calculator_link({id!r})"))

    @env.macro
    def calculator_questions(id):
        """The questions that link to this calculator."""
        return calcs.questions(id, page())
