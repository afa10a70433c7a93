"""The three editions as readers get them: the real handbook, built once per session."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from conftest import JAVA, Build, build_day, build_moment, epub_with_edited_page, pdf_texts
from pypdf import PdfReader

EPUBCHECK_JAR = Path(__import__("epubcheck").__file__).parent / "epubcheck.jar"
A4_POINTS = (595.28, 841.89)


# -- HTML -------------------------------------------------------------------


def test_html_is_british_english_with_favicon_and_offline_search(handbook_build: Build) -> None:
    html = handbook_build.html
    index = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    assert index.html["lang"] == "en-GB"
    assert index.find("link", rel="icon")["href"].endswith("favicon.svg")
    assert (html / "searchindex.js").stat().st_size > 1000
    assert (html / "search.html").is_file()


def test_every_page_offers_both_downloads_with_their_size(handbook_build: Build) -> None:
    pages = handbook_build.html_pages()
    assert len(pages) >= 15
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        box = soup.select_one(".sidebar-downloads")
        assert box is not None, f"{page.name} has no downloads"
        links = {
            a["href"]: a.find_parent("li").get_text(" ", strip=True) for a in box.find_all("a")
        }
        assert set(links) == {
            "downloads/cse-practice-handbook.pdf",
            "downloads/cse-practice-handbook.epub",
        }
        for href, text in links.items():
            file = handbook_build.html / href
            assert file.is_file(), href
            assert re.search(r"\b\d+(\.\d)? (KB|MB)\b", text), text
    pdf_text = (
        BeautifulSoup((pages[0]).read_text(), "html.parser").select_one(".sidebar-downloads").text
    )
    assert "PDF" in pdf_text and "ePub" in pdf_text


# -- ePub -------------------------------------------------------------------


def epubcheck(epub: Path) -> dict[str, object]:
    out = subprocess.run(
        [*JAVA, "-jar", str(EPUBCHECK_JAR), "--json", "-", str(epub)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(out.stdout)


def test_epub_passes_epubcheck_with_no_message_at_all(edition_build: Build) -> None:
    """Every language's ePub."""
    report = epubcheck(edition_build.epub)
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert report["checker"]["checkerVersion"].startswith("5.")
    assert messages == []


def test_epubcheck_does_fail_on_a_broken_book(handbook_build: Build, tmp_path: Path) -> None:
    """The check above can fail: a book with a dangling link is reported."""
    broken = epub_with_edited_page(
        handbook_build.epub,
        tmp_path / "broken.epub",
        "start-here.xhtml",
        lambda page: page.replace(b"</body>", b'<p><a href="missing.xhtml">x</a></p></body>'),
    )
    assert any(m["severity"] == "ERROR" for m in epubcheck(broken)["messages"])


def opf(handbook_build: Build) -> BeautifulSoup:
    with zipfile.ZipFile(handbook_build.epub) as book:
        return BeautifulSoup(book.read("content.opf"), "xml")


def test_epub_metadata(handbook_build: Build) -> None:
    package = opf(handbook_build)
    assert package.find("dc:title").text == "Child sexual exploitation: a practice handbook"
    assert package.find("dc:language").text == "en-GB"
    assert package.find("dc:publisher").text == "CSE handbook editorial team"
    assert package.find("dc:identifier").text.startswith("urn:uuid:")
    modified = package.find("meta", property="dcterms:modified").text
    assert modified == build_moment().strftime("%Y-%m-%dT%H:%M:%SZ")  # SOURCE_DATE_EPOCH


