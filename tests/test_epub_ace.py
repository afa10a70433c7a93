"""The ePub in DAISY Ace (``@daisy/ace-cli`` from npm): no critical or serious issue.

Ace opens every page of the book in a headless Chromium through Puppeteer and runs its own
axe-core build with the EPUB rules. Puppeteer's own Chrome is not downloaded here
(``PUPPETEER_SKIP_DOWNLOAD=1``); ``PUPPETEER_EXECUTABLE_PATH`` points it at Debian's
Chromium, which Ace 1.4.6 runs without trouble (docs/quality-gates.md). Ace aborts every
http(s) request of the book itself, so the check runs offline. epubcheck is in
tests/test_editions.py.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT, Build, epub_of_one_page

ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
FAILING = {"critical", "serious"}


def ace_issues(epub: Path, out: Path) -> list[tuple[str, str, str, str]]:
    """(page, impact, rule, description) of every issue Ace reports."""
    assert ACE.is_file(), f"{ACE} missing: run `make setup` (npm ci)"
    env = {
        **os.environ,
        "PUPPETEER_EXECUTABLE_PATH": CHROMIUM,
        "PUPPETEER_SKIP_DOWNLOAD": "1",
    }
    result = subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(out), str(epub)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    report_file = out / "report.json"
    assert report_file.is_file(), f"Ace did not run:\n{result.stdout}\n{result.stderr}"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    return [
        (
            page["earl:testSubject"]["url"],
            item["earl:test"]["earl:impact"],
            item["earl:test"]["dct:title"],
            item["earl:result"]["dct:description"].splitlines()[0],
        )
        for page in report["assertions"]
        for item in page["assertions"]
    ]


@pytest.mark.browser
def test_ace_finds_no_critical_or_serious_issue(edition_build: Build, tmp_path: Path) -> None:
    """Every language's ePub."""
    issues = ace_issues(edition_build.epub, tmp_path / "ace")
    failing = [i for i in issues if i[1] in FAILING]
    assert failing == [], "DAISY Ace:\n" + "\n".join(" | ".join(i) for i in failing)


@pytest.mark.browser
def test_ace_does_fail_on_a_book_with_faults(handbook_build: Build, tmp_path: Path) -> None:
    """The check can fail: a page without its language and with an image without alt.

    The broken page is the book's whole reading order (its spine), so Ace opens it alone
    (the smallest book that shows the check failing; the full books are checked above)."""

    def add_faults(page: bytes) -> bytes:
        page = page.replace(b' lang="en-GB" xml:lang="en-GB"', b"", 1)
        return page.replace(b"</h1>", b'</h1><img src="_static/missing.png" />', 1)

    broken = epub_of_one_page(
        handbook_build.epub, tmp_path / "broken.epub", "start-here.xhtml", add_faults
    )
    failing = {
        (page, rule)
        for page, impact, rule, _ in ace_issues(broken, tmp_path / "ace")
        if impact in FAILING
    }
    assert ("start-here.xhtml", "html-has-lang") in failing, failing
    assert ("start-here.xhtml", "image-alt") in failing, failing
