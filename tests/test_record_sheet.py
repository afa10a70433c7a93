"""The record of a concern (handbook/writing/record_sheet.py, source/record-of-a-concern.md).

A one-page sheet with a box for each thing a record of a concern holds, and no score or
risk level: a page in every edition, the site's print of it on one A4 page, and a fillable
PDF form (AcroForm) in each language, offered on the page. Checked on the real outputs;
the directive's refusals on a small project.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import ROOT, Build, pdf_texts
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

PAGE = "record-of-a-concern"
A4_PORTRAIT = (595.3, 841.9)
#: the form's fields, one for each box of the sheet, by name (the page's ``:field:`` options)
FIELDS = {
    "child",
    "seen-heard",
    "when-where",
    "child-words",
    "told",
    "decision",
    "decided-by",
    "decided-on",
    "recorder",
    "written-on",
}
#: what the record of a concern must never ask for: signs inform judgement, they are not scored
SCORED = re.compile(
    r"scor|sgôr|rating|rated|grade|risk[\s-]*level|level of risk|lefel risg|red.?amber.?green",
    re.IGNORECASE,
)
#: the box titles, in English; the Welsh ones come from the page's catalogue
TITLES_EN = (
    "Child's name",
    "What you saw or heard",
    "When and where",
    "The child's own words",
    "Whom you told, and when",
    "What was decided",
    "Who decided",
    "Date of the decision",
    "Your name and role",
    "When you wrote this",
)


def plain(text: str) -> str:
    """One line, straight apostrophes, ligatures undone: text as PDF and HTML can compare it."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return " ".join(text.split())


def titles(language: str) -> list[str]:
    """The box titles in the edition's language, the Welsh ones from the page's catalogue."""
    if language == "en":
        return list(TITLES_EN)
    path = ROOT / "locales" / language / "LC_MESSAGES" / f"{PAGE}.po"
    with path.open("rb") as po:
        catalogue = read_po(po)
    found = []
    for title in TITLES_EN:
        message = catalogue.get(title)
        assert message is not None and message.string, f"{title!r} untranslated in {path.name}"
        found.append(str(message.string))
    return found


def bookmarks(reader: PdfReader) -> list[Any]:
    """Every bookmark of a PDF, at any depth."""
    found: list[Any] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append(item)

    walk(reader.outline)
    return found


def form_path(build: Build) -> Path:
    return build.html / "_downloads" / f"{PAGE}-form{build.suffix}.pdf"


def page_soup(build: Build) -> BeautifulSoup:
    return BeautifulSoup((build.html / f"{PAGE}.html").read_text(encoding="utf-8"), "html.parser")


# -- the fillable PDF form -------------------------------------------------------------------


def test_the_form_has_a_fillable_field_for_every_box(edition_build: Build) -> None:
    reader = PdfReader(form_path(edition_build))
    fields = reader.get_fields() or {}
    assert set(fields) == FIELDS
    assert all(field.get("/FT") == "/Tx" for field in fields.values()), "text fields only"
    # each field is named for screen readers by its box's title, in the form's language
    labels = {plain(str(field["/TU"])) for field in fields.values()}
    assert labels == {plain(title) for title in titles(edition_build.language)}
    # the fields where writing needs room take several lines
    multiline = {name for name, field in fields.items() if int(field.get("/Ff", 0)) & (1 << 12)}
    assert multiline == {"seen-heard", "when-where", "child-words", "told", "decision"}


def test_the_form_is_one_tagged_a4_page_in_its_language(edition_build: Build) -> None:
    with pikepdf.open(form_path(edition_build)) as pdf:
        assert len(pdf.pages) == 1
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert (round(box[2] - box[0], 1), round(box[3] - box[1], 1)) == A4_PORTRAIT
        assert str(pdf.Root.Lang) == ("en-GB" if edition_build.language == "en" else "cy")
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        for font in pdf.pages[0].Resources.Font.values():
            fonts = font.DescendantFonts if "/DescendantFonts" in font else [font]
            for each in fonts:
                assert "/FontFile2" in each.FontDescriptor, each.BaseFont
    text = plain(PdfReader(form_path(edition_build)).pages[0].extract_text())
    heading = plain(page_soup(edition_build).select_one("h1").get_text()).rstrip("#")
    assert heading in text
    assert form_path(edition_build).stat().st_size < 100_000, "the form must stay light"


