// Warn about five minutes before the session ends, with a button that keeps it alive.
(function () {
  "use strict";
  var host = document.querySelector("[data-session-seconds]");
  var region = document.getElementById("session-warning");
  if (!host || !region) { return; }
  var seconds = parseInt(host.getAttribute("data-session-seconds"), 10) || 0;
  var url = host.getAttribute("data-keepalive-url");
  var button = region.querySelector("button");
  var WARN_BEFORE = 5 * 60;
  var timer;

  function arm(total) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      region.hidden = false;
      button.focus();
    }, Math.max(total - WARN_BEFORE, 0) * 1000);
  }

  button.addEventListener("click", function () {
    var form = document.querySelector("form [name=csrfmiddlewaretoken]");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": form ? form.value : "" }
    }).then(function (response) { return response.json(); }).then(function (body) {
      region.hidden = true;
      arm(body.seconds || seconds);
    }).catch(function () { /* the warning stays; the text is still kept on the server */ });
  });

  if (seconds > 0) { arm(seconds); }
})();
