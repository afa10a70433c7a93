"""Review governance: review dates on every page, overdue notices, the changelog page."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import pdf_texts
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from handbook.writing.review.changelog import parse_changelog
from handbook.writing.review.pages import check_fields, main

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
REVIEW_LINE = re.compile(
    r"Last reviewed \d{1,2} [A-Z][a-z]+ \d{4} · next review due [A-Z][a-z]+ \d{4} · owner: \S"
)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx(
    "html", testroot="review", confoverrides={"handbook_review_today": "2026-12-01"}
)
def test_the_review_line_sits_under_the_title(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app.outdir / "index.html")
    title = page.select_one("h1")
    assert title is not None
    line = title.find_next_sibling()
    assert line is not None and "handbook-review" in line["class"]
    assert line.get_text() == (
        "Law and guidance checked 4 December 2026 · Last reviewed 23 November 2026 "
        "· next review due May 2027 · owner: Test editors"
    )
    checked = line.select_one(".handbook-review-guidance")
    assert checked is not None and checked.get_text() == "Law and guidance checked 4 December 2026"
    assert page.select(".handbook-review-overdue") == []


@pytest.mark.sphinx(
    "html", testroot="review", confoverrides={"handbook_review_today": "2026-12-01"}
)
def test_an_overdue_page_shows_a_notice_and_a_log_line_never_a_warning(
    app: SphinxTestApp,
) -> None:
    app.build()
    notice = soup(app.outdir / "overdue.html").select_one(".handbook-review-overdue")
    assert notice is not None
    assert "due for review on 15 January 2026" in notice.get_text()
    assert "review overdue: overdue.md was due for review on 2026-01-15" in app.status.getvalue()
    assert "index.md" not in app.status.getvalue().split("review overdue")[-1]
    assert app.warning.getvalue() == ""  # with -W the build still passes


@pytest.mark.sphinx(
    "html", testroot="review", confoverrides={"handbook_review_today": "2026-01-15"}
)
def test_a_page_due_today_is_not_overdue(app: SphinxTestApp) -> None:
    app.build()
    assert soup(app.outdir / "overdue.html").select(".handbook-review-overdue") == []
    assert "review overdue" not in app.status.getvalue()


#: 1 February 2026 and 1 January 2026, UTC: after and before overdue.md's due date
AFTER_DUE, BEFORE_DUE = "1769904000", "1767225600"


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_overdue_is_as_of_the_builds_moment(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``handbook_review_today``, "today" is SOURCE_DATE_EPOCH's day: a build whose
    moment is after the due date carries the notice."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER_DUE)
    app.build()
    notice = soup(app.outdir / "overdue.html").select_one(".handbook-review-overdue")
    assert notice is not None
    assert "due for review on 15 January 2026" in notice.get_text()
    assert soup(app.outdir / "index.html").select(".handbook-review-overdue") == []


@pytest.mark.sphinx("html", testroot="review", freshenv=True)
def test_the_wall_clock_does_not_change_the_build(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reproducible: built today (long after the due date) with a moment before it, the page
    is not overdue, as it was not when the commit was made (README's promise)."""
    assert dt.date.today() > dt.date(2026, 1, 15)  # the real day would make it overdue
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE_DUE)
    app.build()
    assert soup(app.outdir / "overdue.html").select(".handbook-review-overdue") == []
    assert "review overdue" not in app.status.getvalue()


@pytest.mark.sphinx("html", testroot="review-bad")
def test_bad_front_matter_is_an_error_naming_page_and_line(app: SphinxTestApp) -> None:
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    expected = [
        "missing.md:1: ERROR: front matter field 'review_due' is missing or empty",
        "baddate.md:3: ERROR: last_reviewed '23/11/2026' is not an ISO date (YYYY-MM-DD)",
        "baddate.md:4: ERROR: review_due '2027-02-30' is not a valid date",
        "backwards.md:4: ERROR: review_due 2026-11-01 must be after last_reviewed 2026-11-23",
        "nofront.md:1: ERROR: front matter field 'owner' is missing or empty",
        "nofront.md:1: ERROR: front matter field 'guidance_checked' is missing or empty",
        "unchecked.md:1: ERROR: front matter field 'guidance_checked' is missing or empty",
        "badcheck.md:5: ERROR: guidance_checked '4 December 2026' is not an ISO date (YYYY-MM-DD)",
        "CHANGELOG.md:6: ERROR: changelog entry 'Some version without a date' has no ISO date",
    ]
    for message in expected:
        assert message in warnings


