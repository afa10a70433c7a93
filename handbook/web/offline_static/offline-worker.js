/* The handbook's offline copy: a service worker, registered only when a reader asks
 * ("Keep this handbook on this device", handbook/web/offline.py and offline.js).
 * handbook/web/offline.py writes this file at the root of each language's site with
 * OFFLINE filled in: the version, and every file of that language's site, relative to
 * this file. A new build changes the list's hash, so the browser, when online, finds a
 * new worker, which fetches the new version whole before it replaces the old one.
 * Only files of the list are answered, from the cache; nothing else is stored.
 */
"use strict";

var OFFLINE = "__HANDBOOK_OFFLINE__";
var PREFIX = "cse-handbook-offline:";
var MINE = PREFIX + self.registration.scope + ":";
var CACHE = MINE + OFFLINE.hash;
var URLS = OFFLINE.files.map(function (file) {
  return new URL(file, self.location).href;
});
var KNOWN = new Set(URLS);

function keep(cache, url) {
  // "no-cache": the server's copy, never one the browser kept for itself
  return fetch(url, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) {
      throw new Error(url + ": " + response.status);
    }
    // a redirected response cannot answer a page's request: keep a plain copy
    var copy = response.redirected ? new Response(response.body, response) : response;
    return cache.put(url, copy);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return Promise.all(URLS.map(keep.bind(null, cache)));
      })
      .then(function () {
        return self.skipWaiting();
      })
      .catch(function (error) {
        // half a copy is no copy: leave nothing behind
        return caches.delete(CACHE).then(function () {
          throw error;
        });
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        var old = names.filter(function (name) {
          return name.indexOf(MINE) === 0 && name !== CACHE;
        });
        return Promise.all(old.map(caches.delete.bind(caches)));
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function listed(request) {
  var url = new URL(request.url);
  url.search = "";
  url.hash = "";
  if (url.pathname.slice(-1) === "/") {
    url.pathname += "index.html";
  }
  return url.href;
}

self.addEventListener("fetch", function (event) {
  var url = listed(event.request);
  if (event.request.method !== "GET" || !KNOWN.has(url)) {
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then(function (cache) {
        return cache.match(url);
      })
      .then(function (response) {
        return response || fetch(event.request);
      })
  );
});

self.addEventListener("message", function (event) {
  if (event.data === "handbook-offline-version" && event.ports[0]) {
    event.ports[0].postMessage({
      release: OFFLINE.release,
      date: OFFLINE.date,
      hash: OFFLINE.hash,
    });
  }
});
