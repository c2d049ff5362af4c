/*
 * The heat map of unsafe places. Progressive enhancement: the page's tables hold
 * every cell the map shows, so without scripts nothing is missing; with them, a
 * Leaflet map draws the municipality's border, its areas and the shown H3 cells,
 * coloured by how many respondents marked a place there. Everything comes from our
 * own GeoJSON (no tile service, nothing from another host), and the GeoJSON holds
 * cells only, never a respondent's point.
 *
 * Colours: a sequential palette (ColorBrewer YlOrRd), one colour per class the server
 * sends (`classes`, level 1 = fewest). The palette's light steps are pale against the
 * map, so every cell and legend swatch has a dark outline (contrast above 3:1); the
 * legend's text is dark on white (AA). The count is also in each cell's tooltip and
 * in the table, so no one needs to tell colours apart.
 */
(function () {
  "use strict";

  var PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
  var OUTLINE = "#1b1f24";

  function colour(level) {
    return PALETTE[Math.min(Math.max(level, 1), PALETTE.length) - 1];
  }

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function tallies(list) {
    return (list || []).map(function (tally) {
      return tally.label + " (" + tally.count + ")";
    }).join(", ") || "–";
  }

  function tooltip(properties, labels, percent) {
    var box = element("div");
    // Leaflet's tooltips do not wrap; the reasons can be a long line.
    box.style.whiteSpace = "normal";
    box.style.width = "18rem";
    var title = element("strong", labels.cell + " " + properties.number + " · " +
      (properties.area || labels.outside));
    box.appendChild(title);
    box.appendChild(element("div", labels.respondents + ": " + properties.count +
      " (" + percent.format(properties.share) + ")"));
    box.appendChild(element("div", labels.reasons + ": " + tallies(properties.reasons)));
    box.appendChild(element("div", labels.times + ": " + tallies(properties.times)));
    return box;
  }

  function legend(classes, heading) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "leaflet-bar heat-map__legend");
      // Set through the CSSOM (allowed by the CSP), not as style attributes.
      box.style.background = "#ffffff";
      box.style.color = OUTLINE;
      box.style.padding = "0.5rem 0.75rem";
      box.style.maxWidth = "14rem";
      box.appendChild(element("p", heading)).style.margin = "0 0 0.25rem";
      var list = box.appendChild(element("ul"));
      list.style.listStyle = "none";
      list.style.margin = "0";
      list.style.padding = "0";
      classes.forEach(function (item) {
        var row = list.appendChild(element("li"));
        var swatch = row.appendChild(element("span"));
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.display = "inline-block";
        swatch.style.width = "1rem";
        swatch.style.height = "1rem";
        swatch.style.marginRight = "0.5rem";
        swatch.style.verticalAlign = "middle";
        swatch.style.border = "1px solid " + OUTLINE;
        swatch.style.background = colour(item.level);
        row.appendChild(document.createTextNode(
          item.low === item.high ? String(item.low) : item.low + "–" + item.high
        ));
      });
      return box;
    };
    return control;
  }

  function style(feature) {
    var properties = feature.properties;
    if (properties.kind === "border") {
      return { color: "#1f4e8c", weight: 3, fill: false };
    }
    if (properties.kind === "area") {
      return { color: "#4a5868", weight: 1, fillColor: "#dfe7f1", fillOpacity: 0.4 };
    }
    return {
      color: OUTLINE, weight: 1.5, fillColor: colour(properties.level), fillOpacity: 0.85
    };
  }

  function setUp(container) {
    if (!window.L || !window.fetch) { return; }
    var data = container.dataset;
    var labels = {
      cell: data.labelCell,
      respondents: data.labelRespondents,
      reasons: data.labelReasons,
      times: data.labelTimes,
      outside: data.labelOutside
    };
    var percent = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      style: "percent", maximumFractionDigits: 1
    });
    container.hidden = false;
    var map = L.map(container.querySelector(".heat-map__canvas"), {
      attributionControl: false,
      zoomSnap: 0.25
    });

    fetch(data.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var outline = null;
        var cells = L.featureGroup();
        var layer = L.geoJSON(collection, {
          style: style,
          onEachFeature: function (feature, featureLayer) {
            var properties = feature.properties;
            if (properties.kind === "area") {
              featureLayer.bindTooltip(element("span", properties.name), { sticky: true });
            } else if (properties.kind === "cell") {
              featureLayer.bindTooltip(tooltip(properties, labels, percent), { sticky: true });
              cells.addLayer(featureLayer);
            } else if (properties.kind === "border") {
              outline = featureLayer;
            }
          }
        }).addTo(map);
        // Cells of about 0.1 km² are hard to see on a whole municipality: start where
        // they are (with a margin), or on the border when none is shown.
        if (cells.getLayers().length) {
          map.fitBounds(cells.getBounds().pad(0.5), { maxZoom: 15 });
        } else {
          map.fitBounds((outline || layer).getBounds());
        }
        if (collection.classes && collection.classes.length) {
          legend(collection.classes, data.labelLegend).addTo(map);
        }
      });
  }

  document.querySelectorAll(".heat-map").forEach(setUp);
}());
