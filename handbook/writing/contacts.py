"""Helplines and contacts as checked data.

Pages never type a phone number: a wrong digit in a child-protection handbook sends a
frightened reader to the wrong place. Every number lives in one YAML file
(``source/_data/contacts.yaml``), which the build validates against a JSON schema and
checks with ``phonenumbers``; pages refer to an entry by id:

- ``{contact}`childline``` renders "Childline: 0800 1111";
- ``{phone}`childline``` renders "0800 1111";
- ``:::{contact-list}`` renders every contact grouped by area (``:area:`` limits it).

At read time the roles and the directive leave :class:`phone_number` nodes; a
post-transform turns phone numbers into ``tel:`` links in HTML and ePub and into plain
text in the PDF (the ``pdf`` builder), so one doctree serves every edition. Text numbers
stay plain text everywhere: ``sms:`` is not a scheme the ePub standard accepts
(epubcheck HTM-025), and a five-digit short code is easy to type.

Translations: an entry may give its reader-visible text in another language with fields
named ``<field>_<language>`` (``service_cy``, ``for_cy``, ``organisation_cy``,
``opening_hours_cy``), filled only from an official form of that language seen in a public
source. A build in that language (``-D language=cy``) uses them; where a field has none, the
English text stays, as written in the data file (never a made-up translation). Numbers are
the same in every language. The labels the code writes ("text", "free to call", "Source")
go through ``sphinx.locale._``: the interface catalogue, ``sphinx.po``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any, Final

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.i18n import format_date

from . import fingerprint, subheading
from .data_lines import list_item_lines
from .subheading import handbook_heading

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

REGION: Final = "GB"
#: Builders that print numbers as plain text (a ``tel:`` link means nothing on paper).
PLAIN_BUILDERS_DEFAULT: Final = ("pdf",)
AREAS_DEFAULT: Final = ("national", "wales", "north-wales", "greater-manchester")
AREA_LABELS_DEFAULT: Final = {
    "national": _("National (UK-wide)"),
    "wales": _("Wales"),
    "north-wales": _("North Wales"),
    "greater-manchester": _("Greater Manchester"),
}  # lazy: translated in the build's language when used
#: the languages an entry may give its text in, besides English (``service_cy``...)
TRANSLATION_LANGUAGES: Final = ("cy",)
#: the fields of an entry a reader sees as text (the others are numbers, ids, dates)
TRANSLATABLE_FIELDS: Final = ("organisation", "service", "for", "opening_hours")
#: Digits of a documented short code that libphonenumber does not know (see docs/features.md).
SHORT_CODE_RE: Final = re.compile(r"^[1-9][0-9]{2,5}$")

_NUMBER_SCHEMA: Final[dict[str, Any]] = {
    "oneOf": [
        {"type": "string", "pattern": r"^\+?[0-9][0-9 ]*$"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["number"],
            "properties": {
                "number": {"type": "string", "pattern": r"^\+?[0-9][0-9 ]*$"},
                "kind": {"enum": ["short-code"]},
            },
        },
    ]
}


def contacts_schema(areas: list[str]) -> dict[str, Any]:
    """The JSON schema of the data file; the areas come from ``handbook_contact_areas``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "required": ["contacts"],
        "properties": {
            # each council's numbers: checked by handbook.writing.area_contacts
            "areas": {"type": "array"},
            "contacts": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [
                        "id",
                        "organisation",
                        "service",
                        "for",
                        "area",
                        "source",
                        "last_checked",
                    ],
                    "anyOf": [{"required": ["phone"]}, {"required": ["text"]}],
                    "properties": {
                        "id": {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"},
                        "organisation": {"type": "string", "minLength": 1},
                        "service": {"type": "string", "minLength": 1},
                        "for": {"type": "string", "minLength": 1},
                        "phone": _NUMBER_SCHEMA,
                        "text": _NUMBER_SCHEMA,
                        "opening_hours": {"type": ["string", "null"]},
                        "area": {"enum": areas},
                        "source": {"type": "string", "minLength": 1},
                        "last_checked": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                        **{
                            f"{field}_{language}": {"type": "string", "minLength": 1}
                            for field in TRANSLATABLE_FIELDS
                            for language in TRANSLATION_LANGUAGES
                        },
                    },
                },
            },
        },
    }


