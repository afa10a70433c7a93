"""The translation machinery, on a small root: status, notice, review file, catalogue checks.

``tests/roots/test-translation`` has four pages and Welsh catalogues: one page fully
translated and checked by a reviewer, one checked but only partly translated, one fully
translated but not checked, and the status page. Each test builds the root as the Makefile
builds the handbook (warnings are errors), in English and with ``-D language=cy``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import built_once, shared_folder

TEST_ROOT = Path(__file__).parent / "roots" / "test-translation"
CATALOGUES = Path("locales", "cy", "LC_MESSAGES")


def build(
    source: Path, out: Path, language: str = "cy", *settings: str
) -> subprocess.CompletedProcess[str]:
    """Build the root's site in a language; the Welsh site goes where make puts it."""
    target = out / "cy" if language == "cy" else out
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    cmd += ["-d", str(out / f"doctrees-{language}"), "-D", f"language={language}"]
    for setting in settings:
        cmd += ["-D", setting]
    cmd += [str(source), str(target)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def make_site(folder: Path) -> None:
    # a copy: Sphinx compiles the catalogues (.mo) beside them, never into the repository
    source = folder / "root" / "source"
    shutil.copytree(TEST_ROOT, source)
    for language in ("en_GB", "cy"):
        result = build(source, folder / "site", language)
        assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root's site in both languages: built once a run, by whichever worker asks first
    (the others share it)."""
    return built_once(shared_folder(tmp_path_factory) / "translation", make_site) / "site"


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def notice(path: Path) -> dict[str, str] | None:
    """The notice's text by language, or None when the page has none."""
    box = page(path).select_one(".handbook-translation-notice")
    if box is None:
        return None
    return {part["lang"]: part.get_text(" ", strip=True) for part in box.select("[lang]")}


def test_a_checked_complete_page_has_no_notice(site: Path) -> None:
    assert notice(site / "cy" / "checked.html") is None
    assert "Mae gan bob plentyn hawl" in page(site / "cy" / "checked.html").get_text()


def test_an_unchecked_page_says_so_in_welsh_and_english_and_links_to_english(
    site: Path,
) -> None:
    text = notice(site / "cy" / "unchecked.html")
    assert text is not None
    assert "Nid yw adolygydd Cymraeg wedi gwirio" in text["cy"]
    assert "A Welsh-language reviewer has not yet checked this translation" in text["en-GB"]
    assert "English version is the authoritative one" in text["en-GB"]
    assert "not yet translated" not in text["en-GB"]
    links = {
        a["href"]
        for a in page(site / "cy" / "unchecked.html").select(".handbook-translation-notice a")
    }
    assert links == {"../unchecked.html"}
    assert (site / "cy" / "../unchecked.html").resolve().is_file()


def test_a_checked_page_with_an_untranslated_message_keeps_a_notice(site: Path) -> None:
    text = notice(site / "cy" / "partial.html")
    assert text is not None
    assert "Parts of this page are not yet translated" in text["en-GB"]
    assert "has not yet checked" not in text["en-GB"]  # the reviewer did check it
    # the untranslated message is there, in English, under the notice, and says it is English
    body = page(site / "cy" / "partial.html")
    langs = {p.get_text(strip=True): p.get("lang") for p in body.select("p")}
    assert langs["This sentence is not translated yet."] == "en-GB"
    assert langs["Mae’r frawddeg hon wedi’i chyfieithu."] is None
    english = page(site / "partial.html")
    assert not english.select("p[lang]"), "the English site marks nothing"


def test_the_english_site_has_no_notice(site: Path) -> None:
    for name in ("checked", "partial", "unchecked"):
        assert notice(site / f"{name}.html") is None


def test_the_status_file_and_table_list_every_page(site: Path) -> None:
    report = json.loads((site / "cy" / "translation-status.json").read_text(encoding="utf-8"))
    rows = {row["page"]: row for row in report["pages"]}
    assert set(rows) == {"index", "checked", "partial", "unchecked", "status"}
    assert (rows["partial"]["translated"], rows["partial"]["messages"]) == (2, 3)
    assert rows["checked"]["reviewed"] and rows["checked"]["reviewer"] == "A. Reviewer"
    assert not rows["unchecked"]["reviewed"] and rows["unchecked"]["percent"] == 100
    for folder in (site, site / "cy"):  # both sites show the Welsh status
        table = page(folder / "status.html").select_one("table.handbook-translation-status")
        assert table is not None
        cells = [
            [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in table.select("tbody tr")
        ]
        assert len(cells) == 5
        assert [
            c[1]
            for c in cells
            if c[0] in {"A partly translated page", "Tudalen wedi’i chyfieithu’n rhannol"}
        ] == ["66.7%"]


def test_hreflang_alternates_both_ways(site: Path) -> None:
    for folder, other in ((site, "cy/checked.html"), (site / "cy", "../checked.html")):
        links = {
            link["hreflang"]: link["href"]
            for link in page(folder / "checked.html").select("link[rel=alternate][hreflang]")
        }
        assert set(links) == {"en-GB", "cy", "x-default"}
        assert other in links.values()
        for href in links.values():
            assert (folder / href).resolve().is_file(), href
    assert page(site / "cy" / "checked.html").html["lang"] == "cy"  # type: ignore[index]


def test_with_the_sites_address_alternates_and_canonical_links_are_absolute(
    tmp_path: Path,
) -> None:
    """Search engines need absolute alternates; each language's canonical is its own page."""
    base = "https://handbook.invalid/guide/"
    source = tmp_path / "source"
    shutil.copytree(TEST_ROOT, source)
    for language in ("en_GB", "cy"):
        result = build(source, tmp_path / "out", language, f"html_baseurl={base}")
        assert result.returncode == 0, result.stderr
    for folder, own in ((tmp_path / "out", base), (tmp_path / "out" / "cy", base + "cy/")):
        html = page(folder / "checked.html")
        links = {
            link["hreflang"]: link["href"] for link in html.select("link[rel=alternate][hreflang]")
        }
        assert links == {
            "en-GB": base + "checked.html",
            "cy": base + "cy/checked.html",
            "x-default": base + "checked.html",
        }
        canonical = html.select_one("link[rel=canonical]")
        assert canonical is not None and canonical["href"] == own + "checked.html"


def test_the_welsh_search_index_keeps_welsh_words_whole(site: Path) -> None:
    index = (site / "cy" / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(re.search(r'"terms":(\{.*?\})', index).group(1))  # type: ignore[union-attr]
    # "ddiogel" whole, and "i": an English stop word, a Welsh word
    assert {"ddiogel", "i", "plentyn"} <= set(terms)


def test_the_welsh_search_script_has_the_welsh_plural_without_eval(site: Path) -> None:
    """Sphinx's translations script compiles its plural rule with ``new Function``, which the
    site's Content-Security-Policy refuses; the Welsh site's script has the rule as code."""
    script = (site / "cy" / "_static" / "translations.js").read_text(encoding="utf-8")
    assert "addTranslations" not in script
    assert "Documentation.PLURAL_EXPR = (n) => Number((n==1 ? 1 : n==2 ? 2 :" in script
    messages = json.loads(script[script.index("{") : script.index(");\nDocumentation.")])
    forms = messages["Search finished, found one page matching the search query."]
    assert forms[1] == "un dudalen" and len(forms) == 5
    assert all(value for value in messages.values()), "an empty translation would blank text"


# -- Bad input ---------------------------------------------------------------------------


def edit(file: Path, change: Callable[[str], str]) -> None:
    before = file.read_text(encoding="utf-8")
    after = change(before)
    assert after != before
    file.write_text(after, encoding="utf-8")


def line_of(file: Path, needle: str) -> int:
    """The line a fault is reported at: a message's faults at its msgid's line."""
    lines = file.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


BAD_INPUT = [
    (
        "po-syntax-error",
        CATALOGUES / "checked.po",
        lambda text: text.replace(
            'msgstr "Tudalen wedi’i gwirio"', 'msgstr "Tudalen wedi’i gwirio'
        ),
        "Tudalen wedi’i gwirio",
        r"not a valid catalogue",
    ),
    (
        "broken-role-target",
        CATALOGUES / "checked.po",
        lambda text: text.replace("Gweler {doc}`partial`", "Gweler {doc}`partiall`"),
        'msgid "Every child has a right',
        r"drops \{doc\}`partial`.*|adds \{doc\}`partiall`",
    ),
    (
        "mistyped-role",
        CATALOGUES / "checked.po",
        lambda text: text.replace("Gweler {doc}`partial`", "Gweler {dco}`partial`"),
        'msgid "Every child has a right',
        r"drops \{doc\}`partial`",
    ),
    (
        "missing-placeholder",
        CATALOGUES / "sphinx.po",
        lambda text: text.replace(
            'msgstr "Wedi’i wirio gan %(reviewer)s ar %(date)s"',
            'msgstr "Wedi’i wirio gan %(reviewer)s"',
        ),
        'msgid "Checked by',
        r"placeholder|date",
    ),
    (
        "plural-rule-that-is-not-plain",
        CATALOGUES / "sphinx.po",
        lambda text: text.replace("plural=(n==1 ? 1 :", "plural=(alert(n)==1 ? 1 :"),
        '"Plural-Forms:',
        r"plural rule .* is not",
    ),
    (
        "review-of-an-unknown-page",
        Path("locales", "cy", "reviewed.yaml"),
        lambda text: text + "no-such-page:\n  reviewer: A. Reviewer\n  date: 2026-11-22\n",
        "no-such-page",
        r"'no-such-page' is not a page",
    ),
    (
        "review-without-a-date",
        Path("locales", "cy", "reviewed.yaml"),
        lambda text: text.replace("  date: 2026-11-20\n", ""),
        "checked:",
        r"needs a reviewer .* and a date",
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "needle", "expect"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_translation_input_fails_naming_file_and_line(
    tmp_path: Path, file: Path, change: Callable[[str], str], needle: str, expect: str
) -> None:
    source = tmp_path / "source"
    shutil.copytree(TEST_ROOT, source)
    edit(source / file, change)
    line = line_of(source / file, needle)
    result = build(source, tmp_path / "out")
    assert result.returncode != 0, f"the build stayed green:\n{result.stderr}"
    located = [entry for entry in result.stderr.splitlines() if f"{file.as_posix()}:" in entry]
    assert located, result.stderr
    assert any(re.search(expect, entry) for entry in located), result.stderr
    assert any(f"{file.as_posix()}:{line}:" in entry for entry in located), (
        f"no message names line {line}:\n{result.stderr}"
    )


def test_the_root_builds_green_as_it_is(tmp_path: Path) -> None:
    """Without a fault the copy builds: the failures above come from the faults alone."""
    source = tmp_path / "source"
    shutil.copytree(TEST_ROOT, source)
    result = build(source, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
