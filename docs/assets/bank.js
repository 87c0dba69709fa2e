/* Question bank filters: facets (any combination), a text filter, practised marks.
 *
 * The page itself lists every question (readable without JavaScript). This script reads
 * the build-time data file assets/questions.json for the facet labels, then shows or hides
 * the list items. Filter state lives in the URL query so a filtered view can be shared.
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
  var KIND = { "system-design": "System design", coding: "Coding", knowledge: "Knowledge",
    behavioral: "Behavioral", soft: "Soft" };
  var DIFF = { easy: "Easy", medium: "Medium", hard: "Hard" };
  var PRACTISED = "aipg.v1.practised.";

  function siteBase() {
    try { return new URL(JSON.parse(document.getElementById("__config").textContent).base + "/", location.href); }
    catch (e) { return new URL("./", location.href); }
  }

  function readState() {
    var p = new URLSearchParams(location.search);
    var s = { text: p.get("q") || "", practised: p.get("practised") || "all", hide: p.get("hide") === "1" };
    FACETS.forEach(function (f) { s[f.key] = (p.get(f.key) || "").split(",").filter(Boolean); });
    return s;
  }

  function writeState(s) {
    var p = new URLSearchParams();
    FACETS.forEach(function (f) { if (s[f.key].length) p.set(f.key, s[f.key].join(",")); });
    if (s.text) p.set("q", s.text);
    if (s.practised !== "all") p.set("practised", s.practised);
    if (s.hide) p.set("hide", "1");
    var query = p.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function itemFacets(marker) {
    var out = { id: marker.getAttribute("data-id") };
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
    if (text && item.text.indexOf(text) < 0) return false;
    if (practisedOnly === "no" && item.practised()) return false;
    if (practisedOnly === "yes" && !item.practised()) return false;
    return true;
  }

  function init() {
    var host = document.getElementById("question-bank-filters");
    var list = document.querySelector(".question-bank");
    if (!host || !list || host.getAttribute("data-ready")) return;
    host.setAttribute("data-ready", "1");
    fetch(new URL("assets/questions.json", siteBase())).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (data) { build(host, list, data); }).catch(function () {
      host.textContent = "The filters could not load; every question is listed below.";
    });
  }

  function build(host, list, data) {
    var labels = { kind: KIND, difficulty: DIFF, rounds: data.rounds, topics: data.topics, companies: data.companies };
    var items = Array.prototype.map.call(list.querySelectorAll(".qb-item"), function (marker) {
      var li = marker.closest("li");
      var item = { li: li, facets: itemFacets(marker), text: li.textContent.toLowerCase() };
      item.practised = function () { return localStorage.getItem(PRACTISED + item.facets.id) === "1"; };
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "qb-practised";
      box.checked = item.practised();
      var title = li.querySelector("a") ? li.querySelector("a").textContent : item.facets.id;
      box.setAttribute("aria-label", "Practised: " + title);
      box.addEventListener("change", function () {
        if (box.checked) localStorage.setItem(PRACTISED + item.facets.id, "1");
        else localStorage.removeItem(PRACTISED + item.facets.id);
        apply();
      });
      var label = document.createElement("label");
      label.className = "qb-practised-label";
      label.appendChild(box);
      label.appendChild(document.createTextNode(" practised"));
      li.appendChild(label);
      return item;
    });
    var state = readState();
    var form = document.createElement("form");
    form.className = "qb-form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter questions");
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    var text = document.createElement("input");
    text.type = "search";
    text.id = "qb-text";
    text.value = state.text;
    text.placeholder = "Filter by words in the question";
    var textLabel = document.createElement("label");
    textLabel.htmlFor = "qb-text";
    textLabel.textContent = "Words";
    text.addEventListener("input", function () { state.text = text.value; apply(); });
    form.appendChild(textLabel);
    form.appendChild(text);

    var boxes = {};
    FACETS.forEach(function (f) {
      var set = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = f.label;
      set.appendChild(legend);
      var values = Object.keys(labels[f.key]).filter(function (v) {
        return items.some(function (it) { return it.facets[f.key].indexOf(v) >= 0; });
      });
      boxes[f.key] = {};
      values.forEach(function (v) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.value = v;
        box.checked = state[f.key].indexOf(v) >= 0;
        box.addEventListener("change", function () {
          state[f.key] = values.filter(function (x) { return boxes[f.key][x].box.checked; });
          apply();
        });
        var count = document.createElement("span");
        count.className = "qb-count";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + labels[f.key][v] + " "));
        label.appendChild(count);
        set.appendChild(label);
        boxes[f.key][v] = { box: box, count: count };
      });
      form.appendChild(set);
    });

    var practised = document.createElement("select");
    practised.id = "qb-practised";
    [["all", "All questions"], ["no", "Not practised yet"], ["yes", "Practised"]].forEach(function (o) {
      var opt = document.createElement("option");
      opt.value = o[0];
      opt.textContent = o[1];
      practised.appendChild(opt);
    });
    practised.value = state.practised;
    practised.addEventListener("change", function () { state.practised = practised.value; apply(); });
    var pLabel = document.createElement("label");
    pLabel.htmlFor = "qb-practised";
    pLabel.textContent = "Show";
    form.appendChild(pLabel);
    form.appendChild(practised);

    var hide = document.createElement("input");
    hide.type = "checkbox";
    hide.id = "qb-hide";
    hide.checked = state.hide;
    hide.addEventListener("change", function () { state.hide = hide.checked; apply(); });
    var hLabel = document.createElement("label");
    hLabel.htmlFor = "qb-hide";
    hLabel.textContent = " Hide difficulty labels";
    var hWrap = document.createElement("p");
    hWrap.appendChild(hide);
    hWrap.appendChild(hLabel);
    form.appendChild(hWrap);

    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "guide-button";
    clear.textContent = "Clear filters";
    clear.addEventListener("click", function () {
      FACETS.forEach(function (f) { state[f.key] = []; Object.keys(boxes[f.key]).forEach(function (v) { boxes[f.key][v].box.checked = false; }); });
      state.text = ""; text.value = ""; state.practised = "all"; practised.value = "all";
      apply();
    });
    form.appendChild(clear);

    var status = document.createElement("p");
    status.className = "qb-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    host.appendChild(form);
    host.appendChild(status);

    function apply() {
      var needle = state.text.trim().toLowerCase();
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
          boxes[f.key][v].count.textContent = "(" + n + ")";
        });
      });
      document.querySelector(".md-content").classList.toggle("hide-difficulty", state.hide);
      status.textContent = "Showing " + shown + " of " + items.length + " questions";
      list.setAttribute("data-shown", String(shown));
      writeState(state);
    }
    apply();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
