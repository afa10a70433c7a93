"""Translated messages, parsed and stored as cheaply as the English text they replace.

Sphinx's Locale transform parses every translated message as a small MyST document of its
own, and puts the nodes it gets into the page. Two costs came with that, neither needed:

- For each message myst-parser makes a throwaway document with docutils' default settings
  (the default of ``options.get("document", make_document())`` is computed even though
  Sphinx always passes the document), and docutils builds those settings by assembling a
  whole command-line option parser: about 1 ms a message, some 2 s of each Welsh reading.
  The settings are the same every time, so they are made once and copied.
- Nodes taken from a message's document keep a reference to it, so each page's stored
  doctree carried dozens of those documents with their settings and transforms: the Welsh
  doctrees were ten times the English ones, and loading them was most of the Welsh
  editions' writing time. After reading, a node that points at another document than its
  page's points at none, and finds its page through its parent as every other node does.
"""

from __future__ import annotations

import copy
import functools
from typing import Any, Final

import docutils.frontend
from docutils import nodes
from myst_parser.mdit_to_docutils import base
from sphinx.application import Sphinx

__version__: Final = "1.0.0"


@functools.cache
def _defaults(*components: Any) -> docutils.frontend.Values:
    return docutils.frontend.get_default_settings(*components)


def default_settings(*components: Any) -> docutils.frontend.Values:
    """docutils' default settings for these components: a copy of the first ones made, so
    that no document changes another's."""
    return copy.deepcopy(_defaults(*components))


def forget_message_documents(app: Sphinx, doctree: nodes.document) -> None:
    """Let no node of the page keep the document its translated message was parsed in."""
    for node in doctree.findall():
        owner = node.__dict__.get("_document")
        if owner is not None and owner is not doctree:
            node.document = None  # type: ignore[assignment]


def setup(app: Sphinx) -> dict[str, Any]:
    base.get_default_settings = default_settings  # type: ignore[attr-defined]
    app.connect("doctree-read", forget_message_documents)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
