/* Question bank filters: facets (any combination), a text filter, practised marks.
 *
 * The page itself lists every question and holds the form (both rendered at build time, so
 * nothing shifts when this runs). This script enables the controls and shows or hides the
 * list items. Filter state lives in the URL query so a filtered view can be shared.
 */
(function () {
  "use strict";

  var FACETS = [
    { key: "kind", label: "Kind", many: false },
    { key: "difficulty", label: "Difficulty", many: false },
    { key: "rounds", label: "Round", many: true },
    { key: "topics", label: "Topic", many: true },
    { key: "companies", label: "Company", many: true }
  ];

  /* Words match whatever their case, spacing, hyphens, underscores, dots, slashes, quotes or
     brackets: "allreduce" finds "all-reduce", "kv-cache" finds "KV cache". Both sides are
     squashed the same way; "+" and "#" stay, so "C++" is not just "c". */
  var JOINERS = /[\s\u00ad\u200b\p{Pd}\p{Pc}\p{Ps}\p{Pe}\p{Pi}\p{Pf}.,;:!?'"/\\·•]+/gu;
  function squash(text) { return text.toLowerCase().replace(JOINERS, ""); }

  var RANK = { easy: 0, medium: 1, hard: 2 };
  var SORTS = {
    topic: function () { return 0; },
    title: function (a, b) { return a.title < b.title ? -1 : a.title > b.title ? 1 : 0; },
    difficulty: function (a, b) { return RANK[a.facets.difficulty[0]] - RANK[b.facets.difficulty[0]]; },
    minutes: function (a, b) { return a.facets.minutes - b.facets.minutes; },
    practised: function (a, b) { return a.practised() - b.practised(); }
  };

  function readState() {
    var p = new URLSearchParams(location.search);
    /* "words", not "q": Material opens its search box over the page for a ?q= address.
       Links shared before the change still read. */
    var s = { text: p.get("words") || p.get("q") || "", practised: p.get("practised") || "all", hide: p.get("hide") === "1",
              sort: p.get("sort") || "topic" };
    FACETS.forEach(function (f) { s[f.key] = (p.get(f.key) || "").split(",").filter(Boolean); });
    return s;
  }

  function writeState(s) {
    var p = new URLSearchParams();
    FACETS.forEach(function (f) { if (s[f.key].length) p.set(f.key, s[f.key].join(",")); });
    if (s.text) p.set("words", s.text);
    if (s.practised !== "all") p.set("practised", s.practised);
    if (s.hide) p.set("hide", "1");
    if (s.sort !== "topic") p.set("sort", s.sort);
    var query = p.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function itemFacets(marker) {
    var out = { id: marker.getAttribute("data-id"), minutes: parseInt(marker.getAttribute("data-minutes"), 10) || 0 };
    FACETS.forEach(function (f) {
      out[f.key] = (marker.getAttribute("data-" + f.key) || "").split(" ").filter(Boolean);
    });
    return out;
  }

  function matches(item, s, skip, text, practisedOnly) {
    for (var i = 0; i < FACETS.length; i++) {
      var f = FACETS[i];
      if (f.key === skip || !s[f.key].length) continue;
      if (!s[f.key].some(function (v) { return item.facets[f.key].indexOf(v) >= 0; })) return false;
    }
    if (text && item.words().indexOf(text) < 0) return false;
    if (practisedOnly === "no" && item.practised()) return false;
    if (practisedOnly === "yes" && !item.practised()) return false;
    return true;
  }

  function init() {
    var form = document.getElementById("question-bank-filters");
    var list = document.querySelector(".question-bank");
    if (!form || !list || form.getAttribute("data-ready")) return;
    wire(form, list);
    form.querySelector(".qb-controls").disabled = false;
    form.setAttribute("data-ready", "1");
  }

  /* The form and the practised boxes are in the page's HTML (rendered by the question_bank
     macro): this only reads the state from the URL, sets the controls and listens. */
  function wire(form, list) {
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var order = 0;
    var items = Array.prototype.map.call(list.querySelectorAll(".qb-item"), function (marker) {
      var li = marker.closest("li");
      var link = li.querySelector("a");
      var item = { li: li, facets: itemFacets(marker), order: order++,
                   title: (link ? link.textContent : "").trim().toLowerCase() };
      /* The words of the item, read the first time the text filter is used: copying 249 list
         items on every visit cost a phone a long task for a filter most visits never touch. */
      item.words = function () {
        if (item.text === undefined) {
          var copy = li.cloneNode(true), label = copy.querySelector(".qb-practised-label");
          if (label) label.remove();  // "practised" is not a word of the question
          item.text = squash(copy.textContent);
        }
        return item.text;
      };
      item.practised = function () { return window.guide.practised.get(item.facets.id); };
      var box = li.querySelector(".qb-practised");
      if (box) {
        box.disabled = false;
        box.checked = item.practised();
        box.addEventListener("change", function () {
          window.guide.practised.set(item.facets.id, box.checked);
          apply();
        });
      }
      return item;
    });
    var state = readState();

    var text = form.querySelector("#qb-text");
    text.value = state.text;
    text.addEventListener("input", function () { state.text = text.value; apply(); });

    var boxes = {};
    FACETS.forEach(function (f) {
      boxes[f.key] = {};
      var inputs = form.querySelectorAll('fieldset[data-facet="' + f.key + '"] input[type=checkbox]');
      var values = Array.prototype.map.call(inputs, function (box) { return box.value; });
      state[f.key] = state[f.key].filter(function (v) { return values.indexOf(v) >= 0; });
      Array.prototype.forEach.call(inputs, function (box) {
        box.checked = state[f.key].indexOf(box.value) >= 0;
        box.addEventListener("change", function () {
          state[f.key] = values.filter(function (x) { return boxes[f.key][x].box.checked; });
          apply();
        });
        boxes[f.key][box.value] = { box: box, count: box.parentNode.querySelector(".qb-count") };
      });
    });

    var practised = form.querySelector("#qb-practised");
    if (["all", "no", "yes"].indexOf(state.practised) < 0) state.practised = "all";
    practised.value = state.practised;
    practised.addEventListener("change", function () { state.practised = practised.value; apply(); });

    /* Sorting moves the list's items; the page's own order (topic, then title) is "topic".
       Only a change of order sorts: ticking "practised" never moves an item away under the
       reader's finger. */
    var sort = form.querySelector("#qb-sort");
    var ul = items.length ? items[0].li.parentNode : null;
    if (!SORTS[state.sort]) state.sort = "topic";
    sort.value = state.sort;
    function reorder() {
      var by = SORTS[state.sort];
      items.slice().sort(function (a, b) { return by(a, b) || a.order - b.order; })
        .forEach(function (it) { ul.appendChild(it.li); });
    }
    sort.addEventListener("change", function () { state.sort = sort.value; reorder(); apply(); });
    if (ul && state.sort !== "topic") reorder();

    var activeCount = form.querySelector(".qb-filters .qb-active");

    var hide = form.querySelector("#qb-hide");
    hide.checked = state.hide;
    hide.addEventListener("change", function () { state.hide = hide.checked; apply(); });

    var clear = form.querySelector(".qb-clear");  // outside the fieldset: enabled here
    clear.disabled = false;
    clear.addEventListener("click", function () {
      FACETS.forEach(function (f) { state[f.key] = []; Object.keys(boxes[f.key]).forEach(function (v) { boxes[f.key][v].box.checked = false; }); });
      state.text = ""; text.value = ""; state.practised = "all"; practised.value = "all";
      apply();
    });

    /* No match for the words: the bank holds titles and prompts, the guide's search also
       reads the answers ("nvidia-smi" is in answers, not in any prompt). */
    var searchAll = form.querySelector(".qb-search-all");
    searchAll.addEventListener("click", function () { searchGuide(state.text.trim()); });

    var bar = form.querySelector(".qb-bar");
    var status = form.querySelector(".qb-status");

    function apply() {
      var needle = squash(state.text);
      var shown = 0;
      items.forEach(function (it) {
        var ok = matches(it, state, null, needle, state.practised);
        it.li.hidden = !ok;
        if (ok) shown++;
      });
      FACETS.forEach(function (f) {
        Object.keys(boxes[f.key]).forEach(function (v) {
          var n = items.filter(function (it) {
            return it.facets[f.key].indexOf(v) >= 0 && matches(it, state, f.key, needle, state.practised);
          }).length;
          if (boxes[f.key][v].count) boxes[f.key][v].count.textContent = "(" + n + ")";
        });
      });
      document.querySelector(".md-content").classList.toggle("hide-difficulty", state.hide);
      var active = FACETS.reduce(function (n, f) { return n + state[f.key].length; }, 0) +
        (state.practised !== "all" ? 1 : 0);
      if (activeCount) activeCount.textContent = active ? "(" + active + " active)" : "(none active)";
      status.textContent = shown ? "Showing " + shown + " of " + items.length + " questions"
                                 : "No questions match these filters (0 of " + items.length + ")";
      bar.classList.toggle("qb-bar--empty", !shown);
      searchAll.hidden = shown > 0 || !needle;
      searchAll.textContent = "Search the guide for \u201c" + state.text.trim() + "\u201d";
      list.setAttribute("data-shown", String(shown));
      writeState(state);
    }
    /* The page as built is the unfiltered bank (every item shown, every count, the status
       line): only an address with filters needs a first pass over the items. */
    var unfiltered = !state.text && state.practised === "all" && !state.hide &&
      FACETS.every(function (f) { return !state[f.key].length; });
    if (!unfiltered) apply();
    // A shared address whose filters match nothing: bring the count and the way out (Clear
    // filters) on screen, where a short page on a phone can leave them below the fold.
    if (list.getAttribute("data-shown") === "0" && bar.scrollIntoView) bar.scrollIntoView({ block: "nearest" });
  }

  /* Opens Material's search box with the words, as if typed there. */
  function searchGuide(words) {
    var toggle = document.querySelector('input[data-md-toggle="search"]');
    var input = document.querySelector("input.md-search__input");
    if (!toggle || !input) return;
    input.value = words;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
    input.dispatchEvent(new KeyboardEvent("keyup"));
  }

  window.guide.onPage(init);
})();
