/*
 * The unsafe-places question's map. Progressive enhancement: without scripts the
 * respondent chooses an area and describes the place; with them, a Leaflet map of
 * the municipality's border and areas (vector layers from our own server, no tile
 * service) takes clicks, and each marked place gets its own reasons and times. The
 * places are written as JSON into the question's hidden field when the form is sent.
 */
(function () {
  "use strict";

  // Area names come from an imported GeoJSON file, so they are data, never markup:
  // given a string, Leaflet's tooltips set innerHTML; given a node, they insert it.
  function textNode(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text === undefined || text === null ? "" : String(text);
    return node;
  }

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

  function setUp(container) {
    if (!window.L || !window.fetch) { return; }
    var input = document.getElementById(container.dataset.placesInput);
    var list = container.querySelector(".place-map__list");
    var template = container.querySelector("template.place-map__item");
    var placeLabel = container.dataset.placeLabel || "Place";
    var entries = [];
    container.hidden = false;

    var map = L.map(container.querySelector(".place-map__canvas"), {
      attributionControl: false,
      zoomSnap: 0.25
    });

    function renumber() {
      entries.forEach(function (entry, index) {
        entry.item.querySelector(".place-map__label").textContent = placeLabel + " " + (index + 1);
      });
    }

    function add(place) {
      var marker = L.circleMarker([place.latitude, place.longitude], {
        radius: 9, color: "#8a1c1c", weight: 3, fillColor: "#d64545", fillOpacity: 0.8
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
      });
      list.appendChild(item);
      entries.push(entry);
      renumber();
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

    fetch(container.dataset.mapUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            return feature.properties.kind === "border"
              ? { color: "#1f4e8c", weight: 3, fill: false }
              : { color: "#4a5868", weight: 1, fillColor: "#dfe7f1", fillOpacity: 0.5 };
          },
          onEachFeature: function (feature, featureLayer) {
            if (feature.properties.kind === "area") {
              var label = textNode("span", feature.properties.name);
              // Leaflet's tooltips do not wrap: a long name would run off a phone's map.
              label.style.display = "inline-block";
              label.style.whiteSpace = "normal";
              label.style.maxWidth = "40vw";
              featureLayer.bindTooltip(label, { sticky: true });
            }
          }
        }).addTo(map);
        map.fitBounds(layer.getBounds());
      });

    map.on("click", function (event) {
      add({ latitude: event.latlng.lat, longitude: event.latlng.lng });
    });

    var saved = [];
    try { saved = JSON.parse(input.value || "[]"); } catch (error) { saved = []; }
    saved.filter(function (place) { return place.latitude !== undefined; }).forEach(add);
    input.form.addEventListener("submit", serialise);
  }

  document.querySelectorAll(".place-map").forEach(setUp);
}());
