"""Paper carries its provenance (handbook/editions/provenance.py).

A page printed from the site, and every page of the PDF book, shows the page's address, the
date the edition was built, the page's last review date and "Check the online version
before you act on a printed copy", in the edition's language; folded content (dropdowns,
tabs, ``<details>``) prints unfolded. Checked on what readers get: Chromium's print of the
real site, the text of every page of the real PDF, and a small project with every kind of
folded content.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import ROOT, SOURCE, Build, build_day, long_date, pdf_texts
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

LOCALES = ROOT / "locales"
CHECK = "Check the online version before you act on a printed copy."
ONLINE = "This page online: %(address)s"
DATES = "Built %(built)s · Last reviewed %(reviewed)s"
#: what the real site's print is checked on: a page with a diagram, a page with the sheet
PRINTED_PAGES = ("what-to-do", "record-of-a-concern")


def interface(message: str, language: str) -> str:
    """A message of the interface in the edition's language, from its catalogue."""
    if language == "en":
        return message
    with (LOCALES / language / "LC_MESSAGES" / "sphinx.po").open("rb") as po:
        found = read_po(po).get(message)
    assert found is not None and found.string, f"{message!r} is not translated"
    return str(found.string)


def built(language: str) -> str:
    """The date of the build under test, as the editions write it."""
    return build_day(language)


def last_reviewed(page: str, language: str) -> str:
    """The page's ``last_reviewed``, read from its source's front matter (not the build)."""
    text = (SOURCE / f"{page}.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---", 2)[1])
    return long_date(front["last_reviewed"], language)


def address(page: str, language: str) -> str:
    """The page's path in the whole site (no BASEURL in the tests' build)."""
    return f"{'' if language == 'en' else language + '/'}{page}.html"


def expected_lines(page: str, language: str) -> list[str]:
    return [
        interface(ONLINE, language) % {"address": address(page, language)},
        interface(DATES, language)
        % {"built": built(language), "reviewed": last_reviewed(page, language)},
        interface(CHECK, language),
    ]


def squash(text: str) -> str:
    """Text with every run of white space made one space (PDF text breaks lines anywhere)
    and ligatures undone (Chromium writes "fi" as one glyph)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def printed(browser: object, url: str, target: Path) -> PdfReader:
    """Chromium's print of a page to an A4 PDF, as a reader's "Print" makes it."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(url)
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    return PdfReader(target)


# -- the site --------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("page", PRINTED_PAGES)
def test_a_printed_site_page_says_where_it_came_from_and_how_current_it_is(
    edition_build: Build, browser: object, tmp_path: Path, page: str
) -> None:
    language = edition_build.language
    url = (edition_build.html / f"{page}.html").as_uri()
    text = squash(
        " ".join(p.extract_text() for p in printed(browser, url, tmp_path / "p.pdf").pages)
    )
    for line in expected_lines(page, language):
        assert squash(line) in text, f"{line!r} not on the printed {page} ({language})"


