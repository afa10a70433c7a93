""" "Report a problem with this page" on every page of the website.

Readers are the best proof-readers of safeguarding guidance, so every web page ends with
a link to report a problem. When ``handbook_issue_tracker_url`` is set (a GitHub- or
GitLab-style tracker), the link opens ``<url>/new`` with a title and body already filled
in with the page's title and address; while it is ``None`` (no tracker yet) the link goes
to the About page's ``report-a-problem`` section, which says how to report. The ePub and
the PDF say where to report in that About page (content, not code).
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlencode, urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.locale import _
from sphinx.util import logging

from .quick_exit import WEB_BUILDERS, label_uri, missing_label

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)


def check_config(app: Sphinx, config: Config) -> None:
    """An issue tracker must be an https address (no query: ours is added)."""
    url = config.handbook_issue_tracker_url
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"handbook_issue_tracker_url must be an https:// address with no query, not {url!r}"
        )


def page_address(app: Sphinx, pagename: str) -> str:
    """The page's public address if ``html_baseurl`` is known, else its path in the site."""
    target = app.builder.get_target_uri(pagename)
    base = app.config.html_baseurl
    return f"{base.rstrip('/')}/{target}" if base else target


def new_issue_url(tracker: str, title: str, address: str, source: str) -> str:
    """``<tracker>/new?title=...&body=...``, prefilled so the report names its page."""
    facts = {"title": title, "address": address, "source": source}
    query = urlencode(
        {
            "title": _("Problem with the page “%(title)s”") % facts,
            "body": _(
                "Page: %(title)s\nAddress: %(address)s\nSource file: %(source)s\n\n"
                "What is wrong:\n\n"
                "Where the correct information comes from (if you know):\n\n"
                "Please do not include any details about a child or family."
            )
            % facts,
        }
    )
    return f"{tracker.rstrip('/')}/new?{query}"


def add_report_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Work out where this page's "Report a problem" link goes."""
    if app.builder.name not in app.config.handbook_report_problem_builders:
        return
    tracker = app.config.handbook_issue_tracker_url
    if tracker:
        title = context.get("title") or pagename
        source = str(app.env.doc2path(pagename, False)) if pagename in app.env.all_docs else ""
        url = new_issue_url(tracker, _plain(title), page_address(app, pagename), source)
        context["handbook_report_problem"] = {"url": url, "external": True}
        return
    label = app.config.handbook_report_problem_label
    uri = label_uri(app, pagename, label, context)
    if uri is None:
        missing_label(app, label, "handbook_report_problem_label")
        return
    context["handbook_report_problem"] = {"url": uri, "external": False}


def _plain(title: str) -> str:
    """Page titles in the context are HTML; the tracker wants text."""
    from html import unescape
    from re import sub

    return unescape(sub(r"<[^>]+>", "", title))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the tracker address (none yet) and the fallback label."""
    app.add_config_value("handbook_issue_tracker_url", None, "html", types=[str, type(None)])
    app.add_config_value("handbook_report_problem_label", "report-a-problem", "html", types=[str])
    app.add_config_value(
        "handbook_report_problem_builders", list(WEB_BUILDERS), "html", types=[list, tuple]
    )
    app.connect("config-inited", check_config)
    app.connect("html-page-context", add_report_link)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
