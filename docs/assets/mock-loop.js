/* The mock-loop page: draws a loop from the question data for a track and a length, with
 * timers per round, an interviewer's sheet to print and "practised" marks. The draw is a
 * pure function of (track, length, seed, skipped ids), all kept in the page address, so a
 * shared link shows the same loop (practice-core.js). core.js loads both on a page with #mock-loop.
 */
(function () {
  "use strict";

  var P = window.guidePractice, ui = P.ui;
  var loadData = ui.loadData;
  var practised = ui.practised;
  var el = ui.el;
  var fragment = ui.fragment;
  var button = ui.button;
  var labelled = ui.labelled;
  var select = ui.select;
  var clock = ui.clock;
  var failed = ui.failed;
  var PREFIX = ui.PREFIX;
  var SLUG = ui.SLUG;
  var storage = ui.storage;
  var draw = P.draw;
  var find = P.find, MINUTE = P.MINUTE, siteBase = ui.siteBase;
  var timers = [];          // intervals of the page being shown; cleared on navigation

  function readLoopState(data) {
    var p = new URLSearchParams(location.search);
    var s = { track: p.get("track"), length: p.get("length"), seed: p.get("seed"), skip: p.get("skip") };
    if (s.seed === null) return { state: null, error: null };
    var seed = /^\d{1,10}$/.test(s.seed) ? Number(s.seed) : -1;
    var skip = (s.skip || "").split(",").filter(Boolean);
    if (seed < 0 || seed > 4294967295 || !find(data.tracks, s.track) || !find(data.lengths, s.length) ||
        !skip.every(function (id) { return SLUG.test(id); })) {
      return { state: null, error: "This link's loop settings were not understood (the guide may have changed). Pick a track and a length to draw a new loop." };
    }
    var exclude = {};
    skip.forEach(function (id) { exclude[id] = true; });
    return { state: { track: s.track, length: s.length, seed: seed, exclude: exclude }, error: null };
  }

  function loopUrl(state, skipped) {
    var p = new URLSearchParams();
    p.set("track", state.track);
    p.set("length", state.length);
    p.set("seed", String(state.seed));
    if (skipped.length) p.set("skip", skipped.join(","));
    return location.pathname + "?" + p.toString();
  }

  function newSeed() {
    var a = new Uint32Array(1);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(a); else a[0] = Math.floor(Math.random() * 4294967296);
    return a[0];
  }

  function initLoop(host) {
    loadData().then(function (data) { buildLoop(host, data); }, function () { failed(host, "loop generator"); });
  }

  function buildLoop(host, data) {
    host.querySelector(".practice-fallback").hidden = true;
    var read = readLoopState(data);
    var defaultTrack = find(data.tracks, "general") ? "general" : data.tracks[0].id;
    var form = el("form", { className: "practice-form", "aria-label": "Draw a mock loop" });
    var track = select(data.tracks, read.state ? read.state.track : defaultTrack);
    var length = select(data.lengths, read.state ? read.state.length : data.default_length);
    form.appendChild(labelled("Track", track, "pl-track"));
    form.appendChild(labelled("Length", length, "pl-length"));
    var skipBox = el("input", { type: "checkbox", id: "pl-skip" });
    var skipWrap = el("p", { className: "practice-field" });
    var skipLabel = el("label", { "for": "pl-skip" });
    skipWrap.appendChild(skipBox);
    skipWrap.appendChild(skipLabel);
    form.appendChild(skipWrap);
    // The count follows the marks: ticked here, or in the question bank in another tab.
    function countMarked() {
      var marked = Object.keys(data.questions).filter(practised).length;
      skipLabel.textContent = " Leave out questions I marked practised (" + marked + " marked in this browser)";
    }
    countMarked();
    function onStorage(e) {
      if (!document.body.contains(host)) { window.removeEventListener("storage", onStorage); return; }
      if (e.key !== null && e.key.indexOf(PREFIX + "practised.") !== 0) return;
      countMarked();
      out.querySelectorAll("li[data-question] input[type=checkbox]").forEach(function (b) {
        b.checked = practised(b.closest("li").getAttribute("data-question"));
      });
    }
    window.addEventListener("storage", onStorage);
    form.appendChild(el("button", { type: "submit", className: "guide-button" }, "Draw a loop"));
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var exclude = {};
      if (skipBox.checked) Object.keys(data.questions).filter(practised).forEach(function (id) { exclude[id] = true; });
      show({ track: track.value, length: length.value, seed: newSeed(), exclude: exclude }, true);
    });
    var status = el("p", { className: "practice-status", role: "status", "aria-live": "polite" });
    var out = el("div", { className: "practice-loop-out" });
    host.appendChild(form);
    host.appendChild(status);
    host.appendChild(out);
    if (read.error) status.textContent = read.error;
    if (read.state) show(read.state, false);

    function show(state, moveFocus) {
      stopTimers();
      var result = draw(data, state);
      var url = loopUrl(state, result.skipped);
      history.replaceState(history.state, "", url + location.hash);
      renderLoop(out, data, state, result, new URL(url, location.href).href, countMarked);
      var short = result.rounds.filter(function (r) { return r.short; }).length;
      status.textContent = "Loop drawn: " + result.rounds.length + " round" + (result.rounds.length === 1 ? "" : "s") +
        (short ? ". Some rounds have fewer questions than usual: not enough unpractised questions of that type." : ".");
      if (moveFocus) out.querySelector("h2").focus();
    }
  }

  function renderLoop(out, data, state, result, shareUrl, onMark) {
    out.textContent = "";
    var track = find(data.tracks, state.track), length = find(data.lengths, state.length);
    var head = el("h2", { id: "pl-loop", tabindex: "-1" }, "Your loop: " + length.title);
    out.appendChild(head);
    out.appendChild(el("p", { className: "practice-meta" },
      "Track: " + track.title + " · " + length.duration + " · seed " + state.seed));
    var share = el("input", { type: "text", readonly: "", value: shareUrl, className: "practice-share" });
    var shareWrap = labelled("Link to this loop (your partner sees the same questions)", share, "pl-share");
    shareWrap.appendChild(button("Copy link", function () {
      share.select();
      var say = function (t) { return function () { shareWrap.querySelector(".practice-copied").textContent = t; }; };
      var manual = say("Link selected: press Ctrl+C (or Cmd+C) to copy it.");
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(shareUrl).then(say("Link copied."), manual);
      else manual();
    }));
    shareWrap.appendChild(el("span", { className: "practice-copied", "aria-live": "polite" }));
    out.appendChild(shareWrap);
    var prints = el("p", { className: "practice-actions" });
    prints.appendChild(button("Print candidate sheet", function () { printSheet(data, state, result, shareUrl, false); }));
    prints.appendChild(button("Print interviewer sheet", function () { printSheet(data, state, result, shareUrl, true); }));
    out.appendChild(prints);
    result.rounds.forEach(function (r, i) { out.appendChild(renderRound(data, r, i + 1, onMark)); });
  }

  function roundTitle(data, r, n) {
    return "Round " + n + ": " + data.rounds[r.type].title + " (" + r.minutes + " minutes)";
  }

  function renderRound(data, r, n, onMark) {
    var sec = el("section", { className: "practice-round", "aria-labelledby": "pl-round-" + n });
    sec.appendChild(el("h3", { id: "pl-round-" + n }, roundTitle(data, r, n)));
    sec.appendChild(timer(data, r, n));
    if (!r.questions.length) sec.appendChild(el("p", {}, "No question of this type is left to draw."));
    var list = el("ol", { className: "practice-questions" });
    r.questions.forEach(function (id, k) {
      var q = data.questions[id];
      var li = el("li", { "data-question": id, "data-minutes": String(r.slots[k]) });
      var title = el("p", { className: "practice-qtitle", id: "pl-q-" + n + "-" + id });
      title.appendChild(el("strong", {}, q.title));
      title.appendChild(document.createTextNode(" "));
      title.appendChild(el("span", { className: "q-time" }, "about " + r.slots[k] + " min"));
      li.appendChild(title);
      li.appendChild(fragment(q.prompt, "practice-prompt"));
      var outline = fragment(q.short + (q.covers ? "<p>The full answer covers:</p>" + q.covers : ""), "practice-outline");
      outline.id = "pl-outline-" + n + "-" + id;
      outline.hidden = true;
      var full = el("a", { href: new URL(q.url, siteBase()).href }, "Read the full entry");
      var p = el("p", {}); p.appendChild(full); outline.appendChild(p);
      var reveal = button("Show answer outline", function () {
        outline.hidden = !outline.hidden;
        reveal.setAttribute("aria-expanded", String(!outline.hidden));
        reveal.textContent = outline.hidden ? "Show answer outline" : "Hide answer outline";
      }, null);
      reveal.setAttribute("aria-expanded", "false");
      reveal.setAttribute("aria-controls", outline.id);
      reveal.setAttribute("aria-describedby", title.id);
      var box = el("input", { type: "checkbox", id: "pl-done-" + n + "-" + id, "aria-label": "Practised: " + q.title });
      box.checked = practised(id);
      box.addEventListener("change", function () {
        if (box.checked) storage.set(PREFIX + "practised." + id, "1"); else storage.del(PREFIX + "practised." + id);
        onMark();
      });
      var actions = el("p", { className: "practice-actions" });
      actions.appendChild(reveal);
      var lab = el("label", { "for": box.id }, " Practised");
      actions.appendChild(box);
      actions.appendChild(lab);
      li.appendChild(actions);
      li.appendChild(outline);
      list.appendChild(li);
    });
    sec.appendChild(list);
    return sec;
  }

  function stopTimers() { timers.forEach(function (t) { t.stop(); }); timers = []; }

  /* A countdown per round. Start/Pause toggles it; Reset puts the full time back. When the
   * time is up the toggle reads "Restart": it puts the full time back and starts at once. */
  function timer(data, r, n) {
    var full = r.minutes * MINUTE;
    var left = full, endAt = 0, handle = null;
    var wrap = el("div", { className: "practice-timer", role: "group", "aria-label": "Timer for round " + n });
    var display = el("span", { className: "practice-clock", role: "timer", "aria-label": "Time left in round " + n }, clock(left));
    var toggle = button("Start", function () {
      if (handle) pause();
      else { if (left <= 0) rewind(); start(); }
    });
    var reset = button("Reset", function () { stop(); rewind(); }, "Reset the round " + n + " timer");
    var notice = el("p", { className: "practice-timeup", role: "alert", "aria-live": "assertive" });
    function paint() { display.textContent = clock(left); }
    function label(verb) {
      toggle.textContent = verb;
      toggle.setAttribute("aria-label", verb + " the round " + n + " timer");
    }
    function rewind() {
      left = full;
      notice.textContent = "";
      wrap.classList.remove("practice-timer--up");
      paint();
      label("Start");
    }
    function tick() {
      left = Math.max(0, endAt - Date.now());
      paint();
      if (left <= 0) pause();
    }
    function timeUp() {
      wrap.classList.add("practice-timer--up");
      notice.textContent = "Time is up for round " + n + " (" + data.rounds[r.type].title + ").";
      label("Restart");
    }
    function start() {
      endAt = Date.now() + left;
      handle = setInterval(tick, 250);
      label("Pause");
    }
    function stop() {
      if (handle) { clearInterval(handle); handle = null; left = Math.max(0, endAt - Date.now()); paint(); }
    }
    function pause() {
      stop();
      if (left > 0) label("Start"); else timeUp();
    }
    label("Start");
    timers.push({ stop: function () { if (handle) clearInterval(handle); handle = null; } });
    wrap.appendChild(display);
    wrap.appendChild(toggle);
    wrap.appendChild(reset);
    wrap.appendChild(notice);
    return wrap;
  }

  /* One printable sheet, placed directly in the page content and shown only when printing. */
  function printSheet(data, state, result, shareUrl, interviewer) {
    var content = document.querySelector(".md-content__inner");
    content.querySelectorAll(".practice-sheet").forEach(function (s) { s.remove(); });
    var track = find(data.tracks, state.track), length = find(data.lengths, state.length);
    var sheet = el("div", { className: "practice-sheet" + (interviewer ? " practice-sheet--interviewer" : " practice-sheet--candidate") });
    sheet.appendChild(el("h1", {}, "Mock loop: " + (interviewer ? "interviewer's sheet" : "candidate's sheet")));
    sheet.appendChild(el("p", {}, length.title + " · track: " + track.title + " · seed " + state.seed));
    sheet.appendChild(el("p", { className: "practice-sheet-url" }, shareUrl));
    if (interviewer) {
      sheet.appendChild(el("p", {}, "Score each question on the scale " + data.rubric.scale.join(", ") +
        ". Write the evidence (what the candidate said) next to each score."));
    }
    result.rounds.forEach(function (r, i) {
      sheet.appendChild(el("h2", {}, roundTitle(data, r, i + 1)));
      r.questions.forEach(function (id, k) {
        var q = data.questions[id];
        var block = el("div", { className: "practice-sheet-q" });
        block.appendChild(el("h3", {}, (k + 1) + ". " + q.title + " (about " + r.slots[k] + " min)"));
        block.appendChild(fragment(q.prompt, "practice-prompt"));
        if (interviewer) {
          block.appendChild(el("h4", {}, "What the interviewer listens for"));
          block.appendChild(fragment(q.listens));
          block.appendChild(el("h4", {}, "Follow-ups"));
          block.appendChild(fragment(q.followups));
          block.appendChild(rubricTable(data, q));
          block.appendChild(el("h4", {}, "Notes"));
          block.appendChild(lines(5));
        } else {
          block.appendChild(lines(8));
        }
        sheet.appendChild(block);
      });
    });
    content.appendChild(sheet);
    document.body.classList.add("practice-printing");
    window.print();
  }

  /* Ruled lines to write on, `n` of them. */
  function lines(n) {
    var box = el("div", { className: "practice-lines", "aria-hidden": "true" });
    for (var i = 0; i < n; i++) box.appendChild(el("div", { className: "practice-line" }));
    return box;
  }

  function rubricTable(data, q) {
    var t = el("table", { className: "practice-rubric" });
    t.appendChild(el("caption", {}, "Score: " + q.title));
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, "What to score"));
    data.rubric.scale.forEach(function (s) { head.appendChild(el("th", { scope: "col" }, s)); });
    head.appendChild(el("th", { scope: "col" }, "Evidence"));
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var body = el("tbody");
    (data.rubric.kinds[q.kind] || []).forEach(function (dim) {
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, dim));
      data.rubric.scale.forEach(function () { row.appendChild(el("td", { className: "practice-tick" }, "☐")); });
      row.appendChild(el("td", { className: "practice-evidence" }));
      body.appendChild(row);
    });
    t.appendChild(body);
    return t;
  }

  window.addEventListener("afterprint", function () {
    document.body.classList.remove("practice-printing");
    document.querySelectorAll(".practice-sheet").forEach(function (s) { s.remove(); });
  });

  // ---- flashcards ------------------------------------------------------------------

  window.guide.onPage(function () {
    stopTimers();
    var loop = document.getElementById("mock-loop");
    if (loop && !loop.hasAttribute("data-ready")) { loop.setAttribute("data-ready", ""); initLoop(loop); }
  });
})();
