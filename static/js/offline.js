// On every page: the installable app's service worker, and what a phone keeps that is personal.
//
// - Registers the service worker (/sw.js, rendered by attendance/views/offline.py).
// - The page says who is signed in (<body data-person>): entries and kept pages of anyone else on this
//   phone are dropped; a page nobody is signed in to (the sign-in page) drops every kept page.
// - Signing out (a form with data-sign-out) first tries to send what is waiting, asks before dropping
//   what could not be sent, then clears the entries and the kept pages, and only then signs out.
(function () {
  "use strict";
  var body = document.body;
  var person = body.getAttribute("data-person") || "";
  var store = window.ClubOpsOffline;
  var PAGES = "clubops-pages-";

  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).catch(function () {});
  }

  // Drop the kept pages of everyone but ``keep`` (everyone when keep is "").
  function forgetPages(keep) {
    if (!window.caches) { return Promise.resolve(); }
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PAGES) === 0 && name !== PAGES + keep;
      }).map(function (name) { return caches.delete(name); }));
    }).catch(function () {});
  }

  function quietly(promise) {
    return Promise.resolve(promise).catch(function () {});
  }

  if (person) {
    quietly(store && store.forgetOthers(person));
    forgetPages(person);
  } else {
    forgetPages("");
  }

  function signOut(form) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var waiting = store ? quietly(store.entries(person)).then(function (list) { return list || []; }) : Promise.resolve([]);
    return waiting.then(function (list) {
      // Send what can be sent; what the server did not take stays for the question below.
      var left = 0;
      return list.reduce(function (chain, entry) {
        return chain.then(function () {
          if (entry.state) { left += 1; return undefined; }  // waiting for the supervisor's choice
          return store.send(entry, token && token.value).then(function (result) {
            if (result.outcome === "saved") { return store.remove(entry.id); }
            left += 1;
            return undefined;
          });
        });
      }, Promise.resolve()).then(function () { return left; });
    }).then(function (left) {
      var question = form.getAttribute("data-unsent") || "";
      if (left && !window.confirm(question.replace("%(count)s", left))) { return false; }
      return Promise.all([quietly(store && store.forgetAll()), forgetPages("")]).then(function () { return true; });
    });
  }

  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-cleared")) { return; }
      event.preventDefault();
      signOut(form).then(function (go) {
        if (go) {
          form.setAttribute("data-cleared", "1");
          form.submit();
        }
      }, function () {
        form.setAttribute("data-cleared", "1");
        form.submit();
      });
    });
  });
})();