@pytest.mark.browser
def test_the_provenance_is_for_paper_only(edition_build: Build, browser: object) -> None:
    """On screen (and so to a screen reader) the block is not there; in print it is."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto((edition_build.html / "what-to-do.html").as_uri())
        block = page.locator(".handbook-print-provenance")
        assert block.count() == 1
        assert not block.is_visible()
        page.emulate_media(media="print")
        assert block.is_visible()
        first = page.evaluate(
            "() => document.querySelector('article[role=main]').firstElementChild.className"
        )
        assert "handbook-print-provenance" in first, "the block must print first"
    finally:
        page.close()


# -- the PDF ---------------------------------------------------------------------------------


def test_every_pdf_page_carries_its_address_dates_and_the_sentence(edition_build: Build) -> None:
    language = edition_build.language
    online = re.escape(interface(ONLINE, language)).replace(re.escape("%(address)s"), r"(\S+)")
    check = squash(interface(CHECK, language))
    when = squash(interface(DATES, language).split("%(reviewed)s")[0] % {"built": built(language)})
    prefix = "" if language == "en" else f"{language}/"
    for number, page_text in enumerate(pdf_texts(edition_build.pdf), start=1):
        text = squash(page_text)
        found = re.search(online, text)
        assert found, f"page {number} ({language}) has no address: {text[-300:]!r}"
        assert re.fullmatch(rf"{re.escape(prefix)}[a-z0-9-]+\.html", found.group(1)), found.group(1)
        assert check in text, f"page {number} ({language}) lacks the sentence"
        assert when in text, f"page {number} ({language}) lacks the build date"


def test_each_chapter_of_the_pdf_names_its_own_page(edition_build: Build) -> None:
    """The address at the foot is the chapter's own, with its review date: the page where
    each chapter starts (its bookmark) names that page of the site."""
    language = edition_build.language
    reader = PdfReader(edition_build.pdf)
    index = BeautifulSoup((edition_build.html / "index.html").read_text(), "html.parser")
    chapters = {
        a.get_text(strip=True): a["href"].removesuffix(".html")
        for a in index.select(".sidebar-tree li.toctree-l1 > a")
    }
    # the chapters' bookmarks are one level down, under the book's title (a heading inside a
    # chapter may share a chapter's title: the briefing's "Questions for practice")
    nested = next(item for item in reader.outline if isinstance(item, list))
    starts = {
        item.title: reader.get_destination_page_number(item)
        for item in nested
        if not isinstance(item, list)
    }

    checked = 0
    for title, page in chapters.items():
        if title not in starts:
            continue
        text = squash(pdf_texts(edition_build.pdf)[starts[title]])
        for line in expected_lines(page, language)[:2]:
            assert squash(line) in text, f"{title}: {line!r} not at the foot of its first page"
        checked += 1
    assert checked == len(chapters) >= 15, (checked, len(chapters))


# -- folded content --------------------------------------------------------------------------


#: the text of every folded part of tests/roots/test-print/folded.md
FOLDED = (
    "Text inside the closed dropdown.",
    "Text of the first tab.",
    "Text of the second tab.",
    "Text of the third tab.",
    "Text inside the plain details element.",
)


@pytest.mark.browser
@pytest.mark.sphinx("html", testroot="print")
def test_folded_content_prints_unfolded(
    app: SphinxTestApp, browser: object, tmp_path: Path
) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    url = (Path(app.outdir) / "folded.html").as_uri()
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(url)
        # on screen the content really is folded: else this test proves nothing
        for text in (FOLDED[0], *FOLDED[2:]):
            assert not page.get_by_text(text).is_visible(), f"{text!r} is not folded on screen"
        assert page.get_by_text("Text of the first tab.").is_visible()
    finally:
        page.close()
    reader = printed(browser, url, tmp_path / "folded.pdf")
    text = squash(" ".join(p.extract_text() for p in reader.pages))
    for line in FOLDED:
        assert line in text, f"{line!r} is folded away in print"
    for label in ("First tab", "Second tab", "Third tab", "A closed dropdown"):
        assert label in text
    assert "This page online: folded.html" in text
    assert "Last reviewed 2 November 2026" in text


@pytest.mark.sphinx("pdf", testroot="print")
def test_folded_content_and_provenance_in_a_pdf(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    reader = PdfReader(Path(app.outdir) / "test.pdf")
    pages = [squash(p.extract_text()) for p in reader.pages]
    whole = " ".join(pages)
    for line in FOLDED:
        assert line in whole, f"{line!r} is missing from the PDF"
    assert all(CHECK in text for text in pages)
    assert "This page online: index.html" in pages[0]  # the title page: the home page's
    folded = next(text for text in pages if "Text inside the closed dropdown." in text)
    assert "This page online: folded.html" in folded
    assert "Last reviewed 2 November 2026" in folded


BASEURL = "https://example.org/handbook/"


@pytest.mark.sphinx("html", testroot="print", confoverrides={"html_baseurl": BASEURL})
def test_with_the_site_s_address_a_printed_page_names_its_web_address(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "folded.html").read_text(), "html.parser")
    block = page.select_one(".handbook-print-provenance")
    assert block is not None and block.has_attr("hidden")
    assert squash(block.get_text()).startswith(f"This page online: {BASEURL}folded.html")


@pytest.mark.sphinx("pdf", testroot="print", confoverrides={"html_baseurl": BASEURL})
def test_with_the_site_s_address_every_pdf_page_names_its_web_address(app: SphinxTestApp) -> None:
    app.build()
    pages = [squash(p.extract_text()) for p in PdfReader(Path(app.outdir) / "test.pdf").pages]
    assert f"This page online: {BASEURL}index.html" in pages[0]
    assert any(f"This page online: {BASEURL}folded.html" in text for text in pages)
    assert all(f"This page online: {BASEURL}" in text for text in pages)
