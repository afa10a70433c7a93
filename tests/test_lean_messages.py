"""Translated messages cost no more than the English text: handbook.translation.lean_messages.

Sphinx's Locale transform parses each message as a document of its own; its nodes kept a
reference to that document, so the Welsh doctrees stored dozens of whole documents a page
(ten times the English size, and most of the Welsh editions' writing time).
"""

from __future__ import annotations

import pickle

import docutils.frontend
import pytest
from docutils import nodes
from docutils.parsers.rst import Parser
from sphinx.testing.util import SphinxTestApp

from handbook.translation.lean_messages import default_settings

WITH = "myst_parser,handbook.writing.bibliography,handbook.translation.lean_messages"
WITHOUT = "myst_parser,handbook.writing.bibliography"


def foreign_documents(app: SphinxTestApp) -> list[str]:
    """The nodes of the stored Welsh page that point at a document other than the page."""
    with (app.doctreedir / "index.doctree").open("rb") as f:
        doctree: nodes.document = pickle.load(f)
    assert "Hysbyswch cyn pen 24 awr" in doctree.astext()  # the page is translated
    return [
        node.tagname
        for node in doctree.findall()
        if node.__dict__.get("_document") not in (None, doctree)
    ]


@pytest.mark.sphinx(
    "html", testroot="unique-ids", freshenv=True, confoverrides={"extensions": WITH}
)
def test_a_stored_translated_page_holds_no_message_documents(app: SphinxTestApp) -> None:
    app.build()
    assert foreign_documents(app) == []


@pytest.mark.sphinx(
    "html", testroot="unique-ids", freshenv=True, confoverrides={"extensions": WITHOUT}
)
def test_without_it_translated_nodes_keep_their_message_documents(app: SphinxTestApp) -> None:
    """The fault is real: without the extension, the stored page carries them."""
    app.build()
    assert foreign_documents(app) != []


def test_each_document_gets_docutils_defaults_of_its_own() -> None:
    """The settings are made once but never shared: a change to one document's settings,
    or to the list of files it depends on, reaches no other."""
    fresh = docutils.frontend.get_default_settings(Parser)
    first, second = default_settings(Parser), default_settings(Parser)
    assert first is not second
    assert {k: repr(v) for k, v in vars(first).items()} == {
        k: repr(v) for k, v in vars(fresh).items()
    }
    first.report_level = 5
    first.record_dependencies.add("other.md")
    assert second.report_level == fresh.report_level
    assert second.record_dependencies.list == []
    assert default_settings(Parser).record_dependencies.list == []
