/* The guide's service worker: after one visit the whole guide reads offline.
 *
 * It lives at the site root so that its scope is the whole site, wherever the site is
 * served (`/`, or `/<repo>/` on GitHub Pages): the scope is this script's folder, never a
 * fixed path. At the end of every build the engine (macros/outputs/offline.py) writes
 * offline-manifest.json next to it, listing every page, asset and the search index, and
 * writes that build's version into VERSION below; so a new deploy is a new worker.
 *
 *   install   fetch the manifest of this worker's build and store every file it lists in
 *             a cache of that version (all or nothing: a failed file fails the install,
 *             and the browser tries again on a later visit);
 *   activate  delete the caches of older builds, take control of open pages at once;
 *   fetch     pages and our own files: the network first, the cache when the network
 *             fails, so a reader online always gets the page as deployed now, and offline
 *             the copy of the last build they visited; Material's fingerprinted bundles
 *             (a new name per version) from the cache first.
 *
 * The copy is never updated piecemeal: a build's cache holds that build only, so pages,
 * scripts and the search index read offline always belong together. assets/offline.js
 * registers this worker and tells the reader when a newer build has taken over.
 */
"use strict";

var VERSION = "__GUIDE_BUILD_VERSION__";
var PREFIX = "aipg-offline-";
var CACHE = PREFIX + VERSION;
var SCOPE = self.registration.scope;
// The same pattern deploy/nginx.conf caches for a year: Material's bundles carry a content hash.
var FINGERPRINTED = /\/assets\/(?:javascripts|stylesheets)\/(?:[^/]+\/)*[a-z]+\.[0-9a-f]{8}\.min\.(?:js|css)$/;

/* The cache key of a request: no query, no fragment, and `x/index.html` stored as `x/`
   (the manifest lists pages by the address readers use). */
function keyOf(address) {
  var url = new URL(address);
  url.search = "";
  url.hash = "";
  if (/\/index\.html$/.test(url.pathname)) url.pathname = url.pathname.slice(0, -"index.html".length);
  return url.href;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch(new URL("offline-manifest.json", SCOPE).href, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("offline-manifest.json: HTTP " + response.status);
        return response.json();
      })
      .then(function (manifest) {
        // A worker and a manifest of different builds (a deploy between the two requests)
        // would store a mixed copy: refuse, and let the next visit install the new worker.
        if (manifest.version !== VERSION) throw new Error("offline-manifest.json belongs to another build");
        return caches.open(CACHE).then(function (cache) {
          return cache.addAll(manifest.files.map(function (path) {
            return new Request(new URL(path, SCOPE).href, { cache: "no-cache" });
          }));
        });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(PREFIX) === 0 && name !== CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function fromCache(key) {
  return caches.open(CACHE).then(function (cache) { return cache.match(key); });
}

function networkFirst(request, key) {
  return fetch(request).then(function (response) {
    if (response.status < 500) return response;
    return fromCache(key).then(function (cached) { return cached || response; });
  }, function (error) {
    return fromCache(key).then(function (cached) {
      if (cached) return cached;
      // A page the copy does not have: the theme's 404 page says so, offline too.
      if (request.mode === "navigate") {
        return fromCache(new URL("404.html", SCOPE).href).then(function (page) {
          if (page) return new Response(page.body, { status: 404, statusText: "Not Found", headers: page.headers });
          throw error;
        });
      }
      throw error;
    });
  });
}

function cacheFirst(request, key) {
  return fromCache(key).then(function (cached) { return cached || fetch(request); });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var key = keyOf(request.url);
  var path = new URL(key).pathname;
  event.respondWith(FINGERPRINTED.test(path) ? cacheFirst(request, key) : networkFirst(request, key));
});

/* The page asks which build controls it (assets/offline.js; the tests read it too). */
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "version" && event.ports[0]) {
    event.ports[0].postMessage({ version: VERSION, cache: CACHE });
  }
});
