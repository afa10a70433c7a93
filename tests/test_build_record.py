"""``make test`` tests the editions ``make all`` made, only when they were made as the tests
expect (``made_by_make`` in tests/conftest.py, from the record each language's build
leaves: ``handbook.editions.build.record``); otherwise the suite builds its own copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BUILD_OPTIONS, MADE_BY_MAKE, SOURCE_DATE_EPOCH, TRANSLATIONS, made_by_make

from handbook.editions import build

EPOCH = "1796461869"


def write_records(root: Path, **changes: object) -> None:
    """Each language's record, as a build from nothing with the Makefile's options writes
    it, with ``changes`` made to the Welsh one."""
    for language in ("en", *TRANSLATIONS):
        made: dict[str, object] = {
            "from_nothing": True,
            "source_date_epoch": EPOCH,
            "builders": ["epub", "pdf", "html"],
            "options": BUILD_OPTIONS,
            "repository_url": "",
        }
        if language != "en":
            made.update(changes)
        (root / f"built-{language}.json").write_text(json.dumps(made), encoding="utf-8")


def test_a_build_from_nothing_with_the_usual_settings_is_tested(tmp_path: Path) -> None:
    write_records(tmp_path)
    made = made_by_make({MADE_BY_MAKE: str(tmp_path)})
    assert (made.root, made.source_date_epoch, made.why_not) == (tmp_path.resolve(), EPOCH, "")


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"from_nothing": False}, "brought up to date, not built anew"),
        ({"repository_url": "https://example.org/repo"}, "built with a repository address"),
        ({"options": [*BUILD_OPTIONS, "-D", "html_baseurl=https://x/"]}, "not built with"),
        ({"builders": ["html"]}, "not built with"),
        ({"source_date_epoch": ""}, "without SOURCE_DATE_EPOCH"),
        ({"source_date_epoch": "1796460000"}, "the languages carry different dates"),
    ],
)
def test_any_other_build_is_not(tmp_path: Path, changes: dict[str, object], why: str) -> None:
    """The suite builds its own copy, and says why (pytest's header)."""
    write_records(tmp_path, **changes)
    made = made_by_make({MADE_BY_MAKE: str(tmp_path)})
    assert made.root is None and why in made.why_not, made
    assert made.source_date_epoch == SOURCE_DATE_EPOCH


def test_no_record_or_no_folder_named_means_the_suites_own_build(tmp_path: Path) -> None:
    write_records(tmp_path)
    (tmp_path / f"built-{TRANSLATIONS[0]}.json").unlink()  # that language's build failed
    assert "missing" in made_by_make({MADE_BY_MAKE: str(tmp_path)}).why_not
    assert made_by_make({}).root is None


def test_the_record_says_whether_the_build_started_from_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``made_before`` looks for the doctrees and the editions of an earlier build;
    ``record`` writes what ``made_by_make`` reads."""
    builders = ["epub", "pdf", "html"]
    assert not build.made_before(tmp_path, "cy", builders)
    (tmp_path / "html" / "cy").mkdir(parents=True)
    assert not build.made_before(tmp_path, "cy", builders), "an empty folder is nothing"
    (tmp_path / "html" / "cy" / "index.html").write_text("<p>", encoding="utf-8")
    assert build.made_before(tmp_path, "cy", builders)
    assert not build.made_before(tmp_path, "en", builders), "html/cy is not English"
    (tmp_path / "doctrees" / "en").mkdir(parents=True)
    (tmp_path / "doctrees" / "en" / "environment.pickle").write_bytes(b"")
    assert build.made_before(tmp_path, "en", builders)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("HANDBOOK_REPOSITORY_URL", raising=False)
    for language in ("en", *TRANSLATIONS):
        build.record(tmp_path, language, builders, BUILD_OPTIONS, from_nothing=True)
    assert made_by_make({MADE_BY_MAKE: str(tmp_path)}).root == tmp_path.resolve()
    build.record(tmp_path, "en", builders, BUILD_OPTIONS, from_nothing=False)
    assert made_by_make({MADE_BY_MAKE: str(tmp_path)}).root is None
