"""Check my wording (handbook.writing.wording_check): the language list in the browser.

The page's checker must mark exactly what the build's own prose check marks: a sample with
every form of every entry goes through Python (:func:`handbook.writing.language.marks`) and
through the page in Chromium, in every language, and the marks must be the same. The text
must never leave the page or be stored, and the quick exit must clear it. The list itself
is in every edition; the checker is on the website only.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Build
from pypdf import PdfReader
from test_accessibility import axe_violations, describe
from test_offline import worker_data

from handbook.writing import language
from handbook.writing.bibliography import entry_lines

DATA = ROOT / "source" / "_data" / "language.yaml"
BIB = ROOT / "source" / "_data" / "references.bib"
PAGE = "check-my-wording.html"
EXIT_URL = "https://www.bbc.co.uk/weather"
NEUTRAL = "<!doctype html><title>Weather</title><h1>Neutral page</h1>"

#: ordinary case-note sentences, with near-misses of the listed phrases, that must not be
#: marked. "consent" alone is the right word (a 16 year old can legally consent to sex), and
#: "at risk" is how a worry is described: neither is in the list.
CONTROL = """\
Visit on 3 March. Amy (15) said she is worried about a man she met online. He is 27.
She is at risk of sexual exploitation by this man: he gives her cigarettes and lifts.
Her mother signed the consent form for the school trip. Amy can consent to the referral.
The risk taking by the man who contacts her is the concern; he put her at risk.
She spoke about her friend, a girl from school, and about her relationship with her mother.
A child cannot consent to their own abuse. The sexual exploitation of a child is abuse.
Nonconsented. Sexually inactive. Putting themselves

at risk (a blank line splits the phrase). Prostitution laws for adults were discussed.
"""


@pytest.fixture(scope="module")
def phrases() -> list[language.Phrase]:
    keys = set(entry_lines(BIB.read_text(encoding="utf-8")))
    return language.load_phrases(DATA, keys)


def sample_text(phrases: list[language.Phrase]) -> tuple[str, list[str]]:
    """Every form of every entry, plain, in capitals, plural, hyphenated and across a line
    break, each in a sentence of its own; and the phrase names expected, in order."""
    sentences: list[str] = []
    expected: list[str] = []
    for phrase in phrases:
        for form in phrase.forms:
            for variant in language._expand(form):
                words = variant.split()
                versions = [variant, variant.upper(), variant + "s"]
                if len(words) > 1:
                    versions += ["-".join(words), words[0] + "\n" + " ".join(words[1:])]
                for version in versions:
                    sentences.append(f"The note says {version} here.")
                    expected.append(phrase.phrase)
    return "\n".join(sentences) + "\n", expected


def plain(text: str) -> str:
    """Text with typographic quotes made plain (the pages' smart quotes)."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return text.replace("\u2026", "...")


def python_marks(text: str, phrases: list[language.Phrase]) -> list[list[Any]]:
    return [[m.start, m.end, m.phrase.phrase] for m in language.marks(text, phrases)]


# --- the data (no browser) ---------------------------------------------------------------


def test_every_form_is_marked_once_in_python(phrases: list[language.Phrase]) -> None:
    text, expected = sample_text(phrases)
    assert [m[2] for m in python_marks(text, phrases)] == expected
    assert python_marks(CONTROL, phrases) == []


def test_every_entry_cites_a_source_of_the_bibliography(phrases: list[language.Phrase]) -> None:
    keys = set(entry_lines(BIB.read_text(encoding="utf-8")))
    assert all(p.source in keys for p in phrases)
    assert {p.support for p in phrases} <= {"phrase", "principle"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("    source: nspcc-older-boyfriend\n", "missing source"),
        ("    source: nspcc-older-boyfriend\n", "'no-such-key' is not a key of the bibliography"),
    ],
)
def test_an_entry_without_a_known_source_names_file_and_line(
    tmp_path: Path, change: str, message: str
) -> None:
    text = DATA.read_text(encoding="utf-8")
    assert change in text
    line = text[: text.index(change)].count("\n")  # the line of "source:", 0-based
    entry_line = max(i + 1 for i, row in enumerate(text.split("\n")[:line]) if "- phrase:" in row)
    replacement = "" if message == "missing source" else "    source: no-such-key\n"
    bad = tmp_path / "language.yaml"
    bad.write_text(text.replace(change, replacement, 1), encoding="utf-8")
    keys = set(entry_lines(BIB.read_text(encoding="utf-8")))
    with pytest.raises(language.LanguageDataError) as caught:
        language.load_phrases(bad, keys)
    assert f"{bad}:{entry_line}: entry" in str(caught.value)
    assert message in str(caught.value)


