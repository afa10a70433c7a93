"""Quick exit ("Exit this page") on every web page, tested in Debian's Chromium."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import pdf_texts
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).resolve().parent / "roots"
EXIT_URL = "https://www.bbc.co.uk/weather"
NEUTRAL = "<!doctype html><title>Weather</title><h1>Neutral page</h1>"


# --- markup (sphinx.testing) ------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="feedback")
def test_the_markup_follows_the_skip_link(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    links = page.body.find_all(["a", "button", "input"]) if page.body else []
    focusable = [el for el in links if el.name == "a" and el.get("href")]
    assert [el.get_text().strip() for el in focusable[:4]] == [
        "Skip to content",
        "Exit this page",
        "Emergency: Exit this page",
        "How quick exit works",
    ]
    assert [el["href"] for el in focusable[1:4]] == [
        EXIT_URL,
        EXIT_URL,
        "about.html#quick-exit-note",
    ]
    assert page.select_one('script[src*="quick-exit.js"]') is not None
    assert page.select_one('link[href*="quick-exit.css"]') is not None
    assert page.select_one(".handbook-exit__status[role=status]") is not None
    # no inline script of ours (furo's own theme script is the only one)
    inline = [s for s in page.find_all("script") if not s.get("src")]
    assert all("handbook" not in s.get_text() for s in inline)


@pytest.mark.sphinx(
    "html", testroot="feedback", confoverrides={"handbook_quick_exit_url": "https://example.org/"}
)
def test_the_exit_address_comes_from_conf(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "about.html").read_text()
    assert 'class="handbook-exit__button" href="https://example.org/"' in html
    assert 'href="#quick-exit-note">How quick exit works' in html


@pytest.mark.sphinx("epub", testroot="feedback")
def test_the_epub_has_no_quick_exit(app: SphinxTestApp) -> None:
    app.build()
    for page in app.outdir.glob("*.xhtml"):
        assert "handbook-exit" not in page.read_text()
        assert "quick-exit.js" not in page.read_text()


def test_a_relative_exit_address_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="handbook_quick_exit_url"):
        SphinxTestApp(
            "html",
            srcdir=ROOTS / "test-feedback",
            confoverrides={"handbook_quick_exit_url": "javascript:history.back()"},
        )


def test_the_real_epub_and_pdf_have_no_quick_exit(handbook_build: Any) -> None:
    with zipfile.ZipFile(handbook_build.epub) as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):
                assert "handbook-exit" not in epub.read(name).decode(), name
    text = " ".join(pdf_texts(handbook_build.pdf))
    assert "How quick exit works" not in text and "Emergency: Exit" not in text


# --- behaviour in Chromium, in every language ------------------------------------------

#: what a reader sees and hears, by language: the Welsh from locales/cy/LC_MESSAGES/sphinx.po
TEXT = {
    "en": {
        "skip": "Skip to content",
        "exit": "Exit this page",
        "emergency": "Emergency: Exit this page",
        "two_more": "Shift, press 2 more times to exit.",
        "one_more": "Shift, press 1 more time to exit.",
        "expired": "Exit this page expired.",
    },
    "cy": {
        "skip": "Neidio i’r prif gynnwys",
        "exit": "Gadael y dudalen hon",
        "emergency": "Argyfwng: Gadael y dudalen hon",
        "two_more": "Shift, pwyswch ddwywaith eto i adael.",
        "one_more": "Shift, pwyswch unwaith eto i adael.",
        "expired": "Daeth yr amser i ben: nid ydych wedi gadael y dudalen hon.",
    },
}


@pytest.fixture
def site(site_url: str, edition_build: Any) -> str:
    """The address of the site in the language under test (English, then each translation)."""
    return site_url if edition_build.language == "en" else f"{site_url}/{edition_build.language}"


@pytest.fixture
def text(edition_build: Any) -> dict[str, str]:
    return TEXT[edition_build.language]


@pytest.fixture
def page(browser: Any, site_url: str) -> Any:
    """A fresh page whose requests never leave 127.0.0.1; the exit address is faked."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.exits = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(site_url):
            request_route.continue_()
        elif url.rstrip("/") == EXIT_URL:
            tab.exits.append(url)
            request_route.fulfill(status=200, content_type="text/html", body=NEUTRAL)
        else:
            request_route.abort()

    tab.route("**/*", route)
    yield tab
    context.close()


def exited(tab: Any) -> bool:
    tab.wait_for_url(lambda url: url.rstrip("/") == EXIT_URL, timeout=5000)
    return tab.locator("h1").inner_text() == "Neutral page"


def dots(tab: Any) -> int:
    return int(tab.locator(".handbook-exit__dot--on").count())


