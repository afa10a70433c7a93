"""The PDF builder (handbook.editions.pdf) on a small handbook: two chapters with the same heading."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from handbook.editions.pdf.weasyprint_warnings import WeasyPrintLogRelay

ROOTS = Path(__file__).parent / "roots"


def destination_page(pdf: pikepdf.Pdf, annot: pikepdf.Dictionary) -> int:
    names = {str(k): v for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    dest = names[str(annot.Dest)]
    return next(i for i, page in enumerate(pdf.pages) if page.objgen == dest[0].objgen)


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_cross_reference_lands_in_the_right_chapter(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    html = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    ids = [tag["id"] for tag in html.find_all(id=True)]
    assert len(ids) == len(set(ids)), "ids must be unique in the single page"
    for link in html.select('a[href^="#"]'):
        assert link["href"].count("#") == 1, link["href"]
        assert link["href"][1:] in ids, link["href"]

    pdf = pikepdf.open(app.outdir / "test.pdf")
    reader = PdfReader(app.outdir / "test.pdf")
    text = [page.extract_text() for page in reader.pages]
    two = next(i for i, t in enumerate(text) if "The second chapter" in t)
    links = [a for page in pdf.pages for a in page.get("/Annots", []) if "/Dest" in a]
    reading_link = next(
        a
        for page in pdf.pages
        for a in page.get("/Annots", [])
        if "/Dest" in a and "two" in str(a.Dest) and "reading" in str(a.Dest)
    )
    assert destination_page(pdf, reading_link) == two
    assert len(links) >= 4  # contents entries and the two cross-references


@pytest.mark.sphinx("pdf", testroot="pdf")
def test_pdf_has_title_page_contents_and_tags(app: SphinxTestApp) -> None:
    app.build()
    reader = PdfReader(app.outdir / "test.pdf")
    assert "Test handbook" in reader.pages[0].extract_text()
    contents = reader.pages[1].extract_text()
    assert "Contents" in contents and "Chapter one" in contents and "Chapter two" in contents
    pdf = pikepdf.open(app.outdir / "test.pdf")
    assert str(pdf.Root.Lang) == "en-GB"
    assert pdf.Root.MarkInfo.Marked is True


def test_weasyprint_warnings_become_build_warnings(caplog: pytest.LogCaptureFixture) -> None:
    """A link WeasyPrint cannot follow is only logged by it; relayed, -W fails the build."""
    relay = WeasyPrintLogRelay("PDF")
    record = logging.LogRecord(
        "weasyprint", logging.WARNING, __file__, 1, "No anchor #x", None, None
    )
    with caplog.at_level(logging.WARNING):
        relay.emit(record)
    assert any("PDF: WeasyPrint: No anchor #x" in r.getMessage() for r in caplog.records)


def test_a_link_the_pdf_cannot_follow_fails_the_build_at_its_line(tmp_path: Path) -> None:
    """A link to an anchor only the PDF lacks (raw HTML the site keeps as written): with
    -W, as the Makefile builds, the PDF build fails and names the page and line."""
    source = tmp_path / "source"
    shutil.copytree(ROOTS / "test-pdf-bad", source)
    line = next(
        number
        for number, text in enumerate((source / "two.md").read_text().splitlines(), 1)
        if "#nowhere" in text
    )
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "pdf"]
    result = subprocess.run(
        [*command, str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.returncode != 0
    assert f"{source / 'two.md'}:{line}: WARNING: PDF: WeasyPrint: No anchor #nowhere" in (
        result.stderr
    )
