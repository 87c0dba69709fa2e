"""data/hardware.yml and its placeholders: the file loads and is complete, figures format
with their units, bad references and bad records fail with one clear line, and no question
or page types a figure the file holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from macros.data.errors import GuideError
from macros.data.hardware import (
    FIELDS,
    hardware_table,
    hw_macro,
    load_hardware,
    lookup,
    number,
    resolve,
)
from macros.data.load import Problems, load_guide, split_front_matter
from macros.data.mdtext import CODE_SPAN, lines_outside_code
from tests.fixture_project import edit

ROOT = Path(__file__).resolve().parents[2]
HW = "data/hardware.yml"
Q1 = "data/questions/alpha/first-question.md"
IDS = [
    "a100-80gb",
    "h100-sxm",
    "h200",
    "b200",
    "b300",
    "gb200",
    "gb300",
    "mi300x",
    "mi325x",
    "mi355x",
    "tpu-v5p",
    "tpu-v6e",
    "tpu-v7",
]


@pytest.fixture(scope="module")
def hardware():
    return load_hardware(ROOT)


@pytest.fixture
def mini_hw(mini) -> Path:
    """The mini fixture project with the real hardware file."""
    shutil.copy(ROOT / HW, mini / HW)
    return mini


def error_of(root) -> str:
    with pytest.raises(GuideError) as e:
        load_guide(root)
    message = str(e.value)
    assert "\n" not in message
    return message


def records(root: Path) -> list[dict]:
    return yaml.safe_load((root / HW).read_text())


def write_records(root: Path, data: list[dict]) -> None:
    (root / HW).write_text(yaml.safe_dump(data, sort_keys=False))


# --------------------------------------------------------------------------- the file


def test_every_accelerator_once_in_order(hardware):
    assert list(hardware) == IDS


def test_records_are_dated_and_sourced(hardware):
    for acc in hardware.values():
        assert acc.as_of == "2026-12", acc.id
        assert acc.source.startswith("https://"), acc.id
        assert re.search(r"nvidia\.com|amd\.com|cloud\.google\.com", acc.source), acc.id


def test_dense_figures_are_ordered(hardware):
    """Dense peaks: each narrower format is at least as fast as the wider one, where it exists."""
    for acc in hardware.values():
        if acc.fp8:
            assert acc.fp8 >= acc.bf16, acc.id
        if acc.fp4:
            assert acc.fp8 and acc.fp4 >= acc.fp8, acc.id


def test_cooling_and_rack_fields(hardware):
    assert hardware["b200"].cooling == "air"
    assert hardware["gb200"].cooling == hardware["gb300"].cooling == "liquid"
    for rack in ("gb200", "gb300"):
        assert hardware[rack].rack_gpus == hardware[rack].scaleup_domain == 72
        assert hardware[rack].rack_cpus == 36
    assert all(hardware[i].rack_gpus is None for i in IDS if not i.startswith("gb"))


def test_hopper_shares_compute(hardware):
    h100, h200 = hardware["h100-sxm"], hardware["h200"]
    assert (h100.bf16, h100.fp8) == (h200.bf16, h200.fp8)
    assert h200.memory > h100.memory and h200.memory_bw > h100.memory_bw


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    "value,text",
    [
        (80, "80"),
        (3.35, "3.35"),
        (4.8, "4.8"),
        (8, "8"),
        (2.039, "2.04"),
        (2.765, "2.77"),
        (13.4, "13.4"),
        (989.4, "989"),
        (1978.9, "1,979"),
        (2250, "2,250"),
        (8960, "8,960"),
        (0.5, "0.5"),
    ],
)
def test_number(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    "ref,text",
    [
        ("h100-sxm.memory", "80 GB"),
        ("h100-sxm.memory_bw", "3.35 TB/s"),
        ("h100-sxm.bf16", "989 TFLOPS"),
        ("h100-sxm.fp8", "1,979 TFLOPS"),
        ("h100-sxm.scaleup_bw", "900 GB/s"),
        ("gb200.scaleup_domain", "72 GPUs"),
        ("h100-sxm.power", "700 W"),
        ("h100-sxm.name", "NVIDIA H100 SXM"),
        ("h100-sxm.scaleup", "NVLink 4"),
        ("tpu-v7.scaleup_domain", "9,216 chips"),
        ("gb300.rack_memory", "20 TB"),
        ("gb200.rack_scaleup_bw", "130 TB/s"),
        ("b200.cooling", "air"),
        ("mi300x.memory_type", "HBM3"),
    ],
)
def test_lookup_formats_with_units(hardware, ref, text):
    assert lookup(hardware, ref) == text


def test_every_field_of_every_record_formats_or_says_why(hardware):
    for acc in hardware.values():
        for f in FIELDS:
            if getattr(acc, f) is None:
                with pytest.raises(ValueError, match="no hardware support or not published"):
                    lookup(hardware, f"{acc.id}.{f}")
            else:
                assert lookup(hardware, f"{acc.id}.{f}").strip()


def test_resolve_leaves_code_alone(hardware):
    text = "An H100 has [[hw:h100-sxm.memory]].\n`[[hw:h100-sxm.memory]]` is the syntax.\n```\n[[hw:nope.nope]]\n```\n"
    out = resolve(text, hardware, "x")
    assert out == ("An H100 has 80 GB.\n`[[hw:h100-sxm.memory]]` is the syntax.\n```\n[[hw:nope.nope]]\n```\n")


def test_hardware_table_has_every_record_and_source(hardware):
    table = hardware_table(hardware)
    for acc in hardware.values():
        assert acc.name in table and f"]({acc.source})" in table
    assert "no hardware FP4" in table and "not published" in table and "NVIDIA GB200 NVL72" in table


def test_hw_macro_errors_name_the_page(hardware):
    assert hw_macro(hardware, "h200.memory", "topics/gpu-cuda.md") == "141 GB"
    with pytest.raises(GuideError) as e:
        hw_macro(hardware, "h300.memory", "topics/gpu-cuda.md")
    assert str(e.value).startswith(
        "docs/topics/gpu-cuda.md: hw('h300.memory'): unknown accelerator 'h300' (allowed: a100-80gb,"
    )


# --------------------------------------------------------------------------- placeholders in data


def test_placeholders_resolve_in_questions(mini_hw):
    edit(mini_hw / Q1, "## Answer\n", "## Answer\n\nIt holds [[hw:h200.memory]] at [[hw:h200.memory_bw]].\n")
    text = (mini_hw / Q1).read_text()
    text = text.replace("prompt: ", "prompt: On an H200 ([[hw:h200.memory]]), ", 1)
    (mini_hw / Q1).write_text(text)
    q = load_guide(mini_hw).questions["first-question"]
    assert "It holds 141 GB at 4.8 TB/s." in q.body
    assert q.prompt.startswith("On an H200 (141 GB), ")
    assert "[[hw:" not in q.body + q.prompt


def test_placeholders_resolve_in_checklists(mini_hw):
    path = next((mini_hw / "data" / "checklists").glob("*.yml"))
    data = yaml.safe_load(path.read_text())
    data["sections"][0]["items"][0]["text"] = "Quote [[hw:mi300x.memory]] for the MI300X."
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    c = load_guide(mini_hw).checklists[data["id"]]
    assert c.sections[0].items[0].text == "Quote 192 GB for the MI300X."


def test_unknown_accelerator(mini_hw):
    edit(mini_hw / Q1, "## Answer\n", "## Answer\n\nSee [[hw:h300.memory]].\n")
    assert error_of(mini_hw) == (
        f"{Q1}: question 'first-question': field 'body': placeholder '[[hw:h300.memory]]': "
        "unknown accelerator 'h300' (allowed: " + ", ".join(IDS) + ")"
    )


def test_unknown_field(mini_hw):
    edit(mini_hw / Q1, "## Answer\n", "## Answer\n\nSee [[hw:h100-sxm.hbm]].\n")
    message = error_of(mini_hw)
    assert message.startswith(
        f"{Q1}: question 'first-question': field 'body': placeholder "
        "'[[hw:h100-sxm.hbm]]': unknown field 'hbm' (allowed: name, vendor, memory,"
    )


def test_field_without_a_figure(mini_hw):
    edit(mini_hw / Q1, "## Answer\n", "## Answer\n\nSee [[hw:h100-sxm.fp4]].\n")
    message = error_of(mini_hw)
    assert "placeholder '[[hw:h100-sxm.fp4]]': 'h100-sxm' has no fp4 figure" in message
    assert "(no hardware support or not published; allowed: name," in message


def test_placeholder_without_the_file(mini):
    edit(mini / Q1, "## Answer\n", "## Answer\n\nSee [[hw:h100-sxm.memory]].\n")
    assert "unknown accelerator 'h100-sxm' (allowed: ids in data/hardware.yml)" in error_of(mini)


def test_bad_references_are_all_listed_when_collecting(mini_hw):
    edit(mini_hw / Q1, "## Answer\n", "## Answer\n\nSee [[hw:h300.memory]].\n")
    problems = Problems(collect=True)
    load_guide(mini_hw, problems=problems)
    assert len(problems.lines) == 1 and "h300" in problems.lines[0]


# --------------------------------------------------------------------------- bad data


def damaged(mini_hw: Path, change) -> str:
    data = records(mini_hw)
    change(data)
    write_records(mini_hw, data)
    return error_of(mini_hw)


def test_unknown_field_in_the_file(mini_hw):
    message = damaged(mini_hw, lambda d: d[1].update(hbm=80))
    assert message.startswith(
        f"{HW}: accelerator 'h100-sxm': field 'hbm': is not a known field (allowed: id, name, vendor,"
    )
    assert "source" in message


def test_wrong_type_in_the_file(mini_hw):
    assert damaged(mini_hw, lambda d: d[1].update(memory="eighty")) == (
        f"{HW}: accelerator 'h100-sxm': field 'memory': has the wrong type: str (allowed: a number)"
    )


def test_negative_figure(mini_hw):
    assert "field 'bf16': -1 is out of range" in damaged(mini_hw, lambda d: d[1].update(bf16=-1))


def test_missing_figure(mini_hw):
    assert damaged(mini_hw, lambda d: d[1].pop("memory_bw")) == (
        f"{HW}: accelerator 'h100-sxm': field 'memory_bw': is missing (it is required)"
    )


def test_bad_cooling(mini_hw):
    assert damaged(mini_hw, lambda d: d[1].update(cooling="water")) == (
        f"{HW}: accelerator 'h100-sxm': field 'cooling': 'water' is not allowed (allowed: air, liquid, either)"
    )


def test_bad_source_and_month(mini_hw):
    assert "field 'source': 'nvidia.com' is not a link" in damaged(mini_hw, lambda d: d[1].update(source="nvidia.com"))


def test_bad_month(mini_hw):
    assert "field 'as_of': '2026-13' is not a month" in damaged(mini_hw, lambda d: d[1].update(as_of="2026-13"))


def test_duplicate_id_in_the_file(mini_hw):
    assert damaged(mini_hw, lambda d: d.append(dict(d[0]))) == (
        f"{HW}: accelerator 'a100-80gb': field 'id': used twice (allowed: unique ids)"
    )


def test_rack_fields_come_together(mini_hw):
    assert "rack fields come together" in damaged(mini_hw, lambda d: d[5].pop("rack_cpus"))


def test_not_a_list(mini_hw):
    (mini_hw / HW).write_text("h100: {}\n")
    assert error_of(mini_hw) == f"{HW}: expected a list of accelerators (write '- id: ...' entries)"


# --------------------------------------------------------------------------- no hard-coded figures

# How each accelerator is named in prose (case-sensitive, whole words).
ALIASES = {
    "a100-80gb": ["A100"],
    "h100-sxm": ["H100"],
    "h200": ["H200"],
    "b200": ["B200"],
    "b300": ["B300", "Blackwell Ultra"],
    "gb200": ["GB200"],
    "gb300": ["GB300"],
    "mi300x": ["MI300X"],
    "mi325x": ["MI325X"],
    "mi355x": ["MI355X"],
    "tpu-v5p": ["v5p"],
    "tpu-v6e": ["v6e", "Trillium"],
    "tpu-v7": ["Ironwood", "TPU7x", "TPU v7"],
}
# The units a figure may be typed with, and the scaled unit for large values.
FIGURE_UNITS = {
    "memory": (r"GB|GiB", None),
    "memory_bw": (r"TB/s|TBps", None),
    "bf16": (r"TFLOPS|TFLOP/s|TFLOPs|TF", (r"PFLOPS|PFLOP/s|PFLOPs|PF", 1000)),
    "fp8": (r"TFLOPS|TFLOP/s|TFLOPs|TF", (r"PFLOPS|PFLOP/s|PFLOPs|PF", 1000)),
    "fp4": (r"TFLOPS|TFLOP/s|TFLOPs|TF", (r"PFLOPS|PFLOP/s|PFLOPs|PF", 1000)),
    "scaleup_bw": (r"GB/s|GBps", (r"TB/s|TBps", 1000)),
    "power": (r"W", (r"kW", 1000)),
}


# Words that may sit between a figure and its unit: "989 dense BF16 TFLOPS".
QUALIFIERS = r"(?:(?:dense|sparse|peak|BF16|bf16|FP8|fp8|FP4|fp4|HBM3e|HBM3|HBM2e|of HBM3e|of HBM3)\s)*"


def spellings(value: float) -> set[str]:
    """The ways a figure is typed: 1,979 / 1979; 3.35 / 3.4; 8 / 8.0; 2.04 / 2.0."""
    out = {number(value)}
    if value >= 100:
        out.add(number(value).replace(",", ""))
    else:
        two = f"{value:.2g}" if value >= 1 else number(value)
        out |= {two, f"{float(two):.1f}"}
        if float(number(value)).is_integer():
            out.add(f"{float(number(value)):.1f}")
    return out


def figure_patterns(acc) -> list[tuple[str, re.Pattern]]:
    pats = []
    for field, (unit, scaled) in FIGURE_UNITS.items():
        value = getattr(acc, field)
        if value is None:
            continue
        forms = [(spellings(value), unit)]
        if scaled and value >= scaled[1]:
            forms.append((spellings(value / scaled[1]), scaled[0]))
        for nums, u in forms:
            alt = "|".join(re.escape(n) for n in sorted(nums, key=len, reverse=True))
            pats.append((field, re.compile(rf"(?<![\d.,])(?:{alt})\s?{QUALIFIERS}(?:{u})(?![A-Za-z])")))
    return pats


def prose_units(text: str) -> list[str]:
    """Sentences of a Markdown text, with each table kept whole; code removed."""
    lines = [CODE_SPAN.sub(" ", line) if prose else "" for line, prose in lines_outside_code(text)]
    units, table, para = [], [], []
    for line in lines + [""]:
        if line.lstrip().startswith("|"):
            table.append(line)
            continue
        if table:
            units.append("\n".join(table))
            table = []
        if not line.strip() or re.match(r"\s*([-*+]|\d+\.)\s", line):
            units += re.split(r"(?<=[.!?])\s+(?=[A-Z(*\[])", " ".join(para)) if para else []
            para = []
        if line.strip():
            para.append(line.strip())
    return [u for u in units if u.strip()]


def scanned_texts() -> list[tuple[str, str]]:
    """(where, text) for every question field, checklist text and docs page a reader sees."""
    out = []
    for path in sorted((ROOT / "data" / "questions").glob("*/*.md")):
        rel = path.relative_to(ROOT).as_posix()
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), rel)
        for name in ("title", "prompt", "short_answer"):
            if isinstance(meta.get(name), str):
                out.append((f"{rel} ({name})", meta[name]))
        out.append((rel, body))
    for path in sorted((ROOT / "data" / "checklists").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT).as_posix()
        out.append((f"{rel} (intro)", data.get("intro") or ""))
        for s in data.get("sections", []):
            for item in s.get("items", []):
                out.append((f"{rel} (item {item['id']})", item["text"]))
    for path in sorted((ROOT / "docs").rglob("*.md")):
        out.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return out


ANY_NAME = re.compile(r"(?:" + "|".join(re.escape(a) for names in ALIASES.values() for a in names) + r") $")


def sku_name(unit: str, m: re.Match) -> bool:
    """'A100 80GB' is a product name (no space before the unit, right after a name), not a
    figure typed in prose."""
    return " " not in m.group(0) and bool(ANY_NAME.search(unit[: m.start()]))


def test_no_hard_coded_hardware_figures(hardware):
    """A sentence (or table) that names an accelerator must not type one of that
    accelerator's figures: write [[hw:<id>.<field>]] (or {{ hw('<id>.<field>') }} on a page)."""
    checks = [
        (
            acc.id,
            re.compile(
                r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, ALIASES[acc.id])) + r")(?:s|'s)?(?![A-Za-z0-9])"
            ),
            figure_patterns(acc),
        )
        for acc in hardware.values()
    ]
    hits = []
    for where, text in scanned_texts():
        for unit in prose_units(text):
            for acc_id, name, pats in checks:
                if not name.search(unit):
                    continue
                for field, pat in pats:
                    m = next((m for m in pat.finditer(unit) if not sku_name(unit, m)), None)
                    if m:
                        hits.append(
                            f"{where}: names {acc_id} and types its {field} as "
                            f"{m.group(0)!r} (write [[hw:{acc_id}.{field}]]): {' '.join(unit.split())[:160]}"
                        )
    assert not hits, f"{len(hits)} hard-coded figure(s):\n" + "\n".join(hits)


