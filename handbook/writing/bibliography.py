"""One checked bibliography: every new fact cites an entry, and every entry is complete.

Safeguarding guidance is only as good as its sources, so a reader must be able to find
each one: who published it, its title, its date, the publisher's own address and when that
address was checked. sphinxcontrib-bibtex gives the citations (``{cite:p}`key```) and the
References page (``{bibliography}``); this extension adds what it does not check. Each of
these is a warning (an error under ``-W``) naming the ``.bib`` file and the entry's line:

- a malformed entry (a pybtex syntax error);
- an entry with no ``title``; no date (``year``, optional ``month``, or ``date``; ``year =
  {n.d.}`` says that the source gives none, and reads "no date given"); neither
  ``author`` nor ``organization``/``publisher``/``institution``;
- no ``url`` (the publisher's address; ``url = {tbc}`` where it is not known), or a ``url``
  with no ``urldate`` (the ISO date it was checked);
- an entry that no page cites (nor lists by key in a ``{bibliography}``).

A citation to a key that is not in the file is sphinxcontrib-bibtex's own warning, at the
citing page and line. An entry whose address is ``tbc`` renders "web address to be
confirmed" and joins the handbook's list of what is still to be confirmed
(:mod:`handbook.writing.tbc`). Entries render with the ``handbook`` pybtex style: creator, date,
title, address and "checked <date>", in every edition and in the build's language (words
from the interface catalogue, dates from :mod:`handbook.translation.dates`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final

import pybtex.errors
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser
from pybtex.markup import LaTeXParser
from pybtex.plugin import find_plugin, register_plugin
from pybtex.richtext import BaseText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.locale import _, get_translator
from sphinx.util import logging

from handbook.translation import dates
from handbook.writing import fingerprint

__version__: Final = "1.0.0"

#: pybtex's plain-text backend, made once: ``render_as("text")`` looks the plugin up among
#: the installed packages' entry points on every call (most of the bibliography's time)
PLAIN_TEXT = PlainTextBackend()
logger = logging.getLogger(__name__)

STYLE_NAME: Final = "handbook"
#: The pybtex plugins a build asks for. pybtex finds a plugin by scanning every installed
#: package's entry points, on every request: sphinxcontrib-bibtex asks for the plain-text
#: backend once per citation, which cost about 3 s of each edition's build. Registered once
#: at set-up, each request is a dictionary lookup (pybtex checks registered plugins first).
PYBTEX_PLUGINS: Final = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "last"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.labels", "number"),
    ("pybtex.style.sorting", "none"),
)
TBC: Final = "tbc"
#: ``year = {n.d.}``: the source shows no date (said, not forgotten)
NO_DATE: Final = "n.d."
#: how the handbook's to-be-confirmed list tells these items from ``{tbc}`` markers
TBC_ORIGIN: Final = "bibliography"
CREATOR_FIELDS: Final = ("organization", "publisher", "institution")
ENTRY_START: Final = re.compile(r"^[ \t]*@\s*(\w+)\s*[{(]\s*([^,\s{}()]+)\s*,", re.M)
ISO_DATE: Final = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS: Final = {
    **{name.casefold(): n for n, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name},
    **{str(n): n for n in range(1, 13)},
    **{f"{n:02d}": n for n in range(1, 13)},
}


def _warn(message: str, location: str) -> None:
    logger.warning(message, location=location, type="handbook", subtype="bibliography")


# -- reading the entries --------------------------------------------------------------


def bib_paths(app: Sphinx) -> list[Path]:
    """The ``.bib`` files as sphinxcontrib-bibtex finds them (relative to ``conf.py``)."""
    files: list[str] = app.config.bibtex_bibfiles or []
    return [(Path(app.confdir) / name).resolve() for name in files]


def use_source_files(app: Sphinx, config: Config) -> None:
    """``handbook_bibliography_files`` are relative to the source folder, like the
    handbook's other data files, so a copy of the source (a preview, the bad-input tests)
    reads its own bibliography; they become sphinxcontrib-bibtex's ``bibtex_bibfiles``."""
    files: list[str] | None = config.handbook_bibliography_files
    if files is not None:
        config.bibtex_bibfiles = [str((Path(app.srcdir) / name).resolve()) for name in files]


