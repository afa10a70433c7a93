"""Each page's translation status, shown honestly: how much is translated, and checked or not.

A machine-assisted first translation is not yet guidance a board can stand behind, so:

- every build counts, for each page and each translation, the page's messages (exactly
  those Sphinx's Locale transform translates: counted just before it runs) and how many of
  them the language's catalogue translates (a fuzzy entry does not count);
- a maintainer records a Welsh-language reviewer's check of a page in one file,
  ``handbook_translation_reviews`` (``locales/cy/reviewed.yaml``);
- in a translated edition, a page that is not reviewed, or has any untranslated message,
  opens with a notice in the translation's language and in English: the translation has
  not been checked (or parts are still in English) and the English version is the
  authoritative one, with a link to it where the edition has one;
- ``{translation-status}`` puts the table of every page's status on a page, the build
  writes ``translation-status.json`` beside the site, and ``python -m
  handbook.translation.status <site folder>`` prints it (``make all`` does).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain, format_date
from sphinx.util.nodes import extract_messages
from sphinx.writers.html5 import HTML5Translator

from handbook.translation.catalogues import find_catalogue
from handbook.translation.settings import is_translation
from handbook.web.website_only import WEB_BUILDERS

logger = logging.getLogger(__name__)

STATUS_FILE: Final = "translation-status.json"

#: the notice's text in each translation's own language (the English text is below)
NOTICES: Final[dict[str, dict[str, str]]] = {
    "cy": {
        "unreviewed": "Nid yw adolygydd Cymraeg wedi gwirio’r cyfieithiad hwn eto.",
        "untranslated": "Nid yw rhannau o’r dudalen hon wedi’u cyfieithu eto: maen nhw yn Saesneg.",
        "authoritative": "Y fersiwn Saesneg yw’r un awdurdodol:",
        "link": "darllenwch y dudalen hon yn Saesneg",
        "edition": "gweler y llawlyfr Saesneg.",
    },
}
ENGLISH_NOTICE: Final = {
    "unreviewed": "A Welsh-language reviewer has not yet checked this translation.",
    "untranslated": "Parts of this page are not yet translated: they appear in English.",
    "authoritative": "The English version is the authoritative one:",
    "link": "read this page in English",
    "edition": "see the English edition of the handbook.",
}


@dataclass(frozen=True)
class Review:
    """A reviewer's check of one page's translation."""

    reviewer: str
    date: datetime.date


class translation_notice(nodes.General, nodes.Element):
    """The notice at the top of a page whose translation is unchecked or incomplete."""


class english_page_link(nodes.Inline, nodes.Element):
    """Where the notice links to the English page: resolved for each builder when written,
    so that one reading of the source serves the site, the ePub and the PDF."""


class language_part(nodes.General, nodes.Element):
    """A block in another language than the page's: rendered with its own ``lang``."""


class translation_status_table(nodes.General, nodes.Element):
    """Where ``{translation-status}`` puts the table, once every page is counted."""


# -- Counting ----------------------------------------------------------------------------


@cache
def _translations(po_file: Path, mtime: float) -> frozenset[str]:
    """The msgids a catalogue translates (non-empty, not fuzzy); cached per file version."""
    with po_file.open("rb") as stream:
        catalogue = read_po(stream)
    return frozenset(str(m.id) for m in catalogue if m.id and m.string and not m.fuzzy)


def catalogue_file(app: Sphinx, language: str, docname: str) -> Path | None:
    """This page's catalogue in ``language``, if it has one."""
    return find_catalogue(app, language, docname_to_domain(docname, app.config.gettext_compact))


def translated_messages(app: Sphinx, language: str, docname: str) -> frozenset[str]:
    """What this page's catalogue in ``language`` translates (empty when there is none)."""
    po_file = catalogue_file(app, language, docname)
    if po_file is None:
        return frozenset()
    return _translations(po_file, po_file.stat().st_mtime)


def translation_languages(app: Sphinx) -> list[str]:
    """Every language the handbook is translated into."""
    source = app.config.handbook_source_language
    return [code for code in app.config.handbook_languages if code != source]


