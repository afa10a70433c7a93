"""The pages for each role ("I work in ..." on the front door): each says, for England and
for Wales, the guidance that governs the role and whether the role falls under that nation's
duty to report, and every paragraph of those parts carries a citation or a to-be-confirmed
marker, in every language's site and in the ePub."""

from __future__ import annotations

import zipfile

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import Build

#: the role pages, in the order the front door and the menu give them
ROLE_PAGES = [
    "role-schools",
    "role-health",
    "role-police",
    "role-social-care",
    "role-youth-voluntary",
]
#: each nation's part, and the part of "The law" on that nation's duty to report
NATIONS = {"england": "law-duty-england", "wales": "law-duty-wales"}


def sourced(block: Tag, bibliography: str) -> bool:
    """A citation (a link to an entry of the bibliography) or a to-be-confirmed marker."""
    cites = any(
        str(a.get("href", "")).startswith(f"{bibliography}#") for a in block.select("a[href]")
    )
    return cites or block.select_one(".tbc") is not None


def role_page_problems(html: str, page: str, bibliography: str = "references.html") -> list[str]:
    """What a role page lacks: a part for each nation, that part's guidance and duty to
    report (at least two paragraphs, one of them leading to the law's part on that nation's
    duty), and a citation or marker in every paragraph and list item of the part."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for nation, duty in NATIONS.items():
        section = soup.select_one(f"section#{page}-{nation}")
        if section is None:
            problems.append(f"{page}: no part for {nation.title()}")
            continue
        blocks = section.select("p, li")
        if len(blocks) < 2:
            problems.append(
                f"{page}: the part for {nation.title()} does not give both the "
                "guidance and the duty to report"
            )
        if not section.select(f"a[href*='#{duty}']"):
            problems.append(f"{page}: the part for {nation.title()} does not lead to {duty}")
        for block in blocks:
            if not sourced(block, bibliography):
                text = block.get_text(" ", strip=True)[:60]
                problems.append(f"{page}: {nation.title()}: no citation or marker: {text!r}")
    return problems


@pytest.mark.parametrize("page", ROLE_PAGES)
def test_each_role_page_states_guidance_and_duty_for_each_nation(
    edition_build: Build, page: str
) -> None:
    html = (edition_build.html / f"{page}.html").read_text(encoding="utf-8")
    assert role_page_problems(html, page) == []


def test_the_role_pages_pass_in_the_epub(edition_build: Build) -> None:
    with zipfile.ZipFile(edition_build.epub) as book:
        names = set(book.namelist())
        for page in ROLE_PAGES:
            (name,) = [n for n in names if n.endswith(f"/{page}.xhtml") or n == f"{page}.xhtml"]
            xhtml = book.read(name).decode("utf-8")
            assert role_page_problems(xhtml, page, "references.xhtml") == []


def test_the_check_fails_on_a_broken_copy(handbook_build: Build) -> None:
    """Take the Wales part out, or a citation out of a paragraph, and the check says so."""
    page = "role-schools"
    html = (handbook_build.html / f"{page}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    wales = soup.select_one(f"section#{page}-wales")
    assert wales is not None
    wales.decompose()
    assert role_page_problems(str(soup), page) == [f"{page}: no part for Wales"]

    soup = BeautifulSoup(html, "html.parser")
    paragraph = soup.select_one(f"section#{page}-england p")
    assert paragraph is not None
    for mark in paragraph.select("a[href^='references.html#'], .tbc"):
        mark.decompose()
    problems = role_page_problems(str(soup), page)
    assert len(problems) == 1 and "England: no citation or marker" in problems[0], problems

    soup = BeautifulSoup(html, "html.parser")
    for link in soup.select(f"section#{page}-wales a[href*='#law-duty-wales']"):
        link.decompose()
    assert role_page_problems(str(soup), page) == [
        f"{page}: the part for Wales does not lead to law-duty-wales"
    ]


def test_the_front_door_leads_to_every_role_page(edition_build: Build) -> None:
    soup = BeautifulSoup((edition_build.html / "index.html").read_text(), "html.parser")
    task = soup.select_one(".handbook-task-roles")
    assert task is not None, "the front door has no 'I work in' task"
    assert [a["href"] for a in task.select("a[href]")] == [f"{p}.html" for p in ROLE_PAGES]
