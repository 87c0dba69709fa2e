"""One source of truth for accelerator figures: data/hardware.yml and its placeholders.

Every page that quotes a GPU's memory, bandwidth or FLOPs reads it from data/hardware.yml:

* in question files (title, prompt, short answer, body) and checklist text, write
  `[[hw:<id>.<field>]]`, e.g. `[[hw:h100-sxm.memory_bw]]`; the loader replaces it with the
  figure and its unit ("3.35 TB/s") before any page, practice file or deck is built;
* on a docs page with `render_macros: true`, write `{{ hw('h100-sxm.memory_bw') }}` (a bare
  `[[hw:...]]` in the page's prose works too), or `{{ hardware_table() }}` for the whole table.

Placeholders inside code (fenced blocks and `code spans`) are left as written, so the syntax
can be shown. A bad reference fails the load with one line naming the file, the record, the
placeholder and what is allowed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError

from .errors import GuideError
from .mdtext import CODE_SPAN, lines_outside_code
from .model import Record, Text

HARDWARE_FILE = "data/hardware.yml"
PLACEHOLDER = re.compile(r"\[\[hw:([^\]\n]*)\]\]")

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$", max_length=300)]
HwId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Positive = Annotated[float, Field(gt=0, lt=1e7)]
Count = Annotated[int, Field(gt=0, lt=10**6)]


class Accelerator(Record):
    """One accelerator. Figures are per device, dense (no 2:4 sparsity), vendor peak."""

    id: HwId
    name: Text
    vendor: Literal["NVIDIA", "AMD", "Google"]
    memory: Positive  # GB of HBM per device
    memory_type: Text  # HBM3, HBM3e, ...
    memory_bw: Positive  # TB/s
    bf16: Positive  # dense TFLOPS
    fp8: Positive | None  # dense TFLOPS; None: no hardware FP8
    fp4: Positive | None  # dense TFLOPS; None: no hardware FP4
    scaleup: Text  # name of the scale-up link
    scaleup_bw: Positive  # GB/s per device, both directions summed
    scaleup_domain: Count  # devices in one scale-up domain
    power: Count | None  # W; None: the vendor does not publish it
    cooling: Literal["air", "liquid", "either"] | None
    rack_name: Text | None = None  # rack-scale systems (NVL72) only
    rack_gpus: Count | None = None
    rack_cpus: Count | None = None
    rack_memory: Positive | None = None  # TB of HBM in the rack
    rack_scaleup_bw: Positive | None = None  # TB/s of NVLink in the rack
    as_of: Month
    source: Url
    note: str = ""


# Placeholder fields and how each renders. Units: the value's unit, or a callable for the
# device word ("GPUs" / "chips").
UNITS: dict[str, str | None] = {
    "name": None,
    "vendor": None,
    "memory": "GB",
    "memory_type": None,
    "memory_bw": "TB/s",
    "bf16": "TFLOPS",
    "fp8": "TFLOPS",
    "fp4": "TFLOPS",
    "scaleup": None,
    "scaleup_bw": "GB/s",
    "scaleup_domain": "devices",
    "power": "W",
    "cooling": None,
    "rack_name": None,
    "rack_gpus": "GPUs",
    "rack_cpus": "CPUs",
    "rack_memory": "TB",
    "rack_scaleup_bw": "TB/s",
    "as_of": None,
    "source": None,
}
FIELDS = tuple(UNITS)


def number(value: float) -> str:
    """100 and up: a whole number with thousands separators (989, 1,979); below 100: three
    significant figures without trailing zeros (3.35, 4.8, 8, 13.4)."""
    if value >= 100:
        return f"{int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)):,}"
    d = Decimal(str(value))
    places = 3 - (d.adjusted() + 1)
    q = d.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) if places > 0 else d
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def device_word(acc: Accelerator) -> str:
    return "chips" if acc.vendor == "Google" else "GPUs"


def format_value(acc: Accelerator, field: str) -> str | None:
    """The figure with its unit, or None when the record has no value for the field."""
    value = getattr(acc, field)
    if value is None:
        return None
    unit = UNITS[field]
    if unit is None:
        return str(value)
    if unit == "devices":
        unit = device_word(acc)
    return f"{number(value)} {unit}"


# --------------------------------------------------------------------------- loading


def _describe(err: dict) -> str:
    from .load import describe_error

    loc = ".".join(str(p) for p in err["loc"])
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        return f"field '{loc}': is not a known field (allowed: {', '.join(Accelerator.model_fields)})"
    if kind in ("float_type", "float_parsing", "int_from_float", "bool_type"):
        return f"field '{loc}': has the wrong type: {type(value).__name__} (allowed: a number)"
    if kind in ("greater_than", "less_than"):
        return (
            f"field '{loc}': {value!r} is out of range (allowed: a positive figure in the unit the file header gives)"
        )
    if kind == "string_pattern_mismatch" and loc == "source":
        return f"field 'source': {value!r} is not a link (allowed: an https:// URL of the vendor's datasheet)"
    return describe_error(err, Accelerator)


def load_hardware(root: Path) -> dict[str, Accelerator]:
    """data/hardware.yml, validated; {} when the project has no such file."""
    from .load import parse_yaml, read_text, record_id

    path = Path(root) / HARDWARE_FILE
    if not path.exists():
        return {}
    rel = HARDWARE_FILE
    data = parse_yaml(read_text(path, Path(root)), rel)
    if not isinstance(data, list):
        raise GuideError(f"{rel}: expected a list of accelerators (write '- id: ...' entries)")
    out: dict[str, Accelerator] = {}
    for i, item in enumerate(data):
        rid = record_id(item, f"#{i + 1}")
        if not isinstance(item, dict):
            raise GuideError(f"{rel}: accelerator '{rid}': is not a mapping of fields (write 'field: value' lines)")
        try:
            acc = Accelerator.model_validate(item)
        except ValidationError as e:
            raise GuideError(f"{rel}: accelerator '{rid}': {_describe(e.errors()[0])}") from None
        if acc.id in out:
            raise GuideError(f"{rel}: accelerator '{acc.id}': field 'id': used twice (allowed: unique ids)")
        rack = [acc.rack_name, acc.rack_gpus, acc.rack_cpus, acc.rack_memory, acc.rack_scaleup_bw]
        if any(v is None for v in rack) and any(v is not None for v in rack):
            raise GuideError(
                f"{rel}: accelerator '{acc.id}': field 'rack_gpus': rack fields come together "
                "(allowed: all of rack_name, rack_gpus, rack_cpus, rack_memory, rack_scaleup_bw, or none)"
            )
        out[acc.id] = acc
    return out


# --------------------------------------------------------------------------- placeholders


def lookup(hardware: dict[str, Accelerator], ref: str) -> str:
    """The text for one reference '<id>.<field>'; ValueError with what is wrong and allowed."""
    acc_id, _, field = ref.strip().partition(".")
    if acc_id not in hardware:
        raise ValueError(
            f"unknown accelerator '{acc_id}' (allowed: {', '.join(hardware) or 'ids in ' + HARDWARE_FILE})"
        )
    if field not in UNITS:
        raise ValueError(f"unknown field '{field}' (allowed: {', '.join(FIELDS)})")
    text = format_value(hardware[acc_id], field)
    if text is None:
        have = [f for f in FIELDS if getattr(hardware[acc_id], f) is not None]
        raise ValueError(
            f"'{acc_id}' has no {field} figure in {HARDWARE_FILE} (no hardware support "
            f"or not published; allowed: {', '.join(have)})"
        )
    return text


def _in_prose(text: str, fn) -> str:
    """Apply fn to the prose of a Markdown text: not fenced code, not inline code spans."""
    out = []
    for line, prose in lines_outside_code(text):
        if prose:
            parts, pos = [], 0
            for m in CODE_SPAN.finditer(line):
                parts += [fn(line[pos : m.start()]), m.group(0)]
                pos = m.end()
            line = "".join(parts + [fn(line[pos:])])
        out.append(line)
    result = "\n".join(out)
    return result + "\n" if text.endswith("\n") else result


def resolve(text: str, hardware: dict[str, Accelerator], where: str) -> str:
    """Replace every [[hw:<id>.<field>]] in the prose of text; GuideError naming `where`."""
    if "[[hw:" not in text:
        return text

    def one(m: re.Match) -> str:
        try:
            value = lookup(hardware, m.group(1))
        except ValueError as e:
            raise GuideError(f"{where}: placeholder '{m.group(0)}': {e}") from None
        # The figure carries its unit: "[[hw:gb200.scaleup_domain]] GPUs" would read "72 GPUs GPUs".
        unit = value.rsplit(" ", 1)[-1]
        after = m.string[m.end() :].split(None, 1)
        if " " in value and after and after[0].rstrip(".,;:)").lower() == unit.lower():
            raise GuideError(
                f"{where}: placeholder '{m.group(0)}' is followed by '{after[0]}', but it renders as "
                f"'{value}' with its unit (allowed: drop the word after the placeholder)"
            )
        return value

    return _in_prose(text, lambda s: PLACEHOLDER.sub(one, s))


def resolve_guide(guide, problems) -> None:
    """Resolve placeholders in every question and checklist of a loaded guide, in place."""
    hw = guide.hardware
    for qid, q in list(guide.questions.items()):
        try:
            where = f"{q.source}: question '{qid}'"
            update = {
                name: resolve(getattr(q, name), hw, f"{where}: field '{name}'")
                for name in ("title", "prompt", "short_answer", "body")
            }
        except GuideError as e:
            problems.report(e)
            continue
        if any(update[n] != getattr(q, n) for n in update):
            guide.questions[qid] = q.model_copy(update=update)
    for cid, c in list(guide.checklists.items()):
        where = f"{c.source}: checklist '{cid}'"
        try:
            intro = resolve(c.intro, hw, f"{where}: field 'intro'")
            sections = [
                s.model_copy(
                    update={
                        "items": [
                            i.model_copy(update={"text": resolve(i.text, hw, f"{where}: item '{i.id}'")})
                            for i in s.items
                        ]
                    }
                )
                for s in c.sections
            ]
        except GuideError as e:
            problems.report(e)
            continue
        guide.checklists[cid] = c.model_copy(update={"intro": intro, "sections": sections})


# --------------------------------------------------------------------------- page macros


def hw_macro(hardware: dict[str, Accelerator], ref: object, page: str) -> str:
    if not isinstance(ref, str):
        raise GuideError(f"docs/{page}: hw({ref!r}): write hw('<id>.<field>'), e.g. hw('h100-sxm.memory')")
    try:
        return lookup(hardware, ref)
    except ValueError as e:
        raise GuideError(f"docs/{page}: hw({ref!r}): {e}") from None


def hardware_table(hardware: dict[str, Accelerator]) -> str:
    """The comparison table: one row per accelerator, figures with units, as-of and source."""

    def cell(acc: Accelerator, field: str, missing: str = "none") -> str:
        return format_value(acc, field) or missing

    head = (
        "| Accelerator | Memory | Memory bandwidth | Dense BF16 | Dense FP8 | Dense FP4 "
        "| Scale-up link (both directions) | Scale-up domain | Power | Cooling | Checked |"
    )
    rows = [head, "| " + " | ".join(["---"] * 11) + " |"]
    for acc in hardware.values():
        rows.append(
            "| "
            + " | ".join(
                [
                    acc.name,
                    f"{cell(acc, 'memory')} {acc.memory_type}",
                    cell(acc, "memory_bw"),
                    cell(acc, "bf16"),
                    cell(acc, "fp8", "no hardware FP8"),
                    cell(acc, "fp4", "no hardware FP4"),
                    f"{acc.scaleup}, {cell(acc, 'scaleup_bw')}",
                    cell(acc, "scaleup_domain"),
                    cell(acc, "power", "not published"),
                    acc.cooling or "not published",
                    f"[{acc.as_of}]({acc.source})",
                ]
            )
            + " |"
        )
    racks = [a for a in hardware.values() if a.rack_gpus]
    if racks:
        rows += [
            "",
            "| Rack-scale system | GPUs | CPUs | HBM in the rack | NVLink in the rack |",
            "| --- | --- | --- | --- | --- |",
        ]
        rows += [
            f"| {a.rack_name} | {cell(a, 'rack_gpus')} | {cell(a, 'rack_cpus')} | "
            f"{cell(a, 'rack_memory')} | {cell(a, 'rack_scaleup_bw')} |"
            for a in racks
        ]
    notes = [f"- **{acc.name}:** {' '.join(acc.note.split())}" for acc in hardware.values() if acc.note.strip()]
    return "\n" + "\n".join(rows) + "\n\n" + "\n".join(notes) + "\n"
