"""Unique anchors and working links in the single-page document the PDF is made from.

Two problems of Sphinx's single-page HTML, fixed on the assembled doctree:

* cross-references come out as ``#document-page#label`` (sphinx-doc/sphinx#14221), which
  WeasyPrint cannot follow: it drops the link and only logs it;
* each page's ids are only unique within that page, so two pages with a "Further reading"
  section would share an anchor and a link could land in the wrong chapter.

Every id is prefixed with its page's name and every reference rewritten to match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from sphinx import addnodes

DOC_PREFIX = "#document-"


def _slug(docname: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", docname)


def _walk(node: nodes.Element, doc: str) -> Iterator[tuple[nodes.Element, str]]:
    """Every element with the page it came from, top-down.

    Walks ``children`` rather than asking for ``parent``: ``inline_all_toctrees`` moves a
    page's nodes under ``start_of_file`` without updating their ``parent``.
    """
    if isinstance(node, addnodes.start_of_file):
        doc = str(node["docname"])
    yield node, doc
    for child in node.children:
        if isinstance(child, nodes.Element):
            yield from _walk(child, doc)


def unique_ids(
    tree: nodes.Element, root_doc: str, known: dict[tuple[str, str], str] | None = None
) -> dict[tuple[str, str], str]:
    """Prefix ids with their page and rewrite references; return the id map.

    With ``known`` (the map of the assembled document), only rewrite references, as for the
    separately rendered table of contents.
    """
    id_map: dict[tuple[str, str], str] = dict(known or {})
    if known is None:
        for node, doc in _walk(tree, root_doc):
            if not node["ids"]:
                continue
            new_ids = []
            for old in node["ids"]:
                new = f"{_slug(doc)}--{old}"
                id_map[(doc, old)] = new
                new_ids.append(new)
            node["ids"] = new_ids
    for node, doc in _walk(tree, root_doc):
        if "refid" in node:
            node["refid"] = id_map.get((doc, node["refid"]), node["refid"])
        if node.get("backrefs"):
            node["backrefs"] = [id_map.get((doc, b), b) for b in node["backrefs"]]
        refuri = node.get("refuri")
        if isinstance(node, nodes.reference) and refuri and refuri.startswith("#"):
            node["refuri"] = _rewrite(refuri, doc, id_map)
    return id_map


def _rewrite(refuri: str, doc: str, id_map: dict[tuple[str, str], str]) -> str:
    """``#document-page#label`` -> ``#page--label``; ``#label`` -> ``#doc--label``."""
    if refuri.startswith(DOC_PREFIX):
        target, _, anchor = refuri[len(DOC_PREFIX) :].partition("#")
        if not anchor:
            return refuri
        return "#" + id_map.get((target, anchor), anchor)
    anchor = refuri[1:]
    return "#" + id_map.get((doc, anchor), anchor)
