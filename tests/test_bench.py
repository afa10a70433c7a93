"""The benchmark's Lighthouse step works wherever the benchmark writes its files.

Chromium keeps a socket under ``TMPDIR`` whose path may not pass the 107 bytes a Unix socket
allows. The benchmark once gave Lighthouse its own deep working folder as ``TMPDIR``, and
under ``make bench`` (``_build/bench/lighthouse/<edition>/<page>-<run>``, deeper still in a
long checkout path) Chromium aborted and Lighthouse said "Unable to connect to Chrome".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import lighthouse
from bench.server import serve

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>A page</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A page for the benchmark's own test."></head>
<body><main><h1>A page</h1><p>Some text.</p></main></body></html>
"""


def test_lighthouse_runs_from_a_deep_working_folder(tmp_path: Path) -> None:
    if not lighthouse.available():
        pytest.fail("Lighthouse or Chromium is missing: run `make test`, which installs them")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    workdir = tmp_path / ("deep-" * 12) / "lighthouse" / "handbook" / "index.html-0"
    assert len(str(workdir)) > 107, "the folder must be too deep for a socket path"
    with serve(site) as base:
        scores, _ = lighthouse.run_once(f"{base}/index.html", workdir)
    assert set(scores) == set(lighthouse.CATEGORIES)
    assert all(0 <= score <= 100 for score in scores.values())
    assert scores["accessibility"] > 0


@pytest.mark.parametrize("phase", ["setup", "call", "teardown"])
def test_the_welsh_tests_share_is_read_from_pytest_durations(phase: str) -> None:
    from bench.run import welsh_test_seconds

    output = (
        f"12.50s {phase}    tests/test_welsh_edition.py::test_every_welsh_page_is_valid_html\n"
        "3.25s call     tests/test_translation.py::test_the_status_file[cy]\n"
        "40.00s setup    tests/test_editions.py::test_epub_metadata\n"
        "1 passed in 60.00s\n"
    )
    assert welsh_test_seconds(output) == 15.8  # 12.5 + 3.25, not the English test's 40


def test_the_report_compares_each_welsh_build_with_the_english_one() -> None:
    from bench.report import welsh_lines

    medians = {"epub": 4.0, "pdf": 8.0, "html": 8.0, "epub_cy": 4.0, "pdf_cy": 10.0, "html_cy": 6.0}
    lines = "\n".join(welsh_lines({"medians": {"project": medians}, "tests": None}))
    assert "| all three | 20.0 s | 20.0 s |" in lines
    assert "| pdf | 8.0 s | 10.0 s |" in lines


def test_the_views_of_what_changed_are_not_content_pages() -> None:
    """The site's generated "what changed" views have no stock counterpart: counted as
    content pages, fifteen light views would pull the median down."""
    from bench.weights import not_content

    pages = ["what-is-cse.html", "changed-what-is-cse.html", "search.html", "genindex.html"]
    assert not_content(pages) == {"changed-what-is-cse.html", "search.html", "genindex.html"}
