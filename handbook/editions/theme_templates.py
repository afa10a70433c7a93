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
