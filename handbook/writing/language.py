"""The language check: phrases that put responsibility on the child for their own abuse.

The list lives in ``source/_data/language.yaml`` (``handbook_language_file``, relative to the
source folder): each phrase with the forms to look for, a suggested alternative and a short
reason, in the spirit of the CSE Taskforce's appropriate-language guide (2024).

- As a Sphinx extension, every page read by every builder is checked on ``source-read``;
  each finding is a warning at ``file:line`` that names the suggestion, so ``-W`` fails the
  build.
- From the command line (pre-commit), ``python -m handbook.writing.language source/`` prints
  ``file:line: "phrase" -> suggestion`` for each finding and exits 1 when there is any.

Matching ignores case and allows a plural "s", a hyphen for a space and a line break inside
a phrase. Not checked: the front matter, code blocks, inline code, HTML comments, block
quotes (the verbatim 2017 definition) and any line that carries ``<!-- language: allow -->``.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import yaml
from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.util import logging

from .data_lines import load_with_lines

__version__: Final = "1.0.0"

logger = logging.getLogger(__name__)

#: Where the list is, relative to the source folder.
DATA_FILE_DEFAULT: Final = "_data/language.yaml"
#: The bibliography every entry's source must be in, relative to the source folder.
BIB_DEFAULT: Final = "_data/references.bib"
#: Put this on a line that discusses a phrase on purpose.
ALLOW_MARKER: Final = "<!-- language: allow -->"

_ALTERNATIVES_RE: Final = re.compile(r"\{([^{}]*)\}")
_FENCE_RE: Final = re.compile(r"^\s*(`{3,}|~{3,})\s*(\{([\w:-]+)\})?")
#: Fenced directives whose body is code or data, not prose.
_CODE_DIRECTIVES: Final = frozenset({"code", "code-block", "sourcecode", "literalinclude", "raw"})
_INLINE_CODE_RE: Final = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HTML_COMMENT_RE: Final = re.compile(r"<!--.*?-->")
# Between the words of a phrase: spaces, tabs, hyphens and at most one line break in a row
# (a blank line ends a paragraph).
_GAP: Final = r"(?:[ \t\-]|\n(?![ \t]*\n))+"


class LanguageDataError(ValueError):
    """The data file is missing or not in the expected shape."""


@dataclasses.dataclass(frozen=True)
class Phrase:
    """One entry of the data file."""

    phrase: str
    forms: tuple[str, ...]
    suggestion: str
    why: str
    pattern: re.Pattern[str]
    #: key of the bibliography entry that supports the entry
    source: str = ""
    #: "phrase": the source names this phrase (or its like); "principle": the source states
    #: the principle only, and the phrase itself is still to be confirmed against it
    support: str = "phrase"
    #: line of the entry in the data file
    line: int = 0


@dataclasses.dataclass(frozen=True)
class Finding:
    """A phrase found in a page."""

    line: int
    found: str
    phrase: Phrase

    def message(self) -> str:
        stop = "" if self.phrase.suggestion.endswith((".", "!", "?")) else "."
        return f'"{self.found}" -> {self.phrase.suggestion}{stop} Why: {self.phrase.why}'


def _expand(form: str) -> list[str]:
    """Every literal variant of a form with ``{a|b}`` alternatives."""
    parts = _ALTERNATIVES_RE.split(form)
    # split() alternates literal text and the inside of each {...}
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    return ["".join(combo) for combo in itertools.product(*choices)]


def form_regex(form: str) -> str:
    """Regular expression (no flags) for one form of a phrase."""
    variants = []
    for variant in _expand(form):
        words = [w for w in re.split(r"[\s\-]+", variant.strip()) if w]
        if not words:
            raise LanguageDataError(f"empty form in {form!r}")
        variants.append(_GAP.join(re.escape(w) for w in words))
    alternatives = "|".join(sorted(variants, key=len, reverse=True))
    return rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w-])"


#: the fields of an entry; ``support`` may be left out (it is then "phrase")
FIELDS: Final = ("phrase", "forms", "suggestion", "why", "source")
SUPPORT: Final = ("phrase", "principle")


def load_phrases(path: Path, bib_keys: set[str] | None = None) -> list[Phrase]:
    """Read and check the data file.

    Every entry names its ``source``, a key of the bibliography; when ``bib_keys`` is given
    (the build knows the bibliography), a key that is not one of them is an error too. Each
    error names the file and the line of the entry.
    """
    try:
        text = path.read_text(encoding="utf-8")
        data, lines = load_with_lines(text, "phrases")
    except OSError as err:
        raise LanguageDataError(f"{path}: cannot read the language list ({err})") from err
    except yaml.YAMLError as err:
        raise LanguageDataError(f"{path}: not valid YAML: {err}") from err
    entries = data.get("phrases") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise LanguageDataError(f"{path}: expected a non-empty list under 'phrases'")
    phrases: list[Phrase] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        line = lines[number - 1] if number <= len(lines) else 0
        where = f"{path}:{line}: entry {number}"
        if not isinstance(entry, dict):
            raise LanguageDataError(f"{where}: not a mapping")
        missing = [k for k in FIELDS if not entry.get(k)]
        if missing:
            raise LanguageDataError(f"{where}: missing {', '.join(missing)}")
        unknown = set(entry) - {*FIELDS, "support"}
        if unknown:
            raise LanguageDataError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        forms = entry["forms"]
        if not isinstance(forms, list) or not all(isinstance(f, str) and f for f in forms):
            raise LanguageDataError(f"{where}: 'forms' must be a list of phrases")
        name = str(entry["phrase"])
        if name.lower() in seen:
            raise LanguageDataError(f"{where}: phrase {name!r} is listed twice")
        seen.add(name.lower())
        source = str(entry["source"])
        if bib_keys is not None and source not in bib_keys:
            raise LanguageDataError(
                f"{where}: source {source!r} is not a key of the bibliography "
                "(source/_data/references.bib)"
            )
        support = str(entry.get("support", "phrase"))
        if support not in SUPPORT:
            raise LanguageDataError(f"{where}: support must be one of {', '.join(SUPPORT)}")
        pattern = re.compile(
            "|".join(f"(?:{form_regex(f)})" for f in forms), re.IGNORECASE | re.UNICODE
        )
        phrases.append(
            Phrase(
                name,
                tuple(forms),
                str(entry["suggestion"]),
                str(entry["why"]),
                pattern,
                source=source,
                support=support,
                line=line,
            )
        )
    return phrases


# --- the same rules in the reader's browser (the "Check my wording" page) ----------------


def js_pattern(phrase: Phrase) -> str:
    """The phrase's pattern for JavaScript's ``RegExp(source, "giu")``.

    The same expression as Python's, made by the same code: only ``\\w`` is spelt out, since
    JavaScript's ``\\w`` knows ASCII letters only where Python's knows every letter.
    """
    return phrase.pattern.pattern.replace(r"[\w-]", r"[\p{L}\p{N}_-]")


@dataclasses.dataclass(frozen=True)
class Mark:
    """A phrase found in a reader's text: where, what and which entry."""

    start: int
    end: int
    found: str
    phrase: Phrase


