"""Dates as a reader of the build's language writes them: "23 November 2026", "23 Tachwedd 2026".

Month names come from Babel (Sphinx's :func:`~sphinx.util.i18n.format_date`), never from the
machine's locale, so a build reads the same wherever it runs. The patterns are GOV.UK's,
which Welsh government pages share: day without a leading zero, month in full, year.

As an extension (the features that write dates load it), the dates a build formatted are
kept beside the doctrees (``handbook-dates.json``) for the next build: Babel's first date
in a process costs 10-15 ms (it loads the language's data), and a one-page rebuild writes
the same few dates (review lines, amendment labels, the editions compared) every time.
They are Babel's and Sphinx's answers for the pattern, day and language, so they are kept
only as long as the versions of Babel, Sphinx and this module are the same.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Final

from sphinx.util.i18n import format_date

LONG_DATE: Final = "%-d %B %Y"
MONTH_YEAR: Final = "%B %Y"
#: the language of a build that names none
DEFAULT_LANGUAGE: Final = "en_GB"
#: beside the doctrees: the dates formatted by earlier builds
KEPT_FILE: Final = "handbook-dates.json"

#: "pattern NUL ISO day NUL language" -> the date as written (see :func:`keep_dates`)
_kept: dict[str, str] = {}
#: whether this build formatted a date that was not kept
_new: list[bool] = [False]


def _key(pattern: str, day: dt.date, language: str | None) -> str:
    return f"{pattern}\0{day.isoformat()}\0{language}"


def _format(pattern: str, day: dt.date, language: str | None) -> str:
    """Kept (``_kept``): the bibliography asks for the same dates on every build (Babel is
    slow), and a one-page rebuild writes the same few dates as the last build."""
    key = _key(pattern, day, language)
    kept = _kept.get(key)
    if kept is not None:
        return kept
    # format_date wants a datetime; noon keeps the day whatever the time zone
    moment = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    written = format_date(pattern, date=moment, language=language or DEFAULT_LANGUAGE)
    _kept[key] = written
    _new[0] = True
    return written


def long_date(day: dt.date, language: str | None = None) -> str:
    """23 November 2026; in Welsh 23 Tachwedd 2026."""
    return _format(LONG_DATE, day, language)


def month_year(day: dt.date, language: str | None = None) -> str:
    """May 2027; in Welsh Mai 2027."""
    return _format(MONTH_YEAR, day, language)


# --- kept between builds ---------------------------------------------------------------


@functools.cache
def versions() -> list[str]:
    """What a kept date depends on besides its pattern, day and language."""
    import babel
    import sphinx

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return [babel.__version__, sphinx.__version__, code]


def _kept_file(app: Any) -> Path:
    return Path(app.doctreedir, KEPT_FILE)


def keep_dates(app: Any) -> None:
    """Start the build with the dates the last one kept (if the versions are the same)."""
    _kept.clear()
    _new[0] = False
    try:
        data = json.loads(_kept_file(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("versions") == versions():
        dates = data.get("dates")
        if isinstance(dates, dict):
            _kept.update({k: v for k, v in dates.items() if isinstance(v, str)})


def save_dates(app: Any, exception: BaseException | None) -> None:
    """Keep this build's dates for the next, when it formatted any new one."""
    if exception is not None or not _new[0]:
        return
    data = {"versions": versions(), "dates": dict(sorted(_kept.items()))}
    try:
        _kept_file(app).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError:
        return
    _new[0] = False


def setup(app: Any) -> dict[str, Any]:
    """Keep the formatted dates between builds (beside the doctrees)."""
    app.connect("builder-inited", keep_dates, priority=100)
    app.connect("build-finished", save_dates)
    return {"version": "1.0.0", "parallel_read_safe": True, "parallel_write_safe": True}
