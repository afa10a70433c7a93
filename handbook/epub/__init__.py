"""The ePub 3 edition: accessibility metadata, a title page and a stable identifier.

Sphinx renders ``content.opf`` from its own template folder, which ``templates_path``
cannot reach, so this builder replaces the stock ``epub`` builder with a subclass that
reads its package templates from here. The package document then carries the EPUB
Accessibility 1.1 metadata that reading systems and shops show to readers.
"""

from __future__ import annotations

import html
import os
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder

from handbook.theming import ThemeTemplatesOnly

HERE = Path(__file__).parent

#: EPUB Accessibility 1.1 metadata written into the package document.
DEFAULT_ACCESSIBILITY: dict[str, list[str]] = {
    "schema:accessMode": ["textual", "visual"],
    "schema:accessModeSufficient": ["textual"],
    "schema:accessibilityFeature": [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ],
    "schema:accessibilityHazard": ["none"],
    "schema:accessibilitySummary": [
        "All content is text with a logical heading structure and a navigable table of "
        "contents. The one diagram has a text alternative and its steps are also written "
        "out in the text. No content relies on colour, sound or motion."
    ],
    "dcterms:conformsTo": ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"],
}

TITLE_PAGE = "titlepage"


def edition_date() -> str:
    """The edition's date, from SOURCE_DATE_EPOCH so builds are reproducible."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    stamp = time.gmtime(epoch)
    return f"{stamp.tm_mday} {time.strftime('%B %Y', stamp)}"


class HandbookEpubBuilder(ThemeTemplatesOnly, Epub3Builder):
    """ePub 3 with accessibility metadata and a title page."""

    name = "epub"
    template_dir = HERE / "templates"

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return "handbook-epub", {}

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        merged = {**DEFAULT_ACCESSIBILITY, **self.config.handbook_epub_accessibility}
        metadata["accessibility"] = [
            (prop, [html.escape(v) for v in values]) for prop, values in merged.items()
        ]
        return metadata

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        # The NCX uid must equal the package's identifier (epubcheck NCX-001); the
        # package's own uid is only an XML id, which a URN cannot be.
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = html.escape(self.config.epub_identifier)
        return metadata

    def handle_finish(self) -> None:
        self.handle_page(
            TITLE_PAGE,
            {
                "title": self.config.epub_title,
                "handbook_title": self.config.epub_title,
                "handbook_subtitle": self.config.handbook_subtitle,
                "handbook_publisher": self.config.epub_publisher,
                "handbook_edition_date": edition_date(),
            },
            "epub-titlepage.html",
        )
        super().handle_finish()


def add_title_page(app: Sphinx) -> None:
    """Put the title page first in the reading order and the navigation."""
    if app.builder.name == "epub":
        entry = (TITLE_PAGE + app.builder.out_suffix, "Title page")
        if entry not in app.config.epub_pre_files:
            app.config.epub_pre_files.insert(0, entry)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_epub_accessibility", {}, "epub", dict)
    app.add_config_value("handbook_subtitle", "", "env", str)
    app.add_html_theme("handbook-epub", str(HERE / "theme" / "handbook-epub"))
    app.add_builder(HandbookEpubBuilder, override=True)
    app.connect("builder-inited", add_title_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
