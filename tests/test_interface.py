"""The interface in the build's language: furo's and the handbook's words, dates, the switcher.

The extraction (handbook/translation/interface.py) must find every message; the Welsh
catalogue must translate each one; the Welsh editions must show them, with Welsh dates; the
English editions keep their words.
"""

# Welsh is written with the typographic apostrophe, as the catalogue writes it.

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from conftest import Build, build_day, pdf_texts
from sphinx.testing.util import SphinxTestApp

from handbook.translation import interface

ROOT = Path(__file__).resolve().parent.parent
WELSH_CATALOGUE = ROOT / "locales" / "cy" / "LC_MESSAGES" / "sphinx.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\w*\}")
WELSH_MONTHS = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf",
    "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
)  # fmt: skip
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


# --- the extraction -----------------------------------------------------------------------


def test_extraction_finds_furo_the_templates_and_the_code() -> None:
    catalog = interface.catalogue()
    where = {
        message.id if isinstance(message.id, str) else message.id[0]: {
            name for name, _ in message.locations
        }
        for message in catalog
        if message.id
    }
    # furo's templates, and the sphinx-basic-ng template furo's "view this page" extends
    assert "furo/page.html" in where["On this page"]
    assert "furo/page.html" in where["Back to top"]
    assert "basic-ng/components/view-this-page.html" in where["View sources"]
    # the handbook's templates: the site's, the ePub's title page, the PDF's layout
    assert "_templates/page.html" in where["Exit this page"]
    assert "_templates/sidebar/downloads.html" in where["Download the handbook"]
    assert "handbook/editions/pdf/theme/handbook-pdf/layout.html" in where["Contents"]
    assert (
        "handbook/editions/epub/theme/handbook-epub/epub-titlepage.html"
        in where["Published by %(publisher)s"]
    )
    # the handbook's Python: _() and the messages Sphinx leaves untranslated (N_)
    assert (
        "handbook/writing/review/pages.py"
        in where[
            "Last reviewed %(last_reviewed)s · next review due %(review_due)s · owner: %(owner)s"
        ]
    )
    assert "handbook/writing/tbc.py" in where["to be confirmed"]
    assert "handbook/translation/interface.py" in where["Link to this heading"]
    assert catalog.get(" and ", context="before a vowel") is not None
    # the console stays English: logger messages are not the reader's
    assert not any("review overdue" in message for message in where)
    assert not any("is not a valid date" in message for message in where)


def test_the_template_is_deterministic_with_no_line_numbers(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pot", tmp_path / "b.pot"
    assert interface.main([str(first)]) == 0
    interface.write(second)
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")
    assert "#: furo/page.html" in text
    assert not re.search(r"^#: \S+:\d+", text, re.M), "line numbers churn the catalogue"
    assert "site-packages" not in text


def test_the_welsh_catalogue_translates_every_interface_message() -> None:
    with WELSH_CATALOGUE.open("rb") as po:
        welsh = read_po(po)
    problems = []
    for message in interface.catalogue():
        if not message.id:
            continue
        found = welsh.get(message.id, context=message.context)
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if found is None or not found.string or not all(found.string) or found.fuzzy:
            problems.append(f"not translated: {msgid!r}")
            continue
        if isinstance(found.string, str):
            if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(found.string)):
                problems.append(f"placeholders differ: {msgid!r} -> {found.string!r}")
            continue
        # plural forms: a form may leave the number out ("un dudalen"), never add a name
        allowed = set(PLACEHOLDER.findall(" ".join(message.id)))
        for form in found.string:
            if not set(PLACEHOLDER.findall(form)) <= allowed:
                problems.append(f"placeholders differ: {msgid!r} -> {form!r}")
    assert not problems, "\n".join(problems)


# --- a small Welsh handbook (sphinx.testing) -----------------------------------------------


def chrome(page: BeautifulSoup) -> BeautifulSoup:
    """The page without its article, scripts and styles: what the theme says around it."""
    for element in page.select("article, script, style"):
        element.decompose()
    return page