def test_the_scan_catches_a_typed_figure(hardware):
    pats = dict((f, p) for f, p in figure_patterns(hardware["h100-sxm"]) if f == "memory_bw")
    assert any(pats["memory_bw"].search(u) for u in prose_units("Intro.\n\nAn H100 moves ~3.35 TB/s. Next."))
    units = prose_units("| | H100 |\n| --- | --- |\n| Memory | 80 GB |\n\nText `80 GB` here.")
    assert units[0].startswith("| | H100 |") and "80 GB" not in units[1]


def test_a_unit_written_after_the_placeholder_is_refused(hardware):
    """The figure carries its unit: "[[hw:gb200.scaleup_domain]] GPUs" would read "72 GPUs GPUs"."""
    with pytest.raises(
        GuideError, match=r"q\.md: placeholder '\[\[hw:gb200\.scaleup_domain\]\]' is followed by 'GPUs'"
    ):
        resolve("a rack of [[hw:gb200.scaleup_domain]] GPUs", hardware, "q.md")
    with pytest.raises(GuideError, match="followed by 'GB,'"):
        resolve("holds [[hw:h100-sxm.memory]] GB, more", hardware, "q.md")
    assert resolve("[[hw:gb200.scaleup_domain]] share one domain", hardware, "q.md").startswith("72 GPUs share")
