"""Paper carries its provenance: every printed page says where it came from and how current it was.

A practitioner may act on a printout weeks after it was made, and a loose sheet has no
address bar. So a page printed from the site, and every page of the PDF book, shows:

- the page's address: its web address when the site's is known (``make all BASEURL=...``,
  ``html_baseurl``), else its path in the site (``what-to-do.html``, ``cy/what-to-do.html``);
- the date the edition was built, labelled "Built" (``SOURCE_DATE_EPOCH``): the same for
  every reader and every build of one commit, with no script (docs/decisions.md says why
  not the day of printing);
- the page's last review date (front matter ``last_reviewed``);
- "Check the online version before you act on a printed copy."

Every word is in the build's language (``sphinx.po``), the dates too.

- **The site** (``WEB_BUILDERS``): a block at the top of each page's body, ``hidden`` on
  screen (and so to screen readers, which read the same page online) and shown by the print
  stylesheet, ``_static/print.css`` (linked with ``media="print"``: it never delays a page
  on screen; ``handbook.web.assets`` then puts the rules a page can use in its own style). That stylesheet also prints folded content unfolded (``<details>``, so
  sphinx-design's dropdowns, and every sphinx-design tab panel under its label) and leaves
  the site's controls off paper. The block carries ``handbook-web-only``: the books have
  their own provenance, and the parity test leaves it out.
- **The PDF** (``handbook_provenance_pdf_builders``): the foot of every page, in WeasyPrint
  margin boxes (the PDF theme's ``layout.html`` writes them with
  :func:`pdf_footer_css`). The chapter's address and review date are named strings
  (``string-set``) set by an empty marker at the start of each chapter; the title page,
  the contents and the home page carry the home page's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

from handbook.editions.metadata import edition_date
from handbook.editions.pdf import css_content, css_string
from handbook.translation.dates import long_date
from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS

__version__: Final = "1.0.0"

#: the print stylesheet of the site, in ``html_static_path``
PRINT_CSS: Final = "print.css"
#: the class of the site's print-only block
BLOCK_CLASS: Final = "handbook-print-provenance"
#: the class of the PDF's empty marker at the start of each chapter
MARKER_CLASS: Final = "handbook-provenance"


@dataclass(frozen=True)
class Provenance:
    """What a printed page says about itself, in the build's language."""

    address: str
    built: str
    reviewed: str

    @property
    def online(self) -> str:
        return _("This page online: %(address)s") % {"address": self.address}

    @property
    def dates(self) -> str:
        """ "Built 23 November 2026 · Last reviewed 4 December 2026" (without the review
        date when the page has none)."""
        if not self.reviewed:
            return _("Built %(built)s") % {"built": self.built}
        return _("Built %(built)s · Last reviewed %(reviewed)s") % {
            "built": self.built,
            "reviewed": self.reviewed,
        }


def check_online() -> str:
    """The sentence every printed page ends with."""
    return _("Check the online version before you act on a printed copy.")


def page_address(env: BuildEnvironment, docname: str) -> str:
    """The page's web address when the site's is known, else its path in the whole site.

    ``html_baseurl`` is this build's own address (a translation's ends in its folder:
    ``handbook.translation.settings``); without it, the language's folder comes first.
    """
    config = env.config
    page = f"{docname}{config.html_file_suffix or '.html'}"
    base = (config.html_baseurl or "").strip()
    if base:
        return f"{base.rstrip('/')}/{page}"
    languages: dict[str, dict[str, str]] = getattr(config, "handbook_languages", {}) or {}
    folder = languages.get(config.language or "", {}).get("path", "")
    return f"{folder}{page}"


def last_reviewed(env: BuildEnvironment, docname: str) -> str:
    """The page's ``last_reviewed`` as a reader of the build's language writes it, or ''."""
    raw = env.metadata.get(docname, {}).get("last_reviewed", "")
    try:
        day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
    except ValueError:
        return ""
    return long_date(day, env.config.language)


def provenance(env: BuildEnvironment, docname: str) -> Provenance:
    """What a printed copy of this page says about itself."""
    return Provenance(
        address=page_address(env, docname),
        built=edition_date(env.config.language),
        reviewed=last_reviewed(env, docname),
    )


