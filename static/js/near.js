// "Use my location": fills the near-me form's hidden lat/lng from the browser and sends the form.
// Without JavaScript the button stays hidden and a district's centre does the same job.
(function () {
  "use strict";
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll("[data-locate]").forEach(function (button) {
    var form = button.form;
    var status = form.querySelector("[data-locate-status]");
    button.hidden = false;
    if (form.elements.near) {
      // A district chosen by hand replaces an earlier location.
      form.elements.near.addEventListener("change", function () {
        form.elements.lat.value = "";
        form.elements.lng.value = "";
      });
    }
    button.addEventListener("click", function () {
      if (status) status.textContent = button.dataset.waiting;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.elements.lat.value = position.coords.latitude.toFixed(6);
          form.elements.lng.value = position.coords.longitude.toFixed(6);
          if (form.elements.near) form.elements.near.value = "";
          form.submit();
        },
        function () {
          if (status) status.textContent = button.dataset.failed;
        },
        { timeout: 10000, maximumAge: 60000 }
      );
    });
  });
})();
