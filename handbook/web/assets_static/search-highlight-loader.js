/* Loads sphinx_highlight.js only when the search page left terms to highlight (handbook/web/assets.py). */
(() => {
  const here = document.currentScript;
  let terms = new URLSearchParams(location.search).has("highlight");
  try {
    terms = terms || Boolean(localStorage.getItem("sphinx_highlight_terms"));
  } catch (error) {
    terms = true; // storage blocked: load it and let Sphinx decide
  }
  if (!terms || !here) return;
  const script = document.createElement("script");
  script.src = new URL("sphinx_highlight.js", here.src).href;
  document.head.appendChild(script);
})();
