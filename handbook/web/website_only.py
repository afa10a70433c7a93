"""What only the website gets: which builders make it, and its own stylesheets and scripts.

The ePub and the PDF have themes of their own and leave the site's ``_static`` files out,
so a feature that styles the website asks for its files here rather than for every builder.
"""

from __future__ import annotations

from typing import Any

#: the builders that make the web site; the ePub and PDF have themes of their own
WEB_BUILDERS: tuple[str, ...] = ("html", "dirhtml")
#: the class of text that only the website shows: the parity test and the feed leave it out
WEB_ONLY_CLASS = "handbook-web-only"


def add_web_assets(app: Any, *, css: tuple[str, ...] = (), js: tuple[str, ...] = ()) -> None:
    """Give the web site (only) these stylesheets and deferred scripts.

    Added for every builder, a ``_static`` file would be linked from the ePub too, where
    the book leaves the site's static files out (epubcheck RSC-007).
    """

    def add(app: Any) -> None:
        if app.builder.name in WEB_BUILDERS:
            for filename in css:
                app.add_css_file(filename)
            for filename in js:
                app.add_js_file(filename, loading_method="defer")

    app.connect("builder-inited", add)
