"""A PDF's text is extracted once a run, by whichever worker asks first, and every worker
reads the same pages (``pdf_texts`` in tests/conftest.py; docs/quality-gates.md, "Time")."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Build, pdf_texts


def test_a_pdf_text_is_shared_by_the_run_and_read_again_when_the_file_changes(
    handbook_build: Build, run_folder: Path, tmp_path: Path
) -> None:
    """Whichever worker asks first extracts the pages into the run's shared folder; every
    worker reads that file. The file changed (its time and size) is extracted afresh.
    (Small PDFs the build makes: the poster, then the record of a concern form.)"""
    book = tmp_path / "book.pdf"
    book.write_bytes((handbook_build.pdf.parent / "seven-minute-briefing-poster.pdf").read_bytes())
    pages = pdf_texts(book)
    assert "7-MINUTE BRIEFING" in pages[0]
    kept = [
        json.loads((p / "pages.json").read_text("utf-8")) for p in run_folder.glob("pdf-text-*/")
    ]
    assert list(pages) in kept, "the pages were not kept in the run's shared folder"
    book.write_bytes((handbook_build.pdf.parent / "record-of-a-concern-form.pdf").read_bytes())
    again = pdf_texts(book)
    assert "Record of a concern" in again[0] and again != pages
