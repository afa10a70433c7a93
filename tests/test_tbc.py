"""The 'to be confirmed' marker and the list of every marker (handbook.writing.tbc)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="tbc")
def test_markers_are_visible_and_listed_in_reading_order(app: SphinxTestApp) -> None:
    app.build()
    index = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    marker = index.select_one("span.tbc")
    assert marker.get_text() == "[to be confirmed: no published details known]"
    listing = BeautifulSoup((app.outdir / "list.html").read_text(), "html.parser")
    items = [li.get_text(" ", strip=True) for li in listing.select("ul.tbc-list > li")]
    assert items == [
        "Index : no published details known",
        "Other : web address not known",
    ]
    hrefs = [a["href"] for a in listing.select("ul.tbc-list a")]
    assert hrefs == ["index.html#tbc-0", "other.html#tbc-0"]
    assert "2 item(s) to be confirmed on 2 page(s)" in app.status.getvalue()
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="tbc-empty")
def test_a_marker_without_a_note_is_an_error_naming_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert "index.md:3" in warnings
    assert "needs a note" in warnings


@pytest.mark.sphinx("html", testroot="tbc", srcdir="tbc-incremental")
def test_the_list_follows_a_change_on_another_page(app: SphinxTestApp) -> None:
    """An incremental build rewrites the list when only another page changed."""
    app.build()
    other = app.srcdir / "other.md"
    other.write_text(
        other.read_text().replace("{tbc}`web address not known`", "a settled web address")
    )
    app.build()
    listing = BeautifulSoup((app.outdir / "list.html").read_text(), "html.parser")
    items = [li.get_text(" ", strip=True) for li in listing.select("ul.tbc-list > li")]
    assert items == ["Index : no published details known"]