def test_the_compiled_rules_are_made_again_only_when_their_inputs_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wording-rules.js`` is compiled when the list, the bibliography or the code changed,
    or the file is not the one the last build wrote; otherwise the file is left alone."""
    from types import SimpleNamespace

    from handbook.writing import wording_check

    data = tmp_path / "source" / "_data"
    data.mkdir(parents=True)
    (data / "language.yaml").write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    (data / "references.bib").write_text(BIB.read_text(encoding="utf-8"), encoding="utf-8")
    config = SimpleNamespace(
        handbook_language_file="_data/language.yaml",
        bibtex_bibfiles=[str(data / "references.bib")],
    )
    app: Any = SimpleNamespace(
        builder=SimpleNamespace(name="html", outdir=tmp_path / "html"),
        config=config,
        srcdir=tmp_path / "source",
        env=SimpleNamespace(),
    )
    made: list[int] = []
    sources = wording_check.source_texts

    def counted(app: Any) -> dict[str, str]:
        made.append(1)
        return sources(app)

    monkeypatch.setattr(wording_check, "source_texts", counted)

    def build() -> bytes:
        app.handbook_language = None  # as each build starts (language.load_once)
        wording_check.write_static(app)
        return (tmp_path / "html" / "_static" / wording_check.DATA).read_bytes()

    first = build()
    assert len(made) == 1
    assert build() == first and len(made) == 1  # nothing changed: not made again
    (tmp_path / "html" / "_static" / wording_check.DATA).write_text("tampered", "utf-8")
    assert build() == first and len(made) == 2
    text = (data / "language.yaml").read_text(encoding="utf-8")
    why = re.search(r"^    why: (.+)$", text, re.M)
    assert why is not None
    (data / "language.yaml").write_text(text.replace(why.group(1), "A new reason.", 1), "utf-8")
    assert b"A new reason." in build() and len(made) == 3


def test_the_build_fails_on_an_unknown_source(tmp_path: Path) -> None:
    """In a real build, the bibliography is known: a key it lacks stops the build."""
    import subprocess
    import sys

    text = DATA.read_text(encoding="utf-8").replace(
        "source: nspcc-older-boyfriend", "source: no-such-key", 1
    )
    bad = tmp_path / "language.yaml"
    bad.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "handbook.writing.language", "--data", str(bad), "source/"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert re.search(rf"{re.escape(str(bad))}:\d+: entry \d+: source 'no-such-key'", result.stderr)


# --- every edition ---------------------------------------------------------------------------


def test_the_list_is_in_every_edition_and_the_box_on_the_web_only(
    edition_build: Build, phrases: list[language.Phrase]
) -> None:
    page = BeautifulSoup((edition_build.html / PAGE).read_text(encoding="utf-8"), "html.parser")
    rules = page.select("li.handbook-wording-rule")
    assert [r.select_one(".handbook-wording-phrase").get_text(strip=True) for r in rules] == [
        p.phrase for p in phrases
    ]
    for rule, phrase in zip(rules, phrases, strict=True):
        text = plain(rule.get_text(" ", strip=True))
        assert phrase.why in text and phrase.suggestion in text
        assert rule.select_one(".handbook-wording-source a[href*='references']"), phrase.phrase
        assert bool(rule.select_one(".handbook-tbc, [class*=tbc]")) == (
            phrase.support == "principle"
        ), phrase.phrase
    checker = page.select_one("#handbook-wording")
    assert checker is not None and "handbook-web-only" in checker["class"]
    textarea = checker.select_one("textarea")
    assert textarea["autocomplete"] == "off" and textarea["spellcheck"] == "false"
    assert textarea.find_parent("form") is None
    assert not checker.select("form, input[type=submit], button:not([type=button])")
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any("wording-rules.js" in s for s in scripts)
    assert any("wording-check.js" in s for s in scripts)
    with zipfile.ZipFile(edition_build.epub) as epub:
        name = next(n for n in epub.namelist() if n.endswith("check-my-wording.xhtml"))
        book = epub.read(name).decode()
    assert "handbook-wording-rule" in book and "handbook-wording__" not in book
    assert not any("wording" in n for n in epub.namelist() if n.endswith(".js"))
    pdf = " ".join(p.extract_text() for p in PdfReader(edition_build.pdf).pages)
    pdf = plain(" ".join(pdf.split()))
    for phrase in phrases:
        assert " ".join(phrase.why.split()) in pdf, phrase.phrase


def test_the_offline_copy_keeps_the_page_its_script_and_its_data(edition_build: Build) -> None:
    files = set(worker_data(edition_build.html)["files"])
    assert {PAGE, "_static/wording-check.js", "_static/wording-rules.js"} <= files


# --- in Chromium, every language ---------------------------------------------------------------


@pytest.fixture
def site(site_url: str, edition_build: Build) -> str:
    return site_url if edition_build.language == "en" else f"{site_url}/{edition_build.language}"


@pytest.fixture
def tab(browser: Any, site_url: str) -> Any:
    """A phone-sized page whose requests are logged and never leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.requests = []
    page.exits = []
    page.on("request", lambda request: page.requests.append(request.url))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(site_url):
            request_route.continue_()
        elif url.rstrip("/") == EXIT_URL:
            page.exits.append(url)
            request_route.fulfill(status=200, content_type="text/html", body=NEUTRAL)
        else:
            request_route.abort()

    page.route("**/*", route)
    yield page
    context.close()


