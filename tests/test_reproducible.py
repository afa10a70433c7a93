"""Reproducible builds: with SOURCE_DATE_EPOCH set, two clean builds are byte-identical.

The HTML site (English and Welsh) and the ePubs must match byte for byte. The PDF is checked as far as
docs/decisions.md says it is reproducible: same bytes too (WeasyPrint is given a fixed
identifier and dates).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import TRANSLATIONS, Build, build_handbook, built_once, shared_folder


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A second build of the whole handbook, from nothing, in a folder of its own: made once
    a run, by whichever worker asks first (the others share it)."""
    return Build(built_once(shared_folder(tmp_path_factory) / "again", build_handbook))


def test_html_site_is_byte_identical(handbook_build: Build, second_build: Build) -> None:
    first, second = digests(handbook_build.html), digests(second_build.html)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []


@pytest.mark.parametrize("language", ["en", *TRANSLATIONS])
@pytest.mark.parametrize("edition", ["epub", "pdf"])
def test_book_files_are_byte_identical(
    edition: str, language: str, handbook_build: Build, second_build: Build
) -> None:
    one = getattr(Build(handbook_build.root, language), edition)
    two = getattr(Build(second_build.root, language), edition)
    assert one.read_bytes() == two.read_bytes()
