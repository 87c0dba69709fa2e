/* The study-plan generator (docs/plan-generator.md): the reader gives the weeks left, the hours
 * a week, a company track and the rounds they fear most; this lays out a day-by-day plan from
 * the question data (assets/questions.json: each question's expected minutes, rounds and
 * companies, and the tracks).
 *
 * The core (parse, calendar, build, query) is pure: no DOM, no clock, no randomness, so the
 * same inputs always give the same plan, and the unit tests run this very file under node
 * through module.exports (tests/outputs/test_plan.py). The rules it applies come from
 * macros/pages/plan_generator.py (RULES), shipped in the page with the form (data-plan-config).
 * Everything the reader chose is in the page address: weeks, hours, track, fear.
 */
(function () {
  "use strict";

  var RANK = { easy: 0, medium: 1, hard: 2 };
  var FIELDS = ["weeks", "hours", "track", "fear"];

  // ---- core ------------------------------------------------------------------

  /* FNV-1a, 32 bits: a fixed number per string, for ties and mock-loop seeds. */
  function hash32(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function roundIds(data) { return Object.keys(data.rounds); }

  /* Read raw values (strings, as a form or an address gives them; `fear` a list or a
   * comma-separated string) into inputs. Returns {inputs, errors}: inputs is null when any
   * field is wrong, and errors has one message per wrong field, for beside that field. */
  function parse(raw, data, rules) {
    var errors = {}, inputs = {};
    function whole(name, range, noun) {
      var text = raw[name] == null ? "" : String(raw[name]).trim();
      var span = range[0] + " to " + range[1];
      if (text === "") errors[name] = "Enter the " + noun + ", " + span + ".";
      else if (!/^\d{1,4}$/.test(text)) errors[name] = "Enter a whole number of " + noun + ", " + span + ".";
      else if (Number(text) < range[0]) errors[name] = "Too few " + noun + ": enter " + span + ".";
      else if (Number(text) > range[1]) errors[name] = "Too many " + noun + ": enter " + span + ".";
      else inputs[name] = Number(text);
    }
    whole("weeks", rules.weeks, "weeks");
    whole("hours", rules.hours, "hours a week");
    var track = raw.track == null ? "" : String(raw.track);
    if (!Object.prototype.hasOwnProperty.call(data.tracks, track)) {
      errors.track = track ? "There is no track \u201c" + track.slice(0, 40) + "\u201d: pick one from the list." : "Pick a track.";
    } else inputs.track = track;
    var fear = raw.fear == null ? [] : (Array.isArray(raw.fear) ? raw.fear : String(raw.fear).split(","));
    fear = fear.map(function (f) { return String(f).trim(); }).filter(Boolean);
    var known = roundIds(data);
    var unknown = fear.filter(function (f) { return known.indexOf(f) < 0; });
    if (unknown.length) errors.fear = "Unknown round" + (unknown.length > 1 ? "s" : "") + ": " +
      unknown.map(function (f) { return f.slice(0, 40); }).join(", ") + ". Tick the rounds from the list.";
    else inputs.fear = known.filter(function (r) { return fear.indexOf(r) >= 0; });   // round order, once each
    return { inputs: Object.keys(errors).length ? null : inputs, errors: errors };
  }

  /* The canonical address query of a plan's inputs (no `q`: the site's search uses it). */
  function query(inputs) {
    var out = "weeks=" + inputs.weeks + "&hours=" + inputs.hours + "&track=" + encodeURIComponent(inputs.track);
    if (inputs.fear.length) out += "&fear=" + inputs.fear.map(encodeURIComponent).join(",");
    return out;
  }

  /* The days of a plan: {n (1-based), week, kind}; kind is study, rest, mock or last. */
  function calendar(weeks, rules) {
    var total = weeks * 7, days = [];
    for (var n = 1; n <= total; n++) {
      days.push({ n: n, week: Math.ceil(n / 7), kind: n === total ? "last" : (n % 7 === 0 ? "rest" : "study") });
    }
    for (var w = 2; w < weeks; w++) days[(w - 1) * 7 + 5].kind = "mock";     // day 6 of the week
    var want = Math.min(rules.final_mocks, weeks), placed = 0, at = total - 1;
    while (placed < want && at > (weeks - 1) * 7) {
      if (days[at - 1].kind === "study") { days[at - 1].kind = "mock"; placed++; at -= rules.mock_spacing; }
      else at--;
    }
    return days;
  }

  function dayMinutes(inputs, rules) { return Math.floor(inputs.hours * 60 / rules.study_days); }

  function reviewMinutes(minutes, rules) {
    return Math.max(rules.review_min, Math.ceil(minutes / rules.review_divisor));
  }

  /* A question's weight for these inputs (rules.weights). */
  function score(q, inputs, data, rules) {
    var w = rules.weights, track = data.tracks[inputs.track], s = w.base;
    if (track.questions.indexOf(q.id) >= 0) s += w.track;
    if (track.company && q.companies.indexOf(track.company) >= 0) s += w.company;
    if (q.rounds.some(function (r) { return inputs.fear.indexOf(r) >= 0; })) s += w.feared;
    return s;
  }

  /* The k-th mock (0-based, in date order) of a plan whose days hold `budget` minutes. */
  function mockLength(budget, k, inputs, cfg) {
    var byId = {};
    cfg.lengths.forEach(function (l) { byId[l.id] = l; });
    for (var i = 0; i < cfg.rules.long_mocks.length; i++) {
      var l = byId[cfg.rules.long_mocks[i]];
      if (l && l.minutes <= budget) return l;
    }
    var singles = cfg.lengths.filter(function (l) { return l.rounds.length === 1 && l.minutes <= budget; });
    var feared = singles.filter(function (l) { return inputs.fear.indexOf(l.rounds[0]) >= 0; });
    var pool = feared.length ? feared : singles;
    return pool.length ? pool[k % pool.length] : null;
  }

  function byRankThenWeight(a, b) {
    return RANK[a.q.difficulty] - RANK[b.q.difficulty] || b.score - a.score || a.tie - b.tie ||
      (a.q.id < b.q.id ? -1 : a.q.id > b.q.id ? 1 : 0);
  }

  function byWeight(a, b) {
    return b.score - a.score || a.tie - b.tie || (a.q.id < b.q.id ? -1 : a.q.id > b.q.id ? 1 : 0);
  }

  /* The days of a plan with everything but the questions: the last day's checklist, the mocks
   * (and their debriefs). */
  function frame(inputs, cfg, budget) {
    var rules = cfg.rules, days = calendar(inputs.weeks, rules), base = query(inputs), k = 0;
    days.forEach(function (d) { d.budget = d.kind === "rest" ? 0 : budget; d.used = 0; d.items = []; d.reviews = []; });
    var last = days[days.length - 1];
    put(last, { type: "checklist", id: rules.last_day.checklist, minutes: Math.min(rules.last_day.minutes, budget) });
    days.forEach(function (d) {
      if (d.kind !== "mock") return;
      var l = mockLength(budget, k++, inputs, cfg);
      if (!l) { d.kind = "study"; return; }
      put(d, { type: "mock", length: l.id, minutes: l.minutes, track: inputs.track, seed: hash32(base + "#" + d.n) });
      if (d.used + rules.debrief_minutes <= d.budget) put(d, { type: "debrief", minutes: rules.debrief_minutes });
    });
    return days;
  }

  function put(d, item, list) { (list || d.items).push(item); d.used += item.minutes; }

  /* One layout: choose the heaviest questions whose minutes and reviews add up to `pool`
   * minutes, do them easy to hard, each study day taking the next ones that fit the minutes it
   * has left under `cap` (at most its budget), and book each one's reviews on later days; then
   * fill what room is left with the next questions of the ranking that fit. */
  function layout(ranked, inputs, cfg, budget, pool, cap) {
    var rules = cfg.rules, gaps = rules.review_gaps;
    var days = frame(inputs, cfg, budget);
    var study = days.filter(function (d) { return d.kind === "study"; });
    var left = pool, chosen = [];
    ranked.forEach(function (r) {
      var cost = r.q.minutes + gaps.length * reviewMinutes(r.q.minutes, rules);
      if (r.q.minutes <= cap && cost <= left) { chosen.push(r); left -= cost; }
    });
    var queue = chosen.slice().sort(byRankThenWeight);
    function room(d) { return Math.min(cap, d.budget) - d.used; }
    function bookReviews(q, from) {
      var r = reviewMinutes(q.minutes, rules), at = from;
      for (var g = 0; g < gaps.length; g++) {
        var target = study[at].n + gaps[g], x = at + 1;
        while (x < study.length && (study[x].n < target || room(study[x]) < r)) x++;
        if (x >= study.length) return;
        put(study[x], { type: "review", id: q.id, minutes: r, review: g + 1 }, study[x].reviews);
        at = x;
      }
    }
    study.forEach(function (d, i) {
      for (var j = 0; j < queue.length && room(d) > 0;) {
        var q = queue[j].q;
        if (q.minutes <= room(d)) {
          put(d, { type: "question", id: q.id, minutes: q.minutes });
          queue.splice(j, 1);
          bookReviews(q, i);
        } else j++;
      }
    });
    // A day left with room (a chosen question too long for what its reviews left free): the
    // next questions of the ranking that fit it, so that no day sits half empty while the bank
    // has more to practise.
    var taken = {}, byId = {};
    ranked.forEach(function (r) { byId[r.q.id] = r; });
    chosen.forEach(function (r) { taken[r.q.id] = true; });
    study.forEach(function (d, i) {
      ranked.forEach(function (r) {
        if (taken[r.q.id] || r.q.minutes > room(d)) return;
        taken[r.q.id] = true;
        chosen.push(r);
        put(d, { type: "question", id: r.q.id, minutes: r.q.minutes });
        bookReviews(r.q, i);
      });
    });
    // Slots of the same length are interchangeable (their reviews are as long too): give them
    // out again easy to hard, so the filling keeps the plan's order.
    var slots = {};
    study.forEach(function (d) {
      d.items.forEach(function (it) { (slots[it.minutes] = slots[it.minutes] || []).push(it); });
    });
    var rename = {};
    Object.keys(slots).forEach(function (m) {
      var ids = slots[m].map(function (it) { return byId[it.id]; }).sort(byRankThenWeight);
      slots[m].forEach(function (it, k) { rename[it.id] = ids[k].q.id; });
    });
    study.forEach(function (d) {
      d.items.concat(d.reviews).forEach(function (it) { if (rename[it.id]) it.id = rename[it.id]; });
    });
    days.forEach(function (d) { d.items = d.reviews.concat(d.items); delete d.reviews; });
    var placed = {}, reviews = 0;
    days.forEach(function (d) {
      d.items.forEach(function (it) { if (it.type === "question") placed[it.id] = true; else if (it.type === "review") reviews++; });
    });
    return {
      inputs: inputs, budget: budget, days: days,
      planned: days.reduce(function (s, d) { return s + d.used; }, 0),
      available: days.reduce(function (s, d) { return s + d.budget; }, 0),
      spare: study.reduce(function (s, d) { return s + d.budget - d.used; }, 0),
      chosen: chosen.length, questions: Object.keys(placed).length, reviews: reviews,
      extra: chosen.filter(function (r) { return !placed[r.q.id]; }).sort(byWeight).map(function (r) { return r.q.id; })
    };
  }

  /* The plan. data: {questions: [records], tracks: {id: {title, company, questions}}, rounds};
   * cfg: {rules, lengths}. Returns {inputs, budget, days: [{n, week, kind, budget, used,
   * items}], planned, available, chosen, questions, reviews, extra}. An item is one of
   *   {type: "question", id, minutes}        a question done for the first time
   *   {type: "review", id, minutes, review}  its review (1 or 2)
   *   {type: "mock", length, minutes, track, seed}, {type: "debrief", minutes}
   *   {type: "checklist", id, minutes}       the last day's checklist
   * `extra`: questions chosen that no day had room for, heaviest first.
   * The first layout chooses as many questions as the study days hold with their reviews.
   * Reviews that would fall after the last study day are left out, which frees time: while
   * that lets more questions in, choose more. When the hours hold the whole bank, spread it:
   * the smallest daily cap (a multiple of a twentieth of the day) that still fits every question
   * and as many reviews. Each step is a fixed computation: the same inputs, the same plan. */
  function build(data, inputs, cfg) {
    var rules = cfg.rules, budget = dayMinutes(inputs, rules);
    var ranked = data.questions.map(function (q) {
      return { q: q, score: score(q, inputs, data, rules), tie: hash32(q.id) };
    }).sort(byWeight);
    var pool = frame(inputs, cfg, budget).reduce(function (s, d) { return s + (d.kind === "study" ? d.budget : 0); }, 0);
    var plan = layout(ranked, inputs, cfg, budget, pool, budget);
    for (var i = 0; i < 12 && plan.chosen < ranked.length && plan.spare > 0; i++) {
      pool += plan.spare;
      var more = layout(ranked, inputs, cfg, budget, pool, budget);
      if (more.questions <= plan.questions) break;
      plan = more;
    }
    if (plan.chosen === ranked.length && !plan.extra.length) {
      var longest = ranked.reduce(function (m, r) { return Math.max(m, r.q.minutes); }, 0);
      for (var step = 1; step < 20; step++) {
        var cap = Math.max(longest, Math.ceil(budget * step / 20));
        if (cap >= budget) break;
        var spread = layout(ranked, inputs, cfg, budget, pool, cap);
        if (spread.questions === ranked.length && spread.reviews >= plan.reviews) { plan = spread; break; }
      }
    }
    return plan;
  }

  var core = { hash32: hash32, parse: parse, query: query, calendar: calendar, build: build, score: score,
    reviewMinutes: reviewMinutes, mockLength: mockLength, dayMinutes: dayMinutes, FIELDS: FIELDS };
  if (typeof module === "object" && module.exports) { module.exports = core; return; }
  window.guidePlan = core;

  // ---- the page ----------------------------------------------------------------

  var guide = window.guide;

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") n.className = attrs[k]; else n.setAttribute(k, attrs[k]);
    });
    if (text != null) n.textContent = text;
    return n;
  }

  function span(className, text) { return el("span", { className: className }, text); }

  function hm(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return h ? h + " h" + (m ? " " + m + " min" : "") : m + " min";
  }

  function start(host) {
    var cfg = JSON.parse(host.getAttribute("data-plan-config"));
    guide.loadJSON("assets/questions.json").then(function (data) { wire(host, cfg, data); }, function () {
      host.querySelector(".pg-status").textContent =
        "The plan generator could not load its data (assets/questions.json). Reload the page to try again.";
    });
  }

  function wire(host, cfg, data) {
    var form = host.querySelector("form"), controls = form.querySelector("fieldset.pg-controls");
    var status = host.querySelector(".pg-status"), out = host.querySelector(".pg-out");
    var byId = {};
    data.questions.forEach(function (q) { byId[q.id] = q; });

    function control(name) { return form.querySelector("#pg-" + name); }
    function readForm() {
      var fear = [];
      form.querySelectorAll("input[name=fear]:checked").forEach(function (b) { fear.push(b.value); });
      return { weeks: control("weeks").value, hours: control("hours").value, track: control("track").value, fear: fear };
    }
    function fill(raw) {
      if (raw.weeks != null) control("weeks").value = raw.weeks;
      if (raw.hours != null) control("hours").value = raw.hours;
      var track = control("track");
      if (raw.track != null && track.querySelector('option[value="' + CSS.escape(raw.track) + '"]')) track.value = raw.track;
      var fear = raw.fear == null ? [] : String(raw.fear).split(",");
      form.querySelectorAll("input[name=fear]").forEach(function (b) { b.checked = fear.indexOf(b.value) >= 0; });
    }
    function showErrors(errors) {
      FIELDS.forEach(function (name) {
        var msg = errors[name] || "", box = form.querySelector("#pg-" + name + "-error");
        box.textContent = msg;
        var field = form.querySelector('[data-field="' + name + '"]');
        field.classList.toggle("pg-field--bad", !!msg);
        var c = control(name);
        if (c) { if (msg) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid"); }
      });
    }

    function show(inputs, moveFocus) {
      var plan = build(data, inputs, cfg);
      var url = location.pathname + "?" + query(inputs);
      history.replaceState(history.state, "", url + location.hash);
      render(out, plan, data, cfg, byId, new URL(url, location.href).href);
      host.classList.add("has-plan");
      status.textContent = "Plan made: " + plan.days.length + " days, " + plan.questions + " questions.";
      if (moveFocus) out.querySelector("h2").focus();
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var result = parse(readForm(), data, cfg.rules);
      showErrors(result.errors);
      if (!result.inputs) {
        status.textContent = "The plan needs a fix first: see the message beside the field.";
        var bad = form.querySelector("[aria-invalid=true]");
        if (bad) bad.focus();
        return;
      }
      show(result.inputs, true);
    });
    // A message goes as soon as its field is right again.
    form.addEventListener("input", function (e) {
      var name = e.target.name;
      if (!name || !form.querySelector("#pg-" + name + "-error").textContent) return;
      var errors = parse(readForm(), data, cfg.rules).errors;
      var keep = {};
      FIELDS.forEach(function (f) {
        if (form.querySelector("#pg-" + f + "-error").textContent && (f !== name || errors[f])) keep[f] = errors[f] || "";
      });
      showErrors(keep);
    });

    // Practised marks: ticked here, on a question's page or in another tab.
    function syncMarks() {
      out.querySelectorAll("[data-practised-mark]").forEach(function (m) {
        m.hidden = !guide.practised.get(m.getAttribute("data-practised-mark"));
      });
      out.querySelectorAll("input[data-plan-practised]").forEach(function (b) {
        b.checked = guide.practised.get(b.getAttribute("data-plan-practised"));
      });
    }
    out.addEventListener("change", function (e) {
      var id = e.target.getAttribute && e.target.getAttribute("data-plan-practised");
      if (id) guide.practised.set(id, e.target.checked);
    });
    guide.on("practised", syncMarks, host);
    function onStorage(e) {
      if (!document.body.contains(host)) { window.removeEventListener("storage", onStorage); return; }
      if (e.key === null || e.key.indexOf(guide.PREFIX + "practised.") === 0) syncMarks();
    }
    window.addEventListener("storage", onStorage);
    out.syncMarks = syncMarks;

    controls.disabled = false;
    host.setAttribute("data-wired", "");
    var p = new URLSearchParams(location.search);
    if (FIELDS.some(function (f) { return p.has(f); })) {
      var raw = { weeks: p.get("weeks"), hours: p.get("hours"), track: p.get("track"), fear: p.get("fear") };
      fill(raw);
      var result = parse(raw, data, cfg.rules);
      showErrors(result.errors);
      if (result.inputs) show(result.inputs, false);
      else status.textContent = "This link's plan settings were not understood: see the messages beside the fields, fix them and make the plan.";
    }
  }

  function render(out, plan, data, cfg, byId, shareUrl) {
    out.textContent = "";
    var inputs = plan.inputs, base = guide.siteBase();
    var head = el("h2", { id: "pg-plan", tabindex: "-1" },
      "Your plan: " + inputs.weeks + " week" + (inputs.weeks === 1 ? "" : "s") + ", " + inputs.hours + " hours a week");
    out.appendChild(head);
    var mocks = plan.days.filter(function (d) { return d.kind === "mock"; }).length;
    var reviews = plan.days.reduce(function (s, d) {
      return s + d.items.filter(function (it) { return it.type === "review"; }).length;
    }, 0);
    var fear = inputs.fear.map(function (r) { return data.rounds[r]; });
    out.appendChild(el("p", { className: "pg-meta" }, "Track: " + data.tracks[inputs.track].title +
      " · rounds you fear: " + (fear.length ? fear.join(", ") : "none picked") + " · " + plan.questions +
      " questions, " + reviews + " reviews, " + mocks + " mock-loop day" + (mocks === 1 ? "" : "s") + " · " +
      hm(plan.planned) + " planned of your " + hm(plan.available) + " (" + hm(plan.budget) + " a study day)"));

    var share = el("input", { type: "text", readonly: "", value: shareUrl, id: "pg-share", className: "pg-share-url" });
    var tools = el("div", { className: "pg-tools" });
    var lab = el("label", { "for": "pg-share" }, "Link to this plan");
    tools.appendChild(lab);
    tools.appendChild(share);
    var said = el("span", { className: "pg-said", "aria-live": "polite" });
    var copy = el("button", { type: "button", className: "guide-button" }, "Copy link");
    copy.addEventListener("click", function () {
      share.select();
      function say(t) { return function () { said.textContent = t; }; }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(shareUrl).then(say("Link copied."), say("Link selected: press Ctrl+C (or Cmd+C) to copy it."));
      else say("Link selected: press Ctrl+C (or Cmd+C) to copy it.")();
    });
    var print = el("button", { type: "button", className: "guide-button" }, "Print the plan");
    print.addEventListener("click", function () { window.print(); });
    var row = el("p", { className: "pg-buttons" });
    row.appendChild(copy); row.appendChild(print); row.appendChild(said);
    tools.appendChild(row);
    out.appendChild(tools);

    var spare = plan.available - plan.planned;
    if (plan.chosen === data.questions.length && spare >= plan.budget) {
      out.appendChild(el("p", { className: "pg-note" }, "Your hours hold the whole question bank with its reviews, and " +
        hm(spare) + " to spare: spend it redoing the hard questions from a blank page, and on more mocks."));
    }
    if (plan.extra.length) {
      var note = el("p", { className: "pg-note" }, "If a day goes faster than planned, these chosen questions found no day with room: ");
      plan.extra.forEach(function (id, i) {
        if (i) note.appendChild(document.createTextNode(", "));
        note.appendChild(el("a", { href: new URL(byId[id].url, base).href }, byId[id].title));
      });
      note.appendChild(document.createTextNode("."));
      out.appendChild(note);
    }

    var week = null;
    plan.days.forEach(function (d) {
      if (!week || week.n !== d.week) {
        week = { n: d.week, sec: el("section", { className: "pg-week", "aria-labelledby": "pg-week-" + d.week }) };
        week.sec.appendChild(el("h3", { id: "pg-week-" + d.week }, "Week " + d.week));
        week.list = el("ol", { className: "pg-days" });
        week.sec.appendChild(week.list);
        out.appendChild(week.sec);
      }
      week.list.appendChild(renderDay(d, plan, data, cfg, byId, base));
    });
    out.syncMarks();
  }

  var KIND_NAMES = { study: "Study", rest: "Rest day", mock: "Mock loop", last: "Day before the interview" };

  function renderDay(d, plan, data, cfg, byId, base) {
    var li = el("li", { className: "pg-day pg-day--" + d.kind, "data-day": String(d.n), "data-used": String(d.used),
      "data-budget": String(d.budget) });
    var h = el("h4", { id: "pg-day-" + d.n }, "Day " + d.n + " · " + KIND_NAMES[d.kind]);
    if (d.budget) h.appendChild(span("pg-day-time", " · " + hm(d.used) + " of " + hm(d.budget)));
    li.appendChild(h);
    if (d.kind === "rest") { li.appendChild(el("p", { className: "pg-rest" }, "Nothing new today: rest, and let the week settle.")); return li; }
    if (!d.items.length) { li.appendChild(el("p", { className: "pg-rest" }, "Free: nothing left to fit. Redo a hard question from a blank page.")); return li; }
    var ul = el("ul", { className: "pg-items" });
    d.items.forEach(function (it) { ul.appendChild(renderItem(it, d, data, cfg, byId, base)); });
    li.appendChild(ul);
    return li;
  }

  function renderItem(it, d, data, cfg, byId, base) {
    var li = el("li", { className: "pg-item pg-item--" + it.type, "data-minutes": String(it.minutes) });
    if (it.type === "question" || it.type === "review") {
      var q = byId[it.id];
      li.setAttribute("data-q", it.id);
      if (it.type === "review") {
        var tag = span("pg-tag", "Review " + it.review);
        tag.title = "Answer it aloud again, then check the entry";
        li.appendChild(tag);
      }
      li.appendChild(el("a", { href: new URL(q.url, base).href }, q.title));
      li.appendChild(document.createTextNode(" "));
      if (it.type === "question") {
        var kind = span("q-badge q-kind", cfg.kinds[q.kind] || q.kind);
        kind.setAttribute("data-kind", q.kind);
        li.appendChild(kind);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(span("q-badge q-difficulty q-difficulty--" + q.difficulty, cfg.difficulties[q.difficulty] || q.difficulty));
        li.appendChild(document.createTextNode(" "));
      }
      li.appendChild(span("q-time", hm(it.minutes)));
      li.appendChild(document.createTextNode(" "));
      var mark = el("span", { className: "q-practised-mark", "data-practised-mark": it.id }, "practised");
      mark.hidden = true;
      li.appendChild(mark);
      if (it.type === "question") {
        var box = el("input", { type: "checkbox", "data-plan-practised": it.id, id: "pg-done-" + d.n + "-" + it.id,
          "aria-label": "Practised: " + q.title });
        box.disabled = !guide.store.ok;
        var label = el("label", { className: "pg-done", "for": box.id });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" Practised"));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(label);
      }
    } else if (it.type === "mock") {
      var length = cfg.lengths.filter(function (l) { return l.id === it.length; })[0];
      var href = new URL(cfg.links.mock_loop + "?track=" + encodeURIComponent(it.track) + "&length=" + it.length +
        "&seed=" + it.seed, base).href;
      li.appendChild(document.createTextNode("Mock loop: "));
      li.appendChild(el("a", { href: href, className: "pg-mock" }, length.title));
      li.appendChild(document.createTextNode(" on your track, with a partner if you can (send them the loop's link)."));
    } else if (it.type === "debrief") {
      li.appendChild(document.createTextNode("Debrief (" + hm(it.minutes) + "): score each answer, then write down the one change that would raise the score most, and work on it next."));
    } else if (it.type === "checklist") {
      li.appendChild(el("a", { href: new URL(cfg.links.checklist, base).href }, cfg.checklist_title));
      li.appendChild(document.createTextNode(" (" + hm(it.minutes) + "), then stop. Nothing new today: sleep matters more than one more question."));
    }
    return li;
  }

  guide.onPage(function () {
    var host = document.getElementById("plan-generator");
    if (host && !host.hasAttribute("data-ready")) { host.setAttribute("data-ready", ""); start(host); }
  });
})();
