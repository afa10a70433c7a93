"""Every word a reader sees in a page's content can be translated.

A page is translated through its catalogue (``locales/<language>/LC_MESSAGES/<page>.po``),
which Sphinx's gettext builder fills from the page's doctree. Content the builder does not
see (text held in a node's attributes, nodes without a source line, copies made after
reading, a diagram's DOT code) stays English in every translation, and nobody notices. This
builds the real handbook's catalogues and its English site, and checks that each word of
each page's ``<article>`` (and of its diagrams' SVG) is in one of:

- the page's own messages;
- for the text of a link to another page or section, a title from that page: every page's
  messages (the target page's catalogue translates it);
- the interface messages: ``_()`` and ``N_()`` in the handbook's code, translated in
  ``sphinx.po``;
- the contact data file, whose text the Welsh fields (``service_cy``...) translate and whose
  sources stay as written;
- the names of the months: dates are written by Babel in the build's language;
- on the "Still to be confirmed" page, whose list quotes the notes of every page: every
  page's messages, titles of sources in “quotes” left out (cited as published).

What the handbook deliberately keeps in English, or what is not words, is left out:
:data:`KEPT_AS_IT_IS`. Text that other features write and that no catalogue holds yet is
listed in :data:`INTERFACE_NOT_YET_IN_A_CATALOGUE`, so the gap is visible here; remove an
entry once its feature uses ``sphinx.locale._``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from conftest import SOURCE, Build, built_once, is_generated, shared_folder, sphinx_build

#: elements of a page's content that keep their text in every edition, or have no words
KEPT_AS_IT_IS: dict[str, str] = {
    ".headerlink": "the permalink sign",
    ".citation": "bibliography entries: sources are cited as their publishers wrote them",
    ".handbook-phone": "phone numbers, from the one data file",
    ".handbook-review-owner": "the page owner's name, from each page's front matter: a name",
    ".handbook-print-provenance-code": "a printed page's address: a web address or file name",
    ".handbook-wording-rules": "the language list on Check my wording: English phrases to find "
    "in English notes, with their reasons and alternatives, from one data file; the Welsh "
    "page says so and marks the list as English",
}
#: interface text other features write without ``sphinx.locale._`` (no catalogue has it):
#: none now; a feature that adds reader-visible text outside a catalogue is listed here
INTERFACE_NOT_YET_IN_A_CATALOGUE: dict[str, str] = {}
#: web addresses shown as link text are not words to translate
#: lists that quote other pages: their text is translated by those pages' catalogues (the
#: to-be-confirmed list, and the amendment lines listed on "What has changed")
QUOTES_OTHER_PAGES = (".tbc-list", ".handbook-amendments")
#: a source's title quoted in such a list
QUOTED_TITLE = re.compile("\N{LEFT DOUBLE QUOTATION MARK}[^\N{RIGHT DOUBLE QUOTATION MARK}]*")
ADDRESS = re.compile(r"(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def words(text: str) -> set[str]:
    """Lower-case words, apostrophes straightened (smart quotes curl them on the page)."""
    text = ADDRESS.sub(" ", text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'"))
    text = text.replace("\N{LEFT SINGLE QUOTATION MARK}", "'")
    return {word.lower() for word in WORD.findall(text)}


def catalogue_words(pot: Path) -> set[str]:
    if not pot.exists():
        return set()
    with pot.open("rb") as file:
        return set().union(*(words(str(m.id)) for m in read_po(file) if m.id))


def interface_words() -> set[str]:
    """Words of the interface catalogue's messages: furo's and the handbook's templates and
    code, as ``make gettext`` extracts them (handbook.translation.interface), and the
    languages' own names, which the switcher and the status page show as they are."""
    from handbook.translation.interface import catalogue

    found: set[str] = set()
    for message in catalogue():
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            found |= words(str(text))
    for language in ("English", "Cymraeg"):
        found |= words(language)
    return found


