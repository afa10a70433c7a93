"""The practice guidance as a reader meets it: the front door, the practice pages in every
edition, and citations that reach their sources in every edition."""

from __future__ import annotations

import re
import zipfile
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import SOURCE, Build
from pypdf import PdfReader

#: the pages a practitioner acts on, and their titles
PRACTICE_PAGES = {
    "signs-and-indicators": "Signs and indicators",
    "who-is-more-vulnerable": "Who is more vulnerable",
    "how-cse-happens": "How CSE happens",
    "after-you-share-a-concern": "After you share a concern",
}
#: the front door's tasks, and where each leads (None: the task is done on the home page)
TASKS = {
    "A child is in danger": None,
    "I am worried about a child": "what-to-do.html",
    "Phone numbers": "helplines.html",
    "Recognising the signs": "signs-and-indicators.html",
    "Running a team briefing": "seven-minute-briefing.html",
    "What the law says": "the-law.html",
}
PHONE = {"width": 390, "height": 844}
CITE_KEY_RE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
BIB_KEY_RE = re.compile(r"^@\w+\{([^,]+),", re.M)


# -- The front door -----------------------------------------------------------------------


@pytest.mark.browser
def test_the_first_phone_screen_offers_every_task(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/index.html")
        for task, target in TASKS.items():
            title = page.locator(".handbook-task").filter(has_text=task).first
            box = title.bounding_box()
            assert title.is_visible() and box is not None, f"{task!r} is not shown"
            assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
                f"{task!r} is below the first phone screen ({box})"
            )
            if target:
                href = title.locator("a").first.get_attribute("href")
                assert href == target, f"{task!r} leads to {href!r}"
        danger = page.locator(".handbook-task-danger a[href^='tel:']")
        assert danger.first.get_attribute("href") == "tel:999"
    finally:
        context.close()


def test_the_full_contents_stay_in_the_sidebar(handbook_build: Build) -> None:
    soup = BeautifulSoup((handbook_build.html / "index.html").read_text(), "html.parser")
    sidebar = {a["href"] for a in soup.select(".sidebar-tree a.reference")}
    for name in PRACTICE_PAGES:
        assert f"{name}.html" in sidebar, f"{name} is not in the sidebar's contents"


# -- The practice pages in every edition -----------------------------------------------------


def bookmark_titles(outline: list[Any]) -> list[str]:
    """Every bookmark's title, at any depth (pypdf nests a level's children in a list)."""
    titles: list[str] = []
    for item in outline:
        titles += bookmark_titles(item) if isinstance(item, list) else [item.title]
    return titles


def test_the_practice_pages_are_in_every_edition(handbook_build: Build) -> None:
    with zipfile.ZipFile(handbook_build.epub) as book:
        names = set(book.namelist())
        nav = book.read("nav.xhtml").decode()
    bookmarks = set(bookmark_titles(PdfReader(handbook_build.pdf).outline))
    for name, title in PRACTICE_PAGES.items():
        html = BeautifulSoup((handbook_build.html / f"{name}.html").read_text(), "html.parser")
        assert html.h1 is not None and title in html.h1.get_text()
        assert f"{name}.xhtml" in names, f"{name} is not in the ePub"
        assert title in nav, f"{name} is not in the ePub's contents"
        assert title in bookmarks, f"{name} has no PDF bookmark"


@pytest.mark.parametrize(
    ("page", "target"),
    [
        ("questions-for-practice", "signs-and-indicators"),
        ("recognising-cse", "signs-and-indicators"),
        ("seven-minute-briefing", "signs-and-indicators"),
    ],
)
def test_existing_pages_lead_to_the_practice_pages(
    handbook_build: Build, page: str, target: str
) -> None:
    soup = BeautifulSoup((handbook_build.html / f"{page}.html").read_text(), "html.parser")
    links = {a["href"].split("#")[0] for a in soup.select("article a[href]")}
    assert f"{target}.html" in links


# -- Citations -----------------------------------------------------------------------------


def cited_keys() -> set[str]:
    return {
        key.strip()
        for page in SOURCE.glob("*.md")
        for keys in CITE_KEY_RE.findall(page.read_text(encoding="utf-8"))
        for key in keys.split(",")
    }


def test_every_entry_is_cited_and_listed_in_every_edition(handbook_build: Build) -> None:
    bib = (SOURCE / "_data" / "references.bib").read_text(encoding="utf-8")
    entries = set(BIB_KEY_RE.findall(bib))
    assert entries and entries == cited_keys()
    references = BeautifulSoup((handbook_build.html / "references.html").read_text(), "html.parser")
    listed = references.select("div.citation")
    assert len(listed) == len(entries)
    with zipfile.ZipFile(handbook_build.epub) as book:
        epub_refs = BeautifulSoup(book.read("references.xhtml"), "html.parser")
    assert len(epub_refs.select("div.citation")) == len(entries)
    pdf_text = " ".join(page.extract_text() for page in PdfReader(handbook_build.pdf).pages)
    pdf_text = " ".join(pdf_text.split())
    for entry in listed:
        title = entry.find("em")
        assert title is not None
        words = " ".join(title.get_text().split())[:40]
        assert words in pdf_text, f"{words!r} is not in the PDF's references"


def test_every_citation_links_to_its_entry(handbook_build: Build) -> None:
    references = BeautifulSoup((handbook_build.html / "references.html").read_text(), "html.parser")
    ids = {div["id"] for div in references.select("div.citation[id]")}
    seen = 0
    for page in handbook_build.html_pages():
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for link in soup.select("article a.reference.internal[href*='references.html#']"):
            if "[" not in link.get_text() and not link.get_text().strip().isdigit():
                continue
            seen += 1
            assert link["href"].split("#", 1)[1] in ids, f"{page.name}: {link}"
    assert seen >= len(cited_keys())
