"""Sphinx configuration of the CSE practice handbook.

One source (``source/``) builds three editions: HTML (furo), ePub 3 and a tagged PDF.
Paths here are relative to this folder, the project's top level.
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

# -- General ---------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx.ext.graphviz",
    "handbook.admonitions",
    "handbook.tbc",
    "handbook.downloads",
    "handbook.epub",
    "handbook.pdf",
    "handbook.a11y",
]
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

# -- HTML (furo) -----------------------------------------------------------
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

# -- ePub ------------------------------------------------------------------
epub_basename = "cse-practice-handbook"
epub_title = project
epub_author = author
epub_publisher = publisher
epub_language = "en-GB"
epub_identifier = "urn:uuid:6f3c1f0e-5a7e-4d55-9a51-3f2b8f0c2e11"
epub_uid = "bookid"  # an XML id; the NCX gets the identifier itself (handbook.epub)
epub_scheme = "uuid"
epub_copyright = copyright
epub_theme = "epub"
epub_show_urls = "no"
epub_use_index = False
epub_tocdepth = 2
epub_cover = ()
# Sphinx 9 backs up .buildinfo as .buildinfo.bak: not part of the book.
epub_exclude_files = ["search.html", "genindex.html", ".buildinfo.bak"]
epub_css_files: list[str] = []  # the book has its own theme; the web CSS stays on the web
epub_description = "Guidance for multi-agency safeguarding practitioners in England and Wales"
epub_contributor = "Based on the 7-minute briefings on CSE from North Wales and Greater Manchester"

# -- PDF (handbook.pdf) ----------------------------------------------------
handbook_pdf_basename = "cse-practice-handbook"
handbook_pdf_title = project
handbook_pdf_author = author
handbook_pdf_language = "en-GB"

# -- Sidebar and downloads (handbook.downloads) ----------------------------
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
handbook_subtitle = "Guidance for multi-agency safeguarding practitioners in England and Wales"
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
epub_pre_files: list[tuple[str, str]] = []

# --- practitioner features (issue 4) ---
# Contacts, review dates, the 7-minute briefing, quick exit and "Report a problem":
# see docs/features.md.
extensions += [
    "handbook.contacts",
    "handbook.review",
    "handbook.briefing",
    "handbook.quick_exit",
    "handbook.feedback",
]
handbook_contacts_file = "_data/contacts.yaml"  # relative to source/
handbook_review_today = None  # ISO date to pretend it is today; None: the real date
handbook_quick_exit_url = "https://www.bbc.co.uk/weather"
handbook_issue_tracker_url = None  # not known yet: the link goes to about.md#report-a-problem
handbook_briefing_poster_title = "Child sexual exploitation"  # heading of the A4 poster

# --- quality gates (issue 5) ---
# Content-Security-Policy, no referrer and marked external links on the website
# (handbook.security); source checks that Sphinx does not make (handbook.lint); see
# docs/quality-gates.md.
extensions += ["handbook.security", "handbook.accessible_output", "handbook.lint"]

# --- contributor workflow (issue 7) ---
# The language check, and "Edit this page" / "View source" links: see docs/contributing.md.
extensions += ["handbook.language"]
handbook_language_file = "_data/language.yaml"  # relative to source/
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

# --- performance (issue 6) ---
# Load sphinx-design's, Pygments', Graphviz's and furo's extension styles only on the pages
# that use them, and Sphinx's search-term highlighter only when there are terms
# (handbook/assets.py); give every web page a meta description (handbook/seo.py).
# See docs/performance.md.
extensions += ["handbook.assets", "handbook.seo"]

# --- update alerts and the bibliography ---
# An Atom feed of "What has changed", made from CHANGELOG.md (handbook/feed.py); see
# docs/architecture.md.
extensions += ["handbook.feed"]
handbook_feed_id = "urn:uuid:2ca20ee4-e541-4d97-a018-8ccee4a5998e"  # never change it
