/* Whom to ring, area by area: a search box that filters the councils as the reader types a
 * place name, in English or Welsh ("Wrexham" or "Wrecsam"). Capitals, accents (Môn, Mon) and
 * extra spaces do not matter. The box is in the page, hidden: without JavaScript it would do
 * nothing, so it stays hidden and every area stays listed. Its label and messages are
 * written by the build in the page's language (data-count, data-none; see
 * handbook/writing/area_contacts.py). Loaded as a file, on that page only: the
 * Content-Security-Policy allows no inline script.
 */
(function () {
  "use strict";

  var box = document.querySelector(".handbook-area-filter");
  if (!box) {
    return;
  }
  var input = box.querySelector("input");
  var status = box.querySelector(".handbook-area-filter-status");
  var areas = Array.prototype.slice.call(document.querySelectorAll(".handbook-area"));
  var regions = Array.prototype.slice.call(document.querySelectorAll(".handbook-area-region"));
  if (!input || !status || !areas.length) {
    return;
  }

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  var names = areas.map(function (area) {
    var name = area.querySelector(".handbook-area-name");
    return fold(name ? name.textContent.replace(/[()]/g, " ") : "");
  });

  function filter() {
    var wanted = fold(input.value);
    var shown = 0;
    areas.forEach(function (area, index) {
      var match = !wanted || names[index].indexOf(wanted) !== -1;
      area.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    regions.forEach(function (region) {
      region.hidden = !region.querySelector(".handbook-area:not([hidden])");
    });
    if (!wanted) {
      status.textContent = "";
    } else if (!shown) {
      status.textContent = box.getAttribute("data-none") || "";
    } else {
      status.textContent = (box.getAttribute("data-count") || "")
        .replace("{shown}", String(shown))
        .replace("{total}", String(areas.length));
    }
  }

  input.addEventListener("input", filter);
  box.hidden = false;
  filter();
})();