@pytest.mark.browser
def test_every_page_has_the_button_right_after_the_skip_link(
    page: Any, site: str, edition_build: Any, text: dict[str, str]
) -> None:
    for html in [*edition_build.html_pages(), edition_build.html / "search.html"]:
        page.goto(f"{site}/{html.name}")
        assert page.locator(".handbook-exit__button").is_visible(), html.name
        order = []
        for _ in range(3):
            page.keyboard.press("Tab")
            order.append(page.evaluate("document.activeElement.textContent.trim()"))
        assert order == [text["skip"], text["exit"], text["emergency"]], html


@pytest.mark.browser
def test_shift_three_times_leaves_and_back_does_not_return(
    page: Any, site: str, text: dict[str, str]
) -> None:
    page.goto(f"{site}/index.html")
    page.goto(f"{site}/helplines.html")
    status = page.locator(".handbook-exit__status")
    page.keyboard.press("Shift")
    assert status.inner_text() == text["two_more"]
    assert dots(page) == 1
    page.keyboard.press("Shift")
    assert status.inner_text() == text["one_more"]
    assert dots(page) == 2
    page.keyboard.press("Shift")
    assert exited(page)
    page.go_back()
    assert page.url == f"{site}/index.html"  # location.replace: helplines is gone


@pytest.mark.browser
def test_presses_reset_after_five_seconds(page: Any, site: str, text: dict[str, str]) -> None:
    page.clock.install()
    page.goto(f"{site}/helplines.html")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(5100)
    assert page.locator(".handbook-exit__status").inner_text() == text["expired"]
    assert dots(page) == 0
    page.keyboard.press("Shift")
    assert page.url == f"{site}/helplines.html"
    assert page.exits == []


@pytest.mark.browser
def test_typing_capitals_does_not_count(page: Any, site: str) -> None:
    """Real capitals: each ``Shift+Key…`` press sends Shift down, the letter with
    ``shiftKey``, and Shift up, as a person typing does. None of them counts; Shift alone,
    after them, counts exactly once."""
    page.goto(f"{site}/search.html")
    page.locator("input[name=q]").first.focus()
    for key in ("Shift+KeyC", "Shift+KeyS", "Shift+KeyE", "Shift+KeyA", "Shift+KeyB"):
        page.keyboard.press(key)
    assert page.locator("input[name=q]").first.input_value() == "CSEAB"  # really typed
    assert dots(page) == 0
    page.keyboard.press("Shift")
    assert dots(page) == 1
    assert page.exits == []


@pytest.mark.browser
def test_the_button_blanks_the_page_and_pageshow_restores_it(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/about.html")
    # answer the exit with 204 No Content: the browser stays, so the blanking can be seen
    page.unroute("**/*")
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(site_url) else r.fulfill(status=204),
    )
    page.locator(".handbook-exit__button").click()
    assert page.locator(".handbook-exit-overlay").is_visible()
    assert page.evaluate("document.documentElement.classList.contains('handbook-exit-active')")
    assert not page.locator("article").is_visible()
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert page.locator(".handbook-exit-overlay").count() == 0
    assert page.locator("article").is_visible()


@pytest.mark.browser
def test_the_button_works_by_keyboard_and_back_does_not_return(page: Any, site: str) -> None:
    page.goto(f"{site}/index.html")
    page.goto(f"{site}/what-to-do.html")
    page.locator(".handbook-exit__button").focus()
    page.keyboard.press("Enter")
    assert exited(page)
    page.go_back()
    assert page.url == f"{site}/index.html"  # location.replace: what-to-do is gone


@pytest.mark.browser
def test_the_skip_link_leaves_by_keyboard(page: Any, site: str, text: dict[str, str]) -> None:
    """ "Exit this page", the second Tab stop, leaves with Enter, and Back does not return."""
    page.goto(f"{site}/index.html")
    page.goto(f"{site}/helplines.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == text["exit"]
    page.keyboard.press("Enter")
    assert exited(page)
    page.go_back()
    assert page.url == f"{site}/index.html"


@pytest.mark.browser
def test_without_javascript_the_button_is_a_plain_link(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(site_url)
            else r.fulfill(status=200, content_type="text/html", body=NEUTRAL)
        ),
    )
    try:
        tab.goto(f"{site_url}/index.html")
        tab.locator(".handbook-exit__button").click()
        assert exited(tab)
    finally:
        context.close()


@pytest.mark.browser
def test_the_help_link_reaches_the_note(page: Any, site: str) -> None:
    page.goto(f"{site}/helplines.html")
    page.locator(".handbook-exit__help").click()
    page.wait_for_url(f"{site}/about.html#quick-exit-note")
    assert page.locator("#quick-exit-note").count() == 1
