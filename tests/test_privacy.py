"""Privacy and security of the website (handbook/web/security.py).

- No page makes a request outside the site: every request of a real browser is intercepted,
  and any that is not to the local test server is blocked and reported.
- A Content-Security-Policy meta tag allows scripts only from the site and the hashes of the
  inline scripts actually on the page, and no page, search included (with a query typed and
  results shown), causes a single CSP violation.
- ``<meta name="referrer" content="no-referrer">`` on every page.
- Links that leave the site are marked as external.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import Build

from handbook.web import security

#: set up before any script of the page runs; collects every CSP violation
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || ""}:${e.lineNumber || ""}`);
});
// the timers the page has set and not yet run: a page has settled when none is left
(() => {
  const pending = new Set();
  const set = window.setTimeout.bind(window), clear = window.clearTimeout.bind(window);
  window.setTimeout = (callback, delay, ...args) => {
    const id = set((...a) => { pending.delete(id); callback(...a); }, delay, ...args);
    pending.add(id);
    return id;
  };
  window.clearTimeout = (id) => { pending.delete(id); clear(id); };
  window.__pendingTimers = () => pending.size;
})();
"""
#: the page is loaded, has no timer left to run, and the browser has gone idle
SETTLED = """(limit) => new Promise((resolve) => {
  const start = performance.now();
  const check = () => {
    if (performance.now() - start > limit) return resolve(false);
    if (document.readyState === "complete" && window.__pendingTimers() === 0) {
      requestIdleCallback(() => window.__pendingTimers() === 0 ? resolve(true) : check(),
        {timeout: 200});
    } else {
      setTimeout(check, 20);
    }
  };
  check();
})"""
#: the longest a page is watched for late violations (a page that keeps a timer running
#: for ever is watched this long)
SETTLE_LIMIT_MS = 5000
SEARCH_WORDS = "exploitation"


def csp_of(soup: BeautifulSoup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None, "no Content-Security-Policy meta tag"
    return {d.split()[0]: d.split()[1:] for d in str(meta["content"]).split(";") if d.strip()}


def inline_script_hashes(soup: BeautifulSoup) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode() + "'"
        for s in soup.find_all("script")
        if not s.get("src") and s.string
    }


# -- The markup, page by page -----------------------------------------------------------


