/* "Keep this handbook on this device" and "Remove it from this device"
 * (handbook/web/offline.py puts the control on one page of each language's site).
 * Nothing is stored until the reader presses "Keep": only then is the service worker
 * (offline-worker.js, at the root of the language's site) registered, and it keeps the
 * copy in Cache Storage. "Remove" unregisters every worker of the handbook on this site
 * and deletes every cache it made, in every language. The registration is the only
 * state: no cookie, no localStorage. The page's words come from its data-i18n-*
 * attributes, in the page's language.
 */
(function () {
  "use strict";

  var PREFIX = "cse-handbook-offline:";
  var root = document.getElementById("handbook-offline");
  if (!root) {
    return;
  }
  var status = root.querySelector(".handbook-offline__status");
  var keepButton = root.querySelector(".handbook-offline__keep");
  var removeButton = root.querySelector(".handbook-offline__remove");
  var workerName = root.getAttribute("data-handbook-offline-worker");
  var worker = new URL(workerName, document.baseURI).href;
  var scope = new URL(root.getAttribute("data-handbook-offline-scope"), document.baseURI).href;

  root.querySelector(".handbook-offline__nojs").hidden = true;

  function say(state, values) {
    var text = root.getAttribute("data-i18n-" + state) || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.replace("%(" + name + ")s", values[name]);
    });
    root.setAttribute("data-state", state);
    status.textContent = text;
    keepButton.hidden = ["absent", "elsewhere", "failed", "removed"].indexOf(state) < 0;
    removeButton.hidden = ["kept", "elsewhere", "remove-failed"].indexOf(state) < 0;
  }

  if (!("serviceWorker" in navigator) || !window.caches) {
    say("unsupported");
    return;
  }

  function isOurs(registration) {
    return [registration.active, registration.waiting, registration.installing].some(
      function (w) {
        return w && w.scriptURL.split("?")[0].slice(-workerName.length - 1) === "/" + workerName;
      }
    );
  }

  function removeAll() {
    var unregistered = navigator.serviceWorker.getRegistrations().then(function (all) {
      return Promise.all(
        all.filter(isOurs).map(function (registration) {
          return registration.unregister();
        })
      );
    });
    var deleted = caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf(PREFIX) === 0;
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
    });
    return Promise.all([unregistered, deleted]);
  }

  // the active worker, once the one being installed has finished (null if it failed)
  function settled(registration) {
    var w = registration.installing || registration.waiting;
    if (!w) {
      return Promise.resolve(registration.active);
    }
    return new Promise(function (resolve) {
      w.addEventListener("statechange", function () {
        if (w.state === "activated") {
          resolve(w);
        } else if (w.state === "redundant") {
          resolve(registration.active);
        }
      });
    });
  }

  function showVersion(active) {
    if (!active) {
      return removeAll().then(function () {
        say("failed");
      });
    }
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      root.setAttribute("data-handbook-offline-hash", event.data.hash);
      say("kept", { version: event.data.release, date: event.data.date });
    };
    active.postMessage("handbook-offline-version", [channel.port2]);
  }

  function keep() {
    say("saving");
    navigator.serviceWorker
      .register(worker, { scope: scope, updateViaCache: "none" })
      .then(settled)
      .then(showVersion)
      .catch(function () {
        removeAll().then(function () {
          say("failed");
        });
      });
  }

  function remove() {
    say("removing");
    removeAll().then(
      function () {
        say("removed");
      },
      function () {
        say("remove-failed");
      }
    );
  }

  // a new version took over (the browser updates the copy when online): show it
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (root.getAttribute("data-state") === "kept") {
      navigator.serviceWorker.getRegistration(scope).then(function (registration) {
        if (registration && registration.scope === scope) {
          settled(registration).then(showVersion);
        }
      });
    }
  });

  keepButton.addEventListener("click", keep);
  removeButton.addEventListener("click", remove);

  // a copy of the handbook in another language (or one left half made) on this device?
  function elsewhere() {
    return Promise.all([navigator.serviceWorker.getRegistrations(), caches.keys()]).then(
      function (found) {
        var names = found[1].filter(function (name) {
          return name.indexOf(PREFIX) === 0;
        });
        say(found[0].some(isOurs) || names.length ? "elsewhere" : "absent");
      }
    );
  }

  navigator.serviceWorker.getRegistration(scope).then(function (registration) {
    if (!registration || registration.scope !== scope) {
      elsewhere();
    } else {
      if (registration.installing) {
        say("saving");
      }
      settled(registration).then(showVersion);
    }
  });
})();
