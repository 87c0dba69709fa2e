"""The NVIDIA command samples in docs_src/ml_basics/: real shell that runs.

trtexec and gst-launch-1.0 need NVIDIA's stack, so each script runs with stand-ins first
on PATH that record their arguments; the tests then check what the entries claim: the
shape ranges are consistent, and the DeepStream pipeline is batched and tiled for exactly
its two cameras.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "docs_src" / "ml_basics"
RECORDER = """#!{python}
import json, os, sys
with open(os.environ["CALLS"], "a") as f:
    f.write(json.dumps([os.path.basename(sys.argv[0]), *sys.argv[1:]]) + "\\n")
"""


def run_with_stand_ins(script: Path, tools: list[str], tmp_path: Path) -> list[list[str]]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        stand_in = bin_dir / tool
        stand_in.write_text(RECORDER.format(python=sys.executable))
        stand_in.chmod(0o755)
    calls = tmp_path / "calls.jsonl"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "CALLS": str(calls)}
    subprocess.run(["bash", str(script)], check=True, env=env, cwd=tmp_path, timeout=30)
    return [json.loads(line) for line in calls.read_text().splitlines()]


@pytest.mark.parametrize("script", sorted(SRC.glob("*.sh")), ids=lambda p: p.name)
def test_scripts_are_valid_bash(script):
    subprocess.run(["bash", "-n", str(script)], check=True)
    assert script.read_text().startswith("#!/usr/bin/env bash\nset -euo pipefail\n")


def shape(arg: str) -> tuple[str, list[int]]:
    name, dims = arg.split("=", 1)[1].split(":")
    return name, [int(d) for d in dims.split("x")]


def test_trtexec_builds_a_dynamic_fp16_engine_then_times_it(tmp_path):
    """TensorRT 11 flow: AutoCast writes an FP16 ONNX model, trtexec builds it with no
    precision flag (strong typing), then times the engine it saved."""
    cast, build, bench = run_with_stand_ins(SRC / "trtexec_fp16.sh", ["python3", "trtexec"], tmp_path)
    assert cast[:3] == ["python3", "-m", "modelopt.onnx.autocast"]
    args = cast[3:]
    assert args[args.index("--low_precision_type") + 1] == "fp16" and "--keep_io_types" in args
    source, converted = args[args.index("--onnx_path") + 1], args[args.index("--output_path") + 1]
    assert source.endswith(".onnx") and converted.endswith(".onnx") and source != converted
    assert build[0] == bench[0] == "trtexec"
    flags = {a.split("=")[0]: a for a in build[1:]}
    removed = {"--fp16", "--bf16", "--int8", "--fp8", "--int4", "--best", "--stronglyTyped"}
    assert not removed & set(flags)  # gone (or implied) in TensorRT 11
    assert flags["--onnx"].split("=", 1)[1] == converted  # the build reads AutoCast's output
    engine = flags["--saveEngine"].split("=", 1)[1]
    lo, opt, hi = (shape(flags[k]) for k in ("--minShapes", "--optShapes", "--maxShapes"))
    assert lo[0] == opt[0] == hi[0]  # one input tensor
    assert lo[1][1:] == opt[1][1:] == hi[1][1:]  # only the batch is dynamic
    assert lo[1][0] <= opt[1][0] <= hi[1][0]
    assert (lo[1][0], opt[1][0], hi[1][0]) == (1, 8, 32)  # as the comment says
    # the benchmark loads the engine just built, at the tuned shape
    bflags = {a.split("=")[0]: a for a in bench[1:]}
    assert bflags["--loadEngine"].split("=", 1)[1] == engine
    assert shape(bflags["--shapes"]) == opt


def elements(argv: list[str]) -> list[tuple[str, dict[str, str]]]:
    """gst-launch arguments as (element, properties) in order; links (!) and pads skipped."""
    out = []
    for word in argv:
        if word in ("!", "-e") or re.fullmatch(r"\w+\.\w+", word):
            continue
        if "=" in word:
            key, value = word.split("=", 1)
            out[-1][1][key] = value
        else:
            out.append((word, {}))
    return out


def test_deepstream_pipeline_is_sized_for_its_cameras(tmp_path):
    (call,) = run_with_stand_ins(SRC / "deepstream_two_cameras.sh", ["gst-launch-1.0"], tmp_path)
    assert call[0] == "gst-launch-1.0" and call[1] == "-e"  # EOS on Ctrl-C keeps the MP4 playable
    els = elements(call[1:])
    names = [e for e, _ in els]
    props = dict(els)
    sources = [p["uri"] for e, p in els if e == "uridecodebin"]
    sinks = sorted(w for w in call if re.fullmatch(r"mux\.sink_\d+", w))
    assert len(sources) == 2 and sinks == ["mux.sink_0", "mux.sink_1"]
    mux = props["nvstreammux"]
    assert mux["name"] == "mux" and int(mux["batch-size"]) == len(sources)
    assert int(props["nvinfer"]["batch-size"]) == len(sources)  # one inference per batch
    tiler = props["nvmultistreamtiler"]
    assert int(tiler["rows"]) * int(tiler["columns"]) >= len(sources)
    assert int(tiler["width"]) == int(tiler["columns"]) * int(mux["width"])
    assert int(tiler["height"]) == int(tiler["rows"]) * int(mux["height"])
    # detection before tracking before drawing, and the file is written last
    order = ["nvstreammux", "nvinfer", "nvtracker", "nvmultistreamtiler", "nvdsosd", "mp4mux", "filesink"]
    assert [names.index(e) for e in order] == sorted(names.index(e) for e in order)