def test_every_page_has_the_policy_first_and_no_referrer(handbook_build: Build) -> None:
    for page in sorted(handbook_build.html.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        head = soup.head
        assert head is not None, page.name
        csp = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert csp is not None, f"{page.name}: no Content-Security-Policy"
        # before any script or stylesheet, or the policy does not cover them
        assert not csp.find_all_previous(["script", "link", "style"]), page.name
        referrer = head.find("meta", attrs={"name": "referrer"})
        assert referrer is not None and referrer["content"] == "no-referrer", page.name
        policy = csp_of(soup)
        assert policy["default-src"] == ["'self'"], page.name
        scripts = policy["script-src"]
        assert scripts[0] == "'self'", page.name
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, page.name
        assert set(scripts[1:]) == inline_script_hashes(soup), f"{page.name}: hashes"
        for directive in ("connect-src", "img-src", "font-src", "style-src"):
            assert not [s for s in policy[directive] if "://" in s or s == "*"], directive


def test_no_script_style_or_font_from_elsewhere(handbook_build: Build) -> None:
    """No third-party scripts, fonts, stylesheets or analytics in any file of the site."""
    for page in sorted(handbook_build.html.glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in soup.find_all(tag, attrs={attr: True}):
                if (
                    tag == "link"
                    and "stylesheet" not in node.get("rel", [])
                    and "icon" not in node.get("rel", [])
                ):
                    continue
                assert not urlsplit(node[attr]).netloc, f"{page.name}: {node}"
    for css in handbook_build.html.glob("_static/**/*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:|url\(\s*['\"]?https?://", text), css


def test_links_that_leave_the_site_are_marked(handbook_build: Build) -> None:
    marked = 0
    for page in handbook_build.html_pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("article[role=main]")
        assert main is not None
        for link in main.select("a[href^='http']"):
            classes = link.get("class", [])
            assert "handbook-external" in classes, f"{page.name}: {link}"
            note = link.select_one(".handbook-external-note")
            assert note is not None and note.get_text() == security.EXTERNAL_NOTE, link
            assert "handbook-web-only" in note["class"], "the parity test must skip the note"
            marked += 1
        for link in main.select("a[href^='tel:'], a[href^='mailto:'], a.internal"):
            assert "handbook-external" not in link.get("class", []), link
    assert marked >= 1, "no external link found: is the check looking at the right thing?"


def test_the_policy_covers_exactly_the_inline_scripts() -> None:
    page = (
        '<html><head><meta charset="utf-8"><title>t</title></head>'
        "<body><script>one()</script><script src=x.js></script><script>two()</script></body></html>"
    )
    secured = security.secure(page)
    soup = BeautifulSoup(secured, "html.parser")
    assert set(csp_of(soup)["script-src"][1:]) == inline_script_hashes(soup)
    assert len(inline_script_hashes(soup)) == 2
    assert secured.index("Content-Security-Policy") < secured.index("<title>")
    assert security.secure(secured) == secured  # only once


# -- In the browser -----------------------------------------------------------------------


class Watcher:
    """Every request a page makes; the ones that leave the site are blocked."""

    def __init__(self, site_url: str) -> None:
        self.origin = site_url
        self.outside: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/") or url == self.origin or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def open_watched(browser: Any, site_url: str) -> tuple[Any, Any, Watcher]:
    """A browser context whose every request is watched and whose CSP reports are kept."""
    context = browser.new_context()
    watcher = Watcher(site_url)
    context.route("**/*", watcher.route)
    context.add_init_script(CSP_LISTENER)
    return context, new_tab(context), watcher


def new_tab(context: Any) -> Any:
    """A page of a watched context, whose console errors are kept."""
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    # a refused eval is thrown, not logged: Sphinx's translations script once did this
    page.on("pageerror", lambda e: console.append(str(e)))
    page.__dict__["_handbook_console"] = console
    return page


@pytest.fixture(scope="module")
def watched(browser: Any, site_url: str) -> Iterator[tuple[Any, Watcher]]:
    context, page, watcher = open_watched(browser, site_url)
    yield page, watcher
    context.close()


def settle(page: Any) -> None:
    """Wait until the page has settled (no request in flight, no timer left to run, the
    browser idle), so a violation from a late script is seen, however late it comes."""
    page.wait_for_load_state("networkidle")
    page.evaluate(SETTLED, SETTLE_LIMIT_MS)


def violations(page: Any) -> list[str]:
    found: list[str] = page.evaluate("window.__cspViolations")
    console: list[str] = page.__dict__["_handbook_console"]
    found += [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    console.clear()
    return found


#: pages loaded side by side in the walk below: each waits for quiet (no request for half a
#: second, no timer left) while the others load, instead of one after another
TABS = 4


def walk(tabs: list[Any], urls: list[str]) -> list[str]:
    """Load every URL, ``len(tabs)`` at a time, each in its own tab of one watched context;
    let each settle; every CSP violation and refused script, named by its URL."""
    problems: list[str] = []
    for start in range(0, len(urls), len(tabs)):
        batch = list(zip(tabs, urls[start : start + len(tabs)], strict=False))
        for tab, url in batch:
            tab.goto(url, wait_until="commit")
        for tab, url in batch:
            settle(tab)
            problems += [f"{url}: {v}" for v in violations(tab)]
    return problems


@pytest.mark.browser
def test_no_request_leaves_the_site_and_no_csp_violation(
    watched: tuple[Any, Watcher], site_url: str, edition_build: Build
) -> None:
    """Every page of each language's site (one test a language, so the two can run side
    by side)."""
    page, watcher = watched
    pages = sorted(edition_build.html.glob("*.html"))
    assert len(pages) > 20, f"the {edition_build.language} site's pages"
    site = edition_build.root / "html"
    urls = [f"{site_url}/{file.relative_to(site).as_posix()}" for file in pages]
    tabs = [page, *(new_tab(page.context) for _ in range(TABS - 1))]
    try:
        problems = walk(tabs, urls)
    finally:
        for tab in tabs[1:]:
            tab.close()
    assert watcher.outside == [], "requests outside the site:\n" + "\n".join(watcher.outside)
    assert problems == [], "CSP violations:\n" + "\n".join(problems)


@pytest.mark.browser
def test_search_works_under_the_policy(watched: tuple[Any, Watcher], site_url: str) -> None:
    """A query typed in the sidebar's search box gives results, with no violation."""
    page, watcher = watched
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site_url}/index.html", wait_until="networkidle")
    box = page.locator("input.sidebar-search")
    box.fill(SEARCH_WORDS)
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    settle(page)  # summaries are fetched from the site's own pages
    assert page.locator("#search-results ul.search li a").count() >= 1
    assert violations(page) == []
    assert watcher.outside == []


@pytest.mark.browser
def test_the_check_does_catch_a_request_and_a_violation(
    browser: Any, site_url: str, tmp_path: Path
) -> None:
    """The checks above can fail: a page with a third-party script and an inline script
    not in the policy is caught twice, and so is a script it asks for 1.5 s later."""
    context, page, watcher = open_watched(browser, site_url)
    late = (
        "setTimeout(() => { const s = document.createElement('script');"
        " s.src = 'https://late.invalid/x.js'; document.body.append(s); }, 1500);"
    )
    bad = security.secure(
        '<html><head><meta charset="utf-8"><title>t</title></head><body>'
        f"<script>window.ok = 1; {late}</script></body></html>"
    ).replace(
        "</body>",
        '<script src="https://www.googletagmanager.com/gtag/js"></script>'
        "<script>window.evil = 1</script></body>",
    )
    try:
        page.route(f"{site_url}/bad.html", lambda r: r.fulfill(body=bad, content_type="text/html"))
        page.goto(f"{site_url}/bad.html", wait_until="load")
        settle(page)
        found = violations(page)
        assert page.evaluate("window.ok") == 1  # hashed: allowed
        assert page.evaluate("window.evil") is None  # not hashed: blocked
        assert any("script-src" in v for v in found), found
        for outsider in ("googletagmanager", "late.invalid"):
            assert any(outsider in u for u in watcher.outside) or any(
                outsider in v for v in found
            ), (outsider, watcher.outside, found)
    finally:
        context.close()


@pytest.mark.browser
def test_the_walk_catches_a_violation_in_any_tab(browser: Any, site_url: str) -> None:
    """The walk can fail: a page with an inline script and an image from elsewhere, loaded
    in the walk's last tab between clean pages, is named, and only it."""
    context, page, watcher = open_watched(browser, site_url)
    bad = security.secure('<html><head><meta charset="utf-8"><title>t</title></head><body>x')
    bad = bad.replace(
        "x", '<img src="https://pixel.invalid/p.gif"><script>window.evil = 1</script>'
    )
    try:
        context.route(
            f"{site_url}/bad.html", lambda r: r.fulfill(body=bad, content_type="text/html")
        )
        tabs = [page, *(new_tab(context) for _ in range(TABS - 1))]
        urls = [f"{site_url}/index.html"] * (TABS - 1) + [f"{site_url}/bad.html"]
        urls.append(f"{site_url}/index.html")
        problems = walk(tabs, urls)
    finally:
        context.close()
    assert problems, "the walk missed the violation"
    assert all(p.startswith(f"{site_url}/bad.html: ") for p in problems), problems
    assert any("script-src" in p for p in problems), problems
    # the image is refused by the policy (a violation) or, were it let through, blocked
    caught = [u for u in watcher.outside if "pixel.invalid" in u]
    assert caught or any("pixel.invalid" in p for p in problems), (problems, watcher.outside)