def test_a_bad_today_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="handbook_review_today"):
        SphinxTestApp(
            "html", srcdir=ROOTS / "test-review", confoverrides={"handbook_review_today": "soon"}
        )


def test_check_fields_accepts_dates_and_text() -> None:
    review, problems = check_fields(
        {
            "owner": "A",
            "last_reviewed": dt.date(2026, 1, 1),
            "review_due": "2026-07-01",
            "guidance_checked": "2025-12-31",
        }
    )
    assert problems == [] and review is not None
    assert review.overdue(dt.date(2026, 7, 2)) and not review.overdue(dt.date(2026, 7, 1))
    assert review.guidance_checked == dt.date(2025, 12, 31)
    # the day law and guidance were checked is required, as the review dates are
    _, problems = check_fields(
        {"owner": "A", "last_reviewed": "2026-01-01", "review_due": "2026-07-01"}
    )
    assert problems == [
        ("guidance_checked", "front matter field 'guidance_checked' is missing or empty")
    ]


# --- the changelog --------------------------------------------------------------------


@pytest.mark.sphinx(
    "html", testroot="review", confoverrides={"handbook_review_today": "2026-12-01"}
)
def test_the_changes_page_lists_entries_newest_first(app: SphinxTestApp) -> None:
    app.build()
    page = soup(app.outdir / "changes.html")
    versions = [h.get_text().rstrip("¶#") for h in page.select("section section > h2")]
    assert versions == ["1.2.0 - 2026-11-20", "1.1.0 - 2026-06-02", "1.0.0 - 2026-01-10"]
    assert "Preamble" not in page.get_text()
    assert page.select_one('a[href="https://example.org/"]') is not None


def test_unreleased_goes_first_and_equal_dates_keep_their_order() -> None:
    text = "## 1.0 - 2026-01-01\nx\n## [Unreleased]\ny\n## 1.1 - 2026-01-01\nz\n"
    entries, problems = parse_changelog(text, "CHANGELOG.md")
    assert problems == []
    assert [e.label for e in entries] == ["[Unreleased]", "1.0 - 2026-01-01", "1.1 - 2026-01-01"]


# --- the review report ------------------------------------------------------------------


def test_the_review_report_lists_pages_by_due_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(ROOTS / "test-review"), "--today", "2026-12-01", "--exclude", "CHANGELOG.md"]
    assert main(args) == 0
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if re.match(r"^\d{4}-\d{2}-\d{2}  ", line)]
    assert [row.split()[0] for row in rows] == ["2026-01-15", "2027-05-23", "2027-05-23"]
    assert "OVERDUE 320 d" in rows[0] and "overdue.md" in rows[0]
    assert "1 overdue." in out


def test_the_review_report_fails_only_on_invalid_front_matter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([str(ROOTS / "test-review-bad"), "--today", "2030-01-01"]) == 1
    assert "missing.md: front matter field 'review_due' is missing" in capsys.readouterr().out


def test_the_real_handbook_review_report_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """It lists every page with its due date (read here from the front matter with plain
    YAML), and counts the overdue ones."""
    assert main([str(ROOT / "source"), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    pages = sorted((ROOT / "source").glob("*.md"))
    assert f"{len(pages)} pages by review due date" in out
    for page in pages:
        front = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        due = str(front["review_due"])
        line = next((row for row in out.splitlines() if f"source/{page.name} " in row), "")
        assert line.startswith(due), (page.name, due, line)
    assert out.rstrip().endswith("0 overdue.")


# --- the real editions ------------------------------------------------------------------


def test_every_page_of_every_edition_shows_its_review_line(handbook_build) -> None:  # type: ignore[no-untyped-def]
    pages = [p for p in handbook_build.html_pages()]
    assert pages
    for page in pages:
        title = soup(page).select_one("article h1")
        assert title is not None, page
        line = title.find_next_sibling()
        assert line is not None and REVIEW_LINE.search(line.get_text()), page
    with zipfile.ZipFile(handbook_build.epub) as epub:
        chapters = [n for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n]
        shown = [n for n in chapters if REVIEW_LINE.search(epub.read(n).decode())]
    assert len(shown) == len(pages)
    text = " ".join(pdf_texts(handbook_build.pdf))
    text = re.sub(r"\s+", " ", text)
    assert len(REVIEW_LINE.findall(text)) == len(pages)
