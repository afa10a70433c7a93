"""Exactly what changed in a page's text (handbook/web/text_changes.py): two editions made in
a scratch git repository, the view of the edited page, its links, a build without history,
and the real handbook's site in both languages."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Build
from sphinx.testing.util import SphinxTestApp

from handbook.web import text_changes
from handbook.web.text_changes import blocks_of

ROOTS = ROOT / "tests" / "roots"
EDITION_1 = "2026-11-23T12:00:00+00:00"
EDITION_2 = "2026-12-04T12:00:00+00:00"
#: 2026-12-05T00:00:00Z: "this edition" is built after both commits
BUILT = "1796428800"

MakeApp = Callable[..., SphinxTestApp]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def git(repo: Path, *args: str, date: str = EDITION_1) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
         "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def two_editions(tmp_path: Path) -> Path:
    """Edition 1.0.0 (23 November 2026), then this edition: words of one paragraph of
    "Guidance" changed, an amendment line added above it, a new page, an "Unreleased" entry."""
    src = tmp_path / "handbook"
    shutil.copytree(ROOTS / "test-text-changes", src)
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "Edition 1.0.0")
    guidance = src / "guidance.md"
    edit(
        guidance,
        "Follow **Working Together 2023** when you share a concern about a child.",
        "Follow **Working Together 2026** when you share a worry about a child.",
    )
    edit(src / "index.md", "guidance\n", "guidance\nnew-page\n")
    front = (src / "steady.md").read_text(encoding="utf-8").split("# Steady")[0]
    (src / "new-page.md").write_text(front + "# New page\n\nWords of a new page.\n", "utf-8")
    edit(src / "CHANGELOG.md", "## 1.0.0", "## Unreleased\n\n- Guidance updated.\n\n## 1.0.0")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "Edition 2", date=EDITION_2)
    return src


def build(make_app: MakeApp, src: Path, monkeypatch: pytest.MonkeyPatch) -> SphinxTestApp:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    return app


def marks(page: BeautifulSoup, tag: str) -> list[str]:
    """The words of each <ins> or <del>, without their hidden label."""
    found = []
    for mark in page.select(f".handbook-text-changes-text {tag}"):
        note = mark.select_one(".handbook-text-changes-note")
        assert note is not None, f"<{tag}> has no label for screen readers"
        found.append(mark.get_text().removeprefix(note.get_text()))
    return found


def test_the_view_shows_exactly_the_edited_words(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build(make_app, two_editions(tmp_path), monkeypatch)
    assert "text changes: 1 page(s) changed since 1.0.0" in app.status.getvalue()
    # a view for the page whose words changed, and for no other page
    views = sorted(p.name for p in app.outdir.glob("changed-*.html"))
    assert views == ["changed-guidance.html"]
    view = soup(app.outdir / "changed-guidance.html")
    assert marks(view, "del") == ["2023", "concern"]
    assert marks(view, "ins") == ["2026", "worry"]
    # the labels are in the text: a screen reader says them
    labels = [n.get_text() for n in view.select(".handbook-text-changes-note")]
    assert labels == ["removed: ", "added: ", "removed: ", "added: "]
    # only the changed paragraph, whole, with the unchanged words around the marks
    shown = view.select(".handbook-text-changes-text p")
    assert len(shown) == 1
    assert " ".join(shown[0].get_text(" ").split()) == (
        "Follow Working Together removed: 2023 added: 2026 when you share a removed: concern "
        "added: worry about a child."
    )
    intro = view.select_one("section.handbook-text-changes p")
    assert intro is not None
    assert "edition 1.0.0 of 23 November 2026" in intro.get_text()
    assert "built 5 December 2026" in intro.get_text()
    back = view.select_one('a[href="guidance.html"]')
    assert back is not None
    # no script, nothing stored: the view is plain HTML
    assert view.select("section.handbook-text-changes script") == []


def test_the_amendment_line_and_the_changes_page_link_the_view(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build(make_app, two_editions(tmp_path), monkeypatch)
    page = soup(app.outdir / "guidance.html")
    line = page.select_one(".handbook-amended")
    assert line is not None
    link = line.select_one("p.handbook-text-changes.handbook-web-only a")
    assert link is not None and link["href"] == "changed-guidance.html"
    assert link.get_text() == (
        "See exactly what changed in the text since edition 1.0.0 of 23 November 2026"
    )
    changes = soup(app.outdir / "changes.html")
    section = changes.select_one("section#page-amendments")
    assert section is not None
    items = [li.get_text(" ", strip=True) for li in section.select("ul.handbook-text-changes li")]
    assert items == ["Guidance (2 words added, 2 removed)", "New page (a new page)"]
    assert section.select_one('ul.handbook-text-changes a[href="changed-guidance.html"]')
    assert "The text of the other 3 pages has not changed." in section.get_text()


def test_a_build_with_nothing_new_leaves_the_views_alone(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The views are written again only when a page is: an edit shows at once."""
    src = two_editions(tmp_path)
    app = build(make_app, src, monkeypatch)
    view = app.outdir / "changed-guidance.html"
    os.utime(view, (0, 0))  # so that a rewrite shows
    app.build()
    assert "text changes: the views are up to date" in app.status.getvalue()
    assert view.stat().st_mtime == 0
    edit(src / "guidance.md", "about a child.", "about a young person.")
    app.build()
    assert view.stat().st_mtime > 0
    assert marks(soup(view), "ins") == ["2026", "worry", "young person."]
    assert marks(soup(view), "del") == ["2023", "concern", "child."]


