"""Amendment lines: a dated line at the top of a page whose law or guidance changed.

A practitioner may act on a page printed months ago. When the law or guidance a page
describes changes, the page says so at its top, with the date, so a reader holding an old
copy can tell that it is out of date:

.. code-block:: markdown

    :::{amended} 2026-12-04
    Working Together to Safeguard Children 2026 replaces the 2023 edition {cite:p}`wt2026`.
    :::

- The body is ordinary MyST Markdown, so gettext extracts it into the page's catalogue,
  the Welsh edition shows it translated and citations in it work.
- Every amendment of a page is shown after the title and the review line, newest first,
  as "Amended 4 December 2026: …" in the build's language, in every edition.
- A missing or malformed date, or an empty body, is an error naming the page and line.
- ``:::{amendment-list}`` (on "What has changed") lists every page's amendments, newest
  first, each with its date, a link to the page and the text. The amendments are collected
  in the environment (parallel-read safe, dropped when a page is edited or removed), and
  the list's page is rewritten when they change. :mod:`handbook.web.feed` gives each one an
  entry of the Atom feed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from handbook.translation import dates
from handbook.writing.collected_lists import rewrite_when_changed

from .pages import review_info

ISO_DATE: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the class of the changes page's section, which the feed does not count as a changelog entry
LIST_CLASS: Final = "handbook-amendments"
#: the attribute that ties an item of the list to its amendment (read by the feed)
KEY: Final = "handbook_amendment"


@dataclasses.dataclass(frozen=True)
class Amendment:
    """One amendment line of a page, as read (its body translated in a translated build)."""

    docname: str
    date: str  # ISO
    anchor: str  # the line's id on its page
    body: tuple[nodes.Node, ...]
    #: where the directive is, for messages: "path/page.md:12"
    location: str = ""

    @property
    def key(self) -> str:
        """What names the amendment across builds: its page and its anchor (date based)."""
        return f"{self.docname}#{self.anchor}"


class amendment(nodes.General, nodes.Element):
    """An amendment line, rendered at write time in the build's language."""


class amendment_list(nodes.General, nodes.Element):
    """Where the list of every page's amendments goes; filled at write time."""


def _pass(self: Any, node: nodes.Element) -> None:
    """Never reached: post-transforms replace both nodes."""


# --- the directives ------------------------------------------------------------------


class AmendedDirective(SphinxDirective):
    """``:::{amended} YYYY-MM-DD`` with what changed as its body."""

    optional_arguments = 1
    final_argument_whitespace = True  # "4 December 2026" is one (bad) date, not three
    has_content = True

    def run(self) -> list[nodes.Node]:
        if not self.arguments:
            raise self.error(
                "amended: give the date the law or guidance changed, as ':::{amended} YYYY-MM-DD'"
            )
        date = self.arguments[0]
        if not ISO_DATE.match(date):
            raise self.error(f"amended: {date!r} is not an ISO date (YYYY-MM-DD)")
        try:
            dt.date.fromisoformat(date)
        except ValueError as err:
            raise self.error(f"amended: {date!r} is not a valid date ({err})") from err
        if not "\n".join(self.content).strip():
            raise self.error(f"amended {date}: the body is empty; say what changed")
        node = amendment(date=date)
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class AmendmentListDirective(SphinxDirective):
    """``:::{amendment-list}``: a section "Changes to pages" listing every amendment."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        title = _("Changes to pages")
        section = nodes.section(ids=["page-amendments"], classes=[LIST_CLASS])
        # interface text in the build's language: not a message of the page's catalogue
        section += nodes.title(title, title, translatable=False)
        section += amendment_list()
        return [section]


# --- the environment -------------------------------------------------------------------


def _store(env: BuildEnvironment) -> dict[str, list[Amendment]]:
    """docname -> its amendments, newest first; kept in the pickled environment."""
    if not hasattr(env, "handbook_amendments"):
        env.handbook_amendments = {}  # type: ignore[attr-defined]
    store: dict[str, list[Amendment]] = env.handbook_amendments  # type: ignore[attr-defined]
    return store


def _list_pages(env: BuildEnvironment) -> set[str]:
    """The pages that show the list of amendments."""
    if not hasattr(env, "handbook_amendment_lists"):
        env.handbook_amendment_lists = set()  # type: ignore[attr-defined]
    pages: set[str] = env.handbook_amendment_lists  # type: ignore[attr-defined]
    return pages


def every_amendment(env: BuildEnvironment) -> list[Amendment]:
    """All pages' amendments, newest first (then by page and place on the page)."""
    found = [a for docname in sorted(_store(env)) for a in _store(env)[docname]]
    return sorted(found, key=lambda a: a.date, reverse=True)


def detached(copy: nodes.Node) -> nodes.Node:
    """A copy that does not hold on to its page: Node.deepcopy keeps each node's link to the
    page's document, which pickling follows, so every amendment stored the whole page in
    the environment (30-50 KB each, most of the saved environment). A node put in a page
    gets that page's document from its new parent."""
    for each in copy.findall():
        each.document = None  # type: ignore[assignment]
    return copy


