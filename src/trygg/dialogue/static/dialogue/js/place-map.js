/*
 * The unsafe-places question's map. Progressive enhancement: without scripts the
 * respondent describes up to three places by area; with them, a Leaflet map of the
 * municipality (base-map.js: neighbours, border, named areas and localities, or a
 * configured base map) takes a click or tap, or "Mark here" at the cross in the
 * map's centre (the keyboard way: focus the map, move it with the arrow keys, zoom
 * with + and −, then press the button). A district or locality can be found by name.
 * Each marked place gets a numbered marker, the same number as its entry in the list
 * below, with its own reasons and times. The places are written as JSON into the
 * question's hidden field when the form is sent.
 */
(function () {
  "use strict";

  // Ticks the boxes whose attribute holds one of the values. Compared one by one,
  // not put into a selector: a saved value is not trusted to be selector-safe.
  function check(item, attribute, values) {
    var wanted = Array.isArray(values) ? values : [];
    Array.prototype.forEach.call(item.querySelectorAll("input[" + attribute + "]"), function (box) {
      if (wanted.indexOf(box.getAttribute(attribute)) !== -1) { box.checked = true; }
    });
  }

  function checkedValues(item, attribute) {
    return Array.prototype.map.call(
      item.querySelectorAll("input[" + attribute + "]:checked"),
      function (box) { return box.getAttribute(attribute); }
    );
  }

  function numberIcon(number) {
    var node = TryggBaseMap.label("map-number map-number--place", String(number));
    return L.divIcon({ html: node.outerHTML, className: "", iconSize: [28, 28] });
  }

  // With the map, the places by area and description fold away behind a summary,
  // so the resident does not see two ways to answer at once. They stay open when
  // they already hold a place (a draft, an error) so nothing given is out of sight.
  function foldFallback(fallback) {
    if (!fallback || !fallback.dataset.foldSummary) { return; }
    var details = document.createElement("details");
    details.className = "place-fallback__details";
    var summary = document.createElement("summary");
    summary.textContent = fallback.dataset.foldSummary;
    details.appendChild(summary);
    while (fallback.firstChild) { details.appendChild(fallback.firstChild); }
    fallback.appendChild(details);
    var given = Array.prototype.some.call(fallback.querySelectorAll("select"), function (select) {
      return select.value !== "";
    });
    details.open = given || fallback.querySelector(".form-field--error") !== null;
  }

  function setUp(container) {
    if (!window.L || !window.fetch || !window.TryggBaseMap) { return; }
    var data = container.dataset;
    var question = container.closest(".place-question");
    var input = document.getElementById(data.placesInput);
    var list = container.querySelector(".place-map__list");
    var template = container.querySelector("template.place-map__item");
    var status = container.querySelector(".place-map__status");
    var search = container.querySelector(".place-map__search");
    var placeLabel = data.placeLabel || "Place";
    var entries = [];
    var places = [];
    container.hidden = false;
    // The texts for a resident without the map give way to those for one with it.
    question.querySelectorAll("[data-without-map]").forEach(function (node) { node.hidden = true; });
    question.querySelectorAll("[data-with-map]").forEach(function (node) {
      node.textContent = node.dataset.withMap;
    });
    foldFallback(question.querySelector(".place-fallback"));

    var setup = TryggBaseMap.create(container.querySelector(".place-map__canvas"), data);
    var map = setup.map;

    function renumber() {
      entries.forEach(function (entry, index) {
        entry.item.querySelector(".place-map__label").textContent = placeLabel + " " + (index + 1);
        entry.marker.setIcon(numberIcon(index + 1));
        entry.marker.options.title = placeLabel + " " + (index + 1);
      });
    }

    function add(place) {
      // keyboard: false – the list below holds every place with its own controls;
      // a tab stop per marker would add nothing.
      var marker = L.marker([place.latitude, place.longitude], {
        icon: numberIcon(entries.length + 1), keyboard: false
      }).addTo(map);
      var item = template.content.firstElementChild.cloneNode(true);
      var entry = { place: place, marker: marker, item: item };
      check(item, "data-reason", place.reasons);
      check(item, "data-time", place.times);
      item.querySelector("input[data-description]").value = place.description || "";
      item.querySelector("[data-remove]").addEventListener("click", function () {
        map.removeLayer(marker);
        item.remove();
        entries.splice(entries.indexOf(entry), 1);
        renumber();
        status.textContent = "";
      });
      list.appendChild(item);
      entries.push(entry);
      renumber();
      return item;
    }

    function serialise() {
      input.value = JSON.stringify(entries.map(function (entry) {
        return {
          latitude: entry.place.latitude,
          longitude: entry.place.longitude,
          reasons: checkedValues(entry.item, "data-reason"),
          times: checkedValues(entry.item, "data-time"),
          description: entry.item.querySelector("input[data-description]").value
        };
      }));
    }

    function find() {
      var place = TryggBaseMap.goTo(map, places, search.value);
      status.textContent = place
        ? data.labelShown.replace("{name}", place.name)
        : data.labelNotFound;
    }

    fetch(data.mapUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var base = TryggBaseMap.draw(setup, collection);
        places = base.places;
        var names = container.querySelector(".place-map__names");
        places.forEach(function (place) {
          var option = document.createElement("option");
          option.value = place.name;
          names.appendChild(option);
        });
        map.fitBounds((base.border || base.layer).getBounds());
      });

    map.on("click", function (event) {
      add({ latitude: event.latlng.lat, longitude: event.latlng.lng });
    });
    container.querySelector(".place-map__mark").addEventListener("click", function () {
      var centre = map.getCenter();
      var item = add({ latitude: centre.lat, longitude: centre.lng });
      status.textContent = data.labelMarked.replace(
        "{place}", item.querySelector(".place-map__label").textContent
      );
    });
    container.querySelector(".place-map__find").addEventListener("click", find);
    search.addEventListener("keydown", function (event) {
      // Enter in the search box finds the place; it must not send the survey's page.
      if (event.key === "Enter") { event.preventDefault(); find(); }
    });

    var saved = [];
    try { saved = JSON.parse(input.value || "[]"); } catch (error) { saved = []; }
    saved.filter(function (place) { return place.latitude !== undefined; }).forEach(add);
    input.form.addEventListener("submit", serialise);
  }

  document.querySelectorAll(".place-map").forEach(setUp);
}());