def test_the_form_keeps_nothing_online(edition_build: Build) -> None:
    """No script, no submit button, no action: what a reader types stays in the file."""
    raw = form_path(edition_build).read_bytes()
    with pikepdf.open(form_path(edition_build)) as pdf:
        assert "/AcroForm" in pdf.Root
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        assert "/Names" not in pdf.Root or "/JavaScript" not in pdf.Root.Names
        for field in pdf.Root.AcroForm.Fields:
            assert "/A" not in field and "/AA" not in field, field.T
    for word in (b"/SubmitForm", b"/JavaScript", b"/JS", b"/URI", b"/Launch"):
        assert word not in raw


def test_nothing_on_the_sheet_or_the_form_scores_a_child(edition_build: Build) -> None:
    fields = PdfReader(form_path(edition_build)).get_fields() or {}
    for name, field in fields.items():
        assert not SCORED.search(f"{name} {field['/TU']}"), name
        assert field.get("/FT") != "/Btn", f"{name}: a tick box"
    sheet = page_soup(edition_build).select_one(".handbook-record-sheet")
    assert sheet is not None
    assert sheet.select("input, select") == []
    for title in sheet.select(".handbook-record-title"):
        assert not SCORED.search(title.get_text()), title.get_text()
    # the sheet says so plainly
    note = plain(sheet.select_one(".handbook-record-note").get_text())
    assert re.search(r"no score and no risk level|dim sgôr a dim lefel risg", note, re.I), note


def test_the_page_offers_its_form_with_its_size(edition_build: Build) -> None:
    link = page_soup(edition_build).select_one("p.handbook-record-form a.handbook-download")
    assert link is not None
    assert link["href"] == f"_downloads/{form_path(edition_build).name}"
    size = round(form_path(edition_build).stat().st_size / 1024)
    assert f"({size} KB)" in link.get_text()
    assert "handbook-web-only" in link.parent["class"]


# -- the sheet in every edition ---------------------------------------------------------------


def test_the_sheet_is_a_page_of_both_books(edition_build: Build) -> None:
    expected = [plain(title) for title in titles(edition_build.language)]
    with zipfile.ZipFile(edition_build.epub) as epub:
        name = next(n for n in epub.namelist() if n.endswith(f"{PAGE}.xhtml"))
        book = BeautifulSoup(epub.read(name), "html.parser")
    found = [
        plain(h.get_text()) for h in book.select(".handbook-record-sheet .handbook-record-title")
    ]
    assert found == expected
    reader = PdfReader(edition_build.pdf)
    heading = plain(page_soup(edition_build).select_one("h1").get_text()).rstrip("#")
    assert heading in [plain(item.title) for item in bookmarks(reader)]
    sheet_pages = [
        plain(text)
        for text in pdf_texts(edition_build.pdf)
        if f"{PAGE}.html" in text and expected[1] in plain(text)
    ]
    assert len(sheet_pages) == 1, "the sheet is on one page of the PDF"
    assert all(title in sheet_pages[0] for title in expected)


@pytest.mark.browser
def test_the_site_prints_the_sheet_alone_on_one_a4_page(
    edition_build: Build, browser: object, tmp_path: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto((edition_build.html / f"{PAGE}.html").as_uri())
        target = tmp_path / "sheet.pdf"
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox  # Chromium's A4 is a fraction of a point narrower
    assert (
        abs(float(box.width) - A4_PORTRAIT[0]) < 1 and abs(float(box.height) - A4_PORTRAIT[1]) < 1
    )
    text = plain(reader.pages[0].extract_text())
    for title in titles(edition_build.language):
        assert plain(title) in text
    how = plain(page_soup(edition_build).select("section section h2")[1].get_text()).rstrip("#")
    assert how not in text, "the page's guidance stays on screen; only the sheet prints"


# -- what the directive refuses ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="record-sheet-bad")
def test_a_box_that_scores_or_rates_fails_the_build_at_its_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"index\.md:\d+: ERROR: record-box 'Risk level' asks for 'Risk level'", warnings
    )
    assert re.search(r"index\.md:\d+: ERROR: record-box 'Concern' asks for 'score'", warnings)
    assert re.search(
        r"index\.md:\d+: ERROR: record-sheet: the field 'child' is used twice", warnings
    )
    assert re.search(r"index\.md:\d+: ERROR: record-box must be inside a record-sheet", warnings)
    assert re.search(
        r"index\.md:\d+: WARNING: .*at most 6 lines: the sheet must fit one page", warnings
    )
