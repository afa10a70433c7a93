"""An Atom feed of "What has changed", so readers can be told when the guidance changes.

Practitioners act on this handbook; a changed procedure or a settled "to be confirmed"
matters to them, and few will re-read the changes page on the off chance. The feed is made
from the same ``CHANGELOG.md`` as that page, with the same parser
(:func:`handbook.writing.review.changelog.parse_changelog`), so the page and the feed cannot
disagree. Each entry's content is the entry's own section of the rendered changes page, and
its link goes to that section. Each amendment line of a page
(:mod:`handbook.writing.review.amendments`) is an entry too: "Amended 4 December 2026: <the
page's title>", with the text as the changes page lists it, linking to the line on its page.

The web builders write ``<outdir>/changes.atom`` (``handbook_feed_filename``), link it from
every page's ``<head>`` (``<link rel="alternate" type="application/atom+xml">``; a link
fetches nothing, so the Content-Security-Policy is not involved) and from the changes page
itself (web only). The ePub and the PDF have no feed.

Reproducible: every date comes from the changelog or the amendment line, or for an
"Unreleased" entry from ``SOURCE_DATE_EPOCH``; ids are derived, never random (an
amendment's from its page and date, so editing its text keeps its id). A changelog the feed cannot list
whole is a warning naming the file and line, so ``-W`` fails the build.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging

from handbook.editions.metadata import edition_time
from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS
from handbook.writing.review import amendments
from handbook.writing.review.changelog import DATE, Entry, parse_changelog

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

ATOM_TYPE: Final = "application/atom+xml"
HEADERLINK: Final = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
#: the entry's own ``<section>`` and anchors around its rendered content: the page's, not the feed's
OUTER_SECTION: Final = re.compile(
    r'^\s*<section\b[^>]*>\s*(?:<span id="[^"]*"></span>\s*)*(.*)</section>\s*$', re.S
)
AUTO_ID: Final = re.compile(r"^id\d+$")
SUMMARY_LENGTH: Final = 300
#: the category of an entry made from a page's amendment line
AMENDMENT_CATEGORY: Final = "amendment"


def _warn(message: str, location: str) -> None:
    logger.warning(message, location=location, type="handbook", subtype="feed")


def _normalised(text: str) -> str:
    """Heading text compared without case, punctuation or smart quotes."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def changelog_path(app: Sphinx) -> Path:
    relative: str = app.config.handbook_feed_changelog
    return (Path(app.srcdir) / relative).resolve()


def build_time() -> datetime:
    """The edition's moment (``SOURCE_DATE_EPOCH`` for reproducible builds)."""
    return datetime(*edition_time()[:6], tzinfo=UTC)


def entry_time(entry: Entry) -> datetime:
    if not entry.date:
        return build_time()
    return datetime.fromisoformat(entry.date).replace(tzinfo=UTC)


def entry_key(entry: Entry) -> str:
    """What names a release across edits: its label without the date (a fixed date keeps
    the entry's id, so feed readers do not show it twice)."""
    return _normalised(DATE.sub("", entry.label)) or _normalised(entry.label)


def feed_id(app: Sphinx) -> str:
    configured: str | None = app.config.handbook_feed_id
    if configured:
        return configured
    baseurl: str = (app.config.html_baseurl or "").strip()
    if baseurl:
        return feed_href(app)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, app.config.project + '/feed')}"


def feed_href(app: Sphinx) -> str:
    """The feed's own address: absolute when the site's address is known."""
    baseurl = (app.config.html_baseurl or "").strip()
    filename: str = app.config.handbook_feed_filename
    return baseurl.rstrip("/") + "/" + filename if baseurl else filename


def entry_sections(doctree: nodes.document) -> dict[str, nodes.section]:
    """Second-level sections of the changes page by normalised heading (not the list of
    amendments, whose entries are its items)."""
    found: dict[str, nodes.section] = {}
    for top in doctree.findall(nodes.section):
        if isinstance(top.parent, nodes.document):
            for child in top.children:
                if not isinstance(child, nodes.section) or not child.children:
                    continue
                if amendments.LIST_CLASS not in child["classes"]:
                    found.setdefault(_normalised(child[0].astext()), child)
    return found


def anchor_of(section: nodes.section) -> str:
    """The heading's own anchor (``myst_heading_anchors``) rather than a numbered one."""
    ids: list[str] = section["ids"]
    named = [i for i in ids if not AUTO_ID.match(i)]
    return (named or ids)[0] if ids else ""


