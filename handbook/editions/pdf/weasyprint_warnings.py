"""WeasyPrint's warnings as build warnings, for every PDF the build writes.

WeasyPrint only logs what it cannot do (a link with no anchor, a rule it cannot read, a
missing font) and writes the PDF anyway. Relayed as Sphinx warnings, ``-W`` fails the
build instead of shipping a PDF with a dead link. Its INFO progress lines are silenced.
WeasyPrint sees only the one HTML file the PDF is made from; for a link to a missing
anchor, the warning names the source file and line that link to it, where one does.
"""

from __future__ import annotations

import logging as std_logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: WeasyPrint's message for a link to an anchor the document does not have
MISSING_ANCHOR = re.compile(r"No anchor #(?P<anchor>\S+) ")


def where_linked(anchor: str, sources: Sequence[Path]) -> str | None:
    """The first line of the sources that links to ``#anchor``, as ``file:line``."""
    link = re.compile(rf"#{re.escape(anchor)}(?![\w-])")
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if link.search(line):
                return f"{path}:{number}"
    return None


class WeasyPrintLogRelay(std_logging.Handler):
    """Re-log WeasyPrint's warnings through Sphinx, at the given location, or else at the
    source line that links to a missing anchor."""

    def __init__(self, what: str, location: Any = None, sources: Sequence[Path] = ()) -> None:
        super().__init__(level=std_logging.WARNING)
        self.what = what
        self.location = location
        self.sources = sources

    def emit(self, record: std_logging.LogRecord) -> None:
        message = record.getMessage()
        location = self.location
        missing = MISSING_ANCHOR.search(message)
        if location is None and missing:
            location = where_linked(missing.group("anchor"), self.sources)
        logger.warning(
            "%s: WeasyPrint: %s",
            self.what,
            message,
            location=location,
            type="handbook",
            subtype="weasyprint",
        )


@contextmanager
def weasyprint_warnings_fail_the_build(
    what: str, location: Any = None, sources: Sequence[Path] = ()
) -> Iterator[None]:
    """Within the block, WeasyPrint's warnings are Sphinx warnings; progress lines are off.
    ``sources``: the pages' source files, searched for a link to a missing anchor."""
    weasy = std_logging.getLogger("weasyprint")
    progress = std_logging.getLogger("weasyprint.progress")
    relay = WeasyPrintLogRelay(what, location, sources)
    weasy.addHandler(relay)
    was_disabled, progress.disabled = progress.disabled, True
    try:
        yield
    finally:
        weasy.removeHandler(relay)
        progress.disabled = was_disabled
