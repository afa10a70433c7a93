"""WeasyPrint's warnings as build warnings, for every PDF the build writes.

WeasyPrint only logs what it cannot do (a link with no anchor, a rule it cannot read, a
missing font) and writes the PDF anyway. Relayed as Sphinx warnings, ``-W`` fails the
build instead of shipping a PDF with a dead link. Its INFO progress lines are silenced.
"""

from __future__ import annotations

import logging as std_logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)


class WeasyPrintLogRelay(std_logging.Handler):
    """Re-log WeasyPrint's warnings through Sphinx, at the given location."""

    def __init__(self, what: str, location: Any = None) -> None:
        super().__init__(level=std_logging.WARNING)
        self.what = what
        self.location = location

    def emit(self, record: std_logging.LogRecord) -> None:
        logger.warning(
            "%s: WeasyPrint: %s",
            self.what,
            record.getMessage(),
            location=self.location,
            type="handbook",
            subtype="weasyprint",
        )


@contextmanager
def weasyprint_warnings_fail_the_build(what: str, location: Any = None) -> Iterator[None]:
    """Within the block, WeasyPrint's warnings are Sphinx warnings; progress lines are off."""
    weasy = std_logging.getLogger("weasyprint")
    progress = std_logging.getLogger("weasyprint.progress")
    relay = WeasyPrintLogRelay(what, location)
    weasy.addHandler(relay)
    was_disabled, progress.disabled = progress.disabled, True
    try:
        yield
    finally:
        weasy.removeHandler(relay)
        progress.disabled = was_disabled
