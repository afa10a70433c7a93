"""The title pages' shared facts: the handbook's subtitle and the edition's date."""

from __future__ import annotations

import datetime as dt
import os
import time

from sphinx.application import Sphinx

from handbook.translation.dates import long_date


def edition_time() -> time.struct_time:
    """The edition's moment, from SOURCE_DATE_EPOCH so that builds are reproducible."""
    return time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))


def edition_date(language: str | None = None) -> str:
    """The edition's date as a reader of its language writes it: '23 November 2026',
    '23 Tachwedd 2026'."""
    stamp = edition_time()
    return long_date(dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday), language)


def add_subtitle_config(app: Sphinx) -> None:
    """Register the book settings once, whichever edition's extension comes first."""
    if "handbook_subtitle" not in app.config:
        app.add_config_value("handbook_subtitle", "", "env", str)
