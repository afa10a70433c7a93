"""Accessible markup where Sphinx's own falls short.

Toctree captions come out as ``<p role="heading">`` with no ``aria-level``
(sphinx-doc/sphinx#14030): axe reports a critical violation and the Nu HTML Checker an
error. This translator adds the level; everything else is Sphinx's HTML5 translator.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

#: heading level given to toctree captions (they sit under the page or site title)
CAPTION_LEVEL = "2"


class HandbookHTMLTranslator(HTML5Translator):
    """HTML5 translator whose toctree captions carry an ``aria-level``."""

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


def setup(app: Sphinx) -> dict[str, Any]:
    for builder in ("html", "dirhtml", "singlehtml", "epub", "pdf"):
        app.set_translator(builder, HandbookHTMLTranslator, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
