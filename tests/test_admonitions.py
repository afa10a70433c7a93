"""Practice call-outs (handbook.writing.admonitions)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="admonitions")
def test_each_kind_has_its_class_and_title(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    boxes = soup.select("div.admonition.handbook-admonition")
    found = [
        (
            next(c for c in b["class"] if c in {"key-issue", "practice-point", "what-to-do"}),
            b.select_one(".admonition-title").get_text(),
        )
        for b in boxes
    ]
    assert found == [
        ("key-issue", "Key issue"),
        ("practice-point", "Building trust"),
        ("what-to-do", "What to do"),
    ]
    assert boxes[1].select_one(".admonition-title em").get_text() == "trust"
    assert app.warning.getvalue() == ""