def open_checker(tab: Any, site: str) -> None:
    tab.goto(f"{site}/{PAGE}")
    tab.wait_for_load_state("networkidle")
    tab.locator("#handbook-wording-text").wait_for(state="visible")


def check(tab: Any, text: str) -> None:
    tab.locator("#handbook-wording-text").fill(text)
    tab.locator(".handbook-wording__check").click()


def storage(tab: Any) -> dict[str, Any]:
    return {
        "cookies": tab.context.cookies(),
        "local": tab.evaluate("localStorage.length"),
        "session": tab.evaluate("sessionStorage.length"),
        "indexedDB": tab.evaluate("indexedDB.databases().then(d => d.map(x => x.name))"),
        "caches": tab.evaluate("caches.keys()"),
        "address": tab.url.split(PAGE, 1)[1],
    }


EMPTY = {"cookies": [], "local": 0, "session": 0, "indexedDB": [], "caches": [], "address": ""}


@pytest.mark.browser
def test_the_browser_marks_what_python_marks(
    tab: Any, site: str, phrases: list[language.Phrase]
) -> None:
    open_checker(tab, site)
    text, expected = sample_text(phrases)
    for sample in (text, CONTROL):
        browser_marks = tab.evaluate(
            "(t) => document.getElementById('handbook-wording').handbookMarks(t)", sample
        )
        assert browser_marks == python_marks(sample, phrases)
    check(tab, text)
    marked = tab.locator(".handbook-wording__marked mark")
    assert marked.count() == len(expected)
    results = tab.locator(".handbook-wording__results > li")
    assert results.count() == len(expected)
    sources = {p.phrase: p for p in phrases}
    for index in (0, len(expected) // 2, len(expected) - 1):
        item = results.nth(index).inner_text()
        phrase = sources[expected[index]]
        assert phrase.why in item and phrase.suggestion in item
        assert (
            tab.locator(".handbook-wording__results > li [data-source]")
            .nth(index)
            .get_attribute("data-source")
            == phrase.source
        )
    status = tab.locator(".handbook-wording__status")
    assert status.get_attribute("role") == "status" and str(len(expected)) in status.inner_text()
    check(tab, CONTROL)
    assert tab.locator(".handbook-wording__marked mark").count() == 0
    assert tab.locator(".handbook-wording__status").inner_text().strip()


@pytest.mark.browser
def test_the_text_is_never_sent_or_stored(
    tab: Any, site: str, phrases: list[language.Phrase]
) -> None:
    open_checker(tab, site)
    loaded = len(tab.requests)
    text, _ = sample_text(phrases)
    tab.locator("#handbook-wording-text").click()
    tab.keyboard.type("She consented to go with her boyfriend.")
    tab.locator(".handbook-wording__check").click()
    check(tab, text)
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")  # the Clear button, by keyboard
    check(tab, CONTROL)
    tab.wait_for_timeout(500)
    assert tab.requests[loaded:] == []
    assert storage(tab) == EMPTY


@pytest.mark.browser
def test_the_quick_exit_clears_the_text_and_back_does_not_restore_it(tab: Any, site: str) -> None:
    tab.goto(f"{site}/index.html")
    open_checker(tab, site)
    check(tab, "She was putting herself at risk.")
    cleared = []
    tab.expose_function("handbookCleared", lambda v: cleared.append(v))
    # runs after the page's own listener: it sees what is left as the page leaves
    tab.evaluate(
        """() => document.addEventListener('handbook-exit', () =>
             window.handbookCleared(document.getElementById('handbook-wording-text').value))"""
    )
    for _ in range(3):
        tab.keyboard.press("Shift")
    tab.wait_for_url(lambda url: url.rstrip("/") == EXIT_URL, timeout=5000)
    assert tab.exits and cleared == [""]
    tab.go_back()
    tab.wait_for_load_state()
    assert tab.url.endswith("index.html")  # location.replace: the checker is gone from history
    # left in the ordinary way, the page is cleared too: Back shows an empty box
    open_checker(tab, site)
    check(tab, "She was putting herself at risk.")
    tab.goto(f"{site}/index.html")
    tab.go_back()
    tab.locator("#handbook-wording-text").wait_for(state="visible")
    assert tab.locator("#handbook-wording-text").input_value() == ""
    assert tab.locator(".handbook-wording__marked mark").count() == 0


@pytest.mark.browser
def test_the_results_pass_axe_in_both_schemes(
    browser: Any, site: str, phrases: list[language.Phrase]
) -> None:
    problems: list[str] = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{site}/{PAGE}")
        check(page, "She consented; a lifestyle choice.\nHer boyfriend is 30.")
        assert page.locator(".handbook-wording__marked mark").count() == 3
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{scheme}: the page scrolls sideways ({width}px)"
        problems += describe(f"{PAGE} ({scheme})", axe_violations(page))
        context.close()
    assert problems == [], "\n".join(problems)
