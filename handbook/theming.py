"""Keep the project's furo template overrides out of the ePub and the PDF.

``templates_path`` holds overrides of furo's templates (quick exit, report a problem).
Sphinx puts it in front of every builder's theme, so the ePub and PDF themes would pick
up web-only pieces. Those builders mix this in to see only their own theme's templates.
"""

from __future__ import annotations

from typing import Any


class ThemeTemplatesOnly:
    """Builder mix-in: load templates from the theme alone, not ``templates_path``."""

    config: Any

    def init_templates(self) -> None:
        saved = self.config.templates_path
        self.config.templates_path = []
        try:
            super().init_templates()  # type: ignore[misc]
        finally:
            self.config.templates_path = saved


#: the builders that make the web site; the ePub and PDF have themes of their own
WEB_BUILDERS: tuple[str, ...] = ("html", "dirhtml")


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
