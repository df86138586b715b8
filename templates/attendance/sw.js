/* ClubOps' service worker (served at /sw.js by attendance/views/offline.py, so its scope is the whole site).

   It keeps, for a phone that loses its signal:
   - the static files the pages below need (kept when the worker is installed, refreshed when fetched);
   - the pages a supervisor uses for their own team on the floor (the team screen, the area hygiene check,
     the consumables hand-out; OFFLINE_PATHS), network first: each time a page loads with a signal it is
     kept, and without a signal the last one kept is shown. Only a page the server marks with
     X-ClubOps-Offline (the viewer's own team) is kept, in a cache named after the person; another
     person's kept pages are dropped then, and signing out drops them all (static/js/offline.js).
   Anything that is not a GET (a save) always goes to the network: the page keeps what it could not send
   (static/js/offline_form.js). */
"use strict";

var STATIC_CACHE = "clubops-static-{{ version }}";
var PAGE_CACHE = "clubops-pages-";  // + the person's id
var STATIC_FILES = {{ static_files }};
var OFFLINE_PATHS = {{ offline_paths }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(STATIC_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("clubops-static-") === 0 && name !== STATIC_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function pageCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(PAGE_CACHE) === 0; });
  });
}

// Keep the team screen under its person's name; drop anyone else's.
function keepPage(request, response) {
  var person = response.headers.get("X-ClubOps-Offline");
  if (!person || !response.ok || response.redirected) { return Promise.resolve(); }
  var mine = PAGE_CACHE + person;
  return pageCaches()
    .then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== mine; })
        .map(function (name) { return caches.delete(name); }));
    })
    .then(function () { return caches.open(mine); })
    .then(function (cache) { return cache.put(request, response); });
}

// The last page kept at this path: the same address first, else the same page with other parameters (a day).
function keptPage(request) {
  return pageCaches().then(function (names) {
    if (!names.length) { return undefined; }
    return caches.open(names[0]).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (found) {
        return found || cache.match(request, { ignoreVary: true, ignoreSearch: true });
      });
    });
  });
}

function networkFirst(event) {
  return fetch(event.request).then(function (response) {
    event.waitUntil(keepPage(event.request, response.clone()));
    return response;
  }, function (error) {
    return keptPage(event.request).then(function (found) {
      if (found) { return found; }
      throw error;
    });
  });
}

// Static files: the network first too (the browser's own HTTP cache answers fast for a file with a hashed
// name), so that a new release is never hidden behind an old copy; the kept copy without a signal.
function staticFile(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  }, function (error) {
    return caches.open(STATIC_CACHE).then(function (cache) { return cache.match(request); }).then(function (found) {
      if (found) { return found; }
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }  // a save goes to the network, never to a cache
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && OFFLINE_PATHS.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(event));
  } else if (STATIC_FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(staticFile(event));
  }
});

// The page asks to forget everything kept (signing out, another person signed in).
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clubops-forget") {
    event.waitUntil(pageCaches().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }));
  }
});
