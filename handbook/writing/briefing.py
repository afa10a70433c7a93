"""The 7-minute briefing: seven fixed parts, as cards on screen and a poster on paper.

Safeguarding boards in England and Wales publish "7-minute briefings" with the same seven
parts in the same order, so practitioners know where to look. The directives enforce that
order (a wrong count, order or title is a build error naming the file and line)::

    ::::::{seven-minute-briefing}
    :::::{briefing-part} Background
    ...
    :::::
    ... Why it matters, Information, Recognition, Key issues, Questions for practice,
    What to do
    ::::::

When a page is written, a post-transform lays the parts out for the edition:

- HTML: an ordered list styled as a sphinx-design grid of numbered cards;
- ePub and PDF: the same ordered list, plain (numbered by the list itself), because
  reading systems and print handle a flex grid badly;
- HTML also gets the print poster: an A4 landscape, tagged PDF (PDF/UA-1, /Lang of the
  build's language, title) made with WeasyPrint into ``_downloads/``, linked above the cards.

Translations: each part's title is a heading node with its source line and its body the
parsed paragraphs and lists, so Sphinx's gettext builder puts them in the page's catalogue
and its Locale transform translates them when the page is read, before the layout and the
poster use them. The layout moves those nodes (copies would lose the ids the gettext builder
needs). The labels the code writes ("Print this briefing", the poster's header and "About
this briefing" box) go through ``sphinx.locale._``: the interface catalogue, ``sphinx.po``.
"""

from __future__ import annotations

import datetime as dt
import time
from html import escape
from pathlib import Path
from typing import Any, Final

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import format_date
from sphinx.util.osutil import relative_uri

from handbook.editions.metadata import edition_time
from handbook.editions.pdf.weasyprint_warnings import weasyprint_warnings_fail_the_build
from handbook.web.website_only import WEB_ONLY_CLASS, add_web_assets

from . import subheading
from .subheading import handbook_heading

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

PART_TITLES: Final = (
    "Background",
    "Why it matters",
    "Information",
    "Recognition",
    "Key issues",
    "Questions for practice",
    "What to do",
)
GRID_BUILDERS_DEFAULT: Final = ("html", "dirhtml", "singlehtml")
POSTER_BUILDERS_DEFAULT: Final = ("html", "dirhtml")
POSTER_CSS: Final = Path(__file__).with_name("briefing_poster.css")
_IN_BRIEFING: Final = "handbook_in_briefing"


class briefing(nodes.General, nodes.Element):
    """The seven parts; laid out per edition by :class:`BriefingLayout`."""


class briefing_part(nodes.General, nodes.Element):
    """One part: its heading (a translatable node) then its body, as children.

    The ``title`` attribute keeps the English title the order check compares; ``number``
    is the part's place.
    """


class briefing_poster(nodes.General, nodes.Element):
    """Where the poster link goes; holds a copy of the briefing until the poster is made."""


def _pass(self: Any, node: nodes.Element) -> None:
    """Never reached: the post-transform replaces both node types."""


