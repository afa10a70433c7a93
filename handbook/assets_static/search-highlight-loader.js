/* Load Sphinx's sphinx_highlight.js only when there are search terms to highlight.
 * handbook/assets.py puts this small file in its place on every page but the search
 * page. The search page leaves the terms in localStorage ("sphinx_highlight_terms");
 * older links carry them in the address (?highlight=). Without terms, the 5 KB script
 * would do nothing. */
(() => {
  "use strict";
  const here = document.currentScript;
  let terms = new URLSearchParams(window.location.search).has("highlight");
  try {
    terms = terms || Boolean(window.localStorage.getItem("sphinx_highlight_terms"));
  } catch (error) {
    terms = true; // storage blocked: load it and let Sphinx decide
  }
  if (!terms || !here) return;
  const script = document.createElement("script");
  script.src = new URL("sphinx_highlight.js", here.src).href;
  document.head.appendChild(script);
})();
