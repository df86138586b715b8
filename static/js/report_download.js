// The download buttons of files that take seconds to make (the report's PDF and Excel, the attendance month's
// Excel; a link with data-prepared-download): a click says the file is being prepared, and it arrives when ready.
// A click shows "Preparing…" on the button and asks the server whether the file is ready (?…&ready=1);
// if not, the server queues it and the button asks again every moment; once ready, the file is fetched
// and saved, and the button is a button again.
// Without this file the links download directly (the server makes the file while the browser waits).
(function () {
  "use strict";
  var POLL_MS = 1500;
  var GIVE_UP_MS = 60000; // no worker answering: download directly, the server makes it then

  function withReady(href) {
    return href + (href.indexOf("?") < 0 ? "?" : "&") + "ready=1";
  }

  function busy(link, on) {
    link.classList.toggle("disabled", on);
    link.setAttribute("aria-busy", on ? "true" : "false");
    var label = link.querySelector(".download-label");
    var status = link.querySelector(".download-status");
    if (label) { label.hidden = on; }
    if (status) { status.hidden = !on; }
  }

  function filename(response, link) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : link.href.split("/").filter(Boolean).pop();
  }

  // The file is fetched while the button still says it is being prepared (a running month's file is
  // made on request), then saved; a failure falls back to the plain link.
  function download(link) {
    busy(link, true);
    fetch(link.href, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var save = document.createElement("a");
          save.href = url;
          save.download = filename(response, link);
          document.body.appendChild(save);
          save.click();
          save.remove();
          window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          busy(link, false);
        });
      })
      .catch(function () {
        busy(link, false);
        window.location.assign(link.href);
      });
  }

  function poll(link, started) {
    fetch(withReady(link.href), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {ready: true}; })
      .then(function (answer) {
        if (answer.ready || Date.now() - started > GIVE_UP_MS) {
          download(link);
        } else {
          busy(link, true);
          window.setTimeout(function () { poll(link, started); }, POLL_MS);
        }
      })
      .catch(function () { download(link); });
  }

  document.querySelectorAll("a[data-prepared-download]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      if (link.getAttribute("aria-busy") === "true") { return; }
      busy(link, true);
      poll(link, Date.now());
    });
  });
})();
