"""A ``<meta name="description">`` on every web page (Lighthouse SEO 100).

Search engines show the description under a page's title; Lighthouse's SEO audit
``meta-description`` fails every page without one. Sphinx writes none. This extension adds
it from, in order:

1. a description the page sets itself (MyST front matter ``html_meta: description: ...``):
   left alone, never doubled;
2. the page's first paragraph of running text (straight under a section: not in a
   call-out, a list or a table, and not a line an extension adds), as plain text, cut at a
   word near 160 characters;
3. for generated pages (search, index of terms): ``handbook_description``, by default the
   handbook's subtitle (``handbook_subtitle``).

Web builders only (``handbook_seo_builders``); the ePub and the PDF carry their own
metadata.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Final

from docutils import nodes
from sphinx.application import Sphinx

__version__: Final = "1.0.0"

MAX_LENGTH: Final = 160
_HAS_DESCRIPTION = re.compile(r"""<meta\s[^>]*name=["']description["']""", re.IGNORECASE)


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """Plain text on one line, cut at a word boundary with an ellipsis if too long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return f"{cut}…"


def first_paragraph(doctree: nodes.document) -> str | None:
    """The first paragraph of running text: straight under a section, with no class.

    Call-outs, lists, tables and what extensions add (the review line, a notice) are
    inside other elements or carry a class, so they are passed over.
    """
    for para in doctree.findall(nodes.paragraph):
        if para.get("classes") or not all(
            isinstance(parent, (nodes.section, nodes.document)) for parent in _ancestors(para)
        ):
            continue
        text = para.astext().strip()
        if len(text) >= 40:
            return text
    return None


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def add_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name not in app.config.handbook_seo_builders:
        return
    metatags = context.get("metatags", "")
    if _HAS_DESCRIPTION.search(metatags):
        return
    text = first_paragraph(doctree) if isinstance(doctree, nodes.document) else None
    if not text:
        text = (
            app.config.handbook_description
            or getattr(app.config, "handbook_subtitle", None)
            or app.config.project
        )
    tag = f'<meta name="description" content="{escape(shorten(text), quote=True)}" />\n'
    context["metatags"] = metatags + tag


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_description", None, "html", types=[str, type(None)])
    app.add_config_value("handbook_seo_builders", ["html", "dirhtml"], "html", types=[list])
    app.connect("html-page-context", add_description)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
