#!/usr/bin/env python3
"""Volatile facts: which question entries may need their facts re-checked (`make as-of`).

Lists, informational only (always exits 0 unless the arguments are bad):

1. entries whose `as_of: YYYY-MM` is more than 12 months before this month (or --today);
2. entries with no `as_of` that look like they state prices, hardware figures or
   version-specific facts (a heuristic: dollar amounts, per-hour pricing, GPU/accelerator
   names, bandwidth/FLOPS units, "<framework> <version>"), with the words that matched.

Front matter is read directly (YAML), not through the engine, so one broken file elsewhere
never hides the list.

    python3 scripts/as_of.py [--today 2027-03] [--months 12] [--root .]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FENCE_OR_CODE = re.compile(r"```.*?```|~~~.*?~~~", re.S)
HINTS = {
    "price": re.compile(
        r"(?:US)?\$\s?\d[\d,.]*\s?[kKmMbB]?|\b\d[\d,.]*\s?(?:USD|dollars)\b|"
        r"\bper (?:GPU[- ])?hour\b|/(?:GPU-)?h(?:ou)?r\b|\bspot price|\bon-demand price",
        re.I,
    ),
    "hardware": re.compile(
        r"\b(?:[HB]100|H200|GB200|B200|A100|A10G?|L40S?|V100|T4|MI300X?|MI250X?|"
        r"TPU ?v\d+[a-z]*|Trainium\d?|Inferentia\d?|Gaudi ?\d?|Grace Hopper|Blackwell|Hopper)\b"
    ),
    "figure": re.compile(
        r"\b\d+(?:\.\d+)?\s?(?:GB/s|TB/s|Gb/s|Gbit/s|Gbps|TFLOPS|PFLOPS|TOPS)\b|"
        r"\bNVLink ?\d|\b\d+\s?GB (?:of )?HBM\d?e?\b|\bPCIe (?:Gen ?)?\d",
        re.I,
    ),
    "version": re.compile(
        r"\b(?:PyTorch|CUDA|vLLM|TensorRT(?:-LLM)?|Kubernetes|Ray|JAX|NCCL|Triton|"
        r"DeepSpeed|Megatron(?:-LM)?)\s+v?\d+\.\d+",
        re.I,
    ),
}


def front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        return {}, text
    try:
        meta = yaml.safe_load(parts[0][3:]) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), parts[1]


def month_index(value: str) -> int:
    y, m = value.split("-")
    return int(y) * 12 + int(m) - 1


def hints(text: str) -> dict[str, list[str]]:
    text = FENCE_OR_CODE.sub(" ", text)
    out = {}
    for name, pattern in HINTS.items():
        found = sorted({m.group(0).strip() for m in pattern.finditer(text)})
        if found:
            out[name] = found
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--today", default=dt.date.today().strftime("%Y-%m"), help="YYYY-MM (default: this month)")
    ap.add_argument("--months", type=int, default=12, help="age that counts as stale (default 12)")
    ap.add_argument("--root", type=Path, default=ROOT)
    args = ap.parse_args(argv)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.today):
        ap.error("--today must be YYYY-MM")
    now = month_index(args.today)
    stale, unmarked, total, marked = [], [], 0, 0
    for path in sorted((args.root / "data" / "questions").rglob("*.md")):
        total += 1
        meta, body = front_matter(path.read_text(encoding="utf-8"))
        rel = path.relative_to(args.root).as_posix()
        qid = meta.get("id", path.stem)
        as_of = str(meta.get("as_of") or "")
        if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", as_of):
            marked += 1
            age = now - month_index(as_of)
            if age > args.months:
                stale.append((age, rel, qid, as_of))
            continue
        text = " ".join(str(meta.get(k, "")) for k in ("title", "prompt", "short_answer")) + "\n" + body
        found = hints(text)
        if found:
            unmarked.append((rel, qid, found))

    print(f"{total} question entries, {marked} with as_of; today taken as {args.today}.\n")
    print(f"as_of older than {args.months} months: {len(stale)}")
    for age, rel, qid, as_of in sorted(stale, reverse=True):
        print(f"  {rel}: '{qid}' as_of {as_of} ({age} months)")
    print(f"\nno as_of, but mentions prices, hardware or versions (heuristic): {len(unmarked)}")
    for rel, qid, found in unmarked:
        words = "; ".join(f"{k}: {', '.join(v[:5])}{' ...' if len(v) > 5 else ''}" for k, v in found.items())
        print(f"  {rel}: '{qid}' — {words}")
    if unmarked:
        print("\nIf those facts change yearly, add `as_of: YYYY-MM` to the front matter (docs/contributing.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
