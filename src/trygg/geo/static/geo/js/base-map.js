/*
 * What both maps (the survey's map question and the heat map of unsafe places) draw
 * beneath their own features, and how they are set up: Swedish zoom buttons, one tab
 * stop (the map itself, for the keyboard's arrows and +/−), and a base map.
 *
 * The base map, in order of preference, as the page's data attributes say:
 *   data-pmtiles-url   one PMTiles file served by Trygg (TRYGG_BASEMAP_PMTILES),
 *                      drawn by the vendored protomaps-leaflet;
 *   data-tile-url      a tile server the operator chose (TRYGG_BASEMAP_TILE_URL),
 *                      with data-tile-attribution;
 *   neither            our own GeoJSON only: the neighbouring municipalities, the
 *                      border, the areas with their names always shown (not on hover,
 *                      which a phone does not have) and the named localities.
 * Names are data (an imported file), so they are set as text, never as markup.
 */
(function () {
  "use strict";

  var INK = "#1b1f24";

  function label(className, text) {
    var node = document.createElement("span");
    node.className = className;
    node.textContent = text === undefined || text === null ? "" : String(text);
    return node;
  }

  function create(canvas, data) {
    var map = L.map(canvas, { zoomControl: false, attributionControl: false, zoomSnap: 0.25 });
    L.control.zoom({
      zoomInTitle: data.labelZoomIn || "Zoom in",
      zoomOutTitle: data.labelZoomOut || "Zoom out"
    }).addTo(map);
    // Leaflet's zoom buttons are links with a title only; name them for screen readers too.
    canvas.querySelectorAll(".leaflet-control-zoom a").forEach(function (link) {
      link.setAttribute("aria-label", link.title);
      link.setAttribute("role", "button");
    });
    var hasBase = false;
    if (data.pmtilesUrl && window.protomapsL) {
      // attribution "": TRYGG_BASEMAP_ATTRIBUTION below is the base map's one credit;
      // protomaps-leaflet's default would add "Protomaps © OpenStreetMap" beside it,
      // repeating OpenStreetMap and linking to a host the operator never chose.
      protomapsL.leafletLayer({
        url: data.pmtilesUrl, flavor: "light", lang: "sv", attribution: ""
      }).addTo(map);
      hasBase = true;
    } else if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { maxZoom: 19 }).addTo(map);
      hasBase = true;
    }
    if (data.tileAttribution) {
      L.control.attribution({ prefix: false }).addAttribution(
        // Set as text: the attribution is a setting, not markup.
        label("", data.tileAttribution).outerHTML
      ).addTo(map);
    }
    return { map: map, hasBase: hasBase };
  }

  // Draws the base features of `collection` (kinds neighbour, border, area, locality)
  // and returns what the maps need of them: the border's layer and, for finding a
  // place by name, every area's and locality's bounds or point.
  function draw(setup, collection) {
    var map = setup.map;
    // A locality named like an area (Onsala) would be labelled twice: the area says it.
    var areaNames = {};
    collection.features.forEach(function (feature) {
      if (feature.properties.kind === "area") { areaNames[feature.properties.name] = true; }
    });
    var found = { border: null, places: [] };
    var labels = L.layerGroup();
    var layer = L.geoJSON(collection, {
      filter: function (feature) {
        return ["neighbour", "border", "area", "locality"].indexOf(feature.properties.kind) !== -1;
      },
      interactive: false,
      style: function (feature) {
        var kind = feature.properties.kind;
        if (kind === "neighbour") {
          return { color: "#8a939c", weight: 1, fillColor: "#e9ecef", fillOpacity: setup.hasBase ? 0 : 1 };
        }
        if (kind === "border") { return { color: "#1f4e8c", weight: 3, fill: false }; }
        return { color: "#4a5868", weight: 1, fillColor: "#ffffff", fillOpacity: setup.hasBase ? 0.1 : 0.7 };
      },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 4, color: INK, weight: 1.5, fillColor: "#ffffff", fillOpacity: 1, interactive: false
        });
      },
      onEachFeature: function (feature, featureLayer) {
        var properties = feature.properties;
        if (properties.kind === "border") { found.border = featureLayer; return; }
        if (setup.hasBase) { return; }  // the base map names its own places
        if (properties.kind === "locality") {
          if (areaNames[properties.name]) { return; }
          featureLayer.bindTooltip(label("map-label map-label--locality", properties.name), {
            permanent: true, direction: "right", offset: [4, 0], className: "map-tooltip", interactive: false
          });
          found.places.push({ name: properties.name, latlng: featureLayer.getLatLng() });
          return;
        }
        var centre = featureLayer.getBounds().getCenter();
        var className = "map-label map-label--" + properties.kind;
        labels.addLayer(L.tooltip({
          permanent: true, direction: "center", className: "map-tooltip", interactive: false
        }).setLatLng(centre).setContent(label(className, properties.name)));
        if (properties.kind === "area") {
          found.places.push({ name: properties.name, bounds: featureLayer.getBounds() });
        }
      }
    }).addTo(map);
    labels.addTo(map);
    found.layer = layer;
    found.places.sort(function (a, b) { return a.name.localeCompare(b.name, "sv"); });
    return found;
  }

  // Moves the map to a named area or locality; returns whether the name was found.
  function goTo(map, places, name) {
    var wanted = (name || "").trim().toLocaleLowerCase("sv");
    var place = places.filter(function (item) {
      return item.name.toLocaleLowerCase("sv") === wanted;
    })[0] || places.filter(function (item) {
      return wanted && item.name.toLocaleLowerCase("sv").indexOf(wanted) === 0;
    })[0];
    if (!place) { return null; }
    if (place.bounds) { map.fitBounds(place.bounds); } else { map.setView(place.latlng, 15); }
    return place;
  }

  // A map's numbers (divIcons of NUMBER_SIZE px) where they crowd: each marker, in the
  // order given (best first), is shown if it clears every number already shown, and
  // the rest come back as the map is zoomed in. Call it again on "zoomend".
  var NUMBER_SIZE = 28;  // px, the divIcon's size
  var NUMBER_GAP = 2;    // px kept free between two numbers

  function declutter(map, layer, markers) {
    var shown = [];
    var room = NUMBER_SIZE + NUMBER_GAP;
    markers.forEach(function (marker) {
      var point = map.latLngToContainerPoint(marker.getLatLng());
      var free = shown.every(function (other) {
        return Math.abs(point.x - other.x) >= room || Math.abs(point.y - other.y) >= room;
      });
      if (free) {
        shown.push(point);
        if (!layer.hasLayer(marker)) { layer.addLayer(marker); }
      } else if (layer.hasLayer(marker)) {
        layer.removeLayer(marker);
      }
    });
  }

  window.TryggBaseMap = {
    create: create, draw: draw, goTo: goTo, label: label,
    declutter: declutter, NUMBER_SIZE: NUMBER_SIZE
  };
}());