class SevenMinuteBriefing(SphinxDirective):
    """The container: checks there are exactly the seven parts, in order."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        node = briefing()
        self.set_source_info(node)
        self.env.temp_data[_IN_BRIEFING] = True
        try:
            self.state.nested_parse(self.content, self.content_offset, node)
        finally:
            self.env.temp_data.pop(_IN_BRIEFING, None)
        self._check(node)
        return [node]

    def _check(self, node: briefing) -> None:
        expected = ", ".join(PART_TITLES)
        parts: list[briefing_part] = []
        for child in node.children:
            if isinstance(child, briefing_part):
                parts.append(child)
            elif not isinstance(child, (nodes.comment, nodes.system_message)):
                logger.error(
                    "only briefing-part directives may go inside seven-minute-briefing",
                    location=child if child.line else self.get_location(),
                    type="handbook",
                    subtype="briefing",
                )
        for number, (part, title) in enumerate(zip(parts, PART_TITLES, strict=False), start=1):
            part["number"] = number
            if part["title"] != title:
                logger.error(
                    "briefing part %d is %r but must be %r (the seven parts, in order: %s)",
                    number,
                    part["title"],
                    title,
                    expected,
                    location=part,
                    type="handbook",
                    subtype="briefing",
                )
        if len(parts) != len(PART_TITLES):
            logger.error(
                "a seven-minute-briefing has exactly %d briefing-part directives, not %d "
                "(in order: %s)",
                len(PART_TITLES),
                len(parts),
                expected,
                location=self.get_location(),
                type="handbook",
                subtype="briefing",
            )


class BriefingPart(SphinxDirective):
    """One of the seven parts; its argument is the title."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        if not self.env.temp_data.get(_IN_BRIEFING):
            raise self.error("briefing-part must be inside a seven-minute-briefing directive")
        node = briefing_part()
        title = " ".join(self.arguments[0].split())
        node["title"] = title
        node["number"] = 0
        self.set_source_info(node)
        # a text node with a source line: the gettext builder extracts it, Locale translates it
        heading = handbook_heading(title, title, classes=["handbook-briefing-title"])
        self.set_source_info(heading)
        node += heading
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


# --- writing -------------------------------------------------------------------------


def _parts(node: briefing) -> list[briefing_part]:
    return [child for child in node.children if isinstance(child, briefing_part)]


def _heading(part: briefing_part) -> handbook_heading:
    """The part's heading, translated once the page is read in a translation."""
    heading = part.children[0]
    assert isinstance(heading, handbook_heading)
    return heading


def _body(part: briefing_part) -> list[nodes.Node]:
    return list(part.children[1:])


def _container(classes: list[str], *children: nodes.Node) -> nodes.container:
    box = nodes.container("", *children)
    box["classes"] = classes
    return box


class BriefingLayout(SphinxPostTransform):
    """Lay the parts out as cards (HTML) or a plain numbered list (ePub, PDF)."""

    # after references (10) and phone numbers (100) are resolved: the poster needs both
    default_priority = 300

    def run(self, **kwargs: Any) -> None:
        name = self.env._builder_cls.name
        grid = name in self.config.handbook_briefing_grid_builders
        poster = name in self.config.handbook_briefing_poster_builders
        for index, node in enumerate(list(self.document.findall(briefing))):
            new: list[nodes.Node] = []
            if poster:
                # made in doctree-resolved, which knows the builder (post-transforms do not)
                placeholder = briefing_poster("", node.deepcopy(), index=index)
                placeholder.source, placeholder.line = node.source, node.line
                new.append(placeholder)
            new.append(self._layout(node, grid))
            node.replace_self(new)

    def _layout(self, node: briefing, grid: bool) -> nodes.Element:
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        items["classes"] = ["handbook-briefing"]
        if grid:
            items["classes"] += [
                "handbook-briefing-grid",
                "sd-row",
                "sd-row-cols-1",
                "sd-row-cols-sm-2",
                "sd-row-cols-lg-3",
                "sd-g-3",
            ]
        for part in _parts(node):
            # moved, not copied: the gettext builder extracts only nodes with their ids
            title = _heading(part)
            body = _body(part)
            item = nodes.list_item()
            item["ids"] = [f"briefing-part-{part['number']}"]
            if grid:
                item["classes"] = ["sd-col", "sd-d-flex-row"]
                title["classes"].append("sd-card-title")
                card = _container(
                    ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm",
                     "handbook-briefing-card"],
                    _container(["sd-card-header", "handbook-briefing-header"], title),
                    _container(["sd-card-body"], *body),
                )  # fmt: skip
                item += card
            else:
                item += title
                item += body
            items += item
        return items


def make_posters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each briefing's poster PDF and put a link to it in place of the placeholder."""
    for placeholder in list(doctree.findall(briefing_poster)):
        node = placeholder[0]
        assert isinstance(node, briefing)
        link = _poster(app, node, docname, placeholder["index"])
        placeholder.replace_self(link if link is not None else [])