@dataclasses.dataclass(frozen=True)
class Number:
    """One checked number: how it is shown and where a link to it goes."""

    display: str
    uri: str
    free: bool


@dataclasses.dataclass(frozen=True)
class Contact:
    """One validated entry of the data file."""

    id: str
    organisation: str
    service: str
    audience: str
    area: str
    source: str
    last_checked: dt.date
    phone: Number | None
    text: Number | None
    opening_hours: str | None
    line: int
    #: the text fields in other languages: ``{"cy": {"service": "...", "for": "..."}}``
    translations: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    def in_language(self, field: str, language: str | None) -> str | None:
        """A text field in the build's language, or in English where it has no translation.

        ``field`` is the data file's name (``service``, ``for``...).
        """
        english: dict[str, str | None] = {
            "organisation": self.organisation,
            "service": self.service,
            "for": self.audience,
            "opening_hours": self.opening_hours,
        }
        translated = self.translations.get(_base_language(language), {})
        return translated.get(field, english[field])

    def text_node(self, field: str, language: str | None) -> nodes.Node:
        """A text field as a node; English kept in another language's build says so
        (class ``lang-en-GB``: the HTML gets ``lang``, so screen readers switch voice)."""
        text = self.in_language(field, language) or ""
        base = _base_language(language)
        if base in ("", "en") or field in self.translations.get(base, {}):
            return nodes.Text(text)
        return nodes.inline(text, text, classes=["lang-en-GB"])


def _base_language(language: str | None) -> str:
    """``cy`` for ``cy`` or ``cy_GB``: the data file names languages without a region."""
    return (language or "").replace("-", "_").split("_")[0]


class ContactDataError(ExtensionError):
    """The contact data file is invalid; the message names the file, line and entry."""


