"""Nothing is lost between editions: every heading and paragraph of each page of the site is
in that page's own chapter of the ePub and of the PDF, as often as the page has it, in every
language (``edition_build``).

Page by page, not against the whole book: a safety line missing from the helplines chapter
must be reported even when another chapter quotes it. The PDF's chapters are found by its
bookmarks (each chapter starts a page), the ePub's by file name.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build, epub_with_edited_page, pdf_texts

#: block elements whose text a reader must find in every edition
BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, blockquote"
#: web-only pieces of a page's content, never expected on paper or in the book: permalinks,
#: the site's own features (the "report a problem" line), the table of contents (each
#: edition has its own navigation) and the text a browser shows only when it cannot display
#: a diagram (the PDF and ePub show the diagram). Each must match something on the site
#: (test_every_web_only_selector_is_real), so that a renamed class is noticed.
WEB_ONLY_SELECTORS = (
    ".headerlink",
    ".handbook-web-only",
    ".handbook-report-problem",
    ".toctree-wrapper",
    "object",
)
WEB_ONLY = ", ".join((*WEB_ONLY_SELECTORS, "script", "style"))
#: the running header and footer WeasyPrint puts at the end of each page's text: the
#: chapter and the book, where the page came from (handbook/editions/provenance.py), the page
RUNNING = {
    "en": re.compile(
        r"\n[^\n]*CSE practice handbook\nThis page online: \S+\nBuilt [^\n]*\n"
        r"Check the online version before you act on a printed copy\.\nPage \d+ of \d+\s*$"
    ),
    "cy": re.compile(
        r"\n[^\n]*Llawlyfr ymarfer CRhB\nY dudalen hon ar-lein: \S+\nAdeiladwyd [^\n]*\n"
        r"Gwiriwch y fersiwn ar-lein cyn i chi weithredu ar gopi wedi’i argraffu\.\n"
        r"Tudalen \d+ o \d+\s*$"
    ),
}
#: how the Welsh translation notice's two parts end on the web, where they link to the
#: English page; a book names the English edition instead (tests/test_welsh_edition.py)
NOTICE_ENDINGS = ("darllenwch y dudalen hon yn Saesneg", "read this page in English")


def squash(text: str) -> str:
    """Compare text, not layout: drop every space and line break."""
    return re.sub(r"\s+", "", text)


def html_blocks(build: Build) -> list[tuple[str, str]]:
    """(page, text) for each heading and paragraph of each page's main content."""
    blocks = []
    for page in build.html_pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("article[role=main]")
        assert main is not None, page.name
        for node in main.select(WEB_ONLY):
            node.decompose()
        for block in main.select(BLOCKS):
            # the innermost blocks only: a list item's own paragraph is checked once
            if isinstance(block, Tag) and block.select_one(BLOCKS):
                continue
            text = block.get_text(" ", strip=True)
            if text and not any(squash(end) in squash(text) for end in NOTICE_ENDINGS):
                blocks.append((page.name, text))
    return blocks


def epub_chapters(epub: Path) -> dict[str, str]:
    """Each chapter's text (squashed), by the name of its page on the site."""
    with zipfile.ZipFile(epub) as book:
        return {
            Path(name).stem + ".html": squash(BeautifulSoup(book.read(name), "xml").get_text(" "))
            for name in book.namelist()
            if name.endswith(".xhtml") and Path(name).name not in {"nav.xhtml", "titlepage.xhtml"}
        }


def pdf_chapters(build: Build) -> dict[str, str]:
    """Each chapter's text (squashed), by the name of its page on the site: from the page
    its bookmark points at to the page before the next chapter's. The handbook's own first
    page (``index.html``) runs from the book's title bookmark to the first chapter."""
    pdf = pikepdf.open(build.pdf)
    with pdf.open_outline() as outline:
        book = next(item for item in outline.root if item.children)
        marks = [(book.title, book.destination), *((c.title, c.destination) for c in book.children)]
        starts = [pdf.pages.index(pikepdf.Page(dest[0])) for _title, dest in marks]
    index = BeautifulSoup((build.html / "index.html").read_text(encoding="utf-8"), "html.parser")
    toc = [
        (a.get_text(strip=True), str(a["href"]).split("#")[0])
        for a in index.select(".sidebar-tree li.toctree-l1 > a")  # the menu: every page
    ]
    assert [title for title, _ in marks[1:]] == [title for title, _ in toc], "bookmarks"
    names = ["index.html", *(href for _, href in toc)]
    assert starts == sorted(starts), starts
    running = RUNNING[build.language]
    pages = [running.sub("", text).replace("\N{BULLET}", "") for text in pdf_texts(build.pdf)]
    ends = [*starts[1:], len(pages)]
    return {
        name: squash("\n".join(pages[start:end]))
        for name, start, end in zip(names, starts, ends, strict=True)
    }


