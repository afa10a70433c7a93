"""Whom to ring, area by area: each council's children's services numbers as checked data.

A practitioner who is worried about a child rings the council for the area, often from
somewhere else. The ``areas:`` list of the contact data file
(``source/_data/contacts.yaml``, the same file as :mod:`handbook.writing.contacts`) gives,
for each council, three facts, each with its source and the day it was read:

- ``report``: children's services' number for a report (the "front door", MASH or hub);
- ``out_of_hours``: the emergency duty team;
- ``web``: the address of the council's (or its partnership's) safeguarding pages.

Each fact is either ``{number: ..., source: <key>, read: YYYY-MM-DD}`` (``url`` for
``web``), where ``source`` is a key of the bibliography, or ``{tbc: <why>}`` when no current
public source confirms it: the page then shows a "to be confirmed" marker (listed on "Still
to be confirmed") and never a number. The build fails, naming the file and line, on a
number without a source or a date, an unknown region or nation, a region in the wrong
nation, a source key the bibliography lacks, or a number ``phonenumbers`` rejects.

The ``area-contacts`` directive renders one list per region (``:region:`` limits it), with
each number a :class:`~handbook.writing.contacts.phone_number` node (a ``tel:`` link on the
web and in the ePub, plain text in the PDF) and its citation. On the website only, a search
box filters the areas as the reader types a place name, in English or Welsh
(``_static/js/area-filter.js``, loaded only on pages with the directive: the
Content-Security-Policy allows no inline script). Without JavaScript the box stays hidden and
every area is listed. Labels and messages go through ``sphinx.locale._`` (``sphinx.po``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Final

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import format_date
from sphinx.writers.html5 import HTML5Translator

from handbook.web.website_only import WEB_BUILDERS, WEB_ONLY_CLASS

from . import fingerprint
from .bibliography import bibliography_keys
from .contacts import AREA_LABELS_DEFAULT, check_number, data_path, phone_number
from .subheading import handbook_heading

__version__: Final = "1.0.0"

#: region -> the nation whose law and procedures apply there
REGIONS_DEFAULT: Final = {"north-wales": "wales", "greater-manchester": "england"}
NATIONS: Final = ("england", "wales")
#: the two numbers an area gives
NUMBER_FIELDS: Final = ("report", "out_of_hours")
SCRIPT: Final = "js/area-filter.js"
STYLESHEET: Final = "css/area-contacts.css"
_DATE: Final = r"^\d{4}-\d{2}-\d{2}$"
_KEY: Final = r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$"

_TBC: Final[dict[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["tbc"],
    "properties": {"tbc": {"type": "string", "minLength": 1}},
}


def _sourced(value: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A fact with its source: ``{tbc: ...}``, or the value, a source key and a read date."""
    return {
        "if": {"type": "object", "required": ["tbc"]},
        "then": _TBC,
        "else": {
            "type": "object",
            "additionalProperties": False,
            "required": [value, "source", "read"],
            "properties": {
                value: schema,
                "source": {"type": "string", "pattern": _KEY},
                "read": {"type": "string", "pattern": _DATE},
            },
        },
    }