def entry_lines(text: str) -> dict[str, int]:
    """The line (1-based) where each entry starts, by key: pybtex keeps no lines."""
    return {
        match.group(2): text.count("\n", 0, match.start()) + 1
        for match in ENTRY_START.finditer(text)
        if match.group(1).casefold() not in {"comment", "preamble", "string"}
    }


def bibliography_keys(paths: list[Path]) -> set[str]:
    """The keys of the ``.bib`` files: what a data file's ``source`` must be one of."""
    keys: set[str] = set()
    for path in paths:
        keys |= set(entry_lines(path.read_text(encoding="utf-8")))
    return keys


def entry_at(lines: dict[str, int], line: int | None) -> str | None:
    """The key of the entry that a line of the file belongs to."""
    if line is None:
        return None
    before = [(start, key) for key, start in lines.items() if start <= line]
    return max(before)[1] if before else None


def field(entry: Entry, name: str) -> str:
    return " ".join(str(entry.fields.get(name, "")).split())


def is_unconfirmed(entry: Entry) -> bool:
    return field(entry, "url").casefold() == TBC


def parse_iso(value: str) -> tuple[int, int | None, int | None] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as numbers, or None if not a real date."""
    found = ISO_DATE.match(value)
    if not found:
        return None
    year, month, day = (int(part) if part else None for part in found.groups())
    assert year is not None
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


def published(entry: Entry) -> tuple[int, int | None, int | None] | None:
    """The entry's date from ``date``, or ``year`` and ``month``; None if missing or bad."""
    if field(entry, "date"):
        return parse_iso(field(entry, "date"))
    year = field(entry, "year")
    if not re.fullmatch(r"\d{4}", year):
        return None
    month_text = field(entry, "month").casefold().rstrip(".")
    if month_text and month_text not in MONTHS:
        return None
    return int(year), MONTHS.get(month_text) if month_text else None, None


def is_undated(entry: Entry) -> bool:
    return not field(entry, "date") and field(entry, "year").casefold() == NO_DATE


def entry_problems(entry: Entry) -> Iterator[str]:
    """What the handbook's convention (docs/content-model.md) finds missing or wrong."""
    key = entry.key
    if not field(entry, "title"):
        yield f"bibliography entry {key!r} has no title"
    if is_undated(entry):
        pass
    elif not (field(entry, "date") or field(entry, "year")):
        yield f"bibliography entry {key!r} has no date: give year (and month) or date"
    elif published(entry) is None:
        when = field(entry, "date") or f"{field(entry, 'year')} {field(entry, 'month')}".strip()
        yield (
            f"bibliography entry {key!r} has a date that is not understood ({when!r}): "
            "year = {YYYY} with month = {February}, date = {YYYY-MM-DD}, "
            "or year = {n.d.} where the source gives none"
        )
    if not entry.persons.get("author") and not any(field(entry, f) for f in CREATOR_FIELDS):
        yield (f"bibliography entry {key!r} has neither an author nor an organization or publisher")
    url = field(entry, "url")
    if not url:
        yield (
            f"bibliography entry {key!r} has no url: give the publisher's own address, "
            "or url = {tbc} where it is not known"
        )
    elif url.casefold() != TBC:
        checked = field(entry, "urldate")
        if not checked:
            yield (
                f"bibliography entry {key!r} has a url but no urldate "
                "(the date the address was checked, YYYY-MM-DD)"
            )
        elif not re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked) or parse_iso(checked) is None:
            yield f"bibliography entry {key!r} has a urldate that is not YYYY-MM-DD: {checked!r}"


def check_bibfiles(app: Sphinx) -> None:
    """Check every entry of every ``.bib`` file, before sphinxcontrib-bibtex reads them.

    Files that passed the check unchanged (the same bytes) at the last build are not
    parsed again: a one-page rebuild would pay 0.1-0.3 s for it. Files with a fault are
    checked again each build, so the fault is reported until it is mended.
    """
    paths = bib_paths(app)
    key = (fingerprint(paths), str(app.config.bibtex_encoding))
    if getattr(app.env, "handbook_bibfiles_checked", None) != key:
        if _check_bibfiles(app, paths) == 0:
            app.env.handbook_bibfiles_checked = key  # type: ignore[attr-defined]
        else:
            app.env.handbook_bibfiles_checked = None  # type: ignore[attr-defined]
    # The same faults would stop sphinxcontrib-bibtex's own reading of the files with an
    # exception; they are reported above, so its reading skips them (until read_done).
    pybtex.errors.captured_errors = []


