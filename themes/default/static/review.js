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

/* A printed copy says when it was printed, beside its out-of-date warning. */
(function () {
  "use strict";
  var slot = document.getElementById("printed-on");
  if (!slot) {
    return;
  }
  window.addEventListener("beforeprint", function () {
    var months = ["January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December"];
    var d = new Date();
    slot.textContent = " Printed on " + d.getDate() + " " +
      months[d.getMonth()] + " " + d.getFullYear() + ".";
  });
})();
