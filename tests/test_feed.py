"""The Atom feed of "What has changed": read with a real feed parser (feedparser), checked
against the changelog it is made from, on a small root and on the real handbook."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import feedparser
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import ROOT, SOURCE_DATE_EPOCH, Build, build_moment
from sphinx.testing.util import SphinxTestApp

from handbook.writing.review.changelog import parse_changelog

ATOM = "{http://www.w3.org/2005/Atom}"
ROOTS = ROOT / "tests" / "roots"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def check_atom(
    feed_file: Path, changelog: Path, site: Path, titles: list[str] | None = None
) -> Any:
    """The feed is Atom 1.0 with what the format requires, one entry per changelog entry
    in the page's order, each linked to its section of the changes page. The entries'
    titles are ``titles`` when given (worked out independently of the feed's code), else
    the changelog's labels."""
    parsed = feedparser.parse(feed_file.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    # what RFC 4287 requires, read from the XML itself
    tree = ET.parse(feed_file).getroot()
    assert tree.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert (tree.findtext(f"{ATOM}{name}") or "").strip(), name
    self_links = [link for link in tree.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [feed_file.name]
    entries, problems = parse_changelog(changelog.read_text(encoding="utf-8"), str(changelog))
    assert problems == []
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    # pages' amendment lines are entries too (handbook.writing.review.amendments), after
    # the changelog's, each linked to its line on its page
    amended = [
        (entry, xml_entry)
        for entry, xml_entry in zip(parsed.entries, tree.findall(f"{ATOM}entry"), strict=True)
        if [tag.term for tag in entry.get("tags", [])] == ["amendment"]
    ]
    for entry, _xml in amended:
        page, _, anchor = entry.link.partition("#")
        assert anchor.startswith("amended-"), entry.link
        assert soup(site / page).find(id=anchor) is not None, entry.link
    released = [pair for pair in zip(parsed.entries, tree.findall(f"{ATOM}entry"), strict=True)
                if pair[0] not in [a for a, _ in amended]]  # fmt: skip
    assert [e.title for e, _ in released] == (
        titles if titles is not None else [e.label for e in entries]
    )
    changes = soup(site / "changes.html")
    for entry, xml_entry in released:
        for name in ("id", "title", "updated", "summary"):
            assert (xml_entry.findtext(f"{ATOM}{name}") or "").strip(), (entry.title, name)
        page, _, anchor = entry.link.partition("#")
        assert page == "changes.html" and anchor, entry.link
        heading = changes.find(id=anchor)
        assert heading is not None, f"{entry.link}: no such anchor on the changes page"
        assert entry.title in heading.find_next(["h2"]).get_text()
        assert entry.content[0].type == "text/html" and entry.summary
    return parsed


@pytest.mark.sphinx("html", testroot="feed")
def test_the_feed_lists_every_changelog_entry(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    app.build()
    assert app.warning.getvalue() == ""
    feed = check_atom(app.outdir / "changes.atom", app.srcdir / "CHANGELOG.md", app.outdir)
    assert [e.title for e in feed.entries] == [
        "Unreleased",
        "1.1.0 - 2026-06-02",
        "1.0.0 - 2026-01-10",
    ]
    assert feed.feed.title == "What has changed \N{EN DASH} Test handbook"
    assert feed.feed.author == "Test editors"
    assert feed.feed.language == "en-GB"
    # dated entries carry their date; the unreleased one the commit's (SOURCE_DATE_EPOCH)
    assert feed.entries[1].updated == "2026-06-02T00:00:00+00:00"
    assert feed.entries[0].updated == "2026-11-23T00:00:00+00:00"
    assert feed.feed.updated == "2026-11-23T00:00:00+00:00"
    # content is the page's own rendering: links work, no permalinks, text escaped
    unreleased, changed = feed.entries[0].content[0].value, feed.entries[1].content[0].value
    assert 'href="index.html"' in unreleased
    assert 'href="https://example.org/changed"' in changed and "&amp; an ampersand" in changed
    assert "headerlink" not in changed
    assert "Preamble" not in "".join(e.content[0].value for e in feed.entries)


@pytest.mark.sphinx("html", testroot="feed")
def test_every_page_links_the_feed_and_the_changes_page_offers_it(app: SphinxTestApp) -> None:
    app.build()
    for page in ("index.html", "changes.html", "search.html", "genindex.html"):
        links = soup(app.outdir / page).select('head link[rel="alternate"]')
        assert [(link["type"], link["href"]) for link in links] == [
            ("application/atom+xml", "changes.atom")
        ], page
    offer = soup(app.outdir / "changes.html").select_one("p.handbook-feed-link")
    assert offer is not None and "handbook-web-only" in offer["class"]
    assert offer.a is not None and offer.a["href"] == "changes.atom"
    # before the first entry, after the page's introduction
    assert offer.find_previous("p").get_text() == "Every change, newest first."
    assert offer.find_next("h2").get_text().startswith("Unreleased")


def test_the_same_commit_gives_the_same_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    feeds = []
    for copy in ("first", "second"):
        srcdir = tmp_path / copy
        shutil.copytree(ROOTS / "test-feed", srcdir)
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
        finally:
            app.cleanup()
        feeds.append((app.outdir / "changes.atom").read_bytes())
    assert feeds[0] == feeds[1]
    # and a later commit moves only the unreleased entry's date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(SOURCE_DATE_EPOCH) + 86400))
    app = SphinxTestApp("html", srcdir=tmp_path / "first")
    try:
        app.build(force_all=True)
    finally:
        app.cleanup()
    later = feedparser.parse((app.outdir / "changes.atom").read_bytes())
    assert later.entries[0].updated == "2026-11-24T00:00:00+00:00"
    assert later.entries[1].updated == "2026-06-02T00:00:00+00:00"


@pytest.mark.sphinx(
    "html", testroot="feed", confoverrides={"handbook_feed_changelog": "BAD-CHANGELOG.md"}
)
def test_a_changelog_the_feed_cannot_list_is_a_warning_naming_file_and_line(
    app: SphinxTestApp,
) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert (
        "BAD-CHANGELOG.md:6: WARNING: changelog entry 'A release without a date' has no ISO date"
        in warnings
    )
    assert (
        "BAD-CHANGELOG.md:9: WARNING: the page 'changes' does not show changelog entry '9.9.9"
        in warnings
    )
    assert not (app.outdir / "changes.atom").exists()


@pytest.mark.sphinx("epub", testroot="feed")
def test_the_book_has_no_feed(app: SphinxTestApp) -> None:
    app.build()
    assert not (app.outdir / "changes.atom").exists()
    changes = (app.outdir / "changes.xhtml").read_text(encoding="utf-8")
    assert "application/atom+xml" not in changes and "handbook-feed-link" not in changes


# --- the real handbook -------------------------------------------------------------------


def changelog_titles(language: str) -> list[str]:
    """The release headings of CHANGELOG.md, read with a plain regex (not the feed's own
    parser), as the reader of ``language`` sees them: "Unreleased" is translated in the
    changes page's catalogue; version headings are not."""
    headings = re.findall(
        r"^## (.+?)\s*$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M
    )
    if language == "en":
        return headings
    with (ROOT / "locales" / language / "LC_MESSAGES" / "changes.po").open("rb") as po:
        catalogue = read_po(po)
    return [
        catalogue[h].string if catalogue.get(h) and catalogue[h].string else h for h in headings
    ]


def test_the_handbook_feed_matches_its_changelog(edition_build: Build) -> None:
    """In every language (the Welsh site has its own ``cy/changes.atom``)."""
    site = edition_build.html
    titles = changelog_titles(edition_build.language)
    assert len(titles) >= 2
    feed = check_atom(site / "changes.atom", ROOT / "CHANGELOG.md", site, titles)
    assert len(feed.entries) >= len(titles)
    assert feed.feed.language == {"en": "en-GB"}.get(edition_build.language, edition_build.language)
    # the unreleased entry is as of the build's moment (SOURCE_DATE_EPOCH); the feed as of
    # its newest entry (an amendment line may be dated later than the build's commit)
    assert feed.entries[0].updated == build_moment().isoformat()
    assert feed.feed.updated == max(entry.updated for entry in feed.entries)
    for page in edition_build.html_pages():
        links = soup(page).select('head link[rel="alternate"][type="application/atom+xml"]')
        assert [link["href"] for link in links] == ["changes.atom"], page.name
    offer = soup(site / "changes.html").select_one("p.handbook-feed-link a")
    assert offer is not None and offer["href"] == "changes.atom"


def test_the_handbook_books_have_no_feed_link(handbook_build: Build) -> None:
    with zipfile.ZipFile(handbook_build.epub) as book:
        names = book.namelist()
        assert not [n for n in names if n.endswith(".atom")]
        assert not [
            n for n in names if n.endswith(".xhtml") and b"application/atom+xml" in book.read(n)
        ]
