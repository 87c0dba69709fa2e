/* Napkin-math calculators (docs/calculators/).
 *
 * The same formulas, limits, messages and number formats as macros/data/napkin.py, which renders
 * each form with its defaults and default results at build time; this file makes the form
 * live. tests/data/test_napkin.py runs this very file under node (through module.exports) on
 * generated inputs and compares every output with the Python reference;
 * tests/browser/test_calculators.py types into the real pages.
 *
 * What a calculator accepts is read from its form: each field's data-kind, data-default,
 * data-gt/ge/lt/le, data-integer, data-optional and data-when; accelerator and link presets
 * carry their figures on their <option>s (from data/hardware.yml). Nothing here types a figure.
 * The inputs live in the page's URL query (only those that differ from the defaults), so a
 * result can be bookmarked and shared. Initialised through Material's document$.
 */
(function () {
  "use strict";

  // ---- formatting (napkin.py: num, sci, duration, fmt) ---------------------------------

  var EMPTY = "\u2014";
  var SUP = { "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "4": "\u2074", "5": "\u2075",
    "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079", "-": "\u207b" };

  function strip(t) { return t.indexOf(".") >= 0 ? t.replace(/0+$/, "").replace(/\.$/, "") : t; }

  function grouped(t) {
    var neg = t.charAt(0) === "-";
    if (neg) t = t.slice(1);
    var parts = t.split(".");
    var head = parts[0].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (neg ? "-" : "") + head + (parts.length > 1 && parts[1] ? "." + parts[1] : "");
  }

  function sci(x) {
    var t = x.toExponential(2).split("e");
    var e = String(parseInt(t[1], 10)).replace(/[0-9-]/g, function (c) { return SUP[c]; });
    return strip(t[0]) + " \u00d7 10" + e;
  }

  function num(x) {
    if (x === 0) return "0";
    var a = Math.abs(x);
    if (a >= 1e15 || a < 1e-3) return sci(x);
    if (a >= 100) return grouped(x.toFixed(0));
    return strip(x.toPrecision(3));
  }

  function approx(x) {
    var a = Math.abs(x);
    if (a < 1000 || a >= 1e15) return num(x);
    return grouped(Number(x.toPrecision(3)).toFixed(0));
  }

  var BYTE_UNITS = [[1e15, "PB", Math.pow(2, 50), "PiB"], [1e12, "TB", Math.pow(2, 40), "TiB"],
    [1e9, "GB", Math.pow(2, 30), "GiB"], [1e6, "MB", Math.pow(2, 20), "MiB"], [1e3, "KB", Math.pow(2, 10), "KiB"]];
  var FLOP_RATES = [[1e18, "EFLOP/s"], [1e15, "PFLOP/s"], [1e12, "TFLOP/s"], [1e9, "GFLOP/s"]];

  function duration(x) {
    var a = Math.abs(x);
    if (a === 0) return "0 s";
    if (a < 1e-3) return num(x * 1e6) + " \u00b5s";
    if (a < 1) return num(x * 1e3) + " ms";
    if (a < 120) return num(x) + " s";
    if (a < 7200) return num(x / 60) + " min";
    if (a < 172800) return num(x / 3600) + " h";
    return num(x / 86400) + " days";
  }

  function fmt(kind, x, unit) {
    if (x === null || x === undefined) return EMPTY;
    if (kind === "text") return String(x);
    var suffix = unit ? " " + unit : "";
    var a = Math.abs(x), i;
    switch (kind) {
      case "gb": return num(x / 1e9) + " GB";
      case "bytes":
        for (i = 0; i < BYTE_UNITS.length; i++) {
          var u = BYTE_UNITS[i];
          if (a >= u[0]) return num(x / u[0]) + " " + u[1] + " (" + num(x / u[2]) + " " + u[3] + ")";
        }
        return num(x) + " B";
      case "duration": return duration(x);
      case "percent": return num(x * 100) + "%";
      case "int": return (a >= 1e15 ? sci(x) : grouped(x.toFixed(0))) + suffix;
      case "money":
        if (a >= 1e15) return "$" + sci(x);
        return "$" + grouped(x.toFixed(a >= 100 ? 0 : 2));
      case "approx": return approx(x) + suffix;
      case "sci": return (x !== 0 ? sci(x) : "0") + suffix;
      case "flops":
        for (i = 0; i < FLOP_RATES.length; i++) {
          if (a >= FLOP_RATES[i][0]) return num(x / FLOP_RATES[i][0]) + " " + FLOP_RATES[i][1];
        }
        return num(x) + " FLOP/s";
      case "bandwidth": return num(x / 1e9) + " GB/s";
      default: return num(x) + suffix;
    }
  }

  // ---- parsing (napkin.py: number_error, active, parse) ----------------------------------

  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?([eE][+-]?\d+)?$/;
  var NOT_A_NUMBER = "Enter a number, such as 7.5 or 1e24.";

  function numberError(f, text) {
    var t = String(text).replace(/[\s_]/g, "");
    if (GROUPED.test(t)) t = t.replace(/,/g, "");
    if (t === "") return [null, f.optional ? null : "Enter a value."];
    if (!NUMBER.test(t)) return [null, NOT_A_NUMBER];
    var x = Number(t);
    if (!isFinite(x)) return [null, NOT_A_NUMBER];
    if (f.integer && x !== Math.floor(x)) return [null, "Enter a whole number."];
    if (f.gt !== null && !(x > f.gt)) return [null, "Enter a number above " + num(f.gt) + "."];
    if (f.ge !== null && !(x >= f.ge)) return [null, "Enter " + num(f.ge) + " or more."];
    if (f.lt !== null && !(x < f.lt)) return [null, "Enter a number below " + num(f.lt) + "."];
    if (f.le !== null && !(x <= f.le)) return [null, "Enter " + num(f.le) + " or less."];
    return [x, null];
  }

  function active(f, values) {
    return Object.keys(f.when).every(function (k) { return f.when[k].indexOf(values[k]) >= 0; });
  }

  function fixMessage(count) {
    return count === 1 ? "Fix the marked input to see results." : "Fix the " + count + " marked inputs to see results.";
  }

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function parse(spec, raw, env) {
    var values = {}, errors = {};
    spec.fields.forEach(function (f) {
      var text = has(raw, f.name) ? raw[f.name] : f.default;
      if (f.kind === "select") {
        if (f.options.indexOf(text) < 0) { errors[f.name] = "Choose one of the listed options."; text = f.default; }
        values[f.name] = text;
      } else if (f.kind === "check") {
        values[f.name] = text === "1";
      }
    });
    spec.fields.forEach(function (f) {
      if (f.kind !== "number") return;
      var on = active(f, values);
      var r = numberError(f, on && has(raw, f.name) ? raw[f.name] : f.default);
      if (on && r[1]) errors[f.name] = r[1];
      values[f.name] = r[0];
    });
    var byName = {};
    spec.fields.forEach(function (f) { byName[f.name] = f; });
    var extra = CALCS[spec.id].check(values, env);
    Object.keys(extra).forEach(function (k) {
      if (!has(errors, k) && active(byName[k], values)) errors[k] = extra[k];
    });
    return { values: values, errors: errors };
  }

  function run(spec, raw, env) {
    var p = parse(spec, raw, env);
    var out = {};
    spec.outputs.forEach(function (o) { out[o.name] = null; });
    var count = Object.keys(p.errors).length;
    if (!count) {
      var r = CALCS[spec.id].compute(p.values, env);
      Object.keys(r).forEach(function (k) { out[k] = r[k]; });
    }
    var text = {};
    spec.outputs.forEach(function (o) { text[o.name] = fmt(o.kind, out[o.name], o.unit); });
    if (count) text.verdict = fixMessage(count);
    return { values: p.values, errors: p.errors, outputs: out, text: text };
  }

  function query(spec, raw, env) {
    var values = parse(spec, raw, env).values;
    var parts = [];
    spec.fields.forEach(function (f) {
      if (has(raw, f.name) && active(f, values) && raw[f.name] !== f.default) {
        parts.push(f.name + "=" + encodeURIComponent(raw[f.name]));
      }
    });
    return parts.join("&");
  }

  // ---- the calculators (napkin.py, function for function) ---------------------------------

  var PRECISIONS = { bf16: "BF16", fp8: "FP8", fp4: "FP4" };

  function gpuMemory(v, env) { return v.gpu === "custom" ? v.gpu_mem : env.gpus[v.gpu].memory; }
  function gpuName(v, env) { return v.gpu === "custom" ? "the accelerator you described" : env.gpus[v.gpu].name; }
  function peak(v, env) { return (v.gpu === "custom" ? v.peak : env.gpus[v.gpu][v.prec]) * 1e12; }

  function precisionCheck(v, env) {
    if (v.gpu !== "custom" && env.gpus[v.gpu][v.prec] === null) {
      return { prec: "The hardware table has no " + PRECISIONS[v.prec] + " figure for the " + env.gpus[v.gpu].name +
        " (no hardware support): choose another precision or accelerator." };
    }
    return {};
  }

  function none() { return {}; }

  var TRAIN_PRECISION = { bf16: [2, 2, 4], fp8: [1, 2, 4], fp32: [4, 4, 0] };
  var OPTIMIZER_STATE = { adam: 8, adam8: 2, sgdm: 4, sgd: 0 };
  var WEIGHT_BYTES = { fp32: 4, bf16: 2, fp8: 1, int4: 0.5 };
  var KV_BYTES = { fp32: 4, bf16: 2, fp8: 1 };
  var SIZE_UNITS = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };
  var OPS = { allreduce: "all-reduce", allgather: "all-gather", reducescatter: "reduce-scatter", alltoall: "all-to-all" };

  function trainingCheck(v) {
    var e = {};
    if (v.layers !== null && v.pp !== null) {
      if (v.pp > v.layers) e.pp = "More pipeline stages than layers (" + num(v.layers) + ").";
      else if (v.layers % v.pp) e.pp = num(v.layers) + " layers do not split evenly into " + num(v.pp) + " stages.";
    }
    if (v.heads !== null && v.tp !== null && v.heads % v.tp) {
      e.tp = num(v.heads) + " heads do not split evenly over " + num(v.tp) + " tensor-parallel ranks.";
    }
    return e;
  }

  function trainingMemory(v, env) {
    var local = v.params * 1e9 / (v.tp * v.pp);
    var p = TRAIN_PRECISION[v.precision];
    var ob = p[2] + OPTIMIZER_STATE[v.optimizer];
    var stage = Number(v.zero), dp = v.dp;
    var weights = local * p[0] / (stage >= 3 ? dp : 1);
    var grads = local * p[1] / (stage >= 2 ? dp : 1);
    var optim = local * ob / (stage >= 1 ? dp : 1);
    var state = weights + grads + optim;
    var s = v.seq, b = v.mb, h = v.hidden, a = v.heads, t = v.tp;
    var sbh = s * b * h;
    var scores = v.flash ? 0 : 5 * a * s / h;
    var layer;
    if (t === 1 || v.sp) layer = sbh * (34 + scores) / t;
    else layer = sbh * (10 + 24 / t + scores / t);
    var width = v.precision === "fp32" ? 2 : 1;
    layer = layer * width;
    var acts;
    if (v.ckpt === "full") {
      var kept = 2 * sbh * width / (v.sp ? t : 1);
      acts = v.layers * kept + layer;
    } else {
      acts = v.layers * layer;
    }
    var total = state + acts;
    var memory = gpuMemory(v, env) * 1e9;
    var usable = memory * (1 - v.reserve / 100);
    var verdict = (total <= usable ? "Fits: " : "Does not fit: ") + fmt("gb", total) + " per GPU, " +
      fmt("gb", usable) + " usable on the " + gpuName(v, env) + ".";
    return { weights: weights, grads: grads, optim: optim, state: state, per_param: state / local, acts: acts,
      total: total, usable: usable, spare: usable - total, gpus: v.dp * v.tp * v.pp, verdict: verdict };
  }

  function kvHeads(v) { return v.attn === "mha" ? v.qheads : v.attn === "mqa" ? 1 : v.kvheads; }

  function inferenceCheck(v) {
    var e = {};
    if (v.attn === "gqa" && v.kvheads !== null && v.qheads !== null) {
      if (v.kvheads > v.qheads) e.kvheads = "More KV heads than query heads.";
      else if (v.qheads % v.kvheads) {
        e.kvheads = num(v.qheads) + " query heads do not group evenly into " + num(v.kvheads) + " KV heads.";
      }
    }
    var kv = kvHeads(v);
    if (kv !== null && v.tp !== null && kv % v.tp && v.tp % kv) {
      e.tp = num(kv) + " KV heads cannot be split over " + num(v.tp) + " GPUs: use a divisor or a multiple of " + num(kv) + ".";
    }
    return e;
  }

  function inferenceMemory(v, env) {
    var kv = kvHeads(v), tp = v.tp, ctx = v.ctx;
    var headsGpu = kv >= tp ? kv / tp : 1;
    var kb = KV_BYTES[v.kvprec];
    var kvToken = 2 * v.layers * kv * v.headdim * kb;
    var kvTokenGpu = 2 * v.layers * headsGpu * v.headdim * kb;
    var weightsGpu = v.params * 1e9 * WEIGHT_BYTES[v.wprec] / tp;
    var usable = gpuMemory(v, env) * 1e9 * v.util / 100;
    var budget = usable - weightsGpu - v.overhead * 1e9;
    var tokens = budget > 0 ? Math.floor(budget / kvTokenGpu) : 0;
    var concurrency = Math.floor(tokens / ctx);
    var verdict;
    if (budget <= 0) {
      verdict = "Does not fit: weights and buffers take " + fmt("gb", weightsGpu + v.overhead * 1e9) + " per GPU, " +
        fmt("gb", usable) + " usable. Add GPUs to the replica or quantize.";
    } else if (concurrency === 0) {
      verdict = "Not one request of " + fmt("int", ctx) + " tokens fits: the cache holds " + fmt("int", tokens) + " tokens.";
    } else {
      verdict = fmt("int", concurrency) + " concurrent requests of " + fmt("int", ctx) + " tokens per replica of " +
        fmt("int", tp) + " GPU" + (tp > 1 ? "s" : "") + ".";
    }
    return { kv_token: kvToken, kv_request: kvToken * ctx, kv_token_gpu: kvTokenGpu, weights_gpu: weightsGpu,
      kv_budget_gpu: budget, tokens: tokens, concurrency: concurrency, verdict: verdict };
  }

  function treeDepth(n) { var k = 0; while (Math.pow(2, k) < n) k++; return k; }

  function collective(v, env) {
    var size = v.size * SIZE_UNITS[v.unit];
    var n = v.n, bw = (v.link === "custom" ? v.bw : env.links[v.link]) * 1e9, alpha = v.lat * 1e-6;
    var steps, sent, how;
    if (v.op === "allreduce" && v.algo === "tree") {
      steps = 2 * treeDepth(n); sent = 2 * size; how = "double binary tree, reduce then broadcast";
    } else if (v.op === "allreduce") {
      steps = 2 * (n - 1); sent = 2 * (n - 1) / n * size; how = "ring, reduce-scatter then all-gather";
    } else {
      steps = n - 1; sent = (n - 1) / n * size; how = v.op === "alltoall" ? "pairwise exchange" : "ring";
    }
    var latTime = steps * alpha, bwTime = sent / bw, time = latTime + bwTime, algbw = size / time;
    var factor = v.op === "allreduce" ? 2 * (n - 1) / n : (n - 1) / n;
    var name = OPS[v.op];
    var verdict = name.charAt(0).toUpperCase() + name.slice(1) + " over " + fmt("int", n) + " GPUs (" + how + "): " +
      fmt("duration", time) + ", " + (latTime > bwTime ? "latency" : "bandwidth") + "-bound.";
    return { time: time, algbw: algbw, busbw: algbw * factor, sent: sent, steps: steps, lat_time: latTime,
      bw_time: bwTime, link_bw: bw, verdict: verdict };
  }

  function roofline(v, env) {
    var flops, moved, tokens = null;
    if (v.mode === "custom") {
      flops = v.gflop * 1e9; moved = v.gbytes * 1e9;
    } else {
      var n = v.params * 1e9, L = v.layers, h = v.hidden, b = v.batch;
      var kvToken = 2 * L * v.kvheads * v.headdim * KV_BYTES[v.kvprec];
      var weights = n * WEIGHT_BYTES[v.wprec];
      if (v.mode === "decode") {
        var c = v.ctx;
        flops = b * (2 * n + 4 * L * c * h); moved = weights + b * c * kvToken; tokens = b;
      } else {
        var p = v.prompt;
        flops = b * (2 * n * p + 2 * L * h * p * p); moved = weights + b * p * kvToken; tokens = b * p;
      }
    }
    var pk = peak(v, env);
    var bw = (v.gpu === "custom" ? v.membw : env.gpus[v.gpu].memory_bw) * 1e12;
    var tc = flops / pk, tm = moved / bw, time = Math.max(tc, tm);
    var bound = tm > tc ? "memory bandwidth" : "compute";
    var intensity = flops / moved, ridge = pk / bw;
    var verdict = "Bound by " + bound + ": " + num(intensity) + " FLOP/byte against a ridge point of " + num(ridge) +
      "; at least " + fmt("duration", time) + ".";
    return { flops: flops, bytes: moved, intensity: intensity, ridge: ridge, bound: bound, t_compute: tc,
      t_memory: tm, time: time, attained: flops / time, of_peak: flops / time / pk,
      tokens_s: tokens === null ? null : tokens / time, verdict: verdict };
  }

  function trainingTime(v, env) {
    var flops = v.mode === "6nd" ? 6 * (v.params * 1e9) * (v.tokens * 1e9) : v.total;
    var rate = v.gpus * peak(v, env) * (v.mfu / 100);
    var time = flops / rate;
    var gpuHours = v.gpus * time / 3600;
    var cost = v.price === null ? null : gpuHours * v.price;
    var verdict = fmt("duration", time) + " on " + fmt("int", v.gpus) + " GPUs, " + fmt("approx", gpuHours) + " GPU-hours" +
      (cost === null ? "." : ", " + fmt("money", cost) + " at the price you entered.");
    return { flops: flops, rate: rate, time: time, days: time / 86400, gpu_hours: gpuHours, cost: cost, verdict: verdict };
  }

  function failures(v) {
    var units = v.per === "gpu" ? v.gpus : Math.ceil(v.gpus / v.gpn);
    var m = v.mtbf * 3600 / units;
    var c = v.ckpt, u = v.upload, r = v.restart * 60;
    var young = Math.sqrt(2 * c * m), daly;
    if (c < 2 * m) {
      var x = c / (2 * m);
      daly = young * (1 + Math.sqrt(x) / 3 + x / 9) - c;
    } else {
      daly = m;
    }
    var tau = v.interval === null ? young : v.interval * 60;
    var waste = c / tau + (tau / 2 + u + r) / m;
    var lost = (tau + c) / 2 + u + r;
    var perDay = 86400 / m;
    var goodput = Math.max(0, 1 - waste);
    var verdict;
    if (waste >= 0.5) {
      verdict = "Interruptions come about as often as the job can recover: the first-order model no longer " +
        "holds. Cut restart time and checkpoint cost first.";
    } else if (tau < u) {
      verdict = "The interval is shorter than the upload: a checkpoint would start before the last one is durable.";
    } else {
      verdict = num(perDay) + " interruptions a day; checkpoint every " + fmt("duration", tau) +
        " for a goodput of about " + fmt("percent", goodput) + ".";
    }
    return { mtbi: m, per_day: perDay, p_day: Math.exp(-86400 / m), young: young, daly: daly, interval: tau,
      lost: lost, lost_day: perDay * lost, gpu_hours_day: perDay * lost / 3600 * v.gpus, waste: waste,
      goodput: goodput, verdict: verdict };
  }

  function servingFleet(v) {
    var perReplica, inFlight = null;
    if (v.basis === "concurrency") {
      perReplica = v.conc / v.latency;
      inFlight = v.rps * v.latency;
    } else {
      var scale = v.basis === "gpu" ? v.gpr : 1;
      perReplica = 1 / (v.tin / (v.prefill * scale) + v.tout / (v.decode * scale));
    }
    var busy = v.rps / perReplica;
    var replicas = Math.max(1, Math.ceil(busy / (1 - v.headroom / 100) - 1e-9));
    var total = replicas + v.spares;
    var spares = v.spares === 0 ? "no spare" : fmt("int", v.spares) + " spare" + (v.spares > 1 ? "s" : "");
    var verdict = fmt("int", total) + " replica" + (total > 1 ? "s" : "") + ", " + fmt("int", total * v.gpr) + " GPUs: " +
      fmt("int", replicas) + " for the peak with " + num(v.headroom) + "% headroom, and " + spares + ".";
    return { in_tps: v.rps * v.tin, out_tps: v.rps * v.tout, per_replica: perReplica, in_flight: inFlight, busy: busy,
      replicas: replicas, total: total, gpus: total * v.gpr, load: busy / replicas, verdict: verdict };
  }

  var CALCS = {
    "training-memory": { check: trainingCheck, compute: trainingMemory },
    "inference-memory": { check: inferenceCheck, compute: inferenceMemory },
    "collective": { check: none, compute: collective },
    "roofline": { check: precisionCheck, compute: roofline },
    "training-time": { check: precisionCheck, compute: trainingTime },
    "failures": { check: none, compute: failures },
    "serving-fleet": { check: none, compute: servingFleet }
  };

  var core = { fmt: fmt, num: num, parse: parse, run: run, query: query, calcs: CALCS };
  if (typeof module === "object" && module.exports) { module.exports = core; return; }

  // ---- the page ----------------------------------------------------------------------------

  function numberAttr(el, name) {
    var v = el.getAttribute(name);
    return v === null || v === "" ? null : Number(v);
  }

  /* The calculator as the form describes it: the same shape as napkin.spec(). */
  function readSpec(form) {
    var fields = Array.prototype.map.call(form.querySelectorAll("[data-field]"), function (el) {
      var control = el.querySelector("input, select");
      return {
        name: el.getAttribute("data-field"), kind: el.getAttribute("data-kind"),
        default: el.getAttribute("data-default"),
        gt: numberAttr(el, "data-gt"), ge: numberAttr(el, "data-ge"), lt: numberAttr(el, "data-lt"),
        le: numberAttr(el, "data-le"), integer: el.hasAttribute("data-integer"),
        optional: el.hasAttribute("data-optional"),
        options: control.tagName === "SELECT" ? Array.prototype.map.call(control.options, function (o) { return o.value; }) : [],
        when: JSON.parse(el.getAttribute("data-when") || "{}"),
        el: el, control: control
      };
    });
    var results = document.getElementById(form.id + "-results");
    var outputs = Array.prototype.map.call(results.querySelectorAll("[data-out]"), function (el) {
      return { name: el.getAttribute("data-out"), kind: el.getAttribute("data-kind"), unit: el.getAttribute("data-unit"), el: el };
    });
    return { id: form.getAttribute("data-calc"), fields: fields, outputs: outputs, results: results };
  }

  /* Accelerator figures and link bandwidths, from the presets' data attributes. */
  function readEnv(form) {
    var env = { gpus: {}, links: {} };
    form.querySelectorAll("select[data-source=gpus] option").forEach(function (o) {
      if (o.value === "custom") return;
      env.gpus[o.value] = { name: o.getAttribute("data-name"), memory: numberAttr(o, "data-memory"),
        memory_bw: numberAttr(o, "data-memory-bw"), bf16: numberAttr(o, "data-bf16"),
        fp8: numberAttr(o, "data-fp8"), fp4: numberAttr(o, "data-fp4") };
    });
    form.querySelectorAll("select[data-source=links] option").forEach(function (o) {
      if (o.value !== "custom") env.links[o.value] = numberAttr(o, "data-bw");
    });
    return env;
  }

  function readRaw(spec) {
    var raw = {};
    spec.fields.forEach(function (f) {
      raw[f.name] = f.kind === "check" ? (f.control.checked ? "1" : "0") : f.control.value;
    });
    return raw;
  }

  function setControl(f, text) {
    if (f.kind === "check") f.control.checked = text === "1";
    else if (f.kind === "select") { if (f.options.indexOf(text) >= 0) f.control.value = text; }
    else f.control.value = text;
  }

  function show(form, spec, env, writeUrl) {
    var raw = readRaw(spec);
    var result = run(spec, raw, env);
    spec.fields.forEach(function (f) {
      var on = active(f, result.values);
      f.el.hidden = !on;
      f.control.disabled = !on;
      var message = result.errors[f.name] || "";
      var err = f.el.querySelector(".calc-error");
      if (err.textContent !== message) err.textContent = message;
      if (message) f.control.setAttribute("aria-invalid", "true");
      else f.control.removeAttribute("aria-invalid");
      f.el.classList.toggle("calc-field--error", !!message);
    });
    spec.outputs.forEach(function (o) {
      var value = result.outputs[o.name];
      var text = result.text[o.name];
      if (o.el.textContent !== text) o.el.textContent = text;
      o.el.setAttribute("data-value", value === null ? "" : String(value));
    });
    spec.results.classList.toggle("calc-results--stale", Object.keys(result.errors).length > 0);
    var mirror = form.querySelector("[data-mirror]");
    if (mirror && mirror.textContent !== result.text.verdict) mirror.textContent = result.text.verdict;
    if (writeUrl) {
      var q = pageQuery(spec, query(spec, raw, env));
      var url = location.pathname + (q ? "?" + q : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
    }
    form.setAttribute("data-state", query(spec, raw, env));
  }

  /* The page's query with the calculator's inputs replaced by `q`: parameters that belong to
     others (Material's ?h= search highlight) stay as they were. */
  function pageQuery(spec, q) {
    var names = {};
    spec.fields.forEach(function (f) { names[f.name] = true; });
    var keep = location.search.replace(/^\?/, "").split("&").filter(function (part) {
      if (!part) return false;
      try { return !has(names, decodeURIComponent(part.split("=")[0].replace(/\+/g, " "))); }
      catch (e) { return false; }
    });
    if (q) keep.push(q);
    return keep.join("&");
  }

  function setup(form) {
    if (form.hasAttribute("data-ready")) return;
    var spec = readSpec(form), env = readEnv(form);
    var params = new URLSearchParams(location.search);
    spec.fields.forEach(function (f) { if (params.has(f.name)) setControl(f, params.get(f.name)); });
    spec.fields.forEach(function (f) { f.control.disabled = false; });
    form.addEventListener("input", function () { show(form, spec, env, true); });
    form.addEventListener("change", function () { show(form, spec, env, true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var status = form.querySelector(".calc-status");
    var reset = form.querySelector("[data-calc-reset]");
    reset.disabled = false;
    reset.addEventListener("click", function () {
      spec.fields.forEach(function (f) { setControl(f, f.default); });
      show(form, spec, env, true);
      status.textContent = "Inputs reset to the defaults.";
    });
    var copy = form.querySelector("[data-calc-copy]");
    copy.disabled = false;
    copy.addEventListener("click", function () {
      var url = location.href;
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () { status.textContent = "Link copied."; },
          function () { status.textContent = "Copy this address: " + url; });
      } else {
        status.textContent = "Copy this address: " + url;
      }
    });
    var mirror = form.querySelector("[data-mirror]");
    if (mirror && window.IntersectionObserver) {
      new IntersectionObserver(function (entries) {
        mirror.classList.toggle("calc-sticky--off", entries[0].isIntersecting);
      }).observe(spec.results);
    }
    show(form, spec, env, spec.fields.some(function (f) { return params.has(f.name); }));
    form.setAttribute("data-ready", "");
  }

  function init() {
    document.querySelectorAll("form.calc[data-calc]").forEach(setup);
  }

  window.guideCalc = core;
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
