// A floor page without a signal: nothing typed is lost. The pages: the team screen, the area hygiene check,
// the consumables hand-out; each marks its form with data-offline-form, and says
//   data-offline-rows="<selector>"   the form's rows (a person, an area), each with
//   data-offline-row-id="<attr>"     the attribute naming the row (data-person, data-area);
//   data-offline-many                each save is a submission of its own (a hand-out), not the page's
//                                    one waiting entry that a later save replaces (a day's screen).
//
// Save sends the form in the background (asking for JSON). Without a connection (or when the browser
// says it is offline) the entries are kept on this phone (offline_store.js, IndexedDB) and sent when the
// connection is back (the "online" event, opening the page again) or with "Send now". Each submission
// carries an idempotency key, so a repeat is never saved twice. When someone else changed a person-day
// (or an area's day) meanwhile, or the month was locked, the server takes nothing for those rows and answers both values:
// the supervisor chooses here (keep mine: sent again over the new version; take theirs: mine dropped).
// Every text comes from the page's data- attributes, translated by the server.
// It runs once the page's scripts have all run (offline_store.js comes at the end of base.html).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.querySelector("form[data-offline-form]");
  var banner = document.getElementById("offline-status");
  var choices = document.getElementById("offline-choices");
  var store = window.ClubOpsOffline;
  var person = document.body.getAttribute("data-person");
  if (!form || !banner || !choices || !store || !window.fetch || !window.indexedDB || !person) { return; }

  var here = new URL(form.action, window.location.href);
  var url = here.pathname + here.search;  // where this page's entries are sent (e.g. its team and day)
  var pageId = person + " " + url;        // one waiting entry per person and page: a later save replaces it
  var many = form.hasAttribute("data-offline-many");
  var rowSelector = form.getAttribute("data-offline-rows") || "";
  var rowIdAttr = form.getAttribute("data-offline-row-id") || "data-person";
  var keyInput = form.querySelector("[name=idempotency_key]");
  var saveButton = form.querySelector("[type=submit]");
  var sending = false;
  keyInput.value = store.newKey();

  function say(element, name, count) {
    return (element.getAttribute("data-" + name) || "").replace("%(count)s", count);
  }

  function token() {
    var input = form.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- What the form holds -------------------------------------------------------------------------

  function pairs() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "idempotency_key") { out.push([name, String(value)]); }
    });
    return out;
  }

  function rowChanged(row) {
    return Array.prototype.some.call(row.querySelectorAll("input, select"), function (input) {
      if (input.type === "hidden") { return false; }
      if (input.type === "radio" || input.type === "checkbox") { return input.checked !== input.defaultChecked; }
      if (input.tagName === "SELECT") {
        return Array.prototype.some.call(input.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return input.value !== input.defaultValue;
    });
  }

  function changedRows() {
    if (!rowSelector) { return []; }
    return Array.prototype.filter.call(form.querySelectorAll(rowSelector), rowChanged).map(function (row) {
      return row.getAttribute(rowIdAttr);
    });
  }

  // A row of the server's answer: its id (a person, an area) and the prefix of its fields.
  function rowId(row) { return String(row.row || row.person); }
  function rowPrefix(row) { return row.prefix || "p" + row.person; }

  // Put kept pairs back into the form (a reload without a signal shows what was entered).
  function fill(kept) {
    var values = {};
    kept.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var names = {};
    kept.forEach(function (pair) { names[pair[0].split("-")[0]] = true; });
    Array.prototype.forEach.call(form.elements, function (input) {
      var name = input.name;
      if (!name || name === "csrfmiddlewaretoken" || name === "idempotency_key" || input.disabled) { return; }
      if (!names[name.split("-")[0]]) { return; }  // a row the entry does not carry stays as loaded
      var given = values[name] || [];
      var before = input.type === "radio" || input.type === "checkbox" ? input.checked : input.value;
      if (input.type === "radio") { input.checked = given.indexOf(input.value) !== -1; }
      else if (input.type === "checkbox") { input.checked = given.length > 0; }
      else if (given.length) { input.value = given[0]; }
      var after = input.type === "radio" || input.type === "checkbox" ? input.checked : input.value;
      if (before !== after) { input.dispatchEvent(new Event("change", { bubbles: true })); }
    });
  }

  function entryOfThisPage() {
    return {
      id: many ? pageId + " " + keyInput.value : pageId, person: person, url: url, key: keyInput.value,
      pairs: pairs(), changed: changedRows(), created: Date.now(),
    };
  }

  // --- The banner and the choices ---------------------------------------------------------------------

  function note(name) {
    banner.querySelector(".offline-note").textContent = name ? say(banner, name) : "";
    if (name) { banner.hidden = false; }
  }

  function waitingCount(list) {
    return list.filter(function (entry) { return !entry.state; }).reduce(function (n, entry) {
      return n + Math.max(1, (entry.changed || []).length);
    }, 0);
  }

  function button(text, testid, kind, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-" + kind + " me-1 mt-1";
    b.textContent = text;
    b.setAttribute("data-testid", testid);
    b.addEventListener("click", action);
    return b;
  }

  function line(label, text, testid) {
    var div = document.createElement("div");
    div.className = "small";
    var strong = document.createElement("strong");
    strong.textContent = label + ": ";
    var value = document.createElement("span");
    value.textContent = text;
    value.setAttribute("data-testid", testid);
    div.append(strong, value);
    return div;
  }

  function showChoices(list) {
    choices.replaceChildren();
    list.filter(function (entry) { return entry.state; }).forEach(function (entry) {
      var box = document.createElement("div");
      box.className = "alert alert-danger py-2";
      box.setAttribute("data-testid", "offline-choice");
      var head = document.createElement("div");
      head.className = "fw-bold";
      var answer = entry.answer || {};
      head.textContent = entry.state === "invalid" ? say(choices, "invalid")
        : (answer.message || say(choices, "conflict"));
      box.append(head);
      if (entry.state === "invalid") {
        var errors = answer.errors || {};
        Object.keys(errors).forEach(function (pk) {
          box.append(line(errors[pk].name, errors[pk].messages.join(" "), "offline-errors"));
        });
        if (entry.url === url) { box.append(button(say(choices, "fix"), "offline-fix", "primary", function () { fix(entry); })); }
        box.append(button(say(choices, "drop"), "offline-drop", "outline-danger", function () { drop(entry); }));
      } else {
        (answer.conflicts || []).forEach(function (row) {
          var part = document.createElement("div");
          part.className = "border-top pt-1 mt-1";
          part.setAttribute("data-row", rowId(row));
          var name = document.createElement("div");
          name.className = "fw-bold";
          name.textContent = row.name;
          part.append(name, line(say(choices, "mine"), row.mine, "offline-mine"),
                      line(say(choices, "theirs"), row.theirs, "offline-theirs"));
          if (entry.state === "conflict") {
            part.append(button(say(choices, "keep-mine"), "offline-keep-mine", "primary", function () { keepMine(entry, row); }));
            part.append(button(say(choices, "take-theirs"), "offline-take-theirs", "outline-secondary", function () { takeTheirs(entry, row); }));
          } else {
            part.append(button(say(choices, "drop"), "offline-drop", "outline-danger", function () { takeTheirs(entry, row); }));
          }
          box.append(part);
        });
        if (!(answer.conflicts || []).length) {
          box.append(button(say(choices, "drop"), "offline-drop", "outline-danger", function () { drop(entry); }));
        }
      }
      choices.append(box);
    });
    choices.hidden = !choices.children.length;
  }

  function show() {
    return store.entries(person).then(function (list) {
      var count = waitingCount(list);
      var offline = navigator.onLine === false;
      banner.querySelector(".offline-text").textContent =
        offline ? say(banner, "offline", count) : (count ? say(banner, "waiting", count) : "");
      banner.querySelector(".send-now").hidden = offline || !count;
      banner.hidden = !offline && !count && !banner.querySelector(".offline-note").textContent;
      banner.setAttribute("data-count", count);
      showChoices(list);
      return list;
    });
  }

  // --- Keeping, sending, choosing ------------------------------------------------------------------

  function keep(entry, state, answer) {
    entry.state = state || "";
    entry.answer = answer || null;
    // Ask the browser not to clear what is kept when the phone runs short of space.
    if (navigator.storage && navigator.storage.persist) { navigator.storage.persist().catch(function () {}); }
    return store.put(entry).then(show);
  }

  function remove(entry) {
    return store.remove(entry.id).then(show);
  }

  // Send every waiting entry, oldest first; stop at the first that finds no connection.
  function sendAll() {
    if (sending || navigator.onLine === false) { return Promise.resolve(); }
    sending = true;
    note("");  // "no connection" is no longer true
    var sentHere = false;
    return store.entries(person).then(function (list) {
      return list.filter(function (entry) { return !entry.state; }).reduce(function (chain, entry) {
        return chain.then(function (go) {
          if (!go) { return false; }
          return store.send(entry, token()).then(function (result) {
            if (result.outcome === "offline") { return false; }
            if (result.outcome === "signed-out") { note("signin"); return false; }
            if (result.outcome === "saved") {
              sentHere = sentHere || entry.url === url;
              return store.remove(entry.id).then(function () { return true; });
            }
            var state = result.outcome === "conflict" || result.outcome === "locked" ? result.outcome : "invalid";
            return keep(entry, state, result.answer).then(function () { return true; });
          });
        });
      }, Promise.resolve(true));
    }).then(function () {
      sending = false;
      if (sentHere) {
        // What was sent is now what the server holds: show it, with its new versions.
        note("sent");
        window.location.reload();
      }
      return show();
    }, function () { sending = false; return show(); });
  }

  function keepMine(entry, row) {
    // Sent again for this row alone (a person, an area), over the version the server has now, with a new key.
    var prefix = rowPrefix(row) + "-";
    var again = {
      id: entry.id + " " + rowId(row) + " " + store.newKey(), person: person, url: entry.url, key: store.newKey(),
      pairs: entry.pairs.filter(function (pair) {
        return pair[0].indexOf(prefix) === 0 && pair[0] !== prefix + "base";
      }).concat([[prefix + "base", row.version], ["rows", rowId(row)]]),
      changed: [rowId(row)], created: Date.now(),
    };
    return store.put(again).then(function () { return takeTheirs(entry, row, true); }).then(sendAll);
  }

  function takeTheirs(entry, row, quiet) {
    entry.answer.conflicts = entry.answer.conflicts.filter(function (other) { return rowId(other) !== rowId(row); });
    var done = entry.answer.conflicts.length ? store.put(entry) : store.remove(entry.id);
    return done.then(function () {
      if (!quiet && entry.url === url && navigator.onLine !== false) { window.location.reload(); }
      return show();
    });
  }

  function drop(entry) {
    return remove(entry);
  }

  function fix(entry) {
    fill(entry.pairs);
    return remove(entry);
  }

  form.addEventListener("submit", function (event) {
    if (form.getAttribute("data-native")) { return; }  // sent as a plain form: the server shows its checks
    event.preventDefault();
    var entry = entryOfThisPage();
    keyInput.value = store.newKey();  // the next save is a new submission
    if (navigator.onLine === false) {
      keep(entry).then(function () { note("kept"); if (many) { form.reset(); } });
      return;
    }
    if (saveButton) { saveButton.disabled = true; }
    store.send(entry, token()).then(function (result) {
      if (saveButton) { saveButton.disabled = false; }
      if (result.outcome === "offline") {
        return keep(entry).then(function () { note("kept"); if (many) { form.reset(); } });
      }
      if (result.outcome === "signed-out") { return keep(entry).then(function () { note("signin"); }); }
      if (result.outcome === "saved") { window.location.assign((result.answer && result.answer.next) || url); return undefined; }
      if (result.outcome === "conflict") { return keep(entry, "conflict", result.answer); }
      // Anything else (rows to check, a locked month, a day to come): the page as the server shows it.
      form.setAttribute("data-native", "1");
      form.submit();
      return undefined;
    });
  });

  banner.querySelector(".send-now").addEventListener("click", sendAll);
  window.addEventListener("online", sendAll);
  window.addEventListener("offline", function () { show(); });

  // Opening the page: what is kept for it comes back into the form, then whatever waits is sent.
  store.entries(person).then(function (list) {
    list.forEach(function (entry) {
      if (!many && entry.id === pageId && !entry.state) { fill(entry.pairs); }
    });
    return show();
  }).then(sendAll).catch(function () {});
});