def areas_schema(regions: list[str]) -> dict[str, Any]:
    """The JSON schema of one ``areas:`` list; the regions come from the configuration."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "name", "nation", "region", *NUMBER_FIELDS, "web"],
            "properties": {
                "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                "name": {"type": "string", "minLength": 1},
                "name_cy": {"type": "string", "minLength": 1},
                "nation": {"enum": list(NATIONS)},
                "region": {"enum": regions},
                **{
                    field: _sourced("number", {"type": "string", "pattern": r"^[0-9][0-9 ]*$"})
                    for field in NUMBER_FIELDS
                },
                "web": _sourced("url", {"type": "string", "pattern": r"^https?://\S+$"}),
            },
        },
    }


@dataclasses.dataclass(frozen=True)
class Fact:
    """A number or an address with its source, or (``value`` None) why it is not given."""

    value: str | None
    uri: str | None
    source: str | None
    read: dt.date | None
    unconfirmed: str | None = None


@dataclasses.dataclass(frozen=True)
class Area:
    """One council, validated."""

    id: str
    name: str
    name_cy: str | None
    nation: str
    region: str
    report: Fact
    out_of_hours: Fact
    web: Fact
    line: int

    def names(self) -> list[str]:
        """Every name the area goes by (English first)."""
        return [self.name] + ([self.name_cy] if self.name_cy else [])


class AreaDataError(ExtensionError):
    """The ``areas:`` data is invalid; the message names the file, line and area."""


def _node_at(root: yaml.Node | None, path: list[Any]) -> yaml.Node | None:
    """The composed YAML node at a path of keys and indexes (for its line)."""
    node = root
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            return None
        if node is None:
            return None
    return node


def _line(root: yaml.Node | None, path: list[Any]) -> int | None:
    """The line (1-based) of the deepest node of ``path`` found in the file."""
    for end in range(len(path), -1, -1):
        node = _node_at(root, path[:end])
        if node is not None:
            return node.start_mark.line + 1
    return None


def load_areas(
    path: Path,
    regions: dict[str, str],
    bib_keys: set[str],
    *,
    shown_as: str | None = None,
) -> list[Area]:
    """Read and check the ``areas:`` list; raise :class:`AreaDataError` listing every fault.

    The file as a whole (its ``contacts:``) is checked by :mod:`handbook.writing.contacts`.
    """
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.BaseLoader)  # every scalar as text: dates stay ISO
    except (OSError, yaml.YAMLError) as err:
        raise AreaDataError(f"{name}: cannot read the area data ({err})") from err
    areas_data = data.get("areas") if isinstance(data, dict) else None
    if areas_data is None:
        return []
    problems: list[str] = []

    def where(parts: list[Any]) -> str:
        line = _line(root, ["areas", *parts])
        index = parts[0] if parts and isinstance(parts[0], int) else None
        label = ""
        if index is not None and index < len(areas_data) and isinstance(areas_data[index], dict):
            ident = areas_data[index].get("id")
            label = f": area {ident!r}" if ident else f": area number {index + 1}"
        field = ".".join(str(p) for p in parts[1:])
        return f"{name}:{line}{label}" + (f": {field}" if field else "")

    import jsonschema  # only when the data changed: slow to import (0.1 s)

    validator = jsonschema.Draft202012Validator(areas_schema(list(regions)))
    for error in sorted(validator.iter_errors(areas_data), key=lambda e: list(e.absolute_path)):
        problems.append(f"{where(list(error.absolute_path))}: {error.message}")
    if problems:
        raise AreaDataError("invalid area data:\n  " + "\n  ".join(problems))

    areas: list[Area] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(areas_data):
        line = _line(root, ["areas", index]) or 0
        ident = entry["id"]
        if ident in seen:
            problems.append(f"{where([index])}: duplicate id (first used at line {seen[ident]})")
            continue
        seen[ident] = line
        if regions[entry["region"]] != entry["nation"]:
            problems.append(
                f"{where([index, 'nation'])}: region {entry['region']!r} is in "
                f"{regions[entry['region']]!r}, not {entry['nation']!r}"
            )
        facts: dict[str, Fact] = {}
        for field in (*NUMBER_FIELDS, "web"):
            raw = entry[field]
            if "tbc" in raw:
                facts[field] = Fact(None, None, None, None, unconfirmed=raw["tbc"])
                continue
            if raw["source"] not in bib_keys:
                problems.append(
                    f"{where([index, field, 'source'])}: {raw['source']!r} is not a key of "
                    "the bibliography (source/_data/references.bib)"
                )
            try:
                read = dt.date.fromisoformat(raw["read"])
            except ValueError as err:
                problems.append(f"{where([index, field, 'read'])}: {err}")
                continue
            if field == "web":
                facts[field] = Fact(raw["url"], raw["url"], raw["source"], read)
                continue
            try:
                number = check_number(raw["number"])
            except ValueError as err:
                problems.append(f"{where([index, field, 'number'])}: {err}")
                continue
            facts[field] = Fact(number.display, number.uri, raw["source"], read)
        if len(facts) == len(NUMBER_FIELDS) + 1:
            areas.append(
                Area(
                    id=ident,
                    name=entry["name"],
                    name_cy=entry.get("name_cy"),
                    nation=entry["nation"],
                    region=entry["region"],
                    report=facts["report"],
                    out_of_hours=facts["out_of_hours"],
                    web=facts["web"],
                    line=line,
                )
            )
    if problems:
        raise AreaDataError("invalid area data:\n  " + "\n  ".join(problems))
    return areas


# --- reading -------------------------------------------------------------------------


def load_once(app: Sphinx) -> None:
    """Read the areas once per build, before any page, and keep them on the env."""
    path = data_path(app.env)
    try:
        shown = str(path.relative_to(Path(app.confdir).resolve()))
    except ValueError:
        shown = str(path)
    bib_files = [Path(p) for p in getattr(app.config, "bibtex_bibfiles", None) or []]
    regions = dict(app.config.handbook_area_regions)
    # unchanged since the last build (same data, regions and bibliography): read and
    # checked then, and kept in the saved environment
    key = (fingerprint([path, *bib_files]), tuple(sorted(regions.items())), shown)
    if getattr(app.env, "handbook_areas_key", None) == key:
        return
    app.env.handbook_areas = load_areas(  # type: ignore[attr-defined]
        path, regions, bibliography_keys(bib_files), shown_as=shown
    )
    app.env.handbook_areas_key = key  # type: ignore[attr-defined]


def get_areas(env: Any) -> list[Area]:
    areas: list[Area] = getattr(env, "handbook_areas", [])
    return areas


class area_filter(nodes.General, nodes.Element):
    """Where the website's search box goes (nothing in the ePub and the PDF)."""