def _check_bibfiles(app: Sphinx, paths: list[Path]) -> int:
    """Report every fault of the files; return how many."""
    faults = 0
    for path in paths:
        if not path.is_file():
            continue  # sphinxcontrib-bibtex says so
        lines = entry_lines(path.read_text(encoding="utf-8-sig"))
        parser = Parser(app.config.bibtex_encoding)
        with pybtex.errors.capture() as errors:
            parser.parse_file(str(path))
        malformed: set[str] = set()
        for error in errors:
            line: int | None = getattr(error, "lineno", None)
            key = entry_at(lines, line)
            faults += 1
            if line is None or key is None:
                _warn(f"malformed bibliography file: {error}", f"{path}:{line or 1}")
                continue
            malformed.add(key)
            _warn(
                f"malformed bibliography entry {key!r} (starts at line {lines[key]}): {error}",
                f"{path}:{lines[key]}",
            )
        for key, entry in parser.data.entries.items():
            if key in malformed:
                continue  # its fields are whatever the parser made of the fault
            for problem in entry_problems(entry):
                faults += 1
                _warn(problem, f"{path}:{lines.get(key, 1)}")
    return faults


def reading_done(app: Sphinx) -> None:
    pybtex.errors.captured_errors = None


# -- what the pages cite ----------------------------------------------------------------


def check_cited(app: Sphinx, env: BuildEnvironment) -> None:
    """An entry that nothing cites is an error: the bibliography lists sources, not reading."""
    domain: Any = env.get_domain("cite")
    cited = {target.key for ref in domain.citation_refs for target in ref.targets}
    cited |= {key for bib in domain.bibliographies.values() for key in bib.keys}
    for path, bibfile in domain.bibdata.bibfiles.items():
        uncited = [key for key in bibfile.keys if key not in cited]
        if not uncited:
            continue
        lines = entry_lines(Path(path).read_text(encoding="utf-8-sig"))
        for key in uncited:
            _warn(
                f"bibliography entry {key!r} is not cited by any page: cite it "
                f"({{cite:p}}`{key}`) or remove it",
                f"{path}:{lines.get(key, 1)}",
            )


def list_unconfirmed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Add each entry whose address is ``tbc`` to the handbook's to-be-confirmed list."""
    items: list[dict[str, Any]] = env.domaindata.setdefault("tbc", {}).setdefault("items", [])
    items[:] = [item for item in items if item.get("origin") != TBC_ORIGIN]
    domain: Any = env.get_domain("cite")
    for citation in domain.citations:
        if not is_unconfirmed(citation.entry):
            continue
        bibliography = domain.bibliographies[citation.bibliography_key]
        title = latex_text(field(citation.entry, "title")).render(PLAIN_TEXT)
        items.append(
            {
                "docname": citation.bibliography_key.docname,
                "lineno": bibliography.line,
                "note": _("web address of “%(title)s”") % {"title": title},
                "id": citation.citation_id,
                "origin": TBC_ORIGIN,
            }
        )
    return []


# -- how an entry reads -------------------------------------------------------------------


#: what latexcodec decodes in the handbook's entries besides plain text: ``\\&`` (and the
#: other escaped specials it turns into the character) and dashes (``--``, ``---``)
_ESCAPED: Final = re.compile(r"\\([&%#_])")
#: text with nothing else for the codec: no other control sequence, comment, maths or
#: tie, none of the quotes and inverted marks (``''``, ``,,``, a backquote); braces are
#: the parser's, not the codec's
_SIMPLE_LATEX: Final = re.compile(r"(?!.*(?:''|,,))[^\\$%~`]*\Z", re.S)


def _decoded(text: str) -> str | None:
    """What latexcodec makes of simple text (None: not simple; ask the codec)."""
    if not _SIMPLE_LATEX.match(_ESCAPED.sub("", text)):
        return None
    return _ESCAPED.sub(r"\1", text).replace("---", "\u2014").replace("--", "\u2013")


