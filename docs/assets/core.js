/* The shared core of the site's scripts: saved progress, events between them, page start.
 *
 * Loaded first of the site's own scripts (mkdocs.yml, extra_javascript), after Material's
 * bundle. Every other script reads and writes the reader's progress through `guide.store`
 * and talks to the others through `guide.emit` / `guide.on`, never through each other's DOM.
 *
 * Saved progress: localStorage, one key per thing, all under one prefix:
 *   aipg.v1.check.<checklist id>.<item id> = "1"   a ticked checklist item
 *   aipg.v1.practised.<question id>         = "1"   a question marked practised
 *   aipg.v1.card.<question id>              = {"box": 0-10, "due": ms epoch}   a flashcard
 *   aipg.v1.activity                        = ["2026-12-01", "2026-12-03", ...]   the days
 *       (the reader's local dates, oldest first, at most ACTIVITY_DAYS) on which progress was
 *       saved: written here by store.set whenever a tick, practised mark or card is saved; the
 *       progress page reads it for the last-studied date and the streak (guide.activity)
 * Keys use ids, never positions or wording, so editing a list keeps the reader's ticks.
 * Where storage is off (private mode, a blocked site), `store.ok` is false and every call is
 * a harmless no-op: pages still work, they just forget on reload.
 *
 * Events (on document, as CustomEvents named "guide:<name>"):
 *   guide:progress-imported   saved progress was replaced from an export file
 *   guide:practised           detail {id, practised}: a question's practised mark changed
 *   guide:progress-reset      detail {kind: "practised" | "check" | "card"}: every saved entry
 *                             of that kind was removed (the progress page's reset buttons)
 */
