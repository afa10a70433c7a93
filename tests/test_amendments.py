"""Amendment lines (handbook/writing/review/amendments.py): the dated line at the top of a
page whose law or guidance changed, the list on "What has changed" and the feed's entries."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SOURCE_DATE_EPOCH
from sphinx.testing.util import SphinxTestApp

ROOTS = ROOT / "tests" / "roots"
LOCALES = ROOT / "locales"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def clean(warnings: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", warnings)


@pytest.mark.sphinx("html", testroot="amendments")
def test_the_amendment_lines_sit_under_the_title_newest_first(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app.outdir / "guidance.html")
    title = page.select_one("h1")
    assert title is not None
    review = title.find_next_sibling()
    assert review is not None and "handbook-review" in review["class"]
    lines = review.find_next_siblings("div", class_="handbook-amended")
    assert [line["id"] for line in lines] == ["amended-2026-12-04", "amended-2026-06-02"]
    assert review.find_next_sibling() is lines[0]
    newest = lines[0]
    assert newest.get_text(" ", strip=True).startswith(
        "Amended 4 December 2026: Working Together 2026 replaces the 2023 edition"
    )
    label = newest.select_one("strong.handbook-amended-label")
    assert label is not None and label.get_text() == "Amended 4 December 2026:"
    # the body is ordinary Markdown: the citation links to the references page
    cite = newest.select_one(".bibtex-citation a")
    assert cite is not None and cite["href"].startswith("references.html#")
    assert lines[1].select_one('a[href="https://example.org/older"]') is not None
    # what the page says comes after them
    assert lines[1].find_next_sibling().get_text() == "What the page says."


@pytest.mark.sphinx("html", testroot="amendments")
def test_a_stored_amendment_does_not_hold_on_to_its_page(app: SphinxTestApp) -> None:
    """What the environment keeps of an amendment is its own nodes, not its page's whole
    document: the saved environment carried every amended page again."""
    import pickle

    from handbook.writing.review.amendments import every_amendment

    app.build()
    stored = every_amendment(app.env)
    assert stored
    for amendment in stored:
        for node in amendment.body:
            assert all(each.document is None for each in node.findall())
        doctree = pickle.dumps(app.env.get_doctree(amendment.docname))
        assert len(pickle.dumps(amendment.body)) < len(doctree) / 4


@pytest.mark.sphinx("html", testroot="amendments")
def test_the_changes_page_lists_every_amendment_newest_first(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "changes.html")
    section = page.select_one("section#page-amendments")
    assert section is not None
    assert section.h2 is not None and section.h2.get_text().rstrip("¶#") == "Changes to pages"
    items = section.select("ul.handbook-amendments > li")
    assert [item.p.strong.get_text() for item in items] == ["4 December 2026", "2 June 2026"]
    links = [item.p.a["href"] for item in items]
    assert links == ["guidance.html#amended-2026-12-04", "guidance.html#amended-2026-06-02"]
    assert items[0].p.a.get_text() == "Guidance"
    assert "Working Together 2026 replaces the 2023 edition" in items[0].get_text()
    assert items[0].select_one(".bibtex-citation a") is not None
    # the copies carry no ids of their own: the page's ids stay unique
    assert not items[0].select("[id]")
    # the changelog's entries are still there, after the list
    after = section.find_next_sibling("section")
    assert after is not None and after.h2.get_text().startswith("1.0.0 - 2026-01-10")


@pytest.mark.sphinx("html", testroot="amendments")
def test_the_feed_has_one_entry_per_amendment(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    app.build()
    assert app.warning.getvalue() == ""
    feed = feedparser.parse((app.outdir / "changes.atom").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [
        "1.0.0 - 2026-01-10",
        "Amended 4 December 2026: Guidance",
        "Amended 2 June 2026: Guidance",
    ]
    newest = feed.entries[1]
    assert newest.link == "guidance.html#amended-2026-12-04"
    assert newest.updated == "2026-12-04T00:00:00+00:00"
    assert [tag.term for tag in newest.tags] == ["amendment"]
    assert newest.summary.startswith("Working Together 2026 replaces the 2023 edition")
    assert "references.html#" in newest.content[0].value
    assert feed.feed.updated == "2026-12-04T00:00:00+00:00"
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids)


def test_an_edited_text_keeps_its_feed_id_and_a_removed_line_leaves_the_list(
    tmp_path: Path,
) -> None:
    """Incremental builds: the changes page and the feed follow an edited page."""
    srcdir = tmp_path / "amendments"
    shutil.copytree(ROOTS / "test-amendments", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        before = feedparser.parse((app.outdir / "changes.atom").read_bytes())
        page = srcdir / "guidance.md"
        text = page.read_text(encoding="utf-8")
        text = text.replace("The older change", "The older change, reworded")
        page.write_text(text, encoding="utf-8")
        app.build()
        after = feedparser.parse((app.outdir / "changes.atom").read_bytes())
        assert [e.id for e in after.entries] == [e.id for e in before.entries]
        listed = soup(app.outdir / "changes.html").select_one("#page-amendments")
        assert listed is not None and "The older change, reworded" in listed.get_text()
        # the line removed: gone from the list and the feed
        text = re.sub(r":::\{amended\} 2026-06-02\n.*?\n:::\n", "", text, flags=re.S)
        page.write_text(text, encoding="utf-8")
        app.build()
        listed = soup(app.outdir / "changes.html").select_one("#page-amendments")
        assert listed is not None and "older change" not in listed.get_text()
        assert len(listed.select("li")) == 1
        final = feedparser.parse((app.outdir / "changes.atom").read_bytes())
        assert [e.title for e in final.entries][1:] == ["Amended 4 December 2026: Guidance"]
        # the page removed: its amendments go with it
        page.unlink()
        index = srcdir / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("guidance\n", ""))
        app.build()
        listed = soup(app.outdir / "changes.html").select_one("#page-amendments")
        assert listed is not None and listed.get_text(" ", strip=True).endswith(
            "No page has been amended yet."
        )
        final = feedparser.parse((app.outdir / "changes.atom").read_bytes())
        assert [e.title for e in final.entries] == ["1.0.0 - 2026-01-10"]
    finally:
        app.cleanup()


def test_with_no_amendment_the_list_says_so_and_without_the_list_the_feed_warns(
    tmp_path: Path,
) -> None:
    srcdir = tmp_path / "amendments"
    shutil.copytree(ROOTS / "test-amendments", srcdir)
    page = srcdir / "guidance.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?s):::\{amended\}.*?\n:::\n", "", text), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        listed = soup(app.outdir / "changes.html").select_one("#page-amendments")
        assert listed is not None and listed.p is not None
        assert listed.p.get_text() == "No page has been amended yet."
        # an amendment, but no list on the feed's page: the feed cannot link it
        page.write_text(text, encoding="utf-8")
        changes = srcdir / "changes.md"
        changes.write_text(
            changes.read_text(encoding="utf-8").replace(":::{amendment-list}\n:::\n", ""),
            encoding="utf-8",
        )
        app.build()
        warnings = clean(app.warning.getvalue())
        assert re.search(
            r"guidance\.md:14: WARNING: the page 'changes' does not list the amendment of "
            r"'guidance' dated 2026-12-04",
            warnings,
        ), warnings
        assert not (app.outdir / "changes.atom").exists()
    finally:
        app.cleanup()


@pytest.mark.sphinx(
    "html",
    testroot="amendments",
    # its own folders: the English tests of this root share theirs, and a Welsh build left
    # there would be what an English test reads, whichever worker runs them in which order
    srcdir="amendments-cy",
    confoverrides={"language": "cy", "locale_dirs": [str(LOCALES)], "gettext_compact": False},
)
def test_the_welsh_edition_labels_and_dates_in_welsh(app: SphinxTestApp) -> None:
    app.build()
    line = soup(app.outdir / "guidance.html").select_one(".handbook-amended-label")
    assert line is not None and line.get_text() == "Diwygiwyd 4 Rhagfyr 2026:"
    changes = soup(app.outdir / "changes.html").select_one("#page-amendments")
    assert changes is not None and changes.h2 is not None
    assert changes.h2.get_text().rstrip("¶#") == "Newidiadau i’r tudalennau"
    assert changes.li is not None and changes.li.strong.get_text() == "4 Rhagfyr 2026"
    feed = feedparser.parse((app.outdir / "changes.atom").read_bytes())
    assert "Diwygiwyd 4 Rhagfyr 2026: Guidance" in [e.title for e in feed.entries]


@pytest.mark.sphinx("gettext", testroot="amendments", freshenv=True)
def test_the_text_is_the_pages_to_translate_the_label_is_not(app: SphinxTestApp) -> None:
    app.build()
    guidance = (app.outdir / "guidance.pot").read_text(encoding="utf-8")
    assert 'msgid "Working Together 2026 replaces the 2023 edition {cite:p}`wt2026`."' in guidance
    assert "Amended" not in guidance
    assert "Changes to pages" not in (app.outdir / "changes.pot").read_text(encoding="utf-8")


@pytest.mark.sphinx("epub", testroot="amendments", freshenv=True)
def test_the_book_shows_the_line_and_the_list(app: SphinxTestApp) -> None:
    app.build()
    book = next(app.outdir.glob("*.epub"))
    with zipfile.ZipFile(book) as epub:
        names = epub.namelist()
        guidance = epub.read(next(n for n in names if n.endswith("guidance.xhtml"))).decode()
        changes = epub.read(next(n for n in names if n.endswith("changes.xhtml"))).decode()
    assert "Amended 4 December 2026:" in guidance
    assert 'href="guidance.xhtml#amended-2026-12-04"' in changes


@pytest.mark.sphinx("singlehtml", testroot="amendments", freshenv=True)
def test_the_single_page_the_pdf_is_made_from_shows_them(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "index.html")
    assert page.select_one("#amended-2026-12-04") is not None
    items = page.select("#page-amendments li")
    assert [li.p.strong.get_text() for li in items] == ["4 December 2026", "2 June 2026"]
    assert items[0].p.a["href"].endswith("#amended-2026-12-04")


@pytest.mark.sphinx("html", testroot="amendments-bad")
def test_a_bad_amendment_is_an_error_naming_page_and_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = clean(app.warning.getvalue())
    expected = [
        "nodate.md:10: ERROR: amended: give the date the law or guidance changed",
        "baddate.md:10: ERROR: amended: '4 December 2026' is not an ISO date (YYYY-MM-DD)",
        "impossible.md:12: ERROR: amended: '2026-02-30' is not a valid date",
        "empty.md:10: ERROR: amended 2026-12-04: the body is empty; say what changed",
    ]
    for message in expected:
        assert message in warnings, warnings


def test_the_dates_written_are_kept_for_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild writes the dates the last build formatted without asking Babel again (its
    first date costs a process 10-15 ms), and the same bytes; other versions ask again."""
    import json

    from handbook.translation import dates

    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    srcdir = tmp_path / "amendments"
    shutil.copytree(ROOTS / "test-amendments", srcdir)

    def build() -> tuple[SphinxTestApp, bytes]:
        dates._kept.clear()  # as in a new process
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.warning.getvalue() == ""
        return app, (app.outdir / "guidance.html").read_bytes()

    app, first = build()
    kept = Path(app.doctreedir) / dates.KEPT_FILE
    assert "4 December 2026" in kept.read_text(encoding="utf-8")
    asked: list[object] = []
    babel = dates.format_date

    def counted(*args: Any, **kwargs: Any) -> str:
        asked.append(args)
        return babel(*args, **kwargs)

    monkeypatch.setattr(dates, "format_date", counted)
    page = srcdir / "guidance.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _app, again = build()
    assert asked == []
    assert again == first
    data = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({**data, "versions": ["another Babel"]}), encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _app, third = build()
    assert asked != []
    assert third == first