def latex_text(value: str) -> Text:
    """A field as rich text, as ``Text.from_latex`` makes it. The codec (latexcodec) is
    skipped for simple text: importing it and decoding with it cost 0.1-0.3 s, on every
    build (the bibliography is formatted again whenever a page is read)."""
    text = " ".join(value.split())
    decoded = _decoded(text)
    if decoded is not None:
        return LaTeXParser(decoded).parse()
    return Text.from_latex(text)


def creator(entry: Entry) -> BaseText | None:
    """The authors' names, or else the organisation or publisher."""
    people = entry.persons.get("author", [])
    if people:
        names = [
            latex_text(
                " ".join(
                    person.bibtex_first_names
                    + person.prelast_names
                    + person.last_names
                    + person.lineage_names
                )
            )
            for person in people
        ]
        joined: list[BaseText | str] = []
        for number, name in enumerate(names):
            if number:
                joined.append(
                    and_word(name.render(PLAIN_TEXT)) if number == len(names) - 1 else ", "
                )
            joined.append(name)
        return Text(*joined)
    for name in CREATOR_FIELDS:
        if field(entry, name):
            return latex_text(field(entry, name))
    return None


#: Welsh writes "ac" rather than "a" (and) before a vowel
VOWELS: Final = frozenset("aeiouâêîôûáéíóúàèìòù")


def and_word(following: str) -> str:
    """ " and " before the last name of a list, in the build's language."""
    if following[:1].casefold() in VOWELS:
        # Translators: "and" before a word that starts with a vowel (Welsh: "ac")
        return get_translator().pgettext("before a vowel", " and ")
    return _(" and ")


def spoken_date(parts: tuple[int, int | None, int | None], language: str | None = None) -> str:
    """2017-02-14 as "14 February 2017", as GOV.UK writes dates, in the build's language."""
    year, month, day = parts
    if month is None:
        return str(year)
    when = dt.date(year, month, day or 1)
    return dates.long_date(when, language) if day else dates.month_year(when, language)


class HandbookStyle(BaseStyle):  # type: ignore[misc]
    """Creator (date). *Title*. Publisher. Note. Address (checked date).

    One shape for every kind of entry: readers of guidance need to find the document, not
    tell a report from a web page.
    """

    default_label_style = "number"
    default_sorting_style = "none"
    #: the build's language, for dates (set when the configuration is read)
    language: str | None = None
    #: entries already formatted, by :func:`entry_digest` (kept in the environment)
    formatted: dict[str, FormattedEntry] = {}  # noqa: RUF012
    #: the digests asked for since the builder started (the others are dropped)
    asked: set[str] = set()  # noqa: RUF012
    #: :func:`formatting_context` of the build, the first part of each digest
    context: str = ""

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        """The entry, formatted again only when it, its label or what formatting depends
        on changed (:func:`formatting_context`): sphinxcontrib-bibtex formats every
        entry twice (list and tooltip) whenever a page is read, about 0.04 s a build."""
        digest = HandbookStyle.context + entry_digest(label, entry)
        HandbookStyle.asked.add(digest)
        found = HandbookStyle.formatted.get(digest)
        if found is None:
            found = HandbookStyle.formatted[digest] = self.format_new_entry(label, entry)
        return found

    def format_new_entry(self, label: str, entry: Entry) -> FormattedEntry:
        parts: list[BaseText | str] = []
        who = creator(entry)
        parsed = published(entry)
        when = (
            _("no date given")
            if is_undated(entry)
            else parsed and spoken_date(parsed, self.language)
        )
        if who is not None:
            parts.append(who)
        if when:
            parts.append(f" ({when})" if who is not None else when)
        if parts:
            parts.append(". ")
        parts += [Tag("em", latex_text(field(entry, "title"))), ". "]
        publisher = field(entry, "publisher") or field(entry, "organization")
        named = who.render(PLAIN_TEXT) if who is not None else ""
        if publisher and latex_text(publisher).render(PLAIN_TEXT) != named:
            parts += [latex_text(publisher), ". "]  # an organisation is named once
        if field(entry, "note"):
            parts += [latex_text(field(entry, "note")), ". "]
        url = field(entry, "url")
        if not url or is_unconfirmed(entry):
            parts.append(Text(_("Web address to be confirmed"), "."))
        else:
            parts.append(HRef(url, url))
            checked = parse_iso(field(entry, "urldate"))
            parts.append(
                " (%s)." % (_("checked %(date)s") % {"date": spoken_date(checked, self.language)})
                if checked
                else "."
            )
        return FormattedEntry(entry.key, Text(*parts), label)


