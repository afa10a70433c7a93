"""Accessibility in a real browser: Debian's Chromium, driven by Playwright, with axe-core.

- axe-core with the WCAG 2.0, 2.1 and 2.2 level A and AA rules on every page of the site, in every language
  (search and the index of terms included), at 390x844 (a phone) and 1280x800 (a laptop),
  in the light and the dark colour scheme: no violation at all.
- Keyboard: the skip link is the first thing Tab reaches and it moves focus to the content;
  every element Tab reaches is on screen and visibly focused; the navigation (the sidebar,
  or on a phone the menu) and the search work without a mouse.

One browser (``browser``), one context per language, one page reused for the whole loop. axe is put into each page with ``page.evaluate`` (the DevTools protocol), which
the site's Content-Security-Policy does not block, so the pages are tested as served. Each
page is loaded once, on a phone-sized screen, and checked in both colour schemes,
switched as a reader's phone switches them (the ``prefers-color-scheme`` media feature,
emulated, no reload); then the window is widened to a laptop's and the page checked in both
schemes again. The four tests of a language share that walk (made once a run, whichever
worker asks first), and each asserts its own viewport's and scheme's findings. (The
keyboard tests below load each page at each size.)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Build, built_once, shared_folder

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}
SCHEMES = ["light", "dark"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    count: v.nodes.length,
  }));
}"""


@cache
def axe_source() -> str:
    assert AXE.is_file(), f"{AXE} missing: run `make setup` (npm ci)"
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    version = page.evaluate("axe.version")
    assert version.startswith("4."), version
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, TAGS)
    return violations


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{where}: {v['id']} ({v['impact']}, {v['count']}x) {v['help']}: {', '.join(v['targets'])}"
        for v in violations
    ]


@pytest.fixture
def site(site_url: str, edition_build: Build) -> str:
    """The site in the language under test: English at the root, a translation under it."""
    return site_url if edition_build.language == "en" else f"{site_url}/{edition_build.language}"


#: the page's background, as red + green + blue: furo's dark background is far below this
DARK_BELOW = 3 * 80
BACKGROUND = """() => {
  const c = getComputedStyle(document.body).backgroundColor;
  return c.slice(c.indexOf("(") + 1, -1).split(",").slice(0, 3)
    .reduce((sum, x) => sum + parseInt(x, 10), 0);
}"""


def axe_in_each_scheme(page: Any, where: str) -> dict[str, list[str]]:
    """Run axe on the loaded page in the light scheme, then switch it to the dark scheme
    (as the phone's setting does: the media feature changes, the page is not reloaded),
    check that it really is dark, and run axe again."""
    findings: dict[str, list[str]] = {}
    theme = page.evaluate(
        "getComputedStyle(document.body).getPropertyValue('--color-background-primary')"
    )
    assert theme.strip(), f"{where}: furo's styles did not load"
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        dark = page.evaluate(BACKGROUND) < DARK_BELOW
        assert dark == (scheme == "dark"), f"{where} {scheme}: the scheme did not apply"
        findings[scheme] = describe(f"{where} {scheme}", axe_violations(page))
    return findings


def axe_at_each_size(page: Any, where: str) -> dict[str, dict[str, list[str]]]:
    """The loaded page at each viewport (phone first, as loaded; the window is then
    resized, not reloaded), in each scheme."""
    findings: dict[str, dict[str, list[str]]] = {}
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        findings[viewport] = axe_in_each_scheme(page, f"{where} {viewport}")
    return findings


