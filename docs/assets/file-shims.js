/* The downloadable copy, opened from disk (file://): two things Chromium refuses there.
 *
 * Loaded only by that build (`make offline-zip`; macros/outputs/offline.py puts it where Material's
 * offline plugin would load a shim from a third-party host), in the head, before the theme's
 * bundle, and only acts on file:// pages.
 *
 * 1. A Web Worker cannot start from a file. Material runs its search in one, so `Worker` is
 *    replaced here by a stand-in that runs the same script in a hidden frame of this page and
 *    passes the same messages: the search works, on the main thread's time.
 * 2. `fetch` of a file fails. The practice pages fetch assets/practice.json; that build also
 *    writes the same data as a script (assets/practice-data.js), which a <script> may load
 *    from disk, and the fetch is answered from it.
 */
(function () {
  "use strict";

  if (location.protocol !== "file:") return;

  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var s = doc.createElement("script");
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      (doc.head || doc.documentElement).appendChild(s);
    });
  }

  function copy(data) {
    // A worker receives a copy of each message, never the sender's object.
    return typeof structuredClone === "function" ? structuredClone(data) : data;
  }

  // ---- 1. a worker in a frame ----------------------------------------------------

  function FrameWorker(url) {
    var target = new EventTarget();
    var self = this;
    var queue = [];
    var ready = false;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.setAttribute("tabindex", "-1");
    frame.title = "Search";
    (document.body || document.documentElement).appendChild(frame);
    var inner = frame.contentWindow;

    function toPage(data) {
      setTimeout(function () {
        var event = new MessageEvent("message", { data: copy(data) });
        if (typeof self.onmessage === "function") self.onmessage(event);
        target.dispatchEvent(event);
      }, 0);
    }
    function toWorker(data) {
      setTimeout(function () {
        inner.dispatchEvent(new inner.MessageEvent("message", { data: copy(data) }));
      }, 0);
    }

    // Inside the frame, the worker's global postMessage answers this page.
    inner.postMessage = toPage;
    inner.importScripts = function () {
      throw new Error("importScripts is not available to a worker run from disk");
    };

    loadScript(inner.document, new URL(String(url), location.href).href).then(function () {
      ready = true;
      queue.splice(0).forEach(toWorker);
    }, function (error) {
      var event = new ErrorEvent("error", { message: error.message });
      if (typeof self.onerror === "function") self.onerror(event);
      target.dispatchEvent(event);
    });

    this.postMessage = function (data) { if (ready) toWorker(data); else queue.push(data); };
    this.terminate = function () { frame.remove(); };
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.onmessage = null;
    this.onerror = null;
  }

  window.Worker = FrameWorker;

  // ---- 2. the practice data --------------------------------------------------------

  var realFetch = window.fetch.bind(window);
  var practice = null;

  window.fetch = function (input, init) {
    var address = typeof input === "string" || input instanceof URL ? String(input) : input && input.url;
    var url = new URL(address, location.href);
    if (url.protocol !== "file:" || !/\/assets\/practice\.json$/.test(url.pathname)) return realFetch(input, init);
    if (!practice) {
      practice = loadScript(document, new URL("practice-data.js", url).href).then(function () {
        if (!window.__guidePracticeData) throw new Error("assets/practice-data.js holds no data");
        return JSON.stringify(window.__guidePracticeData);
      });
      practice.catch(function () { practice = null; });
    }
    return practice.then(function (text) {
      return new Response(text, { status: 200, headers: { "Content-Type": "application/json" } });
    });
  };
})();
