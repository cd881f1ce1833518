// After a refused submit, move focus to the error summary so keyboard and screen reader users start
// from the list of problems (the GOV.UK pattern). Without JavaScript the summary is still first in the form.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
