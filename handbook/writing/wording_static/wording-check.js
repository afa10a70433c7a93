/* Check my wording: marks, in the reader's browser, each phrase of the handbook's language
 * list (source/_data/language.yaml, compiled into _static/wording-rules.js by
 * handbook/writing/wording_check.py with the same expressions the build uses).
 * The text is never sent anywhere and never stored: no request, no cookie, no storage, no
 * form, nothing in the address. It is cleared when the quick exit is used and when the page
 * is left (pagehide), so Back does not bring it back.
 * What it says comes from the checker's data-i18n-* attributes, in the page's language.
 */
(function () {
  "use strict";

  var root = document.getElementById("handbook-wording");
  var data = window.handbookWordingRules;
  if (!root || !data) {
    return;
  }
  var P = "handbook-wording";
  var tool = root.querySelector("." + P + "__tool");
  var text = root.querySelector("." + P + "__text");
  var status = root.querySelector("." + P + "__status");
  var output = root.querySelector("." + P + "__output");
  var marked = root.querySelector("." + P + "__marked");
  var results = root.querySelector("." + P + "__results");
  var nojs = root.querySelector("." + P + "__nojs");

  function t(key) {
    return root.getAttribute("data-i18n-" + key) || key;
  }

  var rules = data.rules.map(function (rule) {
    return { rule: rule, re: new RegExp(rule.pattern, data.flags) };
  });

  /* Every phrase, in order, none overlapping: the one that starts first wins, then the
   * longer, then the earlier entry (as handbook.writing.language.marks does). */
  function findMarks(value) {
    var found = [];
    rules.forEach(function (item, index) {
      item.re.lastIndex = 0;
      var match;
      while ((match = item.re.exec(value)) !== null) {
        if (match[0].length === 0) {
          item.re.lastIndex += 1;
          continue;
        }
        found.push({
          start: match.index,
          end: match.index + match[0].length,
          index: index,
          rule: item.rule,
        });
      }
    });
    found.sort(function (a, b) {
      return a.start - b.start || b.end - a.end || a.index - b.index;
    });
    var result = [];
    found.forEach(function (mark) {
      if (result.length && mark.start < result[result.length - 1].end) {
        return;
      }
      mark.found = value.slice(mark.start, mark.end);
      result.push(mark);
    });
    return result;
  }

  function empty(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  /* The list is in English: on a page in another language, it says so (lang). */
  var english = (document.documentElement.lang || "en").toLowerCase().indexOf("en") === 0;

  function line(label, value) {
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = label + ": ";
    p.appendChild(strong);
    var span = document.createElement("span");
    span.textContent = value;
    if (!english) {
      span.lang = "en-GB";
    }
    p.appendChild(span);
    return p;
  }

  function show(value, found) {
    empty(marked);
    empty(results);
    var at = 0;
    found.forEach(function (mark, i) {
      var number = String(i + 1);
      marked.appendChild(document.createTextNode(value.slice(at, mark.start)));
      var m = document.createElement("mark");
      m.className = P + "__mark";
      m.textContent = mark.found;
      marked.appendChild(m);
      var ref = document.createElement("a");
      ref.className = P + "__ref";
      ref.href = "#" + P + "-result-" + number;
      ref.textContent = "[" + number + "]";
      ref.setAttribute("aria-label", t("mark").replace("%(number)s", number));
      marked.appendChild(ref);
      at = mark.end;

      var item = document.createElement("li");
      item.id = P + "-result-" + number;
      item.className = P + "__result";
      var quote = document.createElement("p");
      var q = document.createElement("mark");
      q.textContent = "\u201c" + mark.found.replace(/\s+/g, " ") + "\u201d";
      quote.appendChild(q);
      item.appendChild(quote);
      item.appendChild(line(t("why"), mark.rule.why));
      item.appendChild(line(t("instead"), mark.rule.suggestion));
      var source = mark.rule.sourceText;
      if (mark.rule.support === "principle") {
        source += " (" + t("unconfirmed") + ")";
      }
      var sourceLine = line(t("source"), source);
      sourceLine.setAttribute("data-source", mark.rule.source);
      item.appendChild(sourceLine);
      results.appendChild(item);
    });
    marked.appendChild(document.createTextNode(value.slice(at)));
    output.hidden = found.length === 0;
  }

  function check() {
    var value = text.value;
    if (!value.trim()) {
      show("", []);
      status.textContent = t("empty");
      return;
    }
    var found = findMarks(value);
    show(value, found);
    if (found.length === 0) {
      status.textContent = t("none");
    } else if (found.length === 1) {
      status.textContent = t("one");
    } else {
      status.textContent = t("many").replace("%(count)s", String(found.length));
    }
  }

  function clear(say) {
    text.value = "";
    show("", []);
    status.textContent = say ? t("cleared") : "";
  }

  root.querySelector("." + P + "__check").addEventListener("click", check);
  root.querySelector("." + P + "__clear").addEventListener("click", function () {
    clear(true);
    text.focus();
  });
  /* The quick exit (quick-exit.js) says it is leaving; leaving in any other way too. */
  document.addEventListener("handbook-exit", function () {
    clear(false);
  });
  window.addEventListener("pagehide", function () {
    clear(false);
  });
  window.addEventListener("pageshow", function () {
    clear(false);
  });

  /* For the tests: the same marks as the page shows, as plain data. */
  root.handbookMarks = function (value) {
    return findMarks(value).map(function (mark) {
      return [mark.start, mark.end, mark.rule.phrase];
    });
  };

  nojs.hidden = true;
  tool.hidden = false;
})();
