/*
 * The heat map of unsafe places. Progressive enhancement: the page's tables hold
 * every cell the map shows, so without scripts nothing is missing; with them, a
 * Leaflet map draws the base map (base-map.js) and the shown H3 cells, coloured by
 * how many respondents marked a place there, each with its number from the table.
 * The GeoJSON holds cells only, never a respondent's point.
 *
 * Colours: a sequential palette (ColorBrewer YlOrRd), one colour per class the server
 * sends (`classes`, level 1 = fewest). Every cell and swatch has a dark outline
 * (contrast above 3:1). The count is in each cell's popup and in the table, so no one
 * needs to tell colours apart. A cell of about 0.1 km² is a few pixels wide on a whole
 * municipality, so its number sits on it in a marker that keeps its size; a click or
 * tap on cell or number opens what was said of it (hover alone never reaches a phone).
 * Numbers that would overlap at the present zoom are left out, the lower numbers
 * (more respondents) kept first, and come back as the map is zoomed in; their cells
 * stay on the map, coloured and clickable, and in the table.
 * A container with `data-top-cells="10"` opens on cells 1 to 10 and numbers only
 * them (the ones its page's table names): where hundreds of cells spread over a
 * municipality, fitting them all would show the whole municipality and no cell big
 * enough to see, and hundreds of numbers would bury the ten that matter. The other
 * cells stay coloured and clickable, their number in their popup.
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

  function details(properties, labels, percent) {
    var box = element("div");
    box.appendChild(element("strong", labels.cell + " " + properties.number + " · " +
      (properties.area || labels.outside)));
    // The incident map (situation) has counts only: no share, reasons or times.
    box.appendChild(element("div", labels.respondents + ": " + properties.count +
      (properties.share == null ? "" : " (" + percent.format(properties.share) + ")")));
    if (labels.reasons) {
      box.appendChild(element("div", labels.reasons + ": " + tallies(properties.reasons)));
    }
    if (labels.times) {
      box.appendChild(element("div", labels.times + ": " + tallies(properties.times)));
    }
    return box;
  }

  // The legend folds away: open on a wide screen, a one-line summary on a phone.
  function legend(classes, heading) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = L.DomUtil.create("details", "leaflet-bar map-legend");
      L.DomEvent.disableClickPropagation(box);
      box.open = !window.matchMedia("(max-width: 40em)").matches;
      box.appendChild(element("summary", heading));
      var list = box.appendChild(element("ul"));
      classes.forEach(function (item) {
        var row = list.appendChild(element("li"));
        var swatch = row.appendChild(element("span"));
        swatch.className = "map-legend__swatch";
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.background = colour(item.level);
        row.appendChild(document.createTextNode(
          item.low === item.high ? String(item.low) : item.low + "–" + item.high
        ));
      });
      return box;
    };
    return control;
  }

  function setUp(container) {
    if (!window.L || !window.fetch || !window.TryggBaseMap) { return; }
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
    var setup = TryggBaseMap.create(container.querySelector(".heat-map__canvas"), data);
    var map = setup.map;

    fetch(data.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var base = TryggBaseMap.draw(setup, collection);
        var cells = L.featureGroup().addTo(map);
        var fitted = L.featureGroup();
        var topCells = parseInt(data.topCells, 10) || Infinity;
        var numbers = L.layerGroup().addTo(map);
        var markers = [];
        L.geoJSON(collection, {
          filter: function (feature) { return feature.properties.kind === "cell"; },
          style: function (feature) {
            return {
              color: OUTLINE, weight: 1.5, fillColor: colour(feature.properties.level), fillOpacity: 0.85
            };
          },
          onEachFeature: function (feature, cell) {
            var properties = feature.properties;
            var popup = details(properties, labels, percent);
            cell.bindPopup(popup);
            cells.addLayer(cell);
            if (properties.number > topCells) { return; }
            fitted.addLayer(cell);
            var number = element("span", String(properties.number));
            // A class, not a style attribute: the CSP refuses inline styles in markup.
            number.className = "map-number map-number--level-" + properties.level;
            // No tab stop per cell: the table below holds the same, in order.
            var marker = L.marker(cell.getBounds().getCenter(), {
              icon: L.divIcon({
                html: number.outerHTML, className: "", iconSize: [TryggBaseMap.NUMBER_SIZE, TryggBaseMap.NUMBER_SIZE]
              }),
              keyboard: false,
              title: labels.cell + " " + properties.number
            });
            marker.bindPopup(popup);
            marker.cellNumber = properties.number;
            markers.push(marker);
          }
        });
        markers.sort(function (a, b) { return a.cellNumber - b.cellNumber; });
        // Start on the data: where the shown cells are (with a margin), else the border.
        if (fitted.getLayers().length) {
          map.fitBounds(fitted.getBounds().pad(0.15), { maxZoom: 15 });
        } else {
          map.fitBounds((base.border || base.layer).getBounds());
        }
        TryggBaseMap.declutter(map, numbers, markers);
        map.on("zoomend", function () { TryggBaseMap.declutter(map, numbers, markers); });
        if (collection.classes && collection.classes.length) {
          legend(collection.classes, data.labelLegend).addTo(map);
        }
      });
  }

  document.querySelectorAll(".heat-map").forEach(setUp);
}());
