// Staff forms of the survey builder: a part that applies to one choice only is hidden
// while another is chosen. Without scripts every part shows, and the server ignores
// what does not apply to the choice that was sent.
//   data-show-when="start=copy"        on the part itself
//   data-for-kinds="number"            on a question field's input (its .form-field hides)
(function () {
  "use strict";

  function chosen(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (checked) {
      return checked.value;
    }
    var select = form.querySelector('select[name="' + name + '"]');
    return select ? select.value : null;
  }

  function rules(form) {
    var found = [];
    form.querySelectorAll("[data-show-when]").forEach(function (part) {
      var rule = part.dataset.showWhen.split("=");
      found.push({ part: part, name: rule[0], values: rule[1].split(" ") });
    });
    form.querySelectorAll("[data-for-kinds]").forEach(function (input) {
      found.push({
        part: input.closest(".form-field") || input,
        name: "kind",
        values: input.dataset.forKinds.split(" "),
      });
    });
    return found;
  }

  document.querySelectorAll("form").forEach(function (form) {
    var parts = rules(form);
    if (!parts.length) {
      return;
    }
    function update() {
      parts.forEach(function (rule) {
        var value = chosen(form, rule.name);
        // No control for the choice (a saved question's kind is fixed): the server
        // has already left out what does not apply.
        rule.part.hidden = value !== null && rule.values.indexOf(value) === -1;
      });
    }
    form.addEventListener("change", update);
    update();
  });
})();
