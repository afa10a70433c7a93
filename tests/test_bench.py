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
