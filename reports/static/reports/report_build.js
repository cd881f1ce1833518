// The report page while its figures are counted in the background: poll the build's status and
// update the progress bar in place. The page is never reloaded by the script (someone may be writing
// the summary); when new figures are ready a link to show them appears instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-report-build]");
  if (!box || !window.fetch) { return; }
  var progress = box.querySelector("[data-build-progress]");
  var message = box.querySelector("[data-build-message]");
  var ready = box.querySelector("[data-build-ready]");
  var failed = box.querySelector("[data-build-failed]");
  var builtAt = box.getAttribute("data-built-at") || "";
  if (!progress) { return; }

  function poll() {
    window.fetch(box.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) { return; }
        progress.value = state.progress;
        progress.textContent = state.progress + " %";
        if (message) { message.textContent = state.progress + " % " + state.message; }
        if (state.failed) {
          if (failed) { failed.hidden = false; }
        } else if (state.running) {
          window.setTimeout(poll, 3000);
        } else if (state.built_at && state.built_at !== builtAt && ready) {
          ready.hidden = false;
        }
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 2000);
})();
