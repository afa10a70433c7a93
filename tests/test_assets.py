"""Stylesheets and scripts only where they are used (handbook.web.assets), and a meta
description on every web page (handbook.web.seo): the site's performance."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import furo
import pytest
import sphinx_design
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from handbook.web import assets
from handbook.web.seo import shorten

SD = "sphinx-design.min.css"
TABS = "design-tabs.js"
FURO_EXT = "furo-extensions.css"
PYGMENTS = "pygments.css"
TRANSLATIONS = "translations.js"
HIGHLIGHT = "sphinx_highlight.js"
LOADER = "search-highlight-loader.js"
SEARCH_HELPERS = ("doctools.js", "documentation_options.js")


def loaded(outdir: Path, page: str) -> set[str]:
    """The file names of the stylesheets and scripts a built page loads."""
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    refs = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    refs += [script["src"] for script in soup.select("script[src]")]
    # stylesheets put in the page by handbook.web.assets.inline_styles, each under its name
    for style in soup.select("style"):
        refs += re.findall(r"/\* (\S+\.css) \*/", style.get_text())
    return {ref.split("?")[0].rsplit("/", 1)[-1] for ref in refs}


@pytest.mark.sphinx("html", testroot="assets")
def test_optional_files_only_on_the_pages_that_use_them(app: SphinxTestApp) -> None:
    app.build()
    out = app.outdir
    plain = loaded(out, "index.html")
    assert {"furo.css", "furo.js", LOADER} <= plain
    assert not plain & {SD, TABS, FURO_EXT, PYGMENTS, TRANSLATIONS, HIGHLIGHT}
    # Sphinx's search helpers: fetched by the loader, with the highlighter, when needed
    assert not plain & set(SEARCH_HELPERS)

    card = loaded(out, "card.html")
    assert {SD, FURO_EXT} <= card
    assert TABS not in card  # cards need no script

    assert {SD, FURO_EXT, TABS} <= loaded(out, "tabs.html")
    # sphinx-design's classes on a plain container (as in the 7-minute briefing) count too
    assert SD in loaded(out, "classes.html")
    code = loaded(out, "code.html")
    assert PYGMENTS in code
    assert SD not in code

    # the search page keeps Sphinx's highlighter itself, and needs no loader
    search = loaded(out, "search.html")
    assert {HIGHLIGHT, "searchtools.js", *SEARCH_HELPERS} <= search
    assert LOADER not in search

    # the files are still there for the pages that ask for them
    for name in (SD, TABS, PYGMENTS, HIGHLIGHT, LOADER):
        assert (out / "_static" / name).is_file(), name
    assert app.warning.getvalue() == ""


@pytest.mark.sphinx(
    "html",
    testroot="assets",
    confoverrides={"handbook_assets_bundle": [LOADER, "scripts/furo.js"]},
)
def test_the_scripts_every_page_runs_travel_as_one_file(app: SphinxTestApp) -> None:
    app.build()
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert loaded(app.outdir, "index.html") & {LOADER, "furo.js"} == set()
    tags = BeautifulSoup(page, "html.parser").select("script[src*='handbook.js']")
    assert len(tags) == 1 and tags[0].has_attr("defer")
    # what the loader fetches before the highlighter, in order, on the bundle's tag
    assert tags[0]["data-highlight"] == "documentation_options.js doctools.js sphinx_highlight.js"
    bundle = (app.outdir / "_static" / "handbook.js").read_text(encoding="utf-8")
    furo_js = (app.outdir / "_static" / "scripts" / "furo.js").read_text(encoding="utf-8")
    assert bundle.index("localStorage") < bundle.index(furo_js.splitlines()[1][:200])
    assert "sourceMappingURL" not in bundle  # a line comment: left out
    assert "/*! For license information" in bundle  # a licence: kept
    # the search page has no loader: its scripts stay as they are
    assert "handbook.js" not in (app.outdir / "search.html").read_text(encoding="utf-8")
    assert app.warning.getvalue() == ""


def test_strip_comments_leaves_code_alone() -> None:
    script = (
        "/* a header\n * over lines */\n(() => {\n  // a note\n  const a = 1; // kept\n"
        '  const b = "http://x/*y*/";\n  /*! licence */\n})();\n//# sourceMappingURL=x.map\n'
    )
    assert assets.strip_comments(script) == (
        '(() => {\n  const a = 1; // kept\n  const b = "http://x/*y*/";\n  /*! licence */\n})();\n'
    )


SITE_SCRIPTS = ("doctools.js", "documentation_options.js", "translations.js")


def pages_loading(site: Path, names: tuple[str, ...]) -> list[str]:
    """The pages of a built site (both languages) other than search that load one of
    ``names`` as a script or stylesheet of their own."""
    found = []
    for page in sorted([*site.glob("*.html"), *site.glob("cy/*.html")]):
        if page.name == "search.html":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        refs = [t["src"] for t in soup.select("script[src]")]
        refs += [t["href"] for t in soup.select("link[rel~=stylesheet]")]
        if any(r.split("?")[0].rsplit("/", 1)[-1] in names for r in refs):
            found.append(str(page.relative_to(site)))
    return found


def test_no_content_page_loads_the_search_helpers(handbook_build: object) -> None:
    """The real site, both languages: Sphinx's search helpers and the print stylesheet are
    not fetched by any page but search (the loader fetches the helpers when it highlights;
    the print rules are in the page's own style), and every page runs one bundle."""
    site = handbook_build.html  # type: ignore[attr-defined]
    assert pages_loading(site, (*SITE_SCRIPTS, "print.css")) == []
    assert pages_loading(site, (LOADER, "furo.js", "quick-exit.js", "keyboard-drawers.js")) == []
    for page in [*site.glob("*.html"), *site.glob("cy/*.html")]:
        if page.name != "search.html":
            text = page.read_text(encoding="utf-8")
            assert text.count("_static/handbook.js?v=") == 1, page
            assert "@media print{" in text, page
    cy = BeautifulSoup((site / "cy" / "index.html").read_text(encoding="utf-8"), "html.parser")
    # the Welsh site's catalogue is fetched with the highlighter (it has a message to give)
    assert "translations.js" in cy.select_one("script[src*='handbook.js']")["data-highlight"]


@pytest.mark.sphinx("singlehtml", testroot="assets")
def test_other_builders_are_left_alone(app: SphinxTestApp) -> None:
    app.build()
    files = loaded(app.outdir, "index.html")
    assert {SD, HIGHLIGHT, TRANSLATIONS} <= files
    assert LOADER not in files


@pytest.mark.sphinx("html", testroot="assets", confoverrides={"language": "fr"})
def test_a_catalogue_that_translates_is_kept(app: SphinxTestApp) -> None:
    app.build()
    assert TRANSLATIONS in loaded(app.outdir, "search.html")
    # elsewhere the loader fetches it, with the highlighter (its one message)
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert TRANSLATIONS in soup.select_one(f"script[src*='{LOADER}']")["data-highlight"]


@pytest.mark.sphinx("html", testroot="assets", confoverrides={"language": "en"})
def test_a_language_without_a_catalogue_builds(app: SphinxTestApp) -> None:
    app.build()
    assert TRANSLATIONS not in loaded(app.outdir, "index.html")
    assert SD not in loaded(app.outdir, "index.html")
    assert app.warning.getvalue() == ""


def _catalogue(tmp_path: Path, messages: dict[str, object], plural: str = "(n != 1)") -> Path:
    path = tmp_path / "sphinx.js"
    body = json.dumps({"messages": messages, "plural_expr": plural, "locale": "xx"})
    path.write_text(f"Documentation.addTranslations({body});\n", encoding="utf-8")
    return path


def test_catalogue_is_identity(tmp_path: Path) -> None:
    same = {"Search": "Search", "Hide Search Matches": "", "page": ["page", "pages"]}
    assert assets.catalogue_is_identity(_catalogue(tmp_path, same))
    assert not assets.catalogue_is_identity(_catalogue(tmp_path, {"Search": "Recherche"}))
    assert not assets.catalogue_is_identity(_catalogue(tmp_path, {"page": ["Seite", "Seiten"]}))
    assert not assets.catalogue_is_identity(_catalogue(tmp_path, same, plural="(n > 1)"))


def _rules(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of every rule, @keyframes and comments left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@keyframes[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", css)
    css = re.sub(r"@media[^{]*\{", "", css)
    return re.findall(r"([^{}]+)\{([^{}]*)\}", css)


def _tokens(selector: str) -> tuple[set[str], set[str]]:
    return set(re.findall(r"\.([\w-]+)", selector)), set(re.findall(r"#([A-Za-z][\w-]*)", selector))


@pytest.mark.parametrize(
    ("stylesheet", "name"),
    [
        (Path(sphinx_design.__file__).parent / "static" / SD, "_static/sphinx-design.min.css"),
        (
            Path(furo.__file__).parent / "theme" / "furo" / "static" / "styles" / FURO_EXT,
            "_static/styles/furo-extensions.css",
        ),
    ],
)
def test_every_rule_of_a_dropped_stylesheet_needs_a_marker(stylesheet: Path, name: str) -> None:
    """After an upgrade of sphinx-design or furo: a rule that could style a page without
    any of the marker classes would be lost on that page. Only rules that set custom
    properties (variables for the components) or the documented ``.container`` rule may
    match without one."""
    need = assets.OPTIONAL[name]
    rules = _rules(stylesheet.read_text(encoding="utf-8"))
    assert len(rules) > 10
    for selectors, declarations in rules:
        for selector in selectors.split(","):
            classes, ids = _tokens(selector)
            if need(classes, ids):
                continue
            if selector.strip() == "[role=main] .container":
                continue  # repeats the defaults: see FURO_EXTENSIONS_ONLY_WITH
            props = [d.split(":")[0].strip() for d in declarations.split(";") if d.strip()]
            assert props and all(p.startswith("--") for p in props), (selector, declarations)


@pytest.mark.sphinx("html", testroot="assets")
def test_every_page_has_one_meta_description(app: SphinxTestApp) -> None:
    app.build()

    def descriptions(page: str) -> list[str]:
        soup = BeautifulSoup((app.outdir / page).read_text(encoding="utf-8"), "html.parser")
        return [m["content"] for m in soup.select("meta[name=description]")]

    # the first paragraph of running text, not the note before it
    assert descriptions("index.html") == [
        "This page uses no sphinx-design component, no code and no diagram, so it needs "
        "none of their files."
    ]
    assert descriptions("described.html") == ["This page describes itself."]
    assert descriptions("search.html") == ["A test site for handbook.assets"]


def test_shorten_cuts_at_a_word() -> None:
    text = "word " * 60
    short = shorten(text)
    assert len(short) <= 160
    assert short.endswith("word…")
    assert shorten("  two\n lines ") == "two lines"


@pytest.fixture
def served(app: SphinxTestApp) -> Iterator[str]:
    app.build()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(app.outdir))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
@pytest.mark.sphinx("html", testroot="assets")
def test_search_terms_are_still_highlighted(served: str, browser: object) -> None:
    """The loader fetches sphinx_highlight.js only when the search page left terms."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{served}/index.html", wait_until="networkidle")
    assert not any(HIGHLIGHT in url for url in requested)
    assert page.locator("span.highlighted").count() == 0

    # what the search page does when a reader follows a result
    page.evaluate("localStorage.setItem('sphinx_highlight_terms', 'diagram')")
    page.goto(f"{served}/index.html", wait_until="networkidle")
    page.wait_for_selector("span.highlighted", timeout=5000)
    assert page.locator("span.highlighted").first.inner_text().lower() == "diagram"
    assert page.evaluate("localStorage.getItem('sphinx_highlight_terms')") is None
    # and the old form, in the address
    page.goto(f"{served}/index.html?highlight=sphinx", wait_until="networkidle")
    page.wait_for_selector("span.highlighted", timeout=5000)
    context.close()


def test_briefing_styles_only_on_the_briefing_page(handbook_build: object) -> None:
    """The real site: the 7-minute briefing's stylesheet is not loaded anywhere else."""
    html = handbook_build.html  # type: ignore[attr-defined]
    with_styles = sorted(
        page.name for page in html.glob("*.html") if "_static/briefing.css" in page.read_text()
    )
    assert with_styles == ["seven-minute-briefing.html"]


def test_a_page_carries_only_the_rules_it_can_use(tmp_path: Path) -> None:
    """handbook.web.assets.subset_css: a rule stays only if the page (or its scripts) has
    every class, id and element it needs; custom properties stay only if a kept rule reads
    them; pseudo-classes, attribute tests and ``@media`` are kept as they are."""
    sheet = tmp_path / "site.css"
    sheet.write_text(
        "body{--used:red;--chained:var(--used);--unused:blue;color:black}"
        ".kept{color:var(--chained)}.gone{color:var(--unused)}"
        "a:hover,.gone a{color:green}#here>p{margin:0}#elsewhere{margin:1px}"
        "table{border:0}[data-theme=dark] .kept:not(.gone){color:white}"
        ".added-by-script{top:0}"
        "@media (max-width:40em){.kept{padding:0}.gone{padding:0}}"
        "@media print{.gone{display:none}}",
        encoding="utf-8",
    )
    html = '<body><div id="here" class="kept"><p><a href="#">x</a></p></div></body>'
    script = tmp_path / "page.js"
    script.write_text('el.classList.add("added-by-script")', encoding="utf-8")
    css = assets.subset_css([sheet], assets.used_by(html, [script]), html)
    assert "--used:red" in css and "--chained:var(--used)" in css
    assert "--unused" not in css and ".gone{" not in css and ".gone a" not in css
    assert "a:hover{" in css and "#here>p{" in css and "#elsewhere" not in css
    assert "table" not in css
    assert "[data-theme=dark] .kept:not(.gone){" in css
    assert ".added-by-script{" in css
    assert "@media (max-width:40em){.kept{padding:0}}" in css
    assert "@media print" not in css


def test_the_icons_a_page_does_not_show_are_left_out() -> None:
    html = (
        '<svg><symbol id="svg-toc"><path/></symbol>\n  <symbol id="svg-eye"><path/></symbol></svg>'
        '<svg><use href="#svg-toc"></use></svg>'
    )
    pruned = assets.prune_icons(html)
    assert 'id="svg-toc"' in pruned and 'id="svg-eye"' not in pruned


def test_citation_labels_keep_their_brackets_as_text() -> None:
    """handbook.web.assets.plain_brackets: the same text, without a span per bracket."""
    label = '<span class="label"><span class="fn-bracket">[</span>12<span class="fn-bracket">]</span></span>'
    assert assets.plain_brackets(label) == '<span class="label">[12]</span>'
    other = '<span class="fn-bracket">x</span>'
    assert assets.plain_brackets(other) == other
