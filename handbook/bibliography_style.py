"""How a bibliography entry reads in the handbook: who published it, when, where to find it.

sphinxcontrib-bibtex formats entries with a pybtex style. The stock ``unsrt`` style prints
``url = {tbc}`` as a link to "tbc" and the check date as "visited on 2026-11-23". Safeguarding
readers need the publisher named, a plain "web address to be confirmed" where we have not seen
the publisher's own address, and the date the entry was checked. Numbered labels in order of
first citation keep citations short in running text (readability, phones).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date
from pybtex.style.template import (
    field,
    href,
    join,
    optional,
    optional_field,
    sentence,
)
from sphinx.application import Sphinx

#: the value of ``url`` that marks an address as not yet known
UNKNOWN_URL = "tbc"
STYLE_NAME = "handbook"


def checked_on(value: str) -> str:
    """'2026-11-23' as '23 November 2026' (GOV.UK style); other text unchanged."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}"


class HandbookStyle(UnsrtStyle):  # type: ignore[misc]
    """Numbered entries: author, title, publisher and date, note, web address and check date."""

    default_sorting_style = "none"

    def get_misc_template(self, e: Any) -> Any:
        fields = e.fields
        url = str(fields.get("url", "")).strip()
        if not url or url.lower() == UNKNOWN_URL:
            where = sentence["Web address to be confirmed"]
        else:
            where = sentence[join["Web address: ", href(url)[url]]]
        checked = fields.get("urldate")
        when = sentence[join["Checked ", checked_on(str(checked))]] if checked else ""
        # An organisation that is also the author is named once, as the author.
        authors = " and ".join(str(p) for p in e.persons.get("author", []))
        organisation = str(fields.get("organization", ""))
        undated = str(fields.get("year", "")).strip().lower() == "n.d."
        when_published = "no date given" if undated else optional[date]
        if organisation and organisation.strip("{} ") != authors.strip("{} "):
            published = sentence[join["Published by ", field("organization")], when_published]
        else:
            published = sentence[when_published]
        return toplevel[
            optional[sentence[self.format_names("author")]],
            sentence[field("title")],  # as the publisher writes it: no change of case
            published,
            sentence[optional_field("note")],
            where,
            when,
        ]


def drop_dpub_roles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Bibliography entries without the DPUB-ARIA roles that Docutils gives them.

    Docutils marks each entry ``role="doc-biblioentry"``, which ARIA 1.3 and EPUB 3.3
    deprecate (axe: aria-deprecated-role; epubcheck: RSC-017), inside a ``role="list"``
    wrapper whose children then lack the ``listitem`` role (axe: aria-required-children).
    Every edition keeps the same classes and text, without the roles.
    """
    if "body" not in context:
        return
    body = str(context["body"])
    body = body.replace(' role="doc-biblioentry"', "")
    body = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
    context["body"] = body


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the style with pybtex (conf.py selects it with ``bibtex_default_style``)."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, HandbookStyle)
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("html-page-context", drop_dpub_roles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