def _poster(app: Sphinx, node: briefing, docname: str, index: int) -> nodes.Node | None:
    """Write the poster PDF and return the paragraph that links to it."""
    builder = app.builder
    config = app.config
    env = app.env
    stem = config.handbook_briefing_poster_name.format(docname=docname.replace("/", "-"))
    if index:
        stem = f"{stem}-{index + 1}"
    target = Path(builder.outdir) / "_downloads" / f"{stem}.pdf"
    page_title = env.titles[docname].astext() if docname in env.titles else docname
    heading = config.handbook_briefing_poster_title or page_title
    note = _reviewed_note(env.metadata.get(docname, {}), config.language)
    try:
        html = poster_html(builder, node, heading, page_title, note)
        pages = write_poster(builder, node, html, target)
    except Exception as err:
        logger.error("cannot make the briefing poster %s: %s", target, err, location=node)
        return None
    if pages > 2:
        logger.warning(
            "the briefing poster is %d pages of A4 (at most 2): shorten the parts",
            pages,
            location=node,
            type="handbook",
            subtype="briefing",
        )
    uri = relative_uri(builder.get_target_uri(docname), f"_downloads/{target.name}")
    size = max(1, round(target.stat().st_size / 1024))
    text = _("Print this briefing: A4 poster (PDF, %s KB)") % size
    para = nodes.paragraph(classes=["handbook-briefing-poster", WEB_ONLY_CLASS])
    para += nodes.reference(text, text, refuri=uri, classes=["handbook-download"])
    return para


def _reviewed_note(meta: dict[str, Any], language: str | None) -> str:
    """ "Last reviewed 23 November 2026." from the page's front matter, if it has the date.

    The date is written in the build's language (Babel's month names, through Sphinx).
    """
    try:
        day = dt.date.fromisoformat(str(meta.get("last_reviewed", "")))
    except ValueError:
        return ""
    when = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return _("Last reviewed %s.") % format_date("%-d %B %Y", date=when, language=language or "en")


def _poster_fragment(builder: Any, part: briefing_part) -> str:
    """HTML of a part's body, with links reduced to their text (it is printed)."""
    body = nodes.container()
    body += [child.deepcopy() for child in _body(part)]
    for ref in list(body.findall(nodes.reference)):
        ref.replace_self(nodes.inline("", "", *ref.children))
    for xref in list(body.findall(addnodes.pending_xref)):
        xref.replace_self(nodes.inline("", "", *xref.children))
    fragment: str = builder.render_partial(body)["fragment"]
    return fragment


def poster_html(builder: Any, node: briefing, heading: str, page_title: str, note: str) -> str:
    """The poster as one HTML document: a header and eight boxes (seven parts, one about)."""
    config = builder.config
    boxes: list[str] = []
    for part in _parts(node):
        boxes.append(
            f'<section class="part" aria-labelledby="p{part["number"]}">'
            f'<h2 id="p{part["number"]}"><span class="number">{part["number"]}</span> '
            f"{escape(_heading(part).astext())}</h2>{_poster_fragment(builder, part)}</section>"
        )
    modified = time.strftime("%Y-%m-%dT%H:%M:%SZ", edition_time())
    project = escape(config.project)
    kicker = escape(_("7-minute briefing"))
    about = escape(_("From %(project)s, page “%(page)s”."), quote=False) % {
        "project": f"<em>{project}</em>",
        "page": escape(page_title),
    }
    return f"""<!DOCTYPE html>
<html lang="{escape(poster_language(config))}">
<head><meta charset="utf-8">
<title>{kicker}: {escape(heading)} \N{EN DASH} {project}</title>
<meta name="author" content="{escape(config.author or config.project)}">
<meta name="generator" content="{project}">
<meta name="dcterms.created" content="{modified}">
<meta name="dcterms.modified" content="{modified}">
</head>
<body>
<header><p class="kicker">{kicker}</p><h1>{escape(heading)}</h1></header>
<main>
<div class="row">{"".join(boxes[:4])}</div>
<div class="row">{"".join(boxes[4:])}
<aside class="about"><h2>{escape(_("About this briefing"))}</h2>
<p>{about} {escape(note)}</p>
<p>{escape(_("Printed copies go out of date: check the online handbook for the current version."))}</p>
</aside></div>
</main>
</body></html>"""


