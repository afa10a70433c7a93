"""'Report a problem with this page' (handbook.web.feedback)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from handbook.web.feedback import new_issue_url

ROOTS = Path(__file__).resolve().parent / "roots"


def report_link(path: Path) -> str:
    page = BeautifulSoup(path.read_text(), "html.parser")
    link = page.select_one("article p.handbook-report-problem a")
    assert link is not None, path
    assert link.get_text() == "Report a problem with this page"
    return str(link["href"])


@pytest.mark.sphinx("html", testroot="feedback")
def test_without_a_tracker_the_link_goes_to_the_about_page(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    assert report_link(app.outdir / "index.html") == "about.html#report-a-problem"
    assert report_link(app.outdir / "about.html") == "#report-a-problem"


@pytest.mark.sphinx(
    "html",
    testroot="feedback",
    confoverrides={
        "handbook_issue_tracker_url": "https://tracker.invalid/handbook/issues",
        "html_baseurl": "https://handbook.invalid/",
    },
)
def test_with_a_tracker_the_link_opens_a_prefilled_report(app: SphinxTestApp) -> None:
    app.build()
    parts = urlsplit(report_link(app.outdir / "about.html"))
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "tracker.invalid",
        "/handbook/issues/new",
    )
    query = parse_qs(parts.query)
    assert query["title"] == ["Problem with the page “About”"]
    body = query["body"][0]
    assert (
        "Page: About\nAddress: https://handbook.invalid/about.html\nSource file: about.md" in body
    )
    assert "do not include any details about a child" in body


def test_a_bad_tracker_address_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="handbook_issue_tracker_url"):
        SphinxTestApp(
            "html",
            srcdir=ROOTS / "test-feedback",
            confoverrides={"handbook_issue_tracker_url": "tracker.invalid/new?x=1"},
        )


def test_new_issue_url_encodes_everything() -> None:
    url = new_issue_url("https://t.invalid/x/", "A & B", "a.html#x", "a.md")
    assert url.startswith("https://t.invalid/x/new?title=")
    assert parse_qs(urlsplit(url).query)["title"] == ["Problem with the page “A & B”"]


def test_a_missing_label_is_a_warning(tmp_path: Path) -> None:
    srcdir = tmp_path / "feedback"
    srcdir.mkdir()
    for name in ("conf.py", "index.md"):
        (srcdir / name).write_text((ROOTS / "test-feedback" / name).read_text())
    (srcdir / "about.md").write_text("# About\n\nNo labels.\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue()
    assert (
        "label 'report-a-problem' (set by handbook_report_problem_label) is not defined" in warnings
    )
    assert (
        "label 'quick-exit-note' (set by handbook_quick_exit_help_label) is not defined" in warnings
    )


def test_every_real_page_has_the_link_and_the_epub_has_none(handbook_build) -> None:  # type: ignore[no-untyped-def]
    for page in [*handbook_build.html_pages(), handbook_build.html / "search.html"]:
        href = report_link(page)
        assert href.endswith("#report-a-problem"), page
    with zipfile.ZipFile(handbook_build.epub) as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):
                assert "handbook-report-problem" not in epub.read(name).decode(), name