(function () {
  "use strict";

  var PREFIX = "aipg.v1.";
  var ACTIVITY = PREFIX + "activity", ACTIVITY_DAYS = 400;
  var PROGRESS = /^aipg\.v1\.(check|practised|card)\./;   // keys whose saving is studying

  function raw(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* full or blocked */ } }

  var store = {
    ok: (function () {
      try { localStorage.setItem(PREFIX + "probe", "1"); localStorage.removeItem(PREFIX + "probe"); return true; }
      catch (e) { return false; }
    })(),
    get: function (k) { try { return this.ok ? localStorage.getItem(k) : null; } catch (e) { return null; } },
    /* Saving a tick, a practised mark or a card also records today as a day of study. */
    set: function (k, v) { if (!this.ok) return; raw(k, v); if (PROGRESS.test(k)) activity.record(); },
    /* The same, recording nothing: an import restores entries, it is not studying. */
    put: function (k, v) { if (this.ok) raw(k, v); },
    del: function (k) { try { if (this.ok) localStorage.removeItem(k); } catch (e) { /* blocked */ } },
    /* Every key of this guide (any version), for export and repair. */
    keys: function () {
      var out = [];
      if (!this.ok) return out;
      try {
        for (var i = 0; i < localStorage.length; i++) {
          var k = localStorage.key(i);
          if (k && k.indexOf("aipg.") === 0) out.push(k);
        }
      } catch (e) { /* blocked */ }
      return out;
    }
  };

  // ---- days of study (aipg.v1.activity) ---------------------------------------------

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  /* A day as "YYYY-MM-DD", in the reader's own time zone. */
  function isoDay(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  /* "YYYY-MM-DD" -> a Date at noon that day (clear of daylight-saving shifts), or null. */
  function parseDay(s) {
    var m = typeof s === "string" && /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return null;
    var d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
    return isoDay(d) === s ? d : null;
  }
  function validDays(list) {
    return Array.isArray(list) && list.length <= ACTIVITY_DAYS && list.every(function (s) { return parseDay(s) !== null; });
  }

  var activity = {
    DAYS: ACTIVITY_DAYS, isoDay: isoDay, parseDay: parseDay, valid: validDays,
    /* The recorded days, oldest first, without repeats; [] when none (or damaged). */
    days: function () {
      var list;
      try { list = JSON.parse(store.get(ACTIVITY)); } catch (e) { return []; }
      if (!validDays(list)) return [];
      return list.slice().sort().filter(function (s, i, a) { return i === 0 || a[i - 1] !== s; });
    },
    record: function (now) {
      var today = isoDay(now || new Date()), days = this.days();
      if (days[days.length - 1] === today) return;
      days = days.filter(function (s) { return s < today; });  // a clock set back never leaves a future day
      days.push(today);
      raw(ACTIVITY, JSON.stringify(days.slice(-ACTIVITY_DAYS)));
    },
    /* Days in a row with study, ending today, or yesterday while today is still open. */
    streak: function (days, now) {
      var have = {}, n = 0;
      (days || this.days()).forEach(function (s) { have[s] = true; });
      var d = new Date(now || new Date());
      d.setHours(12, 0, 0, 0);
      if (!have[isoDay(d)]) d.setDate(d.getDate() - 1);
      while (have[isoDay(d)]) { n++; d.setDate(d.getDate() - 1); }
      return n;
    }
  };

  function practisedKey(qid) { return PREFIX + "practised." + qid; }

  var practised = {
    get: function (qid) { return store.get(practisedKey(qid)) === "1"; },
    set: function (qid, value) {
      if (value) store.set(practisedKey(qid), "1"); else store.del(practisedKey(qid));
      emit("practised", { id: qid, practised: !!value });
    }
  };

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent("guide:" + name, { detail: detail || {} }));
  }

  /* Listen for an event while the page that asked is shown: instant navigation replaces the
     content, and a listener whose `root` left the document removes itself. */
  function on(name, fn, root) {
    function handler(e) {
      if (root && !document.body.contains(root)) { document.removeEventListener("guide:" + name, handler); return; }
      fn(e.detail || {});
    }
    document.addEventListener("guide:" + name, handler);
  }

  /* Run fn on every page: after each instant navigation (Material's document$), or once. */
  function onPage(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(fn);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // The site root, from this script's own address (<root>/assets/core.js). Not from the page:
  // instant navigation changes the address but keeps the first page's configuration.
  var SITE_BASE = document.currentScript && document.currentScript.src
    ? new URL("../", document.currentScript.src)
    : new URL(JSON.parse(document.getElementById("__config").textContent).base + "/", location.href);

  var json = {};
  /* A build-time JSON file of the site (assets/practice.json ...), fetched once per visit. */
  function loadJSON(path) {
    if (!json[path]) {
      json[path] = fetch(new URL(path, SITE_BASE)).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      });
      json[path].catch(function () { delete json[path]; });
    }
    return json[path];
  }

  /* The scripts of one kind of page, fetched when a page of that kind is shown (its first view
     or an instant navigation to it), once per visit: no other page downloads or parses them.
     Each starts through onPage, and Material's document$ replays the page on view to a late
     subscriber, so a script that arrives after the page still sets it up. A kind's files run
     in order (practice-core.js before the practice pages); a file the page already loads
     (a test project's extra_javascript) is not loaded twice. */
  var PAGE_KINDS = [
    ["form.calc[data-calc]", ["calc.js"]],
    ["#question-bank-filters", ["bank.js"]],
    ["#mock-loop", ["practice-core.js", "mock-loop.js"]],
    ["#flashcards", ["practice-core.js", "flashcards.js"]],
    ["#plan-generator", ["plan.js"]],
    ['[data-progress="overview"]', ["progress.js"]],
    ["table[data-sortable]", ["table-sort.js"]]
  ];
  var scripts = {};

  function loadScript(file) {
    if (!scripts[file]) {
      var src = new URL("assets/" + file, SITE_BASE).href;
      var present = Array.prototype.some.call(document.scripts, function (el) { return el.src === src; });
      scripts[file] = present ? Promise.resolve() : new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = src;
        el.async = false;
        el.onload = function () { resolve(); };
        el.onerror = function () { delete scripts[file]; el.remove(); reject(new Error("could not load " + src)); };
        document.head.appendChild(el);
      });
    }
    return scripts[file];
  }

  function loadPageKinds() {
    PAGE_KINDS.forEach(function (kind) {
      if (!document.querySelector(kind[0])) return;
      kind[1].reduce(function (done, file) {
        return done.then(function () { return loadScript(file); });
      }, Promise.resolve()).catch(function (err) {
        // Offline before this page's script was cached: the page keeps its no-script state.
        if (window.console) console.warn("guide:", err.message);
      });
    });
  }

  window.guide = {
    PREFIX: PREFIX, store: store, practised: practised, activity: activity, emit: emit, on: on, onPage: onPage,
    siteBase: function () { return SITE_BASE; }, loadJSON: loadJSON, loadScript: loadScript
  };
  onPage(loadPageKinds);
})();
