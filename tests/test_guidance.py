"""The practice guidance as a reader meets it: the front door, the practice pages in every
edition, and citations that reach their sources in every edition."""

from __future__ import annotations

import re
import zipfile
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import SOURCE, Build, pdf_texts
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
    "I work in": "role-schools.html",
    "Phone numbers": "helplines.html",
    "Recognising the signs": "signs-and-indicators.html",
    "Running a team briefing": "seven-minute-briefing.html",
    "What the law says": "the-law.html",
}
PHONE = {"width": 390, "height": 844}
#: the most links the home page's own content may have: the tasks, the introduction's few
#: links and one link a section (it had 121 when it listed the whole contents)
FRONT_DOOR_MAX_LINKS = 25
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


def menu_sections(soup: BeautifulSoup) -> list[tuple[str, list[str]]]:
    """(caption, the pages it lists) for each section of the site's menu, in order."""
    tree = soup.select_one(".sidebar-tree")
    assert tree is not None, "the page has no menu"
    sections = []
    for caption in tree.select("p.caption"):
        pages = caption.find_next_sibling("ul")
        assert pages is not None, caption
        links = pages.select("li.toctree-l1 > a")
        sections.append((caption.get_text(strip=True), [str(a["href"]) for a in links]))
    return sections


def front_door_problems(html: str) -> list[str]:
    """What is wrong with a home page as a front door: more links in its own content than
    a reader can take in on a phone, or a section of the menu that it does not open (a
    link named as the section, to the section's first page)."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article[role=main]")
    assert main is not None
    links = [(a.get_text(" ", strip=True), str(a["href"])) for a in main.select("a[href]")]
    problems = []
    if len(links) > FRONT_DOOR_MAX_LINKS:
        problems.append(f"{len(links)} links in the content (at most {FRONT_DOOR_MAX_LINKS})")
    sections = menu_sections(soup)
    if not sections:
        problems.append("the menu has no sections")
    for caption, pages in sections:
        if (caption, pages[0]) not in links:
            problems.append(f"no link {caption!r} to {pages[0]}, the first page of its section")
    return problems


def test_the_front_door_is_short_and_opens_every_section(edition_build: Build) -> None:
    """The home page ends with the handbook's sections, not the whole contents: every task
    and section in a few links, in every language (the menu lists every page)."""
    html = (edition_build.html / "index.html").read_text(encoding="utf-8")
    assert front_door_problems(html) == []


def test_the_front_door_check_does_fail_on_the_whole_contents(handbook_build: Build) -> None:
    """The check can fail: put the menu's whole list of pages back into the home page's
    content (as the page was), or take a section's link out, and it says so."""
    html = (handbook_build.html / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    main, menu = soup.select_one("article[role=main]"), soup.select_one(".sidebar-tree")
    assert main is not None and menu is not None
    main.append(BeautifulSoup(str(menu), "html.parser"))
    assert front_door_problems(str(soup))[0].endswith(f"(at most {FRONT_DOOR_MAX_LINKS})")
    soup = BeautifulSoup(html, "html.parser")
    caption, pages = menu_sections(soup)[-1]
    for link in soup.select(f"article[role=main] a[href='{pages[0]}']"):
        link.decompose()
    assert front_door_problems(str(soup)) == [
        f"no link {caption!r} to {pages[0]}, the first page of its section"
    ]


def menu_problems(build: Build, index_html: str) -> list[str]:
    """Pages the menu leaves out or lists twice, and where its order is not the books'."""
    soup = BeautifulSoup(index_html, "html.parser")
    menu = [page for _, pages in menu_sections(soup) for page in pages]
    pages = [p.name for p in build.html_pages() if p.name != "index.html"]
    problems = [f"{name} is not in the menu" for name in pages if name not in menu]
    problems += [
        f"{name} is in the menu {n} times" for name in pages if (n := menu.count(name)) > 1
    ]
    with zipfile.ZipFile(build.epub) as book:
        package = BeautifulSoup(book.read("content.opf"), "xml")
        nav = BeautifulSoup(book.read("nav.xhtml"), "xml")
    manifest = {item["id"]: item["href"] for item in package.find_all("item")}
    spine = [manifest[ref["idref"]] for ref in package.find("spine").find_all("itemref")]
    book_pages = [name.replace(".xhtml", ".html") for name in spine[2:]]  # title page, home
    if menu != book_pages:
        problems.append(f"the menu's order is not the ePub's: {menu} != {book_pages}")
    entries = nav.select("nav > ol > li > a")
    contents = [str(a["href"]).replace(".xhtml", ".html") for a in entries][2:]
    if menu != contents:
        problems.append(f"the ePub's contents do not list every page: {contents}")
    return problems


def test_the_menu_lists_every_page_in_the_books_order(edition_build: Build) -> None:
    """Every page is in the site's menu once, in the order of the ePub's pages and of its
    contents (the home page's toctrees are hidden: the menu and the books keep every page)."""
    html = (edition_build.html / "index.html").read_text(encoding="utf-8")
    assert menu_problems(edition_build, html) == []


def test_the_menu_check_does_fail_on_a_missing_page(handbook_build: Build) -> None:
    """The check can fail: take a page out of the menu and it is reported, as missing and
    as out of the books' order."""
    soup = BeautifulSoup((handbook_build.html / "index.html").read_text(), "html.parser")
    link = soup.select_one(".sidebar-tree a[href='what-to-do.html']")
    assert link is not None and link.parent is not None
    link.parent.decompose()
    problems = menu_problems(handbook_build, str(soup))
    assert problems[0] == "what-to-do.html is not in the menu"
    assert problems[1].startswith("the menu's order is not the ePub's")


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
    """The keys cited in the pages, for each area's numbers in the contact data, and for
    each phrase of the language list (shown with its source on Check my wording)."""
    in_pages = {
        key.strip()
        for page in SOURCE.glob("*.md")
        for keys in CITE_KEY_RE.findall(page.read_text(encoding="utf-8"))
        for key in keys.split(",")
    }
    contacts = yaml.safe_load((SOURCE / "_data" / "contacts.yaml").read_text(encoding="utf-8"))
    in_areas = {
        fact["source"]
        for area in contacts["areas"]
        for fact in area.values()
        if isinstance(fact, dict) and "source" in fact
    }
    phrases = yaml.safe_load((SOURCE / "_data" / "language.yaml").read_text(encoding="utf-8"))
    in_language_list = {entry["source"] for entry in phrases["phrases"] if "source" in entry}
    return in_pages | in_areas | in_language_list


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
    pdf_text = " ".join(pdf_texts(handbook_build.pdf))
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
