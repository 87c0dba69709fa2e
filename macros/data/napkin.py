"""Napkin math: the reference implementation of every calculator on docs/calculators/.

Pure functions and data, no MkDocs: the macros (macros/pages/calculators.py) render the forms, the
worked examples and the default results from here at build time, and docs/assets/calc.js
repeats the same formulas in the browser. tests/data/test_napkin.py checks the formulas
against hand-worked examples from papers and vendor documents and runs calc.js under node on
generated inputs; tests/browser/test_calculators.py types inputs into the real pages and
compares what they show with this module.

A calculator is a list of fields (its inputs, each with its limits and the message a bad value
gets), a check of the rules between fields, a compute function and a list of outputs, each with
a display format that calc.js implements the same way (`fmt`). Inputs arrive as the strings a
reader typed or a URL carried (`parse`); every figure of a named accelerator comes from the
`gpus` mapping built from data/hardware.yml (`gpus_from`), never from this file.

Units: memory and data sizes in bytes, decimal (1 GB = 10^9 B) unless a field says GiB; time in
seconds; FLOPs as counts, FLOP/s as rates. Outputs are in those base units and `fmt` scales them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

# --------------------------------------------------------------------------- formatting
#
# Rounding is half away from zero on the exact binary value of the float, which is what
# JavaScript's toFixed / toPrecision / toExponential do: Decimal(float) is that exact value.

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
EMPTY = "—"


def _grouped(digits: str) -> str:
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("-")
    head, _, tail = digits.partition(".")
    head = f"{int(head):,}"
    return sign + head + ("." + tail if tail else "")


def _strip(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def sci(x: float) -> str:
    """3 significant figures in powers of ten: 3.15 × 10²³."""
    d = Decimal(x)
    e = d.adjusted()
    m = d.scaleb(-e).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if abs(m) >= 10:
        e += 1
        m = d.scaleb(-e).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{_strip(format(m, 'f'))} × 10{str(e).translate(SUPERSCRIPT)}"


def num(x: float) -> str:
    """A plain number: whole with thousands separators from 100 up, 3 significant figures
    below (31.4, 1.88, 0.0123), powers of ten outside 0.001 to 10^15."""
    if x == 0:
        return "0"
    a = abs(x)
    if a >= 1e15 or a < 1e-3:
        return sci(x)
    d = Decimal(x)
    if a >= 100:
        return _grouped(format(d.quantize(Decimal(1), ROUND_HALF_UP), "f"))
    places = 2 - d.adjusted()
    return _strip(format(d.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f"))


BYTE_UNITS = [
    (1e15, "PB", 2.0**50, "PiB"),
    (1e12, "TB", 2.0**40, "TiB"),
    (1e9, "GB", 2.0**30, "GiB"),
    (1e6, "MB", 2.0**20, "MiB"),
    (1e3, "KB", 2.0**10, "KiB"),
]
FLOP_RATES = [(1e18, "EFLOP/s"), (1e15, "PFLOP/s"), (1e12, "TFLOP/s"), (1e9, "GFLOP/s")]


def approx(x: float) -> str:
    """A large count to 3 significant figures: 28,000,000 rather than 28,007,405."""
    if abs(x) < 1000 or abs(x) >= 1e15:
        return num(x)
    d = Decimal(x)
    q = d.quantize(Decimal(1).scaleb(d.adjusted() - 2), ROUND_HALF_UP)
    return _grouped(format(q.quantize(Decimal(1)), "f"))


def duration(x: float) -> str:
    a = abs(x)
    if a == 0:
        return "0 s"
    if a < 1e-3:
        return f"{num(x * 1e6)} µs"
    if a < 1:
        return f"{num(x * 1e3)} ms"
    if a < 120:
        return f"{num(x)} s"
    if a < 7200:
        return f"{num(x / 60)} min"
    if a < 172800:
        return f"{num(x / 3600)} h"
    return f"{num(x / 86400)} days"


def fmt(kind: str, x, unit: str = "") -> str:
    """One output as the page shows it (calc.js `fmt` is the same function)."""
    if x is None:
        return EMPTY
    if kind == "text":
        return str(x)
    suffix = f" {unit}" if unit else ""
    if x == 0:
        x = 0.0  # never "-0"
    if kind == "gb":
        return f"{num(x / 1e9)} GB"
    if kind == "bytes":
        a = abs(x)
        for limit, dec, size, binary in BYTE_UNITS:
            if a >= limit:
                return f"{num(x / limit)} {dec} ({num(x / size)} {binary})"
        return f"{num(x)} B"
    if kind == "duration":
        return duration(x)
    if kind == "percent":
        return f"{num(x * 100)}%"
    if kind == "int":
        return (
            sci(x) if abs(x) >= 1e15 else _grouped(format(Decimal(x).quantize(Decimal(1), ROUND_HALF_UP), "f"))
        ) + suffix
    if kind == "money":
        if abs(x) >= 1e15:
            return "$" + sci(x)
        places = 0 if abs(x) >= 100 else 2
        return "$" + _grouped(format(Decimal(x).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), "f"))
    if kind == "approx":
        return approx(x) + suffix
    if kind == "sci":
        return sci(x) + suffix if x != 0 else "0" + suffix
    if kind == "flops":
        for limit, name in FLOP_RATES:
            if abs(x) >= limit:
                return f"{num(x / limit)} {name}"
        return f"{num(x)} FLOP/s"
    if kind == "bandwidth":
        return f"{num(x / 1e9)} GB/s"
    return num(x) + suffix  # "number"


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """One input. `default` is the text the form starts with ("" for an optional field left
    blank). Limits: gt/ge/lt/le (exclusive and inclusive), `integer` for whole numbers. `when`
    makes a field apply only while other (select) fields have one of the listed values."""

    name: str
    label: str
    help: str
    default: str
    kind: str = "number"  # number | select | check
    unit: str = ""
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    integer: bool = False
    optional: bool = False
    options: tuple[tuple[str, str], ...] = ()
    source: str = ""  # "gpus" or "links": options come from data/hardware.yml
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    group: str = ""


@dataclass(frozen=True)
class Output:
    name: str
    label: str
    kind: str  # a fmt() kind
    unit: str = ""


@dataclass(frozen=True)
class Calculator:
    id: str
    title: str
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]


URL_SAFE = "!*'()"  # with letters, digits and _.-~: what encodeURIComponent leaves as it is
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$")


def clean_number(text: str) -> str:
    """What the parser reads: spaces and underscores removed, and commas when they group
    thousands (1,000); any other comma stays and makes the text no number ("7,5" is refused
    rather than read as 75)."""
    t = re.sub(r"[\s_]", "", text)
    return t.replace(",", "") if GROUPED.match(t) else t


def number_error(f: Field, text: str) -> tuple[float | None, str | None]:
    t = clean_number(text)
    if t == "":
        return None, (None if f.optional else "Enter a value.")
    if not NUMBER.match(t):
        return None, "Enter a number, such as 7.5 or 1e24."
    x = float(t)
    if not math.isfinite(x):
        return None, "Enter a number, such as 7.5 or 1e24."
    if f.integer and x != math.floor(x):
        return None, "Enter a whole number."
    if f.gt is not None and not x > f.gt:
        return None, f"Enter a number above {num(f.gt)}."
    if f.ge is not None and not x >= f.ge:
        return None, f"Enter {num(f.ge)} or more."
    if f.lt is not None and not x < f.lt:
        return None, f"Enter a number below {num(f.lt)}."
    if f.le is not None and not x <= f.le:
        return None, f"Enter {num(f.le)} or less."
    return x, None


def active(f: Field, values: dict) -> bool:
    return all(values.get(name) in allowed for name, allowed in f.when)


# --------------------------------------------------------------------------- hardware


PRECISIONS = {"bf16": "BF16", "fp8": "FP8", "fp4": "FP4"}


def gpus_from(hardware) -> dict[str, dict]:
    """The figures the calculators use, per accelerator of data/hardware.yml (records or dicts)."""

    def get(acc, name):
        return acc.get(name) if isinstance(acc, dict) else getattr(acc, name)

    out = {}
    for hid, acc in hardware.items():
        out[hid] = {
            "name": get(acc, "name"),
            "memory": get(acc, "memory"),
            "memory_bw": get(acc, "memory_bw"),
            "bf16": get(acc, "bf16"),
            "fp8": get(acc, "fp8"),
            "fp4": get(acc, "fp4"),
            "scaleup": get(acc, "scaleup"),
            "scaleup_bw": get(acc, "scaleup_bw"),
        }
    return out


# Network cards: line rates of the Ethernet / InfiniBand standards, one NIC per GPU.
NICS = [
    (100, "100 Gb/s"),
    (200, "200 Gb/s (InfiniBand HDR, 200GbE)"),
    (400, "400 Gb/s (InfiniBand NDR, 400GbE)"),
    (800, "800 Gb/s (InfiniBand XDR, 800GbE)"),
]


def links(gpus: dict[str, dict]) -> list[tuple[str, str, float | None]]:
    """Link presets for the collective calculator: (value, label, GB/s per direction). A scale-up
    figure in data/hardware.yml is both directions summed: half of it goes each way."""
    out = []
    for hid, g in gpus.items():
        each = g["scaleup_bw"] / 2
        out.append((f"su-{hid}", f"{g['name']}: {g['scaleup']}, {num(each)} GB/s per direction", each))
    for gbit, label in NICS:
        out.append((f"nic-{gbit}", f"NIC at {label}: {num(gbit / 8)} GB/s per direction", gbit / 8))
    out.append(("custom", "Another link: type its bandwidth", None))
    return out


def gpu_options(gpus: dict[str, dict]) -> tuple[tuple[str, str], ...]:
    return tuple((hid, f"{g['name']} ({num(g['memory'])} GB)") for hid, g in gpus.items()) + (
        ("custom", "Another accelerator: type its figures"),
    )


def field_options(f: Field, gpus: dict[str, dict]) -> tuple[tuple[str, str], ...]:
    if f.source == "gpus":
        return gpu_options(gpus)
    if f.source == "links":
        return tuple((v, label) for v, label, _ in links(gpus))
    return f.options


def parse(calc: Calculator, raw: dict[str, str], gpus: dict[str, dict]) -> tuple[dict, dict]:
    """Typed values and error messages from the text of each field (missing: its default).
    Selects are read first, so `when` can decide which number fields apply; a field that does
    not apply keeps its default and is never an error."""
    values: dict = {}
    errors: dict[str, str] = {}
    for f in calc.fields:
        if f.kind == "select":
            text = raw.get(f.name, f.default)
            allowed = [v for v, _ in field_options(f, gpus)]
            if text not in allowed:
                errors[f.name] = "Choose one of the listed options."
                text = f.default
            values[f.name] = text
        elif f.kind == "check":
            values[f.name] = raw.get(f.name, f.default) == "1"
    for f in calc.fields:
        if f.kind != "number":
            continue
        on = active(f, values)
        x, err = number_error(f, raw.get(f.name, f.default) if on else f.default)
        if on and err:
            errors[f.name] = err
        values[f.name] = x  # a float even for whole numbers: the arithmetic is then calc.js's, bit for bit
    for name, message in CHECKS[calc.id](values, gpus).items():
        if name not in errors and active(FIELDS[calc.id][name], values):
            errors[name] = message
    return values, errors


def run(calc_id: str, raw: dict[str, str], gpus: dict[str, dict]) -> dict:
    """Everything a page shows for one set of inputs: values, errors, outputs and their text."""
    calc = CALCULATORS[calc_id]
    values, errors = parse(calc, raw, gpus)
    out = {o.name: None for o in calc.outputs}
    if not errors:
        out.update(COMPUTE[calc_id](values, gpus))
    text = {o.name: fmt(o.kind, out[o.name], o.unit) for o in calc.outputs}
    if errors:
        text["verdict"] = fix_message(len(errors))
    return {"values": values, "errors": errors, "outputs": out, "text": text}


def fix_message(count: int) -> str:
    return "Fix the marked input to see results." if count == 1 else f"Fix the {count} marked inputs to see results."


def query(calc_id: str, raw: dict[str, str], gpus: dict[str, dict]) -> str:
    """The URL query that reproduces these inputs: fields that apply and differ from the default."""
    calc = CALCULATORS[calc_id]
    values, _ = parse(calc, raw, gpus)
    parts = []
    for f in calc.fields:
        if f.name in raw and active(f, values) and raw[f.name] != f.default:
            parts.append(f"{f.name}={quote(raw[f.name], safe=URL_SAFE)}")
    return "&".join(parts)


def spec(calc_id: str, gpus: dict[str, dict]) -> dict:
    """The calculator as calc.js sees it (in a page it reads the same from the form's attributes)."""
    calc = CALCULATORS[calc_id]
    fields = []
    for f in calc.fields:
        fields.append(
            {
                "name": f.name,
                "kind": f.kind,
                "default": f.default,
                "gt": f.gt,
                "ge": f.ge,
                "lt": f.lt,
                "le": f.le,
                "integer": f.integer,
                "optional": f.optional,
                "options": [v for v, _ in field_options(f, gpus)],
                "when": {k: list(v) for k, v in f.when},
            }
        )
    return {
        "id": calc.id,
        "fields": fields,
        "outputs": [{"name": o.name, "kind": o.kind, "unit": o.unit} for o in calc.outputs],
    }


# --------------------------------------------------------------------------- shared pieces


def _gpu_field(default: str = "h100-sxm", group: str = "Hardware") -> Field:
    return Field(
        "gpu",
        "Accelerator",
        "Its figures come from the guide's hardware table (data/hardware.yml): "
        "dense vendor peaks, memory as the vendor states it.",
        default,
        kind="select",
        source="gpus",
        group=group,
    )


def _when_custom(name="gpu"):
    return ((name, ("custom",)),)


def _gpu_memory(v: dict, gpus: dict) -> float:
    """GB of memory of the chosen accelerator (or the typed figure)."""
    return v["gpu_mem"] if v["gpu"] == "custom" else gpus[v["gpu"]]["memory"]


def _gpu_name(v: dict, gpus: dict) -> str:
    return "the accelerator you described" if v["gpu"] == "custom" else gpus[v["gpu"]]["name"]


def _precision_check(v: dict, gpus: dict, field: str = "prec") -> dict[str, str]:
    if v["gpu"] != "custom" and gpus[v["gpu"]][v[field]] is None:
        return {
            field: f"The hardware table has no {PRECISIONS[v[field]]} figure for the {gpus[v['gpu']]['name']} "
            "(no hardware support): choose another precision or accelerator."
        }
    return {}


def _peak(v: dict, gpus: dict) -> float:
    """Dense peak FLOP/s at the chosen precision."""
    tflops = v["peak"] if v["gpu"] == "custom" else gpus[v["gpu"]][v["prec"]]
    return tflops * 1e12


PREC_FIELD = Field(
    "prec",
    "Math precision",
    "The tensor-core format the matmuls run in; the peak is the dense figure for it.",
    "bf16",
    kind="select",
    options=(("bf16", "BF16"), ("fp8", "FP8"), ("fp4", "FP4")),
    group="Hardware",
)
PEAK_FIELD = Field(
    "peak",
    "Peak dense TFLOPS",
    "The accelerator's dense peak at the chosen precision (never the 2:4-sparsity figure).",
    "1000",
    unit="TFLOPS",
    gt=0,
    le=1e6,
    when=_when_custom(),
    group="Hardware",
)

# --------------------------------------------------------------------------- 1. training memory

TRAIN_PRECISION = {  # bytes per parameter: working weights, gradients, FP32 master copy
    "bf16": (2, 2, 4),
    "fp8": (1, 2, 4),
    "fp32": (4, 4, 0),
}
OPTIMIZER_STATE = {"adam": 8, "adam8": 2, "sgdm": 4, "sgd": 0}  # bytes per parameter

TRAINING = Calculator(
    "training-memory",
    "Training memory per GPU",
    (
        Field(
            "params",
            "Parameters",
            "All trainable parameters of the model, in billions: 7 for a 7B model.",
            "7",
            unit="billion",
            gt=0,
            le=1e5,
            group="Model",
        ),
        Field("layers", "Layers", "Transformer blocks (L).", "32", integer=True, ge=1, le=1000, group="Model"),
        Field("hidden", "Hidden size", "Model width h (d_model).", "4096", integer=True, ge=1, le=1e6, group="Model"),
        Field(
            "heads",
            "Attention heads",
            "Query heads a: they size the attention-score term and must split evenly over the tensor-parallel ranks.",
            "32",
            integer=True,
            ge=1,
            le=1e4,
            group="Model",
        ),
        Field(
            "precision",
            "Precision",
            "What each parameter stores; see the table below the calculator.",
            "bf16",
            kind="select",
            options=(
                ("bf16", "BF16 mixed precision (FP32 master weights)"),
                ("fp8", "FP8 mixed precision (FP8 weights, FP32 master weights)"),
                ("fp32", "FP32 throughout"),
            ),
            group="Training",
        ),
        Field(
            "optimizer",
            "Optimizer",
            "Adam keeps two moments per parameter, SGD with momentum one, plain SGD none; "
            "8-bit Adam stores each moment in one byte.",
            "adam",
            kind="select",
            options=(
                ("adam", "Adam / AdamW"),
                ("adam8", "8-bit Adam"),
                ("sgdm", "SGD with momentum"),
                ("sgd", "SGD without momentum"),
            ),
            group="Training",
        ),
        Field(
            "zero",
            "ZeRO stage / FSDP",
            "What the data-parallel ranks shard instead of replicating.",
            "0",
            kind="select",
            options=(
                ("0", "Stage 0: nothing sharded (DDP)"),
                ("1", "Stage 1: optimizer state"),
                ("2", "Stage 2: + gradients"),
                ("3", "Stage 3: + weights (FSDP full shard)"),
            ),
            group="Training",
        ),
        Field(
            "seq",
            "Sequence length",
            "Tokens per sequence s.",
            "4096",
            unit="tokens",
            integer=True,
            ge=1,
            le=1e7,
            group="Batch",
        ),
        Field(
            "mb",
            "Micro-batch",
            "Sequences b in one forward and backward pass on one GPU.",
            "1",
            unit="sequences",
            integer=True,
            ge=1,
            le=1e5,
            group="Batch",
        ),
        Field(
            "flash",
            "FlashAttention",
            "The attention scores are recomputed in the kernel instead of stored "
            "(selective recomputation has the same effect).",
            "1",
            kind="check",
            group="Batch",
        ),
        Field(
            "ckpt",
            "Activation checkpointing",
            "Full: keep only each layer's input and recompute the layer during the backward pass.",
            "none",
            kind="select",
            options=(("none", "Off: keep every activation"), ("full", "Full: keep each layer's input")),
            group="Batch",
        ),
        Field(
            "dp",
            "Data-parallel degree",
            "Replicas of the model (Nd); ZeRO shards across them.",
            "8",
            integer=True,
            ge=1,
            le=1e6,
            group="Parallelism",
        ),
        Field(
            "tp",
            "Tensor-parallel degree",
            "GPUs that split every layer's matrices (t).",
            "1",
            integer=True,
            ge=1,
            le=1024,
            group="Parallelism",
        ),
        Field(
            "pp",
            "Pipeline stages",
            "GPUs that split the layers into stages (p).",
            "1",
            integer=True,
            ge=1,
            le=1024,
            group="Parallelism",
        ),
        Field(
            "sp",
            "Sequence parallelism",
            "With tensor parallelism, also split layer norms and dropout along the "
            "sequence, so no activation is replicated.",
            "1",
            kind="check",
            group="Parallelism",
        ),
        _gpu_field(),
        Field(
            "gpu_mem",
            "Memory per accelerator",
            "As the vendor states it.",
            "80",
            unit="GB",
            gt=0,
            le=1e5,
            when=_when_custom(),
            group="Hardware",
        ),
        Field(
            "reserve",
            "Held back",
            "Memory not available to tensors: CUDA context, NCCL buffers, temporary "
            "buffers, fragmentation. An estimate: 5 to 15% is common.",
            "10",
            unit="%",
            ge=0,
            le=90,
            group="Hardware",
        ),
    ),
    (
        Output("weights", "Weights", "gb"),
        Output("grads", "Gradients", "gb"),
        Output("optim", "Optimizer state (with master weights)", "gb"),
        Output("state", "Model state (the three above)", "gb"),
        Output("per_param", "Model state per parameter of the GPU's shard", "number", "bytes"),
        Output("acts", "Activations", "gb"),
        Output("total", "Total per GPU", "gb"),
        Output("usable", "Usable on the accelerator", "gb"),
        Output("spare", "Left over (negative: short by)", "gb"),
        Output("gpus", "GPUs in the job (dp × tp × pp)", "int"),
        Output("verdict", "Verdict", "text"),
    ),
)


def training_check(v: dict, gpus: dict) -> dict[str, str]:
    errors = {}
    if v["layers"] is not None and v["pp"] is not None:
        if v["pp"] > v["layers"]:
            errors["pp"] = f"More pipeline stages than layers ({num(v['layers'])})."
        elif v["layers"] % v["pp"]:
            errors["pp"] = f"{num(v['layers'])} layers do not split evenly into {num(v['pp'])} stages."
    if v["heads"] is not None and v["tp"] is not None and v["heads"] % v["tp"]:
        errors["tp"] = f"{num(v['heads'])} heads do not split evenly over {num(v['tp'])} tensor-parallel ranks."
    return errors


def training_memory(v: dict, gpus: dict) -> dict:
    local = v["params"] * 1e9 / (v["tp"] * v["pp"])  # parameters one model replica keeps on a GPU
    wb, gb, master = TRAIN_PRECISION[v["precision"]]
    ob = master + OPTIMIZER_STATE[v["optimizer"]]
    stage, dp = int(v["zero"]), v["dp"]
    weights = local * wb / (dp if stage >= 3 else 1)
    grads = local * gb / (dp if stage >= 2 else 1)
    optim = local * ob / (dp if stage >= 1 else 1)
    state = weights + grads + optim
    # Activations (Korthikanti et al. 2022): bytes per layer for 16-bit activations.
    s, b, h, a, t = v["seq"], v["mb"], v["hidden"], v["heads"], v["tp"]
    sbh = s * b * h
    scores = 0 if v["flash"] else 5 * a * s / h
    if t == 1 or v["sp"]:
        layer = sbh * (34 + scores) / t
    else:
        layer = sbh * (10 + 24 / t + scores / t)
    width = 2 if v["precision"] == "fp32" else 1
    layer = layer * width
    if v["ckpt"] == "full":
        kept = 2 * sbh * width / (t if v["sp"] else 1)
        acts = v["layers"] * kept + layer
    else:
        acts = v["layers"] * layer
    total = state + acts
    memory = _gpu_memory(v, gpus) * 1e9
    usable = memory * (1 - v["reserve"] / 100)
    spare = usable - total
    if total <= usable:
        verdict = f"Fits: {fmt('gb', total)} per GPU, {fmt('gb', usable)} usable on the {_gpu_name(v, gpus)}."
    else:
        verdict = f"Does not fit: {fmt('gb', total)} per GPU, {fmt('gb', usable)} usable on the {_gpu_name(v, gpus)}."
    return {
        "weights": weights,
        "grads": grads,
        "optim": optim,
        "state": state,
        "per_param": state / local,
        "acts": acts,
        "total": total,
        "usable": usable,
        "spare": spare,
        "gpus": v["dp"] * v["tp"] * v["pp"],
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- 2. inference memory

WEIGHT_BYTES = {"fp32": 4, "bf16": 2, "fp8": 1, "int4": 0.5}
KV_BYTES = {"fp32": 4, "bf16": 2, "fp8": 1}
WEIGHT_OPTIONS = (
    ("bf16", "BF16 / FP16: 2 bytes"),
    ("fp8", "FP8 / INT8: 1 byte"),
    ("int4", "INT4 / FP4: half a byte"),
    ("fp32", "FP32: 4 bytes"),
)
KV_OPTIONS = (("bf16", "BF16 / FP16: 2 bytes"), ("fp8", "FP8 / INT8: 1 byte"), ("fp32", "FP32: 4 bytes"))

INFERENCE = Calculator(
    "inference-memory",
    "Inference memory and concurrency",
    (
        Field(
            "params",
            "Parameters",
            "All parameters, in billions (for a mixture of experts, every expert).",
            "70",
            unit="billion",
            gt=0,
            le=1e5,
            group="Model",
        ),
        Field(
            "wprec",
            "Weight precision",
            "Bytes per parameter as served.",
            "bf16",
            kind="select",
            options=WEIGHT_OPTIONS,
            group="Model",
        ),
        Field(
            "layers",
            "Layers",
            "Transformer blocks; each keeps its own keys and values.",
            "80",
            integer=True,
            ge=1,
            le=1000,
            group="Model",
        ),
        Field(
            "attn",
            "Attention",
            "Multi-head: one KV head per query head. Grouped-query: a few shared KV heads. Multi-query: one.",
            "gqa",
            kind="select",
            options=(("mha", "MHA (multi-head)"), ("gqa", "GQA (grouped-query)"), ("mqa", "MQA (multi-query)")),
            group="Model",
        ),
        Field(
            "qheads", "Query heads", "Attention heads of the model.", "64", integer=True, ge=1, le=1e4, group="Model"
        ),
        Field(
            "kvheads",
            "KV heads",
            "Key/value heads (GQA only).",
            "8",
            integer=True,
            ge=1,
            le=1e4,
            when=(("attn", ("gqa",)),),
            group="Model",
        ),
        Field(
            "headdim",
            "Head dimension",
            "Size of one head, usually hidden size / query heads.",
            "128",
            integer=True,
            ge=1,
            le=1e5,
            group="Model",
        ),
        Field(
            "kvprec",
            "KV cache precision",
            "Bytes per cached element.",
            "bf16",
            kind="select",
            options=KV_OPTIONS,
            group="Model",
        ),
        Field(
            "ctx",
            "Context per request",
            "Prompt plus output tokens a request holds at its longest.",
            "8192",
            unit="tokens",
            integer=True,
            ge=1,
            le=1e8,
            group="Requests",
        ),
        _gpu_field(group="Replica"),
        Field(
            "gpu_mem",
            "Memory per accelerator",
            "As the vendor states it.",
            "80",
            unit="GB",
            gt=0,
            le=1e5,
            when=_when_custom(),
            group="Replica",
        ),
        Field(
            "tp",
            "GPUs per replica",
            "Tensor-parallel degree: weights and KV heads are split over them.",
            "4",
            integer=True,
            ge=1,
            le=1024,
            group="Replica",
        ),
        Field(
            "util",
            "Memory the server may use",
            "Like vLLM's --gpu-memory-utilization (default 0.9).",
            "90",
            unit="%",
            gt=0,
            le=100,
            group="Replica",
        ),
        Field(
            "overhead",
            "Activations and buffers",
            "Per GPU: activations of the largest batch, CUDA graphs, NCCL "
            "buffers. An estimate; servers measure it at start-up.",
            "2",
            unit="GB",
            ge=0,
            le=1e4,
            group="Replica",
        ),
    ),
    (
        Output("kv_token", "KV cache per token (whole model)", "bytes"),
        Output("kv_request", "KV cache per request at full context", "bytes"),
        Output("kv_token_gpu", "KV cache per token on each GPU", "bytes"),
        Output("weights_gpu", "Weights per GPU", "gb"),
        Output("kv_budget_gpu", "Left for the KV cache per GPU", "gb"),
        Output("tokens", "Tokens the replica can cache", "int", "tokens"),
        Output("concurrency", "Concurrent requests at full context", "int", "requests"),
        Output("verdict", "Verdict", "text"),
    ),
)


def kv_heads(v: dict) -> int:
    return {"mha": v["qheads"], "mqa": 1}.get(v["attn"], v["kvheads"])


def inference_check(v: dict, gpus: dict) -> dict[str, str]:
    errors = {}
    if v["attn"] == "gqa" and v["kvheads"] is not None and v["qheads"] is not None:
        if v["kvheads"] > v["qheads"]:
            errors["kvheads"] = "More KV heads than query heads."
        elif v["qheads"] % v["kvheads"]:
            errors["kvheads"] = f"{num(v['qheads'])} query heads do not group evenly into {num(v['kvheads'])} KV heads."
    kv = kv_heads(v)
    if kv is not None and v["tp"] is not None and kv % v["tp"] and v["tp"] % kv:
        errors["tp"] = (
            f"{num(kv)} KV heads cannot be split over {num(v['tp'])} GPUs: use a divisor or a multiple of {num(kv)}."
        )
    return errors


def inference_memory(v: dict, gpus: dict) -> dict:
    kv, tp, ctx = kv_heads(v), v["tp"], v["ctx"]
    heads_gpu = kv / tp if kv >= tp else 1  # beyond kv ranks the heads are replicated
    kb = KV_BYTES[v["kvprec"]]
    kv_token = 2 * v["layers"] * kv * v["headdim"] * kb
    kv_token_gpu = 2 * v["layers"] * heads_gpu * v["headdim"] * kb
    weights_gpu = v["params"] * 1e9 * WEIGHT_BYTES[v["wprec"]] / tp
    usable = _gpu_memory(v, gpus) * 1e9 * v["util"] / 100
    budget = usable - weights_gpu - v["overhead"] * 1e9
    tokens = math.floor(budget / kv_token_gpu) if budget > 0 else 0
    concurrency = math.floor(tokens / ctx)
    if budget <= 0:
        verdict = (
            f"Does not fit: weights and buffers take {fmt('gb', weights_gpu + v['overhead'] * 1e9)} per GPU, "
            f"{fmt('gb', usable)} usable. Add GPUs to the replica or quantize."
        )
    elif concurrency == 0:
        verdict = f"Not one request of {fmt('int', ctx)} tokens fits: the cache holds {fmt('int', tokens)} tokens."
    else:
        verdict = (
            f"{fmt('int', concurrency)} concurrent requests of {fmt('int', ctx)} tokens per replica of "
            f"{fmt('int', tp)} GPU{'s' if tp > 1 else ''}."
        )
    return {
        "kv_token": kv_token,
        "kv_request": kv_token * ctx,
        "kv_token_gpu": kv_token_gpu,
        "weights_gpu": weights_gpu,
        "kv_budget_gpu": budget,
        "tokens": tokens,
        "concurrency": concurrency,
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- 3. collectives

SIZE_UNITS = {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9}
OPS = {
    "allreduce": "all-reduce",
    "allgather": "all-gather",
    "reducescatter": "reduce-scatter",
    "alltoall": "all-to-all",
}

COLLECTIVE = Calculator(
    "collective",
    "Collective time",
    (
        Field(
            "op",
            "Collective",
            "What every rank ends with; see the table of formulas below.",
            "allreduce",
            kind="select",
            options=tuple(OPS.items()),
            group="Operation",
        ),
        Field(
            "size",
            "Message size S",
            "As nccl-tests counts it: the whole buffer. For all-gather the gathered "
            "output, for reduce-scatter the input, for all-to-all what one rank sends in total.",
            "1",
            gt=0,
            le=1e15,
            group="Operation",
        ),
        Field(
            "unit",
            "Size unit",
            "Decimal units: 1 GB = 10^9 bytes.",
            "GB",
            kind="select",
            options=tuple((u, u) for u in SIZE_UNITS),
            group="Operation",
        ),
        Field("n", "GPUs n", "Ranks taking part.", "8", integer=True, ge=2, le=1e6, group="Operation"),
        Field(
            "algo",
            "Algorithm",
            "For all-reduce: ring (bandwidth-optimal) or NCCL's double binary tree "
            "(logarithmic latency). The other collectives use ring steps here.",
            "ring",
            kind="select",
            options=(("ring", "Ring"), ("tree", "Double binary tree")),
            when=(("op", ("allreduce",)),),
            group="Operation",
        ),
        Field(
            "link",
            "Link",
            "Per-GPU bandwidth each way. Scale-up figures are half the both-directions figure "
            "of the hardware table; NICs assume one per GPU.",
            "su-h100-sxm",
            kind="select",
            source="links",
            group="Link",
        ),
        Field(
            "bw",
            "Link bandwidth",
            "Per GPU, each direction.",
            "50",
            unit="GB/s",
            gt=0,
            le=1e5,
            when=(("link", ("custom",)),),
            group="Link",
        ),
        Field(
            "lat",
            "Latency per step α",
            "Software plus wire time of one message. An estimate: a few µs inside a "
            "node, more across the network; nccl-tests at small sizes measures it.",
            "5",
            unit="µs",
            ge=0,
            le=1e6,
            group="Link",
        ),
    ),
    (
        Output("time", "Time", "duration"),
        Output("algbw", "Algorithm bandwidth (S / time)", "bandwidth"),
        Output("busbw", "Bus bandwidth (nccl-tests)", "bandwidth"),
        Output("sent", "Bytes each GPU sends", "bytes"),
        Output("steps", "Sequential steps", "int"),
        Output("lat_time", "Latency part", "duration"),
        Output("bw_time", "Bandwidth part", "duration"),
        Output("link_bw", "Link bandwidth used", "bandwidth"),
        Output("verdict", "Verdict", "text"),
    ),
)


def link_bandwidth(v: dict, gpus: dict) -> float:
    """Bytes/s per direction of the chosen link."""
    if v["link"] == "custom":
        return v["bw"] * 1e9
    return {value: each for value, _, each in links(gpus)}[v["link"]] * 1e9


def bus_factor(op: str, n: int) -> float:
    """nccl-tests' correction from algorithm to bus bandwidth (doc/PERFORMANCE.md)."""
    return 2 * (n - 1) / n if op == "allreduce" else (n - 1) / n


def tree_depth(n: int) -> int:
    """ceil(log2(n)) in integers."""
    k = 0
    while 2**k < n:
        k += 1
    return k


def collective(v: dict, gpus: dict) -> dict:
    size = v["size"] * SIZE_UNITS[v["unit"]]
    n, bw, alpha = v["n"], link_bandwidth(v, gpus), v["lat"] * 1e-6
    if v["op"] == "allreduce" and v["algo"] == "tree":
        steps = 2 * tree_depth(n)
        sent = 2 * size
        how = "double binary tree, reduce then broadcast"
    elif v["op"] == "allreduce":
        steps = 2 * (n - 1)
        sent = 2 * (n - 1) / n * size
        how = "ring, reduce-scatter then all-gather"
    else:
        steps = n - 1
        sent = (n - 1) / n * size
        how = "pairwise exchange" if v["op"] == "alltoall" else "ring"
    lat_time = steps * alpha
    bw_time = sent / bw
    time = lat_time + bw_time
    algbw = size / time
    part = "latency" if lat_time > bw_time else "bandwidth"
    verdict = f"{OPS[v['op']].capitalize()} over {fmt('int', n)} GPUs ({how}): {fmt('duration', time)}, {part}-bound."
    return {
        "time": time,
        "algbw": algbw,
        "busbw": algbw * bus_factor(v["op"], n),
        "sent": sent,
        "steps": steps,
        "lat_time": lat_time,
        "bw_time": bw_time,
        "link_bw": bw,
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- 4. roofline

ROOFLINE = Calculator(
    "roofline",
    "Roofline",
    (
        Field(
            "mode",
            "Workload",
            "A decode step or a prefill of the model below, or FLOPs and bytes you know.",
            "decode",
            kind="select",
            options=(("decode", "Decode step"), ("prefill", "Prefill"), ("custom", "My own FLOPs and bytes")),
            group="Workload",
        ),
        Field(
            "gflop",
            "Work",
            "Floating-point operations of the kernel or step.",
            "1000",
            unit="GFLOP",
            gt=0,
            le=1e15,
            when=(("mode", ("custom",)),),
            group="Workload",
        ),
        Field(
            "gbytes",
            "Data moved",
            "Bytes read and written to HBM.",
            "10",
            unit="GB",
            gt=0,
            le=1e12,
            when=(("mode", ("custom",)),),
            group="Workload",
        ),
        Field(
            "params",
            "Parameters",
            "In billions; the matmuls cost 2 FLOPs per parameter per token.",
            "70",
            unit="billion",
            gt=0,
            le=1e5,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "wprec",
            "Weight precision",
            "Bytes per parameter read from HBM.",
            "bf16",
            kind="select",
            options=WEIGHT_OPTIONS,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "layers",
            "Layers",
            "Transformer blocks (L).",
            "80",
            integer=True,
            ge=1,
            le=1000,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "hidden",
            "Hidden size",
            "Model width h, for the attention FLOPs.",
            "8192",
            integer=True,
            ge=1,
            le=1e6,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "kvheads",
            "KV heads",
            "Key/value heads (the query-head count for multi-head attention).",
            "8",
            integer=True,
            ge=1,
            le=1e4,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "headdim",
            "Head dimension",
            "Size of one head.",
            "128",
            integer=True,
            ge=1,
            le=1e5,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "kvprec",
            "KV cache precision",
            "Bytes per cached element.",
            "bf16",
            kind="select",
            options=KV_OPTIONS,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "batch",
            "Batch",
            "Sequences processed together in the step.",
            "1",
            unit="sequences",
            integer=True,
            ge=1,
            le=1e6,
            when=(("mode", ("decode", "prefill")),),
            group="Model",
        ),
        Field(
            "ctx",
            "Context already cached",
            "Tokens per sequence the decode step attends over (0 leaves the KV cache out).",
            "4096",
            unit="tokens",
            integer=True,
            ge=0,
            le=1e8,
            when=(("mode", ("decode",)),),
            group="Model",
        ),
        Field(
            "prompt",
            "Prompt length",
            "Tokens per sequence processed by the prefill.",
            "2000",
            unit="tokens",
            integer=True,
            ge=1,
            le=1e7,
            when=(("mode", ("prefill",)),),
            group="Model",
        ),
        _gpu_field(),
        PREC_FIELD,
        PEAK_FIELD,
        Field(
            "membw",
            "Memory bandwidth",
            "HBM bandwidth of the accelerator.",
            "3",
            unit="TB/s",
            gt=0,
            le=1e4,
            when=_when_custom(),
            group="Hardware",
        ),
    ),
    (
        Output("flops", "Work", "sci", "FLOP"),
        Output("bytes", "Data moved", "bytes"),
        Output("intensity", "Arithmetic intensity", "number", "FLOP/byte"),
        Output("ridge", "Ridge point of the accelerator", "number", "FLOP/byte"),
        Output("bound", "Bound by", "text"),
        Output("t_compute", "Time at peak FLOPs", "duration"),
        Output("t_memory", "Time at full bandwidth", "duration"),
        Output("time", "Shortest possible time", "duration"),
        Output("attained", "FLOP rate at best", "flops"),
        Output("of_peak", "Share of peak FLOPs at best", "percent"),
        Output("tokens_s", "Tokens per second at best", "number", "tokens/s"),
        Output("verdict", "Verdict", "text"),
    ),
)


def roofline_check(v: dict, gpus: dict) -> dict[str, str]:
    return _precision_check(v, gpus)


def roofline(v: dict, gpus: dict) -> dict:
    tokens = None
    if v["mode"] == "custom":
        flops, moved = v["gflop"] * 1e9, v["gbytes"] * 1e9
    else:
        n, L, h, b = v["params"] * 1e9, v["layers"], v["hidden"], v["batch"]
        kv_token = 2 * L * v["kvheads"] * v["headdim"] * KV_BYTES[v["kvprec"]]
        weights = n * WEIGHT_BYTES[v["wprec"]]
        if v["mode"] == "decode":
            c = v["ctx"]
            flops = b * (2 * n + 4 * L * c * h)
            moved = weights + b * c * kv_token
            tokens = b
        else:
            p = v["prompt"]
            flops = b * (2 * n * p + 2 * L * h * p * p)
            moved = weights + b * p * kv_token
            tokens = b * p
    peak = _peak(v, gpus)
    bw = (v["membw"] if v["gpu"] == "custom" else gpus[v["gpu"]]["memory_bw"]) * 1e12
    t_compute, t_memory = flops / peak, moved / bw
    time = max(t_compute, t_memory)
    bound = "memory bandwidth" if t_memory > t_compute else "compute"
    intensity, ridge = flops / moved, peak / bw
    verdict = (
        f"Bound by {bound}: {num(intensity)} FLOP/byte against a ridge point of {num(ridge)}; "
        f"at least {fmt('duration', time)}."
    )
    return {
        "flops": flops,
        "bytes": moved,
        "intensity": intensity,
        "ridge": ridge,
        "bound": bound,
        "t_compute": t_compute,
        "t_memory": t_memory,
        "time": time,
        "attained": flops / time,
        "of_peak": flops / time / peak,
        "tokens_s": None if tokens is None else tokens / time,
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- 5. training time and cost

TRAINING_TIME = Calculator(
    "training-time",
    "Training time and cost",
    (
        Field(
            "mode",
            "Compute",
            "6·N·D: about 6 FLOPs per parameter per token (forward 2, backward 4), or a total you already know.",
            "6nd",
            kind="select",
            options=(("6nd", "6 × parameters × tokens"), ("total", "A total in FLOPs")),
            group="Work",
        ),
        Field(
            "params",
            "Parameters N",
            "In billions; for a mixture of experts, the active parameters per token.",
            "70",
            unit="billion",
            gt=0,
            le=1e5,
            when=(("mode", ("6nd",)),),
            group="Work",
        ),
        Field(
            "tokens",
            "Training tokens D",
            "In billions: 15,000 for 15 T tokens.",
            "2000",
            unit="billion",
            gt=0,
            le=1e7,
            when=(("mode", ("6nd",)),),
            group="Work",
        ),
        Field(
            "total",
            "Total compute",
            "Model FLOPs of the whole run, e.g. 3.8e25.",
            "1e24",
            unit="FLOPs",
            gt=0,
            le=1e32,
            when=(("mode", ("total",)),),
            group="Work",
        ),
        Field("gpus", "GPUs", "Accelerators in the job.", "1024", integer=True, ge=1, le=1e7, group="Cluster"),
        _gpu_field(group="Cluster"),
        replace(PREC_FIELD, group="Cluster"),
        replace(PEAK_FIELD, group="Cluster"),
        Field(
            "mfu",
            "MFU",
            "Model FLOPs utilisation: the share of the dense peak the run sustains. An estimate: "
            "35 to 50% is typical for large dense models in BF16.",
            "40",
            unit="%",
            gt=0,
            le=100,
            group="Cluster",
        ),
        Field(
            "price",
            "Price per GPU-hour",
            "Yours: prices vary by provider, commitment, region and month. Leave it blank for no cost.",
            "",
            unit="$",
            ge=0,
            le=1e4,
            optional=True,
            group="Cluster",
        ),
    ),
    (
        Output("flops", "Total compute", "sci", "FLOPs"),
        Output("rate", "Cluster throughput (sustained)", "flops"),
        Output("time", "Wall-clock time", "duration"),
        Output("days", "Days", "number", "days"),
        Output("gpu_hours", "GPU-hours", "approx", "GPU-hours"),
        Output("cost", "Cost", "money"),
        Output("verdict", "Verdict", "text"),
    ),
)


def training_time(v: dict, gpus: dict) -> dict:
    flops = 6 * (v["params"] * 1e9) * (v["tokens"] * 1e9) if v["mode"] == "6nd" else v["total"]
    rate = v["gpus"] * _peak(v, gpus) * (v["mfu"] / 100)
    time = flops / rate
    gpu_hours = v["gpus"] * time / 3600
    cost = None if v["price"] is None else gpu_hours * v["price"]
    verdict = f"{fmt('duration', time)} on {fmt('int', v['gpus'])} GPUs, {fmt('approx', gpu_hours)} GPU-hours"
    verdict += "." if cost is None else f", {fmt('money', cost)} at the price you entered."
    return {
        "flops": flops,
        "rate": rate,
        "time": time,
        "days": time / 86400,
        "gpu_hours": gpu_hours,
        "cost": cost,
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- 6. failures and checkpoints

FAILURES = Calculator(
    "failures",
    "Failures and checkpoints",
    (
        Field("gpus", "GPUs", "Accelerators the job needs all of.", "10000", integer=True, ge=1, le=1e7, group="Job"),
        Field(
            "per",
            "Failure rate given per",
            "Per GPU (with its share of host, network and software) or per node.",
            "gpu",
            kind="select",
            options=(("gpu", "GPU"), ("node", "Node")),
            group="Job",
        ),
        Field("gpn", "GPUs per node", "", "8", integer=True, ge=1, le=1024, when=(("per", ("node",)),), group="Job"),
        Field(
            "mtbf",
            "Mean time between interruptions",
            "Of one GPU or one node, in hours. 50,700 GPU-hours is "
            "the figure derived from Llama 3's pre-training (see the questions below).",
            "50700",
            unit="hours",
            gt=0,
            le=1e9,
            group="Job",
        ),
        Field(
            "ckpt",
            "Checkpoint blocking time C",
            "Seconds training stops per checkpoint (for an asynchronous save, only the snapshot to host memory).",
            "120",
            unit="s",
            gt=0,
            le=1e6,
            group="Checkpoints",
        ),
        Field(
            "upload",
            "Upload time U",
            "Asynchronous saves: seconds until the checkpoint is durable (0 for a synchronous save).",
            "0",
            unit="s",
            ge=0,
            le=1e6,
            group="Checkpoints",
        ),
        Field(
            "restart",
            "Restart time R",
            "Detect, replace, relaunch, reload, warm up.",
            "10",
            unit="min",
            ge=0,
            le=1e5,
            group="Checkpoints",
        ),
        Field(
            "interval",
            "Checkpoint interval τ",
            "Leave blank for Young's optimum.",
            "",
            unit="min",
            gt=0,
            le=1e6,
            optional=True,
            group="Checkpoints",
        ),
    ),
    (
        Output("mtbi", "Job mean time between interruptions M", "duration"),
        Output("per_day", "Interruptions per day", "number"),
        Output("p_day", "Chance of a day without one", "percent"),
        Output("young", "Young's interval √(2·C·M)", "duration"),
        Output("daly", "Daly's interval", "duration"),
        Output("interval", "Interval used", "duration"),
        Output("lost", "Lost per interruption", "duration"),
        Output("lost_day", "Job time lost per day", "duration"),
        Output("gpu_hours_day", "GPU-hours lost per day", "approx", "GPU-hours"),
        Output("waste", "Waste (checkpoints, rework, restarts)", "percent"),
        Output("goodput", "Goodput", "percent"),
        Output("verdict", "Verdict", "text"),
    ),
)


def failures(v: dict, gpus: dict) -> dict:
    units = v["gpus"] if v["per"] == "gpu" else math.ceil(v["gpus"] / v["gpn"])
    m = v["mtbf"] * 3600 / units
    c, u, r = v["ckpt"], v["upload"], v["restart"] * 60
    young = math.sqrt(2 * c * m)
    if c < 2 * m:
        x = c / (2 * m)
        daly = young * (1 + math.sqrt(x) / 3 + x / 9) - c
    else:
        daly = m
    tau = young if v["interval"] is None else v["interval"] * 60
    waste = c / tau + (tau / 2 + u + r) / m
    lost = (tau + c) / 2 + u + r
    per_day = 86400 / m
    goodput = max(0.0, 1 - waste)
    if waste >= 0.5:
        verdict = (
            "Interruptions come about as often as the job can recover: the first-order model no longer "
            "holds. Cut restart time and checkpoint cost first."
        )
    elif tau < u:
        verdict = "The interval is shorter than the upload: a checkpoint would start before the last one is durable."
    else:
        verdict = (
            f"{num(per_day)} interruptions a day; checkpoint every {fmt('duration', tau)} for a goodput of "
            f"about {fmt('percent', goodput)}."
        )
    return {
        "mtbi": m,
        "per_day": per_day,
        "p_day": math.exp(-86400 / m),
        "young": young,
        "daly": daly,
        "interval": tau,
        "lost": lost,
        "lost_day": per_day * lost,
        "gpu_hours_day": per_day * lost / 3600 * v["gpus"],
        "waste": waste,
        "goodput": goodput,
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- 7. serving fleet

SERVING = Calculator(
    "serving-fleet",
    "Serving fleet size",
    (
        Field(
            "rps",
            "Peak requests per second",
            "The traffic to size for, not the daily average.",
            "100",
            unit="req/s",
            gt=0,
            le=1e9,
            group="Traffic",
        ),
        Field(
            "tin",
            "Input tokens per request",
            "Prompt tokens, after any prefix-cache hits.",
            "1000",
            unit="tokens",
            ge=0,
            le=1e8,
            group="Traffic",
        ),
        Field(
            "tout",
            "Output tokens per request",
            "Generated tokens.",
            "200",
            unit="tokens",
            ge=1,
            le=1e8,
            group="Traffic",
        ),
        Field(
            "basis",
            "Capacity measured as",
            "What your load test reports: token throughput of one replica or "
            "of one GPU of it, or the requests a replica keeps in flight at the latency target (Little's law).",
            "replica",
            kind="select",
            options=(
                ("replica", "Tokens per second per replica"),
                ("gpu", "Tokens per second per GPU"),
                ("concurrency", "Requests in flight per replica"),
            ),
            group="Capacity",
        ),
        Field(
            "prefill",
            "Prefill throughput",
            "Input tokens per second at your latency targets.",
            "20000",
            unit="tokens/s",
            gt=0,
            le=1e12,
            when=(("basis", ("replica", "gpu")),),
            group="Capacity",
        ),
        Field(
            "decode",
            "Decode throughput",
            "Output tokens per second, summed over the batch, at your latency targets.",
            "2500",
            unit="tokens/s",
            gt=0,
            le=1e12,
            when=(("basis", ("replica", "gpu")),),
            group="Capacity",
        ),
        Field(
            "conc",
            "Requests in flight per replica",
            "The most a replica holds while meeting the latency target, from a load test.",
            "16",
            unit="requests",
            gt=0,
            le=1e7,
            when=(("basis", ("concurrency",)),),
            group="Capacity",
        ),
        Field(
            "latency",
            "Average time per request",
            "End to end, at that load.",
            "0.5",
            unit="s",
            gt=0,
            le=1e5,
            when=(("basis", ("concurrency",)),),
            group="Capacity",
        ),
        Field(
            "gpr",
            "GPUs per replica",
            "Tensor (and pipeline) parallel size of one model copy.",
            "4",
            integer=True,
            ge=1,
            le=1e4,
            group="Capacity",
        ),
        Field(
            "headroom",
            "Headroom",
            "Share of capacity kept free at peak for bursts and latency.",
            "30",
            unit="%",
            ge=0,
            le=95,
            group="Capacity",
        ),
        Field(
            "spares",
            "Spare replicas",
            "Extra replicas for failures and rolling deploys (N + k).",
            "1",
            integer=True,
            ge=0,
            le=1e6,
            group="Capacity",
        ),
    ),
    (
        Output("in_tps", "Input tokens per second at peak", "number", "tokens/s"),
        Output("out_tps", "Output tokens per second at peak", "number", "tokens/s"),
        Output("per_replica", "Requests per second one replica serves flat out", "number", "req/s"),
        Output("in_flight", "Requests in flight at peak (Little's law)", "number", "requests"),
        Output("busy", "Replicas busy at peak", "number"),
        Output("replicas", "Replicas with headroom", "int"),
        Output("total", "Replicas with spares", "int"),
        Output("gpus", "GPUs", "int"),
        Output("load", "Load per replica at peak", "percent"),
        Output("verdict", "Verdict", "text"),
    ),
)


def serving_fleet(v: dict, gpus: dict) -> dict:
    in_flight = None
    if v["basis"] == "concurrency":
        per_replica = v["conc"] / v["latency"]
        in_flight = v["rps"] * v["latency"]
    else:
        scale = v["gpr"] if v["basis"] == "gpu" else 1
        per_replica = 1 / (v["tin"] / (v["prefill"] * scale) + v["tout"] / (v["decode"] * scale))
    busy = v["rps"] / per_replica
    replicas = max(1, math.ceil(busy / (1 - v["headroom"] / 100) - 1e-9))
    total = replicas + v["spares"]
    spares = "no spare" if v["spares"] == 0 else f"{fmt('int', v['spares'])} spare{'s' if v['spares'] > 1 else ''}"
    verdict = (
        f"{fmt('int', total)} replica{'s' if total > 1 else ''}, {fmt('int', total * v['gpr'])} GPUs: "
        f"{fmt('int', replicas)} for the peak with {num(v['headroom'])}% headroom, and {spares}."
    )
    return {
        "in_tps": v["rps"] * v["tin"],
        "out_tps": v["rps"] * v["tout"],
        "per_replica": per_replica,
        "in_flight": in_flight,
        "busy": busy,
        "replicas": replicas,
        "total": total,
        "gpus": total * v["gpr"],
        "load": busy / replicas,
        "verdict": verdict,
    }


# --------------------------------------------------------------------------- registry

CALCULATORS: dict[str, Calculator] = {
    c.id: c for c in (TRAINING, INFERENCE, COLLECTIVE, ROOFLINE, TRAINING_TIME, FAILURES, SERVING)
}
FIELDS = {cid: {f.name: f for f in c.fields} for cid, c in CALCULATORS.items()}
CHECKS = {
    "training-memory": training_check,
    "inference-memory": inference_check,
    "collective": lambda v, g: {},
    "roofline": roofline_check,
    "training-time": _precision_check,
    "failures": lambda v, g: {},
    "serving-fleet": lambda v, g: {},
}
COMPUTE = {
    "training-memory": training_memory,
    "inference-memory": inference_memory,
    "collective": collective,
    "roofline": roofline,
    "training-time": training_time,
    "failures": failures,
    "serving-fleet": serving_fleet,
}
# URL parameters a calculator may never use: Material opens its search for ?q= and highlights ?h=.
RESERVED = {"q", "h"}
