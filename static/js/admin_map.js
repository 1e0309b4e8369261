// Admin: a click on the map under a place's coordinates fills its latitude and longitude fields;
// typing in the fields moves the marker. Without JavaScript the two fields are typed by hand.
(function () {
  "use strict";
  // Leaflet finds its marker images by their plain names in its stylesheet; with content-hashed static
  // names it cannot, so the page gives their addresses.
  function useMarkerImages(box) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: box.dataset.icon,
      iconRetinaUrl: box.dataset.iconRetina,
      shadowUrl: box.dataset.shadow,
    });
  }

  function start() {
    if (!window.L) return;
    document.querySelectorAll("[data-coordinate-map]").forEach(function (box) {
      var lat = document.getElementById(box.dataset.latitude);
      var lng = document.getElementById(box.dataset.longitude);
      if (!lat || !lng) return;
      box.hidden = false;
      useMarkerImages(box);
      var help = document.createElement("p");
      help.className = "help";
      help.textContent = box.dataset.help;
      box.parentNode.insertBefore(help, box);
      box.parentNode.style.flexWrap = "wrap";  // the admin lays a field's label and input out in a row
      var known = lat.value !== "" && lng.value !== "";
      var centre = known ? [Number(lat.value), Number(lng.value)] : [37.5665, 126.978];  // Seoul City Hall
      var map = L.map(box).setView(centre, known ? 16 : 11);
      L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
      var marker = known ? L.marker(centre).addTo(map) : null;
      map.on("click", function (event) {
        lat.value = event.latlng.lat.toFixed(6);
        lng.value = event.latlng.lng.toFixed(6);
        if (marker) marker.setLatLng(event.latlng); else marker = L.marker(event.latlng).addTo(map);
      });
      function typed() {
        var point = [Number(lat.value), Number(lng.value)];
        if (lat.value === "" || lng.value === "" || isNaN(point[0]) || isNaN(point[1])) return;
        if (marker) marker.setLatLng(point); else marker = L.marker(point).addTo(map);
        map.panTo(point);
      }
      lat.addEventListener("change", typed);
      lng.addEventListener("change", typed);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
