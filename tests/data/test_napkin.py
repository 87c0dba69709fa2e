"""macros/data/napkin.py against hand-worked examples from papers, vendor documents and the guide's
own entries; property tests of the formulas; docs/assets/calc.js run under node on generated
inputs and compared with the Python reference, output for output and character for character."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from macros.data import napkin
from macros.data.hardware import load_hardware

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "docs" / "assets" / "calc.js"
GPUS = napkin.gpus_from(load_hardware(ROOT))
GB = 1e9


def run(calc_id: str, **inputs) -> dict:
    raw = {k: ("1" if v is True else "0" if v is False else str(v)) for k, v in inputs.items()}
    result = napkin.run(calc_id, raw, GPUS)
    assert not result["errors"], result["errors"]
    return result


def out(calc_id: str, **inputs) -> dict:
    return run(calc_id, **inputs)["outputs"]


def text(calc_id: str, **inputs) -> dict:
    return run(calc_id, **inputs)["text"]


def errors(calc_id: str, **inputs) -> dict:
    raw = {k: str(v) for k, v in inputs.items()}
    return napkin.run(calc_id, raw, GPUS)["errors"]


# --------------------------------------------------------------------------- training memory


@pytest.mark.parametrize(
    "stage, state, shown",
    [("0", 120e9, "120 GB"), ("1", 31.40625e9, "31.4 GB"), ("2", 16.640625e9, "16.6 GB"), ("3", 1.875e9, "1.88 GB")],
)
def test_zero_paper_figure_one(stage, state, shown):
    """ZeRO (Rajbhandari et al., arXiv 1910.02054), Figure 1: Ψ = 7.5B, Nd = 64, K = 12 gives
    120 GB, 31.4 GB, 16.6 GB and 1.9 GB of model state per device for stages 0 to 3."""
    r = run("training-memory", params=7.5, dp=64, zero=stage)
    assert r["outputs"]["state"] == pytest.approx(state, rel=1e-12)
    assert r["text"]["state"] == shown


@pytest.mark.parametrize("stage, gb", [("0", 112), ("1", 38.5), ("2", 26.25), ("3", 14)])
def test_seven_b_on_eight_gpus_as_the_entry_tabulates(stage, gb):
    """training-memory-per-parameter: 7B, N = 8: 112, 38.5, 26.25 and 14 GB."""
    assert out("training-memory", params=7, dp=8, zero=stage)["state"] == pytest.approx(gb * GB)


@pytest.mark.parametrize(
    "precision, optimizer, per_param",
    [
        ("bf16", "adam", 16),
        ("bf16", "adam8", 10),
        ("bf16", "sgdm", 12),
        ("bf16", "sgd", 8),
        ("fp32", "adam", 16),
        ("fp32", "sgdm", 12),
        ("fp32", "sgd", 8),
        ("fp8", "adam", 15),
    ],
)
def test_bytes_per_parameter(precision, optimizer, per_param):
    assert out("training-memory", precision=precision, optimizer=optimizer)["per_param"] == pytest.approx(per_param)


def test_activations_follow_korthikanti():
    """Reducing Activation Recomputation (arXiv 2205.05198), Table 2, for GPT-3 175B's layer shape
    (a = 96, h = 12,288, s = 2,048, b = 1): sbh(34 + 5as/h) without parallelism, sbh(10 + 24/t +
    5as/(ht)) with tensor parallelism, sbh(34 + 5as/h)/t with sequence parallelism too."""
    shape = dict(params=175, layers=96, hidden=12288, heads=96, seq=2048, mb=1, flash=False)
    sbh = 2048 * 12288
    one = out("training-memory", **shape)
    assert one["acts"] == pytest.approx(96 * sbh * (34 + 80))
    tp = out("training-memory", **shape, tp=8, sp=False)
    assert tp["acts"] == pytest.approx(96 * sbh * (10 + 24 / 8 + 80 / 8))
    sp = out("training-memory", **shape, tp=8, sp=True)
    assert sp["acts"] == pytest.approx(96 * sbh * 114 / 8)
    flash = out("training-memory", **{**shape, "flash": True}, tp=8, sp=True)
    assert flash["acts"] == pytest.approx(96 * sbh * 34 / 8)  # the selective-recompute row
    full = out("training-memory", **shape, tp=8, sp=True, ckpt="full")
    assert full["acts"] == pytest.approx(96 * 2 * sbh / 8 + sbh * 114 / 8)
    # 1F1B: the first stage holds L layers' worth whatever p is
    assert out("training-memory", **shape, tp=8, pp=8)["acts"] == pytest.approx(sp["acts"])


def test_activations_of_the_seven_b_entry():
    """training-memory-per-parameter: h = 4,096, L = 32, s = 4,096, b = 1 with FlashAttention is
    about 570 MB per layer, about 18 GB in all; full checkpointing keeps about 1.1 GB of inputs."""
    r = out("training-memory", params=7, layers=32, hidden=4096, heads=32, seq=4096, mb=1)
    assert r["acts"] / 32 == pytest.approx(570e6, rel=0.01)
    assert r["acts"] == pytest.approx(18.25e9, rel=0.01)
    full = out("training-memory", params=7, layers=32, hidden=4096, heads=32, seq=4096, mb=1, ckpt="full")
    assert full["acts"] - r["acts"] / 32 == pytest.approx(1.07e9, rel=0.01)


def test_fit_check_uses_the_hardware_table():
    h100 = GPUS["h100-sxm"]["memory"] * GB
    r = run("training-memory", params=7.5, dp=64, zero="3", reserve=0)
    assert r["outputs"]["usable"] == h100 and r["text"]["verdict"].startswith("Fits:")
    big = run("training-memory", params=7.5, dp=1, zero="0", reserve=10, gpu="b300")
    assert big["outputs"]["usable"] == pytest.approx(GPUS["b300"]["memory"] * GB * 0.9)
    custom = run("training-memory", gpu="custom", gpu_mem=24, params=1, dp=1, reserve=0)
    assert custom["outputs"]["usable"] == 24 * GB and "accelerator you described" in custom["text"]["verdict"]


def test_training_layout_rules():
    assert errors("training-memory", layers=32, pp=5) == {"pp": "32 layers do not split evenly into 5 stages."}
    assert errors("training-memory", layers=4, pp=8) == {"pp": "More pipeline stages than layers (4)."}
    assert errors("training-memory", heads=32, tp=3) == {
        "tp": "32 heads do not split evenly over 3 tensor-parallel ranks."
    }
    assert run("training-memory", tp=8, dp=4, pp=2)["outputs"]["gpus"] == 64


# --------------------------------------------------------------------------- inference memory


def test_llama3_70b_kv_cache_as_the_entry_works_it():
    """kv-cache-size: 80 layers, 8 KV heads, head_dim 128, fp16: 320 KiB per token, 2.5 GiB
    (2.68 GB) for 8,192 tokens; 4 GPUs at 0.9 with ~8 GiB of overhead hold about 52 sequences."""
    r = run(
        "inference-memory",
        params=70,
        layers=80,
        attn="gqa",
        qheads=64,
        kvheads=8,
        headdim=128,
        kvprec="bf16",
        ctx=8192,
        tp=4,
        util=90,
        overhead=2,
    )
    assert r["outputs"]["kv_token"] == 327_680
    assert r["text"]["kv_token"] == "328 KB (320 KiB)"
    assert r["outputs"]["kv_request"] == 2_684_354_560
    assert r["text"]["kv_request"] == "2.68 GB (2.5 GiB)"
    assert r["outputs"]["kv_token_gpu"] == 327_680 / 4
    assert r["outputs"]["concurrency"] == 52


def test_attention_variants():
    base = dict(layers=32, qheads=32, headdim=128, tp=1, params=7)
    assert out("inference-memory", attn="mha", **base)["kv_token"] == 512 * 1024  # Llama 2 7B
    assert out("inference-memory", attn="mqa", **base)["kv_token"] == 512 * 1024 / 32
    assert out("inference-memory", attn="gqa", kvheads=8, **base)["kv_token"] == 512 * 1024 / 4
    assert out("inference-memory", attn="gqa", kvheads=8, kvprec="fp8", **base)["kv_token"] == 64 * 1024


def test_kv_heads_are_replicated_beyond_their_count():
    r = out("inference-memory", kvheads=8, tp=16, params=70)
    assert r["kv_token_gpu"] == 2 * 80 * 1 * 128 * 2
    assert errors("inference-memory", kvheads=8, tp=3) == {
        "tp": "8 KV heads cannot be split over 3 GPUs: use a divisor or a multiple of 8."
    }
    assert errors("inference-memory", qheads=64, kvheads=6, tp=2) == {
        "kvheads": "64 query heads do not group evenly into 6 KV heads."
    }
    assert errors("inference-memory", qheads=8, kvheads=16, tp=1) == {"kvheads": "More KV heads than query heads."}


def test_weights_that_do_not_fit():
    r = run("inference-memory", params=405, tp=1)
    assert r["outputs"]["concurrency"] == 0 and r["text"]["verdict"].startswith("Does not fit")


# --------------------------------------------------------------------------- collectives


@pytest.mark.parametrize(
    "op, factor",
    [
        ("allreduce", lambda n: 2 * (n - 1) / n),
        ("allgather", lambda n: (n - 1) / n),
        ("reducescatter", lambda n: (n - 1) / n),
        ("alltoall", lambda n: (n - 1) / n),
    ],
)
@pytest.mark.parametrize("n", [2, 8, 1000])
def test_bus_bandwidth_is_nccl_tests_definition(op, factor, n):
    """nccl-tests doc/PERFORMANCE.md: busbw = algbw × 2(n−1)/n for all-reduce and × (n−1)/n for
    all-gather, reduce-scatter and all-to-all, where algbw = S / t."""
    r = out("collective", op=op, n=n, size=1, unit="GB", lat=3)
    assert r["algbw"] == pytest.approx(1e9 / r["time"], rel=1e-12)
    assert r["busbw"] == pytest.approx(r["algbw"] * factor(n), rel=1e-12)


def test_ring_all_reduce_meets_the_bound_of_performance_md():
    """With no latency, t = (S/B)·2(n−1)/n, so bus bandwidth equals the link bandwidth."""
    r = out("collective", op="allreduce", n=8, size=14, unit="GB", link="custom", bw=360, lat=0)
    assert r["sent"] == pytest.approx(24.5e9)  # allreduce-algorithms: 2 × 7/8 × 14 GB
    assert r["time"] == pytest.approx(14e9 / 360e9 * 2 * 7 / 8)
    assert r["time"] == pytest.approx(0.068, rel=0.01)  # "≈ 68 ms"
    assert r["busbw"] == pytest.approx(360e9)
    ib = out("collective", op="allreduce", n=8, size=14, unit="GB", link="custom", bw=45, lat=0)
    assert ib["time"] == pytest.approx(0.54, rel=0.01)  # "≈ 0.54 s"


def test_latency_flips_ring_and_tree_for_small_messages():
    """allreduce-algorithms: 4 KB on 1,024 ranks at α = 5 µs: ring ~2,046 α ≈ 10 ms, tree
    2·log2(1,024)·α ≈ 0.1 ms."""
    ring = out("collective", op="allreduce", n=1024, size=4, unit="KB", lat=5, algo="ring")
    tree = out("collective", op="allreduce", n=1024, size=4, unit="KB", lat=5, algo="tree")
    assert ring["steps"] == 2046 and ring["lat_time"] == pytest.approx(10.23e-3)
    assert tree["steps"] == 20 and tree["lat_time"] == pytest.approx(0.1e-3)
    big_ring = out("collective", op="allreduce", n=8, size=10, unit="GB", lat=5, algo="ring")
    big_tree = out("collective", op="allreduce", n=8, size=10, unit="GB", lat=5, algo="tree")
    assert big_ring["time"] < big_tree["time"]


def test_scale_up_presets_are_half_the_both_directions_figure():
    for hid, g in GPUS.items():
        r = out("collective", link=f"su-{hid}", lat=0)
        assert r["link_bw"] == g["scaleup_bw"] / 2 * 1e9
    assert out("collective", link="nic-400")["link_bw"] == 50e9


@given(
    op=st.sampled_from(sorted(napkin.OPS)),
    n=st.integers(2, 100_000),
    size=st.floats(1e-3, 1e6),
    bw=st.floats(0.01, 1e4),
)
def test_ring_bus_bandwidth_equals_the_link_without_latency(op, n, size, bw):
    r = out("collective", op=op, n=n, size=repr(size), unit="MB", link="custom", bw=repr(bw), lat=0)
    assert r["busbw"] == pytest.approx(bw * 1e9, rel=1e-9)


@given(n=st.integers(2, 4096), size=st.floats(1e-3, 1e4), lat=st.floats(0, 100))
def test_time_grows_with_size_and_latency(n, size, lat):
    a = out("collective", n=n, size=repr(size), lat=repr(lat))
    b = out("collective", n=n, size=repr(size * 2), lat=repr(lat))
    c = out("collective", n=n, size=repr(size), lat=repr(lat + 1))
    assert b["time"] > a["time"] and c["time"] > a["time"]
    assert a["time"] == pytest.approx(a["lat_time"] + a["bw_time"])


# --------------------------------------------------------------------------- roofline


def test_h100_ridge_and_decode_step():
    """prefill-vs-decode: ridge ≈ 295 FLOP/byte; a 70B BF16 decode step streams 140 GB,
    ≈ 42 ms; prefill of 2,000 tokens costs 2.8 × 10¹⁴ FLOPs, 0.28 s at peak."""
    g = GPUS["h100-sxm"]
    d = out("roofline", mode="decode", params=70, batch=1, ctx=0)
    assert d["ridge"] == pytest.approx(g["bf16"] / g["memory_bw"])
    assert round(d["ridge"]) == 295
    assert d["bytes"] == 140e9 and d["bound"] == "memory bandwidth"
    assert d["time"] == pytest.approx(140e9 / (g["memory_bw"] * 1e12))
    assert d["time"] == pytest.approx(0.042, rel=0.01)
    assert d["intensity"] == pytest.approx(1.0)
    p = out("roofline", mode="prefill", params=70, batch=1, prompt=2000)
    assert 2 * 70e9 * 2000 == 2.8e14 and p["flops"] == pytest.approx(2.8e14 + 2 * 80 * 8192 * 2000**2)
    assert p["bound"] == "compute" and p["t_compute"] == pytest.approx(0.288, rel=0.01)


def test_roofline_precision_must_exist_on_the_accelerator():
    msg = errors("roofline", gpu="a100-80gb", prec="fp8")["prec"]
    assert "no FP8 figure" in msg and GPUS["a100-80gb"]["name"] in msg
    assert errors("roofline", gpu="h100-sxm", prec="fp4")
    assert not errors("roofline", gpu="b200", prec="fp4")
    assert not errors("roofline", gpu="custom", prec="fp4", peak=5000, membw=8)


@given(gflop=st.floats(1e-3, 1e9), gbytes=st.floats(1e-3, 1e6), gpu=st.sampled_from(sorted(GPUS)))
def test_roofline_properties(gflop, gbytes, gpu):
    r = out("roofline", mode="custom", gflop=repr(gflop), gbytes=repr(gbytes), gpu=gpu)
    peak = GPUS[gpu]["bf16"] * 1e12
    assert r["time"] >= r["t_compute"] and r["time"] >= r["t_memory"]
    assert r["attained"] <= peak * (1 + 1e-12)
    assert (r["bound"] == "compute") == (r["intensity"] >= r["ridge"] * (1 - 1e-12)) or math.isclose(
        r["intensity"], r["ridge"], rel_tol=1e-9
    )


# --------------------------------------------------------------------------- training time


def test_six_n_d():
    """GPT-3 (arXiv 2005.14165): 175B parameters on 300B tokens, 3.14 × 10²³ FLOPs in its table;
    Llama 3 405B (arXiv 2407.21783): 15.6T tokens, 3.8 × 10²⁵ FLOPs."""
    assert out("training-time", params=175, tokens=300)["flops"] == pytest.approx(3.15e23)
    llama = run("training-time", params=405, tokens=15600, gpus=16384, mfu=40)
    assert llama["outputs"]["flops"] == pytest.approx(3.79e25, rel=1e-3)
    assert llama["text"]["flops"] == "3.79 × 10²⁵ FLOPs"
    seconds = 6 * 405e9 * 15.6e12 / (16384 * GPUS["h100-sxm"]["bf16"] * 1e12 * 0.4)
    assert llama["outputs"]["time"] == pytest.approx(seconds)
    assert llama["outputs"]["gpu_hours"] == pytest.approx(16384 * seconds / 3600)


def test_cost_only_with_a_price():
    r = run("training-time", gpus=8, mode="total", total="1e21", mfu=50)
    assert r["outputs"]["cost"] is None and r["text"]["cost"] == "—"
    priced = run("training-time", gpus=8, mode="total", total="1e21", mfu=50, price=2.5)
    assert priced["outputs"]["cost"] == pytest.approx(priced["outputs"]["gpu_hours"] * 2.5)


@given(tokens=st.floats(1, 1e5), gpus=st.integers(1, 100_000))
def test_time_is_linear_in_tokens_and_inverse_in_gpus(tokens, gpus):
    a = out("training-time", tokens=repr(tokens), gpus=gpus)
    b = out("training-time", tokens=repr(tokens * 2), gpus=gpus)
    assert b["time"] == pytest.approx(2 * a["time"])
    assert a["gpu_hours"] == pytest.approx(out("training-time", tokens=repr(tokens), gpus=1)["gpu_hours"])


# --------------------------------------------------------------------------- failures


def test_young_daly_example_of_the_entry():
    """checkpoint-interval-young-daly: 10,000 GPUs at 50,700 GPU-hours, C = 120 s, R = 10 min:
    M ≈ 18,250 s, 4.7 a day, τ* ≈ 2,090 s, waste ≈ 14.7%, Daly ≈ 2,010 s, ~28.5 min lost each."""
    r = out("failures", gpus=10000, mtbf=50700, ckpt=120, restart=10)
    assert r["mtbi"] == pytest.approx(50700 * 3600 / 10000)
    assert r["per_day"] == pytest.approx(4.73, rel=0.01)
    assert r["young"] == pytest.approx(math.sqrt(2 * 120 * 18252), rel=1e-12)
    assert r["young"] == pytest.approx(2090, rel=0.01)
    assert r["waste"] == pytest.approx(0.147, abs=0.002)
    assert r["daly"] == pytest.approx(2010, rel=0.01)
    assert r["lost"] / 60 == pytest.approx(28.5, rel=0.01)
    a = out("failures", gpus=10000, mtbf=50700, ckpt=3, upload=240, restart=10)
    assert a["young"] == pytest.approx(330, rel=0.01) and a["waste"] == pytest.approx(0.064, abs=0.002)


def test_interruption_table_of_the_entry():
    """job-interruption-rate: 1,024 GPUs → M ≈ 49.5 h, P(24 h with none) ≈ 62%."""
    r = out("failures", gpus=1024, mtbf=50700)
    assert r["mtbi"] / 3600 == pytest.approx(49.5, rel=0.01)
    assert r["p_day"] == pytest.approx(0.62, abs=0.01)
    node = out("failures", gpus=1024, per="node", gpn=8, mtbf=50700 / 8)
    assert node["mtbi"] == pytest.approx(r["mtbi"])


@given(c=st.floats(1, 3600), mtbf=st.floats(1e3, 1e7), n=st.integers(1, 100_000), k=st.floats(0.1, 10))
def test_young_interval_minimises_the_first_order_waste(c, mtbf, n, k):
    best = out("failures", gpus=n, mtbf=repr(mtbf), ckpt=repr(c), restart=0)
    assume(best["young"] * k / 60 <= 1_000_000)  # the form takes intervals up to a million minutes
    other = out("failures", gpus=n, mtbf=repr(mtbf), ckpt=repr(c), restart=0, interval=repr(best["young"] * k / 60))
    assert other["waste"] >= best["waste"] * (1 - 1e-9)
    # the curve is flat: at k·τ* the waste is (k + 1/k)/2 times its minimum
    assert other["waste"] == pytest.approx(best["waste"] * (k + 1 / k) / 2, rel=1e-6)


# --------------------------------------------------------------------------- serving fleet


def test_fleet_by_hand():
    """100 req/s of 1,000 in + 200 out; a replica does 20,000 prefill and 2,500 decode tokens/s:
    each request busies a replica 0.05 + 0.08 = 0.13 s, 7.69 req/s flat out, 13 replicas busy at
    peak, 13 / 0.7 = 18.6 → 19 with 30% headroom, 20 with one spare, 80 GPUs at 4 per replica."""
    r = out("serving-fleet", rps=100, tin=1000, tout=200, prefill=20000, decode=2500, gpr=4, headroom=30, spares=1)
    assert r["per_replica"] == pytest.approx(1 / 0.13)
    assert r["busy"] == pytest.approx(13)
    assert (r["replicas"], r["total"], r["gpus"]) == (19, 20, 80)
    per_gpu = out("serving-fleet", basis="gpu", prefill=5000, decode=625, gpr=4)
    assert per_gpu["replicas"] == 19


def test_fleet_by_littles_law():
    """serving-autoscaling: 200 req/s at 0.5 s is 100 in flight; 16 per replica → 6.25, so 7
    replicas, about 9 with headroom for the cold-start window."""
    r = out("serving-fleet", basis="concurrency", rps=200, latency=0.5, conc=16, headroom=0, spares=0)
    assert (r["in_flight"], r["busy"], r["replicas"]) == (100, 6.25, 7)
    assert out("serving-fleet", basis="concurrency", rps=200, latency=0.5, conc=16, headroom=30)["replicas"] == 9


@given(rps=st.floats(0.01, 1e5), headroom=st.integers(0, 95), tin=st.integers(0, 100_000), tout=st.integers(1, 10_000))
def test_replicas_cover_the_peak_with_headroom(rps, headroom, tin, tout):
    r = out("serving-fleet", rps=repr(rps), headroom=headroom, tin=tin, tout=tout)
    assert r["replicas"] * r["per_replica"] * (1 - headroom / 100) >= rps * (1 - 1e-9)
    assert r["replicas"] == 1 or (r["replicas"] - 1) * r["per_replica"] * (1 - headroom / 100) < rps * (1 + 1e-9)


# --------------------------------------------------------------------------- formatting and parsing


@pytest.mark.parametrize(
    "x, shown",
    [
        (0, "0"),
        (1, "1"),
        (31.40625, "31.4"),
        (1.875, "1.88"),
        (1.125, "1.13"),
        (2.675, "2.67"),
        (100.5, "101"),
        (99.96, "100"),
        (9.996, "10"),
        (1234567.4, "1,234,567"),
        (0.0123456, "0.0123"),
        (0.001, "0.001"),
        (0.000123, "1.23 × 10⁻⁴"),
        (3.15e23, "3.15 × 10²³"),
        (9.999e20, "1 × 10²¹"),
        (-58.3, "-58.3"),
        (-1234.5, "-1,235"),
    ],
)
def test_num(x, shown):
    assert napkin.num(x) == shown


@pytest.mark.parametrize(
    "kind, x, shown",
    [
        ("bytes", 327_680, "328 KB (320 KiB)"),
        ("bytes", 512, "512 B"),
        ("bytes", 1.5e15, "1.5 PB (1.33 PiB)"),
        ("gb", 120e9, "120 GB"),
        ("duration", 0.0000052, "5.2 µs"),
        ("duration", 0.068, "68 ms"),
        ("duration", 90, "90 s"),
        ("duration", 2093, "34.9 min"),
        ("duration", 18252, "5.07 h"),
        ("duration", 86400 * 67.7, "67.7 days"),
        ("percent", 0.147, "14.7%"),
        ("money", 12.3, "$12.30"),
        ("money", 1234567.5, "$1,234,568"),
        ("int", 52, "52"),
        ("flops", 6.48e18, "6.48 EFLOP/s"),
        ("bandwidth", 450e9, "450 GB/s"),
        ("sci", 1e24, "1 × 10²⁴"),
        ("text", "x", "x"),
        ("approx", 28_007_405, "28,000,000"),
        ("approx", 24_750_730, "24,800,000"),
        ("approx", 999.6, "1,000"),
        ("approx", 1234.5, "1,230"),
        ("approx", 12.34, "12.3"),
    ],
)
def test_fmt(kind, x, shown):
    assert napkin.fmt(kind, x) == shown
    assert napkin.fmt(kind, None) == "—"


@pytest.mark.parametrize(
    "value, message",
    [
        ("-5", "Enter a number above 0."),
        ("0", "Enter a number above 0."),
        ("1e9", "Enter 100,000 or less."),
        ("abc", "Enter a number, such as 7.5 or 1e24."),
        ("", "Enter a value."),
        ("1e999", "Enter a number, such as 7.5 or 1e24."),
        ("7,5", "Enter a number, such as 7.5 or 1e24."),
        ("1,0000", "Enter a number, such as 7.5 or 1e24."),
        ("1,000", None),
        (" 7.5 ", None),
        ("1_000", None),
        ("12,345.5", None),
    ],
)
def test_parameter_field_messages(value, message):
    assert errors("training-memory", params=value).get("params") == message


def test_integer_and_lower_bounds():
    assert errors("training-memory", dp="2.5") == {"dp": "Enter a whole number."}
    assert errors("training-memory", dp="0") == {"dp": "Enter 1 or more."}
    assert errors("training-memory", reserve="95") == {"reserve": "Enter 90 or less."}
    assert errors("training-memory", zero="7") == {"zero": "Choose one of the listed options."}
    assert errors("collective", n="1") == {"n": "Enter 2 or more."}
    assert errors("failures", interval="") == {}


def test_fields_that_do_not_apply_are_never_errors():
    assert errors("training-memory", gpu_mem="-1") == {}  # gpu is not "custom"
    assert errors("training-memory", gpu="custom", gpu_mem="-1") == {"gpu_mem": "Enter a number above 0."}
    assert errors("collective", op="allgather", algo="bogus") == {"algo": "Choose one of the listed options."}


def test_query_keeps_only_what_differs_and_round_trips():
    raw = {"params": "7.5", "dp": "64", "zero": "1", "gpu_mem": "40", "tp": "1"}
    q = napkin.query("training-memory", raw, GPUS)
    assert q == "params=7.5&zero=1&dp=64"
    from urllib.parse import parse_qsl

    assert (
        napkin.run("training-memory", dict(parse_qsl(q)), GPUS)["outputs"]
        == napkin.run("training-memory", raw, GPUS)["outputs"]
    )


def test_no_field_uses_a_parameter_material_reads():
    for calc in napkin.CALCULATORS.values():
        names = [f.name for f in calc.fields]
        assert not set(names) & napkin.RESERVED, calc.id
        assert len(names) == len(set(names)), calc.id
        assert all(f.default in dict(napkin.field_options(f, GPUS)) for f in calc.fields if f.kind == "select"), calc.id


def test_every_default_computes():
    for cid in napkin.CALCULATORS:
        r = napkin.run(cid, {}, GPUS)
        assert not r["errors"], cid
        assert all(
            v is not None
            for k, v in r["outputs"].items()
            if (cid, k) not in {("training-time", "cost"), ("serving-fleet", "in_flight")}
        ), cid


# --------------------------------------------------------------------------- calc.js under node


def node_run(payload: dict) -> list:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: install Node.js (the Makefile's `npm ci` needs it too)")
    script = (
        f"const core = require({json.dumps(str(JS))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const out = input.cases.map(c => c.fmt ? core.fmt(c.fmt, c.x, c.unit || '') : "
        "Object.assign(core.run(input.specs[c.calc], c.raw, input.env), "
        "{query: core.query(input.specs[c.calc], c.raw, input.env)}));"
        "process.stdout.write(JSON.stringify(out));"
    )
    result = subprocess.run(
        [node, "-e", script], input=json.dumps(payload), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def env() -> dict:
    return {"gpus": GPUS, "links": {v: bw for v, _, bw in napkin.links(GPUS) if bw is not None}}


def random_text(rng: random.Random, f: napkin.Field) -> str:
    """A value a reader might type: mostly valid, sometimes at or past a limit, sometimes junk."""
    if f.kind == "select":
        options = [v for v, _ in napkin.field_options(f, GPUS)]
        return rng.choice(options) if rng.random() > 0.02 else "nonsense"
    if f.kind == "check":
        return rng.choice(["0", "1"])
    r = rng.random()
    if r < 0.03:
        return rng.choice(["", "-1", "0", "abc", "1e999", "2.5.1", "1e400", "7,5", "1,000", "12,345.5", " 8 "])
    lo = f.gt if f.gt is not None else (f.ge if f.ge is not None else 0)
    hi = f.le if f.le is not None else (f.lt if f.lt is not None else 1e6)
    if r < 0.06:
        return rng.choice([repr(lo), repr(hi), repr(hi * 1.5), repr(lo - 1)])
    base = float(f.default or "1")
    if f.integer:
        x = max(lo if lo >= 1 else 1, round(base * 2 ** rng.uniform(-3, 3)))
        if rng.random() < 0.3:
            x = rng.choice([1, 2, 3, 4, 6, 8, 12, 16, 32, 64, 128, 1024])
        return str(int(min(x, hi)))
    x = base * 10 ** rng.uniform(-2, 2) if base else rng.uniform(0, 100)
    return repr(min(x, hi)) if rng.random() < 0.8 else f"{min(x, hi):.3g}"


def cases(seed: int, per_calc: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for cid, calc in napkin.CALCULATORS.items():
        for _ in range(per_calc):
            raw = {f.name: random_text(rng, f) for f in calc.fields if rng.random() < 0.7}
            out.append({"calc": cid, "raw": raw})
    return out


def same_value(a, b) -> bool:
    if isinstance(a, (int, float)) and not isinstance(a, bool) and isinstance(b, (int, float)):
        return a == b or math.isclose(a, b, rel_tol=1e-12)
    return a == b


def test_calc_js_matches_the_reference_on_generated_inputs():
    batch = cases(seed=20, per_calc=400)
    specs = {cid: napkin.spec(cid, GPUS) for cid in napkin.CALCULATORS}
    js = node_run({"cases": batch, "specs": specs, "env": env()})
    bad = []
    for case, got in zip(batch, js):
        want = napkin.run(case["calc"], case["raw"], GPUS)
        want_query = napkin.query(case["calc"], case["raw"], GPUS)
        problems = []
        if got["errors"] != want["errors"]:
            problems.append(f"errors {got['errors']} != {want['errors']}")
        if got["text"] != want["text"]:
            problems += [
                f"{k}: {got['text'][k]!r} != {want['text'][k]!r}"
                for k in want["text"]
                if got["text"].get(k) != want["text"][k]
            ]
        problems += [
            f"{k}: {got['outputs'][k]!r} != {v!r}"
            for k, v in want["outputs"].items()
            if not same_value(got["outputs"].get(k), v)
        ]
        problems += [
            f"value {k}: {got['values'][k]!r} != {v!r}"
            for k, v in want["values"].items()
            if not same_value(got["values"].get(k), v)
        ]
        if got["query"] != want_query:
            problems.append(f"query {got['query']!r} != {want_query!r}")
        if problems:
            bad.append(f"{case['calc']} {case['raw']}: " + "; ".join(problems[:3]))
    assert not bad, f"{len(bad)} of {len(batch)} cases differ:\n" + "\n".join(bad[:10])
    valid = sum(1 for c in batch if not napkin.run(c["calc"], c["raw"], GPUS)["errors"])
    assert valid > len(batch) * 0.5  # the generator mostly makes inputs that compute


def test_calc_js_formats_numbers_as_the_reference():
    rng = random.Random(7)
    xs = [0.0, -0.0, 1.0, 2.5, 1.125, 0.125, 100.5, 99.95, 9.995, 0.001, 1e15, 999.5, 2**53, -123.456]
    xs += [rng.choice([1, -1]) * 10 ** rng.uniform(-8, 26) for _ in range(3000)]
    xs += [round(rng.uniform(0, 1000), rng.randint(0, 4)) for _ in range(2000)]  # decimal ties
    kinds = ["number", "gb", "bytes", "duration", "percent", "int", "money", "sci", "flops", "bandwidth", "approx"]
    batch = [{"fmt": k, "x": x} for x in xs for k in kinds if not (k in ("int", "money") and abs(x) > 1e20)]
    got = node_run({"cases": batch, "specs": {}, "env": {}})
    bad = [
        f"{c['fmt']}({c['x']!r}): js {g!r} != py {napkin.fmt(c['fmt'], c['x'])!r}"
        for c, g in zip(batch, got)
        if g != napkin.fmt(c["fmt"], c["x"])
    ]
    assert not bad, f"{len(bad)} differ:\n" + "\n".join(bad[:10])


# --------------------------------------------------------------------------- the rendered form


class FormScan(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.outputs, self.options, self.labels, self.controls = {}, [], {}, set(), {}
        self._field = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-field" in a:
            self._field = a["data-field"]
            self.fields[self._field] = a
            self.options[self._field] = []
        if tag in ("input", "select") and self._field:
            self.controls[self._field] = a
        if tag == "option" and self._field:
            self.options[self._field].append(a["value"])
        if tag == "label":
            self.labels.add(a.get("for"))
        if "data-out" in a:
            self.outputs.append(a)


def test_the_form_carries_the_spec(guide):
    from macros.pages.calculators import Calculators
    from macros.pages.render import Renderer

    calcs = Calculators(guide, Renderer(guide))
    for cid in napkin.CALCULATORS:
        scan = FormScan()
        scan.feed(calcs.calculator(cid, f"calculators/{cid}.md"))
        spec = napkin.spec(cid, GPUS)
        for f in spec["fields"]:
            a = scan.fields[f["name"]]
            assert a["data-kind"] == f["kind"] and a["data-default"] == f["default"], (cid, f["name"])
            for key in ("gt", "ge", "lt", "le"):
                assert (float(a[f"data-{key}"]) if f"data-{key}" in a else None) == f[key], (cid, f["name"], key)
            assert ("data-integer" in a) == f["integer"] and ("data-optional" in a) == f["optional"]
            assert json.loads(a.get("data-when", "{}")) == f["when"]
            assert scan.options[f["name"]] == f["options"]
            control = scan.controls[f["name"]]
            assert control["id"] in scan.labels, (cid, f["name"])  # every input has a label
            assert f"{control['id']}-error" in control["aria-describedby"]
            assert "disabled" in control  # until calc.js enables it
        assert sorted(o["data-out"] for o in scan.outputs) == sorted(o["name"] for o in spec["outputs"])
        default = napkin.run(cid, {}, GPUS)
        for o in scan.outputs:
            v = default["outputs"][o["data-out"]]
            assert o["data-value"] == (v if isinstance(v, str) else napkin_number(v))


def napkin_number(v):
    from macros.pages.calculators import number_attr

    return number_attr(v)


# --------------------------------------------------------------------------- questions that link here


def test_question_links_to_calculators_are_valid(guide):
    from macros.pages.calculators import Calculators
    from macros.pages.render import Renderer

    calcs = Calculators(guide, Renderer(guide))
    linked = set()
    for q in guide.questions.values():
        for cid, raw in calcs.question_links(q):
            calcs.check_question_link(q, cid, raw)  # raises on an unknown input or a rejected value
            assert raw, f"{q.id}: a link to {cid} with no inputs set"
            linked.add(q.id)
    assert len(linked) >= 15, sorted(linked)
    for cid in napkin.CALCULATORS:
        assert calcs.users(cid), f"no question links to the {cid} calculator"


def test_a_bad_question_link_fails_in_one_line(guide):
    from macros.data.errors import GuideError
    from macros.pages.calculators import Calculators
    from macros.pages.render import Renderer

    calcs = Calculators(guide, Renderer(guide))
    q = next(iter(guide.questions.values()))
    with pytest.raises(GuideError, match=r"unknown input 'bogus' \(allowed: params"):
        calcs.check_question_link(q, "training-memory", {"bogus": "1"})
    with pytest.raises(GuideError, match=r"input 'params' = '-1': Enter a number above 0\."):
        calcs.check_question_link(q, "training-memory", {"params": "-1"})
    with pytest.raises(GuideError, match="unknown calculator"):
        calcs.calculator("nope", "calculators/index.md")
    with pytest.raises(GuideError, match="unknown output 'nope'"):
        calcs.value("roofline", "nope", "calculators/roofline.md")
