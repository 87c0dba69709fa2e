/* The guide's reader features on every page: checklists that remember, progress export and
 * import, printing, a question page's controls, practised marks, old addresses forwarded.
 *
 * Progressive enhancement: without JavaScript every checklist is a readable list with
 * disabled boxes. Saved progress goes through core.js (`guide.store`; its keys are listed
 * there). Runs on every page through guide.onPage (Material's instant navigation).
 */
(function () {
  "use strict";

  var guide = window.guide, store = guide.store, PREFIX = guide.PREFIX;
  var FORMAT = "ai-platform-interview-guide-progress";
  var MAX_IMPORT_BYTES = 1024 * 1024;
  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var KEY = new RegExp("^aipg\\.v1\\.(check\\." + SLUG + "\\." + SLUG + "|practised\\." + SLUG +
    "|card\\." + SLUG + "|activity)$");

  /* A card entry is a small JSON object, the activity entry a list of days; every other
     entry is the string "1". */
  function validEntry(key, value) {
    if (!KEY.test(key) || typeof value !== "string") return false;
    if (key === PREFIX + "activity") {
      try { return guide.activity.valid(JSON.parse(value)); } catch (e) { return false; }
    }
    if (key.indexOf(PREFIX + "card.") === 0) {
      try {
        var c = JSON.parse(value);
        return c !== null && typeof c === "object" && Number.isInteger(c.box) && c.box >= 0 && c.box <= 10 &&
          typeof c.due === "number" && isFinite(c.due);
      } catch (e) { return false; }
    }
    return value === "1";
  }

  /* Drop damaged entries one by one, so one bad value never costs the rest. */
  function repairStorage() {
    var damaged = [];
    store.keys().forEach(function (k) {
      if (k.indexOf(PREFIX) !== 0) return;             // other versions are left alone
      if (!validEntry(k, store.get(k))) { store.del(k); damaged.push(k); }
    });
    return damaged;
  }

  function exportProgress() {
    var entries = {};
    store.keys().forEach(function (k) { if (k.indexOf(PREFIX) === 0) entries[k] = store.get(k); });
    return { format: FORMAT, version: 1, exported: new Date().toISOString(), entries: entries };
  }

  /* Returns an error message, or null after replacing the saved progress. */
  function importProgress(text) {
    if (text.length > MAX_IMPORT_BYTES) return "That file is too large to be a progress export (over 1 MB).";
    var data;
    try { data = JSON.parse(text); } catch (e) { return "That file is not JSON, so nothing was imported."; }
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      return "That file is not a progress export from this guide, so nothing was imported.";
    }
    if (data.version !== 1) return "That export has version " + JSON.stringify(data.version) +
      "; this guide reads version 1. Nothing was imported.";
    var entries = data.entries;
    if (!entries || typeof entries !== "object" || Array.isArray(entries)) {
      return "That export has no entries list, so nothing was imported.";
    }
    var keys = Object.keys(entries);
    for (var i = 0; i < keys.length; i++) {
      if (!validEntry(keys[i], entries[keys[i]])) {
        return "That export has a damaged entry (" + keys[i].slice(0, 80) + "), so nothing was imported.";
      }
    }
    store.keys().forEach(function (k) { if (k.indexOf(PREFIX) === 0) store.del(k); });
    keys.forEach(function (k) { store.put(k, entries[k]); });  // restoring is not studying: no activity
    return null;
  }

  // ---- notices ---------------------------------------------------------------

  /* One message at a time, shown where the reader is looking: right after `near` (the panel
     whose button was used) or, with none, at the top of the page. It is a live region, so
     screen readers announce it: errors at once (alert), the rest politely (status). It stays
     a direct child of the page's content. */
  function notice(content, text, near, isError) {
    content.querySelectorAll(".guide-notice[data-guide-notice]").forEach(function (old) { old.remove(); });
    var n = document.createElement("p");
    n.className = "guide-notice" + (isError ? " guide-notice--error" : "");
    n.setAttribute("data-guide-notice", "");
    n.setAttribute("role", isError ? "alert" : "status");
    n.setAttribute("aria-live", isError ? "assertive" : "polite");
    n.setAttribute("aria-atomic", "true");
    n.textContent = text;
    if (near && near.parentNode === content) content.insertBefore(n, near.nextSibling);
    else content.insertBefore(n, content.firstChild);
    if (near && n.scrollIntoView) n.scrollIntoView({ block: "nearest" });
    return n;
  }

  // ---- checklists ------------------------------------------------------------

  /* The checklist's toolbar (progress and Reset) comes with the page's HTML, disabled, so
     nothing shifts here; this enables it and the boxes. Run again (after an import), it
     only reads the ticks back from storage. */
  function initChecklist(box) {
    var cid = box.getAttribute("data-checklist");
    var items = Array.prototype.slice.call(box.querySelectorAll(".checklist-item[data-item]"));
    function key(iid) { return PREFIX + "check." + cid + "." + iid; }
    function inputOf(marker) { return marker.parentNode.querySelector("input[type=checkbox]"); }
    function labelOf(marker) { return marker.parentNode.querySelector("label.checklist-label"); }
    var progress = box.querySelector(".checklist-toolbar .checklist-progress");
    var reset = box.querySelector(".checklist-toolbar button");
    if (!progress || !reset) return;  // rendered by the checklist macro; never missing
    function update() {
      var done = items.filter(function (m) { var i = inputOf(m); return i && i.checked; }).length;
      progress.textContent = done + " of " + items.length + " done";
      box.setAttribute("data-done", String(done));
    }

    var ids = {};
    items.forEach(function (marker) {
      var iid = marker.getAttribute("data-item");
      ids[iid] = true;
      var input = inputOf(marker);
      if (!input) return;
      input.checked = store.get(key(iid)) === "1";
      if (box.hasAttribute("data-ready")) return;
      input.disabled = false;
      // The item's words label the box: a click on them ticks it (not on their links: the
      // browser leaves those alone), and they alone are its accessible name.
      var label = labelOf(marker);
      if (label) {
        input.id = "check-" + cid + "--" + iid;  // slugs never hold "--": unique per page
        label.htmlFor = input.id;
        label.addEventListener("click", function (e) {
          // Dragging across the words to select them is not a tick.
          var sel = window.getSelection();
          if (e.detail === 1 && sel && !sel.isCollapsed && label.contains(sel.anchorNode)) e.preventDefault();
        });
        // The gaps between wrapped lines of the words belong to the item, not the label.
        var item = marker.closest("li");
        if (item) item.addEventListener("click", function (e) { if (e.target === item) label.click(); });
      }
      input.addEventListener("change", function () {
        if (input.checked) store.set(key(iid), "1"); else store.del(key(iid));
        update();
      });
    });

    // Items removed from the data since the reader ticked them are dropped quietly.
    store.keys().forEach(function (k) {
      var pre = PREFIX + "check." + cid + ".";
      if (k.indexOf(pre) === 0 && !ids[k.slice(pre.length)]) store.del(k);
    });

    if (!box.hasAttribute("data-ready")) {
      var pick = box.querySelector(".checklist-pick-box");
      if (pick) {
        pick.disabled = false;
        pick.addEventListener("change", function () { showPrintScope(box.closest(".md-content__inner")); });
      }
      reset.disabled = false;
      reset.addEventListener("click", function () {
        if (!window.confirm("Untick every item in this checklist? This cannot be undone.")) return;
        items.forEach(function (m) {
          store.del(key(m.getAttribute("data-item")));
          var input = inputOf(m);
          if (input) input.checked = false;
        });
        update();
      });
      box.setAttribute("data-ready", "1");
    }
    update();
  }

  function printWith(blank) {
    document.body.classList.toggle("print-blank", blank);
    window.print();
  }

  /* Which lists a print holds: those whose "Print this list" is ticked, or all of them when
     none is. The choice lasts while the page is open (it is not saved progress). */
  function pickedLists(content) {
    return Array.prototype.filter.call(content.querySelectorAll(".checklist[data-checklist]"), function (c) {
      var pick = c.querySelector(".checklist-pick-box");
      return pick && pick.checked;
    });
  }

  function showPrintScope(content) {
    var scope = content && content.querySelector(".guide-print-scope");
    if (!scope) return;
    var all = content.querySelectorAll(".checklist[data-checklist]").length, picked = pickedLists(content).length;
    scope.textContent = picked
      ? "Prints " + picked + " of " + all + " list" + (all === 1 ? "" : "s") + ": the ones ticked \u201cPrint this list\u201d."
      : "Prints every list on the page; tick \u201cPrint this list\u201d on a list to print only the ones you pick.";
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "guide-button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  /* One panel per page: print choices and progress export/import. The page renders it
     (progress_panel in macros/pages/render.py) with disabled buttons that hold its place, so
     nothing shifts; this fills it in with working ones. */
  function progressPanel(content, panel, withPrint) {
    if (panel.hasAttribute("data-ready")) return;  // again after an import: keep the focused button
    panel.setAttribute("data-ready", "");
    var scope = panel.querySelector(".guide-print-scope");  // rendered with the page: kept
    panel.textContent = "";
    panel.className = "checklist-toolbar guide-progress";
    panel.setAttribute("role", "group");
    panel.setAttribute("aria-label", withPrint ? "Saved progress and printing" : "Saved progress");
    if (withPrint) {  // print choices only where there are boxes to print
      panel.appendChild(button("Print with my ticks", function () { printWith(false); }));
      panel.appendChild(button("Print blank", function () { printWith(true); }));
    }
    panel.appendChild(button("Export progress", function () {
      var blob = new Blob([JSON.stringify(exportProgress(), null, 2)], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "interview-guide-progress.json";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    }));
    var file = document.createElement("input");
    file.type = "file";
    file.accept = "application/json,.json";
    file.hidden = true;
    file.setAttribute("aria-label", "Progress file to import");
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      if (f.size > MAX_IMPORT_BYTES) {
        notice(content, "That file is too large to be a progress export (over 1 MB).", panel, true);
        file.value = "";
        return;
      }
      f.text().then(function (text) {
        var error = importProgress(text);
        if (error) { notice(content, error, panel, true); return; }
        init();
        notice(content, "Progress imported.", panel, false);
        guide.emit("progress-imported");
      });
      file.value = "";
    });
    panel.appendChild(button("Import progress", function () {
      if (window.confirm("Importing replaces the progress saved in this browser. Continue?")) file.click();
    }));
    panel.appendChild(file);
    if (withPrint && scope) { panel.appendChild(scope); showPrintScope(content); }
  }

  /* Printing shows the address of links that leave the guide, and of no other: instant
     navigation makes every href absolute, so CSS alone cannot tell them apart. */
  function markExternalLinks(content) {
    function bare(u) { return u.trim().replace(/^https?:\/\/(www\.)?/, "").replace(/\/$/, ""); }
    content.querySelectorAll("a[href]").forEach(function (a) {
      var out = /^https?:$/.test(a.protocol) && a.host !== location.host;
      // ...unless its words already are the address ("example.com/book" for https://example.com/book/).
      a.classList.toggle("guide-external", out && bare(a.textContent) !== bare(a.href));
    });
  }

  /* Wide drawings, tables and code scroll inside their own box (never cut off, never
     widening the page). Where one is wider than the screen its edge fades on the side there
     is more to see, until the reader scrolls to that end; a box that scrolls can take
     keyboard focus, so arrow keys scroll it too. Attributes only: nothing moves. */
  var SCROLL_BOXES = "figure.diagram pre.diagram-art, .md-typeset__scrollwrap, .iv-scroll, .highlight pre > code";

  function markScrollBox(box) {
    var more = box.scrollWidth - box.clientWidth > 1;
    if (!more) { box.removeAttribute("data-scroll"); return; }
    var left = box.scrollLeft > 1, right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
    box.setAttribute("data-scroll", left && right ? "both" : left ? "left" : "right");
    if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
  }

  function markScrollBoxes(content) {
    content.querySelectorAll(SCROLL_BOXES).forEach(function (box) {
      markScrollBox(box);
      if (!box.hasAttribute("data-scroll-watched")) {
        box.setAttribute("data-scroll-watched", "");
        box.addEventListener("scroll", function () { markScrollBox(box); }, { passive: true });
      }
    });
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      var content = document.querySelector(".md-content__inner");
      if (content) markScrollBoxes(content);
    }, 100);
  });

  /* Material's search dialog and page-load progress bar have no accessible name; both
     only work with JavaScript, so naming them here covers every case they appear in. */
  function nameThemeWidgets() {
    var names = [[".md-search[role=dialog]", "Search"], [".md-progress[role=progressbar]", "Loading page"]];
    names.forEach(function (n) {
      var el = document.querySelector(n[0]);
      if (el && !el.hasAttribute("aria-label")) el.setAttribute("aria-label", n[1]);
    });
  }

  // ---- questions: old addresses, practised marks, the question page's controls -----------

  /* A question used to be a section of its topic page (topic/#<id>, topic/#<id>--answer).
     Its row there keeps the id; such an address is forwarded to the question's own page,
     with the section's anchor, which the question page keeps. */
  function forwardOldAnchor(content) {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (!hash) return false;
    var qid = hash.split("--")[0];
    var row = content.querySelector('.q-row[id="' + qid.replace(/[^a-z0-9-]/g, "") + '"]');
    var link = row && row.querySelector("a[href]");
    if (!link) return false;
    location.replace(link.href.split("#")[0] + (hash !== qid ? "#" + hash : ""));
    return true;
  }

  function showPractisedMarks(content) {
    content.querySelectorAll("[data-practised-mark]").forEach(function (mark) {
      mark.hidden = !guide.practised.get(mark.getAttribute("data-practised-mark"));
    });
  }

  function initQuestionActions(content) {
    var actions = content.querySelector("[data-question-actions]");
    if (!actions) return;
    var qid = actions.getAttribute("data-question-actions");
    var box = actions.querySelector("input[data-practised]");
    box.checked = guide.practised.get(qid);
    box.disabled = !store.ok;
    box.addEventListener("change", function () { guide.practised.set(qid, box.checked); });
    var copy = actions.querySelector(".q-copy-link");
    var url = location.href.split("#")[0];
    copy.disabled = false;
    copy.addEventListener("click", function () {
      function done(text) { copy.textContent = text; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () { done("Link copied"); },
          function () { done("Copy failed: " + url); });
      } else {
        done(url);
      }
    });
  }

  function init() {
    nameThemeWidgets();
    var content = document.querySelector(".md-content__inner");
    if (!content) return;
    content.querySelectorAll(".guide-notice[data-guide-notice]").forEach(function (n) { n.remove(); });
    if (forwardOldAnchor(content)) return;
    markExternalLinks(content);
    markScrollBoxes(content);
    var damaged = repairStorage();
    showPractisedMarks(content);
    initQuestionActions(content);
    var boxes = content.querySelectorAll(".checklist[data-checklist]");
    boxes.forEach(initChecklist);
    var panel = content.querySelector("[data-progress-panel]");
    if (panel) progressPanel(content, panel, boxes.length > 0);
    if (damaged.length) {
      notice(content, "Some saved progress in this browser was damaged and has been reset (" +
        damaged.length + " entr" + (damaged.length === 1 ? "y" : "ies") + "). Everything else is kept.");
    }
  }

  // Print shows folded answers too, and only the picked checklists when some are picked
  // (whichever way the print starts: the panel's buttons or the browser's own command).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details:not([open])").forEach(function (d) {
      d.setAttribute("open", ""); d.setAttribute("data-print-opened", "");
    });
    var content = document.querySelector(".md-content__inner");
    var picked = content ? pickedLists(content) : [];
    picked.forEach(function (c) { c.setAttribute("data-print-picked", ""); });
    document.body.classList.toggle("print-picked", picked.length > 0);
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("open"); d.removeAttribute("data-print-opened");
    });
    document.querySelectorAll("[data-print-picked]").forEach(function (c) { c.removeAttribute("data-print-picked"); });
    document.body.classList.remove("print-blank", "print-picked");
  });

  window.guideProgress = { exportProgress: exportProgress, importProgress: importProgress, prefix: PREFIX };

  // A mark changed here or in another script (the bank, the mock loop): show it everywhere.
  document.addEventListener("guide:practised", function () {
    var content = document.querySelector(".md-content__inner");
    if (content) showPractisedMarks(content);
  });

  guide.onPage(init);
})();
