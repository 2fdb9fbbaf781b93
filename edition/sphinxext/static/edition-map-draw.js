// The drawing of the edition's interactive map, which edition-map.js loads with Leaflet and
// the layers when the map comes into view: vector layers only (no tile server), built from
// the GeoJSON that edition-map-layers.js sets, so it works offline. The places' and zones'
// notes open on hover and keyboard focus; labels show where they fit; a layer control shows
// and hides the overlays; the legend is the static map's. Every name, note and label is
// data and reaches the page as a text node. The script's own words (the legend's name, the
// titles of the zoom buttons and of the layer control) are the page's: data attributes of
// the map's element, in the page's language (edition.sphinxext.apparatus.map_words_html).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var GAP = 2;  // pixels kept clear around a label
  // Where a place's label may stand, tried in this order as on the static map
  // (geo.LABEL_OFFSETS): right, left, above, below, then the corners. [x, y]: 1 after the
  // point, -1 before it, 0 centred on it. A zone's or department's label is centred on its
  // point, or just above or below it.
  var PLACE_POSITIONS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1]];
  var AREA_POSITIONS = [[0, 0], [0, -1], [0, 1]];
  var RADIUS = { dot: 6, star: 10 };  // of a place's marker, outline included

  function text(tag, content, className) {
    var element = document.createElement(tag);
    if (className) { element.className = className; }
    element.appendChild(document.createTextNode(content));
    return element;
  }

  // A note built from text nodes: the names and notes are data, never parsed as HTML.
  function tip(name, note) {
    var element = document.createElement("div");
    element.appendChild(text("strong", name));
    if (note) {
      element.appendChild(document.createElement("br"));
      element.appendChild(document.createTextNode(note));
    }
    return element;
  }

  // Leaflet's layer control and attribution write their strings as HTML: give them the
  // string escaped, so that they show its characters.
  function escaped(content) { return text("span", content).innerHTML; }

  function svg(tag, attributes, parent) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (parent) { parent.appendChild(element); }
    return element;
  }

  function starPoints(radius) {
    var points = [];
    for (var i = 0; i < 10; i++) {
      var r = i % 2 ? radius * 0.45 : radius, angle = Math.PI * (i / 5 - 0.5);
      points.push((r * Math.cos(angle)).toFixed(2) + "," + (r * Math.sin(angle)).toFixed(2));
    }
    return points.join(" ");
  }

  // A legend entry's symbol (geo.MAP_LEGEND), drawn at a given size: the legend's swatches
  // and the places' markers are the same drawings.
  function symbol(entry, outline, width, height) {
    var drawing = svg("svg", { width: width, height: height, viewBox: [-width / 2, -height / 2, width, height].join(" "),
                               "aria-hidden": "true", focusable: "false" });
    var radius = Math.min(width, height) / 2 - 1;
    if (entry.symbol === "zone") {
      svg("rect", { x: -width / 2 + 1, y: -height / 2 + 1, width: width - 2, height: height - 2,
                    fill: "url(#" + hatchId(entry.layer) + ")", stroke: entry.colour, "stroke-width": 1.5 }, drawing);
    } else if (entry.symbol === "line") {
      svg("line", { x1: -width / 2, y1: 0, x2: width / 2, y2: 0, stroke: entry.colour, "stroke-width": 3 }, drawing);
    } else if (entry.symbol === "star") {
      svg("polygon", { points: starPoints(radius), fill: entry.colour, stroke: outline, "stroke-width": 1 }, drawing);
    } else {
      svg("circle", { r: radius - 0.5, fill: entry.colour, stroke: outline, "stroke-width": 1 }, drawing);
    }
    return drawing;
  }

  function hatchId(layer) { return "edition-map-hatch-" + layer; }

  // The zones' hatching, as the static map draws it: a pale fill of the actor's colour
  // crossed by lines that rise ("/") or fall ("\") to the right.
  function hatchPatterns(legend) {
    var drawing = svg("svg", { width: 0, height: 0, "aria-hidden": "true", focusable: "false",
                               "class": "edition-map-patterns" });
    var definitions = svg("defs", {}, drawing);
    legend.filter(function (entry) { return entry.symbol === "zone"; }).forEach(function (entry) {
      var pattern = svg("pattern", { id: hatchId(entry.layer), patternUnits: "userSpaceOnUse", width: 7, height: 7,
                                     patternTransform: "rotate(" + (entry.hatch.charAt(0) === "/" ? 45 : -45) + ")" },
                        definitions);
      svg("rect", { width: 7, height: 7, fill: entry.colour, "fill-opacity": 0.22 }, pattern);
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 7, stroke: entry.colour, "stroke-width": 1.5, "stroke-opacity": 0.8 }, pattern);
    });
    return drawing;
  }

  function draw(container, layers) {
    var style = layers.style;  // colours and credits, as the static map has them (edition.geo)
    var words = container.dataset;  // the script's words, in the page's language
    var legendOf = function (layer) { return layers.legend.filter(function (entry) { return entry.layer === layer; }); };
    // no fading: a closed note goes at once, rather than linger over the next one; the zoom
    // buttons are Leaflet's, with the page's words for their titles
    var map = L.map(container, { zoomSnap: 0.25, attributionControl: true, fadeAnimation: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: words.zoomIn, zoomOutTitle: words.zoomOut }).addTo(map);
    map.fitBounds(layers.extent);  // the static map's window
    var firstZoom = map.getZoom();
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escaped(style.credits));
    container.appendChild(hatchPatterns(layers.legend));
    // Panes keep the drawing order whichever overlay is shown again last.
    [["departments", 350], ["river", 420], ["labels", 450]].forEach(function (pane) {
      map.createPane("edition-map-" + pane[0]).style.zIndex = pane[1];
    });
    map.getPane("edition-map-labels").style.pointerEvents = "none";

    // Each overlay is a group; everything it draws carries the class edition-map-in-<overlay>.
    var overlays = {};
    layers.overlays.forEach(function (overlay) { overlays[overlay.id] = L.layerGroup(); });
    var member = function (overlay) { return "edition-map-in-" + overlay; };
    var labels = [], places = [], zones = {};

    // A label: text in a marker of its own that nothing can point at or focus, hidden from
    // screen readers (the markers and the list name the places), in its overlay's group.
    // kind: "place", "zone" or "department"; radius: of the place's marker; colour: a zone's.
    function addLabel(overlay, latlng, content, kind, radius, colour, emphasis) {
      var element = text("span", content, ["edition-map-label", "edition-map-label-" + kind, member(overlay),
                                           emphasis ? "edition-map-label-emphasis" : ""].join(" "));
      element.setAttribute("aria-hidden", "true");
      if (colour) { element.style.borderColor = colour; }
      var marker = L.marker(latlng, { icon: L.divIcon({ className: "edition-map-label-anchor", html: element, iconSize: null }),
                                      interactive: false, keyboard: false, pane: "edition-map-labels" });
      overlays[overlay].addLayer(marker);
      labels.push({ marker: marker, element: element, radius: radius,
                    positions: kind === "place" ? PLACE_POSITIONS : AREA_POSITIONS });
    }
    var at = function (point) { return L.latLng(point[0], point[1]); };

    L.geoJSON(layers.departments, {
      pane: "edition-map-departments",
      style: { color: style.departments.edge, weight: 1, fillColor: style.departments.fill, fillOpacity: 1,
               className: member("departments") },
      onEachFeature: function (feature, layer) { layer.bindTooltip(tip(feature.properties.name), { sticky: true }); }
    }).eachLayer(function (layer) { overlays.departments.addLayer(layer); });

    L.geoJSON(layers.zones, {
      style: function (feature) {
        var actor = feature.properties.actor;
        return { color: style.zones[actor], weight: 1.5, fillColor: "url(#" + hatchId(actor) + ")", fillOpacity: 1,
                 className: member(actor) };
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tip(feature.properties.name, feature.properties.description),
                          { sticky: true, className: "edition-map-tip", opacity: 1 });
      }
    }).eachLayer(function (layer) {
      overlays[layer.feature.properties.actor].addLayer(layer);
      zones[layer.feature.properties.id] = layer;
    });

    var river = legendOf("river")[0];
    L.geoJSON(layers.river, { pane: "edition-map-river", style: { color: river.colour, weight: 3, className: member("river") } })
      .eachLayer(function (layer) { overlays.river.addLayer(layer.bindTooltip(river.label, { sticky: true })); });

    var townSymbols = {};
    legendOf("towns").forEach(function (entry) { townSymbols[entry.symbol] = entry; });
    L.geoJSON(layers.places, {
      pointToLayer: function (feature, latlng) {
        var kind = feature.properties.emphasis === "siege" ? "star" : "dot", size = 2 * RADIUS[kind];
        var marker = L.marker(latlng, { keyboard: true, zIndexOffset: kind === "star" ? 1000 : 0, icon: L.divIcon({
          className: "edition-map-place " + member("towns"), html: symbol(townSymbols[kind], style.outline, size, size),
          iconSize: [size, size], tooltipAnchor: [RADIUS[kind] + 2, 0] }) });
        marker.radius = RADIUS[kind];
        return marker;
      },
      onEachFeature: function (feature, layer) {
        layer.bindTooltip(tip(feature.properties.name, feature.properties.note),
                          { className: "edition-map-tip", opacity: 1 });
        layer.on("add", function () {  // Leaflet makes a new element each time the layer is shown
          var element = layer.getElement();
          element.setAttribute("role", "img");
          element.setAttribute("aria-label", feature.properties.name);
        });
      }
    }).eachLayer(function (layer) {
      overlays.towns.addLayer(layer);
      places.push(layer);
    });
    var placeById = {};
    places.forEach(function (place) { placeById[place.feature.properties.id] = place; });

    // Labels in the order of their priority: places (in the data's order), zones, departments.
    places.forEach(function (place) {
      addLabel("towns", place.getLatLng(), place.feature.properties.name, "place", place.radius, null,
               place.feature.properties.emphasis);
    });
    Object.keys(zones).forEach(function (id) {
      var properties = zones[id].feature.properties;
      addLabel(properties.actor, at(properties.label_at), properties.name, "zone", 0, style.zones[properties.actor]);
    });
    overlays.departments.eachLayer(function (layer) {
      addLabel("departments", at(layer.feature.properties.label_at), layer.feature.properties.name, "department", 0);
    });

    // (the panes, not this order, put the departments under the zones and the river over them)
    var named = {};
    layers.overlays.forEach(function (overlay) {
      overlays[overlay.id].addTo(map);
      named[escaped(overlay.name)] = overlays[overlay.id];
    });
    // collapsed into its button: open, it would cover a fifth of the map
    var control = L.control.layers(null, named).addTo(map);
    control.getContainer().querySelector(".leaflet-control-layers-toggle").title = words.layersLabel;
    keyboardFriendly(control);
    container.parentNode.appendChild(legend(layers.legend, style, words.legendLabel));

    map.on("zoomend moveend overlayadd overlayremove resize", placeLabels);
    placeLabels();
    container.dataset.ready = "true";

    // Show each label that fits: in order of priority, at the first of its positions that
    // lies inside the map and clear of the controls, the places' markers and the labels
    // already shown; hide it where none is.
    function placeLabels() {
      var size = map.getSize(), frame = container.getBoundingClientRect(), taken = [];
      container.querySelectorAll(".leaflet-control").forEach(function (control) {
        var box = control.getBoundingClientRect();
        if (box.width) {
          taken.push({ left: box.left - frame.left, top: box.top - frame.top,
                       right: box.right - frame.left, bottom: box.bottom - frame.top });
        }
      });
      places.forEach(function (place) {
        if (map.hasLayer(place)) {
          var p = map.latLngToContainerPoint(place.getLatLng());
          taken.push({ left: p.x - place.radius, top: p.y - place.radius, right: p.x + place.radius, bottom: p.y + place.radius });
        }
      });
      var shown = labels.filter(function (label) { return map.hasLayer(label.marker); });
      shown.forEach(function (label) { if (!label.width) { label.element.hidden = false; } });
      shown.forEach(function (label) {  // measured once, all together (one layout of the page)
        if (!label.width) {
          var box = label.element.getBoundingClientRect();
          label.width = box.width;
          label.height = box.height;
        }
      });
      shown.forEach(function (label) {
        var p = map.latLngToContainerPoint(label.marker.getLatLng()), chosen = null;
        var distance = label.radius ? label.radius + 3 : 0;
        for (var i = 0; i < label.positions.length && !chosen; i++) {
          var box = placed(p, label, label.positions[i], distance);
          if (box.left >= 0 && box.top >= 0 && box.right <= size.x && box.bottom <= size.y && label.width &&
              !taken.some(function (other) { return overlap(box, other); })) {
            chosen = box;
          }
        }
        label.element.hidden = !chosen;
        if (chosen) {
          taken.push(chosen);
          label.element.style.left = (chosen.left - p.x) + "px";
          label.element.style.top = (chosen.top - p.y) + "px";
        }
      });
      container.dataset.layouts = String(Number(container.dataset.layouts || 0) + 1);
    }

    function placed(p, label, position, distance) {
      var w = label.width, h = label.height;
      var left = position[0] > 0 ? p.x + distance : position[0] < 0 ? p.x - distance - w : p.x - w / 2;
      var top = position[1] > 0 ? p.y + distance : position[1] < 0 ? p.y - distance - h : p.y - h / 2;
      if (!label.radius && position[1]) { top = p.y - h / 2 + position[1] * h; }
      return { left: left, top: top, right: left + w, bottom: top + h };
    }

    function overlap(a, b) {
      return a.left < b.right + GAP && b.left < a.right + GAP && a.top < b.bottom + GAP && b.top < a.bottom + GAP;
    }

    // Show a place (its note open) or a zone of the list: its overlay on, the map on it.
    // A place stands left of the centre, so that its note, which opens towards the wider
    // side, has room.
    function show(item, focus) {
      map.eachLayer(function (layer) { if (layer.getTooltip && layer.getTooltip()) { layer.closeTooltip(); } });
      if (item.place && placeById[item.place]) {
        var place = placeById[item.place];
        overlays.towns.addTo(map);
        map.setView(place.getLatLng(), Math.max(map.getZoom(), firstZoom + 2), { animate: false });
        map.panBy([map.getSize().x / 4, 0], { animate: false });
        if (focus) { place.getElement().focus({ preventScroll: true }); } else { place.openTooltip(); }
      } else if (item.zone && zones[item.zone]) {
        var zone = zones[item.zone];
        overlays[zone.feature.properties.actor].addTo(map);
        map.fitBounds(zone.getBounds(), { padding: [24, 24], animate: false });
        zone.openTooltip(at(zone.feature.properties.label_at));
      }
    }
    return { show: show };
  }

  // The layer control opens with Enter, Space or a click on its button (or under the
  // pointer), with keyboard focus on its first box (its button is hidden while it is open),
  // and closes when keyboard focus moves out of it.
  function keyboardFriendly(control) {
    var element = control.getContainer();
    element.removeAttribute("aria-haspopup");
    var toggle = element.querySelector(".leaflet-control-layers-toggle");
    toggle.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        control.expand();
        element.querySelector("input").focus();
      }
    });
    element.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !element.contains(event.relatedTarget)) { control.collapse(); }
    });
  }

  // The legend of the static map (geo.MAP_LEGEND), under the map; each symbol on the
  // departments' colour, as the map shows it.
  function legend(entries, style, label) {
    var list = document.createElement("ul");
    list.className = "edition-map-legend";
    list.setAttribute("aria-label", label);
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      var swatch = symbol(entry, style.outline, 22, 14);
      swatch.style.background = style.departments.fill;
      item.appendChild(swatch);
      item.appendChild(text("span", entry.label));
      list.appendChild(item);
    });
    return list;
  }


  window.EditionMap = { draw: draw };
})();