def marks(text: str, phrases: Iterable[Phrase]) -> list[Mark]:
    """Every phrase in a plain text, in order, none overlapping another.

    Where two overlap, the one that starts first wins, and of two that start together the
    longer (then the earlier entry). ``wording-check.js`` does exactly this.
    """
    found: list[tuple[int, int, int, Phrase]] = []
    for index, phrase in enumerate(phrases):
        for match in phrase.pattern.finditer(text):
            found.append((match.start(), -match.end(), index, phrase))
    found.sort(key=lambda item: (item[0], item[1], item[2]))
    result: list[Mark] = []
    for start, negative_end, _index, phrase in found:
        if result and start < result[-1].end:
            continue
        result.append(Mark(start, -negative_end, text[start:-negative_end], phrase))
    return result


def checked_text(text: str) -> str:
    """The page with everything that is not checked blanked out; line numbers are kept."""
    lines = text.split("\n")
    out: list[str] = []
    in_front_matter = bool(lines) and lines[0].strip() == "---"
    code_depth = 0
    fences: list[tuple[str, bool]] = []  # open fences: (marker, is code)
    for index, line in enumerate(lines):
        if in_front_matter:
            out.append("")
            if index > 0 and line.strip() == "---":
                in_front_matter = False
            continue
        match = _FENCE_RE.match(line)
        if match:
            marker = match.group(1)
            fence = fences[-1] if fences else None
            closes = (
                fence is not None
                and line.strip() == marker[0] * len(line.strip())
                and marker[0] == fence[0][0]
                and len(marker) >= len(fence[0])
            )
            if closes and fence is not None:
                fences.pop()
                code_depth -= fence[1]
            elif not code_depth:
                name = match.group(3)
                is_code = name is None or name in _CODE_DIRECTIVES
                fences.append((marker, is_code))
                code_depth += is_code
            out.append("")
            continue
        if code_depth or line.lstrip().startswith(">") or ALLOW_MARKER in line:
            out.append("")
            continue
        line = _HTML_COMMENT_RE.sub(lambda m: " " * len(m.group(0)), line)
        line = _INLINE_CODE_RE.sub(lambda m: " " * len(m.group(0)), line)
        out.append(line)
    return "\n".join(out)


