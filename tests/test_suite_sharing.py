"""How the suite shares its costly things without changing what a test sees: the worker's
Chromium is closed while it goes unused and started again when a test needs it
(``IdleClosingBrowser``); a PDF's text is extracted once a run and each worker reads the
same pages (``pdf_texts``). Both in tests/conftest.py; docs/quality-gates.md, "Time"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import conftest
import pytest
from conftest import BROWSER_IDLE_SECONDS, IdleClosingBrowser, pdf_texts


class FakeBrowser:
    def __init__(self) -> None:
        self.contexts: list[object] = []
        self.closed = False

    def close(self) -> None:
        self.closed = True

    def new_context(self) -> object:
        context = object()
        self.contexts.append(context)
        return context


class FakePlaywright:
    """Counts the browsers launched (Playwright's ``playwright.chromium.launch``)."""

    def __init__(self) -> None:
        self.launched: list[FakeBrowser] = []
        self.chromium = self

    def launch(self, **_: Any) -> FakeBrowser:
        self.launched.append(FakeBrowser())
        return self.launched[-1]


def test_the_browser_starts_only_when_a_test_uses_it() -> None:
    playwright = FakePlaywright()
    browser = IdleClosingBrowser(playwright)
    assert playwright.launched == []
    browser.new_context()
    browser.new_context()
    assert len(playwright.launched) == 1
    assert len(playwright.launched[0].contexts) == 2


def test_the_browser_closes_once_idle_and_starts_again_when_needed() -> None:
    playwright = FakePlaywright()
    browser = IdleClosingBrowser(playwright)
    browser.new_context()
    first = playwright.launched[0]
    first.contexts.clear()  # the test closed its context
    browser.idle_since = 100.0
    browser.close_if_idle(100.0 + BROWSER_IDLE_SECONDS / 2)
    assert not first.closed, "closed before it had been idle long enough"
    browser.close_if_idle(100.0 + BROWSER_IDLE_SECONDS)
    assert first.closed
    browser.new_context()
    assert len(playwright.launched) == 2 and not playwright.launched[1].closed


def test_the_browser_stays_open_while_a_test_is_running_or_a_context_is_open() -> None:
    playwright = FakePlaywright()
    browser = IdleClosingBrowser(playwright)
    browser.new_context()  # a module's context, kept open across its tests
    browser.idle_since = 0.0
    browser.close_if_idle(1000.0)
    assert not playwright.launched[0].closed
    playwright.launched[0].contexts.clear()
    browser.idle_since = None  # a test that uses it is running
    browser.close_if_idle(1000.0)
    assert not playwright.launched[0].closed


def test_a_session_test_that_uses_no_browser_closes_an_idle_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hooks: a test that does not use ``browser`` closes one idle long enough; a test
    that uses it marks it busy."""
    playwright = FakePlaywright()
    browser = IdleClosingBrowser(playwright)
    browser.new_context()
    playwright.launched[0].contexts.clear()
    monkeypatch.setattr(conftest, "BROWSERS", [browser])

    class FakeItem:
        def __init__(self, *names: str) -> None:
            self.fixturenames = names

    def item_using(*names: str) -> pytest.Item:
        return cast(pytest.Item, FakeItem(*names))

    conftest.pytest_runtest_teardown(item_using("browser"))
    assert browser.idle_since is not None
    conftest.pytest_runtest_setup(item_using("browser"))
    assert browser.idle_since is None
    conftest.pytest_runtest_teardown(item_using("browser"))
    browser.idle_since -= BROWSER_IDLE_SECONDS
    conftest.pytest_runtest_setup(item_using("tmp_path"))
    assert playwright.launched[0].closed


def test_a_pdf_text_is_shared_by_the_run_and_read_again_when_the_file_changes(
    handbook_build: conftest.Build, run_folder: Path, tmp_path: Path
) -> None:
    """Whichever worker asks first extracts the pages into the run's shared folder; every
    worker reads that file. The file changed (its time and size) is extracted afresh.
    (Small PDFs the build makes: the poster, then the record of a concern form.)"""
    book = tmp_path / "book.pdf"
    book.write_bytes((handbook_build.pdf.parent / "seven-minute-briefing-poster.pdf").read_bytes())
    pages = pdf_texts(book)
    assert "7-MINUTE BRIEFING" in pages[0]
    kept = [
        json.loads((p / "pages.json").read_text("utf-8")) for p in run_folder.glob("pdf-text-*/")
    ]
    assert list(pages) in kept, "the pages were not kept in the run's shared folder"
    book.write_bytes((handbook_build.pdf.parent / "record-of-a-concern-form.pdf").read_bytes())
    again = pdf_texts(book)
    assert "Record of a concern" in again[0] and again != pages
