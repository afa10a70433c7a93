"""Dates as a reader of the build's language writes them: "23 November 2026", "23 Tachwedd 2026".

Month names come from Babel (Sphinx's :func:`~sphinx.util.i18n.format_date`), never from the
machine's locale, so a build reads the same wherever it runs. The patterns are GOV.UK's,
which Welsh government pages share: day without a leading zero, month in full, year.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final

from sphinx.util.i18n import format_date

LONG_DATE: Final = "%-d %B %Y"
MONTH_YEAR: Final = "%B %Y"
#: the language of a build that names none
DEFAULT_LANGUAGE: Final = "en_GB"


@functools.lru_cache(maxsize=4096)
def _format(pattern: str, day: dt.date, language: str | None) -> str:
    """Cached: the bibliography asks for the same dates on every build (Babel is slow)."""
    # format_date wants a datetime; noon keeps the day whatever the time zone
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return format_date(pattern, date=moment, language=language or DEFAULT_LANGUAGE)


def long_date(day: dt.date, language: str | None = None) -> str:
    """23 November 2026; in Welsh 23 Tachwedd 2026."""
    return _format(LONG_DATE, day, language)


def month_year(day: dt.date, language: str | None = None) -> str:
    """May 2027; in Welsh Mai 2027."""
    return _format(MONTH_YEAR, day, language)
