"""Review governance: review dates on every page and the "What has changed" page.

Readers of safeguarding guidance must be able to tell how current it is, and editors must
see what is due. :mod:`.pages` checks and shows each page's review dates;
:mod:`.amendments` shows the dated amendment lines of pages whose law or guidance changed,
and lists them on "What has changed"; :mod:`.changelog` draws the amendments log from
``CHANGELOG.md``; ``python -m handbook.writing.review`` prints the review report
(``make review-report``).
"""

from __future__ import annotations

from typing import Any, Final

from sphinx.application import Sphinx

from . import amendments, changelog, pages

__version__: Final = "1.0.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the feature."""
    app.setup_extension("handbook.translation.dates")
    pages.setup(app)
    amendments.setup(app)
    changelog.setup(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