# --- the site ------------------------------------------------------------------------


def block_html(facts: Provenance) -> str:
    """The site's print-only block: hidden on screen, shown by ``print.css``."""
    # the address is a web address or a file name, not words: code, as the site writes them
    address = f'<code class="{BLOCK_CLASS}-code">{escape(facts.address)}</code>'
    online = escape(_("This page online: %(address)s")) % {"address": address}
    return (
        f'<div class="{BLOCK_CLASS} {WEB_ONLY_CLASS}" hidden>\n'
        f'<p class="{BLOCK_CLASS}-address">{online}</p>\n'
        f'<p class="{BLOCK_CLASS}-dates">{escape(facts.dates)}</p>\n'
        f'<p class="{BLOCK_CLASS}-check"><strong>{escape(check_online())}</strong></p>\n'
        "</div>\n"
    )


def add_block(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put the print-only block at the top of each page's body (pages, not search)."""
    if app.builder.name not in WEB_BUILDERS or pagename not in app.env.all_docs:
        return
    if "body" in context:
        context["body"] = block_html(provenance(app.env, pagename)) + context["body"]


def add_print_css(app: Sphinx) -> None:
    """The site's print stylesheet, for paper only: it never delays a page on screen."""
    if app.builder.name in WEB_BUILDERS:
        app.add_css_file(PRINT_CSS, media="print")


# --- the PDF -------------------------------------------------------------------------


class ChapterMarkers(SphinxPostTransform):
    """At the start of each chapter of the PDF, an empty marker that names the chapter's
    address and review date for the page footers (``string-set`` from its attributes)."""

    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        if self.env._builder_cls.name not in self.config.handbook_provenance_pdf_builders:
            return
        for start in self.document.findall(addnodes.start_of_file):
            facts = provenance(self.env, start["docname"])
            start.insert(0, nodes.raw("", marker_html(facts), format="html"))


def marker_html(facts: Provenance) -> str:
    return (
        f'<span class="{MARKER_CLASS}" data-address="{escape(facts.address)}" '
        f'data-reviewed="{escape(facts.reviewed)}"></span>'
    )


def pdf_footer_css(app: Sphinx) -> str:
    """The rules that put the provenance at the foot of every PDF page, in the build's
    language. The named strings start as the home page's (set on the title page, they hold
    for the contents and the home page); each chapter's marker sets its own. Placeholders become CSS
    values wherever a translation puts them (:func:`~handbook.editions.pdf.css_content`)."""
    home = provenance(app.env, app.config.root_doc)
    online = css_content(_("This page online: %(address)s"), address="string(handbook-address)")
    dates = css_content(
        _("Built %(built)s · Last reviewed %(reviewed)s"),
        built=css_string(home.built),
        reviewed="string(handbook-reviewed)",
    )
    content = f'{online} "\\A " {dates} "\\A " {css_string(check_online())}'
    return (
        # the title page's, not body's: body is on every page, and would set them on each
        f"section.title-page {{ string-set: handbook-address {css_string(home.address)}, "
        f"handbook-reviewed {css_string(home.reviewed)}; }}\n"
        # a block: an empty inline between blocks makes no box, and sets no string
        f"span.{MARKER_CLASS} {{ display: block; string-set: handbook-address "
        "attr(data-address), handbook-reviewed attr(data-reviewed); }\n"
        f"@page {{ @bottom-left {{ content: {content}; }} }}\n"
    )


def add_pdf_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the PDF theme's ``layout.html`` the footer's rules."""
    if app.builder.name in app.config.handbook_provenance_pdf_builders:
        context["handbook_provenance_css"] = pdf_footer_css(app)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the site's print block and stylesheet, and the PDF's page footers."""
    app.setup_extension("handbook.translation.dates")
    app.add_config_value("handbook_provenance_pdf_builders", ["pdf"], "env", types=[list])
    app.connect("builder-inited", add_print_css)
    app.connect("html-page-context", add_block)
    app.connect("html-page-context", add_pdf_context)
    app.add_post_transform(ChapterMarkers)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
