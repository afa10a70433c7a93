"""Checks on the handbook's content, read straight from the source pages (no build needed).

- every page has front matter with an owner and valid review dates;
- every glossary term is used with ``{term}`` on another page, and every ``{term}`` exists;
- the prose is spelt in British English (cspell with the pinned en-GB -ise dictionary, plus the
  project word list in ``tests/spelling_wordlist.txt``; see ``cspell.json``);
- the 2017 definition of CSE (England) and the Wales Safeguarding Procedures' definition
  (Wales) are each quoted word for word, once, on the "What CSE is" page and on no other;
- no link points at "#", and headings go down one level at a time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import Build, is_generated

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
WORDLIST = Path(__file__).resolve().parent / "spelling_wordlist.txt"
PAGES = sorted(SOURCE.glob("*.md"))

# The definition in the Department for Education's own words (February 2017). Both briefings
# quote it with "CSE" for "child sexual exploitation" and without "for" in part (b).
# It must appear exactly once, as a block quote, in what-is-cse.md.
DEFINITION = (
    "Child sexual exploitation is a form of child sexual abuse. It occurs where an individual or group takes "
    "advantage of an imbalance of power to coerce, manipulate or deceive a child or young "
    "person under the age of 18 into sexual activity (a) in exchange for something the "
    "victim needs or wants, and/or (b) for the financial advantage or increased status of the "
    "perpetrator or facilitator. The victim may have been sexually exploited even if the "
    "sexual activity appears consensual. Child sexual exploitation does not always involve physical contact; it "
    "can also occur through the use of technology."
)

# The definition in Wales, in the words of the Wales Safeguarding Procedures' All Wales practice
# guide on CSE (https://safeguarding.wales/en/chi-i/chi-i-c6/c6-p10, last updated February 2021).
# The guide sets it out as three headed points; the block quote keeps each heading and each
# explanation as its own paragraph, in the guide's order. It must appear exactly once, as a
# block quote, in what-is-cse.md.
WALES_DEFINITION = (
    "Child Sexual Exploitation (CSE) - "
    "Is a form of sexual abuse "
    "That can include sex or any form of sexual activity with a child; the production of "
    "indecent images and/or any other indecent material involving children. "
    "Involves a child "
    "It occurs to those up to the age of 18 years old. "
    "Involves some form of exchange "
    "The exchange can include the giving or withdrawal of something; such as the withdrawal of "
    "violence or threats to abuse another person. "
    "There may be a facilitator who receives something in addition to or instead of the child "
    "who is exploited."
)

FRONT_MATTER_FIELDS = ("owner", "last_reviewed", "review_due", "guidance_checked")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def page_ids(pages: list[Path]) -> list[str]:
    return [p.stem for p in pages]


def test_every_source_page_is_a_page_of_each_site(edition_build: Build) -> None:
    """Every page in source/ is built, in each language, and no built page lacks a source
    (besides the search page and the index of terms that Sphinx makes, and the views of what
    changed in a page's text)."""
    names = {p.stem for p in PAGES}
    assert {"index", "what-is-cse", "glossary", "what-to-do", "about"} <= names
    built = {p.stem for p in edition_build.html.glob("*.html") if not is_generated(p)}
    assert built == names


# -- Front matter ------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None, the rest) of a page."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    return None, text


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} has a time; give a date (YYYY-MM-DD)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")


@pytest.mark.parametrize("page", PAGES, ids=page_ids(PAGES))
def test_front_matter(page: Path) -> None:
    raw, _ = split_front_matter(page.read_text(encoding="utf-8"))
    assert raw is not None, f"{rel(page)}: no front matter (a '---' block at the top)"
    data = yaml.safe_load(raw)
    assert isinstance(data, dict), f"{rel(page)}: front matter is not a mapping"
    missing = [f for f in FRONT_MATTER_FIELDS if not data.get(f)]
    assert not missing, f"{rel(page)}: front matter lacks {', '.join(missing)}"
    assert isinstance(data["owner"], str) and data["owner"].strip(), f"{rel(page)}: bad owner"
    try:
        reviewed = as_date(data["last_reviewed"])
        due = as_date(data["review_due"])
        as_date(data["guidance_checked"])
    except ValueError as err:
        pytest.fail(f"{rel(page)}: {err}")
    assert due > reviewed, f"{rel(page)}: review_due {due} is not after last_reviewed {reviewed}"