class CountTranslatedMessages(SphinxTransform):
    """Count the page's messages and the translated ones, just before Sphinx translates."""

    default_priority = 19  # sphinx.transforms.i18n.Locale is 20

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.current_document.docname
        # the page's front matter (a field list at the top, docinfo later) is metadata:
        # never shown as it is, never in a catalogue
        shown = [
            (node, msg)
            for node, msg in extract_messages(self.document)
            if not any(
                isinstance(a, nodes.docinfo)
                or (isinstance(a, nodes.field_list) and isinstance(a.parent, nodes.document))
                for a in _ancestors(node)
            )
        ]
        messages = {msg for _node, msg in shown}
        status = {}
        for language in translation_languages(self.app):
            po_file = catalogue_file(self.app, language, docname)
            if po_file is not None:
                self.env.note_dependency(str(po_file))  # re-counted when it changes
            translated = translated_messages(self.app, language, docname)
            if language == self.config.language:
                self.mark_untranslated(shown, translated)
            missing = sorted(messages - translated)
            status[language] = {
                "messages": len(messages),
                "translated": len(messages) - len(missing),
                "missing": missing[:3],
            }
        _status(self.env)[docname] = status

    def mark_untranslated(
        self, shown: list[tuple[nodes.Element, str]], translated: frozenset[str]
    ) -> None:
        """Text left in the source language says so: ``lang`` for screen readers, spelling.

        Docutils' HTML writers turn a ``language-<code>`` class into ``lang="<code>"``,
        in every edition. The page's notice already says parts are not yet translated.
        """
        source = self.config.handbook_languages.get(self.config.handbook_source_language, {})
        code = source.get("hreflang")
        if not code:
            return
        for node, msg in shown:
            if msg not in translated and isinstance(node, (nodes.TextElement, nodes.image)):
                node["classes"].append(f"language-{code}")


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _status(env: BuildEnvironment) -> dict[str, dict[str, dict[str, Any]]]:
    if not hasattr(env, "handbook_translation_status"):
        env.handbook_translation_status = {}  # type: ignore[attr-defined]
    return env.handbook_translation_status  # type: ignore[attr-defined, no-any-return]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _status(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    for docname in docnames:
        if docname in _status(other):
            _status(env)[docname] = _status(other)[docname]


# -- Reviews -----------------------------------------------------------------------------


def reviews_file(app: Sphinx, language: str) -> Path:
    return Path(app.srcdir, app.config.handbook_translation_reviews.format(language=language))


def _reviews(env: BuildEnvironment) -> dict[str, dict[str, Review]]:
    """Each translation's reviewed pages, as read at the start of this build."""
    return getattr(env, "handbook_translation_reviews", {})