def check_number(raw: Any, *, sms: bool = False) -> Number:
    """Parse one number of the data file, or raise ValueError saying what is wrong.

    Full UK numbers must be valid for ``phonenumbers`` (region GB) and are shown in
    national format with an international ``tel:`` link. Short numbers (999, 84001) must
    be known to ``phonenumbers.shortnumberinfo`` for GB, or be declared
    ``kind: short-code`` and be 3 to 6 digits not starting with 0.
    """
    import phonenumbers  # only when a number is checked: slow to import
    from phonenumbers import shortnumberinfo

    if isinstance(raw, dict):
        text, kind = str(raw["number"]), raw.get("kind")
    else:
        text, kind = str(raw), None
    scheme = "sms" if sms else "tel"
    try:
        parsed = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException as err:
        raise ValueError(f"{text!r} is not a phone number ({err})") from err
    digits = re.sub(r"\D", "", text)
    if phonenumbers.is_valid_number(parsed):
        if kind == "short-code":
            raise ValueError(f"{text!r} is a full UK number, not a short code: remove 'kind'")
        if phonenumbers.region_code_for_number(parsed) != REGION:
            raise ValueError(f"{text!r} is not a UK number")
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        free = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE
        return Number(display=national, uri=f"{scheme}:{e164}", free=free)
    if not text.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(
        parsed, REGION
    ):
        cost = shortnumberinfo.expected_cost_for_region(parsed, REGION)
        free = cost == shortnumberinfo.ShortNumberCost.TOLL_FREE
        return Number(display=digits, uri=f"{scheme}:{digits}", free=free)
    if kind == "short-code":
        if text.startswith("+") or not SHORT_CODE_RE.match(digits) or digits != text:
            raise ValueError(
                f"{text!r} is declared 'kind: short-code' but a short code is 3 to 6 digits, "
                "no spaces, not starting with 0"
            )
        return Number(display=digits, uri=f"{scheme}:{digits}", free=False)
    raise ValueError(
        f"{text!r} is not a valid UK phone number or known UK short number "
        "(a short code that phonenumbers does not know needs 'kind: short-code')"
    )


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, so a bad date is reported with its entry."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _stringify_dates(value: Any) -> Any:
    """YAML reads 2026-11-23 as a date; the schema checks ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _stringify_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_dates(v) for v in value]
    return value


def load_contacts(
    path: Path, areas: list[str], *, shown_as: str | None = None
) -> dict[str, Contact]:
    """Read and validate the data file; raise :class:`ContactDataError` listing every fault."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ContactDataError(f"{name}: cannot read the contact data file ({err})") from err
    try:
        data = _stringify_dates(yaml.load(text, Loader=_TextDatesLoader))
    except yaml.YAMLError as err:
        raise ContactDataError(f"{name}: not valid YAML: {err}") from err
    lines = list_item_lines(text, "contacts")
    problems: list[str] = []

    def where(index: int, entry: Any) -> str:
        line = f":{lines[index]}" if index < len(lines) else ""
        ident = entry.get("id") if isinstance(entry, dict) else None
        label = f"entry {ident!r}" if ident else f"entry number {index + 1}"
        return f"{name}{line}: {label}"

    import jsonschema  # only when the data changed: slow to import (0.1 s)

    validator = jsonschema.Draft202012Validator(contacts_schema(areas))
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path_parts = list(error.absolute_path)
        if len(path_parts) >= 2 and path_parts[0] == "contacts" and isinstance(path_parts[1], int):
            index = path_parts[1]
            field = ".".join(str(p) for p in path_parts[2:]) or "(entry)"
            problems.append(f"{where(index, data['contacts'][index])}: {field}: {error.message}")
        else:
            problems.append(f"{name}: {error.message}")
    if problems:
        raise ContactDataError("invalid contact data:\n  " + "\n  ".join(problems))

    contacts: dict[str, Contact] = {}
    for index, entry in enumerate(data["contacts"]):
        ident = entry["id"]
        if ident in contacts:
            problems.append(
                f"{where(index, entry)}: duplicate id (first used at line {contacts[ident].line})"
            )
            continue
        numbers: dict[str, Number | None] = {"phone": None, "text": None}
        for field in numbers:
            if field in entry:
                try:
                    numbers[field] = check_number(entry[field], sms=field == "text")
                except ValueError as err:
                    problems.append(f"{where(index, entry)}: {field}: {err}")
        try:
            checked = dt.date.fromisoformat(entry["last_checked"])
        except ValueError as err:
            problems.append(f"{where(index, entry)}: last_checked: {err}")
            continue
        contacts[ident] = Contact(
            id=ident,
            organisation=entry["organisation"],
            service=entry["service"],
            audience=entry["for"],
            area=entry["area"],
            source=entry["source"],
            last_checked=checked,
            phone=numbers["phone"],
            text=numbers["text"],
            opening_hours=entry.get("opening_hours"),
            line=lines[index] if index < len(lines) else 0,
            translations={
                language: {
                    field: entry[f"{field}_{language}"]
                    for field in TRANSLATABLE_FIELDS
                    if f"{field}_{language}" in entry
                }
                for language in TRANSLATION_LANGUAGES
            },
        )
    if problems:
        raise ContactDataError("invalid contact data:\n  " + "\n  ".join(problems))
    return contacts


# --- nodes -------------------------------------------------------------------------


class phone_number(nodes.Inline, nodes.TextElement):
    """A number from the data file; the post-transform decides link or plain text."""


def _pass(self: Any, node: nodes.Element) -> None:
    """Writers that never see the post-transform print the number's text."""


# --- reading -------------------------------------------------------------------------