# -- Reading the prose of a page ---------------------------------------------------------

ROLE_RE = re.compile(r"\{([a-zA-Z][\w:-]*)\}`([^`]*)`")
LABEL_RE = re.compile(r"^\s*\([\w.:-]+\)=\s*$")
ATTR_LINE_RE = re.compile(r"^\s*\{[^{}]*\}\s*$")
ATTRIBUTION_RE = re.compile(r'attribution="([^"]*)"')
BACKTICK_FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\{([\w:-]+)\})?(.*)$")
COLON_OPEN_RE = re.compile(r"^\s*(:{3,})\s*\{([\w:-]+)\}(.*)$")
COLON_CLOSE_RE = re.compile(r"^\s*(:{3,})\s*$")
OPTION_RE = re.compile(r"^\s*:([\w-]+):\s*(.*)$")
DOT_LABEL_RE = re.compile(r'label\s*=\s*"((?:[^"\\]|\\.)*)"')
URL_RE = re.compile(r"(?:https?|mailto|tel):[^\s)>\]]+|www\.[^\s)>\]]+")
# A file path given as a directive's argument ("../CHANGELOG.md", "_data/x.yaml").
PATH_RE = re.compile(r"\S*/\S*|\S+\.(?:md|rst|txt|ya?ml|json|csv|png|svg|jpe?g|pdf|epub)\b")

# Roles whose text is prose, unless it has an explicit target ("text <target>").
PROSE_ROLES = {"term", "tbc", "abbr", "sub", "sup", "strong", "emphasis"}
# Roles that name a target: only an explicit title ("title <target>") is prose.
TARGET_ROLES = {"doc", "ref", "numref", "download", "any", "contact", "phone"}
# Directive options whose value is prose.
PROSE_OPTIONS = {"alt", "caption"}
# Fenced directives whose body is not prose (page lists, data, code).
NON_PROSE_DIRECTIVES = {
    "toctree",
    "code-block",
    "code",
    "sourcecode",
    "literalinclude",
    "include",
    "math",
    "raw",
    "csv-table",
    "list-table-data",
    "tbc-list",
    "contact-list",
    "image",
}


def role_text(match: re.Match[str]) -> str:
    name, content = match.group(1).split(":")[-1], match.group(2)
    explicit = re.match(r"^(.*?)\s*<[^<>]*>$", content, flags=re.S)
    if explicit:
        return explicit.group(1)
    if name in PROSE_ROLES:
        return content
    return " "


def inline_prose(line: str) -> str:
    """The words of one line of Markdown, without markup, targets or addresses."""
    line = ROLE_RE.sub(role_text, line)
    line = re.sub(r"`[^`]*`", " ", line)  # inline code
    line = re.sub(r"<(?:https?|mailto|tel):[^>]*>", " ", line)  # autolinks
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [text](target)
    line = re.sub(r"\{[#.][^{}]*\}", " ", line)  # inline attributes
    line = URL_RE.sub(" ", line)
    return line


