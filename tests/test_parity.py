"""Nothing is lost between editions: every heading and paragraph of the site is in the
ePub and in the PDF."""

from __future__ import annotations

import re
import zipfile

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build
from pypdf import PdfReader

#: block elements whose text a reader must find in every edition
BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, blockquote"
#: web-only pieces, never expected on paper or in the book: permalinks, the site's own
#: features, the table of contents (each edition has its own navigation) and the text a
#: browser shows only when it cannot display a diagram (the PDF and ePub show the diagram)
WEB_ONLY = (
    ".headerlink, .handbook-web-only, .quick-exit, .report-problem, script, style,"
    " .toctree-wrapper, object"
)
#: the running header and footer that WeasyPrint puts at the end of each page's text
RUNNING = re.compile(r"\n[^\n]*CSE practice handbook\nPage \d+ of \d+\s*$")


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
            if text:
                blocks.append((page.name, text))
    return blocks


def epub_text(build: Build) -> str:
    with zipfile.ZipFile(build.epub) as book:
        parts = [
            BeautifulSoup(book.read(name), "xml").get_text(" ")
            for name in book.namelist()
            if name.endswith(".xhtml") and name != "nav.xhtml"
        ]
    return squash(" ".join(parts))


def pdf_text(build: Build) -> str:
    pages = [RUNNING.sub("", page.extract_text()) for page in PdfReader(build.pdf).pages]
    return squash("\n".join(pages))


@pytest.fixture(scope="module")
def blocks(handbook_build: Build) -> list[tuple[str, str]]:
    found = html_blocks(handbook_build)
    assert len(found) > 300, "the site has far fewer blocks than the handbook"
    return found


@pytest.mark.parametrize("edition", ["epub", "pdf"])
def test_every_html_block_is_in_the_other_editions(
    edition: str, handbook_build: Build, blocks: list[tuple[str, str]]
) -> None:
    text = epub_text(handbook_build) if edition == "epub" else pdf_text(handbook_build)
    missing = [f"{page}: {block[:90]}" for page, block in blocks if squash(block) not in text]
    assert not missing, f"{len(missing)} blocks missing from the {edition}:\n" + "\n".join(
        missing[:30]
    )


def test_parity_check_notices_a_missing_paragraph(
    handbook_build: Build, blocks: list[tuple[str, str]]
) -> None:
    """The check can fail: remove one paragraph from the PDF's text and it is reported."""
    text = pdf_text(handbook_build)
    _page, victim = next(b for b in blocks if len(b[1]) > 80)
    assert squash(victim) in text
    assert squash(victim) not in text.replace(squash(victim), "")