def pages_with_new_reviews(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Read the review files once a build; re-read the pages whose review changed."""
    new = {language: load_reviews(app, language) for language in translation_languages(app)}
    old = _reviews(env)
    env.handbook_translation_reviews = new  # type: ignore[attr-defined]
    return sorted(
        docname
        for language in new
        for docname in set(new[language]) ^ set(old.get(language, {}))
        | {
            d
            for d in new[language]
            if old.get(language, {}).get(d, new[language][d]) != new[language][d]
        }
        if docname in env.found_docs
    )


def load_reviews(app: Sphinx, language: str) -> dict[str, Review]:
    """The pages a reviewer has checked; a fault in the file fails the build, named."""
    path = reviews_file(app, language)
    if not path.is_file():
        return {}
    try:
        tree = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        logger.warning("%s: not valid YAML: %s", path, err, type="handbook", subtype="translation")
        return {}
    if tree is None:
        return {}
    reviews: dict[str, Review] = {}
    if not isinstance(tree, yaml.MappingNode):
        logger.warning("%s:1: expected page: {reviewer, date} entries", path)
        return {}
    for key, value in tree.value:
        where = f"{path}:{key.start_mark.line + 1}"
        docname = key.value
        if docname not in app.env.found_docs:
            logger.warning(
                "%s: %r is not a page of the handbook",
                where,
                docname,
                type="handbook",
                subtype="translation",
            )
            continue
        entry = yaml.safe_load(yaml.serialize(value)) if value is not None else None
        reviewer = entry.get("reviewer") if isinstance(entry, dict) else None
        date = entry.get("date") if isinstance(entry, dict) else None
        if (
            not isinstance(reviewer, str)
            or not reviewer.strip()
            or not isinstance(date, datetime.date)
        ):
            logger.warning(
                "%s: %r needs a reviewer (a name) and a date (YYYY-MM-DD)",
                where,
                docname,
                type="handbook",
                subtype="translation",
            )
            continue
        reviews[docname] = Review(reviewer.strip(), date)
    return reviews


# -- The notice --------------------------------------------------------------------------


def english_page_uri(app: Sphinx, docname: str) -> str | None:
    """Where the English version of this page is, from this edition; None: nowhere known."""
    languages = app.config.handbook_languages
    source = str(languages[app.config.handbook_source_language]["path"])
    page = app.builder.get_target_uri(docname)
    if app.builder.name in WEB_BUILDERS:
        here: str = languages[app.config.language]["path"]
        return "../" * (here + page).count("/") + source + page
    baseurl: str = (app.config.handbook_site_url or "").rstrip("/")
    return f"{baseurl}/{source}{docname}.html" if baseurl else None


def add_notice(app: Sphinx, doctree: nodes.document) -> None:
    """Open an unchecked or incomplete translated page with the notice, in both languages."""
    if not is_translation(app.config):
        return
    language = app.config.language
    docname = app.env.current_document.docname
    status = _status(app.env).get(docname, {}).get(language)
    if status is None:
        return
    reviewed = docname in _reviews(app.env).get(language, {})
    complete = status["translated"] == status["messages"]
    if reviewed and complete:
        return
    # an admonition's box in every edition's theme, without a title bar
    notice = translation_notice(classes=["admonition", "handbook-translation-notice"])
    own = NOTICES.get(language, ENGLISH_NOTICE)
    for texts, lang in (
        (own, app.config.handbook_languages[language]["hreflang"]),
        (
            ENGLISH_NOTICE,
            app.config.handbook_languages[app.config.handbook_source_language]["hreflang"],
        ),
    ):
        para = nodes.paragraph()
        sentences = []
        if not reviewed:
            sentences.append(texts["unreviewed"])
        if not complete:
            sentences.append(texts["untranslated"])
        para += nodes.Text(" ".join([*sentences, texts["authoritative"]]) + " ")
        para += english_page_link(docname=docname, link=texts["link"], edition=texts["edition"])
        part = language_part(lang=lang)
        part += para
        notice += part
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        doctree.insert(0, notice)
    else:
        section.insert(1, notice)


class ResolveEnglishLinks(SphinxPostTransform):
    """The notice's link to the English page, as this builder writes it (or, where no
    address is known, the words that name the English edition)."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(english_page_link)):
            uri = english_page_uri(self.app, node["docname"])
            if uri is None:
                node.replace_self(nodes.Text(node["edition"]))
            else:
                link = nodes.reference("", node["link"], refuri=uri, internal=False)
                node.replace_self([link, nodes.Text(".")])


def visit_notice(self: HTML5Translator, node: translation_notice) -> None:
    self.body.append(self.starttag(node, "div", role="note"))


def visit_language_part(self: HTML5Translator, node: language_part) -> None:
    self.body.append(self.starttag(node, "div", lang=node["lang"]))