def missing_blocks(blocks: list[tuple[str, str]], chapters: dict[str, str]) -> list[str]:
    """'page: block' for each block its page's chapter has fewer times than the page does.

    A block's count on the page includes its occurrences inside the page's other blocks
    (a heading repeated in a paragraph), so that the chapter is asked for no more than the
    page really shows.
    """
    by_page: dict[str, list[str]] = {}
    for page, text in blocks:
        by_page.setdefault(page, []).append(squash(text))
    missing = []
    for page, texts in by_page.items():
        chapter = chapters.get(page)
        if chapter is None:
            missing.append(f"{page}: the whole page (no chapter)")
            continue
        for text in Counter(texts):
            wanted = sum(other.count(text) for other in texts)
            found = chapter.count(text)
            if found < wanted:
                missing.append(f"{page}: {text[:90]} ({found} of {wanted})")
    return missing


@pytest.fixture(scope="session")
def blocks_by_language() -> dict[str, list[tuple[str, str]]]:
    return {}


def blocks_of(build: Build, cache: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]]:
    if build.language not in cache:
        found = html_blocks(build)
        assert len(found) > 300, "the site has far fewer blocks than the handbook"
        cache[build.language] = found
    return cache[build.language]


@pytest.mark.parametrize("edition", ["epub", "pdf"])
def test_every_html_block_is_in_its_chapter_of_the_other_editions(
    edition: str, edition_build: Build, blocks_by_language: dict[str, list[tuple[str, str]]]
) -> None:
    blocks = blocks_of(edition_build, blocks_by_language)
    chapters = (
        epub_chapters(edition_build.epub) if edition == "epub" else pdf_chapters(edition_build)
    )
    assert set(chapters) >= {page for page, _ in blocks}
    missing = missing_blocks(blocks, chapters)
    where = f"the {edition_build.language} {edition}"
    assert not missing, f"{len(missing)} blocks missing from {where}:\n" + "\n".join(missing[:30])


def test_every_web_only_selector_is_real(edition_build: Build) -> None:
    """Each web-only selector matches something in the pages' content: a renamed class
    would otherwise let web-only text into the comparison, or hide real text from it."""
    unmatched = set(WEB_ONLY_SELECTORS)
    for page in edition_build.html_pages():
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            "article[role=main]"
        )
        assert main is not None
        unmatched = {s for s in unmatched if not main.select_one(s)}
    assert unmatched == set()


def test_parity_check_notices_a_paragraph_missing_from_its_chapter(
    handbook_build: Build, blocks_by_language: dict[str, list[tuple[str, str]]], tmp_path: Path
) -> None:
    """The check can fail: take out of the ePub's helplines chapter a line that other
    chapters also have; the real check reports it, on its page, although the book as a whole
    still contains it."""
    blocks = blocks_of(handbook_build, blocks_by_language)
    whole = "".join(epub_chapters(handbook_build.epub).values())
    victim = next(
        text
        for page, text in blocks
        if page == "helplines.html"
        and len(squash(text)) > 20
        and whole.count(squash(text))
        > sum(squash(t).count(squash(text)) for p, t in blocks if p == page)
    )

    def remove(data: bytes) -> bytes:
        page = BeautifulSoup(data, "xml")
        node = next(
            n
            for n in page.find_all(["p", "li", "dd", "td", "h2", "h3"])
            if squash(n.get_text(" ")) == squash(victim)
        )
        node.decompose()
        return str(page).encode("utf-8")

    broken = epub_with_edited_page(
        handbook_build.epub, tmp_path / "broken.epub", "helplines.xhtml", remove
    )
    chapters = epub_chapters(broken)
    assert squash(victim) in "".join(chapters.values())  # still elsewhere in the book
    missing = missing_blocks(blocks, chapters)
    assert [m for m in missing if m.startswith("helplines.html: ")] != [], missing
    assert all(m.startswith("helplines.html: ") for m in missing), missing
    assert missing_blocks(blocks, epub_chapters(handbook_build.epub)) == []
