/*
 * A page outlives its build: if the reader's date has passed the review
 * date since the page was built, show the notice the build could not.
 * Without script, the notice written at build time stands.
 */
(function () {
  "use strict";
  var article = document.querySelector("[data-review-date]");
  var notice = document.getElementById("review-notice-late");
  if (!article || !notice) {
    return;
  }
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" +
    pad(now.getDate());
  if (today > article.getAttribute("data-review-date")) {
    notice.hidden = false;
  }
})();
