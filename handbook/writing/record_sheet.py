"""The record of a concern: one sheet of A4 to write a worry about a child down, with no score.

A practitioner who is worried about a child writes down, as soon as they can, what they saw
or heard, when and where, the child's own words, whom they told and what was decided. The
sheet gives each its own box and nothing else: no score, no tick-box risk level (signs
inform professional judgement). A page writes it as::

    ::::{record-sheet}
    :::{record-box} What you saw or heard
    :field: seen-heard
    :lines: 5

    Facts only. Say which parts are your opinion.
    :::
    ...
    A paragraph straight inside the sheet is a note at its foot.
    ::::

``:field:`` names the box (its form field), ``:lines:`` is how many lines of writing space
it gets (1 to 6, default 1), ``:width: half`` puts two boxes side by side. A box whose title or
field names a score, a rating or a risk level, a repeated field, a sheet with no box, or
anything but boxes and paragraphs in a sheet is a build error at its file and line.

When a page is written, a post-transform lays the sheet out for every edition: boxes with
their title (a heading one level below the section), their hints and an empty writing
space (``handbook-record-*`` classes; ``_static/record-sheet.css`` on the site, the PDF
theme's stylesheet in the book). The section holding the sheet starts a new page in the PDF
and is all the site prints of the page, on one A4 page.

The site (``handbook_record_sheet_form_builders``) also gets the sheet as a PDF form: an A4
page with a fillable field (AcroForm, WeasyPrint's ``pdf_forms``) for every box, tagged
(PDF/UA-1), with the page's provenance at its foot (``handbook.editions.provenance``),
written into ``_downloads/`` and linked above the sheet. It has no submit button and no
script: what a reader types stays in the file, on their device.

Translations: box titles are heading nodes with their source line, hints and notes plain
paragraphs, so the page's catalogue has them and the Locale transform translates them
before the layout and the form use them (as ``handbook.writing.briefing`` does). The words
the code writes (the link, the form's foot) are in ``sphinx.po``.
"""

from __future__ import annotations

import logging as pylogging
import re
import subprocess
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any, Final

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from handbook.editions.metadata import edition_time
from handbook.editions.pdf.weasyprint_warnings import weasyprint_warnings_fail_the_build
from handbook.editions.provenance import check_online, provenance
from handbook.web.website_only import WEB_ONLY_CLASS, add_web_assets

from . import subheading
from .subheading import handbook_heading

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

FORM_BUILDERS_DEFAULT: Final = ("html", "dirhtml")
FORM_CSS: Final = Path(__file__).with_name("record_sheet_form.css")
#: what a box may not ask for: signs inform judgement, they are not scored or graded
NO_SCORE: Final = re.compile(
    r"\b(scor\w*|rating|rated|grade[ds]?|risk[\s-]*(level|rating|category)|level of risk|"
    r"red[\s/-]*amber[\s/-]*green|rag)\b",
    re.IGNORECASE,
)
FIELD: Final = re.compile(r"^[a-z][a-z0-9-]*$")
WIDTHS: Final = ("full", "half")
_IN_SHEET: Final = "handbook_in_record_sheet"


class record_sheet(nodes.General, nodes.Element):
    """The sheet: its boxes and notes, laid out per edition by :class:`RecordSheetLayout`."""


class record_box(nodes.General, nodes.Element):
    """One box: its heading (a translatable node) then its hints, as children.

    Attributes: ``field`` (the form field's name), ``lines`` (writing space), ``width``.
    """


class record_form(nodes.General, nodes.Element):
    """Where the form's link goes; holds a copy of the sheet until the form is made."""


def _pass(self: Any, node: nodes.Element) -> None:
    """Never reached: the post-transform and the form replace these nodes."""


def _error(message: str, node: nodes.Node) -> None:
    logger.error(message, location=node, type="handbook", subtype="record_sheet")


