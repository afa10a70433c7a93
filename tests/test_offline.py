"""Offline on request (handbook/web/offline.py): the worker's list, the control, and in
Debian's Chromium, in both languages, a kept copy that works with no network, nothing kept
without a click, and nothing left after "Remove".

The browser tests serve the real build from a server of their own that can be switched
"down": while it is, every request that reaches it is recorded and answered 503, so a page
that loads then came from the kept copy, not from the network.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import Build, build_day, pdf_texts
from sphinx.testing.util import SphinxTestApp

WORKER = "offline-worker.js"
#: the control's markup (the page's own id, "use-this-handbook-offline", is not it)
CONTROL = 'id="handbook-offline"'
OFFLINE_JSON = re.compile(r"^var OFFLINE = (\{.*\});$", re.M)
EXIT_URL = "https://www.bbc.co.uk/weather"
NEUTRAL = "<!doctype html><title>Weather</title><h1>Neutral page</h1>"
#: the date of the build under test (conftest's BUILD_EPOCH), as each language writes it
DATE = {"en": build_day("en"), "cy": build_day("cy")}
#: what each language's reader sees: the Welsh from locales/cy/LC_MESSAGES/sphinx.po
TEXT = {
    "en": {
        "kept": f"The handbook is kept on this device: version 1.0.0 of {DATE['en']}.",
        "nojs": "Offline use needs JavaScript",
        "query": "grooming",
    },
    "cy": {
        "kept": f"Mae’r llawlyfr wedi’i gadw ar y ddyfais hon: fersiwn 1.0.0, {DATE['cy']}.",
        "nojs": "Mae angen JavaScript i ddefnyddio’r llawlyfr all-lein",
        "query": "camfanteisio",
    },
}
#: a phone
VIEWPORT = {"width": 390, "height": 844}
#: the time a copy may take to be saved (a few hundred milliseconds here)
SAVE_MS = 60_000


def worker_data(site: Path) -> dict[str, Any]:
    """The list and version the build wrote into a site's worker."""
    match = OFFLINE_JSON.search((site / WORKER).read_text(encoding="utf-8"))
    assert match, f"{site / WORKER}: no OFFLINE data"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


# --- the worker and the control (sphinx.testing) -----------------------------------------


