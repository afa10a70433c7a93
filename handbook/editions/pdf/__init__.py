"""The PDF edition: single-page HTML with a print stylesheet, written by WeasyPrint.

Why not LaTeX: Debian's TeX Live cannot tag PDFs, and UK public-sector documents must be
accessible. WeasyPrint writes PDF/UA-1 (tagged, with /Lang and a displayed title) from
HTML and CSS, so the PDF shares the HTML edition's content and markup.

``sphinx-build -b pdf`` renders the whole handbook as one HTML page with this package's
theme (title page, contents with page numbers, running headers), then writes
``<outdir>/<handbook_pdf_basename>.pdf``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.locale import _, __
from sphinx.util import logging
from sphinx.util.display import progress_message

from handbook.editions.metadata import add_subtitle_config, edition_date, edition_time
from handbook.editions.pdf.anchors import unique_ids
from handbook.editions.pdf.weasyprint_warnings import weasyprint_warnings_fail_the_build
from handbook.editions.theme_templates import ThemeTemplatesOnly

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent


#: a ``%(name)s`` placeholder in a message
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def css_string(text: str) -> str:
    """Text as a CSS string: quoted, with quotes, backslashes and line ends escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def css_content(message: str, **values: str) -> str:
    """A translated message as a CSS ``content`` value, its placeholders CSS expressions:
    ``"Page %(page)s of %(pages)s"`` -> ``"Page " counter(page) " of " counter(pages)``."""
    parts = []
    for number, piece in enumerate(PLACEHOLDER.split(message)):
        if number % 2:
            parts.append(values[piece])
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


class PdfBuilder(ThemeTemplatesOnly, SingleFileHTMLBuilder):
    """Build a tagged A4 PDF of the whole handbook."""

    name = "pdf"
    format = "html"
    epilog = __("The PDF is in %(outdir)s.")
    search = False
    copysource = False
    #: read by other extensions that render differently on paper (e.g. no tel: links)
    is_print = True

    def init(self) -> None:
        super().init()
        self.id_map: dict[tuple[str, str], str] = {}

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return "handbook-pdf", {}

    def init_css_files(self) -> None:
        """Only print stylesheets: the theme's and those other extensions ask for.

        The web stylesheets (furo, sphinx-design) are screen-only and full of media
        queries WeasyPrint does not read; every WeasyPrint warning fails the build.
        """
        self._css_files = []
        self._print_css = [*self._get_style_filenames(), *self.config.handbook_pdf_css_files]
        for filename in self._print_css:
            super().add_css_file(filename, priority=200)

    def add_css_file(self, filename: str, **kwargs: Any) -> None:
        """Refuse the screen stylesheets extensions add (sphinx-design, graphviz)."""
        if filename in getattr(self, "_print_css", ()):
            super().add_css_file(filename, **kwargs)

    def copy_html_static_files(self, context: dict[str, Any]) -> None:
        """The web site's static files (scripts, web CSS) have no place in the PDF."""

    def copy_html_favicon(self) -> None:
        """A PDF has no favicon."""

    def init_js_files(self) -> None:
        """A PDF runs no scripts."""
        self._js_files = []

    def assemble_doctree(self) -> nodes.document:
        tree = super().assemble_doctree()
        self.id_map = unique_ids(tree, self.config.root_doc)
        return tree

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = super().get_doc_context(docname, body, metatags)
        toctree = global_toctree_for_doc(
            self.env,
            self.config.root_doc,
            self,
            tags=self.tags,
            collapse=False,
            maxdepth=self.config.handbook_pdf_contents_depth,
            titles_only=True,
        )
        contents = ""
        if toctree is not None:
            for caption in list(toctree.findall(nodes.caption)):
                caption.parent.remove(caption)
            unique_ids(toctree, self.config.root_doc, known=self.id_map)
            contents = self.render_partial(toctree)["fragment"]
        stamp = edition_time()
        context.update(
            handbook_pdf_contents=contents,
            handbook_pdf_title=self.config.handbook_pdf_title or self.config.project,
            handbook_pdf_author=self.config.handbook_pdf_author or self.config.author,
            handbook_pdf_language=self.config.handbook_pdf_language,
            handbook_subtitle=self.config.handbook_subtitle,
            handbook_pdf_date_iso=time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp),
            handbook_pdf_date_text=edition_date(self.config.language),
            publisher=self.config.epub_publisher,
            # the running header and footer, in the book's language (layout.html)
            handbook_pdf_running_title=css_string(
                self.config.html_short_title or self.config.project
            ),
            handbook_pdf_page_footer=css_content(
                _("Page %(page)s of %(pages)s"), page="counter(page)", pages="counter(pages)"
            ),
            handbook_pdf_contents_header=css_string(_("Contents")),
        )
        return context

    def page_sources(self) -> list[Path]:
        """Every page's source file, in the book's order of names."""
        return [Path(self.env.doc2path(name)) for name in sorted(self.env.found_docs)]

    def write_pdf(self) -> None:
        html_path = Path(self.outdir) / "index.html"
        pdf_path = Path(self.outdir) / f"{self.config.handbook_pdf_basename}.pdf"
        with (
            weasyprint_warnings_fail_the_build("PDF", sources=self.page_sources()),
            progress_message(__("writing PDF %s") % pdf_path.name),
        ):
            from weasyprint import HTML  # heavy, and logs on import: only when needed

            HTML(filename=str(html_path)).write_pdf(
                str(pdf_path),
                pdf_variant="pdf/ua-1",
                pdf_identifier=self.config.epub_identifier.encode(),
                uncompressed_pdf=False,
            )


def write_pdf_when_built(app: Sphinx, exception: Exception | None) -> None:
    """Write the PDF once the HTML and its static files are all in place."""
    if exception is None and isinstance(app.builder, PdfBuilder):
        app.builder.write_pdf()


def setup(app: Sphinx) -> dict[str, Any]:
    add_subtitle_config(app)
    app.add_config_value("handbook_pdf_basename", "handbook", "env", str)
    app.add_config_value("handbook_pdf_title", "", "env", str)
    app.add_config_value("handbook_pdf_author", "", "env", str)
    app.add_config_value("handbook_pdf_language", "en-GB", "env", str)
    app.add_config_value("handbook_pdf_contents_depth", 2, "env", int)
    app.add_config_value("handbook_pdf_css_files", [], "env", list)
    app.add_html_theme("handbook-pdf", str(HERE / "theme" / "handbook-pdf"))
    app.add_builder(PdfBuilder)
    app.connect("build-finished", write_pdf_when_built)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
