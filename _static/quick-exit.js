/* Quick exit ("Exit this page"), after the GOV.UK Design System component.
 * handbook/web/quick_exit.py puts the markup on every web page; this file adds:
 *  - the button and the skip link blank the page at once and leave with location.replace
 *    (so Back does not return here) instead of a plain navigation;
 *  - Shift pressed three times within 5 seconds does the same; each press is shown by the
 *    indicator and announced in the status region; after 5 seconds the count resets;
 *  - before leaving, a "handbook-exit" event on the document lets a page clear what the
 *    reader typed (wording-check.js);
 *  - pageshow (coming back from the browser's cache) removes the blanking.
 * No inline script anywhere: the Content-Security-Policy allows only the site's own files.
 * What it announces comes from the page's data-i18n-* attributes, in the page's language
 * (the template translates them); the English below is only a fallback.
 */
(function () {
  "use strict";

  var TIMEOUT_MS = 5000;
  var PRESSES = 3;
  var root = document.getElementById("handbook-exit");
  if (!root) {
    return;
  }
  var button = root.querySelector(".handbook-exit__button");
  var status = root.querySelector(".handbook-exit__status");
  var indicator = root.querySelector(".handbook-exit__indicator");
  var exitUrl = button.getAttribute("href");
  var count = 0;
  var timer = null;
  var lastKeyWasModified = false;
  var TEXT = {
    loading: root.getAttribute("data-i18n-loading") || "Loading.",
    activated: root.getAttribute("data-i18n-activated") || "Exit this page activated",
    pressTwoMore:
      root.getAttribute("data-i18n-press-two-more") || "Shift, press 2 more times to exit.",
    pressOneMore:
      root.getAttribute("data-i18n-press-one-more") || "Shift, press 1 more time to exit.",
    expired: root.getAttribute("data-i18n-expired") || "Exit this page expired.",
  };

  root.classList.add("handbook-exit--js");

  function announce(text) {
    status.textContent = text;
  }

  function showCount() {
    var dots = indicator.children;
    for (var i = 0; i < dots.length; i += 1) {
      dots[i].classList.toggle("handbook-exit__dot--on", i < count);
    }
    indicator.classList.toggle("handbook-exit__indicator--visible", count > 0);
  }

  function reset() {
    count = 0;
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    showCount();
  }

  function blank() {
    var overlay = document.createElement("div");
    overlay.className = "handbook-exit-overlay";
    overlay.textContent = TEXT.loading;
    document.body.appendChild(overlay);
    document.documentElement.classList.add("handbook-exit-active");
  }

  function exitPage(event) {
    if (event) {
      event.preventDefault();
    }
    reset();
    announce(TEXT.activated);
    // a page that holds what the reader typed (Check my wording) clears it first
    document.dispatchEvent(new CustomEvent("handbook-exit"));
    blank();
    window.location.replace(exitUrl);
  }

  function onKeyUp(event) {
    var isShift = event.key === "Shift" || event.keyCode === 16;
    if (isShift && !lastKeyWasModified) {
      count += 1;
      showCount();
      if (count >= PRESSES) {
        exitPage();
        return;
      }
      announce(PRESSES - count === 1 ? TEXT.pressOneMore : TEXT.pressTwoMore);
      if (count === 1) {
        timer = window.setTimeout(function () {
          reset();
          announce(TEXT.expired);
        }, TIMEOUT_MS);
      }
    } else if (timer) {
      reset();
    }
    lastKeyWasModified = event.shiftKey;
  }

  function onKeyDown(event) {
    // Shift held together with another key (typing a capital) is not a press of Shift.
    if (event.key !== "Shift" && event.shiftKey) {
      lastKeyWasModified = true;
    }
  }

  function onPageShow() {
    var overlays = document.querySelectorAll(".handbook-exit-overlay");
    for (var i = 0; i < overlays.length; i += 1) {
      overlays[i].parentNode.removeChild(overlays[i]);
    }
    document.documentElement.classList.remove("handbook-exit-active");
    reset();
    announce("");
  }

  button.addEventListener("click", exitPage);
  var skip = document.querySelector(".handbook-exit-skiplink");
  if (skip) {
    skip.addEventListener("click", exitPage);
  }
  document.addEventListener("keyup", onKeyUp, true);
  document.addEventListener("keydown", onKeyDown, true);
  window.addEventListener("pageshow", onPageShow);
})();
