"""The interface's messages, in one catalogue: ``python -m handbook.translation.interface OUT.pot``.

Everything a reader sees around the pages' own text (furo's templates, the handbook's
templates and code) is translated through Sphinx's ``sphinx`` catalogue:
``locales/<language>/LC_MESSAGES/sphinx.po`` is read before Sphinx's own, so one file holds
every interface message of an edition. Sphinx's gettext builder collects only the project's
``templates_path``; this extracts, with Babel, from

- furo's templates, and the sphinx-basic-ng templates furo's own extend;
- the handbook's templates (``_templates/``, the ePub and PDF themes and package templates);
- the handbook's Python code: ``_()`` from :mod:`sphinx.locale` (reader-visible text) and
  ``N_()`` below (messages Sphinx itself shows readers but its own Welsh catalogue leaves
  untranslated). ``__()`` is for the build's console and stays English.

The ``.pot`` is sorted and carries file names without line numbers or dates, so it changes
only when a message does (``make gettext`` then ``make update-translations``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import furo
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

ROOT: Final = Path(__file__).resolve().parents[2]
FURO_THEME: Final = Path(furo.__file__).parent / "theme" / "furo"
#: furo's templates extend these with ``{% extends "basic-ng/..." %}``
BASIC_NG_THEME: Final = FURO_THEME.parent.parent.parent / "sphinx_basic_ng" / "theme"
EXTENDS_BASIC_NG: Final = re.compile(r"""{%-?\s*extends\s+["'](basic-ng/[^"']+)["']""")
TEMPLATE_KEYWORDS: Final = {"_": None, "gettext": None, "ngettext": (1, 2)}
PYTHON_KEYWORDS: Final = {"_": None, "N_": None, "N_plural": (1, 2), "pgettext": ((1, "c"), 2)}
JINJA: Final = "jinja2.ext:babel_extract"
PYTHON: Final = "python"
COMMENT_TAGS: Final = ["Translators:"]
#: a fixed date: the template changes only when a message does
POT_DATE: Final = datetime(2026, 1, 1, tzinfo=UTC)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural for the catalogue without translating it here."""
    return singular, plural


#: What Sphinx's search page says in its script (searchtools.js), which its own Welsh
#: catalogue leaves empty; handbook.translation.search gives the site's script the
#: handbook's translation.
SEARCH_MESSAGES: Final = (
    N_plural(
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ),
)

#: What Sphinx itself writes into the handbook's pages and books, which its own Welsh
#: catalogue leaves empty (Sphinx 9.0). Listed here so that the handbook's catalogue,
#: read first, gives them.
SPHINX_MESSAGES: Final = (
    N_("Link to this heading"),
    N_("Link to this table"),
    N_("Link to this image"),
    N_("Link to this term"),
    N_("Link to this definition"),
    N_("Link to this code"),
    N_("Table of Contents"),
    N_("Please activate JavaScript to enable the search functionality."),
)


def furo_templates() -> list[tuple[Path, str]]:
    """furo's templates, and the basic-ng templates they extend, with a stable name each."""
    found = [(path, f"furo/{path.relative_to(FURO_THEME)}") for path in FURO_THEME.rglob("*.html")]
    extended = {
        name
        for path, _ in found
        for name in EXTENDS_BASIC_NG.findall(path.read_text(encoding="utf-8"))
    }
    found += [(BASIC_NG_THEME / name, name) for name in extended]
    return found


def handbook_templates(root: Path) -> list[tuple[Path, str]]:
    """The handbook's own templates: ``_templates/`` and the editions' themes and templates."""
    paths = [*root.glob("_templates/**/*.html")]
    paths += [p for p in root.glob("handbook/**/theme/**/*.html")]
    paths += [p for p in root.glob("handbook/**/templates/**/*") if p.suffix in {".html", ".jinja"}]
    return [(path, path.relative_to(root).as_posix()) for path in paths if path.is_file()]


def handbook_python(root: Path) -> list[tuple[Path, str]]:
    """The handbook's Python code: every module may show a reader something."""
    return [(path, path.relative_to(root).as_posix()) for path in root.glob("handbook/**/*.py")]


Message = tuple[str, str | tuple[str, ...], list[str], str | None]


def messages(root: Path = ROOT) -> Iterator[tuple[str, Any, list[str], str | None]]:
    """Every message: (file name, message, translator comments, context)."""
    sources = [(p, n, JINJA) for p, n in [*furo_templates(), *handbook_templates(root)]]
    sources += [(p, n, PYTHON) for p, n in handbook_python(root)]
    for path, name, method in sorted(sources, key=lambda source: source[1]):
        keywords = TEMPLATE_KEYWORDS if method == JINJA else PYTHON_KEYWORDS
        for _lineno, message, comments, context in extract_from_file(
            method,
            str(path),
            keywords=keywords,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            yield name, message, comments, context


def catalogue(root: Path = ROOT) -> Catalog:
    """The interface's catalogue template, one entry a message, every file it comes from."""
    catalog = Catalog(
        project="CSE practice handbook (interface)",
        copyright_holder="CSE handbook editorial team",
        version="1.0",
        creation_date=POT_DATE,
        revision_date=POT_DATE,
        fuzzy=False,
    )
    for name, message, comments, context in messages(root):
        # Babel flags %-placeholders python-format itself, so msgfmt checks them; a file
        # name with no line (None), so editing a file does not churn the catalogue
        location: Any = (name, None)
        catalog.add(message, locations=[location], auto_comments=comments, context=context)
    return catalog


def write(target: Path, root: Path = ROOT) -> int:
    """Write the ``.pot``; return how many messages it holds."""
    catalog = catalogue(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as pot:
        write_po(pot, catalog, width=99, sort_output=True, include_lineno=False)
    return len(catalog)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.translation.interface",
        description="Extract the interface's messages (furo, the handbook's templates and "
        "code) into one .pot file.",
    )
    parser.add_argument(
        "pot", type=Path, help="the .pot file to write, e.g. _build/gettext/sphinx.pot"
    )
    args = parser.parse_args(argv)
    count = write(args.pot)
    print(f"interface: {count} messages written to {args.pot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