def poster_language(config: Any) -> str:
    """The poster's language tag: ``handbook_briefing_poster_lang``, else the build's."""
    configured: str | None = config.handbook_briefing_poster_lang
    if configured:
        return configured
    return str(config.language or "en").replace("_", "-")


#: body text sizes tried in turn until the poster fits one page
ONE_PAGE_SIZES_PT: Final = (10.5, 10.0, 9.5, 9.0)
#: otherwise: one row of four boxes on each page, at the handbook's body size
TWO_PAGES: Final = (
    "html{font-size:10.5pt} .row{grid-auto-rows:minmax(170mm,auto)}"
    " .row + .row{break-before:page;grid-auto-rows:minmax(185mm,auto)}"
)


def write_poster(builder: Any, node: briefing, html: str, target: Path) -> int:
    """Render the poster with WeasyPrint, tagged (PDF/UA-1); return the number of pages.

    The largest text size (10.5 to 9 pt) that fits one A4 page wins; longer content is
    printed at 10.5 pt on two pages, four boxes on each.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with weasyprint_warnings_fail_the_build("briefing poster", location=node):
        from weasyprint import CSS, HTML  # heavy, and logs on import: only when needed

        document = HTML(string=html, base_url=str(target.parent))
        base = CSS(filename=str(POSTER_CSS))

        def render(extra: str) -> Any:
            return document.render(stylesheets=[base, CSS(string=extra)])

        def one_page(size: float) -> str:
            return f"html{{font-size:{size}pt}}"

        # Text only grows with its size: if the smallest size takes two pages, every
        # larger one does too, so go straight to the two-page layout (2 renders, not 5).
        chosen = render(one_page(ONE_PAGE_SIZES_PT[-1]))
        if len(chosen.pages) > 1:
            chosen = render(TWO_PAGES)
        else:
            for size in ONE_PAGE_SIZES_PT[:-1]:
                attempt = render(one_page(size))
                if len(attempt.pages) == 1:
                    chosen = attempt
                    break
        chosen.write_pdf(
            str(target), pdf_variant="pdf/ua-1", pdf_identifier=b"handbook-briefing-poster"
        )
    return len(chosen.pages)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the two directives, their nodes and the per-edition layout."""
    app.setup_extension("sphinx_design")
    subheading.setup(app)
    app.add_config_value(
        "handbook_briefing_grid_builders", list(GRID_BUILDERS_DEFAULT), "env", types=[list, tuple]
    )
    app.add_config_value(
        "handbook_briefing_poster_builders",
        list(POSTER_BUILDERS_DEFAULT),
        "env",
        types=[list, tuple],
    )
    app.add_config_value("handbook_briefing_poster_name", "{docname}-poster", "env", types=[str])
    # None: the build's language (en_GB gives en-GB, cy gives cy)
    app.add_config_value("handbook_briefing_poster_lang", None, "env", types=[str, type(None)])
    app.add_config_value("handbook_briefing_poster_title", None, "env", types=[str, type(None)])
    for node in (briefing, briefing_part, briefing_poster):
        app.add_node(node, html=(_pass, _pass), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_directive("seven-minute-briefing", SevenMinuteBriefing)
    app.add_directive("briefing-part", BriefingPart)
    app.add_post_transform(BriefingLayout)
    app.connect("doctree-resolved", make_posters)
    add_web_assets(app, css=("briefing.css",))
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