def read_page(app: Sphinx, doctree: nodes.document) -> None:
    """Note the page's amendments and put them at its top: after the title and review line."""
    env = app.env
    docname = env.docname
    if any(True for _node in doctree.findall(amendment_list)):
        _list_pages(env).add(docname)
    found = list(doctree.findall(amendment))
    if not found:
        return
    # newest first; the same date keeps the order of the page
    found.sort(key=lambda node: node["date"], reverse=True)
    seen: dict[str, int] = {}
    stored = []
    for node in found:
        count = seen[node["date"]] = seen.get(node["date"], 0) + 1
        anchor = f"amended-{node['date']}" + (f"-{count}" if count > 1 else "")
        node["ids"] = [anchor]
        where = f"{node.source or env.doc2path(docname)}:{node.line or 1}"
        # Node.deepcopy copies the node and its children; copy.deepcopy would follow each
        # node's parent up to the whole document (and store it in the environment)
        body = tuple(detached(child.deepcopy()) for child in node.children)
        stored.append(Amendment(docname, node["date"], anchor, body, where))
        node.parent.remove(node)
    _store(env)[docname] = stored
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        parent: nodes.Element = doctree
        index = 0
    else:
        parent = section
        index = 1 if section.children and isinstance(section[0], nodes.title) else 0
    while index < len(parent) and isinstance(parent[index], review_info):
        index += 1
    parent[index:index] = found


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget a page that is re-read or removed: its old amendments go with it."""
    _store(env).pop(docname, None)
    _list_pages(env).discard(docname)


def merge(
    app: Sphinx, env: BuildEnvironment, docnames: Iterable[str], other: BuildEnvironment
) -> None:
    """Bring back what parallel readers stored."""
    theirs, mine = _store(other), _store(env)
    lists = _list_pages(other)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]
        if docname in lists:
            _list_pages(env).add(docname)


def _signature(env: BuildEnvironment) -> list[tuple[str, str, str]]:
    return [(a.key, a.date, "".join(n.astext() for n in a.body)) for a in every_amendment(env)]


# --- rendering -------------------------------------------------------------------------


def label(date: str, language: str | None) -> str:
    """Amended 4 December 2026 (Diwygiwyd 4 Rhagfyr 2026)."""
    return _("Amended %(date)s") % {"date": dates.long_date(dt.date.fromisoformat(date), language)}


def _fresh(body: Iterable[nodes.Node], docname: str) -> list[nodes.Node]:
    """A copy of a stored body for another page: no ids, references resolved from there."""
    copies = [node.deepcopy() for node in body]
    for copy in copies:
        if not isinstance(copy, nodes.Element):
            continue
        for element in copy.findall(nodes.Element):
            element["ids"] = []
            if isinstance(element, addnodes.pending_xref):
                element["refdoc"] = docname
    return copies


class RenderAmendments(SphinxPostTransform):
    """The amendment line in every edition: a labelled block, its label in bold."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        # the label is in the build's language even where the text is not yet translated
        # (handbook.translation.status marks that text lang="en-GB")
        languages = getattr(self.config, "handbook_languages", {}) or {}
        code = languages.get(self.config.language, {}).get("hreflang")
        own_lang = [f"language-{code}"] if code else []
        for node in list(self.document.findall(amendment)):
            text = label(node["date"], self.config.language) + ":"
            box = nodes.container(ids=node["ids"], classes=["handbook-amended"])
            box.extend(node.children)
            strong = nodes.strong(text, text, classes=["handbook-amended-label", *own_lang])
            if box.children and isinstance(box[0], nodes.paragraph):
                box[0][0:0] = [strong, nodes.Text(" ")]
            else:
                box.insert(0, nodes.paragraph("", "", strong))
            node.replace_self(box)


class FillAmendmentList(SphinxPostTransform):
    """Every page's amendments, newest first: date, a link to the page, the text.

    Runs before Sphinx resolves references, so citations in the copies resolve from the
    list's own page.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        here = self.env.docname
        language = self.config.language
        # as Sphinx's own ReferencesResolver finds it (``self.app`` is deprecated)
        builder = self.env._app.builder
        for placeholder in list(self.document.findall(amendment_list)):
            found = every_amendment(self.env)
            if not found:
                none = _("No page has been amended yet.")
                placeholder.replace_self(nodes.paragraph(none, none))
                continue
            listing = nodes.bullet_list(classes=[LIST_CLASS])
            for item in found:
                title_node = self.env.titles.get(item.docname)
                title = title_node.astext() if title_node else item.docname
                day = dates.long_date(dt.date.fromisoformat(item.date), language)
                link = make_refnode(
                    builder, here, item.docname, item.anchor, nodes.inline(title, title)
                )
                head = nodes.paragraph()
                head += nodes.strong(day, day)
                head += nodes.Text(" · ")
                head += link
                entry = nodes.list_item()
                entry[KEY] = item.key
                entry += head
                entry.extend(_fresh(item.body, here))
                listing += entry
            placeholder.replace_self(listing)


def setup(app: Sphinx) -> None:
    """Register the directives, the collection and the rendering."""
    app.add_directive("amended", AmendedDirective)
    app.add_directive("amendment-list", AmendmentListDirective)
    for node in (amendment, amendment_list):
        app.add_node(node, html=(_pass, _pass), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_post_transform(RenderAmendments)
    app.add_post_transform(FillAmendmentList)
    # after the review line is in place (handbook.writing.review.pages, priority 600)
    app.connect("doctree-read", read_page, priority=650)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # the list's page is written again when an amendment was added, edited or removed
    rewrite_when_changed(app, _signature, _list_pages)
