/* Offline reading: registers the service worker (sw.js at the site root) and tells the reader
 * when a newer version of the guide has been published.
 *
 * The worker (docs/sw.js) stores the whole build on the first visit and serves pages from the
 * network first, so a reader online always sees the deployed page. A page that stays open
 * across a deploy, or that came from the saved copy while offline, is older than the site:
 * when the new build's worker takes over, a notice says so and offers a reload.
 *
 * Where the page comes from disk (file://, the downloadable copy) or over plain HTTP from
 * another host, service workers are not available and this does nothing.
 */
(function () {
  "use strict";

  if (!("serviceWorker" in navigator) || !window.isSecureContext || location.protocol === "file:") return;

  // The site root, from this script's own address (<root>/assets/offline.js), so that the
  // worker's scope is the site wherever it is served (a sub-path on GitHub Pages).
  var script = document.currentScript;
  var root = new URL("../", script && script.src ? script.src : location.href);
  var container = navigator.serviceWorker;
  var controlled = !!container.controller;
  var registration = null;

  function updateNotice() {
    if (document.querySelector(".guide-update")) return;
    var bar = document.createElement("div");
    bar.className = "guide-update";
    bar.setAttribute("role", "status");
    bar.setAttribute("aria-live", "polite");
    var text = document.createElement("span");
    text.textContent = "A new version of the guide is available. Reload to read it.";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", function () { location.reload(); });
    var later = document.createElement("button");
    later.type = "button";
    later.textContent = "Not now";
    later.addEventListener("click", function () { bar.remove(); });
    bar.appendChild(text);
    bar.appendChild(reload);
    bar.appendChild(later);
    document.body.appendChild(bar);
  }

  // A new build's worker took over this page (it activates at once and claims open pages).
  // The first worker taking control of a page that had none is not news: nothing is shown.
  container.addEventListener("controllerchange", function () {
    if (controlled) updateNotice();
    controlled = true;
  });

  function checkForUpdate() {
    if (registration && navigator.onLine !== false) registration.update().catch(function () { /* offline */ });
  }

  container.register(new URL("sw.js", root).href, { scope: root.pathname }).then(function (reg) {
    registration = reg;
    // A full page load checks for a new worker by itself; Material's instant navigation
    // loads pages without one, so each page it shows checks too (the first is this one).
    if (window.document$ && typeof window.document$.subscribe === "function") {
      var first = true;
      window.document$.subscribe(function () {
        if (first) { first = false; return; }
        checkForUpdate();
      });
    }
    window.addEventListener("online", checkForUpdate);
  }).catch(function () { /* no saved copy (private mode, storage full): the site still works online */ });
})();
