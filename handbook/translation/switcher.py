"""Every web page links to the same page in the other languages: a switcher and hreflang.

The site is one folder: English at its root, each translation in the folder its
``handbook_languages`` entry names (``cy/``), with the same page names. So the same page in
another language is always there, and each page can link to it directly:

- a language switcher for readers (``handbook_language_links`` in the page context; the
  markup is in ``_templates/page.html``): plain links, so they work by keyboard;
- ``<link rel="alternate" hreflang="...">`` in the head for every language, itself
  included, and ``x-default`` for the source language, so search engines offer a reader
  the page in their language. With ``html_baseurl`` set (the whole site's address) they
  are absolute, as search engines require; without it they are relative.

Web builders only: each book is one language.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from handbook.web.website_only import WEB_BUILDERS


def site_prefix(app: Sphinx, language: str) -> str:
    """The folder of a language's site, relative to the whole site's root: '' or 'cy/'."""
    languages: dict[str, dict[str, str]] = app.config.handbook_languages
    if language not in languages:
        raise ConfigError(
            f"handbook_languages has no entry for the build language {language!r}; "
            f"it has {', '.join(sorted(languages))}"
        )
    return languages[language]["path"]


def language_links(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The same page in every language, as links relative to this page."""
    page = app.builder.get_target_uri(pagename)
    here = posixpath.dirname(site_prefix(app, app.config.language) + page) or "."
    baseurl: str = (app.config.handbook_site_url or "").rstrip("/")
    links = []
    for code, entry in app.config.handbook_languages.items():
        target = entry["path"] + page
        relative = posixpath.relpath(target, here)
        links.append(
            {
                "code": code,
                "name": entry["name"],
                "hreflang": entry["hreflang"],
                "href": relative,
                "absolute": f"{baseurl}/{target}" if baseurl else relative,
                "current": code == app.config.language,
            }
        )
    return links


def add_language_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page its switcher and its hreflang alternates."""
    if app.builder.name not in WEB_BUILDERS or len(app.config.handbook_languages) < 2:
        return
    links = language_links(app, pagename)
    context["handbook_language_links"] = links
    tags = [
        f'<link rel="alternate" hreflang="{escape(link["hreflang"])}" '
        f'href="{escape(link["absolute"])}" />'
        for link in links
    ]
    source = next(link for link in links if link["code"] == app.config.handbook_source_language)
    tags.append(
        f'<link rel="alternate" hreflang="x-default" href="{escape(source["absolute"])}" />'
    )
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("handbook.translation.settings")
    app.connect("html-page-context", add_language_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
