/* Practice modes: the mock-loop generator and flashcard review.
 *
 * Both read the build-time file assets/practice.json (built from the question records).
 * The core below (seeded PRNG, loop draw, review scheduler, review queue) has no DOM access;
 * the unit tests run this very file under node through module.exports.
 *
 * Mock loop: the draw is a pure function of (track, length, seed, skipped ids), all kept in
 * the page address, so a shared link shows the same loop. Flashcards: Leitner boxes, one
 * localStorage entry per card, aipg.v1.card.<id> = {"box": 0-10, "due": ms epoch}, exported
 * and imported with the rest of the progress by guide.js.
 * Initialised through Material's document$ so it runs after every instant navigation.
 */
(function () {
  "use strict";

  // ---- core ------------------------------------------------------------------

  /* mulberry32: a small 32-bit seeded PRNG; returns floats in [0, 1). */
  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /* Fisher-Yates on a copy; always draws list.length - 1 numbers. */
  function shuffle(list, rng) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(rng() * (i + 1));
      var t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }

  function find(list, id) {
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return null;
  }

  /* Candidates for one round, best first: the track's own questions, then the track company's
   * other questions, then the rest of the bank. Each tier is shuffled on its own; the random
   * numbers used never depend on what is excluded, which keeps `skipped` enough to replay. */
  function candidates(data, track, type, rng) {
    var ids = Object.keys(data.questions).sort().filter(function (id) {
      return data.questions[id].rounds.indexOf(type) >= 0;
    });
    if (!track.questions) return shuffle(ids, rng);
    var tiers = [[], [], []];
    ids.forEach(function (id) {
      var q = data.questions[id];
      if (track.questions.indexOf(id) >= 0) tiers[0].push(id);
      else if (track.company && q.companies.indexOf(track.company) >= 0) tiers[1].push(id);
      else tiers[2].push(id);
    });
    return tiers.reduce(function (acc, tier) { return acc.concat(shuffle(tier, rng)); }, []);
  }

  /* opts: {track, length, seed (uint32), exclude: {id: true}}.
   * Returns {rounds: [{type, minutes, count, questions}], skipped: [ids]} or throws. */
  function draw(data, opts) {
    var track = find(data.tracks, opts.track);
    var length = find(data.lengths, opts.length);
    if (!track) throw new Error("unknown track " + opts.track);
    if (!length) throw new Error("unknown length " + opts.length);
    var rng = mulberry32(opts.seed);
    var exclude = opts.exclude || {};
    var used = {}, skipped = {};
    var rounds = length.rounds.map(function (r) {
      var picked = [];
      candidates(data, track, r.type, rng).forEach(function (id) {
        if (picked.length >= r.count || used[id]) return;
        if (exclude[id]) { skipped[id] = true; return; }
        used[id] = true;
        picked.push(id);
      });
      return { type: r.type, minutes: r.minutes, count: r.count, questions: picked };
    });
    return { rounds: rounds, skipped: Object.keys(skipped).sort() };
  }

  var DAY = 86400000, MINUTE = 60000;

  /* Next state of a card after a grade. entry: {box, due} or null for a new card. */
  function schedule(entry, grade, now, rules) {
    var last = rules.days.length - 1;
    var box = entry ? entry.box : 0;
    if (grade === "again") return { box: 0, due: now + rules.again_minutes * MINUTE };
    if (!(grade in rules.step)) throw new Error("unknown grade " + grade);
    box = grade === "hard" ? Math.max(1, box) : Math.min(last, box + rules.step[grade]);
    box = Math.min(last, Math.max(1, box));
    return { box: box, due: now + rules.days[box] * DAY };
  }

  /* Review order: cards already due (earliest first), then new cards in deck order (at most
   * `newLimit`). Cards not yet due wait. entries: {id: {box, due}} for cards seen before. */
  function reviewQueue(cards, entries, now, newLimit) {
    var due = cards.filter(function (id) { return entries[id] && entries[id].due <= now; });
    due.sort(function (a, b) { return entries[a].due - entries[b].due || cards.indexOf(a) - cards.indexOf(b); });
    var fresh = cards.filter(function (id) { return !entries[id]; }).slice(0, newLimit);
    return due.concat(fresh);
  }

  var core = { mulberry32: mulberry32, shuffle: shuffle, draw: draw, schedule: schedule, reviewQueue: reviewQueue };
  if (typeof module === "object" && module.exports) { module.exports = core; return; }
  window.guidePractice = core;

  // ---- browser helpers ---------------------------------------------------------

  var PREFIX = "aipg.v1.";
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var dataPromise = null;
  var timers = [];          // intervals of the page being shown; cleared on navigation
  var review = null;        // the flashcard review on the current page, for the keyboard

  // The site root, found once from this script's own address (<root>/assets/practice.js).
  // Not from the page: instant navigation changes the address but keeps the first page's
  // #__config, whose base is relative to where the reader came in.
  var SITE_BASE = document.currentScript && document.currentScript.src
    ? new URL("../", document.currentScript.src)
    : new URL(JSON.parse(document.getElementById("__config").textContent).base + "/", location.href);

  function siteBase() { return SITE_BASE; }

  function loadData() {
    if (!dataPromise) {
      dataPromise = fetch(new URL("assets/practice.json", siteBase())).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      });
      dataPromise.catch(function () { dataPromise = null; });
    }
    return dataPromise;
  }

  var storage = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } },
    del: function (k) { try { localStorage.removeItem(k); } catch (e) { /* private mode */ } }
  };

  function practised(id) { return storage.get(PREFIX + "practised." + id) === "1"; }

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "className") n.className = attrs[k]; else n.setAttribute(k, attrs[k]);
    });
    if (text != null) n.textContent = text;
    return n;
  }

  /* Trusted build-time HTML from our own Markdown; links are site-root-relative there. */
  function fragment(htmlText, className) {
    var d = el("div", { className: className || "" });
    d.innerHTML = htmlText;
    d.querySelectorAll("a[href]").forEach(function (a) {
      var h = a.getAttribute("href");
      if (!/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(h)) a.setAttribute("href", new URL(h, siteBase()).href);
    });
    return d;
  }

  function button(text, onClick, label) {
    var b = el("button", { type: "button", className: "guide-button" }, text);
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function labelled(labelText, control, id) {
    control.id = id;
    var wrap = el("p", { className: "practice-field" });
    wrap.appendChild(el("label", { "for": id }, labelText));
    wrap.appendChild(control);
    return wrap;
  }

  function select(options, value) {
    var s = el("select");
    options.forEach(function (o) {
      var opt = el("option", { value: o.id }, o.title);
      s.appendChild(opt);
    });
    if (value != null) s.value = value;
    return s;
  }

  function clock(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    return (m < 10 ? "0" : "") + m + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }

  function failed(host, what) {
    host.querySelector(".practice-fallback").hidden = false;
    host.appendChild(el("p", { className: "guide-notice", role: "status" },
      "The " + what + " could not load its data (assets/practice.json). Reload the page to try again."));
  }

  // ---- mock loop ---------------------------------------------------------------

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
      var short = result.rounds.filter(function (r) { return r.questions.length < r.count; }).length;
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
    r.questions.forEach(function (id) {
      var q = data.questions[id];
      var li = el("li", { "data-question": id });
      var title = el("p", { className: "practice-qtitle", id: "pl-q-" + n + "-" + id });
      title.appendChild(el("strong", {}, q.title));
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
        block.appendChild(el("h3", {}, (k + 1) + ". " + q.title));
        block.appendChild(fragment(q.prompt, "practice-prompt"));
        if (interviewer) {
          block.appendChild(el("h4", {}, "What the interviewer listens for"));
          block.appendChild(fragment(q.listens));
          block.appendChild(el("h4", {}, "Follow-ups"));
          block.appendChild(fragment(q.followups));
          block.appendChild(rubricTable(data, q));
        } else {
          block.appendChild(el("div", { className: "practice-lines", "aria-hidden": "true" }));
        }
        sheet.appendChild(block);
      });
    });
    content.appendChild(sheet);
    document.body.classList.add("practice-printing");
    window.print();
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

  function readCard(id) {
    var raw = storage.get(PREFIX + "card." + id);
    if (!raw) return null;
    try {
      var c = JSON.parse(raw);
      if (c && Number.isInteger(c.box) && c.box >= 0 && c.box <= 10 && typeof c.due === "number" && isFinite(c.due)) return c;
    } catch (e) { /* damaged: guide.js resets it */ }
    return null;
  }

  function entriesFor(cards) {
    var out = {};
    cards.forEach(function (id) { var c = readCard(id); if (c) out[id] = c; });
    return out;
  }

  function interval(ms) {
    if (ms < 3600000) return Math.round(ms / MINUTE) + " min";
    var d = Math.round(ms / DAY);
    return d + (d === 1 ? " day" : " days");
  }

  function initCards(host) {
    loadData().then(function (data) { buildCards(host, data); }, function () { failed(host, "flashcard review"); });
  }

  function buildCards(host, data) {
    host.querySelector(".practice-fallback").hidden = true;
    var params = new URLSearchParams(location.search);
    var deckSel = select(data.decks.map(function (d) {
      return { id: d.id, title: d.title + " (" + d.cards.length + " cards)" };
    }), find(data.decks, params.get("deck")) ? params.get("deck") : "all");
    var form = el("form", { className: "practice-form", "aria-label": "Choose a deck" });
    form.appendChild(labelled("Deck", deckSel, "fc-deck"));
    // What the chosen deck holds: a topic deck is by home topic, which is fewer questions than
    // the question bank's topic filter finds (that one counts tagged questions too).
    var about = el("p", { className: "practice-deck-about", id: "fc-deck-about" });
    deckSel.setAttribute("aria-describedby", about.id);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var stats = el("p", { className: "practice-status", role: "status", "aria-live": "polite" });
    var card = el("section", { className: "practice-card", "aria-label": "Flashcard" });
    var front = el("div", { className: "practice-card-front" });
    var back = el("div", { className: "practice-card-back", tabindex: "-1" });
    back.hidden = true;
    var flipBtn = button("Show answer", function () { flip(); });
    flipBtn.setAttribute("aria-keyshortcuts", "Space");
    var grades = el("div", { className: "practice-grades", role: "group", "aria-label": "How well did you know it?" });
    grades.hidden = true;
    var gradeBtns = data.grades.map(function (g, i) {
      var b = button(g.label, function () { grade(g.id); });
      b.setAttribute("aria-keyshortcuts", String(i + 1));
      b.setAttribute("data-grade", g.id);
      grades.appendChild(b);
      return b;
    });
    card.appendChild(front);
    card.appendChild(flipBtn);
    card.appendChild(back);
    card.appendChild(grades);
    var help = el("p", { className: "practice-help" },
      "Keys: Space shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy.");
    host.appendChild(form);
    host.appendChild(about);
    host.appendChild(stats);
    host.appendChild(card);
    host.appendChild(help);

    var deck, queue, current = null, flipped = false;

    function describe() {
      var n = deck.cards.length, cards = n + (n === 1 ? " question" : " questions");
      if (deck.id === "all") { about.textContent = "This deck holds every question in the guide: " + cards + "."; return; }
      var text = "This deck holds the " + cards + " whose home topic is " + deck.title + ".";
      if (deck.tagged > n) {
        text += " The question bank's " + deck.title + " filter shows " + deck.tagged +
          ": it also counts questions from other topics that are tagged " + deck.title + ".";
      }
      about.textContent = text;
    }

    function start() {
      deck = find(data.decks, deckSel.value);
      describe();
      queue = reviewQueue(deck.cards, entriesFor(deck.cards), Date.now(), data.schedule.new_per_session);
      var p = new URLSearchParams(location.search);
      if (deck.id === "all") p.delete("deck"); else p.set("deck", deck.id);
      var qs = p.toString();
      history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      next();
    }

    function counts() {
      var now = Date.now(), e = entriesFor(deck.cards), due = 0, fresh = 0, later = 0, nextDue = Infinity;
      deck.cards.forEach(function (id) {
        if (!e[id]) fresh++;
        else if (e[id].due <= now) due++;
        else { later++; nextDue = Math.min(nextDue, e[id].due); }
      });
      return { due: due, fresh: fresh, later: later, nextDue: nextDue };
    }

    function next() {
      current = queue.length ? queue[0] : null;
      flipped = false;
      back.hidden = true;
      grades.hidden = true;     // the grades belong to a shown answer only
      gradeBtns.forEach(function (b, i) { b.textContent = data.grades[i].label; });
      front.textContent = "";
      back.textContent = "";
      var c = counts();
      var summary = c.due + " due · " + c.fresh + " new · " + c.later + " later · " + queue.length + " left in this session";
      card.setAttribute("data-current", current || "");
      if (!current) {
        flipBtn.hidden = true;
        var msg = "Nothing to review in this deck right now.";
        if (c.nextDue !== Infinity) msg += " Next card due " + new Date(c.nextDue).toLocaleString() + ".";
        front.appendChild(el("p", { className: "practice-done" }, msg));
        stats.textContent = summary;
        return;
      }
      var q = data.questions[current];
      front.appendChild(el("p", { className: "practice-qtitle" }, q.title));
      front.appendChild(fragment(q.prompt, "practice-prompt"));
      back.appendChild(fragment(q.short, "practice-short"));
      var link = el("p");
      link.appendChild(el("a", { href: new URL(q.url, siteBase()).href }, "Read the full entry"));
      back.appendChild(link);
      flipBtn.hidden = false;
      stats.textContent = summary;
    }

    function flip() {
      if (!current || flipped) return;
      flipped = true;
      back.hidden = false;
      grades.hidden = false;
      flipBtn.hidden = true;
      var entry = readCard(current), now = Date.now();
      gradeBtns.forEach(function (b, i) {
        var g = data.grades[i];
        var nx = schedule(entry, g.id, now, data.schedule);
        b.textContent = g.label + " · " + interval(nx.due - now);
      });
      back.focus();
    }

    function grade(g) {
      if (!current || !flipped) return;
      var id = current;
      var nx = schedule(readCard(id), g, Date.now(), data.schedule);
      storage.set(PREFIX + "card." + id, JSON.stringify(nx));
      queue.shift();
      if (g === "again") queue.push(id);
      next();
      var target = flipBtn.hidden ? card.querySelector(".practice-done") : flipBtn;
      if (flipBtn.hidden) target.setAttribute("tabindex", "-1");
      target.focus();
    }

    deckSel.addEventListener("change", start);
    // guide.js replaces the saved progress on import and then announces it: start over.
    var watcher = new MutationObserver(function () {
      if (!document.body.contains(host)) { watcher.disconnect(); return; }
      var n = document.querySelector(".md-content__inner > .guide-notice");
      if (n && /imported/.test(n.textContent) && !n.hasAttribute("data-seen")) { n.setAttribute("data-seen", ""); start(); }
    });
    watcher.observe(document.querySelector(".md-content__inner"), { childList: true });
    review = { root: host, flip: flip, grade: grade, flipped: function () { return flipped; } };
    start();
  }

  document.addEventListener("keydown", function (e) {
    if (!review || !document.body.contains(review.root) || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (/^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) || t.isContentEditable)) return;
    if (e.key === " " && !review.flipped()) {
      if (t && t.tagName === "BUTTON" && !review.root.contains(t)) return;
      if (t && t.tagName === "A") return;
      e.preventDefault();
      review.flip();
    } else if (/^[1-4]$/.test(e.key) && review.flipped()) {
      e.preventDefault();
      review.grade(["again", "hard", "good", "easy"][Number(e.key) - 1]);
    }
  });

  function init() {
    stopTimers();
    review = null;
    var loop = document.getElementById("mock-loop");
    if (loop && !loop.hasAttribute("data-ready")) { loop.setAttribute("data-ready", ""); initLoop(loop); }
    var cards = document.getElementById("flashcards");
    if (cards && !cards.hasAttribute("data-ready")) { cards.setAttribute("data-ready", ""); initCards(cards); }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
