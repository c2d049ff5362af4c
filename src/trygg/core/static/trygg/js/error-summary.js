// The error summary of a refused form (core/error_summary.html): focus moves to it
// when the page opens, so keyboard and screen-reader users start at the list of
// what to fix; a link in it moves focus to its field and shows the field's
// question (label or legend) above it, not only the input.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  if (!summary.contains(document.activeElement)) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    var question = target.closest("fieldset");
    var legend = question && question.querySelector("legend");
    var label = document.querySelector("label[for='" + target.id + "']");
    (legend || label || target).scrollIntoView();
    target.focus({ preventScroll: true });
  });
})();