def use_build_language(app: Sphinx, config: Config) -> None:
    """The style's dates follow the build's language (``-D language=cy``)."""
    HandbookStyle.language = config.language


def entry_digest(label: str, entry: Entry) -> str:
    """A digest of everything :meth:`HandbookStyle.format_entry` reads of an entry."""
    parts = [label, entry.key, entry.type]
    parts += [f"{name}\x01{value}" for name, value in entry.fields.items()]
    for role, people in entry.persons.items():
        for person in people:
            names = (
                person.first_names,
                person.middle_names,
                person.prelast_names,
                person.last_names,
                person.lineage_names,
            )
            parts.append(role + "\x01" + "\x02".join("\x03".join(n) for n in names))
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def formatting_context(language: str | None) -> str:
    """What a formatted entry depends on besides the entry: the language, the words the
    style takes from the catalogues, Babel's month names and the formatting code."""
    import babel

    words = (
        _("no date given"),
        _("Web address to be confirmed"),
        _("checked %(date)s"),
        _(" and "),
        get_translator().pgettext("before a vowel", " and "),
    )
    digest = hashlib.sha256(fingerprint([Path(__file__), Path(dates.__file__)]).encode())
    digest.update("\x00".join([str(language), babel.__version__, *words]).encode())
    return digest.hexdigest()


def keep_formatted(app: Sphinx) -> None:
    """The entries formatted by the last build, if formatting them would give the same."""
    env: Any = app.env
    formatted = getattr(env, "handbook_bib_formatted", None)
    if formatted is None:
        formatted = env.handbook_bib_formatted = {}
    HandbookStyle.formatted = formatted
    HandbookStyle.asked = set()
    HandbookStyle.context = formatting_context(app.config.language)


def drop_unasked(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Keep only the entries this build formatted (before the environment is saved)."""
    formatted: dict[str, FormattedEntry] = getattr(env, "handbook_bib_formatted", {})
    for digest in set(formatted) - HandbookStyle.asked:
        del formatted[digest]
    return []


def scan_entry_points_once() -> None:
    """pybtex finds a plugin by scanning every installed package's entry points, at each
    request: its own look-ups, sphinxcontrib-bibtex's (some when it is imported, its
    referencing styles when the builder starts) and the registrations below each scanned
    them again, about 50 ms of every build. The
    installed packages do not change during a build: one scan is made, and pybtex's
    look-ups select from it (the same entry points, in the same order)."""
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    if getattr(pybtex.plugin.entry_points, "handbook_scanned_once", False):
        return
    every = importlib.metadata.entry_points()

    def entry_points(**params: Any) -> Any:
        return every.select(**params)

    entry_points.handbook_scanned_once = True  # type: ignore[attr-defined]
    pybtex.plugin.entry_points = entry_points
    # sphinxcontrib-bibtex's own plugins (its referencing styles) are found the same way
    sphinxcontrib.bibtex.plugin.entry_points = entry_points  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    scan_entry_points_once()  # before sphinxcontrib-bibtex's modules look plugins up
    app.setup_extension("handbook.translation.dates")
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("config-inited", use_build_language)
    app.add_config_value("handbook_bibliography_files", None, "env", (list, type(None)))
    app.connect("config-inited", use_source_files)
    register_plugin("pybtex.style.formatting", STYLE_NAME, HandbookStyle, force=True)
    for group, name in PYBTEX_PLUGINS:
        register_plugin(group, name, find_plugin(group, name), force=True)
    # before sphinxcontrib-bibtex reads the files (priority 500), and after
    app.connect("builder-inited", check_bibfiles, priority=400)
    app.connect("builder-inited", reading_done, priority=600)
    app.connect("builder-inited", keep_formatted)
    app.connect("env-updated", list_unconfirmed, priority=600)
    # after sphinxcontrib-bibtex has formatted every citation (priority 500)
    app.connect("env-updated", drop_unasked, priority=700)
    app.connect("env-check-consistency", check_cited)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
