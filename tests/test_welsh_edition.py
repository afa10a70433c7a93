"""The Welsh edition, as ``make all`` builds it: six outputs, one site, the same gates.

The session's build (``handbook_build``) is the whole deployable site: English at the root
of ``html/``, Welsh under ``html/cy/``, and the books beside each other. Each check here is
one the English edition passes elsewhere (axe, the Nu HTML Checker, epubcheck, DAISY Ace,
the PDF's tags and links, parity between editions), run on the Welsh outputs with the same
helpers, plus what only a second language needs: the switcher, ``hreflang``, the status
and the notice.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import Build, pdf_texts
from test_accessibility import VIEWPORTS
from test_parity import squash

NOTICE_EN = "A Welsh-language reviewer has not yet checked this translation"
#: the Welsh PDF's running header and footer, at the end of each page's text
RUNNING_CY = re.compile(r"\n[^\n]*Llawlyfr ymarfer CRhB\nTudalen \d+ o \d+\s*$")
#: how the notice's two parts end on the web, where they link to the English page
NOTICE_ENDINGS = ("darllenwch y dudalen hon yn Saesneg", "read this page in English")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_make_all_gives_six_outputs(handbook_build: Build, welsh_build: Build) -> None:
    assert (welsh_build.html / "index.html").is_file()
    assert welsh_build.epub.name == "cse-practice-handbook-cy.epub"
    assert welsh_build.pdf.name == "cse-practice-handbook-cy.pdf"
    for build in (handbook_build, welsh_build):
        assert build.epub.is_file() and build.pdf.is_file()
        posters = list((build.html / "_downloads").rglob("seven-minute-briefing-poster.pdf"))
        assert len(posters) == 1
    assert [p.name for p in welsh_build.html_pages()] == [
        p.name for p in handbook_build.html_pages()
    ]


def test_every_welsh_page_is_in_welsh(welsh_build: Build) -> None:
    for page in welsh_build.html_pages():
        assert soup(page).html["lang"] == "cy", page.name  # type: ignore[index]


def test_every_page_links_to_itself_in_the_other_language(
    handbook_build: Build, welsh_build: Build
) -> None:
    """The switcher and the hreflang alternates, both ways, on every page."""
    for build, other, other_lang in (
        (handbook_build, welsh_build, "cy"),
        (welsh_build, handbook_build, "en-GB"),
    ):
        for page in build.html_pages():
            html = soup(page)
            switch = html.select(f'nav.handbook-languages a[hreflang="{other_lang}"]')
            assert len(switch) == 1, f"{page}: no switcher link to {other_lang}"
            target = (page.parent / str(switch[0]["href"])).resolve()
            assert target == (other.html / page.name).resolve(), (page, switch[0]["href"])
            assert switch[0].get("lang") == other_lang
            alternates = {
                str(link["hreflang"]): (page.parent / str(link["href"])).resolve()
                for link in html.select("link[rel=alternate][hreflang]")
            }
            assert alternates[other_lang] == (other.html / page.name).resolve()
            assert alternates["x-default"] == (handbook_build.html / page.name).resolve()


@pytest.mark.browser
def test_the_switcher_works_by_keyboard(browser: Any, site_url: str, welsh_build: Build) -> None:
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    try:
        for start, expected in (
            ("/cy/what-to-do.html", "/what-to-do.html"),
            ("/what-to-do.html", "/cy/what-to-do.html"),
        ):
            page.goto(site_url + start, wait_until="load")
            for _ in range(30):
                page.keyboard.press("Tab")
                inside = page.evaluate(
                    "document.activeElement.closest('nav.handbook-languages') !== null"
                )
                if inside:
                    break
            else:
                pytest.fail(f"{start}: the switcher is not reached with Tab")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == site_url + expected
    finally:
        page.close()


def test_every_page_has_its_translation_status(welsh_build: Build) -> None:
    report = json.loads((welsh_build.html / "translation-status.json").read_text(encoding="utf-8"))
    listed = {row["page"] for row in report["pages"]}
    assert listed == {p.stem for p in welsh_build.html_pages()} - {"search", "genindex"}
    table = soup(welsh_build.html / "translation-status.html").select(
        "table.handbook-translation-status tbody tr"
    )
    assert len(table) == len(listed)


def unreviewed_pages(welsh_build: Build) -> set[str]:
    report = json.loads((welsh_build.html / "translation-status.json").read_text(encoding="utf-8"))
    return {row["page"] for row in report["pages"] if not row["reviewed"]}


def test_each_unchecked_page_carries_the_notice_in_all_three_editions(
    welsh_build: Build,
) -> None:
    pages = unreviewed_pages(welsh_build)
    assert pages, "every page reviewed: then this test must check the opposite"
    for name in pages:
        notice = soup(welsh_build.html / f"{name}.html").select_one(".handbook-translation-notice")
        assert notice is not None and NOTICE_EN in notice.get_text(" "), name
        assert notice.select_one('[lang="cy"]') and notice.select_one('[lang="en-GB"]')
    with zipfile.ZipFile(welsh_build.epub) as book:
        chapters = [
            n for n in book.namelist() if n.endswith(".xhtml") and n.split("/")[-1][:-6] in pages
        ]
        assert len(chapters) == len(pages)
        for name in chapters:
            assert NOTICE_EN in book.read(name).decode(), name
    text = " ".join(pdf_texts(welsh_build.pdf))
    assert squash(text).count(squash(NOTICE_EN)) == len(pages)


def test_welsh_epub_and_pdf_say_they_are_welsh(welsh_build: Build) -> None:
    with zipfile.ZipFile(welsh_build.epub) as book:
        opf = BeautifulSoup(book.read("content.opf"), "xml")
    assert opf.find("dc:language").get_text() == "cy"  # type: ignore[union-attr]
    assert "Camfanteisio" in opf.find("dc:title").get_text()  # type: ignore[union-attr]
    pdf = pikepdf.open(welsh_build.pdf)
    assert str(pdf.Root.Lang) == "cy"
    assert str(pdf.docinfo["/Title"]).startswith("Camfanteisio")
    assert pdf.Root.MarkInfo.Marked is True and len(pdf.Root.StructTreeRoot.K) > 0


def test_the_welsh_search_finds_welsh_words(welsh_build: Build) -> None:
    index = (welsh_build.html / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index('"terms":') + 8 : index.index(',"titles"')])
    for word in ("camfanteisio", "plentyn", "diogelu", "i", "a"):
        assert word in terms, word


@pytest.mark.browser
def test_the_welsh_search_page_finds_and_reports_in_welsh(
    browser: Any, site_url: str, welsh_build: Build
) -> None:
    """The summary uses the Welsh plural for the number found, with no script refused."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{site_url}/cy/search.html?q=camfanteisio", wait_until="load")
        summary = page.locator("#search-results .search-summary")
        summary.wait_for(timeout=20_000)
        page.wait_for_function(
            "document.querySelector('#search-results .search-summary').innerText.length > 0"
        )
        found = page.locator("#search-results li").count()
        assert found > 5
        assert summary.inner_text() == (
            f"Wedi gorffen chwilio: mae {found} o dudalennau’n cyfateb i’r chwiliad."
        )
        assert page.evaluate("[1, 2, 6].map(Documentation.PLURAL_EXPR)") == [1, 2, 4]
        assert errors == []
    finally:
        page.close()