@pytest.mark.sphinx("html", testroot="offline")
def test_the_worker_lists_every_file_of_its_language_and_nothing_else(
    app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")
    # what the site's folder holds besides this language's site
    for name in ("cy/index.html", "downloads/book.pdf", "_downloads/poster.pdf"):
        (app.outdir / name).parent.mkdir(parents=True, exist_ok=True)
        (app.outdir / name).write_text("other", encoding="utf-8")
    app.build()
    data = worker_data(app.outdir)
    on_disk = {p.relative_to(app.outdir).as_posix() for p in app.outdir.rglob("*") if p.is_file()}
    left_out = {
        name
        for name in on_disk
        if name == WORKER
        or name.startswith(("cy/", "downloads/", "_downloads/", "."))
        or name.endswith(".map")
        or name == "objects.inv"
    }
    assert data["files"] == sorted(on_disk - left_out)
    assert {"index.html", "offline.html", "page.html", "search.html", "searchindex.js"} <= set(
        data["files"]
    )
    assert {"_static/offline.js", "_static/offline.css", "_static/searchtools.js"} <= set(
        data["files"]
    )
    assert data["release"] == "2.3.4"
    assert data["date"] == "23 November 2026"


@pytest.mark.sphinx("html", testroot="offline")
def test_the_version_changes_with_the_content_and_only_then(app: SphinxTestApp) -> None:
    app.build()
    first = worker_data(app.outdir)["hash"]
    app.build()
    assert worker_data(app.outdir)["hash"] == first, "same content, same version"
    page = Path(app.srcdir, "page.md")
    page.write_text(page.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    app.build()
    assert worker_data(app.outdir)["hash"] != first, "a page changed: a new version"


@pytest.mark.sphinx("html", testroot="offline")
def test_the_control_and_its_script_are_on_its_page_only(app: SphinxTestApp) -> None:
    app.build()
    app.build(force_all=True)  # a second build in the same process (sphinx-autobuild)
    page = BeautifulSoup((app.outdir / "offline.html").read_text(encoding="utf-8"), "html.parser")
    control = page.select_one("#handbook-offline")
    assert control is not None
    assert control["data-handbook-offline-worker"] == WORKER
    assert control["data-handbook-offline-scope"] == "./"
    assert "handbook-web-only" in control["class"]
    # without JavaScript: the note shows, the buttons do not
    assert "needs JavaScript" in control.select_one(".handbook-offline__nojs").get_text()
    for button in control.select("button"):
        assert button.has_attr("hidden"), button
    assert page.select_one('script[src*="_static/offline.js"]') is not None
    text = page.get_text(" ", strip=True)
    assert text.index("Before the control.") < text.index("After the control.")
    for other in ("index.html", "page.html", "search.html"):
        html = (app.outdir / other).read_text(encoding="utf-8")
        assert CONTROL not in html and "offline.js" not in html, other


@pytest.mark.sphinx("dirhtml", testroot="offline")
def test_with_a_folder_a_page_the_control_finds_the_worker(app: SphinxTestApp) -> None:
    app.build()
    page = BeautifulSoup(
        (app.outdir / "offline" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    control = page.select_one("#handbook-offline")
    assert control is not None
    assert control["data-handbook-offline-worker"] == f"../{WORKER}"
    assert control["data-handbook-offline-scope"] == "../"
    assert "offline/index.html" in worker_data(app.outdir)["files"]


@pytest.mark.sphinx("epub", testroot="offline")
def test_a_book_gets_no_control_and_no_worker(app: SphinxTestApp) -> None:
    app.build()
    assert not list(app.outdir.rglob(WORKER))
    assert not list(app.outdir.rglob("offline.js"))
    page = (app.outdir / "offline.xhtml").read_text(encoding="utf-8")
    assert "Before the control." in page and "After the control." in page
    assert CONTROL not in page


# --- the real handbook, each language -----------------------------------------------------


def test_the_real_worker_keeps_every_page_of_its_language(edition_build: Build) -> None:
    site = edition_build.html
    data = worker_data(site)
    files = set(data["files"])
    pages = {p.name for p in edition_build.html_pages()}
    assert "offline.html" in pages
    assert pages | {"search.html", "genindex.html", "searchindex.js"} <= files
    assert {"_static/quick-exit.js", "_static/searchtools.js", "_static/offline.js"} <= files
    assert not [f for f in files if f.startswith(("cy/", "downloads/", "_downloads/"))]
    assert all((site / f).is_file() for f in files)
    assert data["release"] == "1.0.0" and data["date"] == DATE[edition_build.language]


def test_the_real_control_is_on_the_offline_page_and_allowed_a_worker(
    edition_build: Build,
) -> None:
    for page in edition_build.html_pages():
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        has_control = soup.select_one("#handbook-offline") is not None
        assert has_control == (page.name == "offline.html"), page.name
        if has_control:
            meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            assert meta is not None
            assert "worker-src 'self'" in str(meta["content"]).split("; ")
            nojs = soup.select_one(".handbook-offline__nojs")
            assert nojs is not None and TEXT[edition_build.language]["nojs"] in nojs.get_text()


def test_the_real_books_carry_no_control(edition_build: Build) -> None:
    with zipfile.ZipFile(edition_build.epub) as epub:
        names = epub.namelist()
        assert not [n for n in names if n.endswith((WORKER, "offline.js", "offline.css"))]
        pages = [n for n in names if n.endswith(".xhtml")]
        assert any(n.endswith("offline.xhtml") for n in pages), "the page is in the book"
        for name in pages:
            assert CONTROL not in epub.read(name).decode(), name
    text = " ".join(pdf_texts(edition_build.pdf))
    assert TEXT[edition_build.language]["nojs"] not in " ".join(text.split())


# --- in Chromium ----------------------------------------------------------------------------


class SwitchableHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; while the server is down, records the request and answers 503."""

    server: SwitchableServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.server.down:
            self.server.while_down.append(self.path)
            self.send_error(503)
            return
        super().do_GET()


class SwitchableServer(http.server.ThreadingHTTPServer):
    down = False
    while_down: list[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def serve(folder: Path) -> SwitchableServer:
    handler = functools.partial(SwitchableHandler, directory=str(folder))
    server = SwitchableServer(("127.0.0.1", 0), handler)
    server.while_down = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def switchable(handbook_build: Build) -> Iterator[SwitchableServer]:
    """The real site (English at /, Welsh at /cy/) on a server that can be switched off."""
    server = serve(handbook_build.html)
    yield server
    server.shutdown()
    server.server_close()


def phone(browser: Any, site: str) -> tuple[Any, Any]:
    """A phone-sized context whose requests stay on the site (the quick exit's neutral
    site is faked) and a page in it that records failed requests."""
    context = browser.new_context(viewport=VIEWPORT)

    def route(request_route: Any) -> None:
        if request_route.request.url.rstrip("/") == EXIT_URL:
            request_route.fulfill(status=200, content_type="text/html", body=NEUTRAL)
        else:
            request_route.abort()

    context.route(lambda url: not url.startswith(site), route)
    page = context.new_page()
    page.failed = []
    page.on(
        "requestfailed", lambda request: page.failed.append(f"{request.url}: {request.failure}")
    )
    return context, page


def stored(page: Any) -> tuple[int, list[str]]:
    """The service workers registered on the site and its caches' names."""
    workers = page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)")
    caches = page.evaluate("caches.keys()")
    return int(workers), list(caches)


def keep(page: Any, base: str) -> str:
    """Press "Keep" on the language's offline page; wait for the copy; return the status."""
    page.goto(f"{base}/offline.html")
    control = page.locator("#handbook-offline")
    # the script sets the state once the browser has answered (a promise): wait for it, as
    # test_nothing_is_kept_without_the_click does, or a busy machine reads no state at all
    page.wait_for_selector("#handbook-offline[data-state]")
    assert control.get_attribute("data-state") == "absent"
    assert stored(page) == (0, []), "something was kept before the click"
    page.locator(".handbook-offline__keep").click()
    page.wait_for_selector("#handbook-offline[data-state=kept]", timeout=SAVE_MS)
    return str(page.locator(".handbook-offline__status").inner_text())


def visit_offline(page: Any, base: str, names: list[str], query: str) -> None:
    """Every page and the search page with a query load, each from the kept copy.

    A diagram is an ``<object>``, whose request no service worker may answer (the Service
    Worker specification leaves plug-in content to the network): offline, the page shows
    the diagram's description in words instead, and that is what is checked."""
    for name in names:
        response = page.goto(f"{base}/{name}")
        assert response is not None and response.ok, name
        assert response.from_service_worker, f"{name}: not from the kept copy"
        assert page.locator("article[role=main] h1").count() >= 1, name
        for diagram in page.locator("object.graphviz").all():
            assert diagram.locator("p").first.is_visible(), f"{name}: no words for the diagram"
    page.goto(f"{base}/search.html?q={query}")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    # each result's summary is read from its page, in the kept copy too
    page.locator("#search-results ul.search li p.context").first.wait_for(timeout=15_000)
    assert results.count() >= 1
    # the last page's own requests (its favicon too) are let finish, and checked with the rest
    page.wait_for_load_state("networkidle")
    # a request the browser itself cancelled because the test went on to the next page
    # (net::ERR_ABORTED: a favicon still loading) did not fail offline; a request the kept
    # copy cannot answer fails otherwise (net::ERR_FAILED, ERR_INTERNET_DISCONNECTED)
    failed = [
        f
        for f in page.failed
        if not re.search(r"/_images/[^/]+\.svg: ", f) and not f.endswith("net::ERR_ABORTED")
    ]
    assert failed == [], f"requests that failed offline: {failed}"


def quick_exit_leaves(page: Any, base: str) -> None:
    """Shift three times leaves at once, and Back does not return to the page."""
    page.goto(f"{base}/index.html")
    page.goto(f"{base}/helplines.html")
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "no worker in charge"
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(lambda url: url.rstrip("/") == EXIT_URL, timeout=5000)
    assert page.locator("h1").inner_text() == "Neutral page"
    page.go_back()
    assert page.url == f"{base}/index.html"


def remove(page: Any, base: str) -> None:
    """Press "Remove" on the offline page: no worker and no cache are left."""
    page.goto(f"{base}/offline.html")
    page.wait_for_selector("#handbook-offline[data-state=kept]", timeout=SAVE_MS)
    page.locator(".handbook-offline__remove").click()
    page.wait_for_selector("#handbook-offline[data-state=removed]", timeout=SAVE_MS)
    assert stored(page) == (0, []), "left on the device after Remove"
    page.goto(f"{base}/index.html")
    assert stored(page) == (0, []), "kept again after Remove"


def update_check(build: Build) -> str:
    """The one request the server may see while the network is down: the browser's own
    check for a new worker. About a second after each visit to a page the worker controls,
    Chromium asks the server for the worker's script, as the Service Worker specification
    has it update on navigation, and Playwright's offline switch does not cover that request
    (seen by loading one kept page and waiting). The check fails, the kept copy stays (the
    visits after it still come from the copy), and whether it falls inside the offline
    stretch depends only on how busy the machine is."""
    return f"{language_path(build)}/{WORKER}"


def language_path(build: Build) -> str:
    """Where the language's site is on the server: English at the root, Welsh at /cy."""
    return "" if build.language == "en" else f"/{build.language}"


def language_base(server: SwitchableServer, build: Build) -> str:
    return server.url + language_path(build)


@pytest.mark.browser
def test_a_kept_copy_works_offline_and_remove_leaves_nothing(
    browser: Any, switchable: SwitchableServer, edition_build: Build
) -> None:
    """Keep, then with no network every page and the search load (and the quick exit
    leaves), then Remove: one phone, in one language."""
    base = language_base(switchable, edition_build)
    text = TEXT[edition_build.language]
    names = [p.name for p in edition_build.html_pages()] + ["genindex.html"]
    context, page = phone(browser, switchable.url)
    try:
        status = keep(page, base)
        assert status.startswith(text["kept"]), status
        context.set_offline(True)
        switchable.down = True
        visit_offline(page, base, names, text["query"])
        quick_exit_leaves(page, base)
        allowed = update_check(edition_build)
        reached = [path for path in switchable.while_down if path != allowed]
        assert reached == [], "requests reached the network"
    finally:
        switchable.down = False
        switchable.while_down.clear()
    context.set_offline(False)
    remove(page, base)
    context.close()


@pytest.mark.browser
def test_nothing_is_kept_without_the_click(
    browser: Any, switchable: SwitchableServer, edition_build: Build
) -> None:
    base = language_base(switchable, edition_build)
    context, page = phone(browser, switchable.url)
    try:
        for html in edition_build.html_pages():
            page.goto(f"{base}/{html.name}")
        page.goto(f"{base}/search.html?q={TEXT[edition_build.language]['query']}")
        page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
        page.goto(f"{base}/offline.html")
        page.wait_for_selector("#handbook-offline[data-state]")
        page.wait_for_load_state("networkidle")
        assert stored(page) == (0, []), "kept on the device with no click"
        assert page.locator("#handbook-offline").get_attribute("data-state") == "absent"
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_offline_use_needs_it(
    browser: Any, switchable: SwitchableServer, edition_build: Build
) -> None:
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{language_base(switchable, edition_build)}/offline.html")
        note = page.locator(".handbook-offline__nojs")
        assert note.is_visible(), "no note that offline use needs JavaScript"
        assert TEXT[edition_build.language]["nojs"] in note.inner_text()
        assert not page.locator(".handbook-offline__keep").is_visible(), "a button that cannot work"
        assert not page.locator(".handbook-offline__remove").is_visible(), (
            "a button that cannot work"
        )
    finally:
        context.close()


@pytest.mark.browser
def test_a_kept_copy_updates_itself_when_online(
    browser: Any, handbook_build: Build, tmp_path: Path
) -> None:
    """A new version on the server (a changed page, a new list) replaces the kept one the
    next time the reader is online; offline, the changed page is the new one."""
    site = tmp_path / "site"
    shutil.copytree(handbook_build.html, site, ignore=shutil.ignore_patterns("cy"))
    server = serve(site)
    context, page = phone(browser, server.url)
    try:
        keep(page, server.url)
        old = page.locator("#handbook-offline").get_attribute("data-handbook-offline-hash")
        # a new build: one page changed, so the worker's list has a new version
        helplines = site / "helplines.html"
        helplines.write_text(
            helplines.read_text(encoding="utf-8").replace("</h1>", " (new version)</h1>", 1),
            encoding="utf-8",
        )
        worker = site / WORKER
        worker.write_text(
            worker.read_text(encoding="utf-8").replace(f'"hash":"{old}"', '"hash":"new"', 1),
            encoding="utf-8",
        )
        # online, the browser checks the worker when the reader opens a page (once the
        # worker has been idle a moment) and takes the new version whole; nothing asks it to
        for _ in range(SAVE_MS // 2000):
            page.goto(f"{server.url}/offline.html")
            page.wait_for_selector("#handbook-offline[data-state=kept]", timeout=SAVE_MS)
            if page.locator("#handbook-offline").get_attribute("data-handbook-offline-hash") == (
                "new"
            ):
                break
            page.wait_for_timeout(2000)
        status = page.locator(".handbook-offline__status").inner_text()
        assert (
            page.locator("#handbook-offline").get_attribute("data-handbook-offline-hash") == "new"
        ), f"the kept copy was not updated: {status}"
        context.set_offline(True)
        server.down = True
        page.goto(f"{server.url}/helplines.html")
        assert "(new version)" in page.locator("h1").first.inner_text()
        assert len(stored(page)[1]) == 1, "the old version's cache is deleted"
        assert server.while_down == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
