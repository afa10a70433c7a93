"""Every internal link and anchor of the built site resolves, checked offline on the output.

Links, stylesheets, scripts, images, objects and SVG ``<use>`` references of every HTML page
(search and the index of terms included) are followed: the file must exist, and a
``#fragment`` must be an ``id`` (or ``name``) in the page it points to. Links that leave the
site (any address with a scheme: ``https``, ``mailto``, ``tel``, ``sms``) are not
followed here: ``make linkcheck``
checks them where there is a network.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import Build

#: (selector, attribute) of every reference a page makes to the site
REFERENCES = [
    ("a[href]", "href"),
    ("link[href]", "href"),
    ("script[src]", "src"),
    ("img[src]", "src"),
    ("object[data]", "data"),
    ("source[src]", "src"),
    ("use[href]", "href"),
    ("form[action]", "action"),
]


@cache
def _ids(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def broken_links(site: Path) -> list[str]:
    """Every reference of every page of ``site`` that does not resolve, as 'page: ref (why)'."""
    return walk_links(site)[0]


def walk_links(site: Path) -> tuple[list[str], set[Path]]:
    """Follow every reference of every page of ``site``: what does not resolve, as
    'page: ref (why)', and every file of the site a reference led to."""
    broken: list[str] = []
    reached: set[Path] = set()
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts or "_images" in page.parts:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for selector, attribute in REFERENCES:
            for tag in soup.select(selector):
                ref = str(tag[attribute]).strip()
                parts = urlsplit(ref)
                if parts.scheme or parts.netloc:  # http, mailto, tel, sms, data: not the site
                    continue
                name = page.relative_to(site)
                if not parts.path:  # a link within the page
                    target = page
                else:
                    target = (page.parent / unquote(parts.path)).resolve()
                    if target.is_dir():
                        target = target / "index.html"
                    if not target.is_file():
                        broken.append(f"{name}: {ref} (no such file)")
                        continue
                    reached.add(target)
                fragment = unquote(parts.fragment)
                if fragment and target.suffix == ".html" and fragment not in _ids(target):
                    broken.append(f"{name}: {ref} (no id {fragment!r} in {target.name})")
    return broken, reached


def test_every_internal_link_and_anchor_resolves(handbook_build: Build) -> None:
    broken = broken_links(handbook_build.html)
    assert broken == [], "Broken internal links:\n" + "\n".join(broken)


def test_the_check_reaches_every_page_of_both_sites(handbook_build: Build) -> None:
    """The check follows real links: every page of the site, English and Welsh, is the
    target of at least one link it followed (no page is left unreachable or unchecked)."""
    site = handbook_build.html
    reached = walk_links(site)[1]
    pages = {
        page.resolve()
        for page in site.rglob("*.html")
        if "_static" not in page.parts and "_images" not in page.parts
    }
    assert len(pages) > 40  # the English and the Welsh pages
    assert sorted(str(p.relative_to(site)) for p in pages - reached) == []


def test_the_check_does_fail_on_a_broken_link_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="b.html#gone">bad anchor</a>'
        '<a href="missing.html">bad file</a><a href="#top">bad local</a>'
        '<a href="https://example.org/x">external</a><span id="x"></span>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<h1 id="here">B</h1>', encoding="utf-8")
    _ids.cache_clear()
    assert broken_links(tmp_path) == [
        "a.html: b.html#gone (no id 'gone' in b.html)",
        "a.html: missing.html (no such file)",
        "a.html: #top (no id 'top' in a.html)",
    ]