def data_words() -> set[str]:
    """Words of the contact data file's text (translated by its Welsh fields, or kept):
    the contacts, and the areas' names and web addresses."""
    data = yaml.safe_load((SOURCE / "_data" / "contacts.yaml").read_text(encoding="utf-8"))
    areas = data.get("areas") or []
    return set().union(
        *(
            words(value)
            for entry in data["contacts"]
            for value in entry.values()
            if isinstance(value, str)
        ),
        *(words(area.get(field) or "") for area in areas for field in ("name", "name_cy")),
        *(words(area["web"].get("url") or "") for area in areas),
    )


def _texts(article: Tag) -> Iterable[tuple[str, bool]]:
    """Each text of the article, and whether it comes from other pages (a link into the
    handbook shows its target's title; the list of notes to confirm quotes every page)."""
    for text in article.find_all(string=True):
        in_link = any(
            "internal" in (parent.get("class") or [])
            for parent in text.parents
            if parent.name == "a"
        )
        if any(text.find_parent(class_=q.lstrip(".")) is not None for q in QUOTES_OTHER_PAGES):
            yield QUOTED_TITLE.sub(" ", str(text)), True
        else:
            yield str(text), in_link


def untranslatable_words(html: Path, catalogues: Path) -> dict[str, set[str]]:
    """For each page of the English site, the words its translation could not translate."""
    pages = sorted(p for p in html.glob("*.html") if not is_generated(p))
    everywhere = set().union(*(catalogue_words(p) for p in catalogues.glob("*.pot")))
    months = {name.lower() for name in calendar.month_name if name}
    shared = interface_words() | data_words() | months
    missing: dict[str, set[str]] = {}
    for page in pages:
        own = catalogue_words(catalogues / f"{page.stem}.pot") | shared
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            "article"
        )
        assert article is not None, page
        for selector in [*KEPT_AS_IT_IS, *INTERFACE_NOT_YET_IN_A_CATALOGUE]:
            for element in article.select(selector):
                element.decompose()
        unknown: set[str] = set()
        for diagram in article.select("object.graphviz"):
            svg = ElementTree.parse(html / str(diagram["data"]))
            drawn = " ".join("".join(t.itertext()) for t in svg.iter(SVG_TEXT))
            unknown |= words(drawn) - own
        for text, in_link in _texts(article):
            unknown |= words(text) - (own | everywhere if in_link else own)
        if unknown:
            missing[page.name] = unknown
    return missing


def make_catalogues(out: Path) -> None:
    result = sphinx_build("gettext", out)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook's message catalogues (.pot), as `make gettext` makes them: made
    once a run, by whichever worker asks first (the others share them)."""
    return built_once(shared_folder(tmp_path_factory) / "gettext", make_catalogues) / "gettext"


def test_every_word_of_every_page_is_in_a_catalogue(
    handbook_build: Build, catalogues: Path
) -> None:
    missing = untranslatable_words(handbook_build.html, catalogues)
    report = "\n".join(
        f"  {page}: {len(found)} words, e.g. {', '.join(sorted(found)[:12])}"
        for page, found in sorted(missing.items())
    )
    assert not missing, (
        "these pages show words that no catalogue holds, so they stay English in every "
        f"translation:\n{report}"
    )


def test_the_check_sees_a_word_that_no_catalogue_holds(tmp_path: Path) -> None:
    """The check itself: a page whose text is not in its catalogue is reported."""
    html, pots = tmp_path / "html", tmp_path / "pots"
    html.mkdir()
    pots.mkdir()
    (html / "page.html").write_text(
        "<article><h1>Translated title</h1><p>Never extracted</p>"
        '<p><a class="reference internal" href="other.html">Other page</a></p></article>',
        encoding="utf-8",
    )
    (pots / "page.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Translated title"\nmsgstr ""\n')
    (pots / "other.pot").write_text('msgid ""\nmsgstr ""\n\nmsgid "Other page"\nmsgstr ""\n')
    assert untranslatable_words(html, pots) == {"page.html": {"never", "extracted"}}
