"""Whom to ring, area by area (handbook.writing.area_contacts, source/contacts-by-area.md)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from handbook.writing.area_contacts import (
    REGIONS_DEFAULT,
    Area,
    AreaDataError,
    bibliography_keys,
    load_areas,
)
from handbook.writing.bibliography import entry_lines

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "source" / "_data" / "contacts.yaml"
BIB = ROOT / "source" / "_data" / "references.bib"
ROOTS = Path(__file__).resolve().parent / "roots"
PAGE = "contacts-by-area.html"

#: the sixteen councils the page must list, in the data's order, with their Welsh names
EXPECTED = {
    "isle-of-anglesey": ("Isle of Anglesey", "Ynys Môn"),
    "gwynedd": ("Gwynedd", "Gwynedd"),
    "conwy": ("Conwy", "Conwy"),
    "denbighshire": ("Denbighshire", "Sir Ddinbych"),
    "flintshire": ("Flintshire", "Sir y Fflint"),
    "wrexham": ("Wrexham", "Wrecsam"),
    "bolton": ("Bolton", None),
    "bury": ("Bury", None),
    "manchester": ("Manchester", None),
    "oldham": ("Oldham", None),
    "rochdale": ("Rochdale", None),
    "salford": ("Salford", None),
    "stockport": ("Stockport", None),
    "tameside": ("Tameside", None),
    "trafford": ("Trafford", None),
    "wigan": ("Wigan", None),
}
CHECKED = {"en": "checked 4 December 2026", "cy": "gwiriwyd 4 Rhagfyr 2026"}

GOOD_AREA = """\
areas:
  - id: denbighshire
    name: Denbighshire
    name_cy: Sir Ddinbych
    nation: wales
    region: north-wales
    report:
      number: "01824 712200"
      source: council-page
      read: 2026-12-04
    out_of_hours:
      tbc: not seen
    web:
      url: https://example.org/report
      source: council-page
      read: 2026-12-04
