"""Editions built one after another from one reading of the pages (``handbook.editions.build``)
all show a change that reached a page only through a file it includes
(``handbook.editions.shared_reading``): the first edition reads the page again, and the
next, finding nothing to read, must still write it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from handbook.editions import shared_reading

ROOT = Path(__file__).parent / "roots" / "test-shared-reading"
#: two editions over one folder of doctrees (``<builddir>/doctrees``), as the ePub and the
#: site are: each builder writes into ``<builddir>/<builder>``
EDITIONS = ("dirhtml", "html")


@pytest.mark.parametrize("extensions", [True, False], ids=["with", "without"])
def test_a_later_edition_writes_a_page_an_earlier_one_read_again(
    make_app: Callable[..., SphinxTestApp],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extensions: bool,
) -> None:
    monkeypatch.setattr(shared_reading, "READ_AGAIN", {})
    source = tmp_path / "source"
    shutil.copytree(ROOT, source)
    overrides = {} if extensions else {"extensions": []}

    def build_editions() -> dict[str, str]:
        """Each edition in turn, as make builds them; the page as each wrote it."""
        shown = {}
        for builder in EDITIONS:
            app = make_app(builder, srcdir=source, builddir=tmp_path, confoverrides=overrides)
            app.build()
            shown[builder] = (app.outdir / "index.html").read_text(encoding="utf-8")
        return shown

    build_editions()  # both editions from nothing
    (source / "changes.txt").write_text("The second edition.\n", encoding="utf-8")
    first, second = (("The second edition." in page) for page in build_editions().values())
    assert first
    # without the extension, the later edition keeps the page as it was (Sphinx's own
    # choice of what to write): the case the extension is there for
    assert second is extensions