def depart_div(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


# -- The table, the file and the report --------------------------------------------------


class TranslationStatusDirective(SphinxDirective):
    """``{translation-status}``: every page's translation status, as a table."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [translation_status_table()]


def status_rows(app: Sphinx, language: str) -> list[dict[str, Any]]:
    """Each page, in reading order of names, with its share translated and its review."""
    reviews = _reviews(app.env).get(language, {})
    rows = []
    for docname, status in sorted(_status(app.env).items()):
        counts = status.get(language)
        if counts is None:
            continue
        review = reviews.get(docname)
        share = 100 * counts["translated"] / counts["messages"] if counts["messages"] else 100.0
        rows.append(
            {
                "page": docname,
                "messages": counts["messages"],
                "translated": counts["translated"],
                "percent": round(share, 1),
                "reviewed": review is not None,
                "reviewer": review.reviewer if review else None,
                "review_date": review.date.isoformat() if review else None,
            }
        )
    return rows


def resolve_tables(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for placeholder in list(doctree.findall(translation_status_table)):
        tables: list[nodes.Node] = []
        for language in translation_languages(app):
            name = app.config.handbook_languages[language]["name"]
            table = nodes.table(
                ids=[f"translation-status-{language}"], classes=["handbook-translation-status"]
            )
            table += nodes.title("", _("Translation status: %s") % name)
            group = nodes.tgroup(cols=3)
            table += group
            for width in (50, 20, 30):
                group += nodes.colspec(colwidth=width)
            head = nodes.thead()
            group += head
            header = nodes.row()
            for label in (_("Page"), _("Translated"), _("Review")):
                header += nodes.entry("", nodes.paragraph("", label))
            head += header
            body = nodes.tbody()
            group += body
            for row in status_rows(app, language):
                line = nodes.row()
                title = app.env.titles.get(row["page"])
                name = nodes.Text(title.astext() if title else row["page"])
                if getattr(app.builder, "is_print", False):
                    # one long page: the contents list every page with its number
                    line += nodes.entry("", nodes.paragraph("", "", name))
                else:
                    link = nodes.reference(
                        "",
                        "",
                        name,
                        refuri=app.builder.get_relative_uri(fromdocname, row["page"]),
                        internal=True,
                    )
                    line += nodes.entry("", nodes.paragraph("", "", link))
                line += nodes.entry("", nodes.paragraph("", f"{row['percent']:g}%"))
                if row["reviewed"]:
                    when = format_date(
                        "%-d %B %Y",
                        date=datetime.datetime.fromisoformat(row["review_date"]),
                        language=app.config.language,
                    )
                    review = _("Checked by %(reviewer)s on %(date)s") % {
                        "reviewer": row["reviewer"],
                        "date": when,
                    }
                else:
                    review = _("Awaiting review")
                line += nodes.entry("", nodes.paragraph("", review))
                body += line
            tables.append(table)
        placeholder.replace_self(tables)


def write_status(app: Sphinx, exception: Exception | None) -> None:
    """``translation-status.json`` beside a translated site, and the build's report."""
    if exception is not None or not is_translation(app.config):
        return
    rows = status_rows(app, app.config.language)
    if app.builder.name in WEB_BUILDERS:
        path = Path(app.outdir, STATUS_FILE)
        report = {"language": app.config.language, "pages": rows}
        path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    messages = sum(r["messages"] for r in rows)
    translated = sum(r["translated"] for r in rows)
    logger.info(
        "handbook: %s translation: %.1f%% of %d messages; %d of %d pages reviewed",
        app.config.language,
        100 * translated / max(messages, 1),
        messages,
        sum(r["reviewed"] for r in rows),
        len(rows),
        color="yellow",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("handbook.translation.settings")
    app.add_config_value(
        "handbook_translation_reviews", "../locales/{language}/reviewed.yaml", "env", str
    )
    app.add_node(translation_notice, html=(visit_notice, depart_div))
    app.add_node(language_part, html=(visit_language_part, depart_div))
    app.add_node(english_page_link)
    app.add_post_transform(ResolveEnglishLinks)
    app.add_node(translation_status_table)
    app.add_transform(CountTranslatedMessages)
    app.add_directive("translation-status", TranslationStatusDirective)
    app.connect("env-get-outdated", pages_with_new_reviews)
    app.connect("doctree-read", add_notice)
    app.connect("doctree-resolved", resolve_tables)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("build-finished", write_status)
    return {
        "version": "1.0",
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def print_report(site: Path) -> int:
    """Print a translated site's status file as a table; 1 when there is none."""
    path = site / STATUS_FILE
    if not path.is_file():
        print(f"{path}: not found: build the translated site first (make all)")
        return 1
    report = json.loads(path.read_text(encoding="utf-8"))
    rows = report["pages"]
    width = max(len(row["page"]) for row in rows)
    print(f"Translation status ({report['language']}), from {path}:")
    for row in rows:
        review = (
            f"checked by {row['reviewer']} on {row['review_date']}"
            if row["reviewed"]
            else "awaiting review"
        )
        print(f"  {row['page']:<{width}}  {row['percent']:5.1f}%  {review}")
    messages = sum(row["messages"] for row in rows)
    translated = sum(row["translated"] for row in rows)
    waiting = sum(not row["reviewed"] for row in rows)
    print(
        f"  {len(rows)} pages, {100 * translated / max(messages, 1):.1f}% of {messages} "
        f"messages translated, {waiting} awaiting review"
    )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(print_report(Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html/cy")))
