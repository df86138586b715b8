// The entries a phone keeps while it cannot reach ClubOps: a small IndexedDB store, and sending them.
//
// An entry is one submission of the team screen that was not sent: the form's fields as pairs, the
// address to send them to, the idempotency key the server knows a repeat by, and the person who made
// it. Entries are kept per person: only the signed-in person's entries are shown or sent, and any other
// person's are dropped (``forgetOthers``); signing out drops them all (offline.js).
//
// window.ClubOpsOffline = { entries, put, remove, forgetOthers, forgetAll, send, newKey }
(function () {
  "use strict";
  var DB_NAME = "clubops-offline";
  var STORE = "entries";

  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var store = request.result.createObjectStore(STORE, { keyPath: "id" });
        store.createIndex("person", "person");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // Run ``work(store)`` in one transaction; resolves with what work's last request gave.
  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        var request = work(tx.objectStore(STORE));
        if (request) { request.onsuccess = function () { result = request.result; }; }
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Plain HTTP on a club's intranet has no randomUUID: a version-4 UUID from random bytes.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // The person's entries, oldest first.
  function entries(person) {
    return withStore("readonly", function (store) {
      return store.index("person").getAll(String(person));
    }).then(function (found) {
      return (found || []).sort(function (a, b) { return a.created - b.created; });
    });
  }

  function put(entry) {
    entry.person = String(entry.person);
    return withStore("readwrite", function (store) { return store.put(entry); });
  }

  function remove(id) {
    return withStore("readwrite", function (store) { return store.delete(id); });
  }

  // Drop every entry that is not ``person``'s: another person signed in on this phone.
  function forgetOthers(person) {
    return withStore("readwrite", function (store) {
      var cursor = store.openCursor();
      cursor.onsuccess = function () {
        var at = cursor.result;
        if (!at) { return; }
        if (at.value.person !== String(person)) { at.delete(); }
        at.continue();
      };
      return null;
    });
  }

  function forgetAll() {
    return withStore("readwrite", function (store) { return store.clear(); });
  }

  // Send one entry: resolves with {outcome, answer}. The outcome is "offline" (no connection: keep it),
  // "signed-out" (the server wants a sign-in first: keep it), or the server's answer's status:
  // "saved", "conflict", "locked", "invalid", "future", "refused".
  function send(entry, csrfToken) {
    if (navigator.onLine === false) { return Promise.resolve({ outcome: "offline" }); }
    var body = new URLSearchParams();
    entry.pairs.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("idempotency_key", entry.key);
    return fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken || "" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return { outcome: response.redirected || response.status === 403 ? "signed-out" : "refused" };
      }
      return response.json().then(function (answer) {
        return { outcome: answer.status || "refused", answer: answer };
      });
    }, function () {
      return { outcome: "offline" };
    });
  }

  window.ClubOpsOffline = {
    entries: entries, put: put, remove: remove, forgetOthers: forgetOthers, forgetAll: forgetAll,
    send: send, newKey: newKey,
  };
})();
