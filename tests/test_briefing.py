"""The 7-minute briefing: directives, per-edition layout and the A4 poster."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import pdf_texts
from sphinx.testing.util import SphinxTestApp

from handbook.writing.briefing import PART_TITLES

A4_LANDSCAPE = (841.89, 595.28)
LOCALES = Path(__file__).resolve().parent.parent / "locales" / "cy" / "LC_MESSAGES"


def check_poster(path: Path, lang: str = "en-GB", title_prefix: str = "7-minute briefing: ") -> str:
    """Check the poster is a tagged A4 landscape PDF of 1-2 pages in ``lang``; return its
    text."""
    with pikepdf.open(path) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert (round(box[2] - box[0], 1), round(box[3] - box[1], 1)) == (841.9, 595.3)
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == lang
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo["/Title"]).startswith(title_prefix)
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                fonts = font.DescendantFonts if "/DescendantFonts" in font else [font]
                for each in fonts:
                    descriptor = each.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return " ".join(pdf_texts(path))


def in_order(text: str, words: tuple[str, ...]) -> bool:
    positions = [text.find(word) for word in words]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.sphinx("html", testroot="briefing")
def test_html_shows_seven_numbered_cards_in_a_grid(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    grid = page.select_one("ol.handbook-briefing.handbook-briefing-grid.sd-row")
    assert grid is not None
    items = grid.find_all("li", recursive=False)
    assert [li["id"] for li in items] == [f"briefing-part-{n}" for n in range(1, 8)]
    titles = [li.select_one(".sd-card-header h2").get_text() for li in items]
    assert titles == list(PART_TITLES)
    assert all(li.select_one(".sd-card-body") for li in items)
    assert "Childline: 0800 1111" in items[6].get_text()
    assert page.select_one('link[href*="briefing.css"]') is not None


@pytest.mark.sphinx("html", testroot="briefing")
def test_html_links_the_tagged_a4_poster(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    link = page.select_one("p.handbook-briefing-poster a")
    assert link is not None
    assert link["href"] == "_downloads/index-poster.pdf"
    assert re.fullmatch(r"Print this briefing: A4 poster \(PDF, \d+ KB\)", link.get_text())
    text = check_poster(app.outdir / "_downloads" / "index-poster.pdf")
    assert in_order(text, PART_TITLES)
    assert "Childline: 0800 1111" in text
    assert "About this briefing" in text


@pytest.mark.sphinx("epub", testroot="briefing")
def test_epub_shows_a_plain_numbered_list(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.xhtml").read_text(), "html.parser")
    listing = page.select_one("ol.handbook-briefing")
    assert listing is not None
    assert "sd-row" not in listing["class"] and page.select(".sd-card") == []
    assert [h.get_text() for h in listing.select("li > h2")] == list(PART_TITLES)
    assert page.select("p.handbook-briefing-poster") == []
    assert not (app.outdir / "_downloads").exists()


@pytest.mark.sphinx("html", testroot="briefing-bad")
def test_a_wrong_briefing_is_an_error_naming_file_and_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    for message in [
        "order.md:8: ERROR: briefing part 2 is 'Information' but must be 'Why it matters'",
        "order.md:11: ERROR: briefing part 3 is 'Why it matters' but must be 'Information'",
        "six.md:3: ERROR: a seven-minute-briefing has exactly 7 briefing-part directives, not 6",
        "stray.md:4: ERROR: only briefing-part directives may go inside seven-minute-briefing",
        "orphan.md:3: ERROR: briefing-part must be inside a seven-minute-briefing directive",
    ]:
        assert message in warnings


def welsh(msgid: str, catalogue: str) -> str:
    """The Welsh of a message, read from its catalogue (not from the build)."""
    with (LOCALES / f"{catalogue}.po").open("rb") as po:
        message = read_po(po).get(msgid)
    assert message is not None and message.string, (catalogue, msgid)
    return str(message.string)


def briefing_words(language: str) -> dict[str, object]:
    """What the real briefing says in each language: its parts, the poster's title."""
    if language == "en":
        return {
            "lang": "en-GB",
            "parts": PART_TITLES,
            "poster_title": "7-minute briefing: ",
            "heading": "The 7-minute briefing",
        }
    return {
        "lang": language,
        "parts": tuple(welsh(title, "seven-minute-briefing") for title in PART_TITLES),
        "poster_title": welsh("7-minute briefing", "sphinx") + ": ",
        "heading": welsh("The 7-minute briefing", "seven-minute-briefing"),
    }


def test_the_real_briefing_in_every_edition(edition_build) -> None:  # type: ignore[no-untyped-def]
    """In every language: the cards, the poster (A4 landscape, tagged, in the page's
    language, the seven parts in order), the ePub and the PDF."""
    words = briefing_words(edition_build.language)
    parts: tuple[str, ...] = words["parts"]  # type: ignore[assignment]
    page = BeautifulSoup(
        (edition_build.html / "seven-minute-briefing.html").read_text(), "html.parser"
    )
    assert len(page.select("ol.handbook-briefing-grid > li .sd-card")) == 7
    link = page.select_one("p.handbook-briefing-poster a")
    assert link is not None and link["href"] == "_downloads/seven-minute-briefing-poster.pdf"
    text = check_poster(
        edition_build.html / "_downloads" / "seven-minute-briefing-poster.pdf",
        str(words["lang"]),
        str(words["poster_title"]),
    )
    assert in_order(text, parts)
    with zipfile.ZipFile(edition_build.epub) as epub:
        name = next(n for n in epub.namelist() if n.endswith("seven-minute-briefing.xhtml"))
        xhtml = BeautifulSoup(epub.read(name).decode(), "html.parser")
    titles = [h.get_text() for h in xhtml.select("ol.handbook-briefing > li > h2")]
    assert titles == list(parts)
    assert xhtml.select(".sd-card") == []
    pdf_text = " ".join(pdf_texts(edition_build.pdf))
    heading = pdf_text.find(f"{words['heading']}\n")
    assert heading >= 0
    assert in_order(pdf_text[heading:], parts)


#: A slow, clear pace for reading to a team (an editorial budget, docs/style-guide.md)
READ_ALOUD_WORDS_A_MINUTE = 110


def test_the_briefing_reads_aloud_in_seven_minutes(handbook_build) -> None:  # type: ignore[no-untyped-def]
    page = BeautifulSoup(
        (handbook_build.html / "seven-minute-briefing.html").read_text(), "html.parser"
    )
    cards = page.select("ol.handbook-briefing-grid > li .sd-card")
    assert len(cards) == 7
    words = sum(len(card.get_text(" ").split()) for card in cards)
    budget = 7 * READ_ALOUD_WORDS_A_MINUTE
    assert 7 * 40 < words <= budget, (
        f"the seven parts have {words} words: read aloud at {READ_ALOUD_WORDS_A_MINUTE} words "
        f"a minute they take longer than seven minutes (at most {budget} words)"
    )
