// The week grid with JavaScript: a first click on a free time marks the start, a second click on the same
// day sets the last slot, and the booking form opens with both. Without JavaScript each link books one slot.
document.addEventListener("DOMContentLoaded", function () {
  var grid = document.querySelector("[data-range-grid]");
  if (!grid) {
    return;
  }
  var status = document.getElementById("grid-status");
  var start = null;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function clear() {
    grid.querySelectorAll(".range-start").forEach(function (link) {
      link.classList.remove("range-start");
      link.removeAttribute("aria-current");
    });
    start = null;
  }

  grid.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-start]");
    if (!link) {
      return;
    }
    event.preventDefault();
    if (start && link.dataset.day === start.dataset.day && link.dataset.start >= start.dataset.start) {
      var url = new URL(start.href);
      if (link !== start) {
        url.searchParams.set("end_time", link.dataset.end);
      }
      window.location.assign(url.toString());
      return;
    }
    if (start) {
      clear();
    }
    start = link;
    link.classList.add("range-start");
    link.setAttribute("aria-current", "true");
    say(grid.dataset.startText.replace("[day]", link.dataset.dayLabel).replace("[time]", link.dataset.start));
  });

  // Says the range choice is on (the browser tests wait for it before they click).
  grid.dataset.rangeReady = "true";

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && start) {
      clear();
      say("");
    }
  });
});