def entry_body(section: nodes.section) -> nodes.section:
    """A copy of the entry's section without its heading and web-only pieces."""
    body = section.deepcopy()  # not copy.deepcopy: that copies the whole document too
    body.remove(body[0])
    for node in list(body.findall(nodes.Element)):
        if WEB_ONLY_CLASS in node.get("classes", []) and node.parent is not None:
            node.parent.remove(node)
    return body


def summary_of(body: nodes.Node) -> str:
    text = " ".join(body.astext().split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:.- ") + "…"


def entry_html(app: Sphinx, body: nodes.Element) -> str:
    """The entry rendered as on the page, without permalinks or the section's anchors."""
    builder: Any = app.builder
    page: str = app.config.handbook_feed_page
    # as the builder does before writing a page (a build with nothing to write has not)
    builder.secnumbers = app.env.toc_secnumbers.get(page, {})
    builder.fignumbers = app.env.toc_fignumbers.get(page, {})
    builder.current_docname = page
    html: str = builder.render_partial(body)["fragment"]
    html = HEADERLINK.sub("", html)
    inner = OUTER_SECTION.match(html)
    return (inner.group(1) if inner else html).strip()


def make_feed(app: Sphinx) -> bytes | None:
    """The feed's bytes, or None (after a warning) when it cannot be made whole."""
    config = app.config
    path = changelog_path(app)
    page: str = config.handbook_feed_page
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        _warn(f"cannot read the changelog for the update feed: {err}", str(path))
        return None
    entries, problems = parse_changelog(text, str(path))
    for line, message in problems:
        _warn(f"{message}; the update feed cannot list it", f"{path}:{line}")
    if page not in app.env.all_docs:
        _warn(f"handbook_feed_page {page!r} is not a page of the handbook", str(path))
        return None
    doctree = app.env.get_doctree(page)
    app.env.apply_post_transforms(doctree, page)
    sections = entry_sections(doctree)
    page_uri = app.builder.get_target_uri(page)

    # imported here: feedgen and dateutil cost every build's start-up 5-10 ms otherwise
    from feedgen.feed import FeedGenerator

    generator = FeedGenerator()
    generator.id(feed_id(app))
    generator.title(feed_title(app))
    generator.author({"name": config.handbook_feed_author or config.author})
    generator.link(href=feed_href(app), rel="self", type=ATOM_TYPE)
    generator.link(href=page_uri, rel="alternate", type="text/html")
    generator.language((config.language or "en").replace("_", "-"))
    generator.generator("handbook.web.feed", version=__version__)
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, feed_id(app))
    newest = None
    complete = not problems
    # a translated page's headings are in its own language: its sections are the entries in
    # the changelog's order
    source_language = getattr(config, "handbook_source_language", config.language)
    translated = bool(config.language) and config.language != source_language
    ordered = list(sections.values())
    for index, entry in enumerate(entries):
        section = sections.get(_normalised(entry.label))
        if section is None and translated and len(ordered) == len(entries):
            section = ordered[index]
        if section is None:
            _warn(
                f"the page {page!r} does not show changelog entry {entry.label!r}, so the "
                "update feed cannot link to it (is the page made from this file?)",
                f"{path}:{entry.line + 1}",
            )
            complete = False
            continue
        body = entry_body(section)
        when = entry_time(entry)
        newest = max(newest, when) if newest else when
        item = generator.add_entry(order="append")
        item.id(f"urn:uuid:{uuid.uuid5(namespace, entry_key(entry))}")
        item.title(section[0].astext() if translated else entry.label)
        item.updated(when)
        if entry.date:
            item.published(when)
        item.link(href=f"{page_uri}#{anchor_of(section)}", rel="alternate", type="text/html")
        item.summary(summary_of(body))
        item.content(entry_html(app, body), type="html")
    latest, listed = add_amendments(app, doctree, generator, namespace)
    if latest is not None:
        newest = max(newest, latest) if newest else latest
    complete = complete and listed
    if not complete:
        return None
    generator.updated(newest or build_time())
    feed: bytes = generator.atom_str(pretty=True)
    return feed


def amendment_items(doctree: nodes.document) -> dict[str, nodes.list_item]:
    """The changes page's list of amendments: item by amendment."""
    return {
        item[amendments.KEY]: item
        for item in doctree.findall(nodes.list_item)
        if item.get(amendments.KEY)
    }


