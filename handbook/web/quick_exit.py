"""Quick exit: the GOV.UK "Exit this page" pattern on every page of the website.

The handbook is about child abuse; a reader may be a young person or a parent who could be
harmed if someone sees what they are reading. Every web page gets, straight after the skip
link: a second skip link "Exit this page", a visible "Exit this page" button (a link to a
neutral site, so it works without JavaScript) and a link to the About page's note on
browsing history. ``_static/quick-exit.js`` adds Shift pressed three times within five
seconds, blanks the page at once, leaves with ``location.replace`` and removes the blanking
on ``pageshow`` (coming back with Back). No inline script: the site's Content-Security-Policy
allows only its own files.

The ePub and the PDF have no quick exit: the template variables are set only for the
builders in ``handbook_quick_exit_builders``.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

DEFAULT_URL: Final = "https://www.bbc.co.uk/weather"
WEB_BUILDERS: Final = ("html", "dirhtml", "singlehtml")


def check_config(app: Sphinx, config: Config) -> None:
    """The exit must go to a real https page, never somewhere relative or scripted."""
    url = config.handbook_quick_exit_url
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigError(f"handbook_quick_exit_url must be an https:// address, not {url!r}")


def label_uri(app: Sphinx, pagename: str, label: str, context: dict[str, Any]) -> str | None:
    """Relative address of a ``(label)=`` target from this page, or None if undefined."""
    std = app.env.domains.standard_domain
    if label not in std.labels:
        return None
    docname, anchor, _ = std.labels[label]
    uri: str = "" if docname == pagename else context["pathto"](docname)
    return f"{uri}#{anchor}" if anchor else (uri or "#")


def missing_label(app: Sphinx, label: str, option: str) -> None:
    """Warn (once) that the About page lacks the label a config value names."""
    logger.warning(
        "label %r (set by %s) is not defined: add (%s)= before the heading on the About page",
        label,
        option,
        label,
        type="handbook",
        subtype="label",
        once=True,
    )


def add_quick_exit(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page template what it needs, and the page its script and styles."""
    if app.builder.name not in app.config.handbook_quick_exit_builders:
        return
    label = app.config.handbook_quick_exit_help_label
    help_uri = label_uri(app, pagename, label, context)
    if help_uri is None:
        missing_label(app, label, "handbook_quick_exit_help_label")
        help_uri = context["pathto"](app.config.root_doc)
    context["handbook_quick_exit"] = {"url": app.config.handbook_quick_exit_url, "help": help_uri}
    app.add_css_file("quick-exit.css")
    app.add_js_file("quick-exit.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the neutral address, the help label and the builders that get the button."""
    app.add_config_value("handbook_quick_exit_url", DEFAULT_URL, "html", types=[str])
    app.add_config_value("handbook_quick_exit_help_label", "quick-exit-note", "html", types=[str])
    app.add_config_value(
        "handbook_quick_exit_builders", list(WEB_BUILDERS), "html", types=[list, tuple]
    )
    app.connect("config-inited", check_config)
    app.connect("html-page-context", add_quick_exit)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