class RecordSheet(SphinxDirective):
    """The container: boxes, and paragraphs as notes; checks there is no score."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        self.assert_has_content()
        node = record_sheet()
        self.set_source_info(node)
        self.env.temp_data[_IN_SHEET] = True
        try:
            self.state.nested_parse(self.content, self.content_offset, node)
        finally:
            self.env.temp_data.pop(_IN_SHEET, None)
        self._check(node)
        return [node]

    def _check(self, node: record_sheet) -> None:
        seen: set[str] = set()
        for child in node.children:
            if isinstance(child, record_box):
                if child["field"] in seen:
                    _error(f"record-sheet: the field {child['field']!r} is used twice", child)
                seen.add(child["field"])
            elif not isinstance(child, (nodes.paragraph, nodes.comment, nodes.system_message)):
                _error(
                    "only record-box directives and paragraphs (notes) may go inside record-sheet",
                    child if child.line else node,
                )
        if not seen:
            _error("a record-sheet needs at least one record-box", node)


#: the most lines a box may have: the stylesheets rule up to this many, and the sheet must
#: fit one page
MAX_LINES: Final = 6


def lines(argument: str | None) -> int:
    """``:lines:``: a whole number of lines, 1 to :data:`MAX_LINES`."""
    value = int(directives.positive_int(argument or ""))
    if value > MAX_LINES:
        raise ValueError(f"at most {MAX_LINES} lines: the sheet must fit one page")
    return value


class RecordBox(SphinxDirective):
    """One box of the sheet; the argument is its title, the content its hints."""

    has_content = True
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {  # noqa: RUF012 (docutils reads it from the class)
        "field": directives.unchanged_required,
        "lines": lines,
        "width": lambda argument: directives.choice(argument, WIDTHS),
    }

    def run(self) -> list[nodes.Node]:
        if not self.env.temp_data.get(_IN_SHEET):
            raise self.error("record-box must be inside a record-sheet directive")
        title = " ".join(self.arguments[0].split())
        field = str(self.options.get("field", "")).strip()
        if not field:
            raise self.error(f"record-box {title!r} needs a :field: name")
        if not FIELD.match(field):
            raise self.error(
                f"record-box field {field!r} must be lower-case letters, digits and hyphens"
            )
        for text in (title, field):
            found = NO_SCORE.search(text.replace("-", " "))
            if found:
                raise self.error(
                    f"record-box {title!r} asks for {found.group(0)!r}: the record of a "
                    "concern has no score, rating or risk level (signs inform professional "
                    "judgement)"
                )
        node = record_box(field=field, lines=self.options.get("lines", 1))
        node["width"] = self.options.get("width", "full")
        node["title"] = title
        self.set_source_info(node)
        # a text node with a source line: the gettext builder extracts it, Locale translates it
        heading = handbook_heading(title, title, classes=["handbook-record-title"])
        self.set_source_info(heading)
        node += heading
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


# --- writing -------------------------------------------------------------------------


def _boxes(node: record_sheet) -> list[record_box]:
    return [child for child in node.children if isinstance(child, record_box)]


def _notes(node: record_sheet) -> list[nodes.paragraph]:
    return [child for child in node.children if isinstance(child, nodes.paragraph)]


def _title(box: record_box) -> str:
    heading = box.children[0]
    assert isinstance(heading, handbook_heading)
    return heading.astext()


def _hints(box: record_box) -> list[nodes.Node]:
    return list(box.children[1:])


def _container(classes: list[str], *children: nodes.Node) -> nodes.container:
    box = nodes.container("", *children)
    box["classes"] = classes
    return box


class RecordSheetLayout(SphinxPostTransform):
    """Lay the sheet out as boxes with writing space, in every edition."""

    # after references (10) and phone numbers (100) are resolved, as the briefing
    default_priority = 300

    def run(self, **kwargs: Any) -> None:
        form = self.env._builder_cls.name in self.config.handbook_record_sheet_form_builders
        for index, node in enumerate(list(self.document.findall(record_sheet))):
            if isinstance(node.parent, nodes.section):
                node.parent["classes"].append("handbook-record-sheet-section")
            new: list[nodes.Node] = []
            if form:
                # made in doctree-resolved, once the page's address and builder are known
                placeholder = record_form("", node.deepcopy(), index=index)
                placeholder.source, placeholder.line = node.source, node.line
                new.append(placeholder)
            new.append(self._layout(node))
            node.replace_self(new)

    def _layout(self, node: record_sheet) -> nodes.Element:
        sheet = _container(["handbook-record-sheet"])
        halves = 0  # half boxes in a row so far: every second one ends its row
        for box in _boxes(node):
            # moved, not copied: the gettext builder extracts only nodes with their ids
            heading = box.children[0]
            hints = _hints(box)
            for hint in hints:
                if isinstance(hint, nodes.Element):
                    hint["classes"].append("handbook-record-hint")
            classes = [
                "handbook-record-box",
                f"handbook-record-lines-{box['lines']}",
                f"handbook-record-{box['width']}",
            ]
            halves = halves + 1 if box["width"] == "half" else 0
            if halves and halves % 2 == 0:
                classes.append("handbook-record-half-end")
            space = _container(["handbook-record-space"])
            sheet += _container(classes, heading, *hints, space)
        for note in _notes(node):
            note["classes"].append("handbook-record-note")
            sheet += note
        return sheet


# --- the PDF form --------------------------------------------------------------------


def make_forms(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write each sheet's PDF form and put a link to it in place of the placeholder."""
    for placeholder in list(doctree.findall(record_form)):
        node = placeholder[0]
        assert isinstance(node, record_sheet)
        link = _form(app, node, docname, placeholder["index"])
        placeholder.replace_self(link if link is not None else [])