@pytest.mark.sphinx("html", testroot="interface")
def test_a_welsh_page_speaks_welsh(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    links = [a.get_text(" ", strip=True) for a in page.select("a[href]")[:4]]
    assert links == [
        "Neidio i’r prif gynnwys",
        "Gadael y dudalen hon",
        "Argyfwng: Gadael y dudalen hon",
        "Sut mae gadael yn gyflym yn gweithio",
    ]
    exit_box = page.select_one("#handbook-exit")
    assert isinstance(exit_box, Tag)
    assert exit_box["data-i18n-press-two-more"] == "Shift, pwyswch ddwywaith eto i adael."
    report = page.select_one(".handbook-report-problem a")
    assert report is not None
    assert report.get_text() == "Rhoi gwybod am broblem gyda’r dudalen hon"
    review = page.select_one(".handbook-review")
    assert review is not None
    assert review.get_text() == (
        "Gwiriwyd y gyfraith a’r canllawiau 4 Rhagfyr 2026 · "
        "Adolygwyd ddiwethaf 23 Tachwedd 2026 · yr adolygiad nesaf erbyn Mai 2027 "
        "· perchennog: Test editors"
    )
    overdue = page.select_one(".handbook-review-overdue")
    assert overdue is not None and "23 Mai 2027" in overdue.get_text()
    assert "Mater allweddol" in page.select_one(".key-issue").get_text()  # type: ignore[union-attr]
    assert "[i’w gadarnhau: rhif y llinell gymorth]" in page.get_text()
    names = {el.get_text(strip=True) for el in page.select("svg symbol title")}
    assert names >= {"Cynnwys", "Dewislen", "Modd golau", "Modd tywyll"}
    labels = {el["aria-label"] for el in page.select("[aria-label]")}
    assert not labels & {
        "Toggle site navigation sidebar",
        "Toggle table of contents sidebar",
        "Toggle Light / Dark / Auto color theme",
    }
    footer = page.select_one(".bottom-of-page")
    assert footer is not None and "Made with" not in footer.get_text()


@pytest.mark.sphinx("html", testroot="interface")
def test_the_switcher_links_the_other_languages(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    nav = page.select_one("nav.handbook-languages")
    assert nav is not None and nav["aria-label"] == "Iaith"
    links = nav.select("a")
    assert [(a.get_text(), a["href"], a["lang"], a["hreflang"]) for a in links] == [
        ("English", "../index.html", "en-GB", "en-GB")
    ], "each other language once, named in itself; never the current one"
    # outside the article, before it: reached on a phone without opening a menu
    assert nav.find_parent("article") is None
    assert nav.find_next("article") is not None
    # after the quick exit in the tab order
    focusable = page.select("a[href]")
    exit_link = page.select_one(".handbook-exit__help")
    assert focusable.index(exit_link) < focusable.index(links[0])  # type: ignore[arg-type]


@pytest.mark.sphinx(
    "html", testroot="interface", confoverrides={"html_context": {"handbook_language_links": []}}
)
def test_no_switcher_without_other_languages(app: SphinxTestApp) -> None:
    app.build()
    assert "handbook-languages" not in (app.outdir / "index.html").read_text()


@pytest.mark.sphinx("html", testroot="interface", confoverrides={"language": "en"})
def test_the_same_page_in_english_keeps_its_words(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    text = page.get_text(" ", strip=True)
    for words in (
        "Skip to content",
        "Emergency: Exit this page",
        "How quick exit works",
        "Report a problem with this page",
        "Last reviewed 23 November 2026 · next review due May 2027 · owner: Test editors",
        "Key issue",
    ):
        assert words in text
    assert "[to be confirmed: rhif y llinell gymorth]" in page.get_text()
    exit_box = page.select_one("#handbook-exit")
    assert isinstance(exit_box, Tag)
    assert exit_box["data-i18n-press-one-more"] == "Shift, press 1 more time to exit."


# --- the real Welsh editions --------------------------------------------------------------


def chrome_strings(path: Path) -> set[str]:
    """What the theme says around a page: text and accessible names outside <article>,
    less what comes from the pages and settings (titles, the navigation's entries)."""
    page = chrome(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
    for element in page.select(
        ".sidebar-tree, .toc-tree, .related-pages .title, .sidebar-brand, .mobile-header .brand,"
        " .copyright, .sidebar-downloads li, .handbook-languages, head"
    ):
        element.decompose()
    found = {text for text in page.stripped_strings}
    for element in page.find_all(True):
        for attribute in ("aria-label", "title", "placeholder"):
            if element.get(attribute):
                found.add(str(element[attribute]))
        for name, value in element.attrs.items():
            if name.startswith("data-i18n") or name == "data-handbook-button-label":
                found.add(str(value))
    return found


#: names that are the same in both languages
SAME_IN_BOTH = {"Sphinx", "Furo", "@pradyunsg", ",", "¶", "#"}


def test_no_interface_word_is_left_in_english_on_a_welsh_page(
    handbook_build: Build, welsh_build: Build
) -> None:
    for name in ("index.html", "about.html", "references.html"):
        english = chrome_strings(handbook_build.html / name)
        welsh = chrome_strings(welsh_build.html / name)
        assert "Exit this page" in english and "Gadael y dudalen hon" in welsh
        left = (english & welsh) - SAME_IN_BOTH
        assert not left, f"{name}: still in English on the Welsh page: {sorted(left)}"


def test_the_welsh_site_says_its_own_words_and_dates(welsh_build: Build) -> None:
    page = BeautifulSoup((welsh_build.html / "index.html").read_text(), "html.parser")
    exit_button = page.select_one(".handbook-exit__button")
    assert exit_button is not None
    assert exit_button.get_text(" ", strip=True) == "Argyfwng: Gadael y dudalen hon"
    downloads = page.select_one(".sidebar-downloads-title")
    assert downloads is not None and downloads.get_text() == "Lawrlwytho’r llawlyfr"
    report = page.select_one(".handbook-report-problem a")
    assert report is not None and report.get_text() == "Rhoi gwybod am broblem gyda’r dudalen hon"
    review = page.select_one(".handbook-review")
    assert review is not None
    line = review.get_text()
    assert line.startswith("Gwiriwyd y gyfraith a’r canllawiau ")
    assert " · Adolygwyd ddiwethaf " in line and " · perchennog: " in line
    assert any(month in line for month in WELSH_MONTHS)
    assert not any(month in line for month in ENGLISH_MONTHS)
    references = (welsh_build.html / "references.html").read_text(encoding="utf-8")
    checked = re.findall(r"gwiriwyd (\d{1,2} (\w+) \d{4})", references)
    assert checked and all(month in WELSH_MONTHS for _, month in checked)
    assert "(checked " not in references


def test_the_english_site_keeps_english_dates(handbook_build: Build) -> None:
    references = (handbook_build.html / "references.html").read_text(encoding="utf-8")
    checked = re.findall(r"\(checked \d{1,2} (\w+) \d{4}\)", references)
    assert checked and all(month in ENGLISH_MONTHS for month in checked)
    page = BeautifulSoup((handbook_build.html / "index.html").read_text(), "html.parser")
    review = page.select_one(".handbook-review")
    assert review is not None
    assert re.fullmatch(
        r"Law and guidance checked \d{1,2} [A-Z][a-z]+ \d{4} · "
        r"Last reviewed \d{1,2} [A-Z][a-z]+ \d{4} · next review due [A-Z][a-z]+ \d{4} · owner: .+",
        review.get_text(),
    )


def pdf_pages(path: Path) -> list[str]:
    return [text or "" for text in pdf_texts(path)]


def test_the_welsh_pdf_margins_and_title_page_are_welsh(welsh_build: Build) -> None:
    pages = pdf_pages(welsh_build.pdf)
    title = pages[0]
    assert "Cyhoeddwyd gan " in title
    assert re.search(rf"Fersiwn [\d.]+, {build_day('cy')}", title), title
    assert "Published by" not in title and "Version" not in title
    assert "Cynnwys" in pages[1] and "Contents" not in pages[1]
    body = pages[3]
    assert f"Tudalen 4 o {len(pages)}" in body, body
    assert "Llawlyfr ymarfer CRhB" in body
    assert not any("Page " in text or "CSE practice handbook" in text for text in pages)


def test_the_english_pdf_keeps_its_margins(handbook_build: Build) -> None:
    pages = pdf_pages(handbook_build.pdf)
    assert "Published by " in pages[0] and build_day("en") in pages[0]
    assert "Contents" in pages[1]
    assert f"Page 4 of {len(pages)}" in pages[3] and "CSE practice handbook" in pages[3]


def test_the_welsh_epub_title_page_and_navigation_are_welsh(welsh_build: Build) -> None:
    with zipfile.ZipFile(welsh_build.epub) as book:
        title = BeautifulSoup(book.read("titlepage.xhtml").decode(), "html.parser")
        nav = BeautifulSoup(book.read("nav.xhtml").decode(), "html.parser")
        package = book.read("content.opf").decode()
    section = title.select_one("section.title-page")
    assert section is not None and section["aria-label"] == "Wynebddalen"
    text = section.get_text(" ", strip=True)
    assert "Cyhoeddwyd gan " in text and build_day("cy") in text and "Fersiwn " in text
    heading = nav.select_one("#toc-title")
    assert heading is not None and heading.get_text() == "Cynnwys"
    assert nav.select("nav a")[0].get_text() == "Wynebddalen"
    assert "Testun yw’r holl gynnwys" in package


def test_the_english_epub_keeps_its_words(handbook_build: Build) -> None:
    with zipfile.ZipFile(handbook_build.epub) as book:
        title = book.read("titlepage.xhtml").decode()
        nav = BeautifulSoup(book.read("nav.xhtml").decode(), "html.parser")
    assert 'aria-label="Title page"' in title and "Published by " in title
    heading = nav.select_one("#toc-title")
    assert heading is not None and heading.get_text() == "Table of Contents"
    assert nav.select("nav a")[0].get_text() == "Title page"