def check_text(text: str, phrases: Iterable[Phrase]) -> list[Finding]:
    """Every finding in a page's text, in the order of the page."""
    checked = checked_text(text)
    findings = []
    for phrase in phrases:
        for match in phrase.pattern.finditer(checked):
            line = checked.count("\n", 0, match.start()) + 1
            found = re.sub(r"\s+", " ", match.group(0))
            findings.append(Finding(line, found, phrase))
    findings.sort(key=lambda f: (f.line, f.found.lower()))
    return findings


# --- Sphinx extension ----------------------------------------------------------------


def data_path(app: Sphinx) -> Path:
    relative: str = app.config.handbook_language_file
    return (Path(app.srcdir) / relative).resolve()


def bibliography_keys(app: Sphinx) -> set[str] | None:
    """The keys of the build's bibliography, or None when the build has none."""
    from .bibliography import bibliography_keys as keys_of

    files = [Path(p) for p in getattr(app.config, "bibtex_bibfiles", None) or []]
    if not files:
        return None
    return keys_of([p if p.is_absolute() else Path(app.srcdir) / p for p in files])


def load_once(app: Sphinx) -> None:
    """Forget the phrases of an earlier build: they are read when the first page is."""
    app.handbook_language = None  # type: ignore[attr-defined]
    # where they were kept before: saved with the environment, compiled again on loading
    app.env.__dict__.pop("handbook_language", None)


def phrases_of(app: Sphinx) -> list[Phrase]:
    """The phrases, read (and their patterns compiled) once a build, when a page is read.

    Kept on the application, not the environment: the environment is saved after every
    build and loaded before the next, and loading compiled patterns compiles them again,
    which a rebuild that reads no page, or one, would pay for nothing.
    """
    phrases: list[Phrase] | None = getattr(app, "handbook_language", None)
    if phrases is None:
        try:
            phrases = load_phrases(data_path(app), bibliography_keys(app))
        except LanguageDataError as err:
            raise ConfigError(str(err)) from err
        app.handbook_language = phrases  # type: ignore[attr-defined]
    return phrases


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: warn about each phrase, at the page's file and line."""
    phrases = phrases_of(app)
    app.env.note_dependency(str(data_path(app)))
    for finding in check_text(source[0], phrases):
        logger.warning(
            "language: %s",
            finding.message(),
            location=(docname, finding.line),
            type="handbook",
            subtype="language",
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("handbook_language_file", DATA_FILE_DEFAULT, "env", str)
    app.connect("builder-inited", load_once)
    app.connect("source-read", check_source)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


# --- command line ----------------------------------------------------------------------


def pages(paths: Sequence[Path]) -> Iterator[Path]:
    """The Markdown pages among the paths (folders are searched; ``_`` folders skipped)."""
    for path in paths:
        if path.is_dir():
            for page in sorted(path.rglob("*.md")):
                relative = page.relative_to(path)
                if not any(part.startswith(("_", ".")) for part in relative.parts[:-1]):
                    yield page
        elif path.suffix == ".md":
            yield path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.writing.language",
        description="Flag phrases that put responsibility on the child, with what to write instead.",
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("source")],
                        help="pages or folders (default: source)")  # fmt: skip
    parser.add_argument("--data", type=Path, default=None,
                        help=f"the list (default: source/{DATA_FILE_DEFAULT})")  # fmt: skip
    parser.add_argument("--bib", type=Path, default=None,
                        help=f"the bibliography the sources must be in (default: source/{BIB_DEFAULT})")  # fmt: skip
    args = parser.parse_args(argv)
    data = args.data or Path("source") / DATA_FILE_DEFAULT
    bib = args.bib or Path("source") / BIB_DEFAULT
    try:
        keys = None
        if bib.is_file():
            from .bibliography import bibliography_keys as keys_of

            keys = keys_of([bib])
        phrases = load_phrases(data, keys)
    except LanguageDataError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    count = 0
    for page in pages(args.paths):
        for finding in check_text(page.read_text(encoding="utf-8"), phrases):
            count += 1
            print(f"{page}:{finding.line}: {finding.message()}")
    if count:
        print(
            f"\n{count} phrase(s) that put responsibility on the child. Reword them; if a line "
            f"discusses a phrase on purpose, end it with {ALLOW_MARKER} "
            "(docs/content-model.md).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
