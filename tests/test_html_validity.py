"""Valid HTML: the Nu HTML Checker (vnu-jar from npm, run with Java) reports no error on any
page of the site, search and the index of terms included.

All pages go to one run of the checker (one Java start). Warnings are not failures: the
checker warns on things that are allowed (for example a redundant ``role``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import JAVA, ROOT, Build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: list[Path]) -> list[str]:
    """Every error the Nu checker reports, as 'file:line: message'."""
    assert VNU.is_file(), f"{VNU} missing: run `make setup` (npm ci)"
    out = subprocess.run(
        [*JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(out.stderr or out.stdout)  # the checker writes its report to stderr
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] in {"error", "non-document-error"}
    ]


def test_every_page_is_valid_html(edition_build: Build) -> None:
    """In every language (the Welsh site's pages are ``html/cy/*.html``)."""
    pages = sorted(edition_build.html.glob("*.html"))
    assert {"index.html", "search.html", "genindex.html"} <= {p.name for p in pages}
    errors = vnu_errors(pages)
    assert errors == [], "Nu HTML Checker errors:\n" + "\n".join(errors)


def test_the_checker_does_fail_on_invalid_html(tmp_path: Path) -> None:
    """The check above can fail: a block inside a paragraph and a duplicate id are errors."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en-GB"><head><title>t</title></head><body>'
        '<p id="a"><div>block in a paragraph</div></p><span id="a">same id</span>'
        "<custom-thing></body></html>",
        encoding="utf-8",
    )
    errors = vnu_errors([page])
    assert any("Duplicate ID" in e for e in errors), errors
    assert len(errors) >= 2, errors
