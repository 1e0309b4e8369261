// Draws a Leaflet map in each [data-map] from the places written in the page (a json_script).
// Without JavaScript, Leaflet or tiles the map stays hidden and the list beside it is the way in.
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

  if (!window.L) return;
  document.querySelectorAll("[data-map]").forEach(function (box) {
    var data = document.getElementById(box.dataset.places);
    var places = data ? JSON.parse(data.textContent) : [];
    if (!places.length) return;
    box.hidden = false;
    useMarkerImages(box);
    var map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
    var points = places.map(function (place) {
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = place.url;
      link.textContent = place.name;
      popup.appendChild(link);
      if (place.note) {
        var note = document.createElement("p");
        note.textContent = place.note;
        popup.appendChild(note);
      }
      L.marker([place.lat, place.lng], { title: place.name, alt: place.name }).bindPopup(popup).addTo(map);
      return [place.lat, place.lng];
    });
    if (points.length === 1) {
      map.setView(points[0], 15);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
    }
  });
})();
