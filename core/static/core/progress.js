// Background work pages: reload every few seconds while the work runs, so progress shows
// without the user doing anything. Pages without the marker are left alone; a link to refresh
// by hand is always on the page too.
(function () {
  "use strict";
  if (document.querySelector("[data-poll-while-running]")) {
    window.setTimeout(function () { window.location.reload(); }, 4000);
  }
})();
