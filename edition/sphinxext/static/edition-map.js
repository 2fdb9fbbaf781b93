// The edition's interactive map, loaded when it is needed: Leaflet, the map's layers and its
// drawing (edition-map-draw.js) load only when the map comes into view, when the address
// names an item of the map's list (map.html#juanjui) or when a button of the list asks for
// its place or zone, so that the page's first paint does not wait for them. The files to load
// are named by this script's data attributes (edition.sphinxext.apparatus.MAP_ASSETS).
(function () {
  "use strict";
  var script = document.currentScript;
  var container = document.getElementById("edition-map");
  if (!script || !container) { return; }

  function asset(name) { return new URL(script.dataset[name], script.src).href; }

  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) { element[name] = attributes[name]; });
      element.addEventListener("load", resolve);
      element.addEventListener("error", function () { reject(new Error("could not load " + element.src)); });
      document.head.appendChild(element);
    });
  }

  var loading = null;
  function loadMap() {
    if (!loading) {
      loading = Promise.all([load("link", { rel: "stylesheet", href: asset("leafletStyle") }),
                             load("link", { rel: "stylesheet", href: asset("mapStyle") }),
                             load("script", { src: asset("leafletScript") }),
                             load("script", { src: asset("layers") }),
                             load("script", { src: asset("mapScript") })])
        .then(function () { return window.EditionMap.draw(container, window.EDITION_MAP_LAYERS); });
    }
    return loading;
  }

  // The list beside the map: its buttons show their place or zone on the map, and so does
  // an address that names an item of the list (map.html#juanjui), on arrival or later.
  function showItem(item, focus) {
    loadMap().then(function (shown) {
      container.scrollIntoView({ block: "center" });
      shown.show(item, focus);
    });
  }
  document.querySelectorAll(".edition-map-show").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { showItem(button.dataset, true); });
  });
  function fromAddress() {
    var item = null;
    try { item = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))); }
    catch (error) { return; }  // an address that is no item's id
    var button = item && item.classList.contains("edition-map-item") && item.querySelector(".edition-map-show");
    if (button) { showItem(button.dataset, false); }
  }
  window.addEventListener("hashchange", fromAddress);
  fromAddress();

  if (!loading && "IntersectionObserver" in window) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        loadMap();
      }
    }, { rootMargin: "200px 0px" });
    observer.observe(container);
  } else {
    loadMap();
  }
})();

