// Progressive enhancement: draws the public GeoJSON of sites on a Leaflet map.
// The page already lists every site in a table; without JavaScript nothing is lost.
// Points come from the API, which has already generalised or withheld them.
(function () {
  "use strict";
  function cellBounds(lat, lon, size) {
    var half = size / 2;
    return [[lat - half, lon - half], [lat + half, lon + half]];
  }
  function draw(element) {
    if (!window.L) { return; }
    var map = L.map(element, { scrollWheelZoom: false, worldCopyJump: true, maxZoom: 9 });
    map.setView([34.8, 39], 5);
    fetch(element.dataset.world).then(function (r) { return r.json(); }).then(function (world) {
      L.geoJSON(world, { interactive: false, style: { color: "#8c8272", weight: 1, fillColor: "#f4efe6", fillOpacity: 1 } }).addTo(map).bringToBack();
    });
    var template = element.dataset.siteUrl || "";
    var cell = parseFloat(element.dataset.cell || "0.1");
    fetch(element.dataset.geojson, { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.json(); })
      .then(function (collection) {
        var layer = L.featureGroup();
        collection.features.forEach(function (feature) {
          if (!feature.geometry) { return; }
          var lon = feature.geometry.coordinates[0], lat = feature.geometry.coordinates[1];
          var props = feature.properties;
          var shape = props.location_precision === "generalised"
            ? L.rectangle(cellBounds(lat, lon, cell), { color: "#8a2c0d", weight: 1, fillOpacity: 0.35, className: "site-cell" })
            : L.circleMarker([lat, lon], { radius: 6, color: "#8a2c0d", fillOpacity: 0.8, className: "site-point" });
          var link = document.createElement("a");
          link.href = template ? template.replace("00000000-0000-0000-0000-000000000000", feature.id) : "#";
          link.textContent = (document.documentElement.lang === "ar" && props.name_ar) ? props.name_ar : props.name;
          shape.bindPopup(link);
          layer.addLayer(shape);
        });
        layer.addTo(map);
        if (layer.getLayers().length) { map.fitBounds(layer.getBounds().pad(0.5), { maxZoom: 7 }); }
      });
  }
  document.querySelectorAll("[data-map]").forEach(draw);
})();