def form_name(config: Any, docname: str, index: int) -> str:
    stem = str(config.handbook_record_sheet_form_name).format(docname=docname.replace("/", "-"))
    return f"{stem}-{index + 1}" if index else stem


def _form(app: Sphinx, node: record_sheet, docname: str, index: int) -> nodes.Node | None:
    """Write the form PDF and return the paragraph that links to it."""
    builder = app.builder
    target = Path(builder.outdir) / "_downloads" / f"{form_name(app.config, docname, index)}.pdf"
    page_title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    try:
        html = form_html(app, node, docname, page_title)
        pages = write_form(node, html, target)
    except Exception as err:
        logger.error("cannot make the record sheet's PDF form %s: %s", target, err, location=node)
        return None
    if pages != 1:
        _error(
            f"the record sheet's PDF form is {pages} pages of A4 (it must be 1): "
            "give its boxes fewer lines",
            node,
        )
    uri = relative_uri(builder.get_target_uri(docname), f"_downloads/{target.name}")
    size = max(1, round(target.stat().st_size / 1024))
    text = _("Fill in the sheet on your device: PDF form (%s KB)") % size
    para = nodes.paragraph(classes=["handbook-record-form", WEB_ONLY_CLASS])
    para += nodes.reference(text, text, refuri=uri, classes=["handbook-download"])
    para += nodes.Text(" ")
    note = _("When you print this page, only the sheet is printed, on one side of A4.")
    para += nodes.inline(note, note, classes=["handbook-record-print-note"])
    return para


def form_language(config: Any) -> str:
    """The form's language tag: the build's (en_GB gives en-GB, cy gives cy)."""
    return str(config.language or "en").replace("_", "-")


def _field_html(box: record_box) -> str:
    field = escape(box["field"])
    title = escape(_title(box))
    hints = " ".join(" ".join(hint.astext().split()) for hint in _hints(box))
    described = f' aria-describedby="hint-{field}"' if hints else ""
    hint_html = f'<p class="hint" id="hint-{field}">{escape(hints)}</p>' if hints else ""
    lines = int(box["lines"])
    if lines > 1:
        control = (
            f'<textarea id="f-{field}" name="{field}" rows="{lines}" '
            f'style="height:{lines * 7}mm"{described}></textarea>'
        )
    else:
        control = f'<input type="text" id="f-{field}" name="{field}"{described}>'
    return (
        f'<div class="box {escape(box["width"])}"><label for="f-{field}">{title}</label>'
        f"{hint_html}{control}</div>"
    )


