"""The accessibility fixes, in one place: where Sphinx's or furo's output falls short.

Every edition:

- Toctree captions come out as ``<p role="heading">`` with no ``aria-level``
  (sphinx-doc/sphinx#14030): axe reports a critical violation and the Nu HTML Checker an
  error. :class:`HandbookHTMLTranslator` adds the level; everything else is Sphinx's HTML5
  translator.
- A Graphviz diagram in SVG is an ``<object>`` whose only text alternative is fallback
  content, which browsers do not expose when the SVG loads (axe and Ace: ``object-alt``,
  serious). The ``<object>`` gets ``role="img"`` and an ``aria-label`` with the diagram's
  ``:alt:`` text, and ``tabindex="-1"``: Chromium otherwise puts the diagram, which has
  nothing to operate, in the tab order with no visible focus.
- Bibliography entries: Docutils marks each ``role="doc-biblioentry"``, a DPUB-ARIA role
  that ARIA 1.3 and EPUB 3.3 deprecate (axe: aria-deprecated-role; epubcheck: RSC-017),
  inside a ``role="list"`` wrapper whose children are then no list items (axe:
  aria-required-children). The entries keep their classes and text, without the roles.

The ePub:

- Its pages had no language: Sphinx's ePub 3 builder writes its own ``<html>`` tag, with
  the namespaces but without ``lang``/``xml:lang`` (DAISY Ace: ``html-has-lang``, serious,
  on every page). The builder's ``html_tag`` gets both, from ``epub_language``.

The website:

- furo's drawers on narrow screens: the closed navigation and page-contents drawers are off
  screen but their links stay in the tab order, and the icons that open them cannot be
  reached with the keyboard. ``_static/css/keyboard.css`` hides a closed drawer;
  ``_static/js/keyboard-drawers.js`` turns the icons into buttons.

docs/quality-gates.md lists which test finds each.
"""

from __future__ import annotations

import html
from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext import graphviz
from sphinx.writers.html5 import HTML5Translator

from handbook.web.website_only import add_web_assets

__version__: Final = "1.0.0"

#: heading level given to toctree captions (they sit under the page or site title)
CAPTION_LEVEL = "2"
#: the builders whose pages get the accessible translator: the website, the ePub, the PDF
TRANSLATED_BUILDERS: Final = ("html", "dirhtml", "singlehtml", "epub", "pdf")

OBJECT_TAG: Final = 'type="image/svg+xml" class="'


class HandbookHTMLTranslator(HTML5Translator):
    """HTML5 translator: toctree captions carry an ``aria-level``; citations no DPUB roles."""

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname]))

    def visit_inline(self, node: nodes.inline) -> None:
        """Words kept in another language (class ``lang-en-GB``) say so: ``lang``."""
        lang = next((c[5:] for c in node["classes"] if c.startswith("lang-")), None)
        if lang is None:
            super().visit_inline(node)
        else:
            node.html5tagname = "span"  # type: ignore[attr-defined]  # depart_inline closes it
            self.body.append(self.starttag(node, "span", "", lang=lang))

    def visit_block_quote(self, node: nodes.Element) -> None:
        """A quotation kept in its own language (class ``lang-en-GB``) says so: ``lang``."""
        lang = next((c[5:] for c in node["classes"] if c.startswith("lang-")), None)
        if lang is None:
            super().visit_block_quote(node)
        else:
            # Sphinx's own markup, with the language: depart_block_quote closes both
            self.body.append(self.starttag(node, "blockquote", lang=lang) + "<div>")

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            attributes: dict[str, Any] = {"aria-level": CAPTION_LEVEL}
            self.body.append(
                self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **attributes)
            )
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            return
        super().visit_title(node)


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
    """Register every fix: the translator (captions, citations), the diagrams, the ePub
    language, the drawers."""
    for builder in TRANSLATED_BUILDERS:
        app.set_translator(builder, HandbookHTMLTranslator, override=True)
    app.setup_extension("sphinx.ext.graphviz")
    app.connect("builder-inited", add_epub_language)
    add_web_assets(app, css=("css/keyboard.css",), js=("js/keyboard-drawers.js",))
    app.add_node(graphviz.graphviz, override=True, html=(visit_graphviz, None))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