def test_an_edit_writes_the_views_again_only_when_what_they_show_changed(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page read again whose text compares as before is not compared again, and the views
    stay as they are, the same bytes as a build from nothing writes; a new title (the menu
    every view carries) writes them again."""
    src = two_editions(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILT)
    furo = {"html_theme": "furo"}  # its menu, on every page, lists every page's title
    app = make_app("html", srcdir=src, confoverrides=furo)
    app.build()
    view = app.outdir / "changed-guidance.html"
    assert "New page" in view.read_text("utf-8")
    os.utime(view, (0, 0))  # so that a rewrite shows
    compared: list[str] = []
    compare = text_changes.compare

    def counted(old: str, new: str) -> list[list[tuple[str, str]]]:
        compared.append(new)
        return compare(old, new)

    monkeypatch.setattr(text_changes, "compare", counted)
    (src / "steady.md").write_text((src / "steady.md").read_text("utf-8") + "\n", "utf-8")
    app.build()
    assert app.warning.getvalue() == ""
    assert "text changes: the views are up to date" in app.status.getvalue()
    assert view.stat().st_mtime == 0
    assert [text.count("# Steady") for text in compared] == [1]  # the edited page alone
    clean = make_app("html", srcdir=src, builddir=tmp_path / "clean", confoverrides=furo)
    clean.build()
    assert view.read_bytes() == (clean.outdir / "changed-guidance.html").read_bytes()
    # a new page's title: the comparison is the same, the menu is not
    edit(src / "new-page.md", "# New page", "# A page added")
    app.build()
    assert view.stat().st_mtime > 0
    assert "A page added" in view.read_text("utf-8")


def test_a_tag_names_the_edition_before_the_date_does(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A later commit on the release's day is not the release when a tag says which is."""
    src = tmp_path / "handbook"
    shutil.copytree(ROOTS / "test-text-changes", src)
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "Edition 1.0.0")
    git(src, "tag", "v1.0.0")
    edit(src / "steady.md", "keeps its words", "keeps most of its words")
    edit(src / "CHANGELOG.md", "## 1.0.0", "## Unreleased\n\n- Steady edited.\n\n## 1.0.0")
    git(src, "commit", "-qam", "After the release, the same day", date="2026-11-23T18:00:00+00:00")
    app = build(make_app, src, monkeypatch)
    view = soup(app.outdir / "changed-steady.html")
    assert marks(view, "ins") == ["most of"]
    assert marks(view, "del") == []