def walk_with_axe(browser: Any, site: str, build: Build) -> dict[str, dict[str, list[str]]]:
    """Every page of the language's site, loaded once on a phone-sized screen: checked in
    both schemes, then the window is widened to a laptop's (as a tablet turned on its side
    is) and checked in both schemes again. The findings, by viewport and scheme."""
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    problems: dict[str, dict[str, list[str]]] = {v: {s: [] for s in SCHEMES} for v in VIEWPORTS}
    prefix = "" if build.language == "en" else f"{build.language}/"
    try:
        pages = sorted(build.html.glob("*.html"))
        assert len(pages) >= 17
        assert {"search.html", "genindex.html"} <= {p.name for p in pages}
        for file in pages:
            page.set_viewport_size(VIEWPORTS["phone"])
            page.emulate_media(color_scheme="light")
            page.goto(f"{site}/{file.name}", wait_until="load")
            found = axe_at_each_size(page, f"{prefix}{file.name}")
            for viewport in VIEWPORTS:
                for scheme in SCHEMES:
                    problems[viewport][scheme] += found[viewport][scheme]
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_violation_on_any_page(
    browser: Any,
    site: str,
    edition_build: Build,
    viewport: str,
    scheme: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Every page of every language, search and the index of terms included."""

    def walk(folder: Path) -> None:
        found = walk_with_axe(browser, site, edition_build)
        (folder / "problems.json").write_text(json.dumps(found), encoding="utf-8")

    name = f"axe-{edition_build.language}"
    folder = built_once(shared_folder(tmp_path_factory) / name, walk)
    found = json.loads((folder / "problems.json").read_text(encoding="utf-8"))
    problems = found[viewport][scheme]
    assert problems == [], "axe-core violations:\n" + "\n".join(problems)


def test_the_dark_scheme_is_really_dark(browser: Any, site: str) -> None:
    """The dark run above tests furo's dark colours, not the light ones twice."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(f"{site}/index.html")
        brightness = page.evaluate(BACKGROUND)
    finally:
        context.close()
    assert brightness < DARK_BELOW, brightness


def test_axe_does_fail_on_a_page_with_faults(browser: Any) -> None:
    """The check can fail: poor contrast, an image with no alt, a nameless button."""
    page = browser.new_page()
    try:
        page.set_content(
            '<!doctype html><html lang="en-GB"><head><title>t</title></head><body><main>'
            '<h1>Title</h1><p style="color:#bbb;background:#fff">Faint text</p>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>'
            "</main></body></html>"
        )
        found = {v["id"] for v in axe_violations(page)}
    finally:
        page.close()
    assert {"color-contrast", "image-alt", "button-name"} <= found, found


#: text that is faint at one size in one scheme only (elsewhere its colours are fine)
FAINT_IN = """<!doctype html><html lang="en-GB"><head><title>t</title><style>
  :root { --color-background-primary: white; }
  body { background: #fff; color: #000; }
  @media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } }
  @media (%s) and (prefers-color-scheme: %s) { p { color: %s; } }
</style></head><body><main><h1>Title</h1><p>Some text</p></main></body></html>"""
WIDTH = {"phone": "max-width: 600px", "laptop": "min-width: 601px"}


@pytest.mark.parametrize(("viewport", "faint"), [("phone", "dark"), ("laptop", "light")])
def test_axe_sees_each_size_and_scheme_on_one_load(browser: Any, viewport: str, faint: str) -> None:
    """The check can fail at either size in either scheme: a page faint only at one size in
    one scheme is found there and nowhere else, though all four are checked on one load."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    colour = {"light": "#ccc", "dark": "#333"}[faint]
    body = FAINT_IN % (WIDTH[viewport], faint, colour)
    page.route("http://test.invalid/*", lambda r: r.fulfill(body=body))
    try:
        page.emulate_media(color_scheme="light")
        page.goto("http://test.invalid/p.html")
        found = axe_at_each_size(page, "p.html")
    finally:
        page.close()
    for size in VIEWPORTS:
        for scheme in SCHEMES:
            expected = [True] if (size, scheme) == (viewport, faint) else []
            assert ["color-contrast" in line for line in found[size][scheme]] == expected, found


# -- Keyboard ------------------------------------------------------------------------------

#: what each Tab stop looks like: where it is and whether its look changed from unfocused
FOCUS_STATE = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // wait for smooth scrolling and transitions (the skip link slides in) to settle
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  // a transition under way (on a busy machine frames can stall mid-slide) is waited out
  await Promise.all(el.getAnimations().map((a) => a.finished.catch(() => null)));
  const shown = (r) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < innerHeight && r.left < innerWidth;
  // settled: still for three frames and on screen; a stop still off screen is given the
  // whole 90 frames (on a busy machine the scroll to it can start late) before it counts
  let r = el.getBoundingClientRect();
  for (let i = 0, still = 0; i < 90 && (still < 3 || !shown(r)); i += 1) {
    await frame();
    const next = el.getBoundingClientRect();
    still = next.top === r.top && next.left === r.left ? still + 1 : 0;
    r = next;
  }
  const s = getComputedStyle(el);
  const pick = (st) => [st.outlineStyle, st.outlineWidth, st.outlineColor, st.boxShadow,
    st.backgroundColor, st.color, st.textDecorationLine, st.borderTopColor,
    st.borderBottomColor, st.borderBottomWidth].join("|");
  const before = window.__unfocused.get(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  return {
    html: el.outerHTML.slice(0, 120),
    onScreen: shown(r) && s.visibility !== "hidden",
    changed: before === undefined ? outline : before !== pick(s),
    outline: outline,
  };
}"""
SNAPSHOT_UNFOCUSED = """() => {
  window.__unfocused = new Map();
  const pick = (st) => [st.outlineStyle, st.outlineWidth, st.outlineColor, st.boxShadow,
    st.backgroundColor, st.color, st.textDecorationLine, st.borderTopColor,
    st.borderBottomColor, st.borderBottomWidth].join("|");
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, [tabindex], summary, label")) {
    window.__unfocused.set(el, pick(getComputedStyle(el)));
  }
}"""


@pytest.fixture(params=list(VIEWPORTS))
def keyboard_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.__dict__["_handbook_viewport"] = request.param
    yield page
    context.close()


def tab_stops(page: Any, limit: int = 250) -> list[dict[str, Any]]:
    """Press Tab until focus leaves the page or comes round again; the state of each stop."""
    page.evaluate(SNAPSHOT_UNFOCUSED)
    stops: list[dict[str, Any]] = []
    seen: set[str] = set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        key = page.evaluate(
            "() => { const el = document.activeElement;"
            " el.dataset.handbookTab ??= String(Math.random()); return el.dataset.handbookTab; }"
        )
        if key in seen:
            break
        seen.add(key)
        stops.append(state)
    return stops


@pytest.mark.parametrize("name", ["index.html", "what-to-do.html"])
def test_skip_link_is_first_and_focus_is_always_visible(
    keyboard_page: Any, site: str, name: str
) -> None:
    page = keyboard_page
    page.goto(f"{site}/{name}", wait_until="load")
    stops = tab_stops(page)
    assert len(stops) > 10, stops
    assert "skip-to-content" in stops[0]["html"] and "#furo-main-content" in stops[0]["html"]
    hidden = [s["html"] for s in stops if not s["onScreen"]]
    unmarked = [s["html"] for s in stops if s["onScreen"] and not s["changed"]]
    viewport = page.__dict__["_handbook_viewport"]
    assert hidden == [], f"{name} ({viewport}): focus goes off screen:\n" + "\n".join(hidden)
    assert unmarked == [], f"{name} ({viewport}): focus not visible:\n" + "\n".join(unmarked)


#: three Tab stops: far down the page (scrolled to), parked off screen, and with its focus
#: ring taken away
TAB_FAULTS = """<!doctype html><html lang="en-GB"><head><title>t</title><style>
  html { scroll-behavior: smooth; }
  a { display: inline-block; }
  #away { position: absolute; left: -9999px; }
  #bare:focus { outline: none; }
</style></head><body><main><h1>Title</h1><div style="height: 3000px"></div>
<a href="#x" id="far">Far down</a> <a href="#y" id="away">Off screen</a>
<a href="#z" id="bare">No ring</a></main></body></html>"""


def test_the_tab_walk_does_fail_on_focus_off_screen_or_unmarked(browser: Any) -> None:
    """The check can fail: a stop parked off screen is off screen however long it is waited
    for, a stop whose ring is taken away is unmarked, and a stop far down the page, which
    the browser scrolls to (smoothly here), counts as on screen and marked."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.route(
        "http://test.invalid/*", lambda r: r.fulfill(body=TAB_FAULTS, content_type="text/html")
    )
    try:
        page.goto("http://test.invalid/p.html")
        stops = {s["html"].split('id="')[1].split('"')[0]: s for s in tab_stops(page)}
    finally:
        page.close()
    assert set(stops) == {"far", "away", "bare"}, stops
    assert stops["far"]["onScreen"] and stops["far"]["changed"], stops["far"]
    assert not stops["away"]["onScreen"], stops["away"]
    assert stops["bare"]["onScreen"] and not stops["bare"]["changed"], stops["bare"]


def test_the_skip_link_moves_focus_to_the_content(keyboard_page: Any, site: str) -> None:
    page = keyboard_page
    page.goto(f"{site}/what-to-do.html", wait_until="load")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#furo-main-content"
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "document.getElementById('furo-main-content').contains(document.activeElement)"
    )
    assert inside, page.evaluate("document.activeElement.outerHTML.slice(0, 120)")


def open_menu_on_a_phone(page: Any) -> None:
    """On a phone the navigation and the search are in a drawer: open it by keyboard."""
    if page.__dict__["_handbook_viewport"] != "phone":
        return
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button.nav-overlay-icon')"):
            break
    else:
        pytest.fail("the menu button cannot be reached with Tab on a phone")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('__navigation').checked"), "menu not opened"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"


def test_the_navigation_works_by_keyboard(keyboard_page: Any, site: str) -> None:
    """Tab to the navigation (on a phone: open the menu first), Enter follows a link."""
    page = keyboard_page
    page.goto(f"{site}/index.html", wait_until="load")
    open_menu_on_a_phone(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate(
            "document.activeElement.closest('.sidebar-tree') && "
            "document.activeElement.getAttribute('href')"
        )
        if href and href.endswith("what-to-do.html"):
            break
    else:
        pytest.fail("no link of the navigation reached with Tab")
    assert page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect();"
        " return r.width > 0 && r.left >= 0 && r.right <= innerWidth; })()"
    ), "the focused navigation link is not on screen"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/what-to-do.html")


def test_search_works_by_keyboard(keyboard_page: Any, site: str, edition_build: Build) -> None:
    page = keyboard_page
    page.goto(f"{site}/search.html", wait_until="load")
    open_menu_on_a_phone(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'q'"):
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("exploitation" if edition_build.language == "en" else "camfanteisio")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#search-results ul.search')"):
            break
    else:
        pytest.fail("no search result reached with Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "search.html" not in url)
    assert href.split("?")[0].split("#")[0] in page.url