def form_html(app: Sphinx, node: record_sheet, docname: str, page_title: str) -> str:
    """The form as one HTML document: a header, a field for every box, the notes, and where
    it came from."""
    config = app.config
    facts = provenance(app.env, docname)
    modified = time.strftime("%Y-%m-%dT%H:%M:%SZ", edition_time())
    project = escape(config.project)
    short = escape(config.html_short_title or config.project)
    notes = "".join(f"<p>{escape(' '.join(note.astext().split()))}</p>" for note in _notes(node))
    fields = "".join(_field_html(box) for box in _boxes(node))
    offline = _("This form keeps nothing online: what you type stays in this file, on your device.")
    return f"""<!DOCTYPE html>
<html lang="{escape(form_language(config))}">
<head><meta charset="utf-8">
<title>{escape(page_title)} \N{EN DASH} {project}</title>
<meta name="author" content="{escape(config.author or config.project)}">
<meta name="generator" content="{project}">
<meta name="dcterms.created" content="{modified}">
<meta name="dcterms.modified" content="{modified}">
</head>
<body>
<header><p class="kicker">{short}</p><h1>{escape(page_title)}</h1></header>
<form>{fields}</form>
<div class="notes">{notes}<p>{escape(offline)}</p></div>
<footer><p>{escape(facts.online)}</p><p>{escape(facts.dates)}</p>
<p><strong>{escape(check_online())}</strong></p></footer>
</body></html>"""


#: what the fields' font covers: Latin with Welsh's accented letters (ŵ, ŷ), punctuation
FIELD_FONT_RANGES: Final = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
)


def field_font(folder: Path) -> Path:
    """The fields' font: DejaVu Sans cut down to :data:`FIELD_FONT_RANGES`.

    A PDF form carries the whole font its fields use (a reader may type any letter), and
    the whole of DejaVu Sans makes the one-page form 400 KB. Latin, Welsh letters and
    punctuation are all a record needs, in a tenth of the size. Written without a
    timestamp, so two builds make the same file.
    """
    from fontTools import subset  # only when a form is made

    found = subprocess.run(
        ["fc-match", "--format=%{file}", "DejaVu Sans:style=Book"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found.endswith(".ttf"):
        raise RuntimeError(f"DejaVu Sans not found by fontconfig (fc-match gave {found!r})")
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # fontTools reports every table it prunes, and that it drops FontForge's own table
    quiet = pylogging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(pylogging.ERROR)
    try:
        font = subset.load_font(found, options)
        font.recalcTimestamp = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(
            unicodes=[code for low, high in FIELD_FONT_RANGES for code in range(low, high + 1)]
        )
        subsetter.subset(font)
        target = folder / "handbook-form-fields.ttf"
        subset.save_font(font, str(target), options)
    finally:
        quiet.setLevel(level)
    return target


def write_form(node: record_sheet, html: str, target: Path) -> int:
    """Render the form with WeasyPrint: fillable fields, tagged; return its number of pages."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        weasyprint_warnings_fail_the_build("record sheet form", location=node),
        tempfile.TemporaryDirectory() as folder,
    ):
        from weasyprint import CSS, HTML  # heavy, and logs on import: only when needed
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        font = field_font(Path(folder)).as_uri()
        fields = CSS(
            string=f'@font-face {{ font-family: "Handbook form"; src: url("{font}"); }}',
            font_config=fonts,
        )
        document = HTML(string=html, base_url=str(target.parent)).render(
            stylesheets=[fields, CSS(filename=str(FORM_CSS), font_config=fonts)],
            font_config=fonts,
            pdf_forms=True,
        )
        document.write_pdf(
            str(target), pdf_variant="pdf/ua-1", pdf_identifier=b"handbook-record-of-a-concern"
        )
    return len(document.pages)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the two directives, their nodes, the layout and the PDF form."""
    subheading.setup(app)
    app.add_config_value(
        "handbook_record_sheet_form_builders",
        list(FORM_BUILDERS_DEFAULT),
        "env",
        types=[list, tuple],
    )
    app.add_config_value("handbook_record_sheet_form_name", "{docname}-form", "env", types=[str])
    for node in (record_sheet, record_box, record_form):
        app.add_node(node, html=(_pass, _pass), latex=(_pass, _pass), text=(_pass, _pass))
    app.add_directive("record-sheet", RecordSheet)
    app.add_directive("record-box", RecordBox)
    app.add_post_transform(RecordSheetLayout)
    app.connect("doctree-resolved", make_forms)
    add_web_assets(app, css=("record-sheet.css",))
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
