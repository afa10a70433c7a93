"""Editions built one after another from one reading of the pages (``handbook.editions.build``)
all show a change that reached a page only through a file it includes
(``handbook.editions.shared_reading``): the first edition reads the page again, and the
next, finding nothing to read, must still write it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from handbook.editions import shared_reading

ROOT = Path(__file__).parent / "roots" / "test-shared-reading"


def build(source: Path, doctrees: Path, outdir: Path, extensions: bool = True) -> None:
    """One edition (the HTML builder into its own folder), over the shared doctrees, in
    docutils' namespace as ``sphinx-build`` runs it (so that the node classes it registers
    are let go again and later tests in this worker start clean)."""
    overrides: dict[str, object] = {} if extensions else {"extensions": []}
    with docutils_namespace():
        app = Sphinx(
            source,
            source,
            outdir,
            doctrees,
            "html",
            confoverrides=overrides,
            status=io.StringIO(),
            warning=io.StringIO(),
        )
        app.build()


@pytest.mark.parametrize("extensions", [True, False], ids=["with", "without"])
def test_a_later_edition_writes_a_page_an_earlier_one_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extensions: bool
) -> None:
    monkeypatch.setattr(shared_reading, "READ_AGAIN", {})
    source = tmp_path / "source"
    shutil.copytree(ROOT, source)
    doctrees, first, second = tmp_path / "doctrees", tmp_path / "epub", tmp_path / "html"
    for outdir in (first, second):  # both editions from nothing
        build(source, doctrees, outdir, extensions)
    (source / "changes.txt").write_text("The second edition.\n", encoding="utf-8")
    for outdir in (first, second):  # as make builds them after the edit
        build(source, doctrees, outdir, extensions)
    assert "The second edition." in (first / "index.html").read_text(encoding="utf-8")
    shown = "The second edition." in (second / "index.html").read_text(encoding="utf-8")
    # without the extension, the second edition keeps the page as it was (Sphinx's own
    # choice of what to write): the case the extension is there for
    assert shown is extensions
