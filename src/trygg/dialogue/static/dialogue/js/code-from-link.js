// The start page, opened from an invitation letter's QR code: the address ends in
// "#kod=CODE". What follows "#" never reaches the server (nor its logs), so the code
// is filled in here and at once taken out of the address and the browser's history.
(function () {
  "use strict";

  var match = /^#kod=([A-Za-z0-9-]{4,40})$/.exec(window.location.hash);
  var input = document.getElementById("id_code");
  if (!match || !input) {
    return;
  }
  input.value = match[1].toUpperCase();
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  input.focus();
})();