@pytest.mark.parametrize(
    ("copy", "why"),
    [("tarball", "the build has no git history"), ("shallow", "the clone is shallow")],
)
def test_without_history_the_build_says_so_and_goes_on(
    copy: str, why: str, make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = two_editions(tmp_path)
    src = tmp_path / copy
    if copy == "tarball":
        shutil.copytree(edited, src, ignore=shutil.ignore_patterns(".git"))
    else:
        git(tmp_path, "clone", "-q", "--depth", "1", edited.as_uri(), str(src))
    app = build(make_app, src, monkeypatch)
    assert f"text changes: not shown, {why} (edition 1.0.0)" in app.status.getvalue()
    assert list(app.outdir.glob("changed-*.html")) == []
    cannot = (
        "The exact changes to the text since edition 1.0.0 of 23 November 2026 cannot be "
        "shown: this copy of the handbook was built without its history."
    )
    line = soup(app.outdir / "guidance.html").select_one(".handbook-amended")
    assert line is not None and cannot in " ".join(line.get_text(" ").split())
    section = soup(app.outdir / "changes.html").select_one("section#page-amendments")
    assert section is not None and cannot in " ".join(section.get_text(" ").split())


def test_the_text_is_what_a_reader_reads() -> None:
    """Markup, directive options, citations and labels are not words; prose and titles are."""
    markdown = (
        "---\nowner: x\n---\n\n# A *title*\n\n(a-label)=\n\nSome **bold** text "
        "{cite:p}`key`. See {ref}`a-label` and {term}`the lead <lead>`.\n\n"
        ":::{practice-point} A titled box\n:class: wide\n\nInside the box.\n:::\n\n"
        "```{toctree}\npage\n```\n\n<!-- a comment -->\n"
    )
    assert blocks_of(markdown) == [
        ["A", "title"],
        ["Some", "bold", "text.", "See", "and", "the", "lead."],
        ["A", "titled", "box"],
        ["Inside", "the", "box."],
    ]


def site_problems(html: Path, language: str) -> list[str]:
    """What is wrong with a built site's links to the views, and with the views."""
    problems = []
    changes = soup(html / "changes.html").select_one("section#page-amendments")
    if changes is None or not changes.select("p.handbook-text-changes.handbook-web-only"):
        problems.append("changes.html: What has changed says nothing about the text's changes")
        changes = None
    skip = {"search.html", "genindex.html"}
    amended = [
        (page, line)
        for page in sorted(html.glob("*.html"))
        if page.name not in skip
        for line in soup(page).select(".handbook-amended")[:1]
    ]
    if not amended:
        problems.append("no page has an amendment line")
    links = [a["href"] for a in changes.select("a[href^='changed-']")] if changes else []
    for page, line in amended:
        if not line.select("p.handbook-text-changes.handbook-web-only"):
            problems.append(f"{page.name}: the amendment line says nothing about the text")
        links += [a["href"] for a in line.select("a[href^='changed-']")]
    labels = {"en": {"added: ", "removed: "}, "cy": {"ychwanegwyd: ", "tynnwyd: "}}[language]
    for href in sorted(set(links)):
        if not (html / href).is_file():
            problems.append(f"{href}: linked, not built")
            continue
        view = soup(html / href)
        text = view.select_one(".handbook-text-changes-text")
        if text is None or not text.select("ins, del"):
            problems.append(f"{href}: no word marked as added or removed")
            continue
        notes = view.select(".handbook-text-changes-note")
        if len(notes) != len(text.select("ins, del")):
            problems.append(f"{href}: a mark without its label for screen readers")
        if {n.get_text() for n in notes} - labels:
            problems.append(f"{href}: labels not in the page's language")
        if language != "en" and (
            text.get("lang") != "en-GB" or {n.get("lang") for n in notes} != {language}
        ):
            problems.append(f"{href}: the English text or the labels' language is not marked")
    return problems


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_site_links_the_views_in_both_languages(
    language: str, handbook_build: Build, welsh_build: Build
) -> None:
    site = handbook_build if language == "en" else welsh_build
    assert site_problems(site.html, language) == []
    assert list(site.html.glob("changed-*.html")), "no view was built"


def test_the_site_check_does_fail_on_a_broken_copy(welsh_build: Build, tmp_path: Path) -> None:
    """A Welsh site whose view lost its language marks and whose amendment line lost its
    sentence is caught."""
    broken = tmp_path / "cy"
    shutil.copytree(welsh_build.html, broken, ignore=shutil.ignore_patterns("_static", "*.pdf"))
    views = sorted(broken.glob("changed-*.html"))
    assert views
    view = views[0]
    view.write_text(view.read_text(encoding="utf-8").replace(' lang="en-GB"', ""), "utf-8")
    for page in broken.glob("*.html"):
        if page.name != "changes.html":
            html = page.read_text(encoding="utf-8")
            html = html.replace('class="handbook-text-changes handbook-web-only"', 'class="x"')
            page.write_text(html, encoding="utf-8")
    problems = site_problems(broken, "cy")
    assert f"{view.name}: the English text or the labels' language is not marked" in problems
    assert any(p.endswith(": the amendment line says nothing about the text") for p in problems)
