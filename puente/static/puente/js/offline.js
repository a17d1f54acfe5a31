/* The offline queue on the pages of a signed-in user (docs/offline.md).
   On every page: the count of records waiting on this phone, in the header, and a
   question before signing out discards them (signing out clears the phone's store).
   On a field page (one with the JSON block "puente-offline-config"): the service
   worker, the pages kept for offline use, and the form saved on the phone while there
   is no connection, sent when it returns. Without JavaScript none of this runs and
   the forms post as usual. No inline code: the messages come from a JSON block. */
/* global PuenteQueue */
(function () {
  "use strict";
  if (!window.indexedDB || !window.PuenteQueue || !window.Promise) return;

  var Q = window.PuenteQueue;
  var script = document.currentScript;
  var user = script ? script.getAttribute("data-user") : "";

  function readJSON(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  var t = readJSON("puente-offline-messages") || {};
  var config = readJSON("puente-offline-config");
  var editing = null;
  var sending = false;

  function plural(key, count) {
    var text = t[key + (count === 1 ? "_one" : "_other")] || "";
    return text.replace("{count}", String(count));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  /* The header's count. */
  var badge = null;
  function showCount(items) {
    var tools = document.querySelector(".header-tools");
    if (!badge && tools) {
      badge = el("span", { "class": "queue-badge", id: "offline-count", role: "status" });
      tools.insertBefore(badge, tools.firstChild);
    }
    if (!badge) return;
    badge.textContent = items.length ? plural("waiting", items.length) : "";
    badge.hidden = items.length === 0;
  }

  /* The queue panel of a field page. */
  var panel = document.getElementById("offline-queue");
  var statusLine = document.getElementById("offline-status");
  var itemsList = document.getElementById("offline-items");

  function say(text) {
    if (statusLine) statusLine.textContent = text || "";
  }

  function renderItem(item) {
    var li = el("li", { "class": "offline-item offline-" + item.status,
      "data-uuid": item.uuid });
    var label = item.status === "refused" ? t.refused_label : t.waiting_label;
    li.appendChild(el("strong", {}, label + ": "));
    li.appendChild(document.createTextNode(item.summary || ""));
    if (String(item.user) !== String(user)) {
      li.appendChild(el("p", { "class": "help" }, t.other_account));
    }
    if (item.status === "refused") {
      li.appendChild(el("p", { "class": "error" }, t.refused));
      var reasons = el("ul", { "class": "offline-reasons" });
      (item.reasons || []).forEach(function (r) {
        reasons.appendChild(el("li", { "class": "error" }, r));
      });
      li.appendChild(reasons);
      var actions = el("p", { "class": "actions" });
      if (config && item.kind === config.kind && findForm()) {
        var fix = el("button", { type: "button", "class": "offline-correct" }, t.correct);
        fix.addEventListener("click", function () { correct(item); });
        actions.appendChild(fix);
      }
      var drop = el("button", { type: "button", "class": "offline-discard button-secondary" },
        t.discard);
      drop.addEventListener("click", function () {
        ask(t.discard_one_title, "", t.discard, t.discard_cancel).then(function (yes) {
          if (!yes) return;
          Q.remove(item.uuid).then(function () { say(t.discarded); refresh(); });
        });
      });
      actions.appendChild(drop);
      li.appendChild(actions);
    }
    return li;
  }

  var known = null;  // how many records wait, once read

  function refresh() {
    return Q.list().then(function (items) {
      known = items.length;
      showCount(items);
      if (!panel) return items;
      panel.hidden = false;
      itemsList.textContent = "";
      items.forEach(function (item) { itemsList.appendChild(renderItem(item)); });
      if (!items.length) itemsList.appendChild(el("li", {}, t.nothing_waiting));
      var send = document.getElementById("offline-send");
      if (send) send.hidden = !items.some(function (i) { return i.status === "waiting"; });
      document.documentElement.setAttribute("data-offline-queue", String(items.length));
      return items;
    }).catch(function () { return []; });
  }

  function report(outcome) {
    if (outcome.state === "signed_out") {
      say(t.signed_out);
    } else if (outcome.state === "offline" || outcome.state === "error") {
      say(t.no_connection);
    } else if (outcome.refused) {
      say(t.refused);
    } else if (outcome.sent) {
      say(t.sent);
    }
  }

  function sendNow() {
    if (sending) return Promise.resolve();
    sending = true;
    return Q.list().then(function (items) {
      if (!items.some(function (i) { return i.status === "waiting"; })) return null;
      say(t.sending);
      return Q.sendAll();
    }).then(function (outcome) {
      sending = false;
      if (outcome) report(outcome);
      return refresh();
    }, function () { sending = false; });
  }

  /* A page-level confirmation, as a modal dialog. Resolves to true or false. */
  function ask(title, text, yes, no) {
    return new Promise(function (resolve) {
      if (!window.HTMLDialogElement) { resolve(window.confirm(title + "\n" + text)); return; }
      var dialog = el("dialog", { "class": "offline-dialog", "aria-labelledby": "offline-dialog-title" });
      dialog.appendChild(el("h2", { id: "offline-dialog-title" }, title));
      if (text) dialog.appendChild(el("p", {}, text));
      var actions = el("p", { "class": "actions" });
      var cancel = el("button", { type: "button", "class": "button-secondary" }, no);
      var confirm = el("button", { type: "button" }, yes);
      actions.appendChild(cancel);
      actions.appendChild(confirm);
      dialog.appendChild(actions);
      document.body.appendChild(dialog);
      function done(answer) {
        dialog.close();
        dialog.remove();
        resolve(answer);
      }
      cancel.addEventListener("click", function () { done(false); });
      confirm.addEventListener("click", function () { done(true); });
      dialog.addEventListener("cancel", function (e) { e.preventDefault(); done(false); });
      dialog.showModal();
      cancel.focus();
    });
  }

  /* Signing out clears the phone's store, after asking when something waits. When the
     page already knows nothing waits, the form is not held up. */
  document.querySelectorAll("form[action$='/accounts/logout/']").forEach(function (form) {
    var confirmed = false;
    form.addEventListener("submit", function (event) {
      if (confirmed) return;
      if (known === 0) {
        Q.clearAll().catch(function () {});
        return;
      }
      event.preventDefault();
      Q.list().then(function (items) {
        if (!items.length) return true;
        return ask(t.discard_title, plural("discard", items.length),
          t.discard_confirm, t.discard_cancel);
      }).then(function (yes) {
        if (!yes) return;
        return Q.clearAll().catch(function () {}).then(function () {
          confirmed = true;
          form.submit();
        });
      });
    });
  });

  /* Field pages. */
  function findForm() {
    if (!config) return null;
    return document.querySelector(config.kind === "event" ? "#field-event-form"
      : "form.quick-log");
  }

  function summarize(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit") return;
      if ((field.type === "radio" || field.type === "checkbox")) {
        if (!field.checked) return;
        var label = field.closest("label") ||
          (field.id && document.querySelector("label[for='" + field.id + "']"));
        parts.push(label ? label.textContent.trim() : field.value);
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.selectedOptions, function (o) {
          if (o.value) parts.push(o.textContent.trim());
        });
      } else if (field.value) {
        parts.push(field.value);
      }
    });
    return parts.join(" · ");
  }

  function fill(form, fields) {
    form.reset();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) return;
      var values = fields.filter(function (p) { return p[0] === field.name; })
        .map(function (p) { return p[1]; });
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = values.indexOf(field.value) >= 0;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (o) {
          o.selected = values.indexOf(o.value) >= 0;
        });
      } else if (field.type !== "hidden" && values.length) {
        field.value = values[0];
      }
    });
  }

  function valid(form) {
    var topics = form.querySelectorAll("input[type=checkbox][name=topics]");
    if (topics.length) {
      var any = Array.prototype.some.call(topics, function (c) { return c.checked; });
      topics[0].setCustomValidity(any ? "" : t.topics_required);
    }
    if (form.checkValidity()) return true;
    say(t.invalid);
    form.reportValidity();
    return false;
  }

  function correct(item) {
    var form = findForm();
    editing = item;
    fill(form, item.fields);
    say(t.correcting);
    form.scrollIntoView();
    var first = form.querySelector("input, select");
    if (first) first.focus();
  }

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function freshDate(form) {
    // A page kept since an earlier day still shows that day as the default date.
    var date = form.querySelector("input[type=date][name=date]");
    if (date && date.defaultValue && date.defaultValue < today() &&
        date.value === date.defaultValue) {
      date.value = today();
    }
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(Q.SYNC_TAG);
    }).catch(function () {});
  }

  function queue(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, String(value)]);
    });
    var corrected = !!editing;
    var item = editing || { uuid: Q.uuid4(), created: new Date().toISOString() };
    item.kind = config.kind;
    item.url = config.syncUrl;
    item.user = user;
    item.fields = fields;
    item.summary = summarize(form);
    item.status = "waiting";
    item.reasons = [];
    return Q.put(item).then(function () {
      editing = null;
      form.reset();
      freshDate(form);
      return refresh();
    }).then(function () {
      say(corrected ? t.saved_corrected : t.saved_offline);
      askForSync();
      if (navigator.onLine) sendNow();
    });
  }

  function precache() {
    if (!("caches" in window)) return Promise.resolve();
    return caches.open(Q.CACHE).then(function (cache) {
      return Promise.all(config.precache.map(function (url) {
        return fetch(url, { credentials: "same-origin", redirect: "manual" })
          .then(function (response) {
            if (response.status === 200 && !response.redirected) {
              return cache.put(url, response);
            }
          });
      }));
    });
  }

  if (config) {
    var form = findForm();
    if (form) {
      freshDate(form);
      form.addEventListener("submit", function (event) {
        // Online, the form posts as it always has; only offline or a correction is queued.
        if (navigator.onLine && !editing) return;
        event.preventDefault();
        if (valid(form)) queue(form);
      });
    }
    var send = document.getElementById("offline-send");
    if (send) send.addEventListener("click", sendNow);
    window.addEventListener("online", sendNow);
    window.addEventListener("offline", function () { say(t.no_connection); });
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "puente-queue") {
          report(event.data.outcome);
          refresh();
        }
      });
      var registered = navigator.serviceWorker.register(config.serviceWorker, { scope: "/" })
        .then(function () { return navigator.serviceWorker.ready; });
      var kept = navigator.onLine ? registered.then(precache) : registered;
      kept.then(function () {
        document.documentElement.setAttribute("data-offline-ready", "true");
      }).catch(function () {});
    }
  }

  if (!user) {
    // Signed out: pages kept for a signed-out user are removed, unless records still wait
    // to be sent after the next sign-in (a session that ended). Their count stays shown.
    Q.exists().then(function (found) {
      if (!found) return;
      return refresh().then(function (items) {
        if (!items.length) return Q.clearAll();
      });
    }).catch(function () {});
    return;
  }
  // Any page of a signed-in user sends what waits, e.g. the first page after signing in
  // again once a session had ended.
  refresh().then(function () {
    if (navigator.onLine) sendNow();
  });
})();