def prose_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, prose) for every line of a page that a reader sees as text."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
    # Stack of open fences: (kind, marker length, directive name or None).
    stack: list[tuple[str, int, str | None]] = []
    at_options = False  # just after a directive's opening line, where options go

    def skipping() -> bool:
        return any(kind == "code" or (name in NON_PROSE_DIRECTIVES) for kind, _, name in stack)

    for number, line in enumerate(lines[start:], start=start + 1):
        top = stack[-1] if stack else None
        # Closing or opening a backtick fence.
        fence = BACKTICK_FENCE_RE.match(line)
        if fence:
            marker = fence.group(1)
            plain = not fence.group(2) and not fence.group(4).strip()
            if top and top[0] in {"code", "backtick"} and plain and len(marker) >= top[1]:
                stack.pop()
                at_options = False
                continue
            if not (top and top[0] == "code"):
                name = fence.group(3)
                if name is None:
                    stack.append(("code", len(marker), None))
                else:
                    stack.append(("backtick", len(marker), name))
                    at_options = True
                    title = PATH_RE.sub(" ", fence.group(4)).strip()
                    if title and not skipping():
                        yield number, inline_prose(title)
                continue
        if top and top[0] == "code":
            continue
        # Colon fences (directives whose body is Markdown).
        if not (top and top[0] == "backtick" and top[2] == "graphviz"):
            closing = COLON_CLOSE_RE.match(line)
            if closing and top and top[0] == "colon" and len(closing.group(1)) >= top[1]:
                stack.pop()
                at_options = False
                continue
            opening = COLON_OPEN_RE.match(line)
            if opening:
                stack.append(("colon", len(opening.group(1)), opening.group(2)))
                at_options = True
                title = PATH_RE.sub(" ", opening.group(3)).strip()
                if title and not skipping():
                    yield number, inline_prose(title)
                continue
        if at_options:
            option = OPTION_RE.match(line)
            if option:
                if option.group(1) in PROSE_OPTIONS and not skipping():
                    yield number, inline_prose(option.group(2))
                continue
            at_options = False
        if skipping():
            continue
        top = stack[-1] if stack else None
        if top and top[0] == "backtick" and top[2] == "graphviz":
            # DOT source: only the labels are text a reader sees.
            for label in DOT_LABEL_RE.findall(line):
                yield number, label.replace("\\n", " ")
            continue
        if LABEL_RE.match(line):
            continue
        if ATTR_LINE_RE.match(line):
            for value in ATTRIBUTION_RE.findall(line):
                yield number, inline_prose(value)
            continue
        yield number, inline_prose(line)


# -- Spelling ----------------------------------------------------------------------------
# cspell with the pinned @cspell/dict-en-gb-ise dictionary (package-lock.json) and the project
# word list, configured in cspell.json without cspell's default dictionaries: the same
# verdict on every machine, whatever dictionaries the operating system has.

CSPELL = ROOT / "node_modules" / ".bin" / "cspell"
CSPELL_CONFIG = ROOT / "cspell.json"
CSPELL_REPORT_RE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+) - Unknown word \((?P<word>.+)\)$"
)


