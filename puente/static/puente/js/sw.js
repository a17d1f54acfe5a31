/* Puente's service worker, served at /sw.js (docs/offline.md).
   - The liaison's field pages (the contact form, recent contacts, event attendance)
     come from the network when there is one and from the phone's cache when not.
   - Static files the pages listed are served from the cache.
   - Background Sync sends the queue when the connection returns.
   Every other request goes to the network untouched. */
/* global PuenteQueue */
importScripts("/static/puente/js/offline-store.js");

var CACHE = PuenteQueue.CACHE;
var FIELD_PAGE = new RegExp(
  "^/(?:[a-z]{2}(?:-[a-z]+)?/)?workspace/[^/]+/outreach/" +
  "(?:contacts/new/|field/contacts/|field/event/)$"
);

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("puente-") === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function pageKey(url) {
  return url.origin + url.pathname;
}

function networkFirst(request, url) {
  return fetch(request).then(function (response) {
    // Only a page the signed-in liaison actually got: never a redirect to sign in.
    if (response.status === 200 && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(pageKey(url), copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(pageKey(url)).then(function (cached) {
      return cached || Response.error();
    });
  });
}

function cacheFirst(request) {
  return caches.match(request, { ignoreSearch: false }).then(function (cached) {
    return cached || fetch(request);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return;
  if (FIELD_PAGE.test(url.pathname)) {
    event.respondWith(networkFirst(request, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  }
});

function tellPages(outcome) {
  return self.clients.matchAll({ type: "window" }).then(function (pages) {
    pages.forEach(function (page) {
      page.postMessage({ type: "puente-queue", outcome: outcome });
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== PuenteQueue.SYNC_TAG) return;
  event.waitUntil(PuenteQueue.sendAll().then(function (outcome) {
    return tellPages(outcome).then(function () {
      // Ask the browser to try again later unless everything went or needs a person.
      if (outcome.state === "offline" || outcome.state === "error") {
        throw new Error("queue not sent");
      }
    });
  }));
});
