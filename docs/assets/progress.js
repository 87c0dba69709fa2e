/* The progress page (docs/practice/progress.md): the reader's numbers in the dashboard that
 * the page's HTML already holds (macros/pages/progress.py renders every row, total, bar and link for
 * a reader with no progress; this fills in theirs), the "what next" links, and one reset per
 * kind of progress. Counts come from assets/questions.json and the saved keys (core.js), so a
 * key of a question or checklist item that no longer exists counts for nothing.
 * core.js loads it on the page with [data-progress="overview"]; it starts through guide.onPage.
 */
(function () {
  "use strict";

  var guide = window.guide, store = guide.store, PREFIX = guide.PREFIX;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var KINDS = {
    practised: { noun: ["practised mark", "practised marks"], done: "Practised marks cleared" },
    check: { noun: ["checklist tick", "checklist ticks"], done: "Checklist ticks cleared" },
    card: { noun: ["flashcard", "flashcards"], done: "Flashcards reset: every card is new again" }
  };

  function plural(n, words) { return n + " " + words[n === 1 ? 0 : 1]; }
  function dayText(d) { return MONTHS[d.getMonth()] + " " + d.getDate() + ", " + d.getFullYear(); }

  /* The saved keys of one kind ("practised", "check", "card"), without the prefix. */
  function savedOf(kind) {
    var pre = PREFIX + kind + ".", out = [];
    store.keys().forEach(function (k) { if (k.indexOf(pre) === 0) out.push(k.slice(pre.length)); });
    return out;
  }

  function readCard(id) {
    try {
      var c = JSON.parse(store.get(PREFIX + "card." + id));
      return c && typeof c.due === "number" && isFinite(c.due) ? c : null;
    } catch (e) { return null; }
  }

  /* Everything the page shows, from the question records and the saved progress. */
  function tally(root, data, now) {
    var practised = {}, known = {};
    data.questions.forEach(function (q) { known[q.id] = q; });
    savedOf("practised").forEach(function (id) { if (known[id] && store.get(PREFIX + "practised." + id) === "1") practised[id] = true; });
    var counts = {}, totals = {};
    function add(key, isDone) { totals[key] = (totals[key] || 0) + 1; counts[key] = (counts[key] || 0) + (isDone ? 1 : 0); }
    data.questions.forEach(function (q) {
      var p = !!practised[q.id];
      add("all:questions", p);
      add("topic:" + q.topics[0], p);           // the home topic comes first (macros/outputs/bank.py records)
      q.rounds.forEach(function (r) { add("round:" + r, p); });
      add("difficulty:" + q.difficulty, p);
    });
    var ticked = 0, items = 0;
    root.ownerDocument.querySelectorAll('[data-count^="checklist:"]').forEach(function (el) {
      var cid = el.getAttribute("data-count").slice("checklist:".length);
      var ids = (el.getAttribute("data-items") || "").split(" ").filter(Boolean);
      var done = ids.filter(function (iid) { return store.get(PREFIX + "check." + cid + "." + iid) === "1"; }).length;
      counts["checklist:" + cid] = done; totals["checklist:" + cid] = ids.length;
      ticked += done; items += ids.length;
    });
    counts["all:checklists"] = ticked; totals["all:checklists"] = items;

    var end = new Date(now); end.setHours(23, 59, 59, 999);
    var cards = { due: 0, later: 0, fresh: 0, next: Infinity };
    data.questions.forEach(function (q) {
      var c = readCard(q.id);
      if (!c) cards.fresh++;
      else if (c.due <= end.getTime()) cards.due++;
      else { cards.later++; cards.next = Math.min(cards.next, c.due); }
    });
    var days = guide.activity.days();
    return { counts: counts, totals: totals, cards: cards, days: days,
      streak: guide.activity.streak(days, now) };
  }

  function setBar(countEl, done, total) {
    var row = countEl.closest("tr");
    var fill = row && row.querySelector(".progress-bar__fill");
    if (fill) fill.style.width = (total ? Math.round(100 * done / total) : 0) + "%";
  }

  function show(root, data) {
    var doc = root.ownerDocument, now = new Date(), t = tally(root, data, now);
    doc.querySelectorAll("[data-count]").forEach(function (el) {
      var key = el.getAttribute("data-count"), done = t.counts[key] || 0, total = t.totals[key] || 0;
      el.textContent = done + " of " + total;
      el.setAttribute("data-done", String(done));
      setBar(el, done, total);
    });
    function stat(name, text) { var el = doc.querySelector('[data-stat="' + name + '"]'); if (el) el.textContent = text; }
    stat("due", String(t.cards.due));
    stat("cards-due", String(t.cards.due));
    stat("cards-later", String(t.cards.later));
    stat("cards-new", String(t.cards.fresh));
    var last = t.days.length ? guide.activity.parseDay(t.days[t.days.length - 1]) : null;
    var today = guide.activity.isoDay(now), yest = new Date(now); yest.setDate(yest.getDate() - 1);
    stat("last", !last ? "not yet" : dayText(last) + (t.days[t.days.length - 1] === today ? " (today)"
      : t.days[t.days.length - 1] === guide.activity.isoDay(yest) ? " (yesterday)" : ""));
    stat("streak", plural(t.streak, ["day", "days"]));
    stat("cards-next", t.cards.due ? plural(t.cards.due, ["card is", "cards are"]) + " due today."
      : t.cards.next !== Infinity ? "Nothing due today; the next card is due " + dayText(new Date(t.cards.next)) + "."
      : t.cards.fresh === data.questions.length ? "No card reviewed yet." : "Nothing due.");
    nextSteps(doc, t);
    doc.querySelectorAll("[data-reset]").forEach(function (b) {
      var kind = b.getAttribute("data-reset");
      var n = kind === "card" ? data.questions.length - t.cards.fresh
        : kind === "check" ? t.counts["all:checklists"] : t.counts["all:questions"];
      b.setAttribute("data-saved", String(n));
      b.disabled = !store.ok || n === 0;
    });
  }

  function point(doc, kind, text, href, why) {
    var a = doc.querySelector('[data-next="' + kind + '"]'), w = doc.querySelector('[data-next-why="' + kind + '"]');
    if (a) { a.textContent = text; if (href) a.setAttribute("href", href); }
    if (w) w.textContent = why;
  }

  /* The least-practised topic, the due cards, a checklist to finish (or start). */
  function nextSteps(doc, t) {
    var best = null;
    doc.querySelectorAll('[data-count^="topic:"]').forEach(function (el, i) {
      var key = el.getAttribute("data-count"), done = t.counts[key] || 0, total = t.totals[key] || 0;
      if (!total) return;
      var score = [done / total, done, i];
      if (!best || score[0] < best.score[0] || (score[0] === best.score[0] && score[1] < best.score[1])) {
        best = { score: score, el: el, done: done, total: total };
      }
    });
    if (best) {
      var link = best.el.closest("tr").querySelector("a[href]");
      var name = link ? link.textContent : "";
      if (best.done === best.total) {
        point(doc, "topic", "Practise " + name + " again", link && link.href, "every question in every topic is marked practised");
      } else {
        point(doc, "topic", "Practise " + name, link && link.href, best.done
          ? best.done + " of its " + best.total + " questions practised, the smallest share of any topic"
          : "none of its " + best.total + " questions practised yet");
      }
    }
    var c = t.cards;
    if (c.due) point(doc, "cards", "Review the " + plural(c.due, ["flashcard", "flashcards"]) + " due today", null, "due now or later today");
    else if (c.next !== Infinity) {
      point(doc, "cards", c.fresh ? "Learn new flashcards" : "Open the flashcards", null,
        "nothing due today; the next review is on " + dayText(new Date(c.next)));
    }
    else point(doc, "cards", "Start the flashcards", null, "spaced review of every question, a few minutes a day");

    var lists = Array.prototype.slice.call(doc.querySelectorAll('[data-count^="checklist:"]'));
    function state(el) { var k = el.getAttribute("data-count"); return { el: el, done: t.counts[k] || 0, total: t.totals[k] || 0 }; }
    var all = lists.map(state);
    var started = all.filter(function (s) { return s.done > 0 && s.done < s.total; });
    var fresh = all.filter(function (s) { return s.done === 0 && s.total > 0; });
    var pick = started[0] || fresh[0];
    if (pick) {
      var a = pick.el.closest("tr").querySelector("a[href]"), title = pick.el.getAttribute("data-title");
      point(doc, "checklist", (pick.done ? "Finish “" : "Start “") + title + "”", a && a.href,
        pick.done ? pick.done + " of " + pick.total + " items ticked" : "no item ticked yet");
    } else if (all.length) {
      point(doc, "checklist", "Review your checklists", null, "every item of every checklist is ticked");
    }
  }

  function reset(root, data, kind, status) {
    var n = savedOf(kind).length, k = KINDS[kind];
    if (!window.confirm("Clear " + (n === 1 ? "the " : "all " + n + " ") + k.noun[n === 1 ? 0 : 1] +
      " saved in this browser? This cannot be undone; export your progress first to keep a copy.")) return;
    savedOf(kind).forEach(function (id) { store.del(PREFIX + kind + "." + id); });
    status.textContent = k.done + " (" + n + " removed).";
    guide.emit("progress-reset", { kind: kind });
    show(root, data);
  }

  function start(root) {
    guide.loadJSON("assets/questions.json").then(function (data) {
      if (!document.body.contains(root)) return;
      var status = document.querySelector(".progress-reset-status");
      document.querySelectorAll("[data-reset]").forEach(function (b) {
        b.addEventListener("click", function () { reset(root, data, b.getAttribute("data-reset"), status); });
      });
      show(root, data);
      root.setAttribute("data-ready", "");
      function again() { show(root, data); }
      guide.on("progress-imported", again, root);   // guide.js replaced the progress from a file
      guide.on("practised", again, root);
      window.addEventListener("storage", function onStorage() {     // another tab saved something
        if (!document.body.contains(root)) { window.removeEventListener("storage", onStorage); return; }
        again();
      });
    }, function () {
      var status = document.querySelector(".progress-reset-status");
      if (status) status.textContent = "The question list could not be loaded, so the counts stay empty. Reload the page to try again.";
    });
  }

  guide.onPage(function () {
    var root = document.querySelector('[data-progress="overview"]');
    if (root && !root.hasAttribute("data-started")) { root.setAttribute("data-started", ""); start(root); }
  });
})();
