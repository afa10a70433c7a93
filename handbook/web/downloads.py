"""Offer the ePub and PDF editions on every page of the HTML site.

The HTML build copies the finished ePub and PDF into the site and gives each page's sidebar
a link that says what the file is and how big it is, so a reader on a phone knows what
they are about to download. A missing edition is an error, never a silently absent link:
the Makefile builds both before the site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: where the site keeps the downloads, relative to its root
DOWNLOADS_DIR = "downloads"


def human_size(size: int) -> str:
    """'312 KB', '1.4 MB': the size a reader cares about, in decimal units."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


def build_root(app: Sphinx) -> Path:
    """Where the Makefile puts the editions (``BUILDDIR``, passed as HANDBOOK_BUILDDIR).

    Read from the environment, not the configuration, so that the configuration, and with
    it the site's ``.buildinfo``, is the same wherever the build goes.
    """
    return Path(app.confdir, os.environ.get("HANDBOOK_BUILDDIR", "_build"))


def _collect(app: Sphinx) -> list[dict[str, str]]:
    found = []
    for entry in app.config.handbook_downloads:
        path = build_root(app) / entry["path"]
        if not path.is_file():
            logger.warning(
                "download %s not found at %s: build it first (make %s)",
                entry["label"],
                path,
                entry.get("make", "all"),
                type="handbook",
                subtype="downloads",
            )
            continue
        found.append(
            {
                "source": str(path),
                "href": f"{DOWNLOADS_DIR}/{path.name}",
                "label": entry["label"],
                "format": entry["format"],
                "description": entry.get("description", ""),
                "size": human_size(path.stat().st_size),
            }
        )
    return found


def on_builder_inited(app: Sphinx) -> None:
    app.builder.handbook_downloads = (  # type: ignore[attr-defined]
        _collect(app) if app.builder.name in app.config.handbook_downloads_builders else []
    )


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["handbook_downloads"] = getattr(app.builder, "handbook_downloads", [])


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    downloads = getattr(app.builder, "handbook_downloads", [])
    if exception is not None or not downloads:
        return
    target = Path(app.outdir, DOWNLOADS_DIR)
    target.mkdir(exist_ok=True)
    for item in downloads:
        shutil.copyfile(item["source"], target / Path(item["source"]).name)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_downloads", [], "html", list)
    app.add_config_value("handbook_downloads_builders", ["html", "dirhtml"], "html", list)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_page_context)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
