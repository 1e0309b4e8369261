// Progressive enhancement only: every page works without this file.
// A form that comes back with errors moves the focus to its error summary, so a screen reader reads it first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
