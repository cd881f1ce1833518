// Character counters: under each text box with a limit, "x / limit characters" as the member types.
// The limit is in the help text and the maxlength attribute without JavaScript; this only shows progress.
// The count updates at once on screen; screen readers hear it only after a pause in typing, not per key.
(function () {
  "use strict";
  var host = document.querySelector("[data-counter-text]");
  if (!host) { return; }
  var template = host.getAttribute("data-counter-text");
  var PAUSE = 1500;

  function setup(box, index) {
    var limit = box.getAttribute("maxlength");
    var shown = document.createElement("p");
    shown.className = "help char-count";
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    spoken.id = "char-count-" + index;
    box.insertAdjacentElement("afterend", spoken);
    box.insertAdjacentElement("afterend", shown);
    var timer = null;

    function text() { return template.replace("{count}", box.value.length).replace("{limit}", limit); }
    function update() {
      shown.textContent = text();
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { spoken.textContent = text(); }, PAUSE);
    }
    shown.textContent = text();
    box.addEventListener("input", update);
  }

  Array.prototype.forEach.call(document.querySelectorAll("textarea[maxlength]"), setup);
})();
