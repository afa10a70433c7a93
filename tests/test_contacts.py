"""Helplines and contacts as checked data (handbook.writing.contacts)."""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import phonenumbers
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import pdf_texts
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

from handbook.writing.contacts import AREAS_DEFAULT, ContactDataError, check_number, load_contacts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "source" / "_data" / "contacts.yaml"
ROOTS = Path(__file__).resolve().parent / "roots"

GOOD_ENTRY = """\
  - id: childline
    organisation: NSPCC
    service: Childline
    for: children and young people
    phone: "0800 1111"
    area: national
    source: test data
    last_checked: 2026-11-23
"""


def write_data(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts:\n" + "".join(entries), encoding="utf-8")
    return path


def load(path: Path) -> dict[str, object]:
    return dict(load_contacts(path, list(AREAS_DEFAULT)))


# --- the data file of the handbook ---------------------------------------------------


def test_the_handbook_data_file_is_valid_and_has_the_known_contacts() -> None:
    contacts = load_contacts(DATA, list(AREAS_DEFAULT))
    shown = {ident: (c.phone.display if c.phone else None) for ident, c in contacts.items()}
    assert shown == {
        "emergency-999": "999",
        "nspcc-helpline": "0808 800 5000",
        "childline": "0800 1111",
        "meic": "0808 802 3456",
    }
    # no current source confirms Meic's text number: it is left out until one does
    assert contacts["meic"].text is None
    assert contacts["meic"].area == "wales"
    # opening hours are not known: none may be made up
    assert all(c.opening_hours is None for c in contacts.values())


# --- validation: good and bad entries --------------------------------------------------


def test_a_good_entry_loads(tmp_path: Path) -> None:
    contacts = load_contacts(write_data(tmp_path, GOOD_ENTRY), list(AREAS_DEFAULT))
    number = contacts["childline"].phone
    assert number is not None
    assert (number.display, number.uri, number.free) == ("0800 1111", "tel:+448001111", True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('phone: "0800 1111"', 'phone: "0800 11"'), "not a valid UK phone number"),
        (('phone: "0800 1111"', 'phone: "0800-1111"'), "is not valid under any"),
        (("area: national", "area: scotland"), "'scotland' is not one of"),
        (("    source: test data\n", ""), "'source' is a required property"),
        (("last_checked: 2026-11-23", "last_checked: 23/11/2026"), "last_checked"),
        (("last_checked: 2026-11-23", "last_checked: 2026-02-30"), "day is out of range"),
        (("    for: children and young people\n", "    hours: 9 to 5\n"), "'for' is a required"),
        (('phone: "0800 1111"', 'phone: {number: "0800 1111", kind: short-code}'), "full UK"),
        (('phone: "0800 1111"', 'phone: "+1 212 555 0100"'), "not a UK number"),
    ],
)
def test_a_bad_entry_fails_naming_file_line_and_entry(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write_data(tmp_path, GOOD_ENTRY.replace(*change))
    with pytest.raises(ContactDataError) as caught:
        load(path)
    text = str(caught.value)
    assert f"{path}:2: entry 'childline'" in text
    assert message in text


def test_a_duplicate_id_fails(tmp_path: Path) -> None:
    path = write_data(tmp_path, GOOD_ENTRY, GOOD_ENTRY)
    with pytest.raises(ContactDataError, match=r"contacts.yaml:10: entry 'childline': duplicate"):
        load(path)


def test_an_entry_needs_a_phone_or_a_text_number(tmp_path: Path) -> None:
    path = write_data(tmp_path, GOOD_ENTRY.replace('    phone: "0800 1111"\n', ""))
    # the schema's anyOf (phone or text) is what fails, at the entry's own line
    with pytest.raises(
        ContactDataError,
        match=r"contacts\.yaml:2: entry 'childline': \(entry\): .* is not valid under any of "
        r"the given schemas",
    ):
        load(path)


def test_a_file_that_is_not_yaml_fails_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts: [\n", encoding="utf-8")
    with pytest.raises(ContactDataError, match=re.escape(f"{path}: not valid YAML")):
        load(path)


def test_short_numbers_known_to_phonenumbers_pass() -> None:
    assert check_number("999").uri == "tel:999"
    assert check_number("999").free
    assert check_number("84001", sms=True).uri == "sms:84001"


def test_an_unknown_short_code_needs_kind_short_code() -> None:
    with pytest.raises(ValueError, match="needs 'kind: short-code'"):
        check_number("72727")
    assert check_number({"number": "72727", "kind": "short-code"}).display == "72727"
    for garbage in ("0999", "12", "1234567", "727 27"):
        with pytest.raises(ValueError):
            check_number({"number": garbage, "kind": "short-code"})


def test_bad_data_stops_the_sphinx_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "contacts"
    shutil.copytree(ROOTS / "test-contacts", srcdir)
    data = srcdir / "_data" / "contacts.yaml"
    data.write_text(data.read_text().replace('"0800 1111"', '"0800 11"'))
    with pytest.raises(ContactDataError, match=r"_data/contacts.yaml:10: entry 'childline'"):
        SphinxTestApp("html", srcdir=srcdir)


# --- rendering --------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="contacts")
def test_roles_render_name_and_number_as_tel_links(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    first = soup.select_one("section p")
    assert first is not None
    text = first.get_text(" ", strip=True)
    assert "Call Childline: 0800 1111 or just 0800 1111" in text
    assert "Meic: 0808 802 3456 (text 84001 )" in text
    links = [(a.get_text(), a["href"]) for a in first.select("a.handbook-phone")]
    assert links == [
        ("0800 1111", "tel:+448001111"),
        ("0800 1111", "tel:+448001111"),
        ("0808 802 3456", "tel:+448088023456"),
    ]
    # a text number stays plain: epubcheck rejects sms: links (HTM-025)
    assert [s.get_text() for s in first.select("span.handbook-phone")] == ["84001"]


@pytest.mark.sphinx("html", testroot="contacts")
def test_contact_list_groups_by_area_and_filters(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    lists = soup.select("div.handbook-contact-list")
    assert len(lists) == 2
    everything, wales = lists
    assert [h.name for h in everything.select(".handbook-contact-area")] == ["h3", "h3"]
    assert [h.get_text() for h in everything.select(".handbook-contact-area")] == [
        "National (UK-wide)",
        "Wales",
    ]
    assert [li["id"] for li in everything.select("li")] == [
        "contact-emergency-999",
        "contact-childline",
        "contact-meic",
    ]
    assert [h.get_text() for h in wales.select(".handbook-contact-area")] == ["Wales"]
    assert "free to call" in wales.get_text()
    assert "Source: test data; last checked 23 November 2026." in wales.get_text()


@pytest.mark.sphinx(
    "html", testroot="contacts", confoverrides={"handbook_plain_phone_builders": ["html"]}
)
def test_print_builders_get_plain_numbers(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert "tel:" not in html and "sms:" not in html
    assert '<span class="handbook-phone">0800 1111</span>' in html


def test_an_unknown_id_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    srcdir = tmp_path / "contacts"
    shutil.copytree(ROOTS / "test-contacts", srcdir)
    page = srcdir / "index.md"
    page.write_text(page.read_text() + "\nAnd {phone}`samaritans`.\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "index.md:16: ERROR: unknown contact 'samaritans'" in app.warning.getvalue()


def test_editing_the_data_file_rebuilds_the_pages(tmp_path: Path) -> None:
    srcdir = tmp_path / "contacts"
    shutil.copytree(ROOTS / "test-contacts", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    data = srcdir / "_data" / "contacts.yaml"
    data.write_text(data.read_text().replace("service: Childline", "service: Childline UK"))
    later = time.time() + 5  # file times can lag the clock Sphinx stamps its reads with
    os.utime(data, (later, later))
    again = SphinxTestApp("html", srcdir=srcdir)
    again.build()
    again.cleanup()
    page = BeautifulSoup((again.outdir / "index.html").read_text(), "html.parser")
    assert "Childline UK: 0800 1111" in page.get_text()


# --- the real editions ------------------------------------------------------------------


def test_real_editions_link_numbers_in_html_and_epub_not_in_pdf(handbook_build) -> None:  # type: ignore[no-untyped-def]
    html = (handbook_build.html / "helplines.html").read_text()
    assert 'href="tel:+448088005000"' in html
    with zipfile.ZipFile(handbook_build.epub) as epub:
        page = next(n for n in epub.namelist() if n.endswith("helplines.xhtml"))
        assert 'href="tel:+448001111"' in epub.read(page).decode()
    reader = PdfReader(handbook_build.pdf)
    uris = [
        str(annot.get_object()["/A"].get("/URI", ""))
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    ]
    assert not [u for u in uris if u.startswith(("tel:", "sms:"))]
    text = "".join(pdf_texts(handbook_build.pdf))
    assert "Childline: 0800 1111" in text


# --- the number rule: pages never type a number -----------------------------------------


def typed_numbers(text: str) -> list[str]:
    """Phone numbers typed into a page's text (roles are removed first: they hold ids)."""
    text = re.sub(r"\{(contact|phone)\}`[^`]*`", " ", text)
    # front matter dates and ISO dates in prose are not phone numbers
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", " ", text)
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    # a possible number of 7 digits or more: shorter "possible" numbers are years, counts
    found = [m.raw_string for m in matcher if len(re.sub(r"\D", "", m.raw_string)) >= 7]
    # short numbers the matcher does not see: 999, 112, 116 xxx, 5-digit text codes
    found += re.findall(r"\b(?:999|112|116\s?\d{3}|8\d{4})\b", text)
    return found


def test_the_rule_catches_a_typed_number() -> None:
    assert typed_numbers("Call Childline on 0800 1111.") == ["0800 1111"]
    assert typed_numbers("Ring 0808 800 5000 or +44 808 800 5000") != []
    assert typed_numbers("Call 999 now, or text 84001.") == ["999", "84001"]
    assert typed_numbers("Call {contact}`childline` on 2026-11-23, 7 parts, 16 and 17.") == []


def typed_number_problems(texts: list[tuple[str, str]]) -> list[str]:
    """'where: number typed by hand (why)' for each number typed into one of ``texts``
    ((where, text)): not in the data file, or a full number typed instead of a role.

    A short number from the data file (999 in a flow chart's label, where no role can go)
    may be typed: it never changes. A full number typed by hand would go stale when the
    data file changes, so it must come through {contact} or {phone}.
    """
    contacts = load_contacts(DATA, list(AREAS_DEFAULT)).values()
    numbers = [n for c in contacts for n in (c.phone, c.text) if n]
    short = {n.display for n in numbers if n.uri.startswith(("tel:+", "sms:+")) is False}
    problems = []
    for where, text in texts:
        for number in typed_numbers(text):
            digits = re.sub(r"\D", "", number)
            if digits in short:
                continue
            known = any(re.sub(r"\D", "", n.display) == digits for n in numbers)
            why = "in the data file: use {phone}`id`" if known else "not in the data file"
            problems.append(f"{where}: {number!r} typed by hand ({why})")
    return problems


def catalogue_texts(folder: Path) -> list[tuple[str, str]]:
    """(file:line, translation) of every message of every catalogue under ``folder``: what a
    translator types is what the translated editions print."""
    texts = []
    for po_file in sorted(folder.rglob("*.po")):
        with po_file.open("rb") as po:
            for message in read_po(po):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in strings:
                    if text:
                        line = message.lineno or 0
                        texts.append((f"{po_file.relative_to(folder.parent)}:{line}", text))
    return texts


def test_no_page_types_a_phone_number() -> None:
    """A number not in the data file fails; so does a full number typed instead of a role."""
    pages = sorted((ROOT / "source").rglob("*.md"))
    problems = typed_number_problems(
        [(str(page.relative_to(ROOT)), page.read_text(encoding="utf-8")) for page in pages]
    )
    assert problems == []


def test_no_translation_types_a_phone_number() -> None:
    """The same rule in every language: a translator's catalogue (``locales/``) must keep
    the roles and type no number the data file does not give."""
    texts = catalogue_texts(ROOT / "locales")
    assert len(texts) > 500, "far fewer translated messages than the handbook has"
    problems = typed_number_problems(texts)
    assert problems == []


def test_the_rule_reads_the_catalogues(tmp_path: Path) -> None:
    """The check above can fail: a catalogue whose translation types Childline's number
    instead of the role is reported at its file and line."""
    folder = tmp_path / "locales"
    (folder / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "cy" / "LC_MESSAGES" / "helplines.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Call {contact}`childline`."\nmsgstr "Ffoniwch Childline ar 0800 1111."\n',
        encoding="utf-8",
    )
    problems = typed_number_problems(catalogue_texts(folder))
    assert problems == [
        "locales/cy/LC_MESSAGES/helplines.po:5: '0800 1111' typed by hand "
        "(in the data file: use {phone}`id`)"
    ]


def test_a_fault_made_after_a_good_build_stops_the_next(tmp_path: Path) -> None:
    """The data file is checked again only when it changes (a one-page rebuild does not
    read it): a fault made after a good build must still stop the next one."""
    srcdir = tmp_path / "contacts"
    shutil.copytree(ROOTS / "test-contacts", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    data = srcdir / "_data" / "contacts.yaml"
    data.write_text(data.read_text().replace('"0800 1111"', '"0800 11"'))
    with pytest.raises(ContactDataError, match=r"_data/contacts.yaml:10: entry 'childline'"):
        SphinxTestApp("html", srcdir=srcdir)
