"""A translated paragraph that cites one source twice keeps one id a citation: Sphinx's
Locale transform copies the source's first citation's id onto both (invalid HTML, and
WeasyPrint's "Anchor defined twice" in the Welsh PDF); handbook.translation.unique_ids
renumbers the repeat."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sphinx.testing.util import SphinxTestApp

WITHOUT = "myst_parser,handbook.writing.bibliography"


def repeated_ids(app: SphinxTestApp) -> list[str]:
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Hysbyswch cyn pen 24 awr" in html  # the page is translated
    return [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]


@pytest.mark.sphinx("html", testroot="unique-ids", freshenv=True)
def test_each_citation_of_a_translated_page_has_its_own_id(app: SphinxTestApp) -> None:
    app.build()
    assert repeated_ids(app) == []


@pytest.mark.sphinx(
    "html", testroot="unique-ids", freshenv=True, confoverrides={"extensions": WITHOUT}
)
def test_without_it_the_translation_repeats_an_id(app: SphinxTestApp) -> None:
    """The fault is real: without the extension, the same page has a repeated id."""
    app.build()
    assert repeated_ids(app) != []
