// The team screen on a phone: a row shows what its attendance choice needs.
// Without this file every field stays reachable (the folded part behind its summary line) and the
// server checks everything.
(function () {
  "use strict";
  var QUIET = ["leave", "day_off"]; // no times, no grooming: the row folds to its head line
  var form = document.querySelector("[data-testid=team-form]");
  if (!form) { return; }
  form.classList.add("team-js"); // the name opens and folds a row; the summary line is not needed

  function chosen(row) {
    var checked = row.querySelector(".presence input:checked");
    return checked ? checked.value : "";
  }

  function detail(row) {
    return row.querySelector("details.row-detail");
  }

  // The kind of leave shows while leave is chosen, unless the folded line already says which.
  function showKind(row, focus) {
    var leave = row.querySelector(".leave-type");
    if (!leave) { return; }
    var select = leave.querySelector("select");
    var folded = detail(row) && !detail(row).open;
    var isLeave = chosen(row) === "leave";
    leave.hidden = !isLeave || (folded && select && select.value !== "");
    if (focus && isLeave && !leave.hidden && select) { select.focus({ preventScroll: true }); }
  }

  function kindText(row) {
    var select = row.querySelector(".leave-type select");
    var text = row.querySelector(".leave-kind");
    if (!select || !text) { return; }
    text.textContent = chosen(row) === "leave" && select.value ? select.options[select.selectedIndex].text + " · " : "";
  }

  function fold(row, folded) {
    var details = detail(row);
    if (details) { details.open = !folded; }
    row.classList.toggle("folded", folded);
    var toggle = row.querySelector(".row-toggle");
    if (toggle) { toggle.setAttribute("aria-expanded", folded ? "false" : "true"); }
    showKind(row, false);
  }

  // The note on grooming is asked for once an item has failed (or when it already says something).
  function groomingNote(row) {
    var note = row.querySelector(".grooming-note");
    if (!note) { return; }
    var input = note.querySelector("input");
    note.hidden = !row.querySelector(".groom input:not(:checked)") && !(input && input.value);
  }

  form.querySelectorAll(".team-row").forEach(function (row) {
    var toggle = row.querySelector(".row-toggle");
    var details = detail(row);
    if (toggle && details) {
      toggle.setAttribute("role", "button");
      toggle.setAttribute("tabindex", "0");
      toggle.addEventListener("click", function () { fold(row, details.open); });
      toggle.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          fold(row, details.open);
        }
      });
    }
    fold(row, details ? !details.open : false);
    groomingNote(row);
    row.querySelectorAll(".presence input").forEach(function (input) {
      input.addEventListener("change", function () {
        fold(row, QUIET.indexOf(chosen(row)) !== -1);
        kindText(row);
        showKind(row, true);
      });
    });
    var select = row.querySelector(".leave-type select");
    if (select) { select.addEventListener("change", function () { kindText(row); }); }
    row.querySelectorAll(".groom input").forEach(function (input) {
      input.addEventListener("change", function () { groomingNote(row); });
    });
  });

  // After a refused save, bring the first row to check into view (unless a link chose a row).
  var first = form.querySelector(".team-row.has-errors");
  if (first && !window.location.hash) {
    first.scrollIntoView({ block: "start" });
  }
})();
