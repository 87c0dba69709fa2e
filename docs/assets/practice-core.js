/* Practice, the part with no page: seeded PRNG, the mock loop's draw, the review scheduler
 * and queue, and the small DOM helpers both practice pages share (`guidePractice.ui`).
 *
 * The pure functions have no DOM access; the unit tests run this very file under node
 * through module.exports. The pages themselves are mock-loop.js and flashcards.js; both read
 * the build-time file assets/practice.json (built from the question records).
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

  /* The minutes a question takes in a round of `type`: its expected minutes (`minutes` in its
   * record), and never less than the round's pace (data.pace), the shortest slot a round gives
   * one question. A 35-minute coding problem takes 35 minutes of a screen, not its 10. */
  function slot(data, id, type) {
    var q = data.questions[id];
    return Math.max(q.minutes || 0, (data.pace && data.pace[type]) || 0);
  }

  /* opts: {track, length, seed (uint32), exclude: {id: true}}.
   * Returns {rounds: [{type, minutes, count, questions, slots, free, short}], skipped: [ids]}
   * or throws. A round takes its candidates in order and keeps each one whose slot fits the
   * minutes it has left, up to `count` questions: `slots` are the minutes of each question
   * drawn, `free` the minutes left over. `short`: more questions of the round's type would
   * have fitted, but they were left out (practised) or used by an earlier round.
   * `skipped` holds only the excluded ids that would otherwise have been drawn: drawing again
   * with exactly those excluded gives the same loop (the page's link carries them). */
  function draw(data, opts) {
    var track = find(data.tracks, opts.track);
    var length = find(data.lengths, opts.length);
    if (!track) throw new Error("unknown track " + opts.track);
    if (!length) throw new Error("unknown length " + opts.length);
    var rng = mulberry32(opts.seed);
    var exclude = opts.exclude || {};
    var used = {}, skipped = {};
    var rounds = length.rounds.map(function (r) {
      var picked = [], slots = [], left = r.minutes, blocked = [];
      candidates(data, track, r.type, rng).forEach(function (id) {
        var need = slot(data, id, r.type);
        if (used[id] || exclude[id]) { blocked.push(need); }
        if (picked.length >= r.count || need > left || used[id]) return;
        if (exclude[id]) { skipped[id] = true; return; }
        used[id] = true;
        picked.push(id);
        slots.push(need);
        left -= need;
      });
      var short = !picked.length || (picked.length < r.count && blocked.some(function (m) { return m <= left; }));
      return { type: r.type, minutes: r.minutes, count: r.count, questions: picked, slots: slots, free: left,
        short: short };
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

  var core = { mulberry32: mulberry32, shuffle: shuffle, draw: draw, slot: slot, candidates: candidates, schedule: schedule, reviewQueue: reviewQueue,
    find: find, DAY: DAY, MINUTE: MINUTE };
  if (typeof module === "object" && module.exports) { module.exports = core; return; }
  window.guidePractice = core;

  // ---- helpers both practice pages use -------------------------------------------

  // ---- browser helpers ---------------------------------------------------------

  var PREFIX = window.guide.PREFIX;
  var SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;


  function loadData() { return window.guide.loadJSON("assets/practice.json"); }

  var storage = window.guide.store;
  function siteBase() { return window.guide.siteBase(); }

  function practised(id) { return window.guide.practised.get(id); }

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

  window.guidePractice.ui = {
    loadData: loadData,
    practised: practised,
    el: el,
    fragment: fragment,
    button: button,
    labelled: labelled,
    select: select,
    clock: clock,
    failed: failed,
    PREFIX: PREFIX,
    SLUG: SLUG,
    storage: storage,
    siteBase: siteBase
  };
})();
