// Kiosk: after a while without touches, start over so the next visitor sees nothing of the last.
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-reset-url");
  var seconds = parseInt(body.getAttribute("data-reset-seconds"), 10) || 90;
  var timer;
  function arm() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.replace(url); }, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
    window.addEventListener(name, arm, { passive: true });
  });
  // A page restored from the back-forward cache must not show the previous visitor's choices.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { window.location.replace(url); } });
  arm();
})();
