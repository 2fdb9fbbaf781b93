// The edition's interactive map: vector layers only (no tile server), built from the
// GeoJSON that edition-map-layers.js sets, so it works offline. Notes from the register open on
// hover and on keyboard focus of a place.
(function () {
  "use strict";
  // A tooltip built from text nodes: the names and notes are data, never parsed as HTML.
  function tip(name, note) {
    var element = document.createElement("div");
    var heading = document.createElement("strong");
    heading.appendChild(document.createTextNode(name));
    element.appendChild(heading);
    if (note) {
      element.appendChild(document.createElement("br"));
      element.appendChild(document.createTextNode(note));
    }
    return element;
  }
  function setUp(container) {
    var layers = window.EDITION_MAP_LAYERS;
    var style = layers.style;  // colours and credits, as the static map has them (edition.geo)
    var map = L.map(container, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(style.credits);
    var departments = L.geoJSON(layers.departments, {
      style: { color: style.departments.edge, weight: 1, fillColor: style.departments.fill, fillOpacity: 1 },
      onEachFeature: function (feature, layer) { layer.bindTooltip(tip(feature.properties.name), { sticky: true }); }
    }).addTo(map);
    L.geoJSON(layers.zones, {
      style: function (feature) {
        var colour = style.zones[feature.properties.actor];
        return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.25, dashArray: "4 3" };
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tip(feature.properties.name, feature.properties.description),
                          { sticky: true, className: "edition-map-tip" });
      }
    }).addTo(map);
    L.geoJSON(layers.river, { style: { color: style.river, weight: 3 } })
      .bindTooltip("Huallaga river (schematic)", { sticky: true }).addTo(map);
    L.geoJSON(layers.places, {
      pointToLayer: function (feature, latlng) {
        var siege = feature.properties.emphasis === "siege";
        var marker = L.circleMarker(latlng, { radius: siege ? 8 : 5,
          color: style.outline, weight: 1, fillColor: siege ? style.siege : style.town, fillOpacity: 1 });
        return marker;
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tip(feature.properties.name, feature.properties.note),
                          { className: "edition-map-tip" });
        layer.on("add", function () {
          var element = layer.getElement();
          if (!element) { return; }
          element.setAttribute("tabindex", "0");
          element.setAttribute("role", "img");
          element.setAttribute("aria-label", feature.properties.name);
          element.addEventListener("focus", function () { layer.openTooltip(); });
          element.addEventListener("blur", function () { layer.closeTooltip(); });
        });
      }
    }).addTo(map);
    map.fitBounds(departments.getBounds(), { padding: [8, 8] });
    container.dataset.ready = "true";
  }
  function start() {
    if (window.EDITION_MAP_LAYERS) { document.querySelectorAll(".edition-map").forEach(setUp); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