def visit_area_filter_html(self: HTML5Translator, node: area_filter) -> None:
    """The box, hidden until the script shows it: without JavaScript it would do nothing."""
    if self.builder.name in WEB_BUILDERS:
        label = _("Find an area: type a place name")
        count = _("{shown} of {total} areas shown")
        none = _("No area matches that name. Clear the box to see every area.")
        attrs: dict[str, Any] = {
            "hidden": "hidden",
            "data-count": count,
            "data-none": none,
        }
        self.body.append(
            self.starttag(node, "div", CLASS=f"handbook-area-filter {WEB_ONLY_CLASS}", **attrs)
        )
        self.body.append(
            f'<label for="handbook-area-filter-input">{self.encode(label)}</label>'
            '<input type="search" id="handbook-area-filter-input" autocomplete="off"'
            ' spellcheck="false">'
            '<p class="handbook-area-filter-status" role="status" aria-live="polite"></p>'
            "</div>\n"
        )
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _region_option(argument: str | None) -> str:
    return directives.unchanged_required(argument or "")


class AreaContactsDirective(SphinxDirective):
    """Each area's numbers and safeguarding pages, a list per region."""

    has_content = False
    option_spec = {"region": _region_option}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_path(self.env)))
        regions = list(self.config.handbook_area_regions)
        wanted = self.options.get("region")
        if wanted is not None and wanted not in regions:
            raise self.error(f"unknown region {wanted!r}: use one of {', '.join(regions)}")
        labels: dict[str, str] = {**AREA_LABELS_DEFAULT, **self.config.handbook_contact_area_labels}
        areas = get_areas(self.env)
        result: list[nodes.Node] = [area_filter()]
        for region in regions if wanted is None else [wanted]:
            in_region = [a for a in areas if a.region == region]
            if not in_region:
                continue
            group = nodes.container(classes=["handbook-area-region"])
            label = str(labels.get(region, region))
            heading = handbook_heading(label, label, classes=["handbook-area-region-name"])
            heading["translatable"] = False  # the interface catalogue's label
            group += heading
            items = nodes.bullet_list(classes=["handbook-areas"])
            for area in in_region:
                items += self._item(area)
            group += items
            result.append(group)
        if len(result) == 1:
            raise self.error("no area to list: the data file has no 'areas:'")
        return result

    # -- one area --------------------------------------------------------------------

    def _language(self) -> str:
        return (self.config.language or "en").replace("-", "_").split("_")[0]

    def _name(self, area: Area) -> nodes.paragraph:
        """ "Wrexham (Wrecsam)" in English, "Wrecsam (Wrexham)" in Welsh."""
        welsh = self._language() == "cy"
        first = area.name_cy if welsh and area.name_cy else area.name
        para = nodes.paragraph(classes=["handbook-area-name"], translatable=False)
        if welsh and not area.name_cy:  # an English name kept in the Welsh edition says so
            para += nodes.strong("", "", nodes.inline(first, first, classes=["lang-en-GB"]))
        else:
            para += nodes.strong(first, first)
        other = area.name if welsh else area.name_cy
        if other and other != first:
            lang = "lang-en-GB" if welsh else "lang-cy"
            para += [nodes.Text(" ("), nodes.inline(other, other, classes=[lang]), nodes.Text(")")]
        return para

    def _checked(self, fact: Fact) -> list[nodes.Node]:
        """The citation and "checked 4 December 2026"."""
        assert fact.source is not None and fact.read is not None
        cite, messages = self.parse_inline(f"{{cite:p}}`{fact.source}`")
        day = fact.read
        date = format_date(
            "%-d %B %Y",
            date=dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
            language=self.config.language or "en",
        )
        return [
            nodes.Text(" "),
            *cite,
            *messages,
            nodes.Text("; " + _("checked %(date)s") % {"date": date}),
        ]

    def _unconfirmed(self, note: str) -> list[nodes.Node]:
        marker, messages = self.parse_inline(f"{{tbc}}`{note}`")
        return [*marker, *messages]

    def _line(self, label: str, fact: Fact, *, kind: str, area: Area) -> nodes.paragraph:
        para = nodes.paragraph(classes=["handbook-area-fact", f"handbook-area-{kind}"])
        para["translatable"] = False
        para += nodes.Text(label + ": ")
        if fact.value is None:
            what = (
                _("web address not confirmed by a current public source")
                if kind == "web"
                else _("number not confirmed by a current public source")
            )
            para += self._unconfirmed(what)
        elif kind == "web":
            para += nodes.reference(fact.value, fact.value, refuri=fact.uri)
            para += self._checked(fact)
        else:
            number = phone_number(fact.value, fact.value)
            number["uri"] = fact.uri
            number["contact"] = f"area-{area.id}"
            number["kind"] = "phone"
            para += number
            para += self._checked(fact)
        para += nodes.Text(".")
        return para

    def _item(self, area: Area) -> nodes.list_item:
        item = nodes.list_item(classes=["handbook-area"])
        item["ids"].append(f"area-{area.id}")
        item += self._name(area)
        item += self._line(_("Report a concern"), area.report, kind="report", area=area)
        item += self._line(
            _("Out of hours (emergency duty team)"),
            area.out_of_hours,
            kind="out-of-hours",
            area=area,
        )
        item += self._line(_("Safeguarding pages"), area.web, kind="web", area=area)
        return item


# --- writing ---------------------------------------------------------------------------


def add_filter_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The filter's script and styles, on the web pages that list areas and nowhere else."""
    if app.builder.name not in WEB_BUILDERS or doctree is None:
        return
    if next(iter(doctree.findall(area_filter)), None) is None:
        return
    app.add_css_file(STYLESHEET)
    app.add_js_file(SCRIPT, loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the regions, the directive and the filter's node and assets."""
    app.setup_extension("handbook.writing.contacts")
    app.add_config_value("handbook_area_regions", dict(REGIONS_DEFAULT), "env", types=[dict])
    app.add_node(
        area_filter,
        html=(visit_area_filter_html, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("area-contacts", AreaContactsDirective)
    # after handbook.writing.contacts has read the file (and so checked it as a whole)
    app.connect("builder-inited", load_once, priority=600)
    app.connect("html-page-context", add_filter_assets)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
