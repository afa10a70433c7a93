"""The bibliography: entries render with publisher, title, date, address and the date it
was checked, in every edition; an unknown address joins the to-be-confirmed list; every
fault of an entry, or of a citation, is a warning naming the file and line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp

from handbook.writing import bibliography
from handbook.writing.bibliography import HandbookStyle, entry_problems, published


def entries_of(path: Path) -> list[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    found = [" ".join(p.get_text().split()) for p in soup.select(".citation p")]
    assert found, f"no bibliography entries in {path.name}"
    return found


DFE = (
    "Department for Education (February 2017). Child sexual exploitation: definition and a "
    "guide for practitioners. https://www.example.org/dfe-cse-guide (checked 23 November 2026)."
)
EATON = (
    "Jo Eaton and Dez Holmes (14 March 2017). Working effectively to address child sexual "
    "exploitation: an evidence scope. Research in Practice. "
    "https://www.example.org/evidence-scope (checked 22 November 2026)."
)
BRIEFING = (
    "Greater Manchester (2019). 7 minute briefing: child sexual exploitation. "
    "Web address to be confirmed."
)


@pytest.mark.sphinx("html", testroot="bibliography")
def test_entries_read_creator_date_title_address_and_checked(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert entries_of(app.outdir / "references.html") == [DFE, EATON, BRIEFING]
    soup = BeautifulSoup((app.outdir / "references.html").read_text("utf-8"), "html.parser")
    link = soup.select_one('.citation a[href="https://www.example.org/dfe-cse-guide"]')
    assert link is not None and link.find_previous("em") is not None
    # an unknown address is never a link
    briefing = soup.select(".citation")[2]
    assert briefing.find("a") is None


@pytest.mark.sphinx("html", testroot="bibliography")
def test_an_unknown_address_is_listed_as_to_be_confirmed(app: SphinxTestApp) -> None:
    app.build()
    soup = BeautifulSoup((app.outdir / "later.html").read_text("utf-8"), "html.parser")
    items = [" ".join(li.get_text(" ").split()) for li in soup.select("ul.tbc-list > li")]
    assert items == [
        "References : web address of “7 minute briefing: child sexual exploitation”",
        "Still to be confirmed : a marker on a page",
    ]
    href = soup.select_one("ul.tbc-list a")["href"]  # type: ignore[index]
    page, _, anchor = str(href).partition("#")
    target = BeautifulSoup((app.outdir / page).read_text("utf-8"), "html.parser").find(id=anchor)
    assert target is not None and "Web address to be confirmed" in target.get_text()
    assert "2 item(s) to be confirmed on 2 page(s)" in app.status.getvalue()


@pytest.mark.parametrize("builder", ["epub", "singlehtml"])
def test_the_book_and_the_pdf_page_render_entries_alike(
    builder: str, make_app: object, rootdir: Path, tmp_path: Path
) -> None:
    """The ePub builder, and singlehtml (what the PDF builder is made from)."""
    srcdir = tmp_path / "bibliography"
    shutil.copytree(rootdir / "test-bibliography", srcdir)
    app: SphinxTestApp = make_app(builder, srcdir=srcdir)  # type: ignore[operator]
    app.build()
    assert app.warning.getvalue() == ""
    page = app.outdir / ("references.xhtml" if builder == "epub" else "index.html")
    assert entries_of(page) == [DFE, EATON, BRIEFING]


BAD = "refs.bib"


@pytest.mark.sphinx("html", testroot="bibliography-bad")
def test_every_fault_is_a_warning_at_the_entry(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    bib = Path(app.srcdir) / BAD
    # where each entry starts in the file (counted by hand: the check must find the same)
    lines = {"notitle": 9, "nodate": 15, "nobody": 21, "nourldate": 27, "uncited": 34}
    lines |= {"broken": 41, "afterwards": 48}
    expected = {
        "notitle": r"has no title",
        "nodate": r"has no date",
        "nobody": r"neither an author nor an organization or publisher",
        "nourldate": r"has a url but no urldate",
        "uncited": r"is not cited by any page",
        "broken": r"malformed bibliography entry 'broken' .*syntax error in line 43",
        "afterwards": r"date that is not understood \('2018 Febtember'\)",
    }
    for key, message in expected.items():
        at = re.escape(f"{bib}:{lines[key]}: WARNING: ")
        assert re.search(at + r".*" + message, warnings), f"{key}:\n{warnings}"
    assert re.search(
        re.escape(f"{bib}:{lines['afterwards']}: WARNING: ") + ".*urldate that is not YYYY-MM-DD",
        warnings,
    )
    # the fine entry has nothing to say
    assert "'fine'" not in warnings
    # a citation to a key the file does not have: sphinxcontrib-bibtex's own, at the citation
    index = Path(app.srcdir) / "index.md"
    assert f'{index}:6: WARNING: could not find bibtex key "no-such-key"' in warnings


def test_the_convention_in_words() -> None:
    data = parse_string(
        "@misc{a, title={T}, year={2017}, month={feb}, organization={O}, url={tbc}}\n"
        "@misc{b, title={T}, date={2017-02-30}, author={A B}, url={https://x.example/}, urldate={2026-11-23}}\n"
        "@misc{c, title={T}, year={17}, publisher={P}, url={https://x.example/}, urldate={2026-11-23}}\n",
        "bibtex",
    )
    a, b, c = (data.entries[k] for k in "abc")
    assert list(entry_problems(a)) == [] and published(a) == (2017, 2, None)
    assert [p for p in entry_problems(b) if "date that is not understood" in p]
    assert [p for p in entry_problems(c) if "date that is not understood" in p]


def test_plain_text_reads_as_latexcodec_reads_it() -> None:
    """handbook.writing.bibliography.latex_text skips latexcodec where it would change
    nothing: every field of the handbook's bibliography, and text that needs the codec,
    must read exactly as ``Text.from_latex`` reads it."""
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    from handbook.writing.bibliography import latex_text

    bib = parse_file(str(Path(__file__).resolve().parent.parent / "source/_data/references.bib"))
    values = [
        "Fire \\& Rescue",
        "50\\% of",
        "a--b, a---b, a----b",
        "{Org} Name {{x}}",
        "``quoted''",
        "!`Hola?",
        "a~b",
        "\\emph{x}",
        "$x$ and \\$5",
        "comma,,quote",
        "",
    ]
    for entry in bib.entries.values():
        values += list(entry.fields.values())
        for people in entry.persons.values():
            values += [str(person) for person in people]
    for value in values:
        expected = Text.from_latex(" ".join(value.split()))
        assert repr(latex_text(value)) == repr(expected), value
        assert latex_text(value).render_as("html") == expected.render_as("html"), value


def test_a_fault_added_after_a_good_build_is_reported(tmp_path: Path) -> None:
    """The .bib files are checked again only when they change: a fault made after a build
    that passed is still reported by the next one."""
    srcdir = tmp_path / "bibliography"
    shutil.copytree(Path(__file__).resolve().parent / "roots" / "test-bibliography", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        assert "WARNING" not in app.warning.getvalue()
    finally:
        app.cleanup()
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("urldate = {2026-11-23}", "urldate = {23/11/2026}", 1))
    again = SphinxTestApp("html", srcdir=srcdir)
    try:
        again.build()
    finally:
        again.cleanup()
    assert "urldate that is not YYYY-MM-DD" in again.warning.getvalue()
    # and a build that changes nothing reports it again: a faulty file is always checked
    third = SphinxTestApp("html", srcdir=srcdir)
    try:
        third.build()
    finally:
        third.cleanup()
    assert "urldate that is not YYYY-MM-DD" in third.warning.getvalue()


def test_an_entry_is_formatted_again_only_when_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formatted entries are kept in the environment: a page's edit formats none again (the
    list reads as before); an edited entry is formatted again, and reads as edited."""
    srcdir = tmp_path / "bibliography"
    shutil.copytree(Path(__file__).resolve().parent / "roots" / "test-bibliography", srcdir)

    def build() -> SphinxTestApp:
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
        finally:
            app.cleanup()
        assert "WARNING" not in app.warning.getvalue()
        return app

    build()
    formatted: list[str] = []
    fresh = HandbookStyle.format_new_entry

    def counted(self: HandbookStyle, label: str, entry: Any) -> Any:
        formatted.append(entry.key)
        return fresh(self, label, entry)

    monkeypatch.setattr(HandbookStyle, "format_new_entry", counted)
    later = srcdir / "later.md"
    later.write_text(later.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    app = build()
    assert formatted == []
    assert entries_of(app.outdir / "references.html") == [DFE, EATON, BRIEFING]
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("an evidence scope", "a scope of the evidence"))
    app = build()
    assert formatted == ["eaton2017"]  # once: the list's and the tooltip's are the same
    assert entries_of(app.outdir / "references.html") == [
        DFE,
        EATON.replace("an evidence scope", "a scope of the evidence"),
        BRIEFING,
    ]


def test_pybtex_finds_the_plugins_an_entry_point_scan_finds() -> None:
    """The one scan of the entry points that pybtex's look-ups select from gives what a
    scan of its own gives."""
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    bibliography.scan_entry_points_once()
    wanted = [
        *bibliography.PYBTEX_PLUGINS,
        ("pybtex.database.input", "bibtex"),
        ("sphinxcontrib.bibtex.style.referencing", "label"),
    ]
    for group, name in wanted:
        theirs = list(importlib.metadata.entry_points(group=group, name=name))
        assert theirs, name
        assert list(pybtex.plugin.entry_points(group=group, name=name)) == theirs, name
        plugin = sphinxcontrib.bibtex.plugin
        assert list(plugin.entry_points(group=group, name=name)) == theirs, name