def add_amendments(
    app: Sphinx, doctree: nodes.document, generator: FeedGenerator, namespace: uuid.UUID
) -> tuple[datetime | None, bool]:
    """One entry per page amendment, as the changes page lists it, after the changelog's
    (feed readers sort by date); return the newest date and whether all could be added."""
    page: str = app.config.handbook_feed_page
    items = amendment_items(doctree)
    newest: datetime | None = None
    complete = True
    for amendment in amendments.every_amendment(app.env):
        item = items.get(amendment.key)
        if item is None:
            _warn(
                f"the page {page!r} does not list the amendment of {amendment.docname!r} "
                f"dated {amendment.date}, so the update feed cannot include it (add "
                "':::{amendment-list}' to the page)",
                amendment.location,
            )
            complete = False
            continue
        title_node = app.env.titles.get(amendment.docname)
        page_title = title_node.astext() if title_node else amendment.docname
        body = nodes.section()  # entry_html drops the wrapper, as for a changelog entry
        body.extend(child.deepcopy() for child in item.children[1:])  # not the date and link
        when = datetime.fromisoformat(amendment.date).replace(tzinfo=UTC)
        newest = max(newest, when) if newest else when
        entry = generator.add_entry(order="append")
        entry.id(f"urn:uuid:{uuid.uuid5(namespace, 'amendment ' + amendment.key)}")
        entry.title(f"{amendments.label(amendment.date, app.config.language)}: {page_title}")
        entry.updated(when)
        entry.published(when)
        href = f"{app.builder.get_target_uri(amendment.docname)}#{amendment.anchor}"
        entry.link(href=href, rel="alternate", type="text/html")
        entry.category(term=AMENDMENT_CATEGORY, label=_("Changes to pages"))
        entry.summary(summary_of(body))
        entry.content(entry_html(app, body), type="html")
    return newest, complete


def write_feed(app: Sphinx, exception: BaseException | None) -> None:
    """Write the feed beside the site's pages once they are written."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    feed = make_feed(app)
    target = Path(app.outdir) / app.config.handbook_feed_filename
    if feed is not None:
        target.write_bytes(feed)
    else:  # never leave an earlier build's feed in place of a broken one
        target.unlink(missing_ok=True)


def relative_feed_uri(app: Sphinx, docname: str) -> str:
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    return posixpath.relpath(app.config.handbook_feed_filename, here or ".")


def feed_title(app: Sphinx) -> str:
    title_node = app.env.titles.get(app.config.handbook_feed_page)
    page_title = title_node.astext() if title_node else _("What has changed")
    return f"{page_title} \N{EN DASH} {app.config.html_title or app.config.project}"


def link_in_head(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<link rel="alternate">`` in every web page's head: browsers and feed readers find it."""
    if app.builder.name not in WEB_BUILDERS:
        return
    href = context["pathto"](app.config.handbook_feed_filename, resource=True)
    title = feed_title(app).replace("&", "&amp;").replace('"', "&quot;")
    link = f'<link rel="alternate" type="{ATOM_TYPE}" title="{title}" href="{href}">\n'
    context["metatags"] = context.get("metatags", "") + link


def link_on_changes_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Offer the feed on the changes page, before the first entry (web only)."""
    if app.builder.name not in WEB_BUILDERS or docname != app.config.handbook_feed_page:
        return
    top = next(
        (s for s in doctree.findall(nodes.section) if isinstance(s.parent, nodes.document)),
        None,
    )
    if top is None:
        return
    para = nodes.paragraph(classes=["handbook-feed-link", WEB_ONLY_CLASS])
    sentence = _("To be told when the handbook changes, follow %(link)s in a feed reader.")
    before, _link, after = sentence.partition("%(link)s")
    para += nodes.Text(before)
    para += nodes.reference(
        "", _("the Atom feed of these changes"), refuri=relative_feed_uri(app, docname)
    )
    para += nodes.Text(after)
    first_entry = next(
        (i for i, child in enumerate(top.children) if isinstance(child, nodes.section)),
        len(top.children),
    )
    top.insert(first_entry, para)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_feed_changelog", "../CHANGELOG.md", "html", str)
    app.add_config_value("handbook_feed_page", "changes", "html", str)
    app.add_config_value("handbook_feed_filename", "changes.atom", "html", str)
    app.add_config_value("handbook_feed_id", None, "html", (str, type(None)))
    app.add_config_value("handbook_feed_author", None, "html", (str, type(None)))
    app.connect("html-page-context", link_in_head)
    app.connect("doctree-resolved", link_on_changes_page)
    app.connect("build-finished", write_feed)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
