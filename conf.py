"""Sphinx configuration of the CSE practice handbook.

One source (``source/``) builds three editions: HTML (furo), ePub 3 and a tagged PDF.
Paths here are relative to this folder, the project's top level. Sections follow the
build's concerns: the project, its extensions, MyST, each edition, then the handbook's own
features, each with its ``handbook_*`` settings (docs/architecture.md maps every feature to
its module, templates and tests).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

# -- Project ---------------------------------------------------------------
project = "Child sexual exploitation: a practice handbook"
short_title = "CSE practice handbook"
author = "CSE handbook editorial team"
publisher = "CSE handbook editorial team"
release = "1.0.0"
version = "1.0"
language = "en_GB"
_build_time = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
copyright = f"{_build_time.tm_year}, {author}"
today_fmt = "%-d %B %Y"

# -- Extensions ------------------------------------------------------------
# Each page links the features' stylesheets in the order of this list.
extensions = [
    # Times every handler and transform when HANDBOOK_PROFILE is set (make profile); inert
    "handbook.build_profile",
    # Sphinx and the extensions, once set up, kept out of the garbage collector's walks
    "handbook.gc_freeze",
    # Markdown pages, sphinx-design's components, Graphviz diagrams
    "myst_parser",
    "sphinx_design",
    "sphinx.ext.graphviz",
    # What writers use in pages (handbook/writing/)
    "handbook.writing.admonitions",
    "handbook.writing.tbc",
    "handbook.writing.contacts",
    "handbook.writing.area_contacts",  # each council's numbers, from the contact data
    "handbook.writing.review",
    "handbook.writing.briefing",
    "handbook.writing.record_sheet",  # the record of a concern: a sheet and a PDF form, no score
    "handbook.writing.lint",
    "handbook.writing.language",
    "handbook.writing.wording_check",  # Check my wording: the list, and a checker in the browser
    "handbook.writing.bibliography",  # loads sphinxcontrib-bibtex
    "handbook.writing.cited_claims",
    # The ePub and PDF builders (handbook/editions/)
    "handbook.editions.epub",
    "handbook.editions.pdf",
    # A page read again for one edition is written again by the editions built after it
    "handbook.editions.shared_reading",
    # Paper says where it came from: address, dates, "check online" (print and PDF)
    "handbook.editions.provenance",
    # The Welsh edition: catalogues, translation status, language switcher (handbook/translation/)
    "handbook.translation.settings",
    "handbook.translation.catalogues",
    "handbook.translation.status",
    "handbook.translation.switcher",
    "handbook.translation.search",
    "handbook.translation.unique_ids",  # a citation cited twice in a paragraph keeps two ids
    "handbook.translation.lean_messages",  # translated messages parsed and stored without waste
    "handbook.translation.graphviz",  # diagrams' labels and alt text in the page catalogues
    # What only the website has (handbook/web/)
    "handbook.web.downloads",
    "handbook.web.quick_exit",
    "handbook.web.feedback",
    "handbook.web.security",
    "handbook.web.assets",
    "handbook.web.seo",
    "handbook.web.feed",
    "handbook.web.offline",  # the offline copy, kept only when a reader asks
    "handbook.web.text_changes",  # exactly what changed in each page's text since the last edition
    # The accessibility fixes, every edition (handbook/accessibility.py)
    "handbook.accessibility",
]

# -- General ---------------------------------------------------------------
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = ["_data"]
nitpicky = True
suppress_warnings: list[str] = []
smartquotes = True

# -- MyST ------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
myst_heading_anchors = 3
myst_url_schemes = ["http", "https", "mailto", "tel"]
myst_footnote_transition = False

# -- Graphviz --------------------------------------------------------------
graphviz_output_format = "svg"
graphviz_dot_args = ["-Gfontname=DejaVu Sans", "-Nfontname=DejaVu Sans", "-Efontname=DejaVu Sans"]

# -- HTML edition (furo) ---------------------------------------------------
html_theme = "furo"
html_title = short_title
html_short_title = short_title
html_static_path = ["_static"]
html_css_files = ["css/handbook.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_search_language = "en"
html_permalinks_icon = "#"
html_theme_options = {
    "navigation_with_keys": False,
    "top_of_page_buttons": [],
}
# the scripts every page runs, as one file (handbook.web.assets; docs/performance.md)
handbook_assets_bundle = [
    "search-highlight-loader.js",
    "scripts/furo.js",
    "js/keyboard-drawers.js",
    "quick-exit.js",
]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/downloads.html",
        "sidebar/scroll-end.html",
    ]
}

# -- ePub edition (handbook.editions.epub) ---------------------------------
epub_basename = "cse-practice-handbook"
epub_title = project
epub_author = author
epub_publisher = publisher
epub_language = "en-GB"
epub_identifier = "urn:uuid:6f3c1f0e-5a7e-4d55-9a51-3f2b8f0c2e11"
epub_uid = "bookid"  # an XML id; the NCX gets the identifier itself (handbook.editions.epub)
epub_scheme = "uuid"
epub_copyright = copyright
epub_theme = "epub"
epub_show_urls = "no"
epub_use_index = False
epub_tocdepth = 2
# The home page's toctrees are hidden (it lists the sections, not every page): the book's
# contents (nav.xhtml, toc.ncx) still list every page, as the site's menu does.
epub_tocscope = "includehidden"
epub_cover = ()
# Sphinx 9 backs up .buildinfo as .buildinfo.bak: not part of the book.
# The Welsh ePub is put beside the English one (make all): not part of it.
epub_exclude_files = ["search.html", "genindex.html", ".buildinfo.bak", f"{epub_basename}-cy.epub"]
epub_css_files: list[str] = []  # the book has its own theme; the web CSS stays on the web
epub_description = "Guidance for multi-agency safeguarding practitioners in England and Wales"
epub_contributor = "Based on the 7-minute briefings on CSE from North Wales and Greater Manchester"
epub_pre_files: list[tuple[str, str]] = []  # the builder puts its title page first

# -- PDF edition (handbook.editions.pdf) -----------------------------------
handbook_pdf_basename = "cse-practice-handbook"
handbook_pdf_title = project
handbook_pdf_author = author
handbook_pdf_language = "en-GB"

# -- Both books' title pages (handbook.editions.metadata) ------------------
handbook_subtitle = "Guidance for multi-agency safeguarding practitioners in England and Wales"

# -- Contacts (handbook.writing.contacts) ----------------------------------
handbook_contacts_file = "_data/contacts.yaml"  # relative to source/

# -- Review dates (handbook.writing.review) --------------------------------
handbook_review_today = None  # ISO date to pretend it is today; None: the real date

# -- The 7-minute briefing (handbook.writing.briefing) ---------------------
handbook_briefing_poster_title = "Child sexual exploitation"  # heading of the A4 poster

# -- Language check (handbook.writing.language) ----------------------------
handbook_language_file = "_data/language.yaml"  # relative to source/

# -- Bibliography (handbook.writing.bibliography, sphinxcontrib-bibtex) -----
# One BibTeX file, cited with {cite:p}`key`; the References page lists it with
# {bibliography}. The entry convention is in docs/content-model.md.
handbook_bibliography_files = ["_data/references.bib"]  # relative to source/
bibtex_default_style = "handbook"
bibtex_reference_style = "label"

# -- Cited claims (handbook.writing.cited_claims) --------------------------
# A sentence stating a timescale, a year, an age or the name of an Act or statutory
# guidance carries a citation or a {tbc} marker, except on these pages: the briefing
# restates the two seed briefings; the others are made from data, not written as prose.
handbook_cited_claims_exempt = [
    "seven-minute-briefing",
    "changes",
    "references",
    "to-be-confirmed",
    "translation-status",
]

# -- Downloads (handbook.web.downloads) ------------------------------------
# The site's sidebar offers the editions (sidebar/downloads.html, in html_sidebars).
handbook_downloads = [
    {
        "path": f"pdf/{handbook_pdf_basename}.pdf",
        "label": "PDF edition",
        "format": "PDF, A4",
        "description": "The whole handbook, for printing or reading offline.",
        "make": "pdf",
    },
    {
        "path": f"epub/{epub_basename}.epub",
        "label": "ePub edition",
        "format": "ePub 3 e-book",
        "description": "The whole handbook, for e-readers and reading apps.",
        "make": "epub",
    },
]

# -- Quick exit (handbook.web.quick_exit) ----------------------------------
handbook_quick_exit_url = "https://www.bbc.co.uk/weather"

# -- Report a problem (handbook.web.feedback) ------------------------------
handbook_issue_tracker_url = None  # not known yet: the link goes to about.md#report-a-problem

# -- Update alerts: the Atom feed of "What has changed" (handbook.web.feed) --
handbook_feed_id = "urn:uuid:2ca20ee4-e541-4d97-a018-8ccee4a5998e"  # never change it

# -- Languages (handbook/translation/) ------------------------------------
# English is the source. The Welsh edition is the same source read through the catalogues
# in locales/cy/LC_MESSAGES/ (one .po file a page; the interface's strings in sphinx.po),
# built with `sphinx-build -D language=cy` into _build/html/cy/ and files ending -cy.
# The translator's workflow: docs/translation.md.
locale_dirs = ["../locales"]  # relative to source/
gettext_compact = False  # one catalogue a page, so each page has its own status
gettext_uuid = False
gettext_location = False  # no line numbers: editing a page must not churn every catalogue
gettext_allow_fuzzy_translations = False  # a fuzzy (unchecked) match counts as untranslated

# The languages the site is published in: the switcher and hreflang links use them.
handbook_languages = {
    "en_GB": {"name": "English", "hreflang": "en-GB", "path": ""},
    "cy": {"name": "Cymraeg", "hreflang": "cy", "path": "cy/"},
}
handbook_source_language = "en_GB"
# Pages a Welsh-language reviewer has checked, one file a language (docs/translation.md).
handbook_translation_reviews = "../locales/{language}/reviewed.yaml"  # relative to source/

# What each translation's editions change: applied once `-D language=...` is known
# (handbook.translation.settings), because conf.py runs before that override.
handbook_translation_settings: dict[str, dict[str, object]] = {
    "cy": {
        "project": "Camfanteisio’n rhywiol ar blant: llawlyfr ymarfer",
        "author": "Tîm golygyddol llawlyfr CRhB",
        "copyright": f"{_build_time.tm_year}, Tîm golygyddol llawlyfr CRhB",
        "epub_author": "Tîm golygyddol llawlyfr CRhB",
        "epub_publisher": "Tîm golygyddol llawlyfr CRhB",
        "epub_copyright": f"{_build_time.tm_year}, Tîm golygyddol llawlyfr CRhB",
        "handbook_pdf_author": "Tîm golygyddol llawlyfr CRhB",
        "html_title": "Llawlyfr ymarfer CRhB",
        "html_short_title": "Llawlyfr ymarfer CRhB",
        "html_search_language": "cy",
        "today_fmt": "%-d %B %Y",
        "epub_basename": "cse-practice-handbook-cy",
        "epub_title": "Camfanteisio’n rhywiol ar blant: llawlyfr ymarfer",
        "epub_language": "cy",
        "epub_identifier": "urn:uuid:4c3cee7c-260f-4f3c-9c69-b8af9a0f7796",
        "epub_description": "Canllawiau i ymarferwyr diogelu amlasiantaethol yng Nghymru a Lloegr",
        "epub_contributor": (
            "Yn seiliedig ar y sesiynau briffio 7 munud ar CRhB o Ogledd Cymru a Manceinion Fwyaf"
        ),
        "handbook_subtitle": "Canllawiau i ymarferwyr diogelu amlasiantaethol yng Nghymru a Lloegr",
        "handbook_pdf_basename": "cse-practice-handbook-cy",
        "handbook_pdf_title": "Camfanteisio’n rhywiol ar blant: llawlyfr ymarfer",
        "handbook_pdf_language": "cy",
        "handbook_briefing_poster_title": "Camfanteisio’n rhywiol ar blant",
        "handbook_record_sheet_form_name": "{docname}-form-cy",
        "handbook_feed_id": "urn:uuid:fac50c0f-5d0f-4838-b8d0-fe9c0de1c27e",  # never change it
        "handbook_downloads": [
            {
                "path": "pdf/cse-practice-handbook-cy.pdf",
                "label": "Fersiwn PDF",
                "format": "PDF, A4",
                "description": "Y llawlyfr cyfan, i’w argraffu neu i’w ddarllen all-lein.",
                "make": "pdf",
            },
            {
                "path": "epub/cse-practice-handbook-cy.epub",
                "label": "Fersiwn ePub",
                "format": "e-lyfr ePub 3",
                "description": "Y llawlyfr cyfan, ar gyfer e-ddarllenwyr ac apiau darllen.",
                "make": "epub",
            },
        ],
    },
}

# -- "Edit this page" and "View source" links (furo) -----------------------
# To be confirmed: the repository's web address is not known yet, so nothing is invented
# here. Set HANDBOOK_REPOSITORY_URL (for example in the hosting's environment settings) to
# the repository's address, such as https://github.com/<organisation>/<repository>, and
# every page of the site links to its source; unset, the site shows no such links.
handbook_repository_url = os.environ.get("HANDBOOK_REPOSITORY_URL", "").strip() or None
handbook_repository_branch = os.environ.get("HANDBOOK_REPOSITORY_BRANCH", "").strip() or "main"
if handbook_repository_url:
    html_theme_options.update(
        {
            "source_repository": handbook_repository_url.rstrip("/") + "/",
            "source_branch": handbook_repository_branch,
            "source_directory": "source/",
            "top_of_page_buttons": ["view", "edit"],
        }
    )
