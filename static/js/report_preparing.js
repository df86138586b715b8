// The monthly report's "being prepared" page: asks the month's status URL every moment and, once the
// figures are built, opens the report. After a while it says so (the job may wait for a worker) and keeps asking.
// Without this file the page's Refresh link does the same by hand.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var SLOW_MS = 60000;
  var box = document.querySelector("[data-report-status]");
  if (!box) { return; }
  var url = box.getAttribute("data-report-status");
  var slow = document.querySelector("[data-report-slow]");
  var started = Date.now();

  function again() {
    if (slow && Date.now() - started > SLOW_MS) { slow.hidden = false; }
    window.setTimeout(ask, Date.now() - started > SLOW_MS ? POLL_MS * 5 : POLL_MS);
  }

  function ask() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (response.ok) { return response.json(); }
        // No longer the reader's, or no such month: reloading shows the page that says why.
        return (response.status === 403 || response.status === 404) ? {ready: true} : null;
      })
      .then(function (answer) {
        if (answer && answer.ready) {
          window.location.reload();
        } else {
          again();
        }
      })
      .catch(again);
  }

  window.setTimeout(ask, POLL_MS);
})();