def test_epub_accessibility_metadata(handbook_build: Build) -> None:
    props: dict[str, list[str]] = {}
    for meta in opf(handbook_build).find_all("meta", property=True):
        props.setdefault(meta["property"], []).append(meta.text)
    assert "textual" in props["schema:accessMode"]
    assert props["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "alternativeText"} <= set(
        props["schema:accessibilityFeature"]
    )
    assert props["schema:accessibilityHazard"] == ["none"]
    assert len(props["schema:accessibilitySummary"][0]) > 50
    assert props["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_epub_starts_with_a_title_page_and_has_navigation(handbook_build: Build) -> None:
    package = opf(handbook_build)
    manifest = {i["id"]: i["href"] for i in package.find_all("item")}
    spine = [manifest[i["idref"]] for i in package.find("spine").find_all("itemref")]
    assert spine[0] == "titlepage.xhtml"
    assert spine[1] == "index.xhtml"
    with zipfile.ZipFile(handbook_build.epub) as book:
        title = BeautifulSoup(book.read("titlepage.xhtml"), "xml")
        nav = BeautifulSoup(book.read("nav.xhtml"), "xml")
        names = book.namelist()
    assert "Child sexual exploitation: a practice handbook" in title.get_text()
    assert build_day("en") in title.get_text()
    entries = [a.get_text(strip=True) for a in nav.find("nav").find_all("a")]
    assert entries[0] == "Title page"
    assert "Start here" in entries and "Glossary" in entries
    # the web site's scripts and styles stay on the web
    assert not [n for n in names if n.endswith(".js")]
    assert "_static/css/handbook.css" not in names


# -- PDF (every language: ``edition_build``) ---------------------------------------

#: what each language's PDF says of itself; the Welsh from locales/cy/LC_MESSAGES/
PDF_FACTS = {
    "en": {
        "lang": "en-GB",
        "title": "Child sexual exploitation: a practice handbook",
        "contents": "Contents",
        "chapters": "Start here|Glossary|Helplines",
        "glossary": "Glossary",
        "page": "Page {number} of {total}",
    },
    "cy": {
        "lang": "cy",
        "title": "Camfanteisio’n rhywiol ar blant: llawlyfr ymarfer",
        "contents": "Cynnwys",
        "chapters": "Dechrau yma|Geirfa|Llinellau cymorth",
        "glossary": "Geirfa",
        "page": "Tudalen {number} o {total}",
    },
}


@pytest.fixture(scope="module")
def pdf(edition_build: Build) -> pikepdf.Pdf:
    return pikepdf.open(edition_build.pdf)


@pytest.fixture
def facts(edition_build: Build) -> dict[str, str]:
    return PDF_FACTS[edition_build.language]


def test_pdf_is_a4_tagged_and_in_its_language(pdf: pikepdf.Pdf, facts: dict[str, str]) -> None:
    width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width, 2), round(height, 2)) == A4_POINTS
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    assert len(pdf.Root.StructTreeRoot.K) > 0
    assert str(pdf.Root.Lang) == facts["lang"]


def test_pdf_title_is_shown_as_the_window_title(pdf: pikepdf.Pdf, facts: dict[str, str]) -> None:
    assert str(pdf.docinfo["/Title"]) == facts["title"]
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_pdf_bookmarks_mirror_the_chapters(
    pdf: pikepdf.Pdf, edition_build: Build, facts: dict[str, str]
) -> None:
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        chapters = [c.title for item in outline.root for c in item.children]
    assert facts["contents"] in titles
    index = BeautifulSoup((edition_build.html / "index.html").read_text(), "html.parser")
    # the site's menu lists every page (the home page's own toctrees are hidden)
    toc = [a.get_text(strip=True) for a in index.select(".sidebar-tree li.toctree-l1 > a")]
    assert chapters == toc
    assert len(chapters) >= 15


def link_annotations(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [a for page in pdf.pages for a in page.get("/Annots", []) if a.Subtype == "/Link"]


def test_every_internal_pdf_link_has_a_destination(pdf: pikepdf.Pdf) -> None:
    names: dict[str, object] = {}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    names = {str(k): v for k, v in tree.items()}
    internal = 0
    for annot in link_annotations(pdf):
        if "/Dest" in annot:
            internal += 1
            dest = annot.Dest
            if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                key = str(dest).lstrip("/")
                assert key in names, f"link to missing destination {key}"
        else:
            assert annot.A.S == "/URI", annot.A
    assert internal > 100


def test_pdf_contents_page_has_page_numbers(edition_build: Build, facts: dict[str, str]) -> None:
    pages = pdf_texts(edition_build.pdf)
    contents = pages[1]
    heading = facts["contents"]
    assert contents.startswith(heading) or heading in contents.splitlines()[:3]
    numbered = re.findall(rf"^({facts['chapters']})\s*[. ]*\s(\d+)$", contents, re.M)
    assert len(numbered) == 3, contents
    # the number points at the page where the chapter starts
    for title, number in numbered:
        assert title in pages[int(number) - 1]


def test_pdf_running_header_and_page_x_of_y(edition_build: Build, facts: dict[str, str]) -> None:
    pages = pdf_texts(edition_build.pdf)
    total = len(pages)
    text = pages[4]
    assert facts["page"].format(number=5, total=total) in text
    glossary = facts["glossary"]
    glossary_page = next(p for p in pages if p.count(glossary) >= 2)
    assert glossary in glossary_page.splitlines()[0]


def test_pdf_fonts_are_embedded_and_body_text_is_large_enough(
    pdf: pikepdf.Pdf, edition_build: Build
) -> None:
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                font.BaseFont
            )
    sizes: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        sizes[round(size * scale, 1)] += len(text.strip())

    reader = PdfReader(edition_build.pdf)
    for page in reader.pages[3:12]:
        page.extract_text(visitor_text=visit)
    body_size, _ = sizes.most_common(1)[0]
    assert body_size >= 10.5, sizes.most_common(5)
