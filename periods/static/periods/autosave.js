// Autosave: post each answer form to the server a few seconds after it changes.
// The text goes only to the server, never to any storage in the browser.
(function () {
  "use strict";
  var INTERVAL = 5000;

  function setup(form) {
    var url = form.getAttribute("data-autosave-url");
    var status = form.querySelector("[data-autosave-status]");
    var version = form.querySelector("[data-version]");
    var dirty = false;
    var busy = false;
    var stopped = false;

    function say(text) { if (status && text) { status.textContent = text; } }

    function save() {
      if (!dirty || busy || stopped) { return; }
      busy = true;
      dirty = false;
      var data = new FormData(form);
      // Files go with the real submit only; drafts are text.
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) { data.delete(input.name); });
      data.delete("action");
      var token = form.querySelector("[name=csrfmiddlewaretoken]");
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
      }).then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; }, function () {
          return { status: response.status, body: {} };
        });
      }).then(function (result) {
        busy = false;
        if (result.status === 200 && result.body.version !== undefined) {
          if (version) { version.value = result.body.version; }
          say(result.body.message);
        } else if (result.status === 409) {
          stopped = true;
          say(result.body.message);
        } else if (result.status === 401) {
          stopped = true;
          var host = document.querySelector("[data-expired-message]");
          say(host ? host.getAttribute("data-expired-message") : "");
        } else {
          dirty = true;
        }
      }).catch(function () { busy = false; dirty = true; });
    }

    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    window.setInterval(save, INTERVAL);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave-url]"), setup);
})();

// Conditional questions: with JavaScript, a question shows only while its condition holds.
// (Without it every question shows with a note; the server drops answers to hidden ones.)
(function () {
  "use strict";
  var questions = document.querySelectorAll("[data-show-if-field]");
  if (!questions.length) { return; }

  function values(form, name) {
    var found = [];
    Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) { found.push(input.value); }
    });
    return found;
  }

  function refresh() {
    Array.prototype.forEach.call(questions, function (question) {
      var form = question.closest("form");
      var shown = values(form, question.getAttribute("data-show-if-field"))
        .indexOf(question.getAttribute("data-show-if-value")) !== -1;
      question.hidden = !shown;
    });
  }

  document.addEventListener("change", refresh);
  refresh();
})();