def data_path(env: BuildEnvironment) -> Path:
    """Absolute path of the data file (``handbook_contacts_file`` is relative to srcdir)."""
    relative: str = env.config.handbook_contacts_file
    return (Path(env.srcdir) / relative).resolve()


def load_once(app: Sphinx) -> None:
    """Read the data file once per build, before any page, and keep it on the env."""
    path = data_path(app.env)
    try:
        shown = str(path.relative_to(Path(app.confdir).resolve()))
    except ValueError:
        shown = str(path)
    areas = list(app.config.handbook_contact_areas)
    # unchanged since the last build (same file, same areas): read and checked then, and
    # kept in the saved environment; reading it again costs every one-page rebuild
    key = (fingerprint([path]), tuple(areas), shown)
    if getattr(app.env, "handbook_contacts_key", None) == key:
        return
    app.env.handbook_contacts = load_contacts(  # type: ignore[attr-defined]
        path, areas, shown_as=shown
    )
    app.env.handbook_contacts_key = key  # type: ignore[attr-defined]


def get_contacts(env: BuildEnvironment) -> dict[str, Contact]:
    """The contacts read at ``builder-inited``."""
    contacts: dict[str, Contact] = getattr(env, "handbook_contacts", {})
    return contacts


def _number_node(contact: Contact, number: Number, kind: str) -> phone_number:
    node = phone_number(number.display, number.display)
    node["uri"] = number.uri
    node["contact"] = contact.id
    node["kind"] = kind
    return node


def contact_nodes(
    contact: Contact, *, with_name: bool, language: str | None = None
) -> list[nodes.Node]:
    """Inline nodes for a contact: "Meic: 0808 802 3456 (text 84001)"."""
    result: list[nodes.Node] = []
    if with_name:
        result += [contact.text_node("service", language), nodes.Text(": ")]
    if contact.phone:
        result.append(_number_node(contact, contact.phone, "phone"))
    if contact.text:
        # the translated label is split around the number, which stays a node of its own
        if contact.phone:
            before, _number, after = _("(text %s)").partition("%s")
            result.append(nodes.Text(" " + before))
        else:
            before, _number, after = _("text %s").partition("%s")
            result.append(nodes.Text(before))
        result.append(_number_node(contact, contact.text, "text"))
        if after:
            result.append(nodes.Text(after))
    return result


class ContactRole(SphinxRole):
    """``{contact}`id``` (name and number) or ``{phone}`id``` (number only)."""

    def __init__(self, *, with_name: bool) -> None:
        self.with_name = with_name

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.env.note_dependency(str(data_path(self.env)))
        contact = get_contacts(self.env).get(self.text.strip())
        if contact is None:
            msg = self.inliner.reporter.error(
                f"unknown contact {self.text.strip()!r}: the ids are in "
                f"{self.config.handbook_contacts_file}",
                line=self.lineno,
            )
            prb = self.inliner.problematic(self.rawtext, self.rawtext, msg)
            return [prb], [msg]
        span = nodes.inline(
            "",
            "",
            *contact_nodes(contact, with_name=self.with_name, language=self.config.language),
        )
        span["classes"].append("handbook-contact")
        return [span], []


def _area_option(argument: str | None) -> str:
    return directives.unchanged_required(argument or "")


