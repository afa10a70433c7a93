/* The icons that open furo's drawers (navigation, contents of this page) are <label>s for
 * hidden checkboxes: a mouse can use them, a keyboard cannot reach them. Each is replaced by
 * a real <button> with the same classes and icon: in the tab order, named, with
 * aria-expanded and aria-controls; it opens or closes the drawer. Escape closes an open
 * drawer and puts focus back on its button. Without JavaScript the labels stay as they are.
 * Each button's name is its checkbox's data-handbook-button-label (translated by the page
 * template), else the English below. Loaded as a file: the Content-Security-Policy allows no inline script.
 * See handbook/accessibility.py and docs/quality-gates.md.
 */
(function () {
  "use strict";

  var NAMES = { __navigation: "Menu", __toc: "Contents of this page" };
  var DRAWERS = { __navigation: ".sidebar-drawer", __toc: ".toc-drawer" };

  function setUp(label) {
    var box = document.getElementById(label.getAttribute("for"));
    if (!box || !NAMES[box.id]) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " handbook-drawer-button";
    button.innerHTML = label.innerHTML;
    var name = box.getAttribute("data-handbook-button-label") || NAMES[box.id];
    button.setAttribute("aria-label", name);
    var drawer = document.querySelector(DRAWERS[box.id]);
    if (drawer) {
      if (!drawer.id) {
        drawer.id = "handbook-drawer" + box.id;
      }
      button.setAttribute("aria-controls", drawer.id);
    }
    function sync() {
      button.setAttribute("aria-expanded", box.checked ? "true" : "false");
    }
    sync();
    box.addEventListener("change", sync);
    button.addEventListener("click", function () {
      box.checked = !box.checked;
      sync();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.checked) {
        box.checked = false;
        sync();
        if (button.offsetParent !== null) {
          button.focus();
        }
      }
    });
    label.replaceWith(button);
  }

  document
    .querySelectorAll("label.nav-overlay-icon[for], label.toc-overlay-icon[for]")
    .forEach(setUp);
})();
