"""A small handbook in Welsh (``language = "cy"``, the project's own catalogues): the
interface's words, dates and the language switcher, without building the whole handbook."""

from pathlib import Path

import handbook

_repo = Path(handbook.__file__).resolve().parent.parent
project = "Test handbook"
language = "cy"
locale_dirs = [str(_repo / "locales")]
gettext_compact = False
extensions = [
    "myst_parser",
    "handbook.writing.admonitions",
    "handbook.writing.tbc",
    "handbook.writing.review",
    "handbook.web.quick_exit",
    "handbook.web.feedback",
]
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
templates_path = [str(_repo / "_templates")]
html_static_path = [str(_repo / "_static")]
handbook_review_today = "2027-06-01"  # the page is overdue: the notice shows
# what handbook/translation/switcher.py gives each page, written out here
html_context = {
    "handbook_language_links": [
        {
            "code": "en_GB",
            "name": "English",
            "hreflang": "en-GB",
            "href": "../index.html",
            "current": False,
        },
        {"code": "cy", "name": "Cymraeg", "hreflang": "cy", "href": "index.html", "current": True},
    ]
}
