// A job's status section (background/job.html) follows the job while it runs: the page
// is fetched again every two seconds and the section replaced, and once the job has
// finished the whole page is reloaded, since its other parts show what the job changed.
(function () {
  "use strict";

  var INTERVAL = 2000;

  function follow(section) {
    window.setTimeout(function () {
      fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById(section.id);
          if (!fresh || !fresh.hasAttribute("data-job-refresh")) {
            window.location.reload();
            return;
          }
          section.replaceWith(fresh);
          follow(fresh);
        })
        .catch(function () {
          follow(section);
        });
    }, INTERVAL);
  }

  document.querySelectorAll("[data-job-refresh]").forEach(follow);
})();
