// The site and structure forms' place fields: the administrative divisions offered
// are those of the chosen country, and a click on the map sets the point (the
// latitude and longitude fields stay the record; the map only helps to fill them).
(function () {
  "use strict";
  var script = document.currentScript;
  var world = script ? script.src.replace(/place-picker\.js.*$/, "vendor/world/countries-110m.geojson") : null;

  function divisionsOfTheCountry() {
    var $ = window.django && window.django.jQuery;
    var country = document.getElementById("id_country");
    if (!$ || !country) { return; }
    $.ajaxPrefilter(function (options) {
      if (options.url && options.url.indexOf("/autocomplete/") !== -1 &&
          typeof options.data === "string" && options.data.indexOf("field_name=admin_division") !== -1) {
        options.data += "&country=" + encodeURIComponent(country.value || "");
      }
    });
    $(country).on("change", function () {
      $("#id_admin_division").val(null).trigger("change");
    });
  }

  function pointPicker() {
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    if (!window.L || !lat || !lon) { return; }
    var row = lat.closest(".form-row") || lat.parentNode;
    var element = document.createElement("div");
    element.className = "place-picker";
    element.setAttribute("role", "application");
    element.setAttribute("aria-label", row.dataset.pickerLabel || "Map: click to set the point");
    row.after(element);
    var map = L.map(element, { worldCopyJump: true, maxZoom: 12 });
    var marker = null;
    function show() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isNaN(a) || isNaN(b)) { return false; }
      if (marker) { marker.setLatLng([a, b]); } else { marker = L.circleMarker([a, b], { radius: 7, color: "#8a2c0d", fillOpacity: 0.8 }).addTo(map); }
      return true;
    }
    if (show()) { map.setView(marker.getLatLng(), 7); } else { map.setView([34.8, 39], 4); }
    if (world) {
      fetch(world).then(function (r) { return r.json(); }).then(function (data) {
        L.geoJSON(data, { interactive: false, style: { color: "#8c8272", weight: 1, fillColor: "#f4efe6", fillOpacity: 1 } }).addTo(map).bringToBack();
      });
    }
    map.on("click", function (event) {
      var point = event.latlng.wrap();
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    });
    lat.addEventListener("input", show);
    lon.addEventListener("input", show);
  }

  document.addEventListener("DOMContentLoaded", function () {
    divisionsOfTheCountry();
    pointPicker();
  });
})();
