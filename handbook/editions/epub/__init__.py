"""The ePub 3 edition: accessibility metadata, a title page and a stable identifier.

Sphinx renders ``content.opf`` from its own template folder, which ``templates_path``
cannot reach, so this builder replaces the stock ``epub`` builder with a subclass that
reads its package templates from here. The package document then carries the EPUB
Accessibility 1.1 metadata that reading systems and shops show to readers.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.locale import _
from sphinx.util import logging

from handbook.editions.metadata import add_subtitle_config, edition_date, edition_time
from handbook.editions.theme_templates import ThemeTemplatesOnly

logger = logging.getLogger(__name__)
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
    "schema:accessibilitySummary": [],  # accessibility_summary(), in the book's language
    "dcterms:conformsTo": ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"],
}


def accessibility_summary() -> str:
    """What reading systems and shops show readers, in the book's language (the other
    accessibility metadata are vocabulary, never translated)."""
    return _(
        "All content is text with a logical heading structure and a navigable table of "
        "contents. The one diagram has a text alternative and its steps are also written "
        "out in the text. No content relies on colour, sound or motion."
    )


TITLE_PAGE = "titlepage"


class HandbookEpubBuilder(ThemeTemplatesOnly, Epub3Builder):
    """ePub 3 with accessibility metadata and a title page."""

    name = "epub"
    template_dir = HERE / "templates"  # type: ignore[assignment]  # Sphinx types it _StrPath

    def init(self) -> None:
        super().init()
        # Sphinx's guide titles are plain English; the navigation's heading is one of them
        self.guide_titles = {"toc": _("Table of Contents"), "cover": _("Cover")}

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return "handbook-epub", {}

    def toc_add_files(self, refnodes: list[dict[str, Any]]) -> None:
        """Put the title page first in the reading order and the navigation.

        Added here, not to ``epub_pre_files``: that setting is part of what the doctrees
        were read with, and the PDF and the site read the ePub's doctrees (a changed
        setting would make them read every page again)."""
        entry = (TITLE_PAGE + ".xhtml", _("Title page"))
        saved = self.config.epub_pre_files
        if entry not in saved:
            self.config.epub_pre_files = [entry, *saved]
        try:
            super().toc_add_files(refnodes)
        finally:
            self.config.epub_pre_files = saved

    def copy_html_static_files(self, context: dict[str, Any]) -> None:
        """Leave the web site's own static files (web CSS, scripts) out of the book.

        Extensions' static folders (sphinx-design, graphviz) are still copied: the book's
        pages link their stylesheets.
        """
        saved = self.config.html_static_path
        web_only = {Path(self.confdir, p).resolve() for p in self.config.handbook_web_only_static}
        self.config.html_static_path = [
            p for p in saved if Path(self.confdir, p).resolve() not in web_only
        ]
        try:
            super().copy_html_static_files(context)
        finally:
            self.config.html_static_path = saved

    def copy_html_favicon(self) -> None:
        """An ePub has no favicon."""

    def build_epub(self) -> None:
        """Zip the book with fixed timestamps and permissions, so builds are reproducible."""
        epub_path = Path(self.outdir, f"{self.config.epub_basename}.epub")
        logger.info("writing %s file...", epub_path.name)
        stamp = max(edition_time(), time.gmtime(315532800))  # zip dates start in 1980
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        with ZipFile(epub_path, "w") as epub:
            for name in names:
                info = ZipInfo(name, date_time=stamp[:6])
                info.external_attr = 0o644 << 16
                info.compress_type = ZIP_STORED if name == "mimetype" else ZIP_DEFLATED
                epub.writestr(info, Path(self.outdir, name).read_bytes())

    def content_metadata(self) -> dict[str, Any]:
        metadata = super().content_metadata()
        merged = {**DEFAULT_ACCESSIBILITY, **self.config.handbook_epub_accessibility}
        if not merged["schema:accessibilitySummary"]:
            merged["schema:accessibilitySummary"] = [accessibility_summary()]
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
                "handbook_edition_date": edition_date(self.config.language),
            },
            "epub-titlepage.html",
        )
        super().handle_finish()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_epub_accessibility", {}, "epub", dict)
    add_subtitle_config(app)
    app.add_config_value("handbook_web_only_static", ["_static"], "epub", list)
    app.add_html_theme("handbook-epub", str(HERE / "theme" / "handbook-epub"))
    app.add_builder(HandbookEpubBuilder, override=True)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
