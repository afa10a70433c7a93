"""Content that code builds is translated too: the briefing, Graphviz diagrams, contacts.

One small root (tests/roots/test-translation-messages) has a briefing, a diagram and contacts, and a
Welsh catalogue of its page (``index.po``) and of the interface (``sphinx.po``). Its gettext
build must hold every part's title and text and the diagram's labels and alt text; its Welsh
build must show them in Welsh: on screen, in the poster, in the diagram, in the ePub.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from handbook.writing.briefing import PART_TITLES

WELSH = {"language": "cy"}


def messages(pot: Path) -> set[str]:
    with pot.open("rb") as file:
        return {str(m.id) for m in read_po(file) if m.id}


def page(app: SphinxTestApp, name: str = "index.html") -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def diagram_text(app: SphinxTestApp, html: BeautifulSoup) -> str:
    """The words drawn in the page's diagram (its SVG file)."""
    diagram = html.select_one("object.graphviz")
    assert diagram is not None
    svg = ElementTree.parse(app.outdir / str(diagram["data"]))
    return " ".join("".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.sphinx("gettext", testroot="translation-messages", srcdir="translation-gettext")
def test_gettext_extracts_the_briefing_and_the_diagram(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    found = messages(app.outdir / "index.pot")
    # the seven titles and the parts' paragraphs and list items
    assert set(PART_TITLES) <= found
    assert {"The background.", "a sign;", "Am I sure?"} <= found
    # the diagram: each label (quoted or a plain word, without spaces around it), the alt
    # text and the caption; text in comments and other attributes is not a label
    assert {"You are worried", "Call 999", "Childline", "Yes"} <= found
    assert {"Flow chart: worried, then call.", "The pathway."} <= found
    assert not any("not a label" in m.lower() for m in found)


@pytest.mark.sphinx("html", testroot="translation-messages", srcdir="translation-en")
def test_the_english_build_is_unchanged(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = page(app)
    titles = [h.get_text() for h in html.select("ol.handbook-briefing h2")]
    assert titles == list(PART_TITLES)
    drawn = diagram_text(app, html)
    assert "You are worried" in drawn and "Call 999" in drawn
    # Sphinx's own alt text: the object's fallback
    assert (
        html.select_one("object.graphviz").get_text(strip=True) == "Flow chart: worried, then call."
    )
    assert "Meic Helpline: 0808 802 3456 (text 84001)" in html.get_text()


@pytest.mark.sphinx(
    "html", testroot="translation-messages", srcdir="translation-cy", confoverrides=WELSH
)
def test_the_welsh_build_shows_the_briefing_in_welsh_on_screen_and_on_the_poster(
    app: SphinxTestApp,
) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = page(app)
    cards = html.select("ol.handbook-briefing-grid > li")
    titles = [li.select_one(".sd-card-header h2").get_text() for li in cards]
    # translated where the catalogue has a translation, English where it has none yet
    assert titles == [
        "Cefndir",
        "Pwysigrwydd",
        "Information",
        "Recognition",
        "Key issues",
        "Questions for practice",
        "Camau",
    ]
    assert cards[0].select_one(".sd-card-body").get_text(strip=True) == "Y cefndir."
    assert "arwydd;" in cards[3].get_text()
    link = html.select_one("p.handbook-briefing-poster a")
    assert link is not None
    assert re.fullmatch(
        r"Argraffwch y sesiwn friffio hon: poster A4 \(PDF, \d+ KB\)", link.get_text()
    )

    poster = app.outdir / "_downloads" / "index-poster.pdf"
    with pikepdf.open(poster) as pdf:
        assert str(pdf.Root.Lang) == "cy"
        assert str(pdf.docinfo["/Title"]).startswith("Sesiwn friffio 7 munud: ")
    text = " ".join(p.extract_text() for p in PdfReader(poster).pages)
    for welsh in ("Cefndir", "Y cefndir.", "Camau", "Am y sesiwn friffio hon"):
        assert welsh in text
    assert "Tachwedd 2026" in text  # the review date, in Welsh
    assert "Background" not in text and "About this briefing" not in text


@pytest.mark.sphinx(
    "html", testroot="translation-messages", srcdir="translation-cy", confoverrides=WELSH
)
def test_the_welsh_build_draws_the_welsh_diagram(app: SphinxTestApp) -> None:
    app.build()
    html = page(app)
    drawn = diagram_text(app, html)
    assert "Rydych yn poeni" in drawn and "Ffoniwch 999" in drawn
    assert "Childline" in drawn  # translated as itself: the other labels are still translated
    assert 'Ie "yn" wir' in drawn  # a quotation mark in a translation is escaped for DOT
    assert "You are worried" not in drawn and "Yes" not in drawn
    diagram = html.select_one("object.graphviz")
    assert diagram.get_text(strip=True) == "Siart llif: poeni, yna ffonio."
    assert html.select_one("figcaption").get_text(strip=True).startswith("Y llwybr.")


@pytest.mark.sphinx(
    "html", testroot="translation-messages", srcdir="translation-cy", confoverrides=WELSH
)
def test_the_welsh_build_uses_the_welsh_contact_fields_and_falls_back_to_english(
    app: SphinxTestApp,
) -> None:
    app.build()
    text = " ".join(page(app).get_text().split())
    # the role: the Welsh service name, the Welsh label around the same number
    assert "Llinell Meic: 0808 802 3456 (neges destun 84001)" in text
    assert "Childline: 0800 1111" in text
    # the list: Welsh "for" where the data has it, the English text where it has not
    assert "Childline (NSPCC), i plant a phobl ifanc: 0800 1111" in text
    assert "Llinell Meic (Meic), i children and young people in Wales: 0808 802 3456" in text
    assert "Meic Helpline" not in text


@pytest.mark.sphinx(
    "epub", testroot="translation-messages", srcdir="translation-cy-epub", confoverrides=WELSH
)
def test_the_welsh_epub_has_the_welsh_briefing(app: SphinxTestApp) -> None:
    app.build()
    xhtml = BeautifulSoup((app.outdir / "index.xhtml").read_text(), "html.parser")
    titles = [h.get_text() for h in xhtml.select("ol.handbook-briefing > li > h2")]
    assert titles[0] == "Cefndir" and titles[-1] == "Camau"
    assert "Y cefndir." in xhtml.get_text()


@pytest.mark.sphinx("html", testroot="translation-messages", srcdir="translation-html-label")
def test_an_html_like_label_is_an_error_naming_the_file(app: SphinxTestApp, rootdir: Path) -> None:
    index = Path(app.srcdir) / "index.md"
    index.write_text(
        index.read_text().replace('[label="Call 999"]', "[label=<<b>Call</b> 999>]"),
        encoding="utf-8",
    )
    app.build(force_all=True)
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert re.search(r"index\.md:\d+: ERROR: an HTML-like Graphviz label", warnings)