def misspellings_of(pages: dict[str, str]) -> list[str]:
    """Every unknown word of each page's prose, as 'file:line:word', in one cspell run.

    Only the prose is checked (``prose_lines``: no markup, targets, addresses or code), each
    line at its own line number, so that a report points at the line of the page.
    """
    if not CSPELL.exists():
        pytest.fail(f"{rel(CSPELL)} is missing: run `make test`, which installs it (npm ci)")
    names: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, text) in enumerate(pages.items()):
            lines = [""] * (text.count("\n") + 1)
            for number, prose in prose_lines(text):
                lines[number - 1] = prose.replace("\u2019", "'").replace("\u2018", "'")
            file = f"{index:04d}.txt"
            Path(tmp, file).write_text("\n".join(lines), encoding="utf-8")
            names[file] = name
        result = subprocess.run(
            [str(CSPELL), "lint", "--config", str(CSPELL_CONFIG), "--root", tmp,
             "--no-progress", "--no-summary", "--no-color", "--no-gitignore", *sorted(names)],
            cwd=tmp, capture_output=True, text=True, check=False,
        )  # fmt: skip
    if result.returncode not in (0, 1):
        pytest.fail(f"cspell failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    found = []
    for line in result.stdout.splitlines():
        match = CSPELL_REPORT_RE.match(line.strip())
        if match is None:
            pytest.fail(f"unexpected cspell output: {line!r}")
        key = (match["file"], int(match["line"]), int(match["col"]))
        found.append((key, f"{names[match['file']]}:{match['line']}:{match['word']}"))
    if result.returncode == 1 and not found:
        pytest.fail(f"cspell reported a problem it did not name:\n{result.stderr}")
    return [report for _, report in sorted(found)]


def misspellings(text: str, name: str = "<text>") -> list[str]:
    """Every unknown word of one page, as 'file:line:word'."""
    return misspellings_of({name: text})


def test_spelling_is_british() -> None:
    errors = misspellings_of({rel(page): page.read_text(encoding="utf-8") for page in PAGES})
    assert not errors, (
        "Unknown words (use British spelling, or add a real name or term to "
        f"{rel(WORDLIST)}):\n" + "\n".join(errors)
    )


def test_spell_check_catches_american_spelling() -> None:
    text = "---\nowner: x\n---\n\n# Title\n\nWe organize the color of the programme.\n"
    assert misspellings(text, "sample.md") == ["sample.md:7:organize", "sample.md:7:color"]


def test_spell_check_ignores_markup_targets_and_addresses() -> None:
    text = "\n".join(
        [
            "(some-labell)=",
            "## A heading",
            "",
            "See {doc}`whatt-to-doo` and {ref}`the right page <xyzzy-labl>`.",
            "Call {contact}`nspcc-helplne`. Visit <http://www.northwalessafeguardingboard.wales/>.",
            "A {term}`safeguarding lead` and a {tbc}`note to confirm`.",
            "",
            "```{graphviz}",
            ":alt: A flow chart",
            'digraph g { nodee [labell=x, label="Speak to the lead"]; }',
            "```",
            "",
            "```python",
            "colorz = organize()",
            "```",
            "",
            ":::{includde} ../CHANGELOGG.md",
            ":::",
            ":::{what-to-do}",
            ":class: somethng",
            "Speak to the lead.",
            ":::",
        ]
    )
    assert misspellings(text) == []
    assert misspellings(text.replace("Speak to the lead.", "Speak to the leed.")) == [
        "<text>:21:leed"
    ]
    assert misspellings(text.replace(":alt: A flow chart", ":alt: A flow chartt")) == [
        "<text>:9:chartt"
    ]


# -- Glossary ----------------------------------------------------------------------------

TERM_ROLE_RE = re.compile(r"\{term\}`([^`]*)`")


def glossary_terms() -> list[str]:
    text = (SOURCE / "glossary.md").read_text(encoding="utf-8")
    terms: list[str] = []
    inside = False
    for line in text.splitlines():
        if re.match(r"^\s*(:{3,}|`{3,})\s*\{glossary\}", line):
            inside = True
            continue
        if inside and re.match(r"^\s*(:{3,}|`{3,})\s*$", line):
            inside = False
            continue
        if inside and line.strip() and not line[0].isspace() and not OPTION_RE.match(line):
            terms.append(line.strip())
    return terms


def term_target(content: str) -> str:
    explicit = re.match(r"^.*?<([^<>]*)>$", content, flags=re.S)
    return (explicit.group(1) if explicit else content).strip().lower()


def term_uses(exclude_glossary: bool) -> dict[str, list[str]]:
    uses: dict[str, list[str]] = {}
    for page in PAGES:
        if exclude_glossary and page.name == "glossary.md":
            continue
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for content in TERM_ROLE_RE.findall(line):
                uses.setdefault(term_target(content), []).append(f"{rel(page)}:{number}")
    return uses


def test_glossary_has_terms(handbook_build: Build) -> None:
    """Every term of the source's glossary is a term of the built one, and no other: the
    reading of the source above (which the next tests rely on) misses none."""
    terms = glossary_terms()
    assert len(terms) >= 10
    built = BeautifulSoup(
        (handbook_build.html / "glossary.html").read_text(encoding="utf-8"), "html.parser"
    )
    shown = [term.get_text(" ", strip=True) for term in built.select("dl.glossary > dt")]
    assert len(shown) == len(terms), (len(shown), len(terms))


def test_every_glossary_term_is_used() -> None:
    uses = term_uses(exclude_glossary=True)
    unused = [t for t in glossary_terms() if t.lower() not in uses]
    assert not unused, "Glossary terms never linked with {term} on another page: " + ", ".join(
        unused
    )


def test_every_term_link_is_in_the_glossary() -> None:
    terms = {t.lower() for t in glossary_terms()}
    unknown = {
        f"{where}: {target}"
        for target, places in term_uses(exclude_glossary=False).items()
        if target not in terms
        for where in places
    }
    assert not unknown, "{term} links to terms not in the glossary:\n" + "\n".join(sorted(unknown))


# -- The 2017 definition -----------------------------------------------------------------


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def block_quotes(text: str) -> list[str]:
    quotes: list[str] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if line.lstrip().startswith(">"):
            current = [] if current is None else current
            current.append(line.lstrip()[1:])
        elif current is not None:
            quotes.append(normalise(" ".join(current)))
            current = None
    if current is not None:
        quotes.append(normalise(" ".join(current)))
    return quotes


#: each nation's definition, its name in messages, and passages no other page may quote
DEFINITIONS = {
    "england": (
        DEFINITION,
        "the 2017 definition",
        (DEFINITION[len("Child sexual exploitation is ") : 120],),
    ),
    "wales": (
        WALES_DEFINITION,
        "the Wales definition",
        # two distinctive passages of the Welsh definition
        (
            "any form of sexual activity with a child; the production of indecent images",
            "giving or withdrawal of something; such as the withdrawal of violence",
        ),
    ),
}


@pytest.mark.parametrize("nation", DEFINITIONS)
def test_definition_is_quoted_verbatim_once(nation: str) -> None:
    definition, name, _ = DEFINITIONS[nation]
    page = SOURCE / "what-is-cse.md"
    text = page.read_text(encoding="utf-8")
    quotes = block_quotes(text)
    assert quotes.count(definition) == 1, (
        f"{rel(page)}: {name} must be a block quote of its own, word for word"
    )
    flat = normalise(re.sub(r"(?m)^\s*>", " ", text))
    assert flat.count(definition) == 1, f"{rel(page)}: {name} appears more than once"


@pytest.mark.parametrize("nation", DEFINITIONS)
def test_definition_is_quoted_on_no_other_page(nation: str) -> None:
    _, name, passages = DEFINITIONS[nation]
    cores = [normalise(passage) for passage in passages]
    for page in PAGES:
        if page.name == "what-is-cse.md":
            continue
        flat = normalise(re.sub(r"(?m)^\s*>", " ", page.read_text(encoding="utf-8")))
        for core in cores:
            assert core not in flat, f"{rel(page)}: quote {name} only on what-is-cse.md"


# -- Links and headings ------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=page_ids(PAGES))
def test_no_link_to_hash(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    bad = [n for n, line in enumerate(text.splitlines(), 1) if re.search(r"\]\(\s*#\s*\)", line)]
    assert not bad, f"{rel(page)}: link to '#' on line(s) {bad}; mark the address with {{tbc}}"


@pytest.mark.parametrize("page", PAGES, ids=page_ids(PAGES))
def test_headings_do_not_skip_levels(page: Path) -> None:
    levels: list[tuple[int, int]] = []
    in_code = False
    fence_re = re.compile(r"^\s*(`{3,}|~{3,})")
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if fence_re.match(line):
            in_code = not in_code
            continue
        heading = re.match(r"^(#{1,6})\s+\S", line)
        if heading and not in_code:
            levels.append((number, len(heading.group(1))))
    assert levels and levels[0][1] == 1, f"{rel(page)}: the first heading must be a '#' title"
    assert sum(1 for _, level in levels if level == 1) == 1, f"{rel(page)}: one '#' title only"
    for (_, previous), (number, level) in itertools.pairwise(levels):
        assert level <= previous + 1, f"{rel(page)}:{number}: heading skips a level"
