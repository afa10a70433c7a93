"""Two accessibility gaps in Sphinx's output, found by the quality gates (issue 5).

- The ePub's pages had no language: Sphinx's ePub 3 builder writes its own ``<html>`` tag,
  with the namespaces but without ``lang``/``xml:lang`` (DAISY Ace: ``html-has-lang``,
  serious, on every page). The builder's ``html_tag`` gets both, from ``epub_language``.
- A Graphviz diagram in SVG is an ``<object>`` whose only text alternative is fallback
  content, which browsers do not expose when the SVG loads (axe and Ace: ``object-alt``,
  serious). The ``<object>`` gets ``role="img"`` and an ``aria-label`` with the diagram's
  ``:alt:`` text, in every edition, and ``tabindex="-1"``: Chromium otherwise puts the
  diagram, which has nothing to operate, in the tab order with no visible focus.

- furo's drawers on narrow screens: the closed navigation and page-contents drawers are off
  screen but their links stay in the tab order, and the icons that open them cannot be
  reached with the keyboard. ``_static/css/keyboard.css`` hides a closed drawer;
  ``_static/js/keyboard-drawers.js`` turns the icons into buttons (website only).

docs/quality-gates.md lists which test finds each.
"""

from __future__ import annotations

import html
from typing import Any, Final

from sphinx.application import Sphinx
from sphinx.ext import graphviz

from handbook.theming import add_web_assets

__version__: Final = "1.0.0"

OBJECT_TAG: Final = 'type="image/svg+xml" class="'


def add_epub_language(app: Sphinx) -> None:
    if app.builder.name != "epub" or not hasattr(app.builder, "html_tag"):
        return
    lang = html.escape(app.config.epub_language, quote=True)
    tag: str = app.builder.html_tag
    if " lang=" not in tag:
        app.builder.html_tag = tag.replace("<html ", f'<html lang="{lang}" xml:lang="{lang}" ', 1)


def visit_graphviz(self: Any, node: graphviz.graphviz) -> None:
    """Sphinx's own HTML for the diagram, with the alt text on the ``<object>`` itself."""
    start = len(self.body)
    try:
        graphviz.html_visit_graphviz(self, node)
    finally:
        alt = node.get("alt")
        if alt:
            label = html.escape(alt, quote=True)
            for i in range(start, len(self.body)):
                chunk = self.body[i]
                if "<object " in chunk and OBJECT_TAG in chunk and "aria-label" not in chunk:
                    self.body[i] = chunk.replace(
                        OBJECT_TAG,
                        f'type="image/svg+xml" role="img" aria-label="{label}" tabindex="-1" class="',
                        1,
                    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.graphviz")
    app.connect("builder-inited", add_epub_language)
    add_web_assets(app, css=("css/keyboard.css",), js=("js/keyboard-drawers.js",))
    app.add_node(graphviz.graphviz, override=True, html=(visit_graphviz, None))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