class ContactListDirective(SphinxDirective):
    """Every contact, grouped by area, with who it is for and the source it comes from."""

    has_content = False
    option_spec = {"area": _area_option}  # noqa: RUF012 (docutils API)

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(data_path(self.env)))
        areas: list[str] = list(self.config.handbook_contact_areas)
        wanted = self.options.get("area")
        if wanted is not None and wanted not in areas:
            raise self.error(f"unknown area {wanted!r}: use one of {', '.join(areas)}")
        labels: dict[str, str] = {**AREA_LABELS_DEFAULT, **self.config.handbook_contact_area_labels}
        contacts = list(get_contacts(self.env).values())
        container = nodes.container(classes=["handbook-contact-list"])
        self.set_source_info(container)
        for area in areas if wanted is None else [wanted]:
            in_area = [c for c in contacts if c.area == area]
            if not in_area:
                continue
            label = str(labels.get(area, area))
            heading = handbook_heading(label, label, classes=["handbook-contact-area"])
            heading["translatable"] = False  # the interface catalogue's label, not the page's
            container += heading
            items = nodes.bullet_list(classes=["handbook-contacts"])
            for contact in in_area:
                items += self._item(contact)
            container += items
        if not container.children:
            raise self.error(f"no contact in area {wanted!r}")
        return [container]

    def _item(self, contact: Contact) -> nodes.list_item:
        language = self.config.language
        para = nodes.paragraph()
        para += nodes.strong("", "", contact.text_node("service", language))
        if contact.organisation != contact.service:
            para += [nodes.Text(" ("), contact.text_node("organisation", language), nodes.Text(")")]
        before, _placeholder, after = _(", for %s: ").partition("%s")
        para += [nodes.Text(before), contact.text_node("for", language), nodes.Text(after)]
        para += contact_nodes(contact, with_name=False, language=language)
        free = [n for n in (contact.phone,) if n and n.free]
        if free:
            para += nodes.Text(_(", free to call"))
        hours = contact.in_language("opening_hours", language)
        if hours:
            before, _placeholder, after = _(". Open: %s").partition("%s")
            para += [nodes.Text(before), contact.text_node("opening_hours", language)]
            para += nodes.Text(after)
        para += nodes.Text(".")
        day = contact.last_checked
        checked = format_date(
            "%-d %B %Y",
            date=dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
            language=language or "en",
        )
        note = nodes.paragraph(classes=["handbook-contact-source"])
        # the source is a reference, kept as the data file gives it (like the bibliography)
        words = _("Source: %(source)s; last checked %(date)s.") % {
            "source": "\0",
            "date": checked,
        }
        before, _marker, after = words.partition("\0")
        source: nodes.Node = nodes.Text(contact.source)
        if _base_language(language) not in ("", "en"):
            source = nodes.inline(contact.source, contact.source, classes=["lang-en-GB"])
        note += [nodes.Text(before), source, nodes.Text(after)]
        item = nodes.list_item("", para, note)
        item["ids"].append(f"contact-{contact.id}")
        return item


# --- writing -------------------------------------------------------------------------


class PhoneNumbers(SphinxPostTransform):
    """Turn :class:`phone_number` nodes into links, or plain text for print builders."""

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        builder = self.env._builder_cls
        plain = builder.name in self.config.handbook_plain_phone_builders or getattr(
            builder, "is_print", False
        )
        for node in list(self.document.findall(phone_number)):
            text = node.astext()
            if plain or not node["uri"].startswith("tel:"):
                new: nodes.Node = nodes.inline(text, text, classes=["handbook-phone"])
            else:
                new = nodes.reference(text, text, refuri=node["uri"], classes=["handbook-phone"])
            node.replace_self(new)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the data file option, roles, directive and transforms."""
    app.add_config_value("handbook_contacts_file", "_data/contacts.yaml", "env", types=[str])
    app.add_config_value("handbook_contact_areas", list(AREAS_DEFAULT), "env", types=[list, tuple])
    app.add_config_value("handbook_contact_area_labels", {}, "env", types=[dict])
    app.add_config_value(
        "handbook_plain_phone_builders", list(PLAIN_BUILDERS_DEFAULT), "env", types=[list, tuple]
    )
    app.add_node(
        phone_number,
        html=(_pass, _pass),
        latex=(_pass, _pass),
        text=(_pass, _pass),
    )
    subheading.setup(app)
    app.add_role("contact", ContactRole(with_name=True))
    app.add_role("phone", ContactRole(with_name=False))
    app.add_directive("contact-list", ContactListDirective)
    app.add_post_transform(PhoneNumbers)
    app.connect("builder-inited", load_once)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