"""


def real_areas() -> list[Area]:
    return load_areas(DATA, dict(REGIONS_DEFAULT), bibliography_keys([BIB]))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contacts.yaml"
    path.write_text("contacts: []\n" + text, encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


# --- the data ------------------------------------------------------------------------------


def test_the_data_lists_the_sixteen_councils_with_their_welsh_names() -> None:
    areas = real_areas()
    assert {a.id: (a.name, a.name_cy) for a in areas} == EXPECTED
    assert [a.region for a in areas] == ["north-wales"] * 6 + ["greater-manchester"] * 10
    assert {a.nation for a in areas if a.region == "north-wales"} == {"wales"}
    assert {a.nation for a in areas if a.region == "greater-manchester"} == {"england"}


def test_every_number_and_address_given_has_a_source_read_on_a_date() -> None:
    keys = set(entry_lines(BIB.read_text(encoding="utf-8")))
    for area in real_areas():
        for fact in (area.report, area.out_of_hours, area.web):
            if fact.value is None:
                assert fact.unconfirmed, area.id  # a tbc says why
                assert fact.source is None and fact.read is None
                continue
            assert fact.source in keys, (area.id, fact.source)
            assert fact.read is not None and fact.read.isoformat() == "2026-12-04", area.id


# --- bad input: the build stops at the file and line ----------------------------------------


@pytest.mark.parametrize(
    ("change", "at", "message"),
    [
        # a number without a source
        (
            ("      source: council-page\n", "", 1),
            'number: "01824 712200"',
            "'source' is a required",
        ),
        # a number without the date it was read
        (("      read: 2026-12-04\n", "", 1), 'number: "01824 712200"', "'read' is a required"),
        (("read: 2026-12-04", "read: 4 December 2026", 1), "read: 4 December", "does not match"),
        (("read: 2026-12-04", "read: 2026-13-04", 1), "read: 2026-13-04", "month must be"),
        (("region: north-wales", "region: scotland", 1), "region: scotland", "'scotland' is not"),
        (("nation: wales", "nation: england", 1), "nation: england", "is in 'wales', not"),
        (("nation: wales", "nation: scotland", 1), "nation: scotland", "'scotland' is not"),
        (("source: council-page", "source: no-such-key", 1), "no-such-key", "not a key of the"),
        (('number: "01824 712200"', 'number: "01824 71"', 1), "01824 71", "not a valid UK"),
        (("      tbc: not seen\n", "", 1), "out_of_hours:", "is not of type 'object'"),
        (("    name: Denbighshire\n", "", 1), "- id: denbighshire", "'name' is a required"),
    ],
)
def test_bad_area_data_fails_naming_file_line_and_area(
    tmp_path: Path, change: tuple[str, str, int], at: str, message: str
) -> None:
    old, new, count = change
    path = write(tmp_path, GOOD_AREA.replace(old, new, count))
    with pytest.raises(AreaDataError) as caught:
        load_areas(path, dict(REGIONS_DEFAULT), {"council-page"})
    text = str(caught.value)
    assert f"{path}:{line_of(path, at)}: area 'denbighshire'" in text, text
    assert message in text, text


def test_a_good_area_loads(tmp_path: Path) -> None:
    (area,) = load_areas(write(tmp_path, GOOD_AREA), dict(REGIONS_DEFAULT), {"council-page"})
    assert (area.report.value, area.report.uri) == ("01824 712200", "tel:+441824712200")
    assert area.out_of_hours.value is None and area.out_of_hours.unconfirmed == "not seen"


def test_bad_area_data_stops_the_sphinx_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "areas"
    shutil.copytree(ROOTS / "test-area-contacts", srcdir)
    data = srcdir / "_data" / "contacts.yaml"
    data.write_text(data.read_text().replace("region: greater-manchester", "region: lancashire"))
    line = line_of(data, "region: lancashire")
    with pytest.raises(AreaDataError, match=rf"_data/contacts.yaml:{line}: area 'bury': region"):
        SphinxTestApp("html", srcdir=srcdir)


# --- rendering (a small project) ------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="area-contacts")
def test_the_directive_lists_numbers_sources_and_markers(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    soup = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert [h.get_text() for h in soup.select(".handbook-area-region-name")] == [
        "North Wales",
        "Greater Manchester",
    ]
    denbighshire = soup.select_one("#area-denbighshire")
    assert denbighshire is not None
    assert (
        denbighshire.select_one(".handbook-area-name").get_text() == "Denbighshire (Sir Ddinbych)"
    )
    report = denbighshire.select_one(".handbook-area-report")
    assert report.select_one("a.handbook-phone")["href"] == "tel:+441824712200"
    assert report.select_one(".bibtex-citation") is not None
    assert "checked 4 December 2026" in report.get_text()
    assert denbighshire.select_one(".handbook-area-out-of-hours .tbc") is not None
    assert soup.select_one(".handbook-area-filter[hidden]") is not None


@pytest.mark.sphinx("epub", testroot="area-contacts")
def test_books_get_no_search_box(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.xhtml").read_text()
    assert "handbook-area-filter" not in html
    assert "area-filter.js" not in html


# --- the real handbook ---------------------------------------------------------------------


def page_soup(build: Any) -> BeautifulSoup:
    return BeautifulSoup((build.html / PAGE).read_text(encoding="utf-8"), "html.parser")


def area_items(soup: BeautifulSoup) -> dict[str, Tag]:
    return {li["id"].removeprefix("area-"): li for li in soup.select("li.handbook-area")}


def test_every_area_is_on_the_page_in_both_languages(edition_build: Any) -> None:
    items = area_items(page_soup(edition_build))
    assert list(items) == list(EXPECTED)
    welsh = edition_build.language == "cy"
    for ident, (english, cymraeg) in EXPECTED.items():
        name = items[ident].select_one(".handbook-area-name")
        assert name is not None
        shown = name.select_one("strong").get_text()
        assert shown == (cymraeg if welsh and cymraeg else english)
        for each in (english, cymraeg):
            if each:
                assert each in name.get_text(), (ident, each)


def test_every_printed_number_comes_from_the_data_with_its_source_and_date(
    edition_build: Any,
) -> None:
    soup = page_soup(edition_build)
    items = area_items(soup)
    titles = {
        key: re.search(r"title\s*=\s*\{(.*)\},", text).group(1)  # type: ignore[union-attr]
        for key, text in re.findall(
            r"@\w+\{([^,]+),(.*?)\n\}", BIB.read_text(encoding="utf-8"), re.S
        )
    }
    printed = 0
    for area in real_areas():
        item = items[area.id]
        for kind, fact in (
            ("report", area.report),
            ("out-of-hours", area.out_of_hours),
            ("web", area.web),
        ):
            line = item.select_one(f".handbook-area-{kind}")
            assert line is not None
            if fact.value is None:
                assert line.select_one(".tbc") is not None, (area.id, kind)
                assert not re.search(r"\d{3}", line.get_text()), (area.id, kind)
                continue
            if kind == "web":
                assert line.select_one("a.handbook-external")["href"] == fact.value
            else:
                (phone,) = line.select(".handbook-phone")
                assert phone.get_text() == fact.value, (area.id, kind)
                assert phone["href"] == fact.uri
                printed += 1
            (cite,) = line.select(".bibtex-citation a")
            assert titles[fact.source] in cite["title"], (area.id, kind)
            assert CHECKED[edition_build.language] in line.get_text(), (area.id, kind)
    assert printed == 14
    # no other number on the page: only 999 in the opening line, from the contact data
    article = soup.select_one("article")
    elsewhere = [p.get_text() for p in article.select(".handbook-phone") if not p.find_parent("li")]
    assert elsewhere == ["999"]


def test_the_filter_script_is_loaded_on_that_page_only(handbook_build: Any) -> None:
    for page in handbook_build.html_pages():
        html = page.read_text(encoding="utf-8")
        has_list = 'class="handbook-area-filter' in html
        assert ("js/area-filter.js" in html) == has_list, page.name
        assert ("css/area-contacts.css" in html) == has_list, page.name
    assert 'class="handbook-area-filter' in (handbook_build.html / PAGE).read_text()
    with zipfile.ZipFile(handbook_build.epub) as book:
        names = book.namelist()
        assert not [n for n in names if n.endswith("area-filter.js")]
        text = book.read(next(n for n in names if n.endswith("contacts-by-area.xhtml"))).decode()
    assert "handbook-area-filter" not in text
    assert "01824 712200" in text


# --- in Chromium, on a phone --------------------------------------------------------------


def open_page(browser: Any, url: str, *, javascript: bool = True) -> Any:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.goto(url)
    page.handbook_errors = errors
    return page


def visible_areas(page: Any) -> list[str]:
    ids: list[str] = page.evaluate(
        "Array.from(document.querySelectorAll('.handbook-area'))"
        ".filter(e => e.getClientRects().length > 0).map(e => e.id)"
    )
    return ids


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "typed", "status"),
    [("en", "Wrexham", "1 of 16 areas shown"), ("cy", "Wrecsam", "Yn dangos 1 o 16 ardal")],
)
def test_typing_a_place_name_shows_only_that_area(
    browser: Any, site_url: str, welsh_build: Any, language: str, typed: str, status: str
) -> None:
    prefix = "" if language == "en" else f"/{language}"
    page = open_page(browser, f"{site_url}{prefix}/{PAGE}")
    try:
        assert len(visible_areas(page)) == 16
        box = page.get_by_role("searchbox")
        assert box.is_visible()
        box.fill(typed)
        assert visible_areas(page) == ["area-wrexham"]
        assert page.inner_text(".handbook-area-filter-status") == status
        # the region with no match is hidden with its heading
        assert page.locator(".handbook-area-region").nth(1).is_hidden()
        box.fill("ynys mon")  # no accent, lower case
        assert visible_areas(page) == ["area-isle-of-anglesey"]
        box.fill("nowhere")
        assert visible_areas(page) == []
        box.fill("")
        assert len(visible_areas(page)) == 16
        assert page.handbook_errors == []
    finally:
        page.context.close()


@pytest.mark.browser
def test_without_javascript_every_area_is_listed_and_no_box_shown(
    browser: Any, site_url: str
) -> None:
    page = open_page(browser, f"{site_url}/{PAGE}", javascript=False)
    try:
        assert len(visible_areas(page)) == 16
        assert page.locator(".handbook-area-filter").is_hidden()
        assert page.locator("a.handbook-phone", has_text="0161 253 5678").is_visible()
    finally:
        page.context.close()
