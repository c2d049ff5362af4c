/*
 * The staff map of hotspots. Progressive enhancement: the page's tables list every
 * cell and priority place the map shows; with scripts, a Leaflet map draws the base
 * map (base-map.js), the hot and cold cells of the layer chosen with the radio
 * buttons above the map, and the priority places as numbered markers.
 *
 * Hot and cold differ by more than colour: a hot cell is filled and has a solid,
 * thick outline; a cold cell is lightly filled with a dashed outline; the legend says
 * so in words, and every cell's popup names its state. The GeoJSON holds H3 cells and
 * cell centres only, never a resident's or an incident's point.
 */
(function () {
  "use strict";

  var STYLES = {
    hot: { color: "#1b1f24", weight: 2.5, fillColor: "#b2182b", fillOpacity: 0.7 },
    cold: { color: "#1b1f24", weight: 1.5, dashArray: "4 3", fillColor: "#6baed6", fillOpacity: 0.3 }
  };

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function details(properties, labels, number) {
    var box = element("div");
    box.appendChild(element("strong", properties.state === "hot" ? labels.hot : labels.cold));
    box.appendChild(element("div", labels.records + ": " + properties.records));
    box.appendChild(element("div", labels.value + ": " + number.format(properties.value)));
    box.appendChild(element("div", "z = " + number.format(properties.z)));
    return box;
  }

  function legend(labels) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("details", "leaflet-bar map-legend");
      L.DomEvent.disableClickPropagation(box);
      box.open = !window.matchMedia("(max-width: 40em)").matches;
      box.appendChild(element("summary", labels.legend));
      var list = box.appendChild(element("ul"));
      [["hot", labels.hotLegend], ["cold", labels.coldLegend]].forEach(function (item) {
        var row = list.appendChild(element("li"));
        var swatch = row.appendChild(element("span", undefined, "map-legend__swatch hotspot-swatch--" + item[0]));
        swatch.setAttribute("aria-hidden", "true");
        row.appendChild(document.createTextNode(item[1]));
      });
      var row = list.appendChild(element("li"));
      var number = row.appendChild(element("span", "1", "map-number map-number--place hotspot-legend-number"));
      number.setAttribute("aria-hidden", "true");
      row.appendChild(document.createTextNode(labels.priorityLegend));
      return box;
    };
    return control;
  }

  function setUp(container) {
    if (!window.L || !window.fetch || !window.TryggBaseMap) { return; }
    var data = container.dataset;
    var labels = {
      hot: data.labelHot, cold: data.labelCold, value: data.labelValue, records: data.labelRecords,
      legend: data.labelLegend, hotLegend: data.labelHotLegend, coldLegend: data.labelColdLegend,
      priorityLegend: data.labelPriorityLegend, priority: data.labelPriority
    };
    var number = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      maximumFractionDigits: 2
    });
    container.hidden = false;
    var setup = TryggBaseMap.create(container.querySelector(".hotspot-map__canvas"), data);
    var map = setup.map;

    fetch(data.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var base = TryggBaseMap.draw(setup, collection);
        var layers = {};
        L.geoJSON(collection, {
          filter: function (feature) { return feature.properties.kind === "hotspot"; },
          style: function (feature) { return STYLES[feature.properties.state]; },
          onEachFeature: function (feature, cell) {
            var key = feature.properties.layer;
            layers[key] = layers[key] || L.featureGroup();
            cell.bindPopup(details(feature.properties, labels, number));
            cell.options.className = "hotspot-cell hotspot-cell--" + feature.properties.state;
            layers[key].addLayer(cell);
          }
        });
        var priorities = L.layerGroup().addTo(map);
        var priorityMarkers = [];
        var priorityBounds = L.latLngBounds([]);
        collection.features.forEach(function (feature) {
          if (feature.properties.kind !== "priority") { return; }
          var properties = feature.properties;
          var mark = element("span", String(properties.rank), "map-number map-number--place");
          var coordinates = feature.geometry.coordinates;
          var marker = L.marker([coordinates[1], coordinates[0]], {
            icon: L.divIcon({ html: mark.outerHTML, className: "", iconSize: [TryggBaseMap.NUMBER_SIZE, TryggBaseMap.NUMBER_SIZE] }),
            keyboard: false,
            // Above the cells of whichever layer is shown.
            zIndexOffset: 1000,
            title: labels.priority + " " + properties.rank
          });
          marker.bindPopup(element("div", labels.priority + " " + properties.rank +
            (properties.area ? " · " + properties.area : "")));
          marker.rank = properties.rank;
          priorityMarkers.push(marker);
          priorityBounds.extend(marker.getLatLng());
        });
        priorityMarkers.sort(function (a, b) { return a.rank - b.rank; });
        var shown = null;
        function show(key) {
          if (shown) { map.removeLayer(shown); }
          shown = layers[key] || L.featureGroup();
          shown.addTo(map);
          container.dataset.shownLayer = key;
          container.dataset.shownCells = String(shown.getLayers().length);
        }
        var radios = container.querySelectorAll("input[name='hotspot-layer']");
        radios.forEach(function (radio) {
          radio.addEventListener("change", function () { if (radio.checked) { show(radio.value); } });
        });
        var checked = container.querySelector("input[name='hotspot-layer']:checked");
        show(checked ? checked.value : "combined");
        // Start where the priority places are (cells there are large enough to see),
        // else on the shown layer's cells, else the whole municipality.
        var start = priorityBounds.isValid() ? priorityBounds : shown.getBounds();
        if (start.isValid()) {
          map.fitBounds(start.pad(0.5), { maxZoom: 14 });
        } else {
          map.fitBounds((base.border || base.layer).getBounds());
        }
        // At the opening zoom the travel centre's places lie a few pixels apart; the
        // list beside the map holds every place.
        TryggBaseMap.declutter(map, priorities, priorityMarkers);
        map.on("zoomend", function () { TryggBaseMap.declutter(map, priorities, priorityMarkers); });
        legend(labels).addTo(map);
        container.dataset.ready = "true";
      });
  }

  document.querySelectorAll(".hotspot-map").forEach(setUp);
}());
