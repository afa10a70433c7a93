"""Readability of every page of the site: a Flesch reading ease of at least 60 ("plain
English") on each page, counted on what readers read.

What is counted: the headings, paragraphs, list items and definitions of each page's main
content on the built site. What is left out: block quotes (the 2017 definition and other
quotations are other people's words, which the handbook must not change), code, tables (of
contacts: names and numbers, not sentences), bibliography entries (other publishers' titles
and web addresses, not sentences), front matter (never in the output) and web-only
pieces (the quick exit, "Report a problem", the hidden "(opens external site)").

Words and sentences are counted by textstat. Syllables are counted with Pyphen's en_GB
hyphenation dictionary (textstat's own fallback): textstat's English syllable counter needs
the CMU pronouncing dictionary, which nltk downloads from the internet at first use, and the
tests run offline. Why 60 and not another figure: docs/quality-gates.md. Spelling is checked
on the source by tests/test_content.py (cspell, a pinned en-GB dictionary and the project word
list).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup
from conftest import Build

#: the lowest Flesch reading ease a page may have (docs/quality-gates.md)
MIN_READING_EASE = 60.0
#: below this many words a page's figure says nothing (a title and a list of links)
MIN_WORDS = 50
LEFT_OUT = (
    "blockquote, pre, code, table, script, style, .headerlink, .handbook-web-only, "
    ".handbook-exit, .handbook-report-problem, div.citation"
)
BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption"
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


@cache
def hyphenator() -> object:
    try:
        import pyphen
    except ImportError:
        pytest.fail("pyphen missing: run `make test` (it syncs .venv from uv.lock)")
    return pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    return len(hyphenator().positions(word.lower())) + 1  # type: ignore[attr-defined]


def page_prose(html: str) -> str:
    """The prose of a page's main content, one block a line, each ending a sentence."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article[role=main]")
    assert main is not None
    for node in main.select(LEFT_OUT):
        node.decompose()
    lines = []
    for block in main.select(BLOCKS):
        if block.select_one(BLOCKS):  # the innermost blocks only
            continue
        text = block.get_text(" ", strip=True)
        if text:
            lines.append(text if text.endswith((".", "?", "!")) else text + ".")
    return "\n".join(lines)


def reading_ease(text: str) -> tuple[float, int]:
    """(Flesch reading ease, number of words) of a text."""
    try:
        import textstat
    except ImportError:
        pytest.fail("textstat missing: run `make test` (it syncs .venv from uv.lock)")
    words = WORD_RE.findall(text)
    if not words:
        return 100.0, 0
    sentences = max(1, textstat.sentence_count(text))
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word, len(words)


def test_every_page_is_plain_english(handbook_build: Build) -> None:
    figures = {}
    for page in handbook_build.html_pages():
        ease, words = reading_ease(page_prose(page.read_text(encoding="utf-8")))
        if words >= MIN_WORDS:
            figures[page.name] = round(ease, 1)
    assert len(figures) >= 15, figures
    hard = {name: ease for name, ease in figures.items() if ease < MIN_READING_EASE}
    assert hard == {}, (
        f"Pages below a Flesch reading ease of {MIN_READING_EASE} (shorter sentences, "
        f"plainer words; see docs/quality-gates.md): {hard}"
    )


def test_quotations_and_code_are_left_out() -> None:
    html = (
        '<article role="main"><h1>Title</h1><p>Short words here.</p>'
        "<blockquote><p>Notwithstanding the aforementioned considerations</p></blockquote>"
        "<pre>configuration_parameter = value</pre></article>"
    )
    assert page_prose(html) == "Title.\nShort words here."


def test_the_bound_does_fail_on_hard_prose() -> None:
    """The check can fail: officialese scores far below the bound, plain words above it."""
    hard = (
        "Notwithstanding the multiplicity of organisational responsibilities, "
        "practitioners' interdisciplinary collaboration necessitates comprehensive "
        "documentation, systematic information-sharing and continuous professional "
        "consideration of safeguarding implications. "
    ) * 4
    plain = "If you are worried about a child, talk to your safeguarding lead today. " * 4
    assert reading_ease(hard)[0] < MIN_READING_EASE
    assert reading_ease(plain)[0] > MIN_READING_EASE
