"""The title pages' shared facts: the handbook's subtitle and the edition's date."""

from __future__ import annotations

import os
import time

from sphinx.application import Sphinx


def edition_time() -> time.struct_time:
    """The edition's moment, from SOURCE_DATE_EPOCH so that builds are reproducible."""
    return time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))


def edition_date() -> str:
    """The edition's date as a reader writes it: '23 November 2026'."""
    stamp = edition_time()
    return f"{stamp.tm_mday} {time.strftime('%B %Y', stamp)}"


def add_subtitle_config(app: Sphinx) -> None:
    """Register the book settings once, whichever edition's extension comes first."""
    if "handbook_subtitle" not in app.config:
        app.add_config_value("handbook_subtitle", "", "env", str)
