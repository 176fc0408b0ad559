// The progress bar of a retention report export (templates/retention/export_detail.html).
// Polls the export's status until the Celery job is done or failed, then shows the download link.
// Loaded as a file so the page needs no inline script (Content-Security-Policy ready).
(function () {
  "use strict";
  var panel = document.querySelector("[data-export-status-url]");
  if (!panel) { return; }
  var url = panel.getAttribute("data-export-status-url");
  var bar = panel.querySelector("progress");
  var message = panel.querySelector("[data-export-message]");
  var download = panel.querySelector("[data-export-download]");

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    var total = state.rows_total ? state.rows_total : "…";
    message.textContent = state.label + ": " + state.rows_done + " of " + total + " rows." +
      (state.error ? " " + state.error : "");
    if (state.download) {
      download.querySelector("a").setAttribute("href", state.download);
      download.hidden = false;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        show(state);
        if (state.status === "queued" || state.status === "running") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  poll();
}());
