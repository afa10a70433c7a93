/* Sphinx's search helpers on a page that is not the search page (handbook/web/assets.py):
 * "/" puts focus in the search box (doctools.js's shortcut), and only when the search page
 * left terms to highlight are Sphinx's scripts fetched, in order, to highlight them. */
(() => {
  const here = document.currentScript;
  const skip = new Set(["TEXTAREA", "INPUT", "SELECT", "BUTTON"]);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (skip.has(document.activeElement?.tagName)) return;
    const box = document.querySelector("input[name=q]");
    if (!box) return;
    box.focus();
    event.preventDefault();
  });
  let terms = new URLSearchParams(location.search).has("highlight");
  try {
    terms = terms || Boolean(localStorage.getItem("sphinx_highlight_terms"));
  } catch (error) {
    terms = true; // storage blocked: load it and let Sphinx decide
  }
  if (!terms || !here) return;
  for (const name of (here.dataset.highlight || "sphinx_highlight.js").split(" ")) {
    const script = document.createElement("script");
    script.src = new URL(name, here.src).href;
    script.async = false; // run in this order: each needs the one before
    document.head.appendChild(script);
  }
})();
