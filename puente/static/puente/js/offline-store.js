/* The queue on the phone: records saved while offline, in IndexedDB, until the
   server has them. Shared by the pages (offline.js) and the service worker (sw.js).
   An item: {uuid, kind, url, user, fields: [[name, value]], summary, created,
   status: "waiting" | "refused", reasons: [..]}. Nothing else is kept here.
   See docs/offline.md. */
(function (scope) {
  "use strict";

  var DB_NAME = "puente-offline";
  var STORE = "queue";
  var CACHE_PREFIX = "puente-";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "uuid" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = action(tx.objectStore(STORE));
        tx.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function list() {
    return run("readonly", function (store) { return store.getAll(); }).then(
      function (items) {
        return (items || []).sort(function (a, b) {
          return a.created < b.created ? -1 : 1;
        });
      }
    );
  }

  function put(item) {
    return run("readwrite", function (store) { store.put(item); });
  }

  function remove(uuid) {
    return run("readwrite", function (store) { store.delete(uuid); });
  }

  /* Everything the field pages left on the phone: the queue and the cached pages. */
  function clearAll() {
    var queue = run("readwrite", function (store) { store.clear(); });
    var caches = scope.caches
      ? scope.caches.keys().then(function (keys) {
          return Promise.all(keys.filter(function (key) {
            return key.indexOf(CACHE_PREFIX) === 0;
          }).map(function (key) { return scope.caches.delete(key); }));
        })
      : Promise.resolve();
    return Promise.all([queue, caches]);
  }

  /* Whether this browser holds a queue at all, without creating one (false when the
     browser cannot tell). */
  function exists() {
    if (!scope.indexedDB.databases) return Promise.resolve(false);
    return scope.indexedDB.databases().then(function (dbs) {
      return dbs.some(function (db) { return db.name === DB_NAME; });
    });
  }

  function uuid4() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var b = scope.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).slice(1);
    }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" +
      h.slice(16, 20) + "-" + h.slice(20);
  }

  /* Ask the endpoint who is signed in, with a CSRF token for the POST. A redirect (a
     sign-in or verification page in between) counts as signed out. */
  function ready(url) {
    return scope.fetch(url, {
      credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (response.status === 200) return response.json();
      return { status: response.status === 0 || response.status === 401 ||
        response.status === 403 || response.type === "opaqueredirect"
        ? "signed_out" : "error" };
    });
  }

  function post(url, token, item) {
    return scope.fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token,
        Accept: "application/json" },
      body: JSON.stringify({ uuid: item.uuid, kind: item.kind, fields: item.fields })
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) return "sent";
      if (response.status === 422) {
        return response.json().then(function (body) {
          item.status = "refused";
          item.reasons = body.reasons || [];
          return put(item).then(function () { return "refused"; });
        });
      }
      if (response.type === "opaqueredirect" || response.status === 401 ||
          response.status === 403) return "signed_out";
      return "error";
    });
  }

  /* Send every waiting record of the signed-in account, one at a time. Resolves to
     {state: "done" | "signed_out" | "offline" | "error", sent, refused}. Records stay
     on the phone unless the server answered that it has them. The pages and the
     service worker take turns (Web Locks), so a record is not sent by two of them at
     once; the server would store it once anyway, but the phone saves the traffic. */
  function sendAll() {
    var locks = scope.navigator && scope.navigator.locks;
    return locks ? locks.request("puente-queue-send", sendWaiting) : sendWaiting();
  }

  function sendWaiting() {
    var outcome = { state: "done", sent: 0, refused: 0 };
    return list().then(function (items) {
      var waiting = items.filter(function (i) { return i.status === "waiting"; });
      var urls = [];
      waiting.forEach(function (i) { if (urls.indexOf(i.url) < 0) urls.push(i.url); });
      return urls.reduce(function (chain, url) {
        return chain.then(function () {
          if (outcome.state !== "done") return;
          return ready(url).then(function (who) {
            if (who.status !== "ready") { outcome.state = who.status; return; }
            var mine = waiting.filter(function (i) {
              return i.url === url && String(i.user) === String(who.user);
            });
            return mine.reduce(function (inner, item) {
              return inner.then(function () {
                if (outcome.state !== "done") return;
                return post(url, who.csrf_token, item).then(function (result) {
                  if (result === "sent") {
                    outcome.sent += 1;
                    return remove(item.uuid);
                  }
                  if (result === "refused") { outcome.refused += 1; return; }
                  outcome.state = result;
                });
              });
            }, Promise.resolve());
          });
        });
      }, Promise.resolve());
    }).catch(function () {
      outcome.state = "offline";
    }).then(function () { return outcome; });
  }

  scope.PuenteQueue = {
    list: list, exists: exists, put: put, remove: remove, clearAll: clearAll, uuid4: uuid4,
    sendAll: sendAll, SYNC_TAG: "puente-queue", CACHE: CACHE_PREFIX + "field-v1"
  };
})(self);
