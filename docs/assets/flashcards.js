/* The flashcards page: spaced review (Leitner boxes) of a deck from the question data, one
 * saved entry per card (aipg.v1.card.<id>, see core.js), exported and imported with the rest
 * of the progress. The scheduler is practice-core.js. core.js loads both on a page with #flashcards.
 */
(function () {
  "use strict";

  var P = window.guidePractice, ui = P.ui;
  var loadData = ui.loadData;
  var el = ui.el;
  var fragment = ui.fragment;
  var button = ui.button;
  var labelled = ui.labelled;
  var select = ui.select;
  var failed = ui.failed;
  var PREFIX = ui.PREFIX;
  var storage = ui.storage;
  var schedule = P.schedule;
  var reviewQueue = P.reviewQueue;
  var find = P.find, DAY = P.DAY, MINUTE = P.MINUTE, siteBase = ui.siteBase;
  var review = null;        // the flashcard review on the current page, for the keyboard

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
    // The card takes focus (a click on it, or Tab) and its keys work only while it, or a
    // control in it, has focus: elsewhere Space scrolls the page and digits are digits.
    var card = el("section", { className: "practice-card", "aria-label": "Flashcard", tabindex: "0",
                               "aria-keyshortcuts": "Space 1 2 3 4", "aria-describedby": "fc-keys" });
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
    var help = el("p", { className: "practice-help", id: "fc-keys" },
      "Keys, once the card has focus (click it or Tab to it): Space shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy.");
    // A click anywhere on the card (not on its links or buttons) gives it focus for the keys.
    card.addEventListener("click", function (e) {
      if (!e.target.closest("a, button") && !card.contains(document.activeElement)) card.focus({ preventScroll: true });
    });
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
    // guide.js replaced the saved progress from a file: start over with it.
    window.guide.on("progress-imported", start, host);
    review = { root: host, card: card, flip: flip, grade: grade, flipped: function () { return flipped; } };
    start();
  }

  document.addEventListener("keydown", function (e) {
    if (!review || !document.body.contains(review.root) || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (!t || !review.card.contains(t)) return;  // only while the card or a control in it has focus
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName) || t.isContentEditable) return;
    if (e.key === " " && !review.flipped()) {
      if (t.tagName === "A") return;
      e.preventDefault();
      review.flip();
    } else if (/^[1-4]$/.test(e.key) && review.flipped()) {
      e.preventDefault();
      review.grade(["again", "hard", "good", "easy"][Number(e.key) - 1]);
    }
  });

  window.guide.onPage(function () {
    review = null;
    var cards = document.getElementById("flashcards");
    if (cards && !cards.hasAttribute("data-ready")) { cards.setAttribute("data-ready", ""); initCards(cards); }
  });
})();
