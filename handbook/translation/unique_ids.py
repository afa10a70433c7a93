"""One id a citation, in a translated page as in the source.

Sphinx's Locale transform gives each reference of a translated paragraph the attributes of
the source's reference with the same target. When a paragraph cites the same source twice
(the handbook cites each sentence that states a date, an age or a law), both translated
citations get the first one's ``id``: the Welsh page then has duplicate ids, which is invalid
HTML and which WeasyPrint refuses in the PDF ("Anchor defined twice"). After the page is
read (and translated), each repeated id of a citation gets a fresh one from the document.
"""

from __future__ import annotations

from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

__version__: Final = "1.0.0"


def renumber_repeated_ids(app: Sphinx, doctree: nodes.document) -> None:
    """Give a citation whose id is already taken on the page an id of its own."""
    seen: set[str] = set()
    for node in doctree.findall(nodes.Element):
        ids: list[str] = node.get("ids", [])
        if not ids:
            continue
        fresh: list[str] = []
        for node_id in ids:
            if node_id in seen and isinstance(node, addnodes.pending_xref):
                node_id = doctree.set_id(nodes.Element())
            seen.add(node_id)
            fresh.append(node_id)
        node["ids"] = fresh


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", renumber_repeated_ids)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
